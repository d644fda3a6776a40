"""The post-mortem library in Chromium: Material's search box finds a word of one post-mortem's
Learnings and leads to it (with Pagefind, as mkdocs.yml ships, and with Material's own lunr search),
records tagged with a word outrank passing mentions, and the index's filters narrow the list."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Callable

import pytest
from library_fixture import EXTENSIONS, NOW, WORD, write_library_records
from sitebuild import build_site

ENGINES = ("pagefind", "material")
SPLIT = "pagefind-split"  # Pagefind with indexes of at most 3 pages, merged by the worker
RECORDS_TAGGED_DATABASE = {"db-outage", "search-slow", "db-maint"}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    records = write_library_records(tmp_path_factory.mktemp("records") / "records")
    built = {}
    for engine in (*ENGINES, SPLIT):
        plugins = {"search": {}, "incidentbook": {"records": str(records), "audience": "internal"}}
        if engine == "pagefind":
            plugins["incidentbook-search"] = {}
        if engine == SPLIT:
            plugins["incidentbook-search"] = {"pages_per_index": 3}
        work = tmp_path_factory.mktemp(engine)
        built[engine] = build_site(work, records, now=NOW, config={"plugins": plugins, "markdown_extensions": EXTENSIONS})
    return built


def search(page, query: str) -> list[str]:  # noqa: ANN001 - Playwright's Page
    """Type into Material's search box like a person (Material reacts to key presses) and return result links."""
    page.keyboard.press("/")
    page.locator("input.md-search__input").press_sequentially(query, delay=20)
    page.wait_for_selector(".md-search-result__item", timeout=60_000)
    return [a.get_attribute("href") or "" for a in page.locator(".md-search-result__item > a:first-child").all()]


def record_of(href: str) -> str:
    found = re.search(r"/postmortems/([a-z0-9-]+)/", href)
    return found.group(1) if found else href


@pytest.mark.parametrize("engine", (*ENGINES, SPLIT))
def test_a_word_from_one_learnings_section_leads_to_its_record(
    engine: str, sites: dict[str, Path], browser, serve: Callable[[Path], str], artifacts: Path,  # noqa: ANN001
) -> None:
    if engine == SPLIT:  # db-outage is then in a merged index (pagefind/more/1/), not the primary one
        assert json.loads((sites[SPLIT] / "pagefind/incidentbook-indexes.json").read_text())["merge"]
    page = browser.new_page()
    page.goto(serve(sites[engine]))
    links = search(page, WORD)
    page.screenshot(path=str(artifacts / f"library-search-{engine}.png"))
    assert [record_of(href) for href in links] == ["db-outage"]
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_url(re.compile(r"/postmortems/db-outage/"))
    assert WORD in page.locator("#learnings + p").inner_text()
    page.close()


@pytest.mark.parametrize("engine", ENGINES)
def test_records_tagged_with_a_word_rank_above_passing_mentions(
    engine: str, sites: dict[str, Path], browser, serve: Callable[[Path], str],  # noqa: ANN001
) -> None:
    page = browser.new_page()
    page.goto(serve(sites[engine]))
    records = [record_of(href) for href in search(page, "database") if "/postmortems/" in href]
    records = [r for r in records if r in RECORDS_TAGGED_DATABASE | {"payments-5xx"}]
    assert set(records[:3]) == RECORDS_TAGGED_DATABASE
    assert records[3:] == ["payments-5xx"]  # mentions the word once in its body, is not tagged with it
    page.close()


def visible_rows(page) -> list[str]:  # noqa: ANN001
    return page.eval_on_selector_all(
        "[data-ib-records] > li:not([hidden]) .ib-lib-row__title", "els => els.map(a => a.getAttribute('href'))"
    )


def test_filters_narrow_the_index_and_keep_the_choice_in_the_address(
    sites: dict[str, Path], browser, serve: Callable[[Path], str], artifacts: Path,  # noqa: ANN001
) -> None:
    base = serve(sites["pagefind"])
    page = browser.new_page()
    page.goto(base + "postmortems/")
    assert len(visible_rows(page)) == 7
    page.select_option("select[name=severity]", "critical")
    assert visible_rows(page) == ["webhook-drill/", "payments-5xx/"]
    assert page.inner_text("[data-ib-shown]") == "2 of 7 records shown"
    page.select_option("select[name=drill]", "no")
    assert visible_rows(page) == ["payments-5xx/"]
    assert page.url.endswith("?severity=critical&drill=no")
    page.screenshot(path=str(artifacts / "library-filters.png"), full_page=True)
    page.click(".ib-lib-filters button[type=reset]")
    page.wait_for_function("document.querySelectorAll('[data-ib-records] > li:not([hidden])').length === 7")
    assert page.url.endswith("/postmortems/")

    page.goto(base + "postmortems/?tag=database&component=checkout")
    assert visible_rows(page) == ["db-outage/", "search-slow/", "db-maint/"]
    assert page.input_value("select[name=tag]") == "database"
    page.close()


def test_without_javascript_the_index_lists_everything_and_hides_the_form(
    sites: dict[str, Path], browser, serve: Callable[[Path], str],  # noqa: ANN001
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(serve(sites["pagefind"]) + "postmortems/?severity=critical")
    assert not page.is_visible("[data-ib-filters]")
    assert len(page.locator("[data-ib-records] > li:visible").all()) == 7
    context.close()
