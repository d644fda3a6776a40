"""`incidentbook cancel` on a scheduled maintenance of an init'd repository, and what each public format
then says: gone from the upcoming lists, CANCELLED in the calendar, completed (with the update saying
why) in the Statuspage API, which has no cancelled status, and "Cancelled" in the feeds."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import icalendar
import pytest
from incidentbook.cli import main
from incidentbook.core.records.loader import load_book
from sitebuild import build_clock, build_config, init_repository

NOW = "2026-11-23T12:00:00Z"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = init_repository(tmp_path / "acme")
    monkeypatch.chdir(folder)
    with build_clock("2026-11-20T09:00:00Z"):
        assert main(["new", "Database upgrade", "--maintenance", "--start", "2026-11-25T02:00:00Z", "--end", "2026-11-25T04:00:00Z",
                     "--component", "checkout=under_maintenance", "--visibility", "public", "--template", "maintenance"]) == 0
    return folder


def test_cancel_then_every_format_says_so(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with build_clock(NOW):
        assert main(["cancel", "database", "--message", "We have called off this maintenance; a new date follows."]) == 0
        assert main(["cancel", "database"]) == 2
        assert "already cancelled" in capsys.readouterr().err
        assert main(["list"]) == 0
    assert "Nothing is open" in capsys.readouterr().out
    record = load_book(repo / "incidents").by_id["2026-11-25-database-upgrade"]
    assert record.status == "cancelled" and [u.status for u in record.updates] == ["scheduled", "cancelled"]

    site = build_config(repo / "mkdocs.public.yml", NOW)
    upcoming = json.loads((site / "api" / "v2" / "scheduled-maintenances" / "upcoming.json").read_text())
    assert upcoming["scheduled_maintenances"] == []
    listed = json.loads((site / "api" / "v2" / "scheduled-maintenances.json").read_text())["scheduled_maintenances"]
    assert [(m["status"], m["incident_updates"][0]["status"], m["incident_updates"][0]["body"]) for m in listed] == [
        ("completed", "completed", "We have called off this maintenance; a new date follows.")]
    assert listed[0]["resolved_at"] == "2026-11-23T12:00:00.000Z"
    calendar = icalendar.Calendar.from_ical((site / "maintenance.ics").read_bytes())
    assert [str(e["status"]) for e in calendar.walk("VEVENT")] == ["CANCELLED"]
    feed = feedparser.parse((site / "history.atom").read_bytes())
    assert "Cancelled" in feed.entries[0].content[0].value or "Cancelled" in feed.entries[0].title
    page = (site / "index.html").read_text()
    assert "Database upgrade" not in page.split('id="ib-past"')[0]  # not under upcoming or active maintenance
    incident_page = (site / "incidents" / "2026-11-25-database-upgrade" / "index.html").read_text()
    assert "Cancelled" in incident_page


def test_cancel_is_for_maintenance_only(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with build_clock(NOW):
        assert main(["new", "Checkout down", "--severity", "major"]) == 0
        assert main(["cancel", "checkout"]) == 2
    assert "cancel is for scheduled maintenance" in capsys.readouterr().err
