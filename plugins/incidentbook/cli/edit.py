"""``incidentbook new``, ``update`` and ``resolve``: declare and update incidents in seconds.

These write the record file for you (round-trip YAML: comments, key order and body kept) and refuse
to leave a record that does not validate.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from ..core.records.clock import build_now, parse_timestamp
from ..core.records.editor import (
    create_record,
    parse_component_args,
    resolve_record,
    update_record,
)
from ..core.records.errors import UsageError
from ..core.records.model import COMPONENT_STATUSES

RECORD_COMPONENT_STATUSES = tuple(s for s in COMPONENT_STATUSES if s != "operational")


def register(sub: argparse._SubParsersAction) -> None:
    new = sub.add_parser(
        "new", help="declare an incident (or schedule a maintenance)",
        description="Write incidents/YYYY/YYYY-MM-DD-slug.md with started and a first update at now; print its path.",
    )
    new.add_argument("title", help="internal title, e.g. 'Checkout returns 502'")
    new.add_argument("--severity", help="a severity id from catalog.yml (required for incidents)")
    new.add_argument("--component", action="append", default=[], metavar="ID=STATUS",
                     help=f"affected component and its status ({', '.join(RECORD_COMPONENT_STATUSES)}); repeatable")
    new.add_argument("--visibility", choices=("public", "internal"), default="internal",
                     help="public puts it on the status page (default: internal)")
    new.add_argument("--message", help="first public update (default: 'We are investigating this issue.')")
    new.add_argument("--public-title", help="customer-facing title (default: the title)")
    new.add_argument("--lead", help="incident lead")
    new.add_argument("--maintenance", action="store_true", help="schedule a maintenance instead (needs --start and --end)")
    new.add_argument("--start", help="maintenance window start, e.g. 2026-12-01T02:00:00Z")
    new.add_argument("--end", help="maintenance window end")
    new.add_argument("--records", default="incidents", help="records folder (default: incidents)")
    new.set_defaults(run=run_new)

    update = sub.add_parser("update", help="post an update to a record",
                            description="Append a public update, set the status and its lifecycle timestamp.")
    update.add_argument("id", help="record id (the file name without .md)")
    update.add_argument("--status", required=True,
                        help="incident: investigating|identified|monitoring|resolved; maintenance: scheduled|in_progress|verifying|completed")
    update.add_argument("--message", help="the public update text (default: a standard sentence for the status)")
    update.add_argument("--component", action="append", default=[], metavar="ID=STATUS",
                        help=f"component status as of this update ({', '.join(COMPONENT_STATUSES)}); repeatable")
    update.add_argument("--records", default="incidents", help="records folder (default: incidents)")
    update.set_defaults(run=run_update)

    resolve = sub.add_parser("resolve", help="resolve an incident (or complete a maintenance)",
                             description="Post the final update and set status resolved (maintenance: completed).")
    resolve.add_argument("id", help="record id")
    resolve.add_argument("--message", help="the closing public update (default: 'This incident has been resolved.', "
                         "for a maintenance 'The scheduled maintenance has been completed.')")
    resolve.add_argument("--records", default="incidents", help="records folder (default: incidents)")
    resolve.set_defaults(run=run_resolve)


def _timestamp(option: str, value: str | None) -> datetime:
    if not value:
        raise UsageError(f"{option} is required with --maintenance")
    try:
        return parse_timestamp(value)
    except ValueError as exc:
        raise UsageError(f"{option} {value!r}: {exc}") from None


def run_new(args: argparse.Namespace) -> int:
    window = None
    if args.maintenance:
        if args.severity:
            raise UsageError("--severity is for incidents; a maintenance has none")
        window = (_timestamp("--start", args.start), _timestamp("--end", args.end))
    elif args.start or args.end:
        raise UsageError("--start and --end go with --maintenance")
    path = create_record(
        Path(args.records), args.title, build_now(),
        severity=args.severity,
        components=parse_component_args(args.component, RECORD_COMPONENT_STATUSES),
        visibility=args.visibility, message=args.message, public_title=args.public_title,
        maintenance_window=window, lead=args.lead,
    )
    print(path)
    if not args.maintenance:
        print(f"next: incidentbook update {path.stem} --status identified --message '...'", file=sys.stderr)
    return 0


def run_update(args: argparse.Namespace) -> int:
    path = update_record(
        Path(args.records), args.id, args.status, build_now(), message=args.message,
        components=parse_component_args(args.component, COMPONENT_STATUSES),
    )
    print(path)
    return 0


def run_resolve(args: argparse.Namespace) -> int:
    print(resolve_record(Path(args.records), args.id, build_now(), message=args.message))
    return 0
