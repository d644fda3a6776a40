"""``incidentbook list`` (alias ``status``): what is open now, numbered, so the next command can say ``2``."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import Any

from ..core.public.status import effective_status, is_active
from ..core.records.clock import build_now
from ..core.records.loader import Book, load_book
from ..core.records.model import Record
from .where import HELP, records_folder


def register(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser(
        "list", aliases=["status"], help="open incidents and upcoming maintenance, numbered",
        description="List open incidents and scheduled or running maintenance, newest first, each with a "
                    "number that update, resolve and reopen accept in place of the id.",
    )
    cmd.add_argument("--all", action="store_true", help="every record, not only the open ones")
    cmd.add_argument("--format", choices=("text", "json"), default="text")
    cmd.add_argument("--records", default=None, help=HELP)
    cmd.set_defaults(run=run)


def is_open(record: Record, now: datetime) -> bool:
    """An unresolved incident, or a maintenance that is scheduled, in progress or verifying."""
    if record.type == "maintenance":
        return effective_status(record, now) not in ("completed", "cancelled")
    return is_active(record, now)


def numbered(book: Book, now: datetime, everything: bool = False) -> list[Record]:
    """The records ``list`` shows, in its order: the numbers people type are positions in this list."""
    return [r for r in book.records if everything or is_open(r, now)]


def age(since: datetime, now: datetime) -> str:
    minutes = int((now - since).total_seconds() // 60)
    ahead, minutes = minutes < 0, abs(minutes)
    text = f"{minutes // 1440} d {minutes // 60 % 24} h" if minutes >= 1440 else f"{minutes // 60} h {minutes % 60} min" if minutes >= 60 else f"{minutes} min"
    return f"in {text}" if ahead else text


def run(args: argparse.Namespace) -> int:
    now = build_now()
    records = numbered(load_book(records_folder(args.records)), now, args.all)
    rows: list[dict[str, Any]] = [
        {"number": n, "id": r.id, "type": r.type, "severity": r.severity, "status": effective_status(r, now),
         "visibility": "drill" if r.drill else r.visibility, "begins": r.begins.isoformat(), "age": age(r.begins, now),
         "title": r.title}
        for n, r in enumerate(records, start=1)
    ]
    if args.format == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    if not rows:
        print("Nothing is open: no unresolved incident and no scheduled maintenance.")
        return 0
    width = max(len(row["id"]) for row in rows)
    print(f"{'#':>3}  {'id':<{width}}  {'severity':<9} {'status':<13} {'shown':<9} {'age':>12}  title")
    for row in rows:
        print(f"{row['number']:>3}  {row['id']:<{width}}  {row['severity'] or row['type']:<9} {row['status']:<13} "
              f"{row['visibility']:<9} {row['age']:>12}  {row['title']}")
    return 0
