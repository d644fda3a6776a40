"""Create and change records without hand-editing YAML.

Edits go through ruamel.yaml's round-trip mode so comments, key order, quoting and the Markdown body
stay as people wrote them. Every edit is validated with the same loader as the build before the file
is written: a command never leaves a record that fails ``incidentbook check``.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .errors import UsageError, ValidationFailed
from .loader import check_record_text, read_book, read_catalog
from .model import INCIDENT_STATUSES, MAINTENANCE_STATUSES, TIMESTAMP_FIELDS
from .yamlio import YamlError, split_front_matter

SCHEMA_MODELINE = "# yaml-language-server: $schema={relative}plugins/incidentbook/schemas/record.schema.json"
POSTMORTEM_TEMPLATE = """
## Summary
<!-- What happened and who was affected, in two or three sentences. -->

## Impact
<!-- Customers, requests, money, data: numbers where you have them. -->

## Chronology
<!-- UTC times: what people saw, thought and did. -->

## Contributors
<!-- The conditions that made this possible; there is rarely a single root cause. -->

## Mitigators
<!-- What limited the impact or helped recovery. -->

## Learnings
<!-- What went well, what went badly, where we got lucky. -->

## Follow-up actions
<!-- Listed in the front matter under actions:, so the action index can chase them. -->
"""
DEFAULT_MESSAGES = {
    "investigating": "We are investigating this issue.",
    "identified": "The issue has been identified and a fix is being implemented.",
    "monitoring": "A fix has been implemented and we are monitoring the results.",
    "resolved": "This incident has been resolved.",
    "scheduled": "This maintenance is scheduled.",
    "in_progress": "The scheduled maintenance is in progress.",
    "verifying": "The maintenance work is done and we are verifying the results.",
    "completed": "The scheduled maintenance has been completed.",
}


class _Stamp(str):
    """A timestamp written as a plain YAML scalar (unquoted), as people write them."""


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.add_representer(
        _Stamp, lambda rep, data: rep.represent_scalar("tag:yaml.org,2002:timestamp", str(data))
    )
    return yaml


def stamp(moment: datetime) -> _Stamp:
    """A UTC timestamp in the form records use: 2026-03-14T09:41:00Z."""
    return _Stamp(moment.strftime("%Y-%m-%dT%H:%M:%SZ"))


def slugify(title: str, limit: int = 48) -> str:
    """Lowercase ASCII words joined by dashes, for file names and ids."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "incident"


def parse_component_args(values: list[str], allowed: tuple[str, ...]) -> dict[str, str]:
    """``["checkout=partial_outage"]`` -> ``{"checkout": "partial_outage"}``, with a clear error otherwise."""
    result: dict[str, str] = {}
    for value in values:
        component, _, status = (part.strip() for part in value.partition("="))
        if not component or status not in allowed:
            raise UsageError(f"--component {value!r}: write ID=STATUS, STATUS one of {', '.join(allowed)}")
        result[component] = status
    return result


@dataclass
class _Document:
    path: Path
    front: CommentedMap
    body: str
    yaml: YAML

    def text(self) -> str:
        out = io.StringIO()
        self.yaml.dump(self.front, out)
        return "---\n" + out.getvalue() + "---\n" + self.body


def _open(path: Path) -> _Document:
    yaml = _yaml()
    try:
        front = split_front_matter(path.read_text(encoding="utf-8"))
    except YamlError as exc:
        raise UsageError(f"{path}: {exc}") from None
    data = yaml.load(front.yaml_text)
    if not isinstance(data, CommentedMap):
        raise UsageError(f"{path}: the front matter is not a mapping; fix it with `incidentbook check` first")
    return _Document(path=path, front=data, body=front.body, yaml=yaml)


def _set_timestamp(front: CommentedMap, name: str, value: _Stamp) -> None:
    """Set a lifecycle timestamp, inserting it after the closest earlier one that exists."""
    if name in front:
        front[name] = value
        return
    position = len(front)
    earlier = TIMESTAMP_FIELDS[: TIMESTAMP_FIELDS.index(name)]  # lifecycle order
    present = [k for k in front if k in earlier]
    if present:
        position = list(front).index(present[-1]) + 1
    elif "updates" in front:
        position = list(front).index("updates")
    front.insert(position, name, value)


def _write_validated(records: Path, document: _Document) -> None:
    text = document.text()
    _, problems = check_record_text(records, document.path, text)
    if problems:
        raise ValidationFailed(problems)
    document.path.write_text(text, encoding="utf-8")


def find_record(records: Path, record_id: str) -> Path:
    """The file of a record: by file name first (fast), else by the ids of all valid records."""
    matches = [p for p in records.rglob(f"{record_id}.md") if p.is_file()]
    if len(matches) == 1:
        return matches[0]
    book, _ = read_book(records)
    record = book.by_id.get(record_id)
    if record is None:
        raise UsageError(f"no record with id {record_id!r} in {records}")
    return record.source


def create_record(
    records: Path,
    title: str,
    now: datetime,
    *,
    severity: str | None = None,
    components: dict[str, str] | None = None,
    visibility: str = "internal",
    message: str | None = None,
    public_title: str | None = None,
    maintenance_window: tuple[datetime, datetime] | None = None,
    lead: str | None = None,
) -> Path:
    """Write a new incident (or maintenance) record and return its path; nothing is written if invalid."""
    catalog, problems = read_catalog(records)
    if problems:
        raise ValidationFailed(problems)
    components = components or {}
    for component in components:
        if component not in catalog.component_by_id:
            raise UsageError(f"unknown component {component!r}; the catalog has: {', '.join(catalog.component_by_id)}")
    is_maintenance = maintenance_window is not None
    if not is_maintenance:
        if severity is None:
            raise UsageError(f"--severity is required for an incident: one of {', '.join(catalog.severity_by_id)}")
        if severity not in catalog.severity_by_id:
            raise UsageError(f"unknown severity {severity!r}; the catalog has: {', '.join(catalog.severity_by_id)}")
    begins = maintenance_window[0] if maintenance_window else now
    folder = records / f"{begins:%Y}"
    base = f"{begins:%Y-%m-%d}-{slugify(title)}"
    path = folder / f"{base}.md"
    counter = 2
    while path.exists():
        path, counter = folder / f"{base}-{counter}.md", counter + 1

    front = CommentedMap()
    front["title"] = title
    if is_maintenance:
        front["type"] = "maintenance"
        front["status"] = "scheduled"
    else:
        front["severity"] = severity
        front["status"] = "investigating"
    front["visibility"] = visibility
    if public_title:
        front["public"] = CommentedMap(title=public_title)
    if components:
        front["components"] = CommentedMap(components)
    if is_maintenance:
        assert maintenance_window is not None
        front["scheduled_start"] = stamp(maintenance_window[0])
        front["scheduled_end"] = stamp(maintenance_window[1])
    else:
        front["started"] = stamp(now)
    front["updates"] = CommentedSeq([_new_update(now, "scheduled" if is_maintenance else "investigating", message)])
    if lead:
        front["lead"] = lead
    depth = len(path.relative_to(records).parts)
    modeline = SCHEMA_MODELINE.format(relative="../" * depth)
    yaml = _yaml()
    document = _Document(path=path, front=front, body="" if is_maintenance else POSTMORTEM_TEMPLATE, yaml=yaml)
    text = document.text().replace("---\n", f"---\n{modeline}\n", 1)
    _, problems = check_record_text(records, path, text)
    if problems:
        raise ValidationFailed(problems)
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def update_record(
    records: Path,
    record_id: str,
    status: str,
    now: datetime,
    *,
    message: str | None = None,
    components: dict[str, str] | None = None,
) -> Path:
    """Append a public update, set the status and the lifecycle timestamp it implies."""
    path = find_record(records, record_id)
    document = _open(path)
    kind = document.front.get("type", "incident")
    allowed = MAINTENANCE_STATUSES if kind == "maintenance" else INCIDENT_STATUSES
    if status not in allowed:
        raise UsageError(f"--status for a {kind} must be one of {', '.join(allowed)}")
    _append_update(records, document, status, now, message, components)
    return path


def _new_update(now: datetime, status: str, message: str | None) -> CommentedMap:
    update = CommentedMap()
    update["at"] = stamp(now)
    update["status"] = status
    update["message"] = message or DEFAULT_MESSAGES[status]
    return update


def _append_update(
    records: Path, document: _Document, status: str, now: datetime, message: str | None, components: dict[str, str] | None
) -> None:
    """Append the update to an opened record, set its status and timestamps, and write it if still valid."""
    front = document.front
    kind = front.get("type", "incident")
    update = _new_update(now, status, message)
    if components:
        update["components"] = CommentedMap(components)
        declared = front.setdefault("components", CommentedMap())
        for component, value in components.items():
            if value != "operational" and component not in declared:
                declared[component] = value
    updates = front.get("updates")
    if not isinstance(updates, list):
        updates = CommentedSeq()
        front["updates"] = updates
    updates.append(update)
    front["status"] = status
    if kind == "incident":
        # identified/monitoring/resolved imply the impact was mitigated; resolved also closes it.
        if status in ("identified", "monitoring", "resolved") and "mitigated" not in front:
            _set_timestamp(front, "mitigated", stamp(now))
        if status == "resolved":
            _set_timestamp(front, "resolved", stamp(now))
    _write_validated(records, document)


def resolve_record(records: Path, record_id: str, now: datetime, *, message: str | None = None) -> Path:
    """Close an incident (status resolved) or complete a maintenance."""
    path = find_record(records, record_id)
    document = _open(path)  # found and read once
    status = "completed" if document.front.get("type", "incident") == "maintenance" else "resolved"
    _append_update(records, document, status, now, message, None)
    return path

