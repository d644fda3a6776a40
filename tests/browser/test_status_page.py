"""The status page in headless Chromium: without JavaScript, with the stale-page script, and how it looks.

Screenshots at 360 px and 1280 px, light and dark, go to the ``artifacts`` folder (test-artifacts/).
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import pytest
from sitebuild import REPO, build_site, write_catalog, write_record

FIXTURES = REPO / "tests" / "fixtures" / "public"
NOW = "2026-11-23T12:00:00Z"
# As in mkdocs.yml: light and dark schemes following the system.
THEME = {
    "name": "material", "font": False, "language": "en",
    "palette": [
        {"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "indigo",
         "toggle": {"icon": "material/brightness-7", "name": "Switch to dark mode"}},
        {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "indigo",
         "toggle": {"icon": "material/brightness-4", "name": "Switch to light mode"}},
    ],
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("status-browser"), FIXTURES, audience="public", now=NOW, config={"theme": THEME})


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(timezone.utc)


def serve_root(url: str) -> str:
    """http://127.0.0.1:PORT/ of a page URL: every request must stay on it."""
    return url.split("/", 3)[0] + "//" + url.split("/", 3)[2] + "/"


def open_page(browser, url: str, *, javascript: bool = True, clock: str | None = None, width: int = 1280,
              scheme: str = "light", timezone_id: str = "Europe/Berlin"):
    context = browser.new_context(
        java_script_enabled=javascript, viewport={"width": width, "height": 900}, color_scheme=scheme,
        timezone_id=timezone_id, locale="en-GB",
    )
    page = context.new_page()
    if clock:
        page.clock.set_fixed_time(at(clock))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url)
    return context, page, requests


def test_without_javascript_the_page_shows_banner_components_and_incident(browser, serve: Callable[[Path], str], site: Path) -> None:
    context, page, requests = open_page(browser, serve(site), javascript=False)
    try:
        assert page.locator(".ib-banner").inner_text().strip() == "Major Service Outage"
        assert page.locator(".ib-banner svg.ib-icon").count() == 1
        checkout = page.locator("#component-checkout")
        assert checkout.is_visible()
        assert "Partial outage" in checkout.locator(".ib-component__head").inner_text()
        assert "99.92 % uptime" in checkout.inner_text()
        active = page.locator("section[aria-labelledby=ib-active]")
        assert active.is_visible()
        assert "Errors at checkout" in active.inner_text()
        assert "partially restored" in active.inner_text()
        assert page.locator("[data-ib-maint=in_progress]").is_visible()
        assert page.locator(".ib-local").count() == 0  # local times need the script
        assert all(r.startswith(serve_root(page.url)) for r in requests)
    finally:
        context.close()


def test_script_moves_a_maintenance_whose_window_has_passed(browser, serve: Callable[[Path], str], site: Path) -> None:
    # Read two hours after the build: the 11:00-13:00 maintenance is over, the one on the 25th is still ahead.
    context, page, requests = open_page(browser, serve(site), clock="2026-11-23T14:00:00Z")
    try:
        completed = page.locator("[data-ib-maint=completed]")
        assert completed.is_visible()
        assert "Dashboard maintenance" in completed.inner_text()
        assert "Completed" in completed.locator(".ib-badge").first.inner_text()
        assert page.locator("[data-ib-maint=in_progress]").is_hidden()
        assert "Webhooks maintenance" in page.locator("[data-ib-maint=scheduled]").inner_text()
        assert page.locator("[data-ib-age]").inner_text() == "(2 hours ago)"
        assert page.locator(".ib-local").count() > 0  # Berlin is UTC+1: local times are added
        assert all(r.startswith(serve_root(page.url)) for r in requests)
    finally:
        context.close()


def test_script_starts_an_upcoming_maintenance(browser, serve: Callable[[Path], str], site: Path) -> None:
    context, page, _ = open_page(browser, serve(site), clock="2026-11-25T03:00:00Z")
    try:
        in_progress = page.locator("[data-ib-maint=in_progress]")
        assert "Webhooks maintenance" in in_progress.inner_text()
        assert "In progress" in in_progress.inner_text()
        assert page.locator("[data-ib-maint=scheduled]").is_hidden()
    finally:
        context.close()


def test_script_moves_the_banner_to_maintenance_when_a_window_opens(browser, serve: Callable[[Path], str], tmp_path: Path) -> None:
    records = tmp_path / "records"
    write_catalog(records)
    write_record(records, "upgrade", {
        "title": "Upgrade", "type": "maintenance", "visibility": "public", "components": {"dashboard": "under_maintenance"},
        "scheduled_start": "2026-11-23T11:00:00Z", "scheduled_end": "2026-11-23T13:00:00Z",
    })
    site = build_site(tmp_path, records, audience="public", now="2026-11-23T10:00:00Z", config={"theme": THEME})
    context, page, _ = open_page(browser, serve(site), javascript=False)
    try:
        assert page.locator(".ib-banner").inner_text().strip() == "All Systems Operational"
    finally:
        context.close()
    context, page, _ = open_page(browser, serve(site), clock="2026-11-23T11:30:00Z")
    try:
        assert page.locator(".ib-banner").inner_text().strip() == "Service Under Maintenance"
        assert "ib-look--under_maintenance" in page.locator(".ib-banner").get_attribute("class")
        assert "Upgrade" in page.locator("[data-ib-maint=in_progress]").inner_text()
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["", "incidents/checkout-errors/", "history/"])
def test_screenshots(browser, serve: Callable[[Path], str], site: Path, artifacts: Path, path: str, scheme: str) -> None:
    """Each page at 360 and 1280 px: one load per scheme (Material keeps its palette), the viewport resized in place."""
    context, page, requests = open_page(browser, serve(site) + path, clock="2026-11-23T12:30:00Z", width=360, scheme=scheme)
    try:
        name = (path.strip("/").replace("/", "-") or "status")
        for width in (360, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(artifacts / f"{name}-{width}-{scheme}.png"), full_page=True)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"the page scrolls sideways at {width} px"
        expected = "slate" if scheme == "dark" else "default"
        assert page.locator("body").get_attribute("data-md-color-scheme") == expected
        assert all(r.startswith(serve_root(page.url)) for r in requests)
    finally:
        context.close()
