"""Public-build hardening found in review: each test pins one hole that was open.

- plain text (feed titles, API bodies, calendar text) hid markup behind one layer of escaping;
- a control character in an update made every feed invalid XML;
- an inherited repo_url put the repository on every public page;
- the package's internal-site scripts and styles were copied to the public site;
- a docs file listed in public_files could be a symbolic link to anything.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from htmlparse import elements
from hypothesis import given, settings
from hypothesis import strategies as st
from incidentbook.core.public.badges import component_badge, svg
from incidentbook.core.text.render import (
    _markdown,
    plain_text,
    safe_markdown,
    sanitize,
    xml_text,
)
from mkdocs.exceptions import Abort, PluginError
from sitebuild import build_site, write_catalog, write_record

NOW = "2026-11-23T12:00:00Z"
HIDDEN_MARKUP = [
    "&lt;img src=x onerror=alert(1)&gt;",
    "`<img src=x onerror=alert(1)>`",
    "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;",
    "    <svg onload=alert(1)>",  # an indented code block
    "&#60;iframe src=javascript:alert(1)&#62;",
]


@pytest.mark.parametrize("source", HIDDEN_MARKUP)
def test_plain_text_holds_no_markup_even_after_unescaping(source: str) -> None:
    text = plain_text(source)
    assert not elements(text), text
    assert "onerror" not in text or "<" not in text


def test_plain_text_keeps_ordinary_text() -> None:
    assert plain_text("Latency < 200 ms & p99 > 1 s for **AT&T** users") == "Latency < 200 ms & p99 > 1 s for AT&T users"
    assert plain_text("`code` and [a link](https://example.com)") == "code and a link"


def test_xml_text_drops_only_control_characters() -> None:
    assert xml_text("a\x00b\x01c\x0bd\x1fe\ufffef\ud800g\x7fh\x80i\x85j\x9fk") == "abcdefghijk"
    assert xml_text("tab\there\nnew\r\nline é 😀") == "tab\there\nnew\r\nline é 😀"


def test_a_badge_with_a_control_character_in_its_name_is_valid_svg() -> None:
    badge = ET.fromstring(svg(component_badge("Pay\x01ments", "operational")))
    assert "Payments" in "".join(badge.itertext())  # the name is kept, only the control character goes


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hardening")
    records = root / "records"
    write_catalog(records)
    write_record(records, "hostile", {
        "title": "Internal title", "status": "resolved", "visibility": "public", "severity": "minor",
        "components": {"checkout": "partial_outage"},
        "started": "2026-11-20T09:00:00Z", "resolved": "2026-11-20T10:00:00Z",
        "public": {"title": "&lt;img src=x onerror=alert('title')&gt; ctrl\x01\x0bchars",
                   "summary": "sum\x02mary"},
        "updates": [{"at": "2026-11-20T10:00:00Z", "status": "resolved",
                     "message": "fixed \x01 `<img src=x onerror=alert('body')>`"}],
    })
    return build_site(root, records, audience="public", now=NOW)


@pytest.mark.parametrize("path", ["history.atom", "history.rss", "feeds/components/checkout.atom"])
def test_feeds_stay_well_formed_and_their_titles_carry_no_markup(hostile_site: Path, path: str) -> None:
    root = ET.parse(hostile_site / path).getroot()  # raises on a control character
    titles = [e.text or "" for e in root.iter() if e.tag.rsplit("}", 1)[-1] == "title"]
    assert any("ctrl" in t for t in titles)
    for title in titles:
        assert not elements(title), title


def test_public_site_holds_no_internal_site_asset(hostile_site: Path) -> None:
    published = {p.relative_to(hostile_site).as_posix() for p in (hostile_site / "incidentbook").rglob("*")}
    assert published == {"incidentbook/incidentbook.css"}


def test_a_public_build_refuses_an_inherited_repo_url(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    records = tmp_path / "records"
    write_catalog(records)
    with pytest.raises((PluginError, Abort)):
        build_site(tmp_path, records, "public", config={"repo_url": "https://github.com/acme/private-incidents"})
    assert "must not link the repository" in caplog.text


def test_an_internal_build_may_link_the_repository(tmp_path: Path) -> None:
    records = tmp_path / "records"
    write_catalog(records)
    site = build_site(tmp_path, records, "internal", config={"repo_url": "https://github.com/acme/incidents"})
    assert "acme/incidents" in (site / "index.html").read_text(encoding="utf-8")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_listed_docs_file_may_not_be_a_symbolic_link(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    records = tmp_path / "records"
    write_catalog(records)
    write_record(records, "secret", {"title": "zq-secret", "status": "resolved", "severity": "minor",
                                     "started": "2026-11-20T09:00:00Z", "resolved": "2026-11-20T10:00:00Z"})
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "logo.svg").symlink_to(records / "secret.md")
    with pytest.raises((PluginError, Abort)):
        build_site(tmp_path, records, "public", plugin_options={"public_files": ["*.svg"]})
    assert "symbolic link" in caplog.text
    (docs / "logo.svg").unlink()
    (docs / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    site = build_site(tmp_path, records, "public", plugin_options={"public_files": ["*.svg"]})
    assert (site / "logo.svg").is_file()


def _converted(text: str) -> str:
    """What safe_markdown gives when it runs Python-Markdown (its fast path bypassed)."""
    _markdown.reset()
    return sanitize(_markdown.convert(text))


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="aZ09 ,.;:'()?/%@$\u2013\u2014\u2019\"-*_`<>&#[]!|~+=\\\n\t", max_size=40))
def test_plain_messages_skip_the_converter_with_the_same_result(text: str) -> None:
    """Sentences take a fast path around Python-Markdown; whatever the text, the HTML is the same."""
    safe_markdown.cache_clear()
    assert safe_markdown(text) == _converted(text)


def test_the_fast_path_takes_ordinary_sentences() -> None:
    from incidentbook.core.text import render

    for text in ("We are investigating elevated error rates on card payments.",
                 "Fixed: the 2.5 release (deployed 14:05 UTC) restored \"normal\" latency - 99% of requests.",
                 "Resolved"):
        assert render._PLAIN.fullmatch(text)
        assert safe_markdown(text) == _converted(text)
