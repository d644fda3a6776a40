"""The follow-up action logic (core/knowledge/actions.py) and ``incidentbook actions``, on fixture records.

Today is 2026-11-23 (NOW): an action due 2026-11-22 is one day overdue, one due today is not.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from actions_fixture import NOW, TODAY, write_book
from incidentbook.cli import main
from incidentbook.core.knowledge import actions as core
from incidentbook.core.records.loader import load_book
from sitebuild import write_catalog, write_record


@pytest.fixture
def records(tmp_path: Path) -> Path:
    return write_book(tmp_path / "incidents")


@pytest.fixture
def items(records: Path) -> dict[str, core.ActionItem]:
    return {i.action.id: i for i in core.collect(load_book(records), TODAY)}


def ids(items: list[core.ActionItem]) -> list[str]:
    return [i.action.id for i in items]


# -- core -----------------------------------------------------------------------------------------

def test_every_action_of_every_record_is_collected_whatever_the_incident_status(items):
    assert len(items) == 13
    assert {i.action.status for i in items.values()} == {"open", "in_progress", "done", "wont_do"}
    assert items["no-owner"].record.status == "investigating"
    assert items["closed-30-days-ago"].record.drill


def test_overdue_boundary_due_yesterday_is_overdue_due_today_is_not(items):
    assert items["due-yesterday"].overdue and items["due-yesterday"].days_overdue == 1
    assert not items["due-today"].overdue and items["due-today"].days_overdue == 0
    assert items["late-in-progress"].overdue and items["late-in-progress"].days_overdue == 22


def test_closed_actions_are_never_overdue(items):
    assert items["done-recent"].due == date(2026, 11, 1)
    assert not items["done-recent"].overdue


def test_policy_due_counts_from_resolved_else_started(items):
    policy = items["policy-due"]  # major: 30 days after resolved 2026-10-01
    assert (policy.due, policy.due_from_policy) == (date(2026, 10, 31), True)
    assert policy.overdue and policy.days_overdue == 23
    open_incident = items["no-owner"]  # minor: 60 days after started 2026-11-01, still open
    assert (open_incident.due, open_incident.due_from_policy) == (date(2026, 12, 31), True)
    assert (items["due-yesterday"].due_from_policy, items["due-yesterday"].due) == (False, date(2026, 11, 22))


def test_no_policy_without_severity_days(items):
    undated = items["undated"]  # maintenance: no severity, so no policy
    assert (undated.due, undated.due_from_policy, undated.overdue) == (None, False, False)


def test_effective_due_and_is_overdue_are_usable_one_action_at_a_time(records):
    book = load_book(records)
    record = book.by_id["card-outage"]
    action = next(a for a in record.actions if a.id == "policy-due")
    due, from_policy = core.effective_due(action, record, book.catalog)
    assert (due, from_policy) == (date(2026, 10, 31), True)
    assert core.is_overdue(action, due, date(2026, 11, 1))
    assert not core.is_overdue(action, due, date(2026, 10, 31))
    assert ids(core.items_of(record, book.catalog, TODAY))[:2] == ["due-yesterday", "due-today"]


def test_views(items):
    everything = list(items.values())
    assert ids(core.overdue(everything)) == ["policy-due", "late-in-progress", "due-yesterday"]
    assert ids(core.due_soon(everything, TODAY)) == ["due-today", "due-in-14"]
    assert ids(core.unplanned(everything)) == ["undated", "no-owner"]  # by priority, then record
    assert ids(core.recently_closed(everything, TODAY)) == ["done-recent", "closed-30-days-ago"]
    assert ids(core.wont_do(everything)) == ["wont-do-old"]


def test_counts(items):
    assert core.counts(items.values(), TODAY) == {
        "total": 13, "open": 9, "overdue": 3, "due_soon": 2, "no_owner": 1, "no_due": 1,
        "recently_closed": 2, "wont_do": 1,
    }


def test_team_is_the_owner_team_else_the_record_team_else_the_first_component_owner(items):
    assert items["policy-due"].team == "payments-team"  # owner is a team
    assert items["closed-30-days-ago"].team == "discovery-team"  # owner team beats the component's
    assert items["late-in-progress"].team == "platform-team"  # record team beats the component's (search)
    assert items["due-yesterday"].team == "payments-team"  # checkout's owner
    assert items["undated"].team == "platform-team"  # dashboard's owner


def test_grouping_by_owner_and_team(items):
    by_owner = {g.key: g for g in core.by_owner(items.values())}
    assert list(by_owner)[0] is None  # the unowned first
    assert ids(by_owner[None].items) == ["no-owner"]
    assert ids(by_owner["ben"].items) == ["due-yesterday", "due-today", "done-recent"]
    assert (by_owner["ben"].open, by_owner["ben"].overdue) == (2, 1)
    by_team = {g.key: g for g in core.by_team(items.values())}
    assert list(by_team) == ["discovery-team", "payments-team", "platform-team"]
    assert sorted(ids(by_team["platform-team"].items)) == ["late-in-progress", "no-owner", "undated"]
    assert (by_team["payments-team"].open, by_team["payments-team"].overdue) == (6, 2)


def test_build_date_is_the_utc_date_of_the_build_clock():
    late_evening_in_new_york = datetime(2026, 11, 22, 20, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert core.build_date(late_evening_in_new_york) == TODAY


# -- exports --------------------------------------------------------------------------------------

def test_csv_export_columns_booleans_and_quoting(items):
    rows = list(csv.DictReader(io.StringIO(core.to_csv(items.values()))))
    assert set(core.EXPORT_COLUMNS) >= {"record", "id", "title", "owner", "due", "priority", "status", "type", "ticket", "overdue"}
    by_id = {r["id"]: r for r in rows}
    assert by_id["due-yesterday"]["overdue"] == "true" and by_id["due-today"]["overdue"] == "false"
    assert (by_id["policy-due"]["due"], by_id["policy-due"]["due_source"]) == ("2026-10-31", "policy")
    assert by_id["due-yesterday"]["due_source"] == "record"
    assert (by_id["undated"]["due"], by_id["undated"]["due_source"]) == ("", "")
    assert by_id["wont-do-old"]["reason"] == "Replaced by the circuit breaker"


def test_csv_export_defuses_formulas(items):
    row = next(r for r in csv.DictReader(io.StringIO(core.to_csv(items.values()))) if r["id"] == "formula")
    assert row["title"] == '\'=HYPERLINK("http://evil.example", "click"), then "quote"'
    assert row["owner"] == "'@mallory"
    assert [core.csv_cell(v) for v in ("+1", "-1", "\tx", "a=b", None, True)] == ["'+1", "'-1", "'\tx", "a=b", "", "true"]


def test_json_export_is_typed(items):
    data = json.loads(core.to_json(items.values()))
    by_id = {r["id"]: r for r in data}
    assert by_id["due-yesterday"]["overdue"] is True and by_id["due-yesterday"]["days_overdue"] == 1
    assert by_id["undated"]["due"] is None and by_id["undated"]["owner"] == "erin"
    assert by_id["formula"]["title"].startswith("=HYPERLINK")  # JSON is data, not a spreadsheet
    assert list(by_id["due-today"]) == list(core.EXPORT_COLUMNS)


# -- the command ----------------------------------------------------------------------------------

@pytest.fixture
def cli(records, monkeypatch, capsys):
    """Run ``incidentbook actions RECORDS ...``; return (exit status, stdout, stderr)."""
    monkeypatch.setenv("INCIDENTBOOK_NOW", NOW)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)

    def run(*args: str) -> tuple[int, str, str]:
        status = main(["actions", str(records), *args])
        out, err = capsys.readouterr()
        return status, out, err

    return run


def test_text_lists_open_actions_most_urgent_first(cli):
    status, out, _ = cli()
    lines = out.splitlines()
    assert status == 0
    assert lines[0].split() == ["DUE", "STATUS", "PRIORITY", "OWNER", "TEAM", "RECORD/ACTION", "TITLE"]
    assert "2026-10-31 policy" in lines[1] and "23d OVERDUE" in lines[1] and "card-outage/policy-due" in lines[1]
    assert "card-outage/due-today" in out and "done-recent" not in out and "wont-do-old" not in out
    assert lines[-1] == "9 action(s), 3 overdue, as of 2026-11-23 (UTC)"


def test_text_all_includes_closed_actions(cli):
    _, out, _ = cli("--all")
    assert "done-recent" in out and "wont-do-old" in out and out.splitlines()[-1].startswith("13 action(s)")


def test_overdue_owner_and_team_filters(cli):
    _, out, _ = cli("--overdue", "--format", "json")
    assert [r["id"] for r in json.loads(out)] == ["policy-due", "late-in-progress", "due-yesterday"]
    _, out, _ = cli("--owner", "BEN", "--format", "json")
    assert [r["id"] for r in json.loads(out)] == ["due-yesterday", "due-today"]
    _, out, _ = cli("--team", "Platform", "--format", "json")  # a team name works as well as its id
    assert [r["id"] for r in json.loads(out)] == ["late-in-progress", "no-owner", "undated"]
    _, out, _ = cli("--team", "platform-team", "--overdue", "--format", "csv")
    assert [r["id"] for r in csv.DictReader(io.StringIO(out))] == ["late-in-progress"]


def test_unknown_team_is_a_usage_error(cli):
    status, out, err = cli("--team", "nobody-team")
    assert status == 2 and out == "" and "unknown team 'nobody-team'" in err


def test_a_build_clock_without_time_zone_is_a_usage_error(cli, monkeypatch):
    monkeypatch.setenv("INCIDENTBOOK_NOW", "2026-11-23 12:00")
    status, out, err = cli()
    assert status == 2 and out == "" and "INCIDENTBOOK_NOW='2026-11-23 12:00' is not an ISO 8601 timestamp" in err


def test_fail_on_overdue_exit_status(cli):
    assert cli("--fail-on-overdue")[0] == 1
    assert cli("--overdue", "--fail-on-overdue", "--format", "csv")[0] == 1
    assert cli("--owner", "chloe", "--fail-on-overdue")[0] == 0  # nothing of chloe's is overdue
    assert cli("--owner", "ben")[0] == 0  # without the flag, overdue actions do not fail


def test_empty_selection(cli):
    status, out, _ = cli("--owner", "nobody")
    assert status == 0 and out.startswith("No actions match")
    status, out, _ = cli("--owner", "nobody", "--format", "json")
    assert json.loads(out) == []


def test_csv_format_matches_the_export(cli, records):
    _, out, _ = cli("--all", "--format", "csv")
    assert out == core.to_csv(core.collect(load_book(records), TODAY))


def test_github_format_warns_at_the_action_line(cli, records, tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    status, out, _ = cli("--format", "github", "--fail-on-overdue")
    lines = out.splitlines()
    assert status == 1 and len(lines) == 3 and all(line.startswith("::warning file=") for line in lines)
    text = (records / "card-outage.md").read_text(encoding="utf-8").splitlines()
    first = lines[0]
    line_no = int(first.split(",line=")[1].split(",")[0])
    assert text[line_no - 1].strip() == "- id: policy-due"
    assert "card-outage.md" in first and "23 day(s) overdue" in first and "policy" in first
    assert "| " in summary.read_text(encoding="utf-8") and "late-in-progress" in summary.read_text(encoding="utf-8")


def test_github_format_caps_inline_annotations_and_escapes(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "incidents"
    write_catalog(folder)
    actions = [{"id": f"late-{n:02d}", "title": f"Late action {n}", "owner": "ben", "due": "2026-11-01"} for n in range(12)]
    actions[0]["title"] = "Evil\n::add-mask::secret 100% done"
    write_record(folder, "many", {
        "title": "Many actions", "severity": "minor", "status": "resolved",
        "started": "2026-10-01T09:00:00Z", "resolved": "2026-10-01T10:00:00Z", "actions": actions,
    })
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("INCIDENTBOOK_NOW", NOW)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main(["actions", str(folder), "--format", "github"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert sum(line.startswith("::warning ") for line in lines) == 10
    assert lines[-1].startswith("::notice::2 more")
    assert "Evil%0A::add-mask::secret 100%25 done" in lines[0]
    assert all("\n" not in line for line in lines)
    assert summary.read_text(encoding="utf-8").count("late-") == 12


def test_invalid_records_fail_with_their_problems(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "incidents"
    write_catalog(folder)
    write_record(folder, "broken", "title: Broken\nseverity: major\nstarted: 2026-10-01T09:00:00Z\n"
                                   "actions:\n  - id: x\n    title: X\n    status: wont_do\n")
    monkeypatch.setenv("INCIDENTBOOK_NOW", NOW)
    assert main(["actions", str(folder)]) == 1
    assert "broken.md" in capsys.readouterr().err
