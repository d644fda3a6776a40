"""The internal home in a real build: every active incident (internal ones and drills marked), and at
most ten post-mortems due and ten overdue actions, with a link to all of them, at any history size."""

from __future__ import annotations

from pathlib import Path

from sitebuild import build_site, read, write_catalog, write_record


def incident(day: int, **extra: object) -> dict:
    return {
        "title": f"Incident {day}", "severity": "major", "status": "resolved", "visibility": "internal",
        "components": {"checkout": "partial_outage"},
        "started": f"2026-10-{day:02d}T10:00:00Z", "resolved": f"2026-10-{day:02d}T11:00:00Z",
        "updates": [{"at": f"2026-10-{day:02d}T10:05:00Z", "status": "investigating", "message": "Looking."},
                    {"at": f"2026-10-{day:02d}T11:00:00Z", "status": "resolved", "message": "Fixed."}],
        "actions": [{"id": "fix", "title": f"Fix cause {day}", "owner": "ben", "due": "2026-11-01"}],
        **extra,
    }


def test_the_home_lists_what_needs_attention_and_stays_small(tmp_path: Path) -> None:
    records = tmp_path / "incidents"
    write_catalog(records)
    for day in range(1, 13):  # twelve resolved majors: twelve post-mortems due, twelve actions overdue
        write_record(records / "2026", f"2026-10-{day:02d}-incident", incident(day))
    active = incident(20, status="identified", visibility="public", title="Checkout slow", public={"title": "Slow checkout"})
    del active["resolved"]
    active["started"], active["updates"] = "2026-11-23T10:00:00Z", [{"at": "2026-11-23T10:05:00Z", "status": "identified", "message": "Found it."}]
    write_record(records / "2026", "2026-11-23-slow-checkout", active)
    drill = {**active, "title": "Game day", "drill": True, "visibility": "internal"}
    drill.pop("public")
    write_record(records / "2026", "2026-11-23-game-day", drill)
    home = read(build_site(tmp_path, records, "internal"), "index.html")
    assert home.count('<li data-record="2026-10-') == 10  # post-mortems due: the ten waiting longest
    assert "All 12 post-mortems due" in home and "All 14 overdue actions" in home  # the two active ones have one too
    assert home.count("overdue by ") == 10
    assert '<li data-record="2026-11-23-slow-checkout">' in home and '<li data-record="2026-11-23-game-day">' in home
    slow = home[home.index('<li data-record="2026-11-23-slow-checkout">'):]
    assert "public" in slow[:400] and "2 h 0 min" in slow[:600]
    game = home[home.index('<li data-record="2026-11-23-game-day">'):]
    assert "Drill" in game[:400] and "internal" in game[:400]
