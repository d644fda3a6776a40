"""The action index in headless Chromium: the full table without JavaScript, filters and sorting with it.

Screenshots (1280 px, light and dark) go to the ``artifacts`` folder (test-artifacts/).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest
from actions_fixture import NOW, write_book
from sitebuild import build_site

THEME = {
    "name": "material", "font": False, "language": "en",
    "palette": [
        {"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "indigo"},
        {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "indigo"},
    ],
}
ROWS = "#ib-actions-all tbody tr"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    records = write_book(tmp_path_factory.mktemp("book") / "incidents")
    return build_site(tmp_path_factory.mktemp("actions-browser"), records, now=NOW, config={"theme": THEME})


def open_index(browser, base: str, *, javascript: bool = True, scheme: str = "light"):
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(base + "actions/")
    return context, page


def visible_ids(page) -> list[str]:
    return page.locator(f"{ROWS}:not([hidden]) code").all_inner_texts()


def test_without_javascript_the_full_table_is_there(browser, serve: Callable[[Path], str], site: Path) -> None:
    context, page = open_index(browser, serve(site), javascript=False)
    try:
        assert page.locator(ROWS).count() == 13 and len(visible_ids(page)) == 13
        assert not page.locator("form[data-ib-filters]").is_visible()
    finally:
        context.close()


def test_filters(browser, serve: Callable[[Path], str], site: Path) -> None:
    context, page = open_index(browser, serve(site))
    try:
        form = page.locator("form[data-ib-filters]")
        assert form.is_visible()
        assert form.locator("output").inner_text() == "13 of 13 actions shown"
        form.locator("select[name=status]").select_option("is-overdue")
        assert sorted(visible_ids(page)) == ["due-yesterday", "late-in-progress", "policy-due"]
        form.locator("select[name=owner]").select_option("ben")
        assert visible_ids(page) == ["due-yesterday"]
        assert form.locator("output").inner_text() == "1 of 13 actions shown"
        form.locator("button[type=reset]").click()
        page.wait_for_function("document.querySelectorAll('#ib-actions-all tbody tr[hidden]').length === 0")
        form.locator("select[name=owner]").select_option("-")  # no owner
        assert visible_ids(page) == ["no-owner"]
        form.locator("select[name=owner]").select_option("")
        form.locator("select[name=team]").select_option("platform-team")
        form.locator("input[name=text]").fill("INDEX")
        assert visible_ids(page) == ["late-in-progress"]
    finally:
        context.close()


def test_sorting_by_column(browser, serve: Callable[[Path], str], site: Path) -> None:
    context, page = open_index(browser, serve(site))
    try:
        due = page.locator("#ib-actions-all th[data-column=due]")
        due.locator("button").click()
        assert due.get_attribute("aria-sort") == "ascending"
        assert visible_ids(page)[:3] == ["policy-due", "wont-do-old", "late-in-progress"]  # ties keep their order
        assert visible_ids(page)[-1] == "undated"  # no due date sorts last
        due.locator("button").click()
        assert due.get_attribute("aria-sort") == "descending" and visible_ids(page)[0] == "undated"
        priority = page.locator("#ib-actions-all th[data-column=priority] button")
        priority.click()
        first = page.locator(f"{ROWS} td:nth-child(6)").all_inner_texts()
        assert first[:3] == ["High", "High", "Medium"] and first[-1] == "Low"
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshot(browser, serve: Callable[[Path], str], site: Path, artifacts: Path, scheme: str) -> None:
    context, page = open_index(browser, serve(site), scheme=scheme)
    try:
        page.screenshot(path=str(artifacts / f"actions-1280-{scheme}.png"), full_page=True)
    finally:
        context.close()
