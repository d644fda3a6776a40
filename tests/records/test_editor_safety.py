"""The editor under hostile and careless input: every value it did not mean to change stays identical,
no comment reaches a value (and so no public output), ids are matched exactly, and concurrent edits
of one record lose nothing.
"""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from incidentbook.cli import main
from incidentbook.core.public.view import public_view
from incidentbook.core.records.editor import (
    create_record,
    resolve_record,
    update_record,
)
from incidentbook.core.records.errors import UsageError
from incidentbook.core.records.loader import load_book
from incidentbook.core.records.yamlio import YamlError, load, split_front_matter
from sitebuild import build_clock, build_site, write_catalog

NOW = datetime(2026, 3, 14, 12, 0, tzinfo=timezone.utc)
CANARY = "CANARY-COMMENT-7f3a"

TRAILING_SPACE_BEFORE_COMMENT = f"""\
title: Card payments failing
severity: major
status: investigating
visibility: public
components:
  checkout: partial_outage
started: 2026-03-14T09:41:00Z
updates:
  - at: 2026-03-14T09:58:00Z
    status: investigating
    message: >-
      We are investigating failed card payments.\x20
    # {CANARY}: ana ran terraform destroy on the primary
"""


def write(records: Path, name: str, front: str, body: str = "") -> Path:
    write_catalog(records)
    path = records / "2026" / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n" + front + "---\n" + body, encoding="utf-8")
    return path


def values(path: Path) -> dict:
    data, _, problems = load(split_front_matter(path.read_text(encoding="utf-8")).yaml_text)
    assert problems == []
    return data


def strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (k, *strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return [value] if isinstance(value, str) else []


def test_a_comment_after_a_block_scalar_with_a_trailing_space_stays_a_comment(tmp_path: Path) -> None:
    records = tmp_path / "incidents"
    path = write(records, "2026-03-14-card", TRAILING_SPACE_BEFORE_COMMENT)
    before = values(path)
    update_record(records, "2026-03-14-card", "identified", NOW, message="A bad deploy; rolling back.")
    after = values(path)
    assert after["updates"][0] == before["updates"][0]
    assert not any(CANARY in s for s in strings(after))
    assert CANARY in path.read_text()  # the comment is kept, as a comment
    site = build_site(tmp_path / "public", records, audience="public", now="2026-03-14T12:30:00Z")
    published = "".join(f.read_text(encoding="utf-8") for f in site.rglob("*") if f.is_file() and f.suffix in {".html", ".json", ".xml", ".atom", ".rss", ".ics"})
    assert "rolling back" in published
    assert CANARY not in published


def test_a_comment_before_a_flow_style_update_is_kept(tmp_path: Path) -> None:
    records = tmp_path / "incidents"
    front = """\
title: Search slow
severity: minor
status: investigating
components: {search: degraded_performance}
started: 2026-03-14T09:41:00Z
updates:
  # first one written by hand
  - {at: 2026-03-14T09:58:00Z, status: investigating, message: Search is slow.}
"""
    path = write(records, "2026-03-14-search", front)
    update_record(records, "2026-03-14-search", "monitoring", NOW, components={"checkout": "degraded_performance"})
    data = values(path)
    assert [u["status"] for u in data["updates"]] == ["investigating", "monitoring"]
    assert data["components"] == {"search": "degraded_performance", "checkout": "degraded_performance"}
    text = path.read_text()
    assert "# first one written by hand" in text
    assert "- {at: 2026-03-14T09:58:00Z, status: investigating, message: Search is slow.}" in text


def test_only_the_changed_lines_change(tmp_path: Path) -> None:
    records = tmp_path / "incidents"
    path = write(records, "2026-03-14-card", TRAILING_SPACE_BEFORE_COMMENT, "\n## Summary\nBody  kept.\n")
    old = path.read_text()
    resolve_record(records, "2026-03-14-card", NOW)
    new = path.read_text()
    removed = [line for line in old.splitlines() if line not in new.splitlines()]
    assert removed == ["status: investigating"]
    assert new.endswith("\n## Summary\nBody  kept.\n")


def test_broken_yaml_is_a_clear_error_not_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    records = tmp_path / "incidents"
    write(records, "2026-03-14-card", "title: [unclosed\nseverity: major\n")
    monkeypatch.chdir(tmp_path)
    with build_clock("2026-03-14T12:00:00Z"):
        assert main(["update", "2026-03-14-card", "--status", "identified"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "incidents/2026/2026-03-14-card.md:" in err and "cannot be edited until its YAML is fixed" in err


# -- which record an id names ------------------------------------------------------------------------

def test_the_id_field_wins_over_a_file_name(tmp_path: Path) -> None:
    records = tmp_path / "incidents"
    decoy = write(records, "2026-03-14-card", TRAILING_SPACE_BEFORE_COMMENT.replace("title:", "id: other-incident\ntitle:"))
    target = write(records, "renamed", TRAILING_SPACE_BEFORE_COMMENT.replace("title:", "id: 2026-03-14-card\ntitle:"))
    update_record(records, "2026-03-14-card", "identified", NOW)
    assert values(target)["status"] == "identified"
    assert values(decoy)["status"] == "investigating"


@pytest.mark.parametrize("pattern", ["2026-*", "2026-03-14-car?", "[2]026-03-14-card", "../2026/2026-03-14-card"])
def test_an_id_is_never_a_pattern(tmp_path: Path, pattern: str) -> None:
    records = tmp_path / "incidents"
    path = write(records, "2026-03-14-card", TRAILING_SPACE_BEFORE_COMMENT)
    with pytest.raises(UsageError, match="no record with id"):
        update_record(records, pattern, "identified", NOW)
    assert values(path)["status"] == "investigating"


def test_a_symbolic_link_out_of_the_repository_is_not_followed(tmp_path: Path) -> None:
    records = tmp_path / "incidents"
    write(records, "2026-03-14-card", TRAILING_SPACE_BEFORE_COMMENT)
    outside = tmp_path / "elsewhere.md"
    outside.write_text("---\n" + TRAILING_SPACE_BEFORE_COMMENT + "---\n")
    (records / "2026" / "2026-03-15-link.md").symlink_to(outside)
    with pytest.raises(UsageError, match="no record with id"):
        update_record(records, "2026-03-15-link", "identified", NOW)
    assert "identified" not in outside.read_text()


# -- ids of new records --------------------------------------------------------------------------------

def test_a_public_record_is_named_after_its_public_title(tmp_path: Path) -> None:
    records = tmp_path / "incidents"
    write_catalog(records)
    path = create_record(records, "Primary DB dropped by ana running terraform destroy", NOW, severity="critical",
                         visibility="public", public_title="Service disruption")
    assert path.name == "2026-03-14-service-disruption.md"
    internal = create_record(records, "Primary DB dropped by ana running terraform destroy", NOW, severity="critical")
    assert internal.name.startswith("2026-03-14-primary-db-dropped-by-ana")


# -- two commands at once ------------------------------------------------------------------------------

def test_eight_concurrent_updates_lose_nothing(tmp_path: Path) -> None:
    records = tmp_path / "incidents"
    path = write(records, "2026-03-14-card", TRAILING_SPACE_BEFORE_COMMENT)
    script = (
        "import sys; from incidentbook.cli import main; "
        "sys.exit(main(['update', '2026-03-14-card', '--status', 'identified', '--message', sys.argv[1], '--records', sys.argv[2]]))"
    )

    def one(n: int) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", script, f"update number {n}", str(records)],
                              capture_output=True, text=True, env={"INCIDENTBOOK_NOW": "2026-03-14T12:00:00Z", "PATH": ""})

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(one, range(8)))
    succeeded = {n for n, r in enumerate(results) if r.returncode == 0}
    for n, result in enumerate(results):
        assert result.returncode in (0, 2), result.stderr
        assert "Traceback" not in result.stderr
        if result.returncode:
            assert "being edited by another command" in result.stderr
    messages = [u["message"] for u in values(path)["updates"][1:]]
    assert sorted(messages) == sorted(f"update number {n}" for n in succeeded)
    assert len(succeeded) == 8  # each waited for the one before


# -- the property: any valid record, any edit ---------------------------------------------------------

MESSAGES = st.sampled_from([
    "plain message", "with: colon", "'single quoted'", '"double quoted"', "trailing space ",
    ">-\n      folded line one \n      folded line two ", "|\n      literal line\n      second line  ",
    ">\n      folded keep\n", "|-\n      ends without newline ",
])
COMMENT_INDENTS = st.sampled_from([0, 2, 4, 6])


@st.composite
def records(draw: st.DrawFn) -> tuple[str, list[int]]:
    """A valid record's front matter in random styles, and the line numbers to put comments on."""
    flow_components = draw(st.booleans())
    lines = ["title: Card payments failing", "severity: major", "status: investigating", "visibility: public"]
    lines += ["components: {checkout: partial_outage}"] if flow_components else ["components:", "  checkout: partial_outage"]
    lines += ["started: 2026-03-14T09:41:00Z"]
    updates = draw(st.lists(MESSAGES, min_size=1, max_size=3))
    if draw(st.booleans()) and all("\n" not in m for m in updates):
        items = ", ".join("{at: 2026-03-14T09:%02d:00Z, status: investigating, message: %s}" % (50 + i, quote(m)) for i, m in enumerate(updates))
        lines += [f"updates: [{items}]"]
    else:
        lines += ["updates:"]
        for i, message in enumerate(updates):
            lines += [f"  - at: 2026-03-14T09:{50 + i}:00Z", "    status: investigating", f"    message: {message}"]
    text = "\n".join(lines) + "\n"
    spots = draw(st.lists(st.integers(0, text.count("\n")), max_size=6))
    return text, spots


def quote(message: str) -> str:
    return message if message[0] not in "'\"" and ":" not in message and not message.endswith(" ") else '"' + message.replace('"', "'") + '"'


def parsed(text: str) -> object:
    """The values of a front matter text, or None when it is not valid YAML for a record."""
    try:
        data, _, problems = load(text)
    except YamlError:
        return None
    return None if problems else data


def with_comments(text: str, spots: list[int], indents: list[int]) -> str:
    lines = text.splitlines(keepends=True)
    for n, (spot, indent) in enumerate(sorted(zip(spots, indents), reverse=True)):
        lines.insert(spot, " " * indent + f"# {CANARY}-{n} internal note\n")
    return "".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records(), st.lists(COMMENT_INDENTS, min_size=6, max_size=6),
       st.sampled_from(["identified", "monitoring", "resolved"]),
       st.sampled_from([None, {"search": "degraded_performance"}, {"checkout": "operational"}]))
def test_every_edit_keeps_every_other_value_and_no_comment_reaches_a_value(
    tmp_path_factory: pytest.TempPathFactory, record: tuple[str, list[int]], indents: list[int], status: str, components: dict | None
) -> None:
    plain, spots = record
    text = with_comments(plain, spots, indents)
    expected_before, commented = parsed(plain), parsed(text)
    assume(expected_before is not None and commented == expected_before)  # comments only where YAML keeps them comments
    records_dir = tmp_path_factory.mktemp("prop") / "incidents"
    path = write(records_dir, "2026-03-14-card", text)
    before = values(path)
    update_record(records_dir, "2026-03-14-card", status, NOW, message="Next update.", components=components)
    after = values(path)
    assert after["updates"][:-1] == before["updates"]
    assert after["updates"][-1]["message"] == "Next update." and after["status"] == status
    untouched = {k: v for k, v in before.items() if k not in ("updates", "status", "components", "mitigated", "resolved")}
    assert {k: after[k] for k in untouched} == untouched
    assert after["components"] == {**before["components"], **{k: v for k, v in (components or {}).items() if k not in before["components"] and v != "operational"}}
    assert path.read_text().count(CANARY) == text.count(CANARY)  # every comment kept
    public = public_view(load_book(records_dir))
    assert not any(CANARY in s for s in strings(after))
    assert CANARY not in repr(public)
