"""Every rule of FORMAT.md, one malformed record each: refused with the right file, line and message."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from incidentbook.core.records.errors import ValidationFailed
from incidentbook.core.records.loader import load_book, read_book
from rules_fixture import CASES, POSTMORTEM, VALID, problems_for, replace
from sitebuild import write_catalog


def test_the_valid_record_loads(tmp_path: Path) -> None:
    assert problems_for(tmp_path, VALID) == []
    book = load_book(tmp_path / "records")
    record = book.records[0]
    assert record.id == "2026-03-14-card"
    assert record.updates[0].status == "investigating"
    assert record.actions[0].line == 23




@pytest.mark.parametrize("front,line,message", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule(tmp_path: Path, front: str, line: int, message: str) -> None:
    problems = problems_for(tmp_path, front)
    assert problems, "the record was accepted"
    assert any(p.line == line and message in p.message for p in problems), "\n".join(map(str, problems))
    assert all(p.path == os.path.join("records", "2026", "2026-03-14-card.md") for p in problems)


def test_every_problem_of_every_file_is_reported(tmp_path: Path) -> None:
    records = tmp_path / "records"
    write_catalog(records)
    (records / "a.md").write_text("---\n" + replace("visibility: public", "visibility: x").replace("status: resolved\nvis", "status: y\nvis") + "---\n")
    (records / "b.md").write_text("---\n" + replace("severity: major", "severity: nope") + "---\n")
    with pytest.raises(ValidationFailed) as caught:
        load_book(records)
    messages = [str(p) for p in caught.value.problems]
    assert len(messages) >= 3
    assert any("a.md" in m and "visibility" in m for m in messages)
    assert any("a.md" in m and "status" in m for m in messages)
    assert any("b.md" in m and "unknown severity" in m for m in messages)


def test_no_front_matter(tmp_path: Path) -> None:
    records = tmp_path / "r"
    write_catalog(records)
    (records / "x.md").write_text("# Just a heading\n")
    (records / "y.md").write_text("---\ntitle: never closed\n")
    problems = sorted(read_book(records)[1])
    assert "no YAML front matter" in problems[0].message and problems[0].line == 1
    assert "front matter is not closed" in problems[1].message


def test_not_utf8(tmp_path: Path) -> None:
    records = tmp_path / "r"
    write_catalog(records)
    (records / "x.md").write_bytes(b"---\ntitle: caf\xe9\n---\n")
    assert "not UTF-8" in read_book(records)[1][0].message


def test_duplicate_ids_across_records(tmp_path: Path) -> None:
    records = tmp_path / "r"
    write_catalog(records)
    (records / "2025").mkdir()
    (records / "2026").mkdir()
    (records / "2025" / "outage.md").write_text("---\n" + VALID + "---\n")
    (records / "2026" / "other.md").write_text("---\nid: outage\n" + VALID + "---\n")
    problems = read_book(records)[1]
    assert len(problems) == 1
    assert problems[0].line == 2 and "'outage' is already the id of" in problems[0].message


def test_invalid_file_name_as_id(tmp_path: Path) -> None:
    problems = problems_for(tmp_path, VALID, name="Card Outage")
    assert "is not a valid id" in problems[0].message


def test_symlinks_are_refused(tmp_path: Path) -> None:
    records = tmp_path / "r"
    write_catalog(records)
    secret = tmp_path / "secret.md"
    secret.write_text("---\n" + VALID + "---\n")
    (records / "link.md").symlink_to(secret)
    problems = read_book(records)[1]
    assert "symbolic links are not allowed" in problems[0].message


class TestPostmortemSections:
    def published(self, tmp_path: Path, body: str, severity: str = "major") -> list:
        front = replace("  status: draft", "  status: published").replace("severity: major", f"severity: {severity}")
        return problems_for(tmp_path, front, body)

    def test_complete_postmortem_is_accepted(self, tmp_path: Path) -> None:
        assert self.published(tmp_path, POSTMORTEM) == []

    def test_missing_section(self, tmp_path: Path) -> None:
        problems = self.published(tmp_path, POSTMORTEM.replace("## Learnings\nAlert earlier.\n", ""))
        assert [p.message for p in problems] == [
            "postmortem: published, but the body has no '## Learnings' section (required for Major incidents)"
        ]
        assert problems[0].line == 21  # the postmortem status line

    def test_empty_section_points_at_its_heading(self, tmp_path: Path) -> None:
        problems = self.published(tmp_path, POSTMORTEM.replace("A fast rollback.", "<!-- todo -->"))
        assert "the 'Mitigators' section is empty" in problems[0].message
        body_start = len(VALID.splitlines()) + 3
        assert problems[0].line == body_start + POSTMORTEM.splitlines().index("## Mitigators")

    def test_aliases_from_other_templates(self, tmp_path: Path) -> None:
        body = (POSTMORTEM.replace("## Chronology", "## Timeline").replace("## Contributors", "## Root causes")
                .replace("## Learnings", "## Lessons learned").replace("## Mitigators", "## Resolution"))
        assert self.published(tmp_path, body) == []

    def test_headings_in_code_blocks_do_not_count(self, tmp_path: Path) -> None:
        body = POSTMORTEM.replace("## Learnings\nAlert earlier.\n", "```\n## Learnings\nAlert earlier.\n```\n")
        assert "no '## Learnings' section" in self.published(tmp_path, body)[0].message

    def test_optional_severity_is_not_checked(self, tmp_path: Path) -> None:
        assert self.published(tmp_path, "", severity="minor") == []

    def test_draft_is_not_checked(self, tmp_path: Path) -> None:
        assert problems_for(tmp_path, VALID, "") == []


class TestCatalog:
    def catalog_problems(self, tmp_path: Path, text: str) -> list:
        records = tmp_path / "r"
        records.mkdir()
        (records / "catalog.yml").write_text(text)
        os.chdir(tmp_path)
        return read_book(records)[1]

    def test_missing_catalog(self, tmp_path: Path) -> None:
        records = tmp_path / "r"
        records.mkdir()
        assert "the catalog is missing" in read_book(records)[1][0].message

    def test_duplicate_component(self, tmp_path: Path) -> None:
        problems = self.catalog_problems(tmp_path, "severities: [{id: minor, name: Minor}]\ncomponents:\n  - {id: api, name: API}\n  - {id: api, name: API 2}\n")
        assert problems[0].line == 4 and "duplicate id 'api'" in problems[0].message

    def test_unknown_owner_team(self, tmp_path: Path) -> None:
        problems = self.catalog_problems(tmp_path, "severities: [{id: minor, name: Minor}]\ncomponents:\n  - {id: api, name: API, owner: ghosts}\nteams:\n  - {id: core, name: Core}\n")
        assert "unknown team 'ghosts'" in problems[0].message and problems[0].line == 3

    def test_unknown_catalog_field(self, tmp_path: Path) -> None:
        problems = self.catalog_problems(tmp_path, "severities: [{id: minor, name: Minor, colour: red}]\ncomponents: [{id: api, name: API}]\n")
        assert "severities[0].colour: unknown field" in problems[0].message and problems[0].path.endswith("catalog.yml")


def test_catalog_that_is_not_yaml(tmp_path: Path) -> None:
    records = tmp_path / "r"
    records.mkdir()
    (records / "catalog.yml").write_text("severities: [minor\ncomponents: []\n")
    problems = read_book(records)[1]
    assert problems[0].path.endswith("catalog.yml") and "YAML syntax" in problems[0].message


def test_catalog_that_is_not_utf8(tmp_path: Path) -> None:
    records = tmp_path / "r"
    records.mkdir()
    (records / "catalog.yml").write_bytes(b"severities: [{id: minor, name: Min\xe9}]\n")
    assert "not UTF-8" in read_book(records)[1][0].message
