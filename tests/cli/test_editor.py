"""`incidentbook new`, `update` and `resolve` on copies of real records: comments, order and body kept."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from incidentbook.cli import main
from incidentbook.core.records.loader import load_book
from sitebuild import EXAMPLE_RECORDS, build_clock

ACTIVE = "2026-11-23-delayed-invoice-emails-for-some-recipients"


@pytest.fixture
def records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "incidents"
    shutil.copytree(EXAMPLE_RECORDS, target)
    monkeypatch.chdir(tmp_path)
    return target


def run(now: str, *argv: str) -> int:
    with build_clock(now):
        return main(list(argv))


def test_new_declares_an_incident_in_one_command(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("2026-11-23T03:04:05Z", "new", "Checkout returns 502", "--severity", "major",
               "--component", "web-app=partial_outage", "--visibility", "public") == 0
    path = Path(capsys.readouterr().out.strip())
    assert path == Path("incidents/2026/2026-11-23-checkout-returns-502.md")
    record = load_book(records).by_id["2026-11-23-checkout-returns-502"]
    assert record.started.isoformat() == "2026-11-23T03:04:05+00:00"
    assert record.status == "investigating" and record.visibility == "public"
    assert [(u.status, u.message) for u in record.updates] == [("investigating", "We are investigating this issue.")]
    assert record.components == {"web-app": "partial_outage"}
    text = path.read_text()
    assert "# yaml-language-server: $schema=../../schemas/record.schema.json" in text  # the repository's copy (incidentbook schema --write)
    assert "## Learnings" in text  # the post-mortem skeleton


def test_new_twice_the_same_day_does_not_overwrite(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for _ in range(2):
        run("2026-11-23T03:04:05Z", "new", "Search is slow", "--severity", "minor")
    paths = capsys.readouterr().out.split()
    assert paths[1].endswith("2026-11-23-search-is-slow-2.md")


def test_new_maintenance(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("2026-11-23T10:00:00Z", "new", "Redis upgrade", "--maintenance", "--start", "2027-01-05T02:00:00Z",
               "--end", "2027-01-05T03:00:00Z", "--component", "card-payments=under_maintenance",
               "--visibility", "public") == 0
    path = Path(capsys.readouterr().out.strip())
    assert path.parent.name == "2027"
    record = load_book(records).by_id[path.stem]
    assert record.type == "maintenance" and record.status == "scheduled"
    assert record.scheduled_start.isoformat() == "2027-01-05T02:00:00+00:00"


@pytest.mark.parametrize("argv,message", [
    (["new", "X", "--severity", "sev1"], "unknown severity 'sev1'"),
    (["new", "X"], "--severity is required"),
    (["new", "X", "--severity", "minor", "--component", "web-app"], "write ID=STATUS"),
    (["new", "X", "--severity", "minor", "--component", "oven=major_outage"], "unknown component 'oven'"),
    (["new", "X", "--maintenance", "--start", "2027-01-05 02:00"], "no time zone"),
    (["update", "no-such-record", "--status", "resolved"], "no record with id 'no-such-record'"),
    (["new", "X", "--maintenance", "--severity", "minor", "--start", "2027-01-05T02:00:00Z",
      "--end", "2027-01-05T03:00:00Z"], "--severity is for incidents"),
    (["update", ACTIVE, "--status", "completed"], "--status for a incident must be one of"),
])
def test_mistakes_are_sentences_not_tracebacks(records: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    before = sorted(p.read_text() for p in records.rglob("*.md"))
    assert run("2026-11-23T10:00:00Z", *argv) == 2
    assert message in capsys.readouterr().err
    assert sorted(p.read_text() for p in records.rglob("*.md")) == before


def test_update_then_resolve_keeps_comments_order_and_body(records: Path) -> None:
    path = next(records.rglob(f"{ACTIVE}.md"))
    original = path.read_text()
    original_front, original_body = original.split("\n---\n", 1)
    assert run("2026-11-23T09:30:00Z", "update", ACTIVE, "--status", "monitoring",
               "--message", "Delivery to Microsoft 365 is back to normal; we keep watching.",
               "--component", "invoice-delivery=operational") == 0
    assert run("2026-11-23T10:15:00Z", "resolve", ACTIVE) == 0
    text = path.read_text()
    front, body = text.split("\n---\n", 1)
    assert body == original_body
    diff = list(difflib.ndiff(original_front.splitlines(), front.splitlines()))
    removed = [line[2:] for line in diff if line.startswith("- ")]
    added = [line[2:] for line in diff if line.startswith("+ ")]
    assert removed == ["status: monitoring"]  # every other line, comments included, is kept in place
    assert added[:2] == ["status: resolved", "resolved: 2026-11-23T10:15:00Z"]
    record = load_book(records).by_id[ACTIVE]
    assert record.status == "resolved"
    assert record.resolved.isoformat() == "2026-11-23T10:15:00+00:00"
    assert record.mitigated.isoformat() == "2026-11-23T08:05:00+00:00"  # already set: kept
    assert [u.status for u in record.updates][-2:] == ["monitoring", "resolved"]
    assert record.updates[-2].components == {"invoice-delivery": "operational"}
    assert record.updates[-1].message == "This incident has been resolved."
    keys = [line.split(":")[0] for line in front.splitlines() if line and not line.startswith((" ", "#", "-"))]
    assert keys.index("mitigated") < keys.index("resolved") < keys.index("updates")


def test_identified_sets_mitigated_once(records: Path) -> None:
    run("2026-11-23T03:00:00Z", "new", "Webhooks delayed", "--severity", "minor")
    record_id = "2026-11-23-webhooks-delayed"
    run("2026-11-23T03:20:00Z", "update", record_id, "--status", "identified", "--message", "Found it.")
    run("2026-11-23T03:40:00Z", "update", record_id, "--status", "monitoring", "--message", "Fixed.")
    record = load_book(records).by_id[record_id]
    assert record.mitigated.isoformat() == "2026-11-23T03:20:00+00:00"
    assert record.resolved is None


def test_an_edit_that_would_not_validate_writes_nothing(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = next(records.rglob(f"{ACTIVE}.md"))
    before = path.read_text()
    # an update before the incident started would break the time order
    assert run("2026-11-22T00:00:00Z", "update", ACTIVE, "--status", "identified", "--message", "x") == 1
    assert "is before started" in capsys.readouterr().err
    assert path.read_text() == before


def test_resolving_a_maintenance_completes_it(records: Path) -> None:
    record_id = "2026-12-09-scheduled-database-maintenance"
    assert run("2026-12-09T03:30:00Z", "resolve", record_id) == 0
    record = load_book(records).by_id[record_id]
    assert record.status == "completed"
    assert record.updates[-1].message == "The scheduled maintenance has been completed."


def test_updating_a_file_without_front_matter_is_a_sentence(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (records / "2026" / "notes.md").write_text("# just notes\n")
    assert run("2026-11-23T10:00:00Z", "update", "notes", "--status", "resolved") == 2
    assert "no YAML front matter" in capsys.readouterr().err
