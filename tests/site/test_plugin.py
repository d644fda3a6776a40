"""The MkDocs adapter: failures, the public allow-list of inputs, determinism, published schemas."""

from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, PluginError
from sitebuild import REPO, build_site, write_catalog, write_record

RESOLVED = {
    "title": "Search slow", "severity": "minor", "status": "resolved", "visibility": "public",
    "components": {"search": "degraded_performance"},
    "started": "2026-11-01T10:00:00Z", "resolved": "2026-11-01T11:00:00Z",
    "updates": [{"at": "2026-11-01T11:00:00Z", "status": "resolved", "message": "Search is fast again."}],
}


@pytest.fixture
def records(tmp_path: Path) -> Path:
    folder = tmp_path / "records"
    write_catalog(folder)
    write_record(folder, "2026-11-01-search-slow", RESOLVED)
    return folder


def test_a_broken_record_fails_the_build_and_keeps_the_last_good_site(
    tmp_path: Path, records: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site = build_site(tmp_path, records, "public")
    good = (site / "index.html").read_text()
    write_record(records, "broken", {**RESOLVED, "severity": "sev9", "drill": "no"})
    with pytest.raises((PluginError, Abort)):
        build_site(tmp_path, records, "public")
    message = caplog.text
    assert "broken.md:3:11: severity: unknown severity 'sev9'" in message
    assert "drill: expected true or false, got 'no'" in message
    assert (site / "index.html").read_text() == good  # validation runs before MkDocs cleans site_dir


def test_mkdocs_command_reports_problems_without_a_traceback(tmp_path: Path, records: Path) -> None:
    write_record(records, "broken", {**RESOLVED, "visibility": "everyone"})
    config = tmp_path / "mkdocs.yml"
    (tmp_path / "docs").mkdir()
    config.write_text(f"site_name: T\ntheme: {{name: material, font: false}}\nplugins:\n  incidentbook:\n    records: {records}\n")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 1
    assert "visibility: 'everyone' is not one of: public, internal" in result.stderr
    assert "Traceback" not in result.stderr


def test_records_inside_docs_dir_are_refused(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    docs_records = tmp_path / "docs" / "incidents"
    write_catalog(docs_records)
    with pytest.raises((PluginError, Abort)):
        build_site(tmp_path, docs_records, "public")
    assert "keep the records folder outside docs_dir" in caplog.text


def test_public_build_publishes_no_docs_page_unless_listed(tmp_path: Path, records: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "runbook.md").write_text("# Internal runbook\n\nrotate the vault token\n")
    (docs / "about.md").write_text("# About this page\n")
    nav = {"nav": [{"Status": "index.md"}, {"About": "about.md"}, {"Runbook": "runbook.md"}]}
    internal = build_site(tmp_path, records, "internal", config=nav)
    assert (internal / "runbook" / "index.html").exists()
    public = build_site(tmp_path, records, "public", config={"nav": [{"Status": "index.md"}, {"About": "about.md"}]},
                        plugin_options={"public_files": ["about.md"]})
    assert (public / "about" / "index.html").exists()
    assert not (public / "runbook").exists()
    assert "rotate the vault token" not in (public / "search" / "search_index.json").read_text()


def test_a_docs_page_may_not_shadow_a_generated_page(tmp_path: Path, records: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    with pytest.raises((PluginError, Abort)):
        build_site(tmp_path, records, "internal")
    assert "index.md in docs_dir would be written to index.html, where a generated page goes" in caplog.text


def test_schemas_are_published_in_the_internal_site_only(tmp_path: Path, records: Path) -> None:
    internal = build_site(tmp_path, records, "internal")
    assert (internal / "schemas" / "record.schema.json").read_bytes() == (
        REPO / "plugins" / "incidentbook" / "schemas" / "record.schema.json"
    ).read_bytes()
    assert (internal / "schemas" / "catalog.schema.json").exists()
    assert not (build_site(tmp_path, records, "public") / "schemas").exists()


@pytest.mark.parametrize("audience", ["public", "internal"])
def test_two_builds_at_the_same_clock_are_identical(tmp_path: Path, records: Path, audience: str) -> None:
    first = build_site(tmp_path / "a", records, audience)
    second = build_site(tmp_path / "b", records, audience)
    compared = filecmp.dircmp(first, second)

    def differences(cmp: filecmp.dircmp) -> list[str]:
        found = cmp.left_only + cmp.right_only + cmp.diff_files
        for sub in cmp.subdirs.values():
            found += differences(sub)
        return found

    # dircmp compares shallowly by default: compare the bytes of every file as well
    files = [p.relative_to(first) for p in first.rglob("*") if p.is_file()]
    assert differences(compared) == []
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)


def test_an_unknown_time_zone_is_a_clear_error(tmp_path: Path, records: Path, caplog: pytest.LogCaptureFixture) -> None:
    with pytest.raises((PluginError, Abort)):
        build_site(tmp_path, records, "public", plugin_options={"time_zone": "Mars/Olympus"})
    assert "time_zone 'Mars/Olympus' is not an IANA time zone" in caplog.text


def test_a_build_clock_without_a_time_zone_is_a_clear_error(tmp_path: Path, records: Path, caplog: pytest.LogCaptureFixture) -> None:
    with pytest.raises((PluginError, Abort)):
        build_site(tmp_path, records, "public", now="2026-11-23 12:00")
    assert "INCIDENTBOOK_NOW='2026-11-23 12:00' is not an ISO 8601 timestamp with a time zone" in caplog.text


@pytest.mark.parametrize("option,value,bounds", [
    ("feed_limit", -1, "1 to 10000"),
    ("feed_limit", 0, "1 to 10000"),
    ("feed_limit", 10_001, "1 to 10000"),
    ("feed_limit", True, "1 to 10000"),
    ("uptime_days", 100_000_000, "1 to 3650"),
    ("uptime_days", 0, "1 to 3650"),
    ("uptime_days", "90", "1 to 3650"),
    ("history_months_per_page", 0, "1 to 120"),
    ("history_months_per_page", 121, "1 to 120"),
])
def test_a_number_option_out_of_range_is_a_clear_error(
    tmp_path: Path, records: Path, caplog: pytest.LogCaptureFixture, option: str, value: object, bounds: str,
) -> None:
    with pytest.raises((PluginError, Abort)):
        build_site(tmp_path, records, "public", plugin_options={option: value})
    assert f"Plugin 'incidentbook' option '{option}': must be a whole number from {bounds}, got {value!r}" in caplog.text


@pytest.mark.parametrize("value", [0, 100_001])
def test_pages_per_index_out_of_range_is_a_clear_error(
    tmp_path: Path, records: Path, caplog: pytest.LogCaptureFixture, value: int,
) -> None:
    plugins = {"search": {}, "incidentbook": {"records": str(records)}, "incidentbook-search": {"pages_per_index": value}}
    with pytest.raises((PluginError, Abort)):
        build_site(tmp_path, records, config={"plugins": plugins})
    assert f"option 'pages_per_index': must be a whole number from 1 to 100000, got {value}" in caplog.text


def test_number_options_at_their_bounds_build(tmp_path: Path, records: Path) -> None:
    for name, options in {"low": {"feed_limit": 1, "uptime_days": 1, "history_months_per_page": 1},
                          "high": {"feed_limit": 10_000, "uptime_days": 3650, "history_months_per_page": 120}}.items():
        site = build_site(tmp_path / name, records, "public", plugin_options=options)
        assert "Search is fast again." in (site / "history.atom").read_text(encoding="utf-8")
