"""badge.svg, badges/<id>.svg and the shields.io endpoint JSON."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from incidentbook.core.public import badges
from statuspage_fixtures import (
    AFTER_MAINTENANCE,
    BEFORE_MAINTENANCE,
    DURING_MAINTENANCE,
    build_files,
    write_book,
)

SVG = "{http://www.w3.org/2000/svg}"
CASES = {
    "operational": (False, BEFORE_MAINTENANCE, "All Systems Operational", "brightgreen"),
    "incident": (True, BEFORE_MAINTENANCE, "Partial System Outage", "orange"),
    "maintenance": (False, DURING_MAINTENANCE, "Service Under Maintenance", "blue"),
    "after maintenance": (False, AFTER_MAINTENANCE, "All Systems Operational", "brightgreen"),
}


def accessible_text(raw: bytes) -> str:
    """What a screen reader announces: the aria-label, which must equal the <title>."""
    root = ET.fromstring(raw)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    label = root.get("aria-label") or ""
    assert root.findtext(f"{SVG}title") == label
    return label


@pytest.mark.parametrize("case", CASES)
def test_overall_badge_follows_the_roll_up(tmp_path: Path, case: str) -> None:
    active, now, message, color = CASES[case]
    files = build_files(write_book(tmp_path / "records", active_incident=active), now)
    assert accessible_text(files["badge.svg"]) == f"status: {message}"
    assert badges.PALETTE[color] in files["badge.svg"].decode()
    assert json.loads(files["badge.json"]) == {"schemaVersion": 1, "label": "status", "message": message, "color": color}


def test_component_badges(tmp_path: Path) -> None:
    files = build_files(write_book(tmp_path / "records", active_incident=True), DURING_MAINTENANCE)
    expected = {
        "search": ("Search", "partial outage", "orange"),
        "payments-api": ("Payments API", "under maintenance", "blue"),
        "checkout": ("Checkout", "operational", "brightgreen"),
        "dashboard": ("Dashboard", "operational", "brightgreen"),  # the internal record's outage is not shown
    }
    for component, (label, message, color) in expected.items():
        assert accessible_text(files[f"badges/{component}.svg"]) == f"{label}: {message}"
        payload = json.loads(files[f"badges/{component}.json"])
        assert payload == {"schemaVersion": 1, "label": label, "message": message, "color": color}


def test_badge_text_is_escaped_and_readable() -> None:
    """Markup is dropped from the name (badge text is plain text, as in the API), the rest is escaped."""
    badge = badges.component_badge('Search & "Browse" < beta <b>now</b>', "major_outage")
    assert json.loads(badges.shields_json(badge))["label"] == 'Search & "Browse" < beta now'
    raw = badges.svg(badge).encode()
    assert accessible_text(raw) == 'Search & "Browse" < beta now: major outage'
    root = ET.fromstring(raw)
    assert not [e for e in root.iter() if e.tag in (f"{SVG}script", f"{SVG}foreignObject")]
    for text in root.iter(f"{SVG}text"):
        assert int(text.get("textLength") or 0) > 0


@pytest.mark.parametrize("color", badges.PALETTE)
def test_badge_colours_keep_wcag_contrast(color: str) -> None:
    background = badges.PALETTE[color]
    assert badges.contrast(badges.text_color(background), background) >= 4.5
    assert badges.contrast(badges.text_color(badges.LABEL_BACKGROUND), badges.LABEL_BACKGROUND) >= 4.5
