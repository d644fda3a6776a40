"""`incidentbook init`: the questions it asks at a terminal, its usage errors, and what a repository it
made holds (the adoption test in tests/scaffold/ builds and publishes one from the wheel)."""

from __future__ import annotations

import os
import pty
import sys
from pathlib import Path

import pytest
import yaml
from incidentbook.cli import main
from incidentbook.core.records.loader import load_book
from sitebuild import build_clock, init_repository


def test_at_a_terminal_init_asks_for_what_the_flags_leave_out(tmp_path: Path) -> None:
    target = tmp_path / "acme"
    pid, fd = pty.fork()
    if pid == 0:  # the child: incidentbook init with a terminal attached
        os.environ["INCIDENTBOOK_NOW"] = "2026-11-23T12:00:00Z"
        os.execv(sys.executable, [sys.executable, "-c", "import sys; from incidentbook.cli import main; sys.exit(main(sys.argv[1:]))",
                                  "init", str(target)])
    os.write(fd, b"Acme Rockets\n\nStorefront/Checkout@Payments, Public API\n")
    output = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    _, status = os.waitpid(pid, 0)
    text = output.decode(errors="replace")
    assert os.waitstatus_to_exitcode(status) == 0, text
    assert "Company name:" in text and "Status page address [https://status.acmerockets.com/]:" in text
    public = yaml.safe_load((target / "mkdocs.public.yml").read_text())
    assert public["site_name"] == "Acme Rockets status" and public["site_url"] == "https://status.acmerockets.com/"
    book = load_book(target / "incidents")
    assert [(c.id, c.group, c.owner) for c in book.catalog.components] == [("checkout", "Storefront", "payments"), ("public-api", None, None)]


def test_without_a_terminal_the_name_and_address_are_required(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(tmp_path / "x"), "--no-input"]) == 2
    assert "init needs --name and --url" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("flags,message", [
    (["--component", "Web/"], "write [GROUP/]NAME[@TEAM]"),
    (["--component", "API", "--component", "api"], "two components give the same id"),
    (["--url", "status.acme.test"], "the status page's address"),
    (["--logo", "/nonexistent.svg"], "no such file"),
])
def test_malformed_flags_are_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str], flags: list[str], message: str) -> None:
    argv = ["init", str(tmp_path / "x"), "--name", "Acme", "--url", "https://status.acme.test/", "--no-input", *flags]
    if "--url" in flags:
        argv = ["init", str(tmp_path / "x"), "--name", "Acme", "--no-input", *flags]
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_the_repository_checks_clean_and_its_records_point_at_its_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    repo = init_repository(tmp_path / "acme", "--example")
    monkeypatch.chdir(repo)
    with build_clock("2026-11-23T12:00:00Z"):
        assert main(["check"]) == 0
        assert main(["new", "Search slow", "--severity", "minor"]) == 0
        assert main(["schema"]) == 0
    out = capsys.readouterr().out
    assert "(copy " in out and ": current)" in out
    record = Path("incidents/2026/2026-11-23-search-slow.md").read_text()
    assert record.startswith("---\n# yaml-language-server: $schema=../../schemas/record.schema.json\n")
    assert (repo / ".gitignore").read_text().startswith("/site/\n")
