"""The public status page, incident pages and history, built with MkDocs from tests/fixtures/public.

The build clock is 2026-11-23T12:00:00Z unless a test says otherwise. Percentages are worked out by hand
from the fixture records (see the comments) with the formula of docs/status-page.md.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from incidentbook.core.text.i18n import LOCALES
from sitebuild import REPO, build_site, read, write_catalog, write_record

FIXTURES = REPO / "tests" / "fixtures" / "public"
NOW = "2026-11-23T12:00:00Z"
DAY = 86400


INLINE = {"a", "span", "strong", "em", "code", "time", "svg", "use", "abbr"}


class _Text(HTMLParser):
    """Text of an HTML fragment with tags removed and whitespace collapsed (what a reader sees without CSS)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in INLINE:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        self.handle_starttag(tag, [])

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def text(fragment: str) -> str:
    parser = _Text()
    parser.feed(fragment)
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


def block(html: str, start: str, end: str) -> str:
    """The HTML from the tag holding the first ``start`` marker to the next ``end`` marker."""
    found = html.index(start)
    i = html.rfind("<", 0, found + 1)
    return html[i:html.index(end, found + len(start))]


def component_row(html: str, cid: str) -> str:
    return block(html, f'id="component-{cid}"', "</ol>")


def maintenance_section(html: str, state: str) -> str:
    return block(html, f'data-ib-maint="{state}"', "</section>")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("public"), FIXTURES, audience="public", now=NOW)


@pytest.fixture(scope="module")
def index(site: Path) -> str:
    return read(site, "index.html")


def test_banner_says_the_worst_active_impact_in_words_with_an_icon(index: str) -> None:
    banner = block(index, '<p class="ib-banner', "</p>")
    assert "ib-look--major_outage" in banner and 'href="#ib-i-major_outage"' in banner
    assert text(banner) == "Major Service Outage"  # checkout reached major_outage: impact critical


def test_each_component_shows_its_current_status(index: str) -> None:
    expected = {
        "checkout": "Partial outage",  # the latest update naming it wins over the record's worst status
        "search": "Operational",  # an internal record says major_outage: it does not count
        "payments-api": "Operational",  # a drill says major_outage: it does not count
        "webhooks": "Operational",
        "dashboard": "Under maintenance",  # inside the 11:00-13:00 window
    }
    for cid, word in expected.items():
        head = block(index, f'id="component-{cid}"', '<ol class="ib-bars"')
        assert text(head).endswith(word), cid


def test_a_group_shows_its_worst_child_and_can_be_collapsed(index: str) -> None:
    storefront = block(index, '<details class="ib-group"', "</summary>")
    assert text(storefront) == "Storefront Partial outage"
    api = block(index, '<span class="ib-group__name">API', "</summary>")
    assert text(api) == "API Operational"


def test_active_incidents_come_first_with_updates_newest_first(index: str) -> None:
    active = block(index, 'aria-labelledby="ib-active"', "</section>")
    assert index.index('aria-labelledby="ib-active"') < index.index('aria-labelledby="ib-components"')
    words = text(active)
    assert "Errors at checkout" in words and "Checkout 500s" not in words  # the public title
    assert words.index("partially restored") < words.index("We are investigating")
    assert "Identified" in words and "Critical impact" in words and "Affected components Checkout Partial outage" in words
    assert '<time datetime="2026-11-23T10:00:00Z" data-ib-time>2026-11-23 10:00 UTC</time>' in active
    assert "<strong>partially restored</strong>" in active  # update messages are Markdown


def test_uptime_percentages_by_hand(index: str) -> None:
    counted = 89 * DAY + 12 * 3600  # 90 UTC days ending today, today counted until the build clock (noon)
    # checkout, today: 09:00-10:00 major_outage (record, then the 09:10 update), 10:00-12:00 partial_outage
    checkout = 100 * (1 - (3600 + 0.3 * 7200) / counted)
    # payments-api: major_outage 2026-11-10 23:00 - 2026-11-11 01:00
    payments = 100 * (1 - 7200 / counted)
    # webhooks exists since 2026-11-01 (23 days, the last one half counted); partial_outage for 1 h on 11-05
    webhooks = 100 * (1 - 0.3 * 3600 / (22 * DAY + 12 * 3600))
    assert (f"{checkout:.4f}", f"{payments:.4f}", f"{webhooks:.4f}") == ("99.9255", "99.9069", "99.9444")
    for cid, shown in {"checkout": "99.92", "payments-api": "99.90", "webhooks": "99.94",
                       "search": "100.00", "dashboard": "100.00"}.items():
        assert f'<span class="ib-bars__percent">{shown} % uptime</span>' in block(index, f'id="component-{cid}"', "Today"), cid


def test_uptime_bars_say_which_records_touched_each_day_without_javascript(index: str) -> None:
    bars = component_row(index, "payments-api")
    assert bars.count("<li ") == 90
    assert 'title="2026-11-10: Major outage (downtime 60 min); Payments API unavailable"' in bars
    assert 'title="2026-11-12: Operational"' in bars
    details = block(index, 'id="component-payments-api"', "</details>")
    assert text(block(details, '<details class="ib-touched"', "</summary>")) == "Days with incidents: 2"
    assert 'href="./incidents/payments-outage/"' in details
    webhooks = component_row(index, "webhooks")
    assert webhooks.count('class="ib-look--no_data"') == 67  # 2026-08-26 .. 2026-10-31: before start_date
    assert 'class="ib-look--partial_outage" title="2026-11-05: Partial outage (downtime 18 min); Webhook queue backlog"' in webhooks


def test_maintenance_in_progress_and_upcoming_with_their_windows(index: str) -> None:
    now = maintenance_section(index, "in_progress")
    assert "Dashboard maintenance" in now and 'data-ib-state="in_progress"' in now
    assert 'data-ib-start="2026-11-23T11:00:00Z" data-ib-end="2026-11-23T13:00:00Z"' in now
    upcoming = maintenance_section(index, "scheduled")
    assert "Webhooks maintenance" in upcoming and "2026-11-25 02:00 UTC" in upcoming and "2026-11-25 04:00 UTC" in upcoming
    assert 'data-ib-maint="completed" aria-labelledby="ib-maint-completed" hidden' in index


@pytest.mark.parametrize(
    ("now", "state"),
    [("2026-11-23T10:59:00Z", "scheduled"), ("2026-11-23T11:00:00Z", "in_progress"), ("2026-11-23T13:00:00Z", "completed")],
)
def test_maintenance_state_before_inside_and_after_its_window(tmp_path: Path, now: str, state: str) -> None:
    records = tmp_path / "records"
    write_catalog(records)
    write_record(records, "upgrade", {
        "title": "Upgrade", "type": "maintenance", "visibility": "public", "components": {"dashboard": "under_maintenance"},
        "scheduled_start": "2026-11-23T11:00:00Z", "scheduled_end": "2026-11-23T13:00:00Z",
    })
    site = build_site(tmp_path, records, audience="public", now=now)
    html = read(site, "index.html")
    banner = text(block(html, '<p class="ib-banner', "</p>"))
    dashboard = text(block(html, 'id="component-dashboard"', '<ol class="ib-bars"'))
    if state == "scheduled":
        assert "Upgrade" in maintenance_section(html, "scheduled") and 'data-ib-maint="in_progress" aria-labelledby="ib-maint-in_progress" hidden' in html
        assert (banner, dashboard) == ("All Systems Operational", "Dashboard Operational")
    elif state == "in_progress":
        assert "Upgrade" in maintenance_section(html, "in_progress") and 'data-ib-maint="scheduled" aria-labelledby="ib-maint-scheduled" hidden' in html
        assert (banner, dashboard) == ("Service Under Maintenance", "Dashboard Under maintenance")
    else:
        assert "Upgrade" not in maintenance_section(html, "in_progress") + maintenance_section(html, "scheduled")
        past = text(block(html, 'aria-labelledby="ib-past"', "</section>"))
        assert "Upgrade Completed" in past
        assert (banner, dashboard) == ("All Systems Operational", "Dashboard Operational")
    assert "Completed" in text(read(site, "incidents/upgrade/index.html")) if state == "completed" else True


def test_past_days_list_incidents_and_say_when_nothing_happened(index: str) -> None:
    past = block(index, 'aria-labelledby="ib-past"', "</section>")
    days = re.findall(r'<time datetime="(2026-\d\d-\d\d)">', past)
    assert days == [f"2026-11-{d}" for d in range(23, 16, -1)]  # the last 7 days, newest first
    words = text(past)
    assert "November 20, 2026 Slow search results Resolved Minor impact" in words
    assert "November 22, 2026 No incidents reported." in words
    assert "Payments API unavailable" not in words  # 13 days ago: in the history only
    assert 'href="./history/"' in past


def test_incident_page_has_the_public_timeline_and_feed_links(site: Path) -> None:
    page = read(site, "incidents/checkout-errors/index.html")
    words = text(block(page, "data-ib-page", "<script>"))
    assert "<title>Errors at checkout - Example status</title>" in page
    assert "Status Identified Impact Critical impact" in words
    assert "Duration 3 h (ongoing)" in words
    assert "Affected components Checkout Partial outage" in words
    assert words.index("We found the cause") < words.index("We are investigating")
    assert '<link rel="alternate" type="application/atom+xml" title="Atom feed of all incidents" href="../../history.atom">' in page
    assert 'href="../../history.rss"' in page and 'href="../../feeds/components/checkout.atom"' in page
    resolved = text(read(site, "incidents/search-slow/index.html"))
    assert "Duration 2 h" in resolved and "Search was slow for two hours." in resolved
    window = text(read(site, "incidents/webhooks-migration/index.html"))
    assert "Scheduled for 2026-11-25 02:00 UTC – 2026-11-25 04:00 UTC" in window and "Duration 2 h" in window


def test_history_is_paginated_by_month_newest_first(site: Path) -> None:
    first, second = read(site, "history/index.html"), read(site, "history/page/2/index.html")
    assert re.findall(r'<h2 id="month-([\d-]+)"', first) == ["2026-11", "2026-10", "2026-09"]
    assert re.findall(r'<h2 id="month-([\d-]+)"', second) == ["2026-08", "2026-07", "2026-06"]
    assert not (site / "history" / "page" / "3").exists()
    assert "No incidents reported this month." in first and "Page 1 of 2" in text(first)
    november = text(block(first, 'id="month-2026-11"', "</section>"))
    assert november.index("Errors at checkout") < november.index("Slow search results") < november.index("Payments API unavailable")
    assert "Webhooks maintenance" not in november  # upcoming, not history
    assert "Dashboard outage in June" in text(second)
    assert 'href="../history/page/2/" rel="next"' in first and 'href="../../../history/" rel="prev"' in second


def test_per_record_pages_stay_out_of_the_navigation(site: Path, index: str) -> None:
    nav = block(index, '<nav class="md-nav md-nav--primary"', "</nav>")
    assert "incidents/" not in nav and "history/" not in nav
    assert "incidents/checkout-errors/" in read(site, "sitemap.xml")


def test_internal_and_drill_records_do_not_reach_the_site(site: Path) -> None:
    assert not (site / "incidents" / "internal-only").exists() and not (site / "incidents" / "drill").exists()


def test_the_status_page_does_not_grow_with_the_history(tmp_path: Path) -> None:
    """Records older than the uptime window change the history, not a byte of the status page."""
    sizes = []
    for count in (0, 40):
        records = tmp_path / f"records-{count}"
        write_catalog(records)
        for n in range(count):
            write_record(records, f"old-{n}", {
                "title": f"Old {n}", "visibility": "public", "severity": "minor", "components": {"search": "major_outage"},
                "started": f"2025-{n % 12 + 1:02d}-10T10:00:00Z", "resolved": f"2025-{n % 12 + 1:02d}-10T11:00:00Z",
            })
        site = build_site(tmp_path / f"w{count}", records, audience="public", now=NOW)
        sizes.append((read(site, "index.html"), len(list((site / "history").rglob("index.html")))))
    assert sizes[0][0] == sizes[1][0]
    assert sizes[0][1] == 1 and sizes[1][1] == 8  # 23 months (2025-01 .. 2026-11), 3 per page


def test_feeds_calendar_badge_and_api_are_linked_from_the_status_page(index: str) -> None:
    assert '<link rel="alternate" type="application/atom+xml" title="Atom feed of all incidents" href="./history.atom">' in index
    assert '<link rel="alternate" type="application/rss+xml" title="RSS feed of all incidents" href="./history.rss">' in index
    footer = block(index, 'class="ib-subscribe"', "</section>")
    for target in ("history.atom", "history.rss", "maintenance.ics", "badge.svg", "api/v2/summary.json"):
        assert f'href="./{target}"' in footer


def test_no_request_leaves_the_site(site: Path) -> None:
    """Scripts, styles, images and preconnects all load from the site itself (font: false, no CDN)."""
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'\ssrc="(https?:)?//', html), page
        for link in re.findall(r"<link [^>]*>", html):
            if re.search(r'rel="(stylesheet|preconnect|preload|icon|modulepreload)"', link):
                assert not re.search(r'href="(https?:)?//', link), (page, link)


def test_times_are_utc_in_time_elements_and_last_updated_is_the_build_clock(index: str) -> None:
    updated = block(index, 'class="ib-updated"', "</p>")
    assert text(updated) == "Last updated: 2026-11-23 12:00 UTC"
    assert '<time datetime="2026-11-23T12:00:00Z" data-ib-time>' in updated
    script = block(index, "<script>\n(function", "</script>")
    assert "fetch" not in script and "XMLHttpRequest" not in script and len(script) < 4000


def test_same_clock_same_bytes(tmp_path: Path, index: str) -> None:
    again = build_site(tmp_path, FIXTURES, audience="public", now=NOW)
    assert read(again, "index.html") == index


def test_the_internal_build_shows_the_same_public_status_page(tmp_path: Path, index: str) -> None:
    internal = read(build_site(tmp_path, FIXTURES, audience="internal", now=NOW), "status/index.html")  # the internal site opens on its home
    page = text(block(internal, "data-ib-page", "<script>"))
    assert page == text(block(index, "data-ib-page", "<script>"))
    assert "Internal-only staging outage" not in internal and "Game day drill" not in internal


def test_the_theme_language_translates_the_labels(tmp_path: Path) -> None:
    site = build_site(tmp_path, FIXTURES, audience="public", now=NOW,
                      config={"theme": {"name": "material", "font": False, "language": "de"}})
    html = read(site, "index.html")
    assert text(block(html, '<p class="ib-banner', "</p>")) == "Schwerer Dienstausfall"
    assert "Laufende Wartung" in html and "Keine Störungen gemeldet." in html and "20. November 2026" in html
    assert "<title>Störungsverlauf - Example status</title>" in read(site, "history/index.html")


def test_every_language_has_every_label() -> None:
    english = json.loads((LOCALES / "en" / "status.json").read_text(encoding="utf-8"))
    for language in ("de", "fr", "es"):
        labels = json.loads((LOCALES / language / "status.json").read_text(encoding="utf-8"))
        assert labels.keys() == english.keys(), language
        for key, value in english.items():
            assert set(re.findall(r"\{\w+\}", labels[key])) == set(re.findall(r"\{\w+\}", value)), (language, key)
