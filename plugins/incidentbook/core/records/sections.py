"""Post-mortem sections found in a record's Markdown body.

Teams come from Google's, Atlassian's or PagerDuty's templates, so each canonical section accepts the
headings those templates use (REFERENCE.md section 3.1).
"""

from __future__ import annotations

import re

SECTION_TITLES = {
    "summary": "Summary",
    "impact": "Impact",
    "detection": "Detection",
    "chronology": "Chronology",
    "contributors": "Contributors",
    "mitigators": "Mitigators",
    "learnings": "Learnings",
    "actions": "Follow-up actions",
}

ALIASES = {
    "summary": ["summary", "incident summary", "overview", "what happened", "executive summary"],
    "impact": ["impact", "customer impact", "user impact"],
    "detection": ["detection"],
    "chronology": ["chronology", "timeline", "incident timeline"],
    "contributors": [
        "contributors", "contributing factors", "root cause", "root causes", "trigger", "leadup",
        "fault", "five whys", "causes",
    ],
    "mitigators": ["mitigators", "mitigation", "resolution", "recovery", "where we got lucky"],
    "learnings": [
        "learnings", "lessons learned", "lessons learnt", "lessons", "conclusions", "how d we do",
        "what went well", "what went wrong",
    ],
    "actions": [
        "follow up actions", "follow ups", "action items", "actionables", "corrective actions", "actions",
    ],
}

REQUIRED_FOR_PUBLISHED = ("summary", "chronology", "contributors", "mitigators", "learnings")

# A fence line, or a heading of level 1 or 2: the only lines that matter to finding sections. Each
# match starts at the line break before the line: a literal that the search jumps to.
_MARKS = re.compile(r"\n(?:[ \t]*(`{3,}|~{3,})|#{1,2}[ \t]+(.+?)[ \t#]*$)", re.MULTILINE)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_LOOKUP = {alias: key for key, names in ALIASES.items() for alias in names}


def normalize_heading(text: str) -> str:
    """Lower-case words only, so "Root Causes", "root_causes" and "Root causes:" compare equal."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def canonical_section(heading: str) -> str | None:
    """The canonical section a heading stands for, or None."""
    return _LOOKUP.get(normalize_heading(heading))


def find_sections(body: str) -> dict[str, tuple[int, str]]:
    """Map canonical section -> (1-based line in the body, its text) for level 1-2 headings.

    Text runs to the next heading of level 1 or 2 outside code fences; a section named twice keeps its
    first occurrence. One regular expression finds the headings and fences: a post-mortem is mostly
    other lines, and looking at each of them in Python was most of the cost.
    """
    text = "\n" + body  # so that the first line too follows a line break
    found: dict[str, tuple[int, str]] = {}
    current: str | None = None
    start = text_start = 0
    line, counted = 0, 0  # line number at offset ``counted``
    fence: str | None = None
    for match in _MARKS.finditer(text):
        marker = match.group(1)
        if marker:
            if fence is None:
                fence = marker[0] * 3
            elif marker.startswith(fence):
                fence = None
            continue
        if fence:
            continue
        if current and current not in found:
            found[current] = (start, text[text_start : match.start()].strip())
        line += text.count("\n", counted, match.start() + 1)
        counted = match.start() + 1
        current, start, text_start = canonical_section(match.group(2)), line, match.end() + 1
    if current and current not in found:
        found[current] = (start, text[text_start:].strip())
    return found


def is_empty(text: str) -> bool:
    """True when a section holds nothing but white space or HTML comments (template placeholders)."""
    return not _COMMENT.sub("", text).strip()
