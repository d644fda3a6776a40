"""Metrics core: nearest-rank percentiles, grouping, closure, post-mortems, and the SVG charts."""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from incidentbook.core.knowledge.metric_report import (
    Bar,
    Strip,
    format_duration,
    report,
)
from incidentbook.core.knowledge.metrics import (
    DURATIONS,
    Distribution,
    closure_state,
    compute,
    nearest_rank,
    quarter_of,
    seconds_between,
)
from incidentbook.core.knowledge.svg_charts import (
    Legend,
    bar_chart,
    log_axis,
    strip_chart,
)
from incidentbook.core.records.clock import parse_timestamp
from incidentbook.core.records.loader import load_book
from incidentbook.core.records.model import Action
from incidentbook.core.text.i18n import LOCALES, labels
from metrics_fixture import CLOSURE, COUNTS, write_fixture

NOW = parse_timestamp("2026-11-23T12:00:00Z")


@pytest.fixture
def book(tmp_path: Path):
    return load_book(write_fixture(tmp_path / "records"))


def test_nearest_rank_by_hand() -> None:
    ten = list(range(1, 11))
    assert nearest_rank(ten, 50) == 5  # rank ceil(5.0) = 5
    assert nearest_rank(ten, 90) == 9  # rank ceil(9.0) = 9, not 10 (0.9 * 10 in floats is exact only by luck)
    assert nearest_rank(list(range(1, 21)), 90) == 18
    assert nearest_rank([7], 90) == 7
    assert nearest_rank([1, 2], 50) == 1  # the lower middle value: a duration someone really had
    with pytest.raises(ValueError):
        nearest_rank([], 50)


@given(st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=200), st.sampled_from([50, 90]))
def test_nearest_rank_is_the_smallest_value_covering_p_percent(values: list[int], percent: int) -> None:
    ordered = sorted(values)
    result = nearest_rank(ordered, percent)
    assert result in ordered
    assert sum(v <= result for v in ordered) * 100 >= percent * len(ordered)
    assert sum(v < result for v in ordered) * 100 < percent * len(ordered)


def test_distribution_of_nothing_has_no_figures() -> None:
    empty = Distribution.of([None, None])
    assert (empty.n, empty.median, empty.p90, empty.mean, empty.minimum, empty.maximum) == (0, None, None, None, None, None)
    assert empty.small
    skewed = Distribution.of([60, 120, 180, 240, 36000])
    assert (skewed.median, skewed.p90, skewed.mean) == (180, 36000, 7320)  # the mean sits far above most
    assert not skewed.small


def test_quarters_are_utc_calendar_quarters() -> None:
    assert quarter_of(parse_timestamp("2026-03-31T23:59:59Z")) == "2026-Q1"
    assert quarter_of(parse_timestamp("2026-04-01T01:00:00+02:00")) == "2026-Q1"  # 2026-03-31T23:00Z
    assert quarter_of(parse_timestamp("2026-04-01T00:00:00Z")) == "2026-Q2"
    assert quarter_of(parse_timestamp("2026-12-31T12:00:00Z")) == "2026-Q4"


def test_seconds_between() -> None:
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    assert seconds_between(start, datetime(2026, 1, 1, 1, 24, tzinfo=timezone.utc)) == 5040
    assert isinstance(seconds_between(start, start), int)
    assert seconds_between(start, None) is None and seconds_between(None, start) is None


def test_format_duration() -> None:
    assert [format_duration(s) for s in (0, 45, 60, 90, 5040, 3600, 86400, 90000, 183600)] == [
        "0 s", "45 s", "1 min", "1 min 30 s", "1 h 24 min", "1 h", "1 d", "1 d 1 h", "2 d 3 h",
    ]


def test_compute_leaves_out_drills_and_maintenances(book) -> None:
    metrics = compute(book, NOW)
    assert [r.id for r in metrics.incidents] == [
        "a-checkout-down", "b-search-slow", "c-webhooks", "d-dashboard", "e-payments-open", "i-search-again",
        "f-no-components",
    ]
    assert (metrics.drills, metrics.maintenances, metrics.before_since) == (1, 1, 0)
    assert metrics.quarters == ["2026-Q1", "2026-Q2"]
    assert len(metrics.incidents) == COUNTS[None][3]
    assert {q: tuple(states.values()) for q, states in metrics.closure.items()} == {
        q: v[:-1] for q, v in CLOSURE.items()
    }


def test_since_keeps_incidents_that_started_on_or_after_the_date(book) -> None:
    metrics = compute(book, NOW, since=date(2026, 4, 1))
    assert [r.id for r in metrics.incidents] == ["d-dashboard", "e-payments-open", "i-search-again", "f-no-components"]
    assert metrics.before_since == 3 and metrics.quarters == ["2026-Q2"]


def test_no_incidents_gives_empty_figures_not_errors(tmp_path: Path) -> None:
    from sitebuild import write_catalog

    folder = tmp_path / "empty"
    write_catalog(folder)
    figures = report(compute(load_book(folder), NOW), labels("en"))
    by_key = {s.key: s for s in figures.sections}
    assert by_key["time_to_resolve"].n == 0
    assert by_key["time_to_resolve"].rows[-1].texts["median"] == "—"
    assert by_key["actions"].rows == []


def action(status: str, closed: date | None = None) -> Action:
    return Action(record_id="r", id="a", title="t", line=1, status=status, closed=closed)


def test_closure_state_boundaries() -> None:
    today, due = date(2026, 5, 10), date(2026, 5, 10)
    assert closure_state(action("done", date(2026, 5, 10)), due, today) == "on_time"  # closed on the due day
    assert closure_state(action("wont_do", date(2026, 5, 11)), due, today) == "late"
    assert closure_state(action("done", date(2026, 5, 1)), None, today) == "closed_no_due"
    assert closure_state(action("open"), due, today) == "open_not_due"  # due today is not overdue yet
    assert closure_state(action("in_progress"), date(2026, 5, 9), today) == "overdue"
    assert closure_state(action("open"), None, today) == "open_no_due"


def test_report_sections_state_formula_and_n(book) -> None:
    figures = report(compute(book, NOW), labels("en"))
    by_key = {s.key: s for s in figures.sections}
    assert list(by_key) == ["incidents", *(d.key for d in DURATIONS), "components", "teams", "actions", "postmortems"]
    assert by_key["time_to_mitigate"].formula.startswith("TTM = mitigated − started")
    assert by_key["time_to_mitigate"].n_text == "n = 5 of 7 incidents (2 without mitigated left out)"
    assert by_key["time_to_mitigate"].notes  # small groups are warned about
    assert by_key["actions"].n == 8
    assert all(s.formula and s.n_text.startswith("n = ") for s in figures.sections)
    assert any("nearest-rank" in line for line in figures.intro)


def test_every_language_has_every_metrics_label() -> None:
    english = json.loads((LOCALES / "en" / "metrics.json").read_text(encoding="utf-8"))
    files = sorted(LOCALES.glob("*/metrics.json"))  # languages without one fall back to English
    assert {f.parent.name for f in files} >= {"en", "de"}
    for file in files:
        translated = json.loads(file.read_text(encoding="utf-8"))
        assert translated.keys() == english.keys(), file
        for key, text in english.items():  # the same placeholders, or format() fails at build time
            assert sorted(re.findall(r"{(\w+)}", translated[key])) == sorted(re.findall(r"{(\w+)}", text)), key


LEGEND = Legend("one incident", "median", "P90", "⚠ n < 5", "log scale", "no data")


def test_strip_chart_is_well_formed_and_draws_every_value() -> None:
    strips = [Strip("2026-Q1 · <Major>", (0, 300, 86400), 300, 86400, True), Strip("empty", (), None, None, True)]
    svg = strip_chart("c1", strips, "Time & to resolve", "desc", LEGEND, format_duration)
    root = ET.fromstring(svg)  # well-formed XML, labels escaped
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{ns}title").text == "Time & to resolve"
    circles = root.findall(f".//{ns}circle")
    assert len(circles) == 1 + 3  # the legend's dot and one per value
    assert "no data" in svg and "&lt;Major&gt;" in svg
    assert "script" not in svg and "#" not in svg.replace("&#", "")  # no colours: currentColor only


def test_log_axis_spans_ticks_around_the_values() -> None:
    assert log_axis([0, 120, 5000]) == (60, 14400)
    assert log_axis([]) == (60, 600)
    low, high = log_axis([300])
    assert low == 300 and high == 3000 and math.isfinite(math.log(high / low))


def test_bar_chart_scales_to_the_longest_bar() -> None:
    svg = bar_chart("b", [Bar("Q1", 3, "3"), Bar("Q2", 0, "0")], "Incidents", "d")
    root = ET.fromstring(svg)
    widths = [float(r.get("width")) for r in root.iter("{http://www.w3.org/2000/svg}rect")]
    assert widths[0] > 0 and widths[1] == 0
