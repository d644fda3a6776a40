"""The post-mortem library in a real internal build: every page's content, the policy list, filters'
data, related records, copied images, search metadata, the navigation, and nothing on the public site."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from incidentbook.site import Settings
from incidentbook.site.library_pages import edit_url
from library_fixture import EXTENSIONS, NOW, WORD, write_library_records
from sitebuild import build_site, read, write_catalog, write_record

REPO = {"repo_url": "https://github.com/acme/incidents", "edit_uri": "edit/main/"}


def text(html: str) -> str:
    """Visible text with tags removed and white space collapsed, for readable assertions."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def article(site: Path, path: str) -> str:
    html = read(site, path)
    return html[html.index("<article"):html.index("</article>")]


def section(html: str, start: str, end: str | None = None) -> str:
    tail = html[html.index(start):]
    return tail[: tail.index(end)] if end else tail


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("library-site")
    records = write_library_records(work / "records")
    return build_site(work, records, now=NOW, config={"markdown_extensions": EXTENSIONS, **REPO})


def test_record_header_shows_facts_people_team_tags_and_postmortem(site: Path) -> None:
    page = text(article(site, "postmortems/db-outage/index.html"))
    assert "Checkout database outage" in page
    for expected in (
        "Major", "Resolved", "Public",
        "Components Checkout Major outage Payments API Degraded performance",  # worst, updates included
        "Team Payments", "Lead ana", "Responders ben, chloe", "Tags database deploy",
        "Post-mortem Published reviewed 2026-03-17 by ana, ben (required)",
    ):
        assert expected in page


def test_record_shows_every_timestamp_and_the_durations_from_start(site: Path) -> None:
    page = text(article(site, "postmortems/db-outage/index.html"))
    for expected in (
        "Time to detect 11 min", "Time to acknowledge 14 min", "Time to mitigate 39 min", "Time to resolve 1 h 24 min",
        "Impact started 2026-03-14 09:41 UTC", "Detected 2026-03-14 09:52 UTC 11 min",
        "Acknowledged 2026-03-14 09:55 UTC 14 min", "Mitigated 2026-03-14 10:20 UTC 39 min",
        "Resolved 2026-03-14 11:05 UTC 1 h 24 min",
    ):
        assert expected in page
    html = article(site, "postmortems/db-outage/index.html")
    assert '<time datetime="2026-03-14T09:41:00Z">' in html


def test_component_links_and_tag_links_lead_to_browse_pages(site: Path) -> None:
    html = article(site, "postmortems/db-outage/index.html")
    assert 'href="../../browse/components/checkout/"' in html
    assert 'href="../../browse/tags/database/"' in html


def test_postmortem_body_is_rendered_with_material_extensions(site: Path) -> None:
    html = article(site, "postmortems/db-outage/index.html")
    body = section(html, 'class="ib-lib-postmortem"', 'id="ib-updates"')
    assert '<h2 id="learnings">Learnings' in body and WORD in body
    assert "<table>" in body and "1,204" in body  # tables
    assert '<div class="admonition note">' in body  # admonitions
    assert '<pre class="mermaid"><code>graph LR' in body  # Mermaid fence for Material's loader
    assert 'class="highlight"' in body and "max_idle" in body  # highlighted code
    assert '<img alt="Latency during the incident" src="graphs/latency.png"' in body


def test_images_beside_the_record_are_copied_next_to_the_page(site: Path) -> None:
    assert (site / "postmortems/db-outage/graphs/latency.png").read_bytes().startswith(b"\x89PNG")
    assert not list(site.rglob("notes.txt"))  # only what a body links to is published


def test_public_updates_form_a_timeline_oldest_first(site: Path) -> None:
    html = section(article(site, "postmortems/db-outage/index.html"), 'id="ib-updates"', 'id="ib-actions"')
    page = text(html)
    assert page.index("Investigating") < page.index("Card payments work again.")
    assert "<em>failed</em>" in html
    assert "Checkout: Major outage" in page


def test_actions_table_marks_overdue_with_status_owner_and_due(site: Path) -> None:
    html = section(article(site, "postmortems/db-outage/index.html"), 'id="ib-actions"', 'id="ib-related"')
    rows = {m.group(1): m.group(0) for m in re.finditer(r'<tr id="action-([a-z-]+)".*?</tr>', html, re.S)}
    assert set(rows) == {"alert-pool", "tune-pool", "rewrite-driver", "runbook"}
    assert 'class="ib-lib-overdue"' in rows["alert-pool"]
    assert "overdue by 236 days" in text(rows["alert-pool"])
    assert text(rows["alert-pool"]).startswith("Alert on pool saturation Open ben 2026-04-01")
    assert 'href="https://tracker.example.com/T-1"' in rows["alert-pool"]
    for calm in ("tune-pool", "rewrite-driver", "runbook"):
        assert "ib-lib-overdue" not in rows[calm]
    assert "Upstream fixed it" in text(rows["rewrite-driver"]) and "Won't do" in text(rows["rewrite-driver"])
    assert "In progress payments-team 2026-12-31" in text(rows["tune-pool"])
    # no due date in the record: the severity policy's date (resolved + 30 days), marked as such
    assert "2026-04-13 (policy)" in text(rows["rewrite-driver"])


def test_related_records_are_ranked_and_say_what_they_share(site: Path) -> None:
    html = section(article(site, "postmortems/db-outage/index.html"), 'id="ib-related"')
    links = re.findall(r'class="ib-lib-row__title" href="\.\./([a-z0-9-]+)/"', html)
    assert links == ["payments-5xx", "search-slow", "db-maint", "active-checkout"]
    assert "shares: Payments API, deploy" in text(html)


def test_edit_link_points_at_the_record_in_the_repository(site: Path) -> None:
    html = article(site, "postmortems/db-outage/index.html")
    assert 'href="https://github.com/acme/incidents/edit/main/records/2026/db-outage.md"' in html
    assert "History" not in text(html)  # the fixture folder is not a git repository


def test_edit_url_follows_mkdocs_rules() -> None:
    settings = Settings(repo_url="https://git.example.com/acme/inc/", edit_uri="/-/edit/main")
    assert edit_url(settings, "incidents/a b.md") == "https://git.example.com/acme/inc/-/edit/main/incidents/a%20b.md"
    assert edit_url(Settings(repo_url="https://x", edit_uri="https://y/edit/"), "a.md") == "https://y/edit/a.md"
    assert edit_url(Settings(repo_url=None, edit_uri="edit/main/"), "a.md") is None


def test_drills_and_due_postmortems_are_marked_on_their_pages(site: Path) -> None:
    drill = text(article(site, "postmortems/webhook-drill/index.html"))
    assert "Drill This record is a drill" in drill
    assert "The Critical policy requires a post-mortem; it is draft, 53 days after the incident was resolved." in drill
    missing = text(article(site, "postmortems/payments-5xx/index.html"))
    assert "Post-mortem Missing (required)" in missing
    assert "Post-mortem No post-mortem" in text(article(site, "postmortems/search-slow/index.html"))


def test_index_lists_every_record_newest_first_with_filter_data(site: Path) -> None:
    html = article(site, "postmortems/index.html")
    rows = re.findall(r'<li class="ib-lib-row"( data-[^>]*)>\s*<a class="ib-lib-row__title" href="([a-z0-9-]+)/"',
                      section(html, "data-ib-records"))
    assert [slug for _, slug in rows] == [
        "active-checkout", "review-pending", "webhook-drill", "payments-5xx", "db-outage", "search-slow", "db-maint",
    ]
    data = {slug: dict(re.findall(r'data-([a-z]+)="([^"]*)"', attrs)) for attrs, slug in rows}
    assert data["payments-5xx"] == {
        "severity": "critical", "component": "payments-api", "team": "platform-team", "tag": "deploy load-balancer",
        "year": "2026", "type": "incident", "drill": "no", "postmortem": "none",
    }
    assert data["db-outage"]["component"] == "checkout payments-api"
    assert data["webhook-drill"]["drill"] == "yes"
    assert data["db-maint"]["type"] == "maintenance" and data["db-maint"]["year"] == "2024"


def test_index_filter_form_offers_every_value_with_counts_and_stays_hidden_without_js(site: Path) -> None:
    html = article(site, "postmortems/index.html")
    form = section(html, "<form", "</form>")
    assert "data-ib-filters hidden" in form
    names = re.findall(r'<select name="([a-z]+)"', form)
    assert names == ["severity", "component", "team", "tag", "year", "type", "drill", "postmortem"]
    assert '<option value="critical">Critical (2)</option>' in form
    assert '<option value="load-balancer">Load Balancer (1)</option>' in form
    assert '<option value="yes">Drills only (1)</option>' in form
    assert '<option value="in_review">In review (1)</option>' in form
    assert re.search(r'<script src="\.\./incidentbook/library\.js"></script>', read(site, "postmortems/index.html"))
    assert (site / "incidentbook/library.js").is_file() and (site / "incidentbook/library.css").is_file()


def test_index_lists_due_postmortems_with_days_since_resolution(site: Path) -> None:
    due = section(article(site, "postmortems/index.html"), 'id="due"', 'id="recent"')
    rows = re.findall(r'<tr data-record="([a-z0-9-]+)">(.*?)</tr>', due, re.S)
    assert [(r, text(cells)) for r, cells in rows] == [
        ("payments-5xx", "Payments API returned 5xx after a deploy Critical Missing resolved 74 days ago"),
        ("webhook-drill", "Game day: webhooks region failover Drill Critical Draft resolved 53 days ago"),
        ("review-pending", "Dashboard slow after index change Major In review resolved 22 days ago"),
    ]


def test_index_shows_recently_published_and_on_this_day(site: Path) -> None:
    html = article(site, "postmortems/index.html")
    recent = section(html, 'id="recent"', 'id="on-this-day"')
    assert re.findall(r'href="([a-z0-9-]+)/"', recent) == ["db-outage"]
    today = text(section(html, 'id="on-this-day"', 'id="all"'))
    assert "Search slow for some customers 2025-11-23" in today and "a year ago" in today
    assert "Database upgrade 2024-11-23" in today and "2 years ago" in today


def test_browse_pages_by_component_tag_and_year(site: Path) -> None:
    components = text(article(site, "browse/components/index.html"))
    assert "Checkout 4 records" in components and "Webhooks 1 records" in components
    checkout = article(site, "browse/components/checkout/index.html")
    assert re.findall(r'href="\.\./\.\./\.\./postmortems/([a-z0-9-]+)/"', checkout) == [
        "active-checkout", "db-outage", "search-slow", "db-maint",
    ]
    assert "Team: Payments" in text(checkout)
    assert "Load Balancer" in text(article(site, "browse/tags/load-balancer/index.html"))
    assert re.findall(r'href="\.\./\.\./\.\./postmortems/([a-z0-9-]+)/"', article(site, "browse/tags/database/index.html")) == [
        "db-outage", "search-slow", "db-maint",
    ]
    years = text(article(site, "browse/years/index.html"))
    assert years.index("2026") < years.index("2025") < years.index("2024")
    assert "db-maint/" in article(site, "browse/years/2024/index.html")


def test_only_index_and_browse_indexes_are_in_the_navigation(site: Path) -> None:
    nav = read(site, "status/index.html")  # lists no post-mortem itself
    nav = nav[nav.index('<nav class="md-nav md-nav--primary"'):]
    for listed in ("postmortems/", "browse/components/", "browse/tags/", "browse/years/"):
        assert f'href="../{listed}"' in nav
    assert "postmortems/db-outage/" not in nav and "browse/tags/database/" not in nav


def test_record_pages_carry_search_boost_and_tags_for_materials_search(site: Path) -> None:
    index = json.loads(read(site, "search/search_index.json"))
    entries = [d for d in index["docs"] if d["location"].startswith("postmortems/db-outage/")]
    assert entries and all(d.get("boost") == 2 for d in entries)
    assert entries[0]["tags"] == ["database", "deploy", "Checkout", "Payments API"]
    learnings = next(d for d in entries if d["location"].endswith("#learnings"))
    assert WORD in learnings["text"]
    # a record without any post-mortem text is still found by its title and facts
    maintenance = next(d for d in index["docs"] if d["location"] == "postmortems/db-maint/")
    assert maintenance["text"] == "<p>Database upgrade · Maintenance · Checkout · Payments · database</p>"


def test_public_build_has_no_library(tmp_path: Path) -> None:
    records = write_library_records(tmp_path / "records")
    public = build_site(tmp_path, records, audience="public", now=NOW)
    assert not (public / "postmortems").exists()
    assert WORD not in (public / "search/search_index.json").read_text(encoding="utf-8")


def test_a_record_may_be_called_like_a_browse_page(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    write_catalog(folder)
    write_record(folder, "tags", {"title": "Tagged", "severity": "minor", "status": "resolved",
                                  "started": "2026-01-01T00:00:00Z", "resolved": "2026-01-01T01:00:00Z"})
    site = build_site(tmp_path, folder, now=NOW)
    assert "Tagged" in (site / "postmortems" / "tags" / "index.html").read_text(encoding="utf-8")
    assert (site / "browse" / "tags" / "index.html").exists()
