"""history.atom, history.rss and the per-component Atom feeds.

feedparser accepts feeds that lack required elements, so the required elements are asserted on the XML
itself as well as through feedparser.
"""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path

import feedparser
from incidentbook.core.records.clock import parse_timestamp
from incidentbook.core.text.render import ALLOWED_TAGS
from sitebuild import write_catalog, write_record
from statuspage_fixtures import (
    AFTER_MAINTENANCE,
    BEFORE_MAINTENANCE,
    DURING_MAINTENANCE,
    SECRET,
    SETTINGS,
    build_files,
    write_book,
)

A = "{http://www.w3.org/2005/Atom}"
ENTRY_ORDER = ["payments-db-upgrade", "search-slow", "card-payments-failing"]  # by last change at DURING
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def tag(record_id: str) -> str:
    return f"tag:status.example.com,2026:incidents/{record_id}"


def one(parent: ET.Element, name: str) -> ET.Element:
    found = parent.findall(name)
    assert len(found) == 1, (name, len(found))
    return found[0]


def test_history_atom_has_every_required_element(tmp_path: Path) -> None:
    files = build_files(write_book(tmp_path / "records", active_incident=True), DURING_MAINTENANCE)
    feed = ET.fromstring(files["history.atom"])
    assert feed.tag == f"{A}feed"
    assert one(feed, f"{A}id").text == "tag:status.example.com,2026:history"
    assert one(feed, f"{A}title").text
    assert one(feed, f"{A}updated").text == "2026-12-01T02:00:00.000Z"  # newest entry, not the build clock
    assert one(one(feed, f"{A}author"), f"{A}name").text == "Example status"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{A}link")}
    assert links == {"self": "https://status.example.com/history.atom", "alternate": "https://status.example.com/"}

    entries = feed.findall(f"{A}entry")
    assert [one(e, f"{A}id").text for e in entries] == [tag(i) for i in ENTRY_ORDER]
    for entry in entries:
        for name in ("title", "updated", "published", "content"):
            assert one(entry, f"{A}{name}").text, name
        assert RFC3339.match(one(entry, f"{A}updated").text or "")
        assert one(entry, f"{A}content").get("type") == "html"

    parsed = feedparser.parse(files["history.atom"])
    assert not parsed.bozo
    assert parsed.feed.id == "tag:status.example.com,2026:history"
    card = parsed.entries[2]
    assert card.id == tag("card-payments-failing")
    assert card.title == "Card payments failing"
    assert card.link == "https://status.example.com/incidents/card-payments-failing/"
    assert card.published == "2026-03-14T09:41:00.000Z"  # the incident's start
    assert card.updated == "2026-03-14T11:05:00.000Z"  # its last change
    assert "Card payments are working normally again." in card.content[0].value  # the latest update
    assert "<strong>Resolved</strong>" in card.content[0].value
    assert [t.term for t in card.tags] == ["checkout", "payments-api"]
    maintenance = parsed.entries[0]
    assert maintenance.published == "2026-12-01T02:00:00.000Z"
    assert "In progress" in maintenance.content[0].value


def test_history_rss_has_every_required_element(tmp_path: Path) -> None:
    files = build_files(write_book(tmp_path / "records", active_incident=True), DURING_MAINTENANCE)
    rss = ET.fromstring(files["history.rss"])
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    channel = one(rss, "channel")
    for name in ("title", "link", "description"):
        assert one(channel, name).text, name
    items = channel.findall("item")
    guids = [one(item, "guid") for item in items]
    assert [g.text for g in guids] == [tag(i) for i in ENTRY_ORDER]
    assert all(g.get("isPermaLink") == "false" for g in guids)
    dates = [parsedate_to_datetime(one(item, "pubDate").text or "") for item in items]
    assert dates == [
        parse_timestamp("2026-12-01T02:00:00Z"), parse_timestamp("2026-11-22T09:00:00Z"),
        parse_timestamp("2026-03-14T11:05:00Z"),
    ]
    assert all(re.match(r"^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$", one(i, "pubDate").text or "") for i in items)

    parsed = feedparser.parse(files["history.rss"])
    assert not parsed.bozo
    assert [e.id for e in parsed.entries] == [tag(i) for i in ENTRY_ORDER]
    assert parsed.entries[1].link == "https://status.example.com/incidents/search-slow/"
    assert "An index rebuild is overloading search." in parsed.entries[1].description
    assert [t.term for t in parsed.entries[2].tags] == ["Checkout", "Payments API"]


def test_component_feeds_hold_the_records_that_name_the_component(tmp_path: Path) -> None:
    files = build_files(write_book(tmp_path / "records", active_incident=True), BEFORE_MAINTENANCE)
    expected = {
        "checkout": [tag("card-payments-failing")],
        "search": [tag("search-slow")],
        "payments-api": [tag("payments-db-upgrade"), tag("card-payments-failing")],
        "webhooks": [],  # only the drill names it
        "dashboard": [],  # only the internal record names it
    }
    for component, entry_ids in expected.items():
        parsed = feedparser.parse(files[f"feeds/components/{component}.atom"])
        assert not parsed.bozo
        assert parsed.feed.id == f"tag:status.example.com,2026:components/{component}"
        assert parsed.feed.author_detail.name == "Example status"
        assert parsed.feed.updated  # an empty feed still has its required updated
        assert [e.id for e in parsed.entries] == entry_ids, component


def test_feed_ids_and_dates_do_not_move_with_the_build_clock(tmp_path: Path) -> None:
    records = write_book(tmp_path / "records")
    before = build_files(records, BEFORE_MAINTENANCE)
    assert before["history.atom"] == build_files(records, "2026-11-25T08:00:00Z")["history.atom"]
    after = feedparser.parse(build_files(records, AFTER_MAINTENANCE)["history.atom"])
    ids_before = {e.id for e in feedparser.parse(before["history.atom"]).entries}
    assert {e.id for e in after.entries} == ids_before
    assert after.entries[0].updated == "2026-12-01T04:00:00.000Z"  # the window closed: the entry changed


def test_feeds_are_capped_at_the_feed_limit(tmp_path: Path) -> None:
    records = write_book(tmp_path / "records", active_incident=True)
    files = build_files(records, DURING_MAINTENANCE, dataclasses.replace(SETTINGS, feed_limit=2))
    assert [e.id for e in feedparser.parse(files["history.atom"]).entries] == [tag(i) for i in ENTRY_ORDER[:2]]
    assert len(feedparser.parse(files["history.rss"]).entries) == 2


class _Markup(HTMLParser):
    """Collects every tag and attribute of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes += [(name, value or "") for name, value in attrs]


XSS = {
    "title": "Outage <script>alert('title')</script><img src=x onerror=alert(1)>",
    "summary": "<iframe src=javascript:alert(1)></iframe>",
    "message": "Look [here](javascript:alert(1)) <script>alert(2)</script> <img src=x onerror=alert(3)> "
               "<a href='data:text/html,<script>alert(4)</script>'>x</a> <svg onload=alert(5)></svg>",
}


def test_feeds_carry_no_executable_markup_nor_internal_records(tmp_path: Path) -> None:
    records = tmp_path / "records"
    write_catalog(records)
    write_book(records)
    write_record(records, "xss", {
        "title": XSS["title"], "severity": "minor", "status": "identified", "visibility": "public",
        "components": {"search": "degraded_performance"}, "started": "2026-11-22T08:00:00Z",
        "public": {"summary": XSS["summary"]},
        "updates": [{"at": "2026-11-22T08:10:00Z", "status": "identified", "message": XSS["message"]}],
    })
    files = build_files(records, BEFORE_MAINTENANCE)
    for path in ("history.atom", "history.rss", "feeds/components/search.atom"):
        raw = files[path].decode("utf-8")
        assert SECRET not in raw and "game-day" not in raw and "internal-outage" not in raw, path
        parsed = feedparser.parse(files[path])
        entry = next(e for e in parsed.entries if e.id == tag("xss"))
        assert entry.title == "Outage"  # markup is dropped from titles, which many readers render as HTML
        html = entry.content[0].value if path.endswith(".atom") else entry.description
        root = ET.fromstring(files[path])
        # the HTML as written in the file, before feedparser's own sanitizing
        written = [e.text or "" for e in root.iter() if e.tag in (f"{A}content", "description") and "Look" in (e.text or "")]
        assert written and html
        for fragment in written:
            markup = _Markup()
            markup.feed(fragment)
            assert markup.tags <= ALLOWED_TAGS, markup.tags
            assert not [name for name, _ in markup.attributes if name.startswith("on")]
            assert not [v for _, v in markup.attributes if v.strip().lower().startswith(("javascript:", "data:"))]
            assert "alert(2)" not in fragment  # the script's content is dropped with it
