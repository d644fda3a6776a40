"""The command line at 3 a.m., in a repository made by ``incidentbook init``: short ids, numbers from
``list``, any folder of the repository, times typed after the fact, reopen, and a whole session in
fewer than 200 typed characters."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from incidentbook.cli import main
from incidentbook.core.records.loader import load_book
from sitebuild import build_clock, init_repository, write_record

NOW = "2026-11-23T03:30:00Z"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = init_repository(tmp_path / "acme")
    monkeypatch.chdir(folder)
    return folder


def run(*argv: str, now: str = NOW) -> int:
    with build_clock(now):
        return main(list(argv))


def record(repo: Path, record_id: str):  # noqa: ANN201 - a Record
    return load_book(repo / "incidents").by_id[record_id]


def test_a_scripted_3am_session_takes_fewer_than_200_typed_characters(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    session = [
        'incidentbook new "Checkout down" --severity major --component checkout=major_outage',
        "incidentbook update 1 --status identified",
        "incidentbook update checkout --status monitoring",
        "incidentbook resolve 1",
    ]
    for line in session:
        assert run(*shlex.split(line)[1:]) == 0, line
    typed = sum(len(line) + 1 for line in session)  # each line and its Enter
    assert typed < 200, typed
    done = record(repo, "2026-11-23-checkout-down")
    assert [u.status for u in done.updates] == ["investigating", "identified", "monitoring", "resolved"]
    assert done.status == "resolved" and done.mitigated is not None
    err = capsys.readouterr().err
    assert "shown on the internal site only" in err and "next: incidentbook update checkout-down --status identified" in err
    assert run("list") == 0 and "Nothing is open" in capsys.readouterr().out
    assert run("list", "--all") == 0 and "2026-11-23-checkout-down" in capsys.readouterr().out


def test_list_numbers_what_is_open_and_status_is_its_alias(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run("new", "Search slow", "--severity", "minor", now="2026-11-23T01:00:00Z")
    run("new", "Checkout down", "--severity", "major")
    capsys.readouterr()
    assert run("status") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split()[:2] == ["1", "2026-11-23-checkout-down"] and lines[2].split()[:2] == ["2", "2026-11-23-search-slow"]
    assert "2 h 30 min" in lines[2] and "internal" in lines[2]
    assert run("list", "--format", "json") == 0
    assert '"number": 2' in capsys.readouterr().out


def test_ids_by_prefix_number_and_suggestion(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run("new", "Checkout down", "--severity", "major")
    run("new", "Checkout slow", "--severity", "minor")
    capsys.readouterr()
    assert run("update", "checkout", "--status", "identified") == 2
    assert "'checkout' could be 2 records: 2026-11-23-checkout-slow, 2026-11-23-checkout-down" in capsys.readouterr().err
    assert run("update", "checkout-d", "--status", "identified") == 0
    assert record(repo, "2026-11-23-checkout-down").status == "identified"
    assert run("update", "2026-11-23-chekout-slow", "--status", "identified") == 2
    assert "did you mean 2026-11-23-checkout-slow" in capsys.readouterr().err
    assert run("update", "#7", "--status", "identified") == 2
    assert "there is no number 7 in `incidentbook list` (2 shown)" in capsys.readouterr().err


def test_commands_find_the_records_from_any_folder_of_the_repository(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "incidents" / "2026").mkdir(exist_ok=True)
    monkeypatch.chdir(repo / "incidents" / "2026")
    assert run("new", "Checkout down", "--severity", "major") == 0
    assert (repo / "incidents" / "2026" / "2026-11-23-checkout-down.md").is_file()
    monkeypatch.chdir(repo / "docs")
    assert run("check") == 0
    monkeypatch.chdir(repo.parent)
    assert run("list") == 2
    assert "not inside an incident repository" in capsys.readouterr().err


def test_times_typed_after_the_fact(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("new", "Checkout down", "--severity", "major", "--started", "-40m", "--detected", "-25m",
               "--acknowledged", "03:10") == 0
    assert run("update", "1", "--status", "identified", "--at", "-5m") == 0
    incident = record(repo, "2026-11-23-checkout-down")
    assert incident.started.isoformat() == "2026-11-23T02:50:00+00:00"
    assert incident.detected.isoformat() == "2026-11-23T03:05:00+00:00"
    assert incident.acknowledged.isoformat() == "2026-11-23T03:10:00+00:00"
    assert [(u.status, u.at.isoformat()) for u in incident.updates] == [
        ("identified", "2026-11-23T03:25:00+00:00"), ("investigating", "2026-11-23T03:30:00+00:00")]  # in time order
    assert run("update", "1", "--status", "monitoring", "--at", "+5m") == 2
    assert run("update", "1", "--status", "monitoring", "--at", "-1h30") == 2
    err = capsys.readouterr().err
    assert "write e.g. 2026-11-23T03:12:00Z, -15m, -2h, -1h30m or 03:12 (UTC)" in err


def test_summary_and_impact_are_the_public_ones(repo: Path) -> None:
    assert run("new", "Primary DB failover", "--severity", "critical", "--visibility", "public",
               "--public-title", "Checkout unavailable", "--summary", "Checkout fails for everyone.", "--impact", "critical") == 0
    assert run("update", "checkout-un", "--status", "identified", "--summary", "Checkout failed for 20 minutes.",
               "--impact", "major") == 0
    incident = record(repo, "2026-11-23-checkout-unavailable")
    assert (incident.public_title, incident.public_summary, incident.public_impact) == (
        "Checkout unavailable", "Checkout failed for 20 minutes.", "major")


def test_resolving_twice_is_refused_and_reopen_keeps_the_first_resolution(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run("new", "Checkout down", "--severity", "major", now="2026-11-23T01:00:00Z")
    assert run("resolve", "checkout", now="2026-11-23T02:00:00Z") == 0
    path = repo / "incidents" / "2026" / "2026-11-23-checkout-down.md"
    before = path.read_text()
    assert run("resolve", "checkout") == 2
    assert "already resolved (at 2026-11-23T02:00:00Z); nothing was written" in capsys.readouterr().err
    assert path.read_text() == before
    assert run("reopen", "checkout") == 0
    incident = record(repo, "2026-11-23-checkout-down")
    assert incident.status == "investigating" and incident.resolved is None
    assert [u.status for u in incident.updates] == ["investigating", "resolved", "investigating"]
    assert run("reopen", "checkout") == 2
    assert run("resolve", "checkout", "--message", "Fixed for good.") == 0


def test_bare_command_version_and_a_closed_pipe(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    listed = capsys.readouterr().out
    assert all(name in listed for name in ("init", "list", "new", "update", "resolve", "reopen", "check"))
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0 and capsys.readouterr().out.startswith("incidentbook ")
    for n in range(400):
        write_record(repo / "incidents" / "2026", f"2026-01-01-incident-{n:03d}", {
            "title": f"Incident {n}", "severity": "minor", "status": "investigating", "started": "2026-01-01T00:00:00Z",
            "updates": [{"at": "2026-01-01T00:00:00Z", "status": "investigating", "message": "Looking."}]})
    child = subprocess.Popen(
        [sys.executable, "-c", "import sys; from incidentbook.cli import main; sys.exit(main(sys.argv[1:]))", "list", "--format", "json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={"INCIDENTBOOK_NOW": NOW, "PATH": "/usr/bin:/bin"}, cwd=repo)
    assert child.stdout is not None and child.stderr is not None
    child.stdout.readline()
    child.stdout.close()  # as `| head -1` does
    err = child.stderr.read().decode()
    assert child.wait(timeout=60) == 0, err
    assert "Traceback" not in err and "BrokenPipe" not in err


def test_message_templates_of_the_catalog(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    session = [
        'incidentbook new "Checkout down" --severity major --component checkout=major_outage --template outage',
        "incidentbook update 1 --status identified --template outage --component search=degraded_performance",
        "incidentbook resolve 1 --template outage",
    ]
    for line in session:
        assert run(*shlex.split(line)[1:]) == 0, line
    incident = record(repo, "2026-11-23-checkout-down")
    assert [u.message for u in incident.updates] == [
        "We are investigating problems with Checkout.",
        "We have found the cause of the problems with Checkout, Search and are working on a fix.",
        "Checkout, Search: working normally again. We are sorry for the disruption.",
    ]
    capsys.readouterr()
    assert run("update", "checkout", "--status", "identified", "--template", "nope") == 2
    assert "no message template 'nope'; the catalog has: outage, maintenance" in capsys.readouterr().err
    assert run("new", "Search slow", "--severity", "minor", "--template", "maintenance") == 2
    assert "template 'maintenance' has no message for investigating" in capsys.readouterr().err
    assert run("new", "Search slow", "--severity", "minor", "--template", "outage", "--message", "x") == 2


def test_a_template_with_an_unknown_placeholder_fails_check(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalog = repo / "incidents" / "catalog.yml"
    catalog.write_text(catalog.read_text().replace("problems with {components}.", "problems with {component}."))
    assert run("check") == 1
    assert "templates.outage.investigating: unknown placeholder {component}" in capsys.readouterr().out
