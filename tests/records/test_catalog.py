"""Catalog rules beyond the schema: published ids that collide.

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
