"""`incidentbook stats`: the same figures as the page, in a terminal and as JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from incidentbook.cli import main
from metrics_fixture import NOW, assert_figures, write_fixture


@pytest.fixture
def records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("INCIDENTBOOK_NOW", NOW)
    monkeypatch.chdir(tmp_path)
    return write_fixture(tmp_path / "incidents")


def stats_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["stats", *args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_holds_the_figures_worked_out_by_hand(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = stats_json(capsys)  # RECORDS defaults to ./incidents
    assert_figures({s["key"]: s["rows"] for s in data["sections"]})
    assert data["incidents"] == 7
    assert data["left_out"] == {"drills": 1, "maintenances": 1, "before_since": 0}
    assert data["percentile_method"] == "nearest-rank" and data["small_n"] == 5
    assert data["generated"] == NOW


def test_mean_only_on_request(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sections = {s["key"]: s["rows"] for s in stats_json(capsys, str(records), "--mean")["sections"]}
    assert_figures(sections, mean=True)


def test_since_filters_by_started(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = stats_json(capsys, "--since", "2026-04-01")
    assert data["incidents"] == 4 and data["left_out"]["before_since"] == 3 and data["since"] == "2026-04-01"
    counts = {s["key"]: s for s in data["sections"]}["incidents"]["rows"]
    assert [(r["quarter"], r["total"]) for r in counts] == [("2026-Q2", 4), (None, 4)]


def test_text_prints_aligned_tables(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", str(records)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Incident metrics\n================\n")
    ttr = out[out.index("Time to resolve (TTR)"):out.index("Incidents per component")]
    assert "TTR = resolved − started" in ttr
    assert "n = 6 of 7 incidents (1 without resolved left out)" in ttr
    # all quarters, all severities: n 6, median 14400 s, P90 86400 s, min 3600 s, max 86400 s
    assert re.search(r"^All quarters\s+All severities\s+6\s+4 h\s+1 d\s+1 h\s+1 d$", ttr, re.M)
    assert re.search(r"^2026-Q2\s+Critical\s+0 ⚠ small n\s+—\s+—\s+—\s+—$", ttr, re.M)
    assert "Mean" not in out


def test_bad_date_is_a_usage_error(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["stats", "--since", "last week"])
    assert exit_info.value.code == 2
    assert "is not a date such as 2026-01-01" in capsys.readouterr().err


def test_broken_records_fail_with_every_problem(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (records / "broken.md").write_text("---\ntitle: x\nseverity: sev9\nstarted: 2026-01-01T00:00:00Z\n---\n")
    assert main(["stats", str(records)]) == 1
    assert "unknown severity 'sev9'" in capsys.readouterr().err
