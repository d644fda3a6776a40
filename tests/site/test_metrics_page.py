"""The metrics page of a real build, read back from its HTML and compared with figures worked out by hand."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from metrics_fixture import NOW, assert_figures, page_tables, write_fixture
from sitebuild import build_site, read

DURATION_KEYS = ("time_to_detect", "time_to_acknowledge", "time_to_mitigate", "time_to_resolve")


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_fixture(tmp_path_factory.mktemp("metrics") / "records")


@pytest.fixture(scope="module")
def html(records: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    site = build_site(tmp_path_factory.mktemp("site"), records, now=NOW)
    return read(site, "metrics/index.html")


def section(html: str, key: str) -> str:
    match = re.search(rf'<section class="ib-metric" id="{key}".*?</section>', html, re.S)
    assert match, key
    return match.group(0)


def test_every_table_holds_the_figures_worked_out_by_hand(html: str) -> None:
    assert_figures(page_tables(html))


def test_rows_with_small_n_are_flagged_and_large_ones_are_not(html: str) -> None:
    ttm = section(html, "time_to_mitigate")
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", ttm, re.S)[1:]  # skip the header
    flagged = ["small n" in row for row in rows]
    # groups in order: Q1 crit, major, minor, all; Q2 crit, major, minor, all; all quarters x 3 + all.
    # TTM n per group: 1 1 1 3 | 0 0 2 2 | 1 1 3 5: only the last (n = 5) is large enough.
    assert flagged == [True] * 11 + [False]
    assert "fewer than 5 values" in ttm


def test_each_chart_states_its_formula_and_n_and_has_a_table(html: str) -> None:
    expected = {
        "time_to_detect": ("TTD = detected − started", "n = 6 of 7 incidents (1 without detected left out)"),
        "time_to_acknowledge": ("TTA = acknowledged − started", "n = 6 of 7 incidents (1 without acknowledged left out)"),
        "time_to_mitigate": ("TTM = mitigated − started", "n = 5 of 7 incidents (2 without mitigated left out)"),
        "time_to_resolve": ("TTR = resolved − started", "n = 6 of 7 incidents (1 without resolved left out)"),
        "incidents": ("count = incidents whose started falls in the quarter (UTC)", "n = 7 incidents"),
        "components": ("count = incidents that list the component", "n = 7 incidents"),
        "teams": ("the owner of its first component", "n = 7 incidents"),
        "actions": ("closed ≤ due", "n = 8 follow-up actions of the counted incidents; today = 2026-11-23"),
        "postmortems": ("completion = published ÷ resolved incidents", "n = 3 resolved incidents"),
    }
    for key, (formula, n_text) in expected.items():
        text = section(html, key)
        assert formula in text and n_text in text, key
        assert re.search(r'<svg [^>]*role="img"', text), key
        assert f'id="table-{key}"' in text, key


def test_strip_charts_draw_one_dot_per_incident_in_the_table(html: str) -> None:
    tables = page_tables(html)
    for key in DURATION_KEYS:
        svg = re.search(r"<svg.*?</svg>", section(html, key), re.S).group(0)
        assert svg.count("<circle") - 1 == sum(row["n"] for row in tables[key]), key  # minus the legend's dot


def test_page_explains_method_and_what_is_left_out(html: str) -> None:
    assert "nearest-rank" in html
    assert "drills (1;" in html and "maintenances (1;" in html
    assert "The mean is not shown" in html
    assert 'data-key="mean"' not in html


def test_page_links_the_register(html: str) -> None:
    assert 'href="../exports/incidents.json"' in html
    assert 'href="../exports/incidents.csv"' in html


def test_charts_need_no_javascript_and_use_the_text_colour(html: str) -> None:
    svgs = re.findall(r"<svg.*?</svg>", html[html.index("<h1"):], re.S)
    assert len(svgs) == 9
    for svg in svgs:
        assert "<script" not in svg and "on" + "load" not in svg
        assert 'fill="currentColor"' in svg
        assert not re.search(r'(fill|stroke)="#', svg)


def test_metrics_mean_option_adds_the_mean(records: Path, tmp_path: Path) -> None:
    site = build_site(tmp_path, records, now=NOW, plugin_options={"metrics_mean": True})
    page = read(site, "metrics/index.html")
    assert_figures(page_tables(page), mean=True)
    assert "The mean is shown on request" in page


def test_german_page(records: Path, tmp_path: Path) -> None:
    theme = {"name": "material", "font": False, "language": "de"}
    page = read(build_site(tmp_path, records, now=NOW, config={"theme": theme}), "metrics/index.html")
    assert "<h1>Incident-Kennzahlen</h1>" in page
    assert "Zeit bis zur Behebung (TTR)" in page and "Alle Quartale" in page
    assert_figures(page_tables(page))  # the figures do not depend on the language


def test_public_build_has_no_metrics_and_no_register(records: Path, tmp_path: Path) -> None:
    site = build_site(tmp_path, records, audience="public", now=NOW)
    assert not (site / "metrics").exists()
    assert not (site / "exports").exists()


def test_same_clock_same_bytes(records: Path, html: str, tmp_path: Path) -> None:
    site = build_site(tmp_path, records, now=NOW)
    again = read(site, "metrics/index.html")
    body = re.compile(r"<h1.*?</article>", re.S)  # the page's own content
    assert body.search(again).group(0) == body.search(html).group(0)
