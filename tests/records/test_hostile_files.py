"""Files a hostile or careless pull request may add: each is a problem with file, line and field, in
bounded time, never a traceback, a hang, a silently skipped record or a value printed in full."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from incidentbook.core.records.clock import build_now
from incidentbook.core.records.errors import UsageError
from incidentbook.core.records.loader import MAX_FILE_BYTES, read_book
from rules_fixture import VALID, problems_for, replace
from sitebuild import write_catalog

SECRET = "SECRET-FROM-OUTSIDE-9d2c"


def check(records: Path, cwd: Path, *extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``incidentbook check`` in a child process, bounded: a hang fails the test instead of the suite."""
    return subprocess.run(
        [sys.executable, "-c", "import sys; from incidentbook.cli import main; sys.exit(main(sys.argv[1:]))",
         "check", str(records), *extra],
        capture_output=True, text=True, timeout=60, cwd=cwd,
        env={**os.environ, "INCIDENTBOOK_NOW": "2026-11-23T12:00:00Z", **(env or {})},
    )


def valid_record(records: Path, name: str = "2026-03-14-card") -> Path:
    path = records / "2026" / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n" + VALID + "---\n", encoding="utf-8")
    return path


def test_a_fifo_named_like_a_record_is_refused_without_hanging(tmp_path: Path) -> None:
    records = tmp_path / "incidents"
    write_catalog(records)
    valid_record(records)
    os.mkfifo(records / "2026" / "pipe.md")
    result = check(records, tmp_path)
    assert result.returncode == 1, result.stderr
    assert "pipe.md:1:1: not a regular file" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_a_symlinked_catalog_is_reported_and_not_read(tmp_path: Path) -> None:
    records = tmp_path / "incidents"
    records.mkdir()
    outside = tmp_path / "outside.yml"
    outside.write_text(f"severities: [{{id: {SECRET}, name: x}}]\ncomponents: nope: {SECRET}\n")
    (records / "catalog.yml").symlink_to(outside)
    result = check(records, tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "catalog.yml:1:1: symbolic links are not allowed" in output
    assert SECRET not in output


@pytest.mark.parametrize("name", ["2026-03-15-outage.MD", "2026-03-15-outage.markdown", "2026-03-15-outage.Md"])
def test_a_record_with_another_markdown_ending_is_reported_not_dropped(tmp_path: Path, name: str) -> None:
    records = tmp_path / "incidents"
    write_catalog(records)
    valid_record(records)
    (records / "2026" / name).write_text("---\n" + VALID + "---\n")
    _, problems = read_book(records)
    assert [(p.line, p.message) for p in problems] == [
        (1, f"record files end in .md: rename it to {name.rsplit('.', 1)[0]}.md, or it is neither checked nor published")]


def test_a_huge_file_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    records = tmp_path / "incidents"
    write_catalog(records)
    path = valid_record(records)
    path.write_text("---\n" + VALID + "---\n" + "x" * MAX_FILE_BYTES)
    _, problems = read_book(records)
    assert len(problems) == 1 and "larger than 512 KiB" in problems[0].message


def test_a_5000_digit_number_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    problems = problems_for(tmp_path, replace("title: Card payments failing at checkout", "title: " + "9" * 5000))
    assert [p.line for p in problems] == [2]
    assert "title:" in problems[0].message and "at most 200" in problems[0].message
    assert len(problems[0].message) < 200  # the value is quoted as an excerpt, never in full


@pytest.mark.parametrize("year", ["0001", "0026", "1969", "3000", "9999"])
def test_a_year_out_of_range_is_a_problem_at_its_line(tmp_path: Path, year: str) -> None:
    problems = problems_for(tmp_path, replace("started: 2026-03-14T09:41:00Z", f"started: {year}-03-14T09:41:00Z"))
    assert [p.line for p in problems] == [8], problems
    assert f"the year {year} is outside 1970-2999" in problems[0].message


@pytest.mark.parametrize("now", ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2999-12-31T23:59:59-05:00"])
def test_a_build_clock_out_of_range_is_a_usage_error(now: str) -> None:
    with pytest.raises(UsageError, match="outside 1970-2999"):
        build_now({"INCIDENTBOOK_NOW": now})


def test_the_build_clock_at_its_bounds_is_fine(tmp_path: Path) -> None:
    records = tmp_path / "incidents"
    write_catalog(records)
    valid_record(records)
    for now in ("1970-01-01T00:00:00Z", "2999-12-31T23:59:59Z"):
        result = check(records, tmp_path, env={"INCIDENTBOOK_NOW": now})
        assert result.returncode == 0, result.stdout + result.stderr


def test_a_300_kb_message_is_refused_fast(tmp_path: Path) -> None:
    started = time.perf_counter()
    problems = problems_for(tmp_path, replace("message: Card payments work again.", "message: x" + "&amp;" * 59_999 + "x"))
    assert time.perf_counter() - started < 5
    assert any("updates[1].message: 299,997 characters; at most 10,000" in p.message for p in problems)


def test_an_anchor_without_an_alias_is_refused(tmp_path: Path) -> None:
    problems = problems_for(tmp_path, replace("severity: major", "severity: &sev major"))
    assert [(p.line, p.message) for p in problems] == [(3, "anchors and aliases are not allowed")]


def test_a_huge_list_is_refused(tmp_path: Path) -> None:
    problems = problems_for(tmp_path, replace("title: Card", "tags: [" + ", ".join(f"t{n}" for n in range(5000)) + "]\ntitle: Card"))
    assert any("tags: 5,000 entries; at most 50" in p.message for p in problems)
