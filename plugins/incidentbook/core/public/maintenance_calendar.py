"""``maintenance.ics``: public maintenances as an iCalendar (RFC 5545) subscription.

Customers subscribe to it from their calendar app. Each maintenance is one VEVENT whose UID never
changes; SEQUENCE counts the maintenance's updates, so a calendar replaces its copy when a new update is
written. Nothing here reads the build clock: DTSTAMP is the maintenance's latest update (else its window
start), so every rebuild of the same records writes the same bytes. All times are UTC (``Z``), which
needs no VTIMEZONE.

Every TEXT property (SUMMARY, DESCRIPTION, X-WR-CALNAME) is plain text from
:func:`~incidentbook.core.text.render.ical_text`: no markup, no control character (strict parsers reject
the whole file for one), line breaks as the escaped ``\\n`` RFC 5545 has for them.

STATUS: a maintenance that is scheduled, in progress, verifying or completed is CONFIRMED; a completed
one simply lies in the past. Maintenances cannot be cancelled in the record format, so no event is
TENTATIVE or CANCELLED.
"""

from __future__ import annotations

from datetime import datetime

from icalendar import Calendar, Event

from ..text.render import ical_text
from . import status
from .feeds import FeedSite, site_host
from .statuspage_api import record_link
from .view import PublicBook, PublicRecord

PRODID = "-//incidentbook//maintenance calendar//EN"


def uid(site: FeedSite, record: PublicRecord) -> str:
    """``<record id>@<site host>``: unique per site, stable across edits of the record."""
    return f"{record.id}@{site_host(site)}"


def stamp(record: PublicRecord) -> datetime:
    """When the maintenance's public information was last revised, according to its data."""
    return max((u.at for u in record.updates), default=record.begins)


def description(book: PublicBook, record: PublicRecord) -> str:
    """Plain text: the latest update (else the summary), then the components it affects."""
    latest = record.updates[-1].message if record.updates else record.summary or ""
    parts = [ical_text(latest)] if latest else []
    named = status.all_component_statuses(record)
    components = [ical_text(c.name) for c in book.components if c.id in named]
    if components:
        parts.append("Components: " + ", ".join(components))
    return "\n\n".join(parts)


def event(book: PublicBook, record: PublicRecord, site: FeedSite) -> Event:
    """One maintenance window as a VEVENT with a stable UID, so calendars update it in place."""
    assert record.scheduled_start is not None and record.scheduled_end is not None
    vevent = Event()
    vevent.add("uid", uid(site, record))
    vevent.add("dtstamp", stamp(record))
    vevent.add("dtstart", record.scheduled_start)
    vevent.add("dtend", record.scheduled_end)
    vevent.add("summary", ical_text(record.title) or record.id)  # the id when the title was only markup
    vevent.add("description", description(book, record))
    if site.url:
        vevent.add("url", record_link(site.url, record.id))
    vevent.add("status", "CANCELLED" if record.status == "cancelled" else "CONFIRMED")
    vevent.add("sequence", len(record.updates))
    vevent.add("transp", "TRANSPARENT")  # a maintenance does not make the reader busy
    return vevent


def maintenance_calendar(book: PublicBook, site: FeedSite) -> bytes:
    """Every public maintenance, oldest window first (calendars do not care; a stable order does)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{ical_text(site.name)} maintenance")
    maintenances = sorted((r for r in book.records if r.type == "maintenance"), key=lambda r: (r.begins, r.id))
    for record in maintenances:
        calendar.add_component(event(book, record, site))
    return calendar.to_ical()
