"""``incidentbook new``, ``update``, ``resolve`` and ``reopen``: declare and update incidents in seconds.

These write the record file for you (only the lines of the fields they change; comments, order and
body kept) and refuse to leave a record that does not validate. An id may be a unique prefix (with or
without the date) or the number ``incidentbook list`` shows.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from ..core.records.clock import build_now, parse_timestamp, parse_when
from ..core.records.editor import (
    cancel_record,
    create_record,
    parse_component_args,
    reopen_record,
    resolve_record,
    update_record,
)
from ..core.records.errors import UsageError
from ..core.records.loader import load_book
from ..core.records.model import COMPONENT_STATUSES, IMPACTS
from .where import HELP, records_folder

RECORD_COMPONENT_STATUSES = tuple(s for s in COMPONENT_STATUSES if s != "operational")
WHEN = "e.g. 2026-11-23T03:12:00Z, -15m, -1h30m or 03:12 (UTC)"


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
    new.add_argument("--template", metavar="NAME", help="the first update from a message template of catalog.yml")
    new.add_argument("--public-title", help="customer-facing title (default: the title); a public record's id is made from it")
    new.add_argument("--summary", help="the public summary")
    new.add_argument("--impact", choices=IMPACTS, help="the public impact, overriding the one the component statuses give")
    new.add_argument("--lead", help="incident lead")
    new.add_argument("--started", metavar="WHEN", help=f"when the impact began, if before now ({WHEN})")
    new.add_argument("--detected", metavar="WHEN", help="when it was noticed")
    new.add_argument("--acknowledged", metavar="WHEN", help="when someone started working on it")
    new.add_argument("--maintenance", action="store_true", help="schedule a maintenance instead (needs --start and --end)")
    new.add_argument("--start", help="maintenance window start, e.g. 2026-12-01T02:00:00Z")
    new.add_argument("--end", help="maintenance window end")
    new.add_argument("--records", default=None, help=HELP)
    new.set_defaults(run=run_new)

    update = sub.add_parser("update", help="post an update to a record",
                            description="Append a public update, set the status and its lifecycle timestamp.")
    update.add_argument("id", help="record id, a unique prefix of it, or its number in `incidentbook list`")
    update.add_argument("--status", required=True,
                        help="incident: investigating|identified|monitoring|resolved; maintenance: scheduled|in_progress|verifying|completed")
    update.add_argument("--message", help="the public update text (default: a standard sentence for the status)")
    update.add_argument("--template", metavar="NAME", help="the update's text from a message template of catalog.yml")
    update.add_argument("--component", action="append", default=[], metavar="ID=STATUS",
                        help=f"component status as of this update ({', '.join(COMPONENT_STATUSES)}); repeatable")
    update.add_argument("--summary", help="set the public summary")
    update.add_argument("--impact", choices=IMPACTS, help="set the public impact")
    update.add_argument("--at", metavar="WHEN", help=f"when it happened, if before now ({WHEN})")
    update.add_argument("--records", default=None, help=HELP)
    update.set_defaults(run=run_update)

    resolve = sub.add_parser("resolve", help="resolve an incident (or complete a maintenance)",
                             description="Post the final update and set status resolved (maintenance: completed). "
                                         "Refused when the record is already closed.")
    resolve.add_argument("id", help="record id, a unique prefix of it, or its number in `incidentbook list`")
    resolve.add_argument("--message", help="the closing public update (default: 'This incident has been resolved.', "
                         "for a maintenance 'The scheduled maintenance has been completed.')")
    resolve.add_argument("--template", metavar="NAME", help="the closing update from a message template of catalog.yml")
    resolve.add_argument("--at", metavar="WHEN", help=f"when it was resolved, if before now ({WHEN})")
    resolve.add_argument("--records", default=None, help=HELP)
    resolve.set_defaults(run=run_resolve)

    cancel = sub.add_parser("cancel", help="call off a scheduled maintenance",
                            description="Set a maintenance's status to cancelled and post an update saying so.")
    cancel.add_argument("id", help="record id, a unique prefix of it, or its number in `incidentbook list`")
    cancel.add_argument("--message", help="the public update (default: 'This maintenance has been cancelled.')")
    cancel.add_argument("--template", metavar="NAME", help="the update from a message template of catalog.yml")
    cancel.add_argument("--at", metavar="WHEN", help=f"when it was called off, if before now ({WHEN})")
    cancel.add_argument("--records", default=None, help=HELP)
    cancel.set_defaults(run=run_cancel)

    reopen = sub.add_parser("reopen", help="reopen a resolved incident that came back",
                            description="Set status investigating, clear resolved and post an update; the "
                                        "earlier resolution stays in the timeline.")
    reopen.add_argument("id", help="record id, a unique prefix of it, or its number in `incidentbook list --all`")
    reopen.add_argument("--message", help="the public update (default: 'The issue has come back and we are investigating it again.')")
    reopen.add_argument("--at", metavar="WHEN", help=f"when it came back, if before now ({WHEN})")
    reopen.add_argument("--records", default=None, help=HELP)
    reopen.set_defaults(run=run_reopen)


def _timestamp(option: str, value: str | None) -> datetime:
    if not value:
        raise UsageError(f"{option} is required with --maintenance")
    try:
        return parse_timestamp(value)
    except ValueError as exc:
        raise UsageError(f"{option} {value!r}: {exc}") from None


def _when(option: str, value: str | None, now: datetime) -> datetime | None:
    if value is None:
        return None
    try:
        moment = parse_when(value, now)
    except ValueError as exc:
        raise UsageError(f"{option} {value!r}: {exc}") from None
    if moment > now:
        raise UsageError(f"{option} {value!r} is after now ({now:%Y-%m-%dT%H:%M:%SZ}): it records what already happened")
    return moment


def _record_id(records: Path, given: str, now: datetime, everything: bool = False) -> str:
    """An id as typed: a number (``2`` or ``#2``) is a position in ``incidentbook list``; anything else
    is passed on to the editor, which takes exact ids and unique prefixes."""
    number = given.removeprefix("#")
    if not number.isdigit():
        return given
    from .listing import numbered

    shown = numbered(load_book(records), now, everything)
    if not 1 <= int(number) <= len(shown):
        raise UsageError(f"there is no number {number} in `incidentbook list{' --all' if everything else ''}` "
                         f"({len(shown)} shown)")
    return shown[int(number) - 1].id


def _template(args: argparse.Namespace) -> str | None:
    if args.template and args.message:
        raise UsageError("--template and --message both give the update's text: use one")
    return args.template


def run_new(args: argparse.Namespace) -> int:
    now = build_now()
    window = None
    if args.maintenance:
        if args.severity:
            raise UsageError("--severity is for incidents; a maintenance has none")
        if args.started or args.detected or args.acknowledged:
            raise UsageError("--started, --detected and --acknowledged are for incidents; a maintenance has --start and --end")
        window = (_timestamp("--start", args.start), _timestamp("--end", args.end))
    elif args.start or args.end:
        raise UsageError("--start and --end go with --maintenance")
    path = create_record(
        records_folder(args.records), args.title, now,
        severity=args.severity,
        components=parse_component_args(args.component, RECORD_COMPONENT_STATUSES),
        visibility=args.visibility, message=args.message, public_title=args.public_title,
        maintenance_window=window, lead=args.lead, summary=args.summary, impact=args.impact,
        started=_when("--started", args.started, now), detected=_when("--detected", args.detected, now),
        acknowledged=_when("--acknowledged", args.acknowledged, now), template=_template(args),
    )
    print(path)
    where = ("on the public status page, in the API and the feeds once published"
             if args.visibility == "public" else "on the internal site only (no public page; --visibility public to publish it)")
    print(f"{'maintenance' if args.maintenance else 'incident'} {path.stem}: shown {where}", file=sys.stderr)
    if not args.maintenance:
        print(f"next: incidentbook update {path.stem[11:]} --status identified --message '...'   "
              f"(then commit and push)", file=sys.stderr)
    return 0


def run_update(args: argparse.Namespace) -> int:
    now = build_now()
    records = records_folder(args.records)
    at = _when("--at", args.at, now) or now
    path = update_record(
        records, _record_id(records, args.id, now), args.status, at, message=args.message,
        components=parse_component_args(args.component, COMPONENT_STATUSES), summary=args.summary, impact=args.impact,
        template=_template(args),
    )
    print(path)
    return 0


def _close(args: argparse.Namespace, edit: Callable[..., Path], everything: bool = False, **options: Any) -> int:
    """resolve, cancel and reopen: one record, one closing (or reopening) update at ``--at`` or now."""
    now = build_now()
    records = records_folder(args.records)
    at = _when("--at", args.at, now) or now
    print(edit(records, _record_id(records, args.id, now, everything), at, message=args.message, **options))
    return 0


def run_resolve(args: argparse.Namespace) -> int:
    return _close(args, resolve_record, template=_template(args))


def run_cancel(args: argparse.Namespace) -> int:
    return _close(args, cancel_record, template=_template(args))


def run_reopen(args: argparse.Namespace) -> int:
    return _close(args, reopen_record, everything=True)
