"""The incident register: one row per record, as JSON and CSV, for audits (SOC 2, ISO 27001).

Auditors sample incidents from a complete list, so the register holds every record: internal ones,
drills (flagged by ``drill``) and maintenances (``type``). Durations are computed from the timestamps
with the same function as the metrics, so the register and the metrics page cannot disagree.

CSV cells that begin with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return are prefixed with a
single quote: spreadsheets would otherwise run them as formulas (CSV injection, OWASP). Only the CSV is
changed this way; the JSON holds the values as written.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any

from ..records.loader import Book
from ..records.model import TIMESTAMP_FIELDS, Record
from .actions import csv_cell
from .metrics import DURATIONS, elapsed

COLUMNS = (
    "id", "title", "type", "severity", "status", "visibility", "drill", "components",
    *TIMESTAMP_FIELDS,
    "lead", "postmortem_status", "actions_total", "actions_open",
    *(d.key for d in DURATIONS),
    "team", "path",
)


def utc_text(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with ``Z``, as Statuspage and most tools write it; None stays None."""
    return moment.isoformat().replace("+00:00", "Z") if moment else None


def source_path(record: Record, book: Book) -> str:
    """The record's file as ``<records folder>/<sub/path>.md``: the same on every machine and directory."""
    try:
        relative = record.source.resolve().relative_to(book.root.resolve())
    except ValueError:
        return record.path
    return str(PurePosixPath(book.root.resolve().name, *relative.parts))


def row(record: Record, book: Book) -> dict[str, Any]:
    """One register entry; keys in :data:`COLUMNS` order."""
    values: dict[str, Any] = {
        "id": record.id,
        "title": record.title,
        "type": record.type,
        "severity": record.severity,
        "status": record.status,
        "visibility": record.visibility,
        "drill": record.drill,
        "components": dict(record.components),
        **{name: utc_text(getattr(record, name)) for name in TIMESTAMP_FIELDS},
        "lead": record.lead,
        "postmortem_status": record.postmortem.status if record.postmortem else None,
        "actions_total": len(record.actions),
        "actions_open": sum(1 for a in record.actions if a.is_open),
        **{d.key: elapsed(record, d) for d in DURATIONS},
        "team": book.catalog.record_team(record.team, record.components),
        "path": source_path(record, book),
    }
    return {name: values[name] for name in COLUMNS}


def rows(book: Book) -> list[dict[str, Any]]:
    """Every record, oldest first, so a new incident appends a row instead of reshuffling the file."""
    return [row(r, book) for r in sorted(book.records, key=lambda r: (r.begins, r.id))]


def to_json(entries: list[dict[str, Any]]) -> str:
    """``exports/incidents.json``: the register rows, stable bytes for stable input."""
    return json.dumps(entries, ensure_ascii=False, indent=2) + "\n"


def _csv_value(value: Any) -> str:
    """Components as ``id=status;id=status``; everything else through the shared, formula-safe cell."""
    if isinstance(value, dict):
        value = ";".join(f"{k}={v}" for k, v in value.items())
    return csv_cell(value)


def to_csv(entries: list[dict[str, Any]]) -> str:
    """RFC 4180 CSV (CRLF line ends, quoted as needed) with a header row of :data:`COLUMNS`."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for entry in entries:
        writer.writerow([_csv_value(entry[name]) for name in COLUMNS])
    return out.getvalue()
