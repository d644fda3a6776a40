"""Fixture records for the machine-readable files (API, feeds, calendar, badges), and a fast builder.

The book: a resolved incident, optionally an active one, a maintenance on 2026-12-01 02:00-04:00Z, and
records that must never be published (internal, drill) carrying SECRET sentinels, as do the internal
fields of the public records.
"""

from __future__ import annotations

from pathlib import Path

from incidentbook.core.public.view import public_view
from incidentbook.core.records.clock import parse_timestamp
from incidentbook.core.records.loader import load_book
from incidentbook.site import Asset, Context, Settings, machine_files
from sitebuild import write_catalog, write_record

SECRET = "SECRET-c0ffee"
SETTINGS = Settings(
    audience="public", site_name="Example status", site_url="https://status.example.com",
    page_id="ib0000000001", time_zone="Etc/UTC", feed_limit=50,
)

# Build clocks of the scenarios: the maintenance upcoming, in progress and completed.
BEFORE_MAINTENANCE = "2026-11-23T12:00:00Z"
DURING_MAINTENANCE = "2026-12-01T03:00:00Z"
AFTER_MAINTENANCE = "2026-12-01T05:00:00Z"

RESOLVED_INCIDENT = {
    "title": f"Internal title {SECRET}",
    "type": "incident",
    "severity": "major",
    "status": "resolved",
    "visibility": "public",
    "components": {"checkout": "major_outage", "payments-api": "degraded_performance"},
    "started": "2026-03-14T09:41:00Z",
    "detected": "2026-03-14T09:52:00Z",
    "resolved": "2026-03-14T11:05:00Z",
    "lead": f"lead-{SECRET}",
    "responders": [f"responder-{SECRET}"],
    "tags": [f"tag-{SECRET}"],
    "public": {"title": "Card payments failing", "summary": "Some card payments failed for 84 minutes."},
    "updates": [
        {"at": "2026-03-14T09:58:00Z", "status": "investigating", "message": "We are investigating failed card payments.",
         "components": {"checkout": "partial_outage"}},
        {"at": "2026-03-14T10:20:00Z", "status": "identified", "message": "A **database** failover is under way.",
         "components": {"checkout": "major_outage", "payments-api": "degraded_performance"}},
        {"at": "2026-03-14T11:05:00Z", "status": "resolved", "message": "Card payments are working normally again.",
         "components": {"checkout": "operational", "payments-api": "operational"}},
    ],
    "postmortem": {"status": "draft", "authors": [f"author-{SECRET}"]},
    "actions": [{"id": "alert", "title": f"Action {SECRET}", "owner": "ben", "priority": "high", "status": "open"}],
}

ACTIVE_INCIDENT = {
    "title": "Search is slow",
    "type": "incident",
    "severity": "minor",
    "status": "identified",
    "visibility": "public",
    "components": {"search": "partial_outage"},
    "started": "2026-11-22T08:00:00Z",
    "updates": [
        {"at": "2026-11-22T08:10:00Z", "status": "investigating", "message": "Search results load slowly.",
         "components": {"search": "degraded_performance"}},
        {"at": "2026-11-22T09:00:00Z", "status": "identified", "message": "An index rebuild is overloading search.",
         "components": {"search": "partial_outage"}},
    ],
}

MAINTENANCE = {
    "title": "Payments database upgrade",
    "type": "maintenance",
    "status": "scheduled",
    "visibility": "public",
    "components": {"payments-api": "under_maintenance"},
    "scheduled_start": "2026-12-01T02:00:00Z",
    "scheduled_end": "2026-12-01T04:00:00Z",
    "lead": f"lead-{SECRET}",
    "public": {"summary": "Payments may be delayed for up to two hours."},
    "updates": [
        {"at": "2026-11-20T10:00:00Z", "status": "scheduled",
         "message": "We will upgrade the payments database on 1 December, 02:00-04:00 UTC."},
    ],
}

INTERNAL_RECORD = {
    "title": f"Internal only {SECRET}",
    "type": "incident",
    "severity": "critical",
    "status": "identified",
    "visibility": "internal",
    "components": {"dashboard": "major_outage"},
    "started": "2026-11-23T10:00:00Z",
    "public": {"title": f"Public title of an internal record {SECRET}"},
    "updates": [{"at": "2026-11-23T10:05:00Z", "status": "identified", "message": f"Internal message {SECRET}",
                 "components": {"dashboard": "major_outage"}}],
}

DRILL_RECORD = {
    "title": f"Game day {SECRET}",
    "type": "maintenance",
    "status": "scheduled",
    "visibility": "public",
    "drill": True,
    "components": {"webhooks": "under_maintenance"},
    "scheduled_start": "2026-12-01T01:00:00Z",
    "scheduled_end": "2026-12-01T06:00:00Z",
    "public": {"title": f"Drill {SECRET}", "summary": f"Drill summary {SECRET}"},
    "updates": [{"at": "2026-11-21T10:00:00Z", "status": "scheduled", "message": f"Drill message {SECRET}"}],
}


def write_book(folder: Path, *, active_incident: bool = False) -> Path:
    """Write the fixture records (with the internal and drill ones) to ``folder``; return it."""
    write_catalog(folder)
    body = f"## Summary\n\nInternal body {SECRET}\n"
    write_record(folder, "card-payments-failing", RESOLVED_INCIDENT, body)
    write_record(folder, "payments-db-upgrade", MAINTENANCE, body)
    write_record(folder, "internal-outage", INTERNAL_RECORD, body)
    write_record(folder, "game-day", DRILL_RECORD, body)
    if active_incident:
        write_record(folder, "search-slow", ACTIVE_INCIDENT)
    return folder


def build_files(records: Path, now: str, settings: Settings = SETTINGS) -> dict[str, bytes]:
    """The machine-readable files of a build at ``now``, by path, made without MkDocs (fast)."""
    context = Context(public=public_view(load_book(records)), now=parse_timestamp(now), settings=settings)
    files: dict[str, bytes] = {}
    for output in machine_files.build(context):
        assert isinstance(output, Asset)
        content = output.content
        files[output.path] = content.encode("utf-8") if isinstance(content, str) else content or b""
    return files
