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

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
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

    Text runs to the next heading of level 1 or 2; a section named twice keeps its first occurrence.
    """
    found: dict[str, tuple[int, str]] = {}
    current: str | None = None
    start = 0
    buffer: list[str] = []
    fence: str | None = None

    def close() -> None:
        if current and current not in found:
            found[current] = (start, "\n".join(buffer).strip())

    for number, line in enumerate(body.split("\n"), start=1):
        # the substring tests skip the patterns on ordinary lines (most of a post-mortem)
        match = _FENCE.match(line) if ("```" in line or "~~~" in line) else None
        if match:
            marker = match.group(1)
            if fence is None:
                fence = marker[0] * 3
            elif marker.startswith(fence):
                fence = None
        heading = None if fence or match or not line.startswith("#") else _HEADING.match(line)
        if heading and len(heading.group(1)) <= 2:
            close()
            current, start, buffer = canonical_section(heading.group(2)), number, []
        else:
            buffer.append(line)
    close()
    return found


def is_empty(text: str) -> bool:
    """True when a section holds nothing but white space or HTML comments (template placeholders)."""
    return not _COMMENT.sub("", text).strip()
