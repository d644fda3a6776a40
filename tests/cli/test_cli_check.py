"""`incidentbook check` in text and GitHub formats."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest
from incidentbook.cli import ALIASES, COMMANDS, main, parser
from rules_fixture import VALID
from sitebuild import EXAMPLE_RECORDS, write_catalog


def broken_folder(tmp_path: Path, count: int) -> Path:
    records = tmp_path / "records"
    write_catalog(records)
    for n in range(count):
        (records / f"r{n}.md").write_text("---\n" + VALID.replace("severity: major", f"severity: sev{n}") + "---\n")
    os.chdir(tmp_path)
    return records


def test_example_repository_checks_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(EXAMPLE_RECORDS)]) == 0
    assert "records OK" in capsys.readouterr().err


def test_text_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken_folder(tmp_path, 2)
    assert main(["check", "records"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "records/r0.md:3:11: severity: unknown severity 'sev0'; the catalog has: minor, major, critical",
        "records/r1.md:3:11: severity: unknown severity 'sev1'; the catalog has: minor, major, critical",
    ]


def test_github_format_caps_inline_annotations_and_writes_the_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    broken_folder(tmp_path, 12)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main(["check", "records", "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    assert len(errors) == 10
    assert errors[0] == (
        "::error file=records/r0.md,line=3,col=11,title=incidentbook check::"
        "severity: unknown severity 'sev0'; the catalog has: minor, major, critical"
    )
    assert lines[-1].startswith("::notice::2 more")
    table = summary.read_text()
    assert table.count("| `records/r") == 12


def test_github_format_escapes_workflow_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = tmp_path / "records"
    write_catalog(records)
    (records / "x,y:z.md").write_text("---\n" + VALID.replace("severity: major", "severity: \"a%b\"") + "---\n")
    os.chdir(tmp_path)
    main(["check", "records", "--format", "github"])
    line = capsys.readouterr().out.splitlines()[0]
    assert line.startswith("::error file=records/x%2Cy%3Az.md,")
    assert "'a%25b'" in line


def test_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.chdir(tmp_path)
    assert main(["check", "nowhere"]) == 1
    assert "the records folder does not exist" in capsys.readouterr().out


def commands_of(root: argparse.ArgumentParser) -> list[str]:
    return [name for action in root._actions if isinstance(action, argparse._SubParsersAction) for name in action.choices]


def test_each_command_is_found_in_its_own_module_alone() -> None:
    """main() imports only the module of the command it runs: the map of commands must be right."""
    assert commands_of(parser()) == [name for command in COMMANDS for name in (command, *(a for a, c in ALIASES.items() if c == command))]
    for command in COMMANDS:
        assert command in commands_of(parser(command))
