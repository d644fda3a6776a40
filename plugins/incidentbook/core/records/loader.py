"""Load the catalog and every record of a records folder, enforcing every rule of the format.

All problems of all files are collected before anything fails, so one run of ``incidentbook check``
(or one build) shows everything that needs fixing.
"""

from __future__ import annotations

import gc
import os
import re
import stat
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

from . import sections as sec
from .catalog import (
    TEMPLATE_FIELDS,
    Catalog,
    Component,
    Severity,
    Team,
    group_id_clashes,
    template_fields,
)
from .clock import parse_date, parse_timestamp
from .errors import Problem, ValidationFailed, excerpt
from .model import TIMESTAMP_FIELDS, Action, Postmortem, Record, Update
from .schema import schema_check
from .yamlio import (
    Positions,
    YamlError,
    dotted,
    load,
    problems_from,
    split_front_matter,
)

CATALOG_FILE = "catalog.yml"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_T = TypeVar("_T")


@dataclass
class Book:
    """Everything a build knows: the catalog and the records, newest first."""

    root: Path
    catalog: Catalog
    records: list[Record]

    def __post_init__(self) -> None:
        self.by_id = {r.id: r for r in self.records}


def display_path(path: Path) -> str:
    """The path as people typed it: relative to the working directory when it is below it."""
    try:
        relative = os.path.relpath(path)  # once: it resolves the working directory on every call
    except ValueError:
        return str(path)
    return relative if not relative.startswith("..") else str(path)


def _display_paths_in(folder: str) -> Callable[[str], str]:
    """:func:`display_path` for the files of one folder, with one ``os.path.relpath`` for them all.

    Why: relpath resolves the working directory and normalizes both paths on every call; for each of
    10,000 records that was a tenth of ``incidentbook check``.
    """
    try:
        relative = os.path.relpath(folder)
    except ValueError:
        relative = ".."  # another drive: shown as given, as display_path does
    if relative.startswith(".."):
        return lambda name: str(Path(folder, name))
    if relative == ".":
        return lambda name: name
    return lambda name: os.path.join(relative, name)




MAX_FILE_BYTES = 512 * 1024  # a record or catalog file; the largest example record is 7 KiB
# Endings people give Markdown files that are not read as records: reported, never silently skipped.
_LOOKALIKE_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn"})


def _not_a_plain_file(path: str) -> str | None:
    """Why ``path`` cannot be read as a record or catalog, or None for a regular file.

    Read with ``lstat``: a symbolic link could publish any file of the machine and put its text in CI
    logs, and a FIFO or device would hang the build on ``open``.
    """
    try:
        mode = os.lstat(path).st_mode
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    if stat.S_ISLNK(mode):
        return "symbolic links are not allowed in the records folder (they could publish any file)"
    if not stat.S_ISREG(mode):
        return "not a regular file (a FIFO, socket or device); records are plain text files"
    return None


class _Reader:
    """Collects problems while reading one folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []
        self.record_schema = schema_check("record")
        self.catalog_schema = schema_check("catalog")

    def add(self, path: str, where: tuple[int, int], message: str) -> None:
        self.problems.append(Problem(path, where[0], where[1], message))

    # -- catalog ---------------------------------------------------------------------------
    def read_catalog(self) -> Catalog:
        file = self.root / CATALOG_FILE
        path = display_path(file)
        if not os.path.lexists(file):
            self.add(path, (1, 1), f"the catalog is missing: create {CATALOG_FILE} with severities and components")
            return Catalog()
        problem = _not_a_plain_file(str(file))
        if problem:
            self.add(path, (1, 1), problem)
            return Catalog()
        with open(file, "rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            self.add(path, (1, 1), f"the catalog is larger than {MAX_FILE_BYTES // 1024} KiB")
            return Catalog()
        try:
            data, positions, yaml_problems = load(raw.decode("utf-8").replace("\r\n", "\n"))
        except UnicodeDecodeError:
            self.add(path, (1, 1), "the file is not UTF-8 text")
            return Catalog()
        except YamlError as exc:
            self.problems.extend(problems_from(path, exc))
            return Catalog()
        if data is None:
            data = {}
        self.problems.extend(problems_from(path, YamlError(yaml_problems)) if yaml_problems else [])
        schema_problems = self.catalog_schema.problems(data, positions, path)
        if schema_problems or yaml_problems:
            self.problems.extend(schema_problems)
            return Catalog()
        catalog = Catalog(
            severities=[
                Severity(
                    id=s["id"], name=s["name"], rank=i, description=s.get("description"),
                    postmortem_required=s.get("postmortem") == "required",
                    action_due_days=s.get("action_due_days"),
                )
                for i, s in enumerate(data["severities"])
            ],
            components=[
                Component(
                    id=c["id"], name=c["name"], position=i + 1, group=c.get("group"), owner=c.get("owner"),
                    description=c.get("description"),
                    start_date=self._parse(parse_date, "start date", path, positions, ("components", i, "start_date"),
                                           c.get("start_date")),
                )
                for i, c in enumerate(data["components"])
            ],
            teams=[Team(id=t["id"], name=t["name"], description=t.get("description")) for t in data.get("teams", [])],
            trusted=tuple((data.get("declare") or {}).get("trusted", ())),
            templates=data.get("templates") or {},
        )
        for name, messages in catalog.templates.items():
            for status, text in messages.items():
                unknown = template_fields(text) - TEMPLATE_FIELDS
                if unknown:
                    self.add(path, positions.value_of(("templates", name, status)),
                             f"templates.{name}.{status}: unknown placeholder {{{sorted(unknown)[0]}}}; "
                             f"a template may use {', '.join('{' + f + '}' for f in sorted(TEMPLATE_FIELDS))}")
        for kind in ("severities", "components", "teams"):
            self.check_ids(path, positions, kind, [item["id"] for item in data.get(kind, [])], "duplicate id")
        for index, message in group_id_clashes(catalog.components):
            self.add(path, positions.value_of(("components", index, "group")), f"components[{index}].group: {message}")
        if catalog.teams:
            for index, item in enumerate(data["components"]):
                owner = item.get("owner")
                if owner and owner not in catalog.team_by_id:
                    self.add(
                        path, positions.value_of(("components", index, "owner")),
                        f"components[{index}].owner: unknown team {owner!r}; teams: {', '.join(catalog.team_by_id)}",
                    )
        return catalog

    # -- records ---------------------------------------------------------------------------
    def record_files(self) -> list[tuple[Path, str]]:
        """Every record file under the root, folder by folder in name order, with its display path."""
        files: list[tuple[Path, str]] = []
        for dirpath, dirnames, filenames in os.walk(self.root, followlinks=False):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            shown = _display_paths_in(dirpath)
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                suffix = os.path.splitext(name)[1]
                if suffix != ".md" and suffix.lower() not in _LOOKALIKE_SUFFIXES:
                    continue
                problem = _not_a_plain_file(os.path.join(dirpath, name))
                if problem:
                    self.add(shown(name), (1, 1), problem)
                elif suffix != ".md":
                    self.add(shown(name), (1, 1), f"record files end in .md: rename it to {name[: -len(suffix)]}.md, or it is neither checked nor published")
                else:
                    files.append((Path(dirpath, name), shown(name)))
                continue
            for name in dirnames:
                if os.path.islink(os.path.join(dirpath, name)):
                    self.add(shown(name), (1, 1), "symbolic links are not allowed in the records folder")
        return files

    def read_record(self, file: Path, path: str, catalog: Catalog) -> Record | None:
        """Read one record file as bytes and decode it: a third quicker than a text-mode read.

        The line breaks are those a text-mode read gives: ``\r\n`` and ``\r`` become ``\n``.
        """
        with open(file, "rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            self.add(path, (1, 1), f"the file is larger than {MAX_FILE_BYTES // 1024} KiB; split the post-mortem or move attachments beside it")
            return None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            self.add(path, (1, 1), "the file is not UTF-8 text")
            return None
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        return self.parse_record(file, text, catalog, path)

    def parse_record(self, file: Path, text: str, catalog: Catalog, path: str | None = None) -> Record | None:
        """Validate one record's text; problems are collected, the record returned only if valid.

        ``path`` is the file as messages show it (default: its :func:`display_path`).
        """
        path = path or display_path(file)
        try:
            front = split_front_matter(text)
            data, positions, yaml_problems = load(front.yaml_text, line_offset=1)
        except YamlError as exc:
            self.problems.extend(problems_from(path, exc))
            return None
        if yaml_problems:
            self.problems.extend(problems_from(path, YamlError(yaml_problems)))
        if not isinstance(data, dict):
            self.add(path, (2, 1), "the front matter must be a mapping of fields (title: ..., severity: ...)")
            return None
        schema_problems = self.record_schema.problems(data, positions, path)
        self.check_references(path, data, positions, catalog)
        if schema_problems or yaml_problems:
            self.problems.extend(schema_problems)
            return None
        before = len(self.problems)
        record = self.build_record(file, path, data, positions, front.body, front.body_line)
        if record is None or len(self.problems) > before:
            return None
        self.check_record(record, data, positions, catalog)
        return record

    def _parse(self, parse: Callable[[str], _T], what: str, path: str, positions: Positions, where: tuple, text: str | None) -> _T | None:
        if text is None:
            return None
        try:
            return parse(text)
        except ValueError as exc:
            self.add(path, positions.value_of(where), f"{dotted(where)}: {excerpt(text)} is not a valid {what} ({exc})")
            return None

    def timestamp(self, path: str, positions: Positions, where: tuple, text: str | None) -> datetime | None:
        """A timestamp field, or None (with a problem at its position) when it is absent or invalid."""
        return self._parse(parse_timestamp, "timestamp", path, positions, where, text)

    def day(self, path: str, positions: Positions, where: tuple, text: str | None) -> date | None:
        """A date field, or None (with a problem at its position) when it is absent or invalid."""
        return self._parse(parse_date, "date", path, positions, where, text)

    def build_record(
        self, file: Path, path: str, data: dict[str, Any], positions: Positions, body: str, body_line: int
    ) -> Record | None:
        record_id = data.get("id") or file.stem
        if not _ID.fullmatch(record_id):
            if "id" in data:
                self.add(path, positions.value_of(("id",)), f"id: {excerpt(record_id)} is not a valid id (lowercase letters, digits and dashes)")
            else:
                self.add(path, (1, 1), f"id: the file name {excerpt(file.stem)} is not a valid id (lowercase letters, digits and dashes); rename the file or set id:")
            return None
        kind = data.get("type", "incident")
        times = {name: self.timestamp(path, positions, (name,), data.get(name)) for name in TIMESTAMP_FIELDS}
        default_status = "scheduled" if kind == "maintenance" else ("resolved" if times["resolved"] else "investigating")
        public = data.get("public") or {}
        raw_updates = data.get("updates") or []
        updates = []
        update_lines, action_lines = positions.item_lines("updates"), positions.item_lines("actions")
        for index, raw in enumerate(raw_updates):
            at = self.timestamp(path, positions, ("updates", index, "at"), raw["at"])
            if at is None:
                continue
            updates.append((at, index, raw))
        updates.sort(key=lambda item: (item[0], item[1]))
        pm = data.get("postmortem")
        actions = [
            Action(
                record_id=record_id, id=a["id"], title=a["title"],
                line=action_lines[i], owner=a.get("owner"),
                due=self.day(path, positions, ("actions", i, "due"), a.get("due")),
                priority=a.get("priority", "medium"), status=a.get("status", "open"), type=a.get("type"),
                ticket=a.get("ticket"), reason=a.get("reason"),
                closed=self.day(path, positions, ("actions", i, "closed"), a.get("closed")),
            )
            for i, a in enumerate(data.get("actions") or [])
        ]
        return Record(
            id=record_id, path=path, source=file, title=data["title"], type=kind,
            status=data.get("status", default_status), visibility=data.get("visibility", "internal"),
            drill=bool(data.get("drill", False)), severity=data.get("severity"), team=data.get("team"),
            components=dict(data.get("components") or {}),
            lead=data.get("lead"), responders=list(data.get("responders") or []), tags=list(data.get("tags") or []),
            public_title=public.get("title"), public_summary=public.get("summary"), public_impact=public.get("impact"),
            updates=[
                Update(id=f"{record_id}-{n}", at=at, status=raw["status"], message=raw["message"],
                       components=dict(raw.get("components") or {}), line=update_lines[index])
                for n, (at, index, raw) in enumerate(updates, start=1)
            ],
            postmortem=Postmortem(
                status=pm["status"], review_date=self.day(path, positions, ("postmortem", "review_date"), pm.get("review_date")),
                authors=list(pm.get("authors") or []),
            ) if pm else None,
            actions=actions, body=body, body_line=body_line,
            extra={k: v for k, v in data.items() if k.startswith("x-")},
            lines=positions.key_lines(),
            started=times["started"], detected=times["detected"], acknowledged=times["acknowledged"],
            mitigated=times["mitigated"], resolved=times["resolved"],
            scheduled_start=times["scheduled_start"], scheduled_end=times["scheduled_end"],
        )

    def check_references(self, path: str, data: dict[str, Any], positions: Positions, catalog: Catalog) -> None:
        """Severity, team and component ids must exist in the catalog (checked even when the shape is wrong)."""

        def at(*where: str | int) -> tuple[int, int]:
            return positions.value_of(tuple(where))

        def mapping(value: Any) -> dict:
            return value if isinstance(value, dict) else {}

        severity, team = data.get("severity"), data.get("team")
        if isinstance(severity, str) and catalog.severities and severity not in catalog.severity_by_id:
            self.add(path, at("severity"), f"severity: unknown severity {severity!r}; the catalog has: {', '.join(catalog.severity_by_id)}")
        if isinstance(team, str) and team not in catalog.team_by_id:
            self.add(path, at("team"), f"team: unknown team {team!r}; the catalog has: {', '.join(catalog.team_by_id) or 'no teams'}")
        if not catalog.components:
            return
        known = ", ".join(catalog.component_by_id)
        for component in mapping(data.get("components")):
            if component not in catalog.component_by_id:
                self.add(path, positions.of(("components", component)), f"components.{component}: unknown component; the catalog has: {known}")
        updates = data.get("updates")
        for index, raw in enumerate(updates if isinstance(updates, list) else []):
            for component in mapping(mapping(raw).get("components")):
                if component not in catalog.component_by_id:
                    self.add(path, positions.of(("updates", index, "components", component)),
                             f"updates[{index}].components.{component}: unknown component; the catalog has: {known}")

    def check_record(self, record: Record, data: dict[str, Any], positions: Positions, catalog: Catalog) -> None:
        path = record.path

        def at(*where: str | int) -> tuple[int, int]:
            return positions.value_of(tuple(where))

        # time order
        order = [("started", "detected"), ("detected", "acknowledged"), ("started", "acknowledged"),
                 ("started", "mitigated"), ("mitigated", "resolved"), ("started", "resolved")]
        for early, late in order:
            a, b = getattr(record, early), getattr(record, late)
            if a and b and b < a:
                self.add(path, at(late), f"{late}: {data[late]} is before {early} ({data[early]})")
        if record.scheduled_start and record.scheduled_end and record.scheduled_end <= record.scheduled_start:
            self.add(path, at("scheduled_end"), f"scheduled_end: must be after scheduled_start ({data['scheduled_start']})")
        if record.is_incident and record.started and record.updates and record.updates[0].at < record.started:
            # record.updates is sorted by time: only then is one early; find which, as written
            for index, raw in enumerate(data.get("updates") or []):
                when = parse_timestamp(raw["at"])
                if when < record.started:
                    self.add(path, at("updates", index, "at"), f"updates[{index}].at: {raw['at']} is before started ({data['started']})")
        if record.is_incident and record.status != "resolved" and record.resolved:
            self.add(path, at("resolved"), f"resolved: is set but status is {record.status!r}; set status: resolved or remove resolved")
        if record.is_incident and record.status == "resolved" and record.updates and record.updates[-1].status != "resolved":
            self.add(path, at("status"), f"updates: the last update of a resolved incident must have status resolved (it is {record.updates[-1].status!r})")
        # post-mortem policy
        severity = catalog.severity_by_id.get(record.severity or "")
        if severity and severity.postmortem_required and record.postmortem and record.postmortem.status == "published":
            for name in sec.REQUIRED_FOR_PUBLISHED:
                found = record.sections.get(name)
                title = sec.SECTION_TITLES[name]
                if found is None:
                    self.add(path, at("postmortem", "status"), f"postmortem: published, but the body has no '## {title}' section (required for {severity.name} incidents)")
                elif sec.is_empty(found[1]):
                    self.add(path, (record.body_line + found[0] - 1, 1), f"postmortem: the '{title}' section is empty (required for {severity.name} incidents)")
        # action ids unique within the record
        self.check_ids(path, positions, "actions", [action.id for action in record.actions], "duplicate action id")

    def check_ids(self, path: str, positions: Positions, kind: str, ids: list[str], duplicate: str) -> None:
        """Each id of the list ``kind`` must be a well-formed id, unique in that list.

        Why here and not only in the schema: the schema's pattern lets a trailing newline through.
        """
        seen: set[str] = set()
        for index, item_id in enumerate(ids):
            if not _ID.fullmatch(item_id):
                self.add(path, positions.value_of((kind, index, "id")), f"{kind}[{index}].id: {item_id!r} is not an id (lowercase letters, digits and dashes)")
            if item_id in seen:
                self.add(path, positions.value_of((kind, index, "id")), f"{kind}[{index}].id: {duplicate} {item_id!r}")
            seen.add(item_id)


def read_book(root: Path | str) -> tuple[Book, list[Problem]]:
    """Read a records folder; return the book (valid records only) and every problem found."""
    root = Path(root)
    reader = _Reader(root)
    if not root.is_dir():
        reader.add(display_path(root), (1, 1), "the records folder does not exist")
        return Book(root, Catalog(), []), reader.problems
    catalog = reader.read_catalog()
    with _no_cyclic_gc():
        records = _read_records(reader, catalog)
    return Book(root, catalog, records), reader.problems


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while reading records.

    Why: reading allocates millions of small acyclic objects (YAML nodes, positions, tuples) while
    every record read so far stays alive, so each collection walks a growing heap and frees nothing;
    on 10,000 records that was about a tenth of ``incidentbook check`` (bench/README.md). Reference
    counting still frees everything as usual; collection resumes afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read_records(reader: _Reader, catalog: Catalog) -> list[Record]:
    records: list[Record] = []
    first_path: dict[str, Record] = {}
    for file, path in reader.record_files():
        record = reader.read_record(file, path, catalog)
        if record is None:
            continue
        if record.id in first_path:
            other = first_path[record.id]
            reader.add(record.path, (record.line_of("id"), 1),
                       f"id: {record.id!r} is already the id of {other.path}")
            continue
        first_path[record.id] = record
        records.append(record)
    records.sort(key=lambda r: (r.begins, r.id), reverse=True)
    return records


def read_catalog(root: Path | str) -> tuple[Catalog, list[Problem]]:
    """Read only the catalog of a records folder."""
    reader = _Reader(Path(root))
    return reader.read_catalog(), reader.problems


def check_record_text(root: Path | str, file: Path, text: str) -> tuple[Record | None, list[Problem]]:
    """Validate the text a record file would have, before it is written (used by the editors)."""
    reader = _Reader(Path(root))
    catalog = reader.read_catalog()
    record = reader.parse_record(file, text, catalog)
    return (record if not reader.problems else None), reader.problems


def load_book(root: Path | str) -> Book:
    """Read a records folder; raise ValidationFailed listing every problem if there is any."""
    book, problems = read_book(root)
    if problems:
        raise ValidationFailed(problems)
    return book
