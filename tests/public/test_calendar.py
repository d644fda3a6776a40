"""maintenance.ics: parsed by icalendar, and its required properties asserted on the text itself
(icalendar reads events without UID or DTSTAMP without complaint)."""

from __future__ import annotations

import copy
from datetime import datetime, timezone
from pathlib import Path

import icalendar
from sitebuild import write_record
from statuspage_fixtures import (
    AFTER_MAINTENANCE,
    BEFORE_MAINTENANCE,
    DURING_MAINTENANCE,
    MAINTENANCE,
    SECRET,
    build_files,
    write_book,
)

UTC = timezone.utc


def calendar(records: Path, now: str = BEFORE_MAINTENANCE) -> bytes:
    return build_files(records, now)["maintenance.ics"]


def unfolded_lines(raw: bytes) -> list[str]:
    return raw.decode("utf-8").replace("\r\n ", "").split("\r\n")


def test_one_event_per_public_maintenance_with_every_required_property(tmp_path: Path) -> None:
    raw = calendar(write_book(tmp_path / "records", active_incident=True))
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")  # CRLF only
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded at 75 octets
    lines = unfolded_lines(raw)
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    assert not any("TZID" in line for line in lines)  # every time is UTC, so no VTIMEZONE is needed
    assert lines.count("BEGIN:VEVENT") == 1  # the drill and the incidents are not maintenances to publish
    for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "URL", "STATUS", "SEQUENCE"):
        assert sum(line.startswith(prop + ":") for line in lines) == 1, prop
    assert "DTSTART:20261201T020000Z" in lines and "DTEND:20261201T040000Z" in lines
    assert "DTSTAMP:20261120T100000Z" in lines  # the latest update, not the build clock

    (event,) = icalendar.Calendar.from_ical(raw).walk("VEVENT")
    assert str(event["UID"]) == "payments-db-upgrade@status.example.com"
    assert event.decoded("DTSTART") == datetime(2026, 12, 1, 2, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2026, 12, 1, 4, tzinfo=UTC)
    assert str(event["SUMMARY"]) == "Payments database upgrade"
    assert str(event["DESCRIPTION"]) == (
        "We will upgrade the payments database on 1 December, 02:00-04:00 UTC.\n\nComponents: Payments API"
    )
    assert str(event["URL"]) == "https://status.example.com/incidents/payments-db-upgrade/"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event.decoded("SEQUENCE") == 1


def test_the_calendar_does_not_change_with_the_build_clock(tmp_path: Path) -> None:
    records = write_book(tmp_path / "records")
    raws = {now: calendar(records, now) for now in (BEFORE_MAINTENANCE, DURING_MAINTENANCE, AFTER_MAINTENANCE)}
    assert len(set(raws.values())) == 1  # completed stays CONFIRMED: it simply lies in the past


def test_a_new_update_keeps_the_uid_and_raises_the_sequence(tmp_path: Path) -> None:
    records = write_book(tmp_path / "records")
    (before,) = icalendar.Calendar.from_ical(calendar(records)).walk("VEVENT")
    changed = copy.deepcopy(MAINTENANCE)
    changed["title"] = "Payments database upgrade (moved)"
    changed["updates"].append({"at": "2026-11-25T09:00:00Z", "status": "scheduled", "message": "Still *on* track."})
    write_record(records, "payments-db-upgrade", changed)
    (after,) = icalendar.Calendar.from_ical(calendar(records)).walk("VEVENT")
    assert after["UID"] == before["UID"]
    assert (before.decoded("SEQUENCE"), after.decoded("SEQUENCE")) == (1, 2)
    assert after.decoded("DTSTAMP") == datetime(2026, 11, 25, 9, tzinfo=UTC)
    assert str(after["DESCRIPTION"]).startswith("Still on track.")  # plain text of the latest update


def test_no_internal_content_and_no_markup(tmp_path: Path) -> None:
    records = write_book(tmp_path / "records")
    xss = copy.deepcopy(MAINTENANCE)
    xss["title"] = "Upgrade <script>alert(1)</script>"
    xss["updates"][0]["message"] = "Read [this](javascript:alert(1)) <img src=x onerror=alert(2)>"
    write_record(records, "payments-db-upgrade", xss)
    raw = calendar(records).decode("utf-8")
    assert SECRET not in raw and "game-day" not in raw
    assert "<" not in raw and "javascript:" not in raw and "onerror" not in raw
    (event,) = icalendar.Calendar.from_ical(raw).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Upgrade"
    assert str(event["DESCRIPTION"]).startswith("Read this")
