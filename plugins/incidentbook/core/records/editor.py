"""Create and change records without hand-editing YAML.

An edit rewrites only the lines of the fields it changes (an update is appended as new lines), so
comments, key order, quoting and the Markdown body stay as people wrote them. The result is read
back and must hold exactly the values the edit meant, every other value unchanged, and it is
validated with the same loader as the build before the file is replaced: a command never leaves a
record that fails ``incidentbook check``, never moves a comment into a value, and two commands
editing one record at once take turns (the file is locked, then replaced atomically).
"""

from __future__ import annotations

import copy
import difflib
import fcntl
import io
import os
import re
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from .catalog import fill_template
from .errors import UsageError, ValidationFailed
from .loader import check_record_text, display_path, read_catalog
from .model import INCIDENT_STATUSES, MAINTENANCE_STATUSES, TIMESTAMP_FIELDS
from .schema import reference_target
from .yamlio import YamlError, load, problems_from, split_front_matter

SCHEMA_MODELINE = "# yaml-language-server: $schema={relative}"
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
    "cancelled": "This maintenance has been cancelled.",
}


class _Stamp(str):
    """A timestamp written as a plain YAML scalar (unquoted), as people write them."""


_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:\d\d)")


def _yaml() -> YAML:
    yaml = YAML()
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


def _dump(value: Any) -> str:
    """``value`` (plain data, nothing from the file) as block YAML; timestamps stay unquoted."""
    def stamped(item: Any) -> Any:
        if isinstance(item, dict):
            return {key: stamped(v) for key, v in item.items()}
        if isinstance(item, list):
            return [stamped(v) for v in item]
        if isinstance(item, str) and _TIMESTAMP.fullmatch(item):
            return _Stamp(item)
        return item
    out = io.StringIO()
    _yaml().dump(stamped(value), out)
    return out.getvalue()


# -- edits -----------------------------------------------------------------------------------------
# An edit is a list of changes to top-level fields. Each change is applied twice: to the plain values
# read from the file (what the result must hold) and to the text (only the lines of the fields it
# changes are rewritten; every other line stays byte for byte). The new text is read back and must
# hold exactly the expected values, or nothing is written: no comment can slip into a value, and no
# value the edit did not mean to change can move.

@dataclass
class Set:
    """Give the top-level field ``key`` a scalar value (a status, a timestamp)."""

    key: str
    value: str
    after: tuple[str, ...] = ()  # where a new field goes: after the last of these present...
    before: tuple[str, ...] = ()  # ...else before the first of these present

    def plain(self, data: dict[str, Any]) -> None:
        data[self.key] = self.value


@dataclass
class Append:
    """Add ``item`` at the end of the top-level list ``key`` (the updates)."""

    key: str
    item: dict[str, Any]

    def plain(self, data: dict[str, Any]) -> None:
        data.setdefault(self.key, [])
        data[self.key] = [*(data[self.key] or []), self.item]


@dataclass
class Merge:
    """Add the entries of ``values`` that the top-level mapping ``key`` lacks (the components)."""

    key: str
    values: dict[str, str]

    def plain(self, data: dict[str, Any]) -> None:
        current = dict(data.get(self.key) or {})
        for name, value in self.values.items():
            current.setdefault(name, value)
        data[self.key] = current


@dataclass
class Replace:
    """Give the top-level field ``key`` a new value of any shape (``public``), written in block style."""

    key: str
    value: Any
    after: tuple[str, ...] = ()

    def plain(self, data: dict[str, Any]) -> None:
        data[self.key] = self.value


@dataclass
class Delete:
    """Remove the top-level field ``key`` (its comment lines stay)."""

    key: str

    def plain(self, data: dict[str, Any]) -> None:
        data.pop(self.key, None)


Change = Set | Append | Merge | Replace | Delete


@dataclass
class _Document:
    """A record file split into its front matter's lines (top-level fields located) and its body."""

    path: Path
    lines: list[str]
    body: str
    data: dict[str, Any]
    starts: dict[str, int]  # 0-based line of each top-level key

    def region(self, key: str) -> tuple[int, int]:
        """The lines of field ``key``: from its key to before the next key, less trailing blank and
        column-0 comment lines (those stay where they are, between fields)."""
        start = self.starts[key]
        later = [line for line in self.starts.values() if line > start]
        end = min(later) if later else len(self.lines)
        while end > start + 1 and (not self.lines[end - 1].strip() or self.lines[end - 1].startswith("#")):
            end -= 1
        return start, end

    def text(self) -> str:
        return "---\n" + "".join(self.lines) + "---\n" + self.body


def _read(path: Path, text: str) -> _Document:
    """Split and read a record's text; a record that does not parse is refused with its problems."""
    try:
        front = split_front_matter(text)
        data, positions, problems = load(front.yaml_text, line_offset=1)
        if problems:
            raise YamlError(problems)
    except YamlError as exc:
        listed = "\n".join(str(p) for p in problems_from(display_path(path), exc))
        raise UsageError(f"this record cannot be edited until its YAML is fixed:\n{listed}") from None
    if not isinstance(data, dict):
        raise UsageError(f"{display_path(path)}: the front matter is not a mapping; fix it with `incidentbook check` first")
    lines = front.yaml_text.splitlines(keepends=True)
    starts = {key: line - 2 for key, line in positions.key_lines().items()}  # line_offset 1, 1-based
    return _Document(path=path, lines=lines, body=front.body, data=data, starts=starts)


def _comments(lines: list[str]) -> list[str]:
    """The comment lines of a field's old text, kept when the field is rewritten."""
    kept = []
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("#"):
            kept.append(stripped + "\n")
    return kept


_INLINE_COMMENT = re.compile(r"^[^'\"#]*?\s(#.*)$")


def _set_text(document: _Document, change: Set) -> None:
    line = f"{change.key}: {_dump({change.key: change.value}).split(': ', 1)[1]}"
    if change.key in document.starts:
        start, end = document.region(change.key)
        old = document.lines[start:end]
        inline = _INLINE_COMMENT.match(old[0].rstrip("\n"))
        if inline:
            line = line.rstrip("\n") + "  " + inline.group(1) + "\n"
        document.lines[start:end] = [line, *_comments(old[1:])]
        return
    anchors = [k for k in change.after if k in document.starts]
    if anchors:
        position = max(document.region(k)[1] for k in anchors)
    else:
        following = [document.starts[k] for k in change.before if k in document.starts]
        position = min(following) if following else _end_of_fields(document)
    document.lines.insert(position, line)


def _end_of_fields(document: _Document) -> int:
    """Where a new last field goes: after the last field's own lines."""
    if not document.starts:
        return len(document.lines)
    return document.region(max(document.starts, key=document.starts.__getitem__))[1]


def _block_child_indent(document: _Document, key: str) -> int | None:
    """The column of the first child of a block list or mapping ``key``; None when it is not one."""
    start, end = document.region(key)
    head = document.lines[start].split("#", 1)[0].rstrip()
    if not head.endswith(":"):
        return None  # a flow collection or a scalar on the key's line
    for line in document.lines[start + 1 : end]:
        stripped = line.lstrip(" ")
        if stripped.strip() and not stripped.startswith("#"):
            return len(line) - len(stripped)
    return None


def _rewrite(document: _Document, key: str, value: Any) -> None:
    """Write field ``key`` anew in block style from plain values, keeping its comment lines."""
    start, end = document.region(key)
    old = document.lines[start:end]
    first_comment = _INLINE_COMMENT.match(old[0].rstrip("\n"))
    kept = ([first_comment.group(1) + "\n"] if first_comment else []) + _comments(old[1:])
    document.lines[start:end] = [*kept, *_dump({key: value}).splitlines(keepends=True)]


def _append_text(document: _Document, change: Append) -> None:
    if change.key not in document.starts:
        document.lines[_end_of_fields(document):_end_of_fields(document)] = _dump({change.key: [change.item]}).splitlines(keepends=True)
        return
    indent = _block_child_indent(document, change.key)
    if indent is None or not isinstance(document.data.get(change.key), list):
        _rewrite(document, change.key, [*(document.data.get(change.key) or []), change.item])
        return
    item = [("- " if n == 0 else "  ") + line for n, line in enumerate(_dump(change.item).splitlines(keepends=True))]
    end = document.region(change.key)[1]
    document.lines[end:end] = [" " * indent + line for line in item]


def _merge_text(document: _Document, change: Merge) -> None:
    current = document.data.get(change.key) or {}
    missing = {k: v for k, v in change.values.items() if k not in current}
    if not missing:
        return
    if change.key not in document.starts:
        _set_like_field(document, change.key, missing)
        return
    indent = _block_child_indent(document, change.key)
    if indent is None or not isinstance(current, dict) or not current:
        _rewrite(document, change.key, {**current, **missing})
        return
    end = document.region(change.key)[1]
    document.lines[end:end] = [" " * indent + line for line in _dump(missing).splitlines(keepends=True)]


def _set_like_field(document: _Document, key: str, value: dict[str, str]) -> None:
    """A new mapping field, placed before the timestamps and updates as ``new`` writes it."""
    following = [document.starts[k] for k in (*TIMESTAMP_FIELDS, "scheduled_start", "updates") if k in document.starts]
    position = min(following) if following else _end_of_fields(document)
    document.lines[position:position] = _dump({key: value}).splitlines(keepends=True)


def _replace_text(document: _Document, change: Replace) -> None:
    if change.key in document.starts:
        _rewrite(document, change.key, change.value)
        return
    anchors = [k for k in change.after if k in document.starts]
    position = max(document.region(k)[1] for k in anchors) if anchors else _end_of_fields(document)
    document.lines[position:position] = _dump({change.key: change.value}).splitlines(keepends=True)


def _delete_text(document: _Document, change: Delete) -> None:
    if change.key in document.starts:
        start, end = document.region(change.key)
        old = document.lines[start:end]
        inline = _INLINE_COMMENT.match(old[0].rstrip("\n"))
        document.lines[start:end] = ([inline.group(1) + "\n"] if inline else []) + _comments(old[1:])


def _apply(document: _Document, changes: list[Change]) -> str:
    """The new text of ``document`` with ``changes``; refused unless it reads back as exactly meant."""
    expected = copy.deepcopy(document.data)
    for change in changes:
        change.plain(expected)
        if isinstance(change, Set):
            _set_text(document, change)
        elif isinstance(change, Append):
            _append_text(document, change)
        elif isinstance(change, Merge):
            _merge_text(document, change)
        elif isinstance(change, Replace):
            _replace_text(document, change)
        else:
            _delete_text(document, change)
        document.starts = _read(document.path, document.text()).starts
    text = document.text()
    if _read(document.path, text).data != expected:
        raise UsageError(
            f"{display_path(document.path)}: this edit would change more than it means to "
            "(the file uses YAML the editor cannot rewrite safely); nothing was written. "
            "Make the change by hand and run `incidentbook check`."
        )
    return text


# -- finding, locking and writing records ---------------------------------------------------------
_ID_LINE = re.compile(rb"^id:[ \t]*['\"]?([a-z0-9-]+)['\"]?[ \t]*(?:#.*)?$", re.M)


def _record_files(records: Path) -> list[Path]:
    """The regular record files below ``records``, never through a symbolic link."""
    found = []
    for dirpath, dirnames, filenames in os.walk(records, followlinks=False):
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and not os.path.islink(os.path.join(dirpath, d))]
        for name in filenames:
            path = Path(dirpath, name)
            if name.endswith(".md") and not name.startswith(".") and not path.is_symlink() and path.is_file():
                found.append(path)
    return sorted(found)


def _declared_id(path: Path) -> str | None:
    """The ``id:`` a record's front matter sets, read from its first lines without parsing YAML."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(65536)
    except OSError:
        return None
    if not head.startswith(b"---"):
        return None
    closing = re.search(rb"\n(?:---|\.\.\.)[ \t]*\r?\n", head)
    found = _ID_LINE.search(head[: closing.start()] if closing else head)
    return found.group(1).decode() if found else None


def record_ids(records: Path) -> dict[Path, str]:
    """Every record file and its id (``id:`` field, else the file name), read without parsing YAML."""
    return {path: _declared_id(path) or path.stem for path in _record_files(records)}


def find_record(records: Path, record_id: str) -> Path:
    """The file of the record ``record_id`` names: its exact id (``id:`` field, else the file name),
    else the one id that starts with it, with or without the date (``checkout`` for
    ``2026-11-23-checkout-returns-502``).

    Ids are matched as text (never as a pattern), and only regular files inside ``records`` count: a
    symbolic link could point at any file of the machine. A wrong id names the closest ones.
    """
    ids = record_ids(records)
    exact = [path for path, value in ids.items() if value == record_id]
    if len(exact) > 1:
        raise UsageError(f"{len(exact)} records have the id {record_id!r}: {', '.join(display_path(p) for p in exact)}; run `incidentbook check`")
    if exact:
        return exact[0]
    prefixed = sorted((p for p, value in ids.items() if record_id and (value.startswith(record_id) or value[11:].startswith(record_id))),
                      key=lambda p: ids[p], reverse=True)
    if len(prefixed) == 1:
        return prefixed[0]
    if prefixed:
        shown = ", ".join(ids[p] for p in prefixed[:5]) + (", ..." if len(prefixed) > 5 else "")
        raise UsageError(f"{record_id!r} could be {len(prefixed)} records: {shown}; type more of the id")
    close = difflib.get_close_matches(record_id, list(ids.values()), n=3, cutoff=0.5)
    close += [value for value in sorted(ids.values(), reverse=True) if record_id in value and value not in close][: 3 - len(close)]
    hint = f"; did you mean {' or '.join(close)}?" if close else "; `incidentbook list` shows the open ones"
    raise UsageError(f"no record with id {record_id!r} in {records}{hint}")


LOCK_WAIT = 10.0  # seconds a command waits for another one editing the same record


@contextmanager
def _locked(path: Path) -> Iterator[str]:
    """Hold the record exclusively and yield its current text; waits for another editor, then fails.

    The lock is on the file itself, and the text is read under it, after checking that the path still
    names the locked file (a finished editor replaces the file): an edit always starts from the text
    that the last one wrote.
    """
    deadline = time.monotonic() + LOCK_WAIT
    while True:
        with open(path, "rb") as stream:
            try:
                fcntl.flock(stream, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise UsageError(f"{display_path(path)} is being edited by another command; nothing was written, run yours again") from None
                time.sleep(0.02)
                continue
            if os.fstat(stream.fileno()).st_ino != os.stat(path).st_ino:
                continue  # replaced while we waited: lock the new file
            raw = stream.read()
            try:
                yield raw.decode("utf-8").replace("\r\n", "\n")
            except UnicodeDecodeError:
                raise UsageError(f"{display_path(path)}: the file is not UTF-8 text") from None
            return


def _replace(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path`` and rename it over ``path`` (atomic)."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def _edit(records: Path, record_id: str, plan: Callable[[dict[str, Any]], list[Change]]) -> Path:
    """Find, lock and read a record, apply the changes ``plan`` makes from its values, validate, write."""
    path = find_record(records, record_id)
    with _locked(path) as text:
        document = _read(path, text)
        new_text = _apply(document, plan(document.data))
        _, problems = check_record_text(records, path, new_text)
        if problems:
            raise ValidationFailed(problems)
        _replace(path, new_text)
    return path


def record_slug(title: str, public_title: str | None, visibility: str) -> str:
    """The words of a new record's id. A public record's id is in its URL, API and feeds, so it comes
    from the public title; an internal title may name people and systems customers must not see."""
    return slugify(public_title or title) if visibility == "public" else slugify(title)


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
    summary: str | None = None,
    impact: str | None = None,
    started: datetime | None = None,
    detected: datetime | None = None,
    acknowledged: datetime | None = None,
    template: str | None = None,
) -> Path:
    """Write a new incident (or maintenance) record and return its path; nothing is written if invalid.

    ``started`` (default ``now``), ``detected`` and ``acknowledged`` are for what happened before someone
    typed the command; the first update is posted at ``now``.
    """
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

    front: dict[str, Any] = {"title": title}
    if is_maintenance:
        front.update(type="maintenance", status="scheduled")
    else:
        front.update(severity=severity, status="investigating")
    front["visibility"] = visibility
    public = {k: v for k, v in (("title", public_title), ("summary", summary), ("impact", impact)) if v}
    if public:
        front["public"] = public
    if components:
        front["components"] = dict(components)
    if maintenance_window is not None:
        front.update(scheduled_start=stamp(maintenance_window[0]), scheduled_end=stamp(maintenance_window[1]))
    else:
        front["started"] = stamp(started or now)
        for name, moment in (("detected", detected), ("acknowledged", acknowledged)):
            if moment is not None:
                front[name] = stamp(moment)
    first = "scheduled" if is_maintenance else "investigating"
    front["updates"] = [_new_update(now, first, template_message(records, template, first, front) or message)]
    if lead:
        front["lead"] = lead

    begins = maintenance_window[0] if maintenance_window else (started or now)
    folder = records / f"{begins:%Y}"
    base = f"{begins:%Y-%m-%d}-{record_slug(title, public_title, visibility)}"
    body = "" if is_maintenance else POSTMORTEM_TEMPLATE
    for counter in range(1, 1000):
        path = folder / (f"{base}.md" if counter == 1 else f"{base}-{counter}.md")
        if path.exists() or path.is_symlink():
            continue
        relative = os.path.relpath(reference_target(records, "record"), path.parent.resolve())
        modeline = SCHEMA_MODELINE.format(relative=Path(relative).as_posix())
        text = f"---\n{modeline}\n{_dump(front)}---\n{body}"
        _, problems = check_record_text(records, path, text)
        if problems:
            raise ValidationFailed(problems)
        folder.mkdir(parents=True, exist_ok=True)
        try:
            with open(path, "x", encoding="utf-8") as stream:  # never over a record written meanwhile
                stream.write(text)
        except FileExistsError:
            continue
        return path
    raise UsageError(f"{folder} already has 999 records named {base}; give the incident another title")


def update_record(
    records: Path,
    record_id: str,
    status: str,
    now: datetime,
    *,
    message: str | None = None,
    components: dict[str, str] | None = None,
    summary: str | None = None,
    impact: str | None = None,
    template: str | None = None,
) -> Path:
    """Append a public update at ``now``, set the status and the lifecycle timestamp it implies;
    ``template`` names a catalog message template used instead of ``message``."""

    def plan(data: dict[str, Any]) -> list[Change]:
        kind = data.get("type", "incident")
        allowed = MAINTENANCE_STATUSES if kind == "maintenance" else INCIDENT_STATUSES
        if status not in allowed:
            raise UsageError(f"--status for a {kind} must be one of {', '.join(allowed)}")
        if status in ("resolved", "completed"):
            _refuse_if_closed(data)
        text = template_message(records, template, status, data, components) or message
        return _update_changes(data, status, now, text, components) + _public_changes(data, summary, impact)

    return _edit(records, record_id, plan)


def resolve_record(records: Path, record_id: str, now: datetime, *, message: str | None = None,
                   template: str | None = None) -> Path:
    """Close an incident (status resolved) or complete a maintenance; refused when already closed."""

    def plan(data: dict[str, Any]) -> list[Change]:
        _refuse_if_closed(data)
        status = "completed" if data.get("type", "incident") == "maintenance" else "resolved"
        return _update_changes(data, status, now, template_message(records, template, status, data) or message, None)

    return _edit(records, record_id, plan)


def reopen_record(records: Path, record_id: str, now: datetime, *, message: str | None = None) -> Path:
    """An incident that came back: status investigating, ``resolved`` cleared, its earlier resolution
    kept as an update in the timeline."""

    def plan(data: dict[str, Any]) -> list[Change]:
        if data.get("type", "incident") == "maintenance":
            raise UsageError("reopen is for incidents; schedule a new maintenance with `incidentbook new --maintenance`")
        if data.get("status") != "resolved":
            raise UsageError(f"the incident is not resolved (it is {data.get('status')}); post an update instead")
        text = message or "The issue has come back and we are investigating it again."
        return [Append("updates", _new_update(now, "investigating", text)),
                Set("status", "investigating", after=("severity", "type", "title")), Delete("resolved")]

    return _edit(records, record_id, plan)


def template_message(records: Path, name: str | None, status: str, data: dict[str, Any],
                     components: dict[str, str] | None = None) -> str | None:
    """The message of catalog template ``name`` for ``status``, filled in for the record; None without one."""
    if name is None:
        return None
    catalog, problems = read_catalog(records)
    if problems:
        raise ValidationFailed(problems)
    template = catalog.templates.get(name)
    if template is None:
        known = ", ".join(catalog.templates) or "none (add templates: to catalog.yml)"
        raise UsageError(f"no message template {name!r}; the catalog has: {known}")
    if status not in template:
        raise UsageError(f"template {name!r} has no message for {status}; it has: {', '.join(template)}")
    ids = [*(data.get("components") or {}), *(c for c in (components or {}) if c not in (data.get("components") or {}))]
    names = [catalog.component_by_id[c].name if c in catalog.component_by_id else c for c in ids]
    title = (data.get("public") or {}).get("title") or data.get("title") or ""
    return fill_template(template[status], title, names)


def cancel_record(records: Path, record_id: str, now: datetime, *, message: str | None = None,
                  template: str | None = None) -> Path:
    """Call off a maintenance that has not ended: status cancelled, with an update saying so; its
    window stays as it was announced."""

    def plan(data: dict[str, Any]) -> list[Change]:
        if data.get("type", "incident") != "maintenance":
            raise UsageError("cancel is for scheduled maintenance; an incident is resolved (`incidentbook resolve ID`)")
        if data.get("status") in ("completed", "cancelled"):
            raise UsageError(f"the maintenance is already {data.get('status')}; nothing was written")
        text = template_message(records, template, "cancelled", data) or message
        return [Append("updates", _new_update(now, "cancelled", text)),
                Set("status", "cancelled", after=("severity", "type", "title"))]

    return _edit(records, record_id, plan)


def _refuse_if_closed(data: dict[str, Any]) -> None:
    if data.get("status") == "resolved":
        raise UsageError(f"the incident is already resolved (at {data.get('resolved')}); nothing was written. "
                         "If it came back: `incidentbook reopen ID`; to change the resolve time, edit the file")
    if data.get("status") in ("completed", "cancelled"):
        raise UsageError(f"the maintenance is already {data.get('status')}; nothing was written")


def _public_changes(data: dict[str, Any], summary: str | None, impact: str | None) -> list[Change]:
    """``--summary`` and ``--impact``: the public summary and impact, in the record's ``public`` field."""
    if summary is None and impact is None:
        return []
    public = dict(data.get("public") or {})
    if summary is not None:
        public["summary"] = summary
    if impact is not None:
        public["impact"] = impact
    return [Replace("public", public, after=("components", "visibility", "status"))]


def _new_update(now: datetime, status: str, message: str | None, components: dict[str, str] | None = None) -> dict[str, Any]:
    update: dict[str, Any] = {"at": stamp(now), "status": status, "message": message or DEFAULT_MESSAGES[status]}
    if components:
        update["components"] = dict(components)
    return update


def _update_changes(
    data: dict[str, Any], status: str, now: datetime, message: str | None, components: dict[str, str] | None
) -> list[Change]:
    """The changes of one update: the update itself, the record's status, components and timestamps."""
    changes: list[Change] = [Append("updates", _new_update(now, status, message, components))]
    affected = {c: v for c, v in (components or {}).items() if v != "operational"}
    if affected:
        changes.append(Merge("components", affected))
    changes.append(Set("status", status, after=("severity", "type", "title")))
    if data.get("type", "incident") == "incident":
        # identified/monitoring/resolved imply the impact was mitigated; resolved also closes it.
        if status in ("identified", "monitoring", "resolved") and "mitigated" not in data:
            changes.append(_timestamp_change("mitigated", now))
        if status == "resolved":
            changes.append(_timestamp_change("resolved", now))
    return changes


def _timestamp_change(name: str, now: datetime) -> Set:
    """Set a lifecycle timestamp; a new one goes after the closest earlier one, else before the updates."""
    earlier = TIMESTAMP_FIELDS[: TIMESTAMP_FIELDS.index(name)]
    return Set(name, stamp(now), after=earlier, before=("updates",))
