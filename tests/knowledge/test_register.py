"""The incident register (exports/incidents.json and .csv): every record, one row each, durations from timestamps."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from incidentbook.core.knowledge.register import COLUMNS, rows, to_csv
from incidentbook.core.records.clock import parse_timestamp
from incidentbook.core.records.loader import load_book
from metrics_fixture import NOW, RECORDS, REGISTER_ORDER, write_fixture
from sitebuild import build_site, read

DURATION_ENDS = {"time_to_detect": "detected", "time_to_acknowledge": "acknowledged",
                 "time_to_mitigate": "mitigated", "time_to_resolve": "resolved"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("register")
    return build_site(folder / "work", write_fixture(folder / "records"), now=NOW)


@pytest.fixture(scope="module")
def entries(site: Path) -> list[dict]:
    return json.loads(read(site, "exports/incidents.json"))


@pytest.fixture(scope="module")
def table(site: Path) -> list[dict[str, str]]:
    text = (site / "exports/incidents.csv").read_bytes().decode("utf-8")
    assert text.endswith("\r\n")  # RFC 4180 line ends
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_one_row_per_record_drills_and_maintenances_included(entries: list[dict]) -> None:
    assert [e["id"] for e in entries] == REGISTER_ORDER
    assert len(entries) == len(RECORDS)
    by_id = {e["id"]: e for e in entries}
    assert by_id["g-drill"]["drill"] is True and by_id["a-checkout-down"]["drill"] is False
    assert by_id["h-maintenance"]["type"] == "maintenance"
    assert by_id["e-payments-open"]["visibility"] == "internal"


def test_every_row_has_every_column_in_order(entries: list[dict], table: list[dict[str, str]]) -> None:
    required = {"id", "title", "type", "severity", "status", "visibility", "drill", "components", "started",
                "detected", "acknowledged", "mitigated", "resolved", "scheduled_start", "scheduled_end", "lead",
                "postmortem_status", "actions_total", "actions_open", *DURATION_ENDS, "path", "team"}
    assert required <= set(COLUMNS)
    assert all(list(e) == list(COLUMNS) for e in entries)
    assert list(table[0]) == list(COLUMNS)


def test_durations_are_the_differences_of_the_timestamps(entries: list[dict]) -> None:
    for entry in entries:
        for column, end in DURATION_ENDS.items():
            if entry["started"] and entry[end]:
                difference = parse_timestamp(entry[end]) - parse_timestamp(entry["started"])
                assert entry[column] == difference.total_seconds(), (entry["id"], column)
            else:
                assert entry[column] is None, (entry["id"], column)
    by_id = {e["id"]: e for e in entries}
    assert [by_id["c-webhooks"][c] for c in DURATION_ENDS] == [1200, 3000, 7200, 14400]
    assert [by_id["b-search-slow"][c] for c in DURATION_ENDS] == [None, None, 3600, 14400]
    assert [by_id["h-maintenance"][c] for c in DURATION_ENDS] == [None] * 4


def test_timestamps_are_utc_with_z(entries: list[dict]) -> None:
    by_id = {e["id"]: e for e in entries}
    assert by_id["c-webhooks"]["started"] == "2026-03-30T23:00:00Z"  # written as 2026-03-31T01:00:00+02:00
    assert by_id["h-maintenance"]["scheduled_start"] == "2026-06-10T02:00:00Z"
    assert by_id["h-maintenance"]["started"] is None
    for entry in entries:
        for value in (entry[c] for c in ("started", "detected", "acknowledged", "mitigated", "resolved",
                                         "scheduled_start", "scheduled_end")):
            assert value is None or value.endswith("Z")


def test_derived_columns(entries: list[dict]) -> None:
    by_id = {e["id"]: e for e in entries}
    assert (by_id["a-checkout-down"]["actions_total"], by_id["a-checkout-down"]["actions_open"]) == (3, 1)
    assert (by_id["b-search-slow"]["actions_total"], by_id["b-search-slow"]["actions_open"]) == (1, 1)  # in progress
    assert (by_id["f-no-components"]["actions_total"], by_id["f-no-components"]["actions_open"]) == (2, 1)
    assert [by_id[i]["postmortem_status"] for i in ("a-checkout-down", "c-webhooks", "d-dashboard")] == [
        "published", "draft", None]
    assert {i: by_id[i]["team"] for i in ("a-checkout-down", "c-webhooks", "e-payments-open", "f-no-components")} == {
        "a-checkout-down": "payments-team", "c-webhooks": "payments-team", "e-payments-open": "payments-team",
        "f-no-components": None}
    assert by_id["c-webhooks"]["path"] == "records/c-webhooks.md"
    assert by_id["a-checkout-down"]["components"] == {"checkout": "major_outage", "payments-api": "partial_outage"}


def test_csv_has_the_same_values_as_json(entries: list[dict], table: list[dict[str, str]]) -> None:
    assert [row["id"] for row in table] == [e["id"] for e in entries]
    for entry, row in zip(entries, table):
        for column in COLUMNS:
            value = entry[column]
            if column == "components":
                expected = ";".join(f"{k}={v}" for k, v in value.items())
            elif value is None:
                expected = ""
            elif isinstance(value, bool):
                expected = "true" if value else "false"
            else:
                expected = str(value)
            if expected.startswith(("=", "+", "-", "@")):
                expected = "'" + expected
            assert row[column] == expected, (entry["id"], column)


def test_csv_defuses_formulas(table: list[dict[str, str]], entries: list[dict]) -> None:
    row = next(r for r in table if r["id"] == "d-dashboard")
    assert row["title"] == "'=1+2 dashboard totals wrong" and row["lead"] == "'@dana"
    entry = next(e for e in entries if e["id"] == "d-dashboard")
    assert entry["title"] == "=1+2 dashboard totals wrong"  # JSON keeps the value as written
    assert row["components"] == "dashboard=major_outage"


def test_csv_quotes_separators(tmp_path: Path) -> None:
    from sitebuild import write_catalog, write_record

    folder = tmp_path / "records"
    write_catalog(folder)
    write_record(folder, "q", {"title": 'Comma, "quote"\nnewline', "severity": "minor",
                               "started": "2026-01-01T00:00:00Z", "lead": "-x", "components": {"search": "major_outage"}})
    parsed = list(csv.DictReader(io.StringIO(to_csv(rows(load_book(folder))), newline="")))
    assert parsed[0]["title"] == 'Comma, "quote"\nnewline' and parsed[0]["lead"] == "'-x"


def test_register_ignores_the_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_fixture(tmp_path / "incidents")
    first = rows(load_book(folder))
    monkeypatch.chdir(folder)
    assert rows(load_book(".")) == first
    assert first[0]["path"] == "incidents/a-checkout-down.md"
