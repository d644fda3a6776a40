"""The internal home of a repository made by ``incidentbook init``, in Chromium at 1280 and 360 px:
it links to the library, the actions and the metrics, lists an active internal incident, and makes no
request to a third party (the repository link asks no API, fonts and Mermaid are off)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest
from incidentbook.cli import main
from sitebuild import build_clock, build_config, init_repository

NOW = "2026-11-23T12:00:00Z"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = init_repository(tmp_path_factory.mktemp("home") / "acme", "--example", "--repo", "https://github.com/acme/incidents")
    with build_clock("2026-11-23T11:40:00Z"):
        assert main(["new", "Payments DB replica lag", "--severity", "major", "--component", "checkout=degraded_performance",
                     "--records", str(repo / "incidents")]) == 0
    return build_config(repo / "mkdocs.yml", NOW)


@pytest.mark.parametrize("width", [1280, 360])
def test_the_home_leads_to_every_section_and_lists_the_internal_incident(
    browser, serve: Callable[[Path], str], site: Path, artifacts: Path, width: int,  # noqa: ANN001 - Playwright
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        root = serve(site)
        page.goto(root)
        page.wait_for_load_state("networkidle")
        links = page.locator("nav.ib-home-links a")
        for name, href in (("Post-mortem library", "postmortems/"), ("Follow-up actions", "actions/"), ("Metrics", "metrics/")):
            link = links.filter(has_text=name)
            assert link.is_visible(), f"{name} at {width} px"
            assert link.get_attribute("href") == href
        active = page.locator("li[data-record='2026-11-23-payments-db-replica-lag']")
        assert active.is_visible()
        assert "internal" in active.inner_text() and "Major" in active.inner_text() and "20 min" in active.inner_text()
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0
        page.screenshot(path=str(artifacts / f"internal-home-{width}.png"), full_page=True)
        assert page.locator("a.md-source").count() >= 1  # the repository link is there (header and drawer), as a plain link
        assert page.locator("[data-md-component=source]").count() == 0
        assert [r for r in requests if not r.startswith(root)] == []  # no font, API or CDN request
        links.filter(has_text="Follow-up actions").click()
        page.wait_for_url("**/actions/")
    finally:
        context.close()
