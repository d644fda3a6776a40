"""`incidentbook check FILE...` as pre-commit runs it, the hook the repository ships, and YAML syntax
errors that say what usually causes them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from incidentbook.cli import main
from sitebuild import REPO, build_clock, init_repository, write_record

GOOD = {"title": "Checkout slow", "severity": "minor", "status": "investigating", "started": "2026-11-23T01:00:00Z",
        "updates": [{"at": "2026-11-23T01:05:00Z", "status": "investigating", "message": "Looking."}]}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = init_repository(tmp_path / "acme")
    monkeypatch.chdir(folder)
    return folder


def check(*argv: str) -> int:
    with build_clock("2026-11-23T12:00:00Z"):
        return main(["check", *argv])


def test_single_files_are_checked_within_their_records_folder(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write_record(repo / "incidents" / "2026", "2026-11-23-good", GOOD)
    bad = write_record(repo / "incidents" / "2026", "2026-11-23-bad", {**GOOD, "severity": "nope"})
    twin = write_record(repo / "incidents" / "2026", "2026-11-23-twin", {**GOOD, "id": "2026-11-23-good"})
    capsys.readouterr()
    assert check(str(good.relative_to(repo))) == 0
    assert "records OK (incidents/2026/2026-11-23-good.md)" in capsys.readouterr().err
    assert check(str(bad.relative_to(repo)), str(good.relative_to(repo))) == 1
    out = capsys.readouterr().out
    assert "incidents/2026/2026-11-23-bad.md:" in out and "unknown severity 'nope'" in out and "twin" not in out
    assert check(str(twin.relative_to(repo))) == 1  # a duplicate id needs the whole folder: it is read
    assert "is already the id of" in capsys.readouterr().out


def test_a_file_outside_a_records_folder_is_a_usage_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check("README.md") == 2
    assert "not inside a records folder" in capsys.readouterr().err


def test_the_pre_commit_hook_runs_check_on_the_changed_records() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert [h["id"] for h in hooks] == ["incidentbook-check"]
    hook = hooks[0]
    assert hook["entry"] == "incidentbook check" and hook["language"] == "python" and hook["pass_filenames"] is True
    import re
    files = re.compile(hook["files"])
    assert files.search("incidents/2026/2026-11-23-x.md") and files.search("incidents/catalog.yml")
    assert files.search("incidents/2026/x.MD") and not files.search("mkdocs.yml")


@pytest.mark.parametrize("front,line,hint", [
    ("title: x\nseverity: minor\nstatus: investigating\nstarted: 2026-11-23T01:00:00Z\nupdates:\n  - at: 2026-11-23T01:05:00Z\n"
     "    status: investigating\n    message: Rolled back: errors gone\n", 9, "a value that holds ': ' needs quotes"),
    ("title: x\nupdates:\n  - at: 2026-11-23T01:05:00Z\n   status: investigating\n", 5, "the items of a list start with '- '"),
    ("title: 'unclosed\nseverity: minor\n", 4, "a quote is not closed"),
    ("title: @oncall paged\n", 2, "a value that starts with '@' or '`' needs quotes"),
])
def test_yaml_syntax_errors_say_the_usual_cause(repo: Path, capsys: pytest.CaptureFixture[str], front: str, line: int, hint: str) -> None:
    path = repo / "incidents" / "2026" / "2026-11-23-broken.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n" + front + "---\n")
    assert check() == 1
    out = capsys.readouterr().out
    assert f"incidents/2026/2026-11-23-broken.md:{line}:" in out and hint in out, out
