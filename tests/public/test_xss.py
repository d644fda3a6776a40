"""Public text is untrusted: no script, event handler or javascript: URL from it survives in any output.

Script, event-handler, ``javascript:``/``data:`` and attr_list payloads are planted in every public text
field (``public.title``, ``public.summary``, update messages) of an incident and a maintenance. The
public site is built and every place a browser or feed reader would run markup is checked: HTML pages,
SVG files, HTML carried by feeds (Atom ``type="html"``, RSS descriptions) and the search index (Material
renders its titles and texts as HTML). Plain-text carriers (JSON API values, iCalendar) are data, not
markup, and are not executable where they are read.
"""

from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sitebuild import build_site, read, write_catalog, write_record

NOW = "2026-11-23T12:00:00Z"


def payloads(tag: str) -> str:
    """Every trick at once, each one numbered with ``tag`` so a survivor says where it came from."""
    return (
        f'<script>alert("{tag}-1")</script> <img src=x onerror="alert(\'{tag}-2\')"> '
        f'<svg onload=alert("{tag}-3")></svg> <a href="javascript:alert(\'{tag}-4\')">a</a> '
        f"[link](javascript:alert('{tag}-5')) [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) "
        f'![img](x){{ onerror="alert(\'{tag}-6\')" }} <iframe src="javascript:alert(\'{tag}-7\')"></iframe> '
        f'<a href=" JaVaScRiPt:alert(\'{tag}-8\')">b</a> <p onclick="alert(\'{tag}-9\')">c</p> '
        f'"><script>alert("{tag}-10")</script> </title><script>alert("{tag}-11")</script> '
        f"<style>body{{background:url(javascript:alert('{tag}-12'))}}</style>"
    )


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


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("xss")
    records = root / "records"
    write_catalog(records)
    write_record(records, "hostile-incident", {
        "title": "Internal title", "status": "monitoring", "visibility": "public", "severity": "minor",
        "components": {"checkout": "partial_outage"}, "started": "2026-11-23T09:00:00Z",
        "public": {"title": payloads("title"), "summary": payloads("summary")},
        "updates": [
            {"at": "2026-11-23T09:10:00Z", "status": "investigating", "message": payloads("update1")},
            {"at": "2026-11-23T09:20:00Z", "status": "monitoring", "message": payloads("update2"),
             "components": {"checkout": "degraded_performance"}},
        ],
    })
    write_record(records, "hostile-maintenance", {
        "title": "Internal maintenance", "type": "maintenance", "visibility": "public",
        "components": {"dashboard": "under_maintenance"},
        "scheduled_start": "2026-11-24T02:00:00Z", "scheduled_end": "2026-11-24T03:00:00Z",
        "public": {"title": payloads("mtitle"), "summary": payloads("msummary")},
        "updates": [{"at": "2026-11-20T09:00:00Z", "status": "scheduled", "message": payloads("mupdate")}],
    })
    return build_site(root, records, audience="public", now=NOW)


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
        return [doc.get("title", "") for doc in docs] + [doc.get("text", "") for doc in docs]
    if path.suffix in (".atom", ".rss", ".xml"):
        pieces = []
        for element in ET.fromstring(content).iter():
            name = element.tag.rsplit("}", 1)[-1]
            if element.get("type") == "html" or name in ("description", "encoded"):
                pieces.append(element.text or "")
            elif element.get("type") == "xhtml":
                pieces.append(ET.tostring(element, encoding="unicode"))
        return pieces
    return []


def test_the_payloads_are_planted_and_shown_as_text(site: Path) -> None:
    page = read(site, "incidents/hostile-incident/index.html")
    assert "&lt;script&gt;alert(&#34;title-1&#34;)" in page or "&lt;script&gt;alert(&quot;title-1&quot;)" in page
    assert "alert(" in read(site, "index.html")  # the text is there, only defused


def test_no_payload_is_executable_in_any_output_file(site: Path) -> None:
    found = {}
    for path in sorted(site.rglob("*")):
        if path.is_file() and "assets" not in path.relative_to(site).parts:
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
