"""Catalog rules beyond the schema: published ids that collide, dates and numbers out of range.

Each mistake is a problem at its line of catalog.yml, never a traceback and never a site with two rows
of one id.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from incidentbook.core.records.catalog import Component, group_id_clashes
from incidentbook.core.records.errors import Problem
from incidentbook.core.records.loader import read_book

SEVERITIES = "severities: [{id: minor, name: Minor}]\n"


def catalog_problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> list[Problem]:
    records = tmp_path / "r"
    records.mkdir()
    (records / "catalog.yml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return read_book(records)[1]


def test_two_group_names_with_one_id_are_refused_at_the_second(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    problems = catalog_problems(tmp_path, monkeypatch, SEVERITIES + (
        "components:\n"
        "  - {id: web, name: Web, group: Web & API}\n"
        "  - {id: api, name: API, group: Web & API}\n"
        "  - {id: cdn, name: CDN, group: Web API}\n"
        "  - {id: dns, name: DNS, group: Web API}\n"
    ))
    assert [(p.path, p.line) for p in problems] == [("r/catalog.yml", 5)]  # once per name, at its first line
    assert problems[0].message == (
        "components[2].group: groups 'Web & API' and 'Web API' give the same id 'group-web-api'; rename one of them"
    )


def test_a_group_id_equal_to_a_component_id_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    problems = catalog_problems(tmp_path, monkeypatch, SEVERITIES + (
        "components:\n"
        "  - {id: group-web, name: Web site}\n"
        "  - {id: api, name: API, group: Web}\n"
    ))
    assert [p.line for p in problems] == [4]
    assert "group 'Web' gives the id 'group-web', which is a component's id" in problems[0].message


def test_distinct_group_ids_pass() -> None:
    components = [Component("a", "A", 1, group="Web"), Component("b", "B", 2, group="API"),
                  Component("c", "C", 3, group="Web"), Component("d", "D", 4)]
    assert group_id_clashes(components) == []


@pytest.mark.parametrize("value", ["2026-02-30", "'2026-02-30'", "2025-13-01", "0000-01-01"])
def test_an_impossible_start_date_is_a_problem_at_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str,
) -> None:
    problems = catalog_problems(tmp_path, monkeypatch, SEVERITIES + (
        "components:\n"
        "  - id: api\n"
        "    name: API\n"
        f"    start_date: {value}\n"
    ))
    assert [(p.line, p.col) for p in problems] == [(5, 17)]
    assert problems[0].message.startswith(f"components[0].start_date: {value.strip(chr(39))!r} is not a valid start date")


@pytest.mark.parametrize("value", ["0001-01-01", "1969-12-31", "3000-01-01", "9999-12-31"])
def test_a_start_date_out_of_range_is_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    problems = catalog_problems(tmp_path, monkeypatch, SEVERITIES + f"components:\n  - {{id: api, name: API, start_date: '{value}'}}\n")
    assert [p.line for p in problems] == [3]
    assert "is outside 1970-2999" in problems[0].message


def test_start_dates_at_the_bounds_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    problems = catalog_problems(tmp_path, monkeypatch, SEVERITIES + (
        "components:\n"
        "  - {id: a, name: A, start_date: '1970-01-01'}\n"
        "  - {id: b, name: B, start_date: '2999-12-31'}\n"
    ))
    assert problems == []


@pytest.mark.parametrize("value,message", [
    ("3651", "must be at most 3650"),
    ("1000000000000", "must be at most 3650"),
    ("0", "must be at least 1"),
])
def test_action_due_days_out_of_range_is_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str, message: str,
) -> None:
    problems = catalog_problems(tmp_path, monkeypatch, (
        "severities:\n"
        "  - id: minor\n"
        "    name: Minor\n"
        f"    action_due_days: {value}\n"
        "components: [{id: api, name: API}]\n"
    ))
    assert [p.line for p in problems] == [4]
    assert problems[0].message == f"severities[0].action_due_days: {message}"
