"""GitHub workflow commands (annotations) and job summaries, escaped against injection.

Record text can hold ``::`` sequences; every property and message is escaped as GitHub documents, so
a record cannot issue workflow commands of its own.
"""

from __future__ import annotations

import os
from typing import Iterable

from .errors import Problem

INLINE_LIMIT = 10  # GitHub shows at most 10 annotations of each level per step


def escape_data(text: str) -> str:
    """GitHub workflow-command escaping of a message, so a newline or % cannot end or forge the command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escaping of a property value (file, title): ':' and ',' also separate properties there."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, path: str, line: int, col: int, message: str, title: str | None = None) -> str:
    """One ``::error``/``::warning``/``::notice`` line."""
    props = [f"file={escape_property(path)}", f"line={line}", f"col={col}"]
    if title:
        props.append(f"title={escape_property(title)}")
    return f"::{level} {','.join(props)}::{escape_data(message)}"


def annotate(level: str, problems: Iterable[Problem], title: str) -> list[str]:
    """Annotation lines for the first INLINE_LIMIT problems, plus a notice that points to the summary."""
    problems = list(problems)
    lines = [annotation(level, p.path, p.line, p.col, p.message, title) for p in problems[:INLINE_LIMIT]]
    if len(problems) > INLINE_LIMIT:
        lines.append(f"::notice::{escape_data(f'{len(problems) - INLINE_LIMIT} more: see the job summary for the full list')}")
    return lines


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;").replace(">", "&gt;")


def write_summary(heading: str, problems: Iterable[Problem], environ: dict[str, str] | None = None) -> bool:
    """Append the full list as a Markdown table to ``$GITHUB_STEP_SUMMARY``; False when it is not set."""
    env = os.environ if environ is None else environ
    target = env.get("GITHUB_STEP_SUMMARY")
    if not target:
        return False
    rows = [f"| `{_cell(p.path)}` | {p.line} | {_cell(p.message)} |" for p in problems]
    text = f"### {heading}\n\n| File | Line | Problem |\n|---|---|---|\n" + "\n".join(rows) + "\n\n"
    with open(target, "a", encoding="utf-8") as handle:
        handle.write(text)
    return True
