"""The incidentbook-search plugin: Material's worker swapped for Pagefind's, internal builds only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from library_fixture import NOW, WORD, write_library_records
from sitebuild import build_site, read

from incidentbook.mkdocs_plugin.search import mark_page

MATERIAL_PAGE = (
    '<article class="md-content__inner md-typeset"><h1>T</h1></article>'
    '<script id="__config" type="application/json">{"base": "../..", '
    '"search": "../../assets/javascripts/workers/search.a7633da7.min.js", "tags": null}</script>'
)


def test_mark_page_points_material_to_the_worker_and_marks_the_article() -> None:
    marked = mark_page(MATERIAL_PAGE)
    assert marked is not None
    assert '<article class="md-content__inner md-typeset" data-pagefind-body>' in marked
    assert '"search": "../../incidentbook/search-worker.js"' in marked
    assert mark_page("<html><body>not Material</body></html>") is None


def plugins(records: Path, audience: str) -> dict:
    return {"search": {}, "incidentbook": {"records": str(records), "audience": audience}, "incidentbook-search": {}}


@pytest.mark.parametrize("audience", ["internal", "public"])
def test_pagefind_indexes_internal_builds_only(tmp_path: Path, audience: str) -> None:
    records = write_library_records(tmp_path / "records")
    site = build_site(tmp_path, records, audience=audience, now=NOW, config={"plugins": plugins(records, audience)})
    lunr = json.loads(read(site, "search/search_index.json"))
    config = read(site, "index.html")
    if audience == "internal":
        assert lunr["docs"] == []  # Material's index would only be downloaded and ignored
        assert (site / "pagefind/pagefind.js").is_file()
        assert '"search": "incidentbook/search-worker.js"' in config
        assert (site / "incidentbook/search-worker.js").is_file()
        assert 'data-pagefind-body' in read(site, "postmortems/db-outage/index.html")
    else:
        assert not (site / "pagefind").exists()
        assert "incidentbook/search-worker.js" not in config
        assert WORD not in json.dumps(lunr)
