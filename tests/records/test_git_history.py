"""The audit trail: each record's commits from one ``git log`` per build, in a real repository."""

from __future__ import annotations

import os
import re
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest
from incidentbook.core.records import git_history
from incidentbook.core.records.git_history import Commit, parse_log, read_history
from library_fixture import NOW
from sitebuild import build_site, read, write_catalog, write_record

pytestmark = pytest.mark.skipif(subprocess.run(["git", "--version"], capture_output=True).returncode != 0,
                                reason="git is not installed")


def git(repo: Path, *args: str, author: str = "Ana Admin", when: str = "2026-03-14T12:00:00+01:00") -> None:
    env = {
        **os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": "a@example.com", "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_NAME": author, "GIT_COMMITTER_EMAIL": "a@example.com", "GIT_COMMITTER_DATE": when,
    }
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def incident(title: str) -> dict:
    return {"title": title, "severity": "minor", "status": "resolved", "components": {"checkout": "partial_outage"},
            "started": "2026-03-14T09:00:00Z", "resolved": "2026-03-14T10:00:00Z"}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with records in incidents/: a.md changed three times, b c.md once, new.md never."""
    root = tmp_path / "repo"
    records = root / "incidents"
    write_catalog(records)
    write_record(records / "2026", "a", incident("A"))
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "Add incident a", when="2026-03-14T12:00:00+01:00")
    write_record(records / "2026", "a", {**incident("A"), "lead": "ana"})
    write_record(records, "b c", {"id": "b-c", **incident("B")})  # a space in the file name
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "Set lead; add b", author="Ben Builder", when="2026-03-15T08:30:00Z")
    write_record(records / "2026", "a", {**incident("A"), "lead": "ana", "tags": ["db"]})
    git(root, "commit", "-q", "-am", "Tag a", author="Chloé Writer", when="2026-03-16T09:00:00-04:00")
    write_record(records, "new", incident("New"))  # never committed
    return root


def test_history_per_file_newest_first_with_author_date_and_message(repo: Path) -> None:
    history = read_history(repo / "incidents")
    assert history is not None and history.top == repo.resolve() and history.shallow is False
    a = history.of(repo / "incidents/2026/a.md")
    assert [(c.author, c.date, c.message) for c in a] == [
        ("Chloé Writer", datetime(2026, 3, 16, 13, 0, tzinfo=timezone.utc), "Tag a"),
        ("Ben Builder", datetime(2026, 3, 15, 8, 30, tzinfo=timezone.utc), "Set lead; add b"),
        ("Ana Admin", datetime(2026, 3, 14, 11, 0, tzinfo=timezone.utc), "Add incident a"),
    ]
    assert [c.message for c in history.of(repo / "incidents/b c.md")] == ["Set lead; add b"]
    assert history.of(repo / "incidents/new.md") == []
    assert all(re.fullmatch(r"[0-9a-f]{40}", c.sha) for c in a)


def test_git_runs_one_log_for_the_whole_folder(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(40):
        write_record(repo / "incidents" / "bulk", f"r{n}", incident(f"R{n}"))
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "Bulk import")
    calls: list[list[str]] = []
    real_run = subprocess.run

    def counting_run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess:
        calls.append(command)
        return real_run(command, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(git_history.subprocess, "run", counting_run)
    history = read_history(repo / "incidents")
    assert history is not None and len(history.of(repo / "incidents/bulk/r7.md")) == 1
    assert sum("log" in command for command in calls) == 1
    assert len(calls) == 2  # rev-parse once, log once


def test_no_repository_or_no_git_means_no_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_catalog(tmp_path / "records")
    assert read_history(tmp_path / "records") is None
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    assert read_history(Path.cwd()) is None


def test_a_repository_without_commits_has_an_empty_history(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    history = read_history(tmp_path)
    assert history is not None and history.commits == {}


def test_parse_log_splits_commits_and_files() -> None:
    output = (
        b"\0abc\0002026-01-02T03:04:05+02:00\0Ana\0Fix: a\x1eb\x1fc\0\0\nx/a.md\0x/b.md\0"
        b"\0mrg\0002026-01-01T12:00:00Z\0Ben\0Merge\0\0"  # a merge lists no files
        b"\0def\0002026-01-01T00:00:00Z\0Ben\0\0\0\nx/a.md\0"  # an empty subject
    )
    parsed = parse_log(output, Path("/repo"))
    assert parsed[Path("/repo/x/a.md")] == [
        Commit("abc", datetime(2026, 1, 2, 1, 4, 5, tzinfo=timezone.utc), "Ana", "Fix: a\x1eb\x1fc"),
        Commit("def", datetime(2026, 1, 1, tzinfo=timezone.utc), "Ben", ""),
    ]
    assert [c.sha for c in parsed[Path("/repo/x/b.md")]] == ["abc"]


def test_subjects_with_control_characters_and_invalid_utf8_keep_every_commit(repo: Path) -> None:
    records = repo / "incidents"
    write_record(records, "weird", incident("Weird"))
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "Fix\x1erecord\x1fsep\ttab", when="2026-03-17T10:00:00Z")
    write_record(records, "weird", {**incident("Weird"), "lead": "ana"})
    (repo / "message").write_bytes(b"Latin-1 caf\xe9\n")  # an encoding git cannot convert: logged as the raw bytes
    git(repo, "-c", "i18n.commitEncoding=no-such-encoding", "commit", "-q", "-a", "-F", "message",
        when="2026-03-18T10:00:00Z")
    write_record(records / "2026", "a", {**incident("A"), "lead": "ben"})
    git(repo, "commit", "-q", "-am", "Later change", when="2026-03-19T10:00:00Z")
    history = read_history(records)
    assert history is not None
    assert [c.message for c in history.of(records / "weird.md")] == ["Latin-1 caf\ufffd", "Fix\x1erecord\x1fsep\ttab"]
    assert [c.message for c in history.of(records / "2026/a.md")] == ["Later change", "Tag a", "Set lead; add b",
                                                                      "Add incident a"]


def test_record_page_shows_its_audit_trail_and_edit_link(repo: Path) -> None:
    site = build_site(repo / "work", repo / "incidents", now=NOW,
                      config={"repo_url": "https://github.com/acme/incidents", "edit_uri": "edit/main/"})
    page = read(site, "postmortems/a/index.html")
    history = page[page.index('id="ib-history"'):]
    rows = re.findall(r"<tr><td><time[^>]*>([^<]+)</time></td> <td>([^<]+)</td> <td>([^<]+)</td>", history)
    assert rows == [
        ("2026-03-16 13:00 UTC", "Chloé Writer", "Tag a"),
        ("2026-03-15 08:30 UTC", "Ben Builder", "Set lead; add b"),
        ("2026-03-14 11:00 UTC", "Ana Admin", "Add incident a"),
    ]
    assert "Every commit that changed incidents/2026/a.md" in history
    assert 'href="https://github.com/acme/incidents/edit/main/incidents/2026/a.md"' in page
    assert 'href="https://github.com/acme/incidents/edit/main/incidents/b%20c.md"' in read(site, "postmortems/b-c/index.html")
    assert 'id="ib-history"' not in read(site, "postmortems/new/index.html")  # never committed: no trail
