"""The incidentbook-search plugin: Material's worker swapped for Pagefind's, internal builds only;
Pagefind reads only the articles of records and handbook pages, split into bounded indexes."""

from __future__ import annotations

import gzip
import json
import tempfile
from pathlib import Path

import pytest
from incidentbook.mkdocs_plugin.material import article_page, point_to_worker
from incidentbook.mkdocs_plugin.search import WORKER, bundles
from library_fixture import NOW, WORD, write_library_records
from sitebuild import build_site, read

MATERIAL_PAGE = (
    '<!doctype html><html lang="fr" class="no-js"><head><title>T</title></head><body><nav>menu</nav>'
    '<article class="md-content__inner md-typeset"><h1>T</h1><p data-pagefind-weight="5">facts</p></article>'
    '<script id="__config" type="application/json">{"base": "../..", '
    '"search": "../../assets/javascripts/workers/search.a7633da7.min.js", "tags": null}</script></body></html>'
)
RECORDS = {"db-outage", "payments-5xx", "review-pending", "webhook-drill", "search-slow", "db-maint", "active-checkout"}


def test_pages_point_material_to_the_worker() -> None:
    pointed = point_to_worker(MATERIAL_PAGE, WORKER)
    assert pointed is not None
    assert '"search": "../../incidentbook/search-worker.js"' in pointed
    assert point_to_worker("<html><body>not Material</body></html>", WORKER) is None


def test_pagefind_reads_the_article_alone_with_the_page_language() -> None:
    copy = article_page(MATERIAL_PAGE)
    assert copy is not None
    assert copy.startswith('<!DOCTYPE html><html lang="fr">')
    assert '<article class="md-content__inner md-typeset"><h1>T</h1><p data-pagefind-weight="5">facts</p></article>' in copy
    assert "menu" not in copy and "__config" not in copy
    assert article_page("<html><body>no article</body></html>") is None


def test_pages_are_dealt_round_robin_into_the_fewest_bounded_indexes() -> None:
    pages = [f"p{i}" for i in range(7)]
    assert bundles(pages, 10) == [pages]
    assert bundles(pages, 3) == [["p0", "p3", "p6"], ["p1", "p4"], ["p2", "p5"]]
    assert bundles([], 3) == [[]]


def plugins(records: Path, audience: str, **search: object) -> dict:
    return {"search": {}, "incidentbook": {"records": str(records), "audience": audience}, "incidentbook-search": search}


def indexed_urls(bundle: Path) -> set[str]:
    """URLs of the pages in one Pagefind bundle, read from its fragments."""
    urls = set()
    for fragment in (bundle / "fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes())
        urls.add(json.loads(data[len(b"pagefind_dcd"):])["url"])
    return urls


def build(tmp_path: Path, audience: str = "internal", **search: object) -> Path:
    """The fixture's records, plus a handbook page on internal builds (the public site has none)."""
    records = write_library_records(tmp_path / "records")
    config: dict = {"plugins": plugins(records, audience, **search)}
    if audience == "internal":
        (tmp_path / "docs").mkdir()
        (tmp_path / "docs" / "guide.md").write_text("# Guide\n\nHow we write a post-mortem.\n", encoding="utf-8")
        config["nav"] = [{"Guide": "guide.md"}]
    return build_site(tmp_path, records, audience=audience, now=NOW, config=config)


@pytest.mark.parametrize("audience", ["internal", "public"])
def test_pagefind_indexes_internal_builds_only(tmp_path: Path, audience: str) -> None:
    site = build(tmp_path, audience)
    lunr = json.loads(read(site, "search/search_index.json"))
    config = read(site, "index.html")
    if audience == "internal":
        assert lunr["docs"] == []  # Material's index would only be downloaded and ignored
        assert (site / "pagefind/pagefind.js").is_file()
        assert '"search": "incidentbook/search-worker.js"' in config
        assert (site / "incidentbook/search-worker.js").is_file()
        assert json.loads(read(site, "pagefind/incidentbook-indexes.json")) == {"merge": []}
    else:
        assert not (site / "pagefind").exists()
        assert "incidentbook/search-worker.js" not in config
        assert WORD not in json.dumps(lunr)


def test_only_records_and_handbook_pages_are_indexed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    site = build(tmp_path)
    expected = {f"/postmortems/{record}/" for record in RECORDS} | {"/guide/"}
    assert indexed_urls(site / "pagefind") == expected  # not the status, history, list or actions pages
    assert list(scratch.iterdir()) == []  # the article copies Pagefind read are gone


def test_large_sites_are_split_into_bounded_indexes_the_worker_merges(tmp_path: Path) -> None:
    site = build(tmp_path, pages_per_index=3)
    merge = json.loads(read(site, "pagefind/incidentbook-indexes.json"))["merge"]
    assert merge == ["more/1/", "more/2/"]
    parts = [indexed_urls(site / "pagefind")] + [indexed_urls(site / "pagefind" / path) for path in merge]
    assert [len(part) for part in parts] == [3, 3, 2]
    assert set().union(*parts) == {f"/postmortems/{record}/" for record in RECORDS} | {"/guide/"}
    merged = site / "pagefind/more/1"
    assert (merged / "pagefind-entry.json").is_file() and list(merged.glob("*.pf_meta"))
    assert not list(merged.glob("*.js")) and not list(merged.glob("wasm.*"))  # loaded once, from pagefind/
