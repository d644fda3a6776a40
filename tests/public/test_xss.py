"""Record text is untrusted: no script, event handler or javascript: URL from it survives in any output,
and no format carries markup or control characters where its readers do not expect them.

Script, event-handler, ``javascript:``/``data:`` and attr_list payloads are planted in every public text
field (``public.title``, ``public.summary``, update messages, and the catalog's component and group
names and descriptions) of incidents and maintenances; titles, which hold at most 200 characters, get
them in chunks over several records. The public site is built and every place a browser or feed reader
would run markup is checked: HTML pages, SVG files, HTML carried by feeds (Atom ``type="html"``, RSS
descriptions), the search index (Material renders its titles and texts as HTML). Plain-text carriers
(JSON API and badge values, feed titles, calendar text) are checked harder: widgets, chat bots and
readers put them into HTML as they are, so an HTML parser must find no element in them at all.

Control characters (every C0 and C1 one) are planted too: the calendar must stay strict iCalendar and
the feeds and badges strict XML, with no control character left in any of them or in the JSON.

An internal build gets a record whose title, tags, component and action hold markup: every page's
``<title>`` and ``<h1>`` (MkDocs and Material print page titles without escaping) show it as text.
"""

from __future__ import annotations

import copy
import gzip
import html
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Iterator

import feedparser
import icalendar
import pytest
from htmlparse import elements
from incidentbook.core.knowledge.library import slug
from sitebuild import BASIC_CATALOG, build_site, read, write_catalog, write_record

NOW = "2026-11-23T12:00:00Z"
TITLE_LIMIT = 200  # the record schema's maxLength of a title
CONTROLS = "".join(chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)])
# What no published text may hold: C0 controls but tab and line breaks, DEL, C1 controls.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
API_EXAMPLE = "Payments <img src=x onerror=alert(1)> slow"


def tricks(tag: str) -> list[str]:
    """Every trick, each one numbered with ``tag`` so a survivor says where it came from."""
    return [
        f'<script>alert("{tag}-1")</script>', f'<img src=x onerror="alert(\'{tag}-2\')">',
        f'<svg onload=alert("{tag}-3")></svg>', f'<a href="javascript:alert(\'{tag}-4\')">a</a>',
        f"[link](javascript:alert('{tag}-5'))", "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        f'![img](x){{ onerror="alert(\'{tag}-6\')" }}', f'<iframe src="javascript:alert(\'{tag}-7\')"></iframe>',
        f'<a href=" JaVaScRiPt:alert(\'{tag}-8\')">b</a>', f'<p onclick="alert(\'{tag}-9\')">c</p>',
        f'"><script>alert("{tag}-10")</script>', f'</title><script>alert("{tag}-11")</script>',
        f"<style>body{{background:url(javascript:alert('{tag}-12'))}}</style>",
    ]


def payloads(tag: str) -> str:
    """Every trick at once."""
    return " ".join(tricks(tag))


def title_chunks(tag: str) -> list[str]:
    """Every trick, packed into as few titles of at most TITLE_LIMIT characters as they fit in."""
    chunks = [""]
    for trick in tricks(tag):
        if len(chunks[-1]) + 1 + len(trick) > TITLE_LIMIT:
            chunks.append("")
        chunks[-1] = f"{chunks[-1]} {trick}".strip()
    return chunks


class Executable(HTMLParser):
    """Collects what a browser would run: script elements, on* attributes, script URLs."""

    URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.in_script = True
        if tag in ("iframe", "object", "embed"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.found.append(f"{tag} {name}")
            if name in self.URL_ATTRIBUTES and re.match(r"^\s*(javascript|data|vbscript):", value):
                self.found.append(f"{tag} {name}={value[:40]}")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and "alert(" in data:
            self.found.append(f"script: {data.strip()[:60]}")


def executable(markup: str) -> list[str]:
    parser = Executable()
    parser.feed(markup)
    parser.close()
    return parser.found


class Headings(HTMLParser):
    """The text of a page's ``<title>`` and ``<h1>`` elements, as a browser shows it (titles of inline
    SVG pictures are not the page's)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: dict[str, list[str]] = {"title": [], "h1": []}
        self.open: str | None = None
        self.svg = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.svg += tag == "svg"
        if tag in self.texts and not self.svg:
            self.open = tag
            self.texts[tag].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg" and self.svg:
            self.svg -= 1
        if tag == self.open:
            self.open = None

    def handle_data(self, data: str) -> None:
        if self.open:
            self.texts[self.open][-1] += data


def headings(html: str) -> dict[str, list[str]]:
    parser = Headings()
    parser.feed(html)
    parser.close()
    return {tag: [" ".join(t.split()) for t in texts] for tag, texts in parser.texts.items()}


def hostile_catalog() -> dict[str, Any]:
    catalog = copy.deepcopy(BASIC_CATALOG)
    dashboard = catalog["components"][4]
    dashboard["name"] = f"Dash<img src=x onerror=alert('component')>board{CONTROLS[1:9]}\x85"
    dashboard["description"] = f"<script>alert('description')</script> the dashboard{CONTROLS[14:20]}"
    for component in catalog["components"][:2]:
        component["group"] = "Store<b onmouseover=alert('group')>front</b>"
    return catalog


def public_records(records: Path) -> None:
    """Incidents and maintenances with payloads in every public field, and the two examples."""
    write_catalog(records, hostile_catalog())
    for n, title in enumerate(title_chunks("title")):
        write_record(records, f"hostile-incident-{n}", {
            "title": "Internal title", "status": "monitoring", "visibility": "public", "severity": "minor",
            "components": {"checkout": "partial_outage", "dashboard": "degraded_performance"},
            "started": "2026-11-23T09:00:00Z",
            "public": {"title": title, "summary": payloads("summary")},
            "updates": [
                {"at": "2026-11-23T09:10:00Z", "status": "investigating", "message": payloads("update1")},
                {"at": "2026-11-23T09:20:00Z", "status": "monitoring", "message": payloads("update2"),
                 "components": {"checkout": "degraded_performance"}},
            ],
        })
    for n, title in enumerate(title_chunks("mtitle")):
        write_record(records, f"hostile-maintenance-{n}", {
            "title": "Internal maintenance", "type": "maintenance", "visibility": "public",
            "components": {"dashboard": "under_maintenance"},
            "scheduled_start": "2026-11-24T02:00:00Z", "scheduled_end": "2026-11-24T03:00:00Z",
            "public": {"title": title, "summary": payloads("msummary")},
            "updates": [{"at": "2026-11-20T09:00:00Z", "status": "scheduled", "message": payloads("mupdate")}],
        })
    write_record(records, "payments-slow", {
        "title": "Internal", "status": "identified", "visibility": "public", "severity": "minor",
        "components": {"payments-api": "degraded_performance"}, "started": "2026-11-23T08:00:00Z",
        "public": {"title": API_EXAMPLE},
    })
    write_record(records, "control-characters", {
        "title": "Internal", "type": "maintenance", "visibility": "public",
        "components": {"dashboard": "under_maintenance"},
        "scheduled_start": "2026-11-25T02:00:00Z", "scheduled_end": "2026-11-25T03:00:00Z",
        "public": {"title": f"Control {CONTROLS} characters", "summary": f"Summary {CONTROLS}"},
        "updates": [{"at": "2026-11-20T10:00:00Z", "status": "scheduled", "message": f"Message {CONTROLS} end"}],
    })


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("xss")
    public_records(root / "records")
    return build_site(root, root / "records", audience="public", now=NOW)


def markup_of(path: Path) -> list[str]:
    """The pieces of a file that are run as markup somewhere."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        return markup_of_text(path.with_suffix(""), gzip.decompress(data).decode("utf-8"))
    return markup_of_text(path, data.decode("utf-8", errors="replace"))


def markup_of_text(path: Path, content: str) -> list[str]:
    if path.suffix in (".html", ".svg"):
        return [content]
    if path.name == "search_index.json":
        docs = json.loads(content)["docs"]
        return [piece for doc in docs for piece in (doc.get("title", ""), doc.get("text", ""), *doc.get("tags", []))]
    if path.suffix == ".json" and {"api", "badges"} & set(path.parts) or path.name == "badge.json":
        # the API and badges: widgets put their strings into HTML (exports are data for spreadsheets)
        return list(strings(json.loads(content)))
    if path.suffix in (".atom", ".rss", ".xml"):
        pieces = []
        for element in ET.fromstring(content).iter():
            name = element.tag.rsplit("}", 1)[-1]
            if element.get("type") == "html" or name in ("description", "encoded"):
                pieces.append(element.text or "")
            elif element.get("type") == "xhtml":
                pieces.append(ET.tostring(element, encoding="unicode"))
        return pieces
    if path.suffix == ".ics":
        return [str(value) for event in icalendar.Calendar.from_ical(content).walk() for value in event.values()]
    return []


def strings(value: Any) -> Iterator[str]:
    """Every string in a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def site_files(site: Path, *suffixes: str) -> list[Path]:
    return [
        p for p in sorted(site.rglob("*"))
        if p.is_file() and "assets" not in p.relative_to(site).parts and (not suffixes or p.suffix in suffixes)
    ]


def api_files(site: Path) -> list[Path]:
    return [*sorted((site / "api").rglob("*.json")), site / "badge.json", *sorted((site / "badges").glob("*.json"))]


def test_the_payloads_are_planted_and_shown_as_text(site: Path) -> None:
    page = read(site, "incidents/hostile-incident-0/index.html")
    assert "&lt;script&gt;alert(&#34;title-1&#34;)" in page or "&lt;script&gt;alert(&quot;title-1&quot;)" in page
    assert "alert(" in read(site, "index.html")  # the text is there, only defused
    assert len(title_chunks("title")) > 1 and all(len(t) <= TITLE_LIMIT for t in title_chunks("title"))


def test_no_payload_is_executable_in_any_output_file(site: Path) -> None:
    found = {}
    for path in site_files(site):
        hits = [hit for piece in markup_of(path) for hit in executable(piece)]
        if hits:
            found[str(path.relative_to(site))] = hits
    assert not found, found


def test_the_checker_catches_each_kind_of_payload() -> None:
    """The detector itself: raw payloads are all caught (so a clean result above means something)."""
    hits = executable(payloads("raw"))
    assert any(h.startswith("script:") for h in hits)
    assert "img onerror" in hits and "svg onload" in hits and "p onclick" in hits and "<iframe>" in hits
    assert any(h.startswith("a href=javascript:") for h in hits)
    assert elements(API_EXAMPLE) == ["img"]


def test_api_names_are_plain_text(site: Path) -> None:
    """The Statuspage API published ``name`` as the raw title; widgets and bots put it into HTML."""
    incidents = json.loads(read(site, "api/v2/incidents.json"))["incidents"]
    (example,) = [i for i in incidents if i["id"] == "payments-slow"]
    assert example["name"].split() == ["Payments", "slow"]
    components = {c["id"]: c for c in json.loads(read(site, "api/v2/components.json"))["components"]}
    assert components["dashboard"]["name"] == "Dashboard"
    assert components["dashboard"]["description"] == "the dashboard"
    assert components["group-store-b-onmouseover-alert-group-front-b"]["name"] == "Storefront"


def test_every_json_string_is_plain_text_without_control_characters(site: Path) -> None:
    found = {}
    for path in api_files(site):
        bad = [s for s in strings(json.loads(path.read_bytes())) if elements(s) or CONTROL.search(s)]
        if bad:
            found[str(path.relative_to(site))] = bad[:3]
    assert not found, found


def test_the_calendar_is_strict_icalendar_without_control_characters(site: Path) -> None:
    raw = (site / "maintenance.ics").read_bytes()
    text = raw.decode("utf-8")
    assert not CONTROL.search(text), CONTROL.findall(text)
    assert "\r" not in text.replace("\r\n", "") and "\n" not in text.replace("\r\n", "")  # CRLF only
    events = {str(e["UID"]).split("@")[0]: e for e in icalendar.Calendar.from_ical(raw).walk("VEVENT")}
    event = events["control-characters"]
    assert str(event["SUMMARY"]).startswith("Control") and str(event["SUMMARY"]).endswith("characters")
    assert str(event["DESCRIPTION"]).startswith("Message") and "Components: Dashboard" in str(event["DESCRIPTION"])
    for event in events.values():
        for name in ("SUMMARY", "DESCRIPTION"):
            assert not elements(str(event[name])), (name, str(event[name]))


@pytest.mark.parametrize("path", ["history.atom", "history.rss", "feeds/components/dashboard.atom"])
def test_feeds_are_strict_xml_without_control_characters(site: Path, path: str) -> None:
    raw = (site / path).read_bytes()
    root = ET.fromstring(raw)  # strict XML 1.0: raises on a control character it forbids
    assert not CONTROL.search(raw.decode("utf-8"))
    parsed = feedparser.parse(raw)
    assert not parsed.bozo, parsed.get("bozo_exception")
    titles = {e.title for e in parsed.entries}
    assert any(t.startswith("Control") and t.endswith("characters") for t in titles), titles
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] in ("title", "name", "category"):
            for text in (element.text or "", element.get("label") or ""):
                assert not elements(text), text


def test_badges_are_strict_svg_without_control_characters(site: Path) -> None:
    for path in [site / "badge.svg", *sorted((site / "badges").glob("*.svg"))]:
        raw = path.read_bytes()
        ET.fromstring(raw)
        assert not CONTROL.search(raw.decode("utf-8")), path
    root = ET.fromstring((site / "badges/dashboard.svg").read_bytes())
    assert root.get("aria-label") == "Dashboard: degraded performance"


# -- the internal site -------------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
INTERNAL_TITLE = f"{SCRIPT} {ATTRIBUTE} outage"


@pytest.fixture(scope="module")
def internal_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("xss-internal")
    records = root / "records"
    catalog = copy.deepcopy(BASIC_CATALOG)
    catalog["components"][4]["name"] = f"Dash {SCRIPT} {ATTRIBUTE}"
    write_catalog(records, catalog)
    for visibility in ("internal", "public"):
        write_record(records, f"hostile-{visibility}", {
            "title": INTERNAL_TITLE, "status": "resolved", "visibility": visibility, "severity": "major",
            "components": {"dashboard": "major_outage"}, "tags": [SCRIPT, ATTRIBUTE],
            "started": "2026-11-20T09:00:00Z", "resolved": "2026-11-20T10:00:00Z",
            "lead": ATTRIBUTE, "responders": [SCRIPT],
            "updates": [{"at": "2026-11-20T10:00:00Z", "status": "resolved", "message": "Fixed."}],
            "actions": [{"id": "fix", "title": INTERNAL_TITLE, "owner": ATTRIBUTE, "priority": "high",
                         "status": "open", "due": "2026-11-01"}],
        }, body=f"## Summary\n\nSummary of {visibility}.\n")
    return build_site(root, records, audience="internal", now=NOW)


def test_no_payload_is_executable_in_any_internal_page(internal_site: Path) -> None:
    found = {}
    for path in site_files(internal_site):
        hits = [hit for piece in markup_of(path) for hit in executable(piece)]
        if hits:
            found[str(path.relative_to(internal_site))] = hits
    assert not found, found


def test_every_page_title_and_heading_shows_record_text_as_text(internal_site: Path) -> None:
    for path in site_files(internal_site, ".html"):
        assert len(headings(path.read_text(encoding="utf-8"))["title"]) == 1, path  # no title broke out
    expected = {
        "postmortems/hostile-internal/index.html": INTERNAL_TITLE,
        "incidents/hostile-public/index.html": INTERNAL_TITLE,
        f"browse/tags/{slug(SCRIPT)}/index.html": SCRIPT,
        f"browse/tags/{slug(ATTRIBUTE)}/index.html": ATTRIBUTE,
        "browse/components/dashboard/index.html": f"Dash {SCRIPT} {ATTRIBUTE}",
    }
    assert slug(SCRIPT) != slug(ATTRIBUTE)
    for path, text in expected.items():
        shown = headings(read(internal_site, path))
        assert shown["title"] == [f"{text} - Example status"], path
        assert shown["h1"] == [text], path


def test_the_internal_search_index_holds_record_text_as_text(internal_site: Path) -> None:
    docs = json.loads(read(internal_site, "search/search_index.json"))["docs"]
    (record,) = [d for d in docs if d["location"] == "postmortems/hostile-internal/"]
    assert record["title"] == html.escape(INTERNAL_TITLE)  # Material shows search titles as HTML
    assert html.escape(SCRIPT) in record["tags"] and html.escape(ATTRIBUTE) in record["tags"]
