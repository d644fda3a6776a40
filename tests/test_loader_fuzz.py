"""Random YAML and bytes never make the loader raise anything but the project's own error."""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sitebuild import write_catalog
from test_loader_rules import VALID

from incidentbook.core.errors import ValidationFailed
from incidentbook.core.loader import load_book, read_book

FIELDS = ["title", "type", "severity", "status", "visibility", "drill", "components", "started", "detected",
          "resolved", "scheduled_start", "scheduled_end", "updates", "actions", "postmortem", "public", "x-a",
          "at", "message", "id", "due", "closed", "reason", "checkout", "<<"]
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20),
    st.sampled_from(["2026-03-14T09:41:00Z", "2026-03-14", "no", "12:30", "resolved", "maintenance", "public"]),
)
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(FIELDS), inner, max_size=6)),
    max_leaves=25,
)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def check_never_crashes(folder: Path, content: bytes) -> None:
    (folder / "fuzz.md").write_bytes(content)
    _, problems = read_book(folder)  # must not raise
    assert all(p.path.endswith("fuzz.md") for p in problems)
    try:
        load_book(folder)
    except ValidationFailed as exc:
        assert exc.problems
    for problem in problems:
        assert problem.line >= 1 and problem.col >= 1 and problem.message


@FUZZ
@given(content=st.binary(max_size=300))
def test_random_bytes(tmp_path: Path, content: bytes) -> None:
    write_catalog(tmp_path)
    check_never_crashes(tmp_path, content)


@FUZZ
@given(text=st.text(max_size=300))
def test_random_front_matter_text(tmp_path: Path, text: str) -> None:
    write_catalog(tmp_path)
    check_never_crashes(tmp_path, ("---\n" + text + "\n---\n").encode("utf-8", "surrogatepass"))


@FUZZ
@given(document=documents)
def test_random_yaml_documents(tmp_path: Path, document: object) -> None:
    write_catalog(tmp_path)
    text = yaml.safe_dump(document, allow_unicode=True)
    check_never_crashes(tmp_path, ("---\n" + text + "---\nbody\n").encode())


@FUZZ
@given(data=st.data())
def test_mutated_valid_record(tmp_path: Path, data: st.DataObject) -> None:
    write_catalog(tmp_path)
    lines = VALID.splitlines()
    index = data.draw(st.integers(0, len(lines) - 1))
    mutation = data.draw(st.sampled_from(["drop", "duplicate", "insert", "truncate"]))
    if mutation == "drop":
        del lines[index]
    elif mutation == "duplicate":
        lines.insert(index, lines[index])
    elif mutation == "insert":
        column = data.draw(st.integers(0, len(lines[index])))
        lines[index] = lines[index][:column] + data.draw(st.sampled_from(["\t", ":", "&a ", "*a", "!!", "[", "'", "- ", "  ", "\\"])) + lines[index][column:]
    else:
        lines[index] = lines[index][: len(lines[index]) // 2]
    check_never_crashes(tmp_path, ("---\n" + "\n".join(lines) + "\n---\n").encode())


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    write_catalog(tmp_path)
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    os.chdir(tmp_path)
    (tmp_path / "bomb.md").write_text("---\n" + bomb + "---\n")
    problems = read_book(tmp_path)[1]
    assert any("anchors and aliases" in p.message for p in problems)
