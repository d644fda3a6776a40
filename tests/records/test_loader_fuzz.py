"""Random YAML and bytes never make the loader raise anything but the project's own error.

The quick YAML reader and libyaml agree on every document the quick reader takes: same values, same
positions, same problems.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from incidentbook.core.records.errors import ValidationFailed
from incidentbook.core.records.loader import load_book, read_book
from incidentbook.core.records.yamlio import (
    YamlError,
    _QuickReader,
    load,
    load_with_libyaml,
    split_front_matter,
)
from rules_fixture import VALID
from sitebuild import EXAMPLE_RECORDS, write_catalog

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
FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


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


# -- the quick reader against libyaml --------------------------------------------------------------

def same(a: object, b: object) -> bool:
    """Equal and of the same types all the way down (1 == 1.0 == True in Python)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[key], b[key]) for key in a)  # type: ignore[index]
    if isinstance(a, list):
        return len(a) == len(b) and all(map(same, a, b))  # type: ignore[arg-type]
    return a == b


def check_quick_reader_agrees(text: str) -> bool:
    """load() gives what libyaml gives; True when the quick reader took the document."""
    try:
        expected, expected_positions, expected_problems = load_with_libyaml(text, line_offset=1)
    except YamlError as exc:
        with pytest.raises(YamlError) as raised:
            load(text, line_offset=1)
        assert raised.value.problems == exc.problems
        return False
    value, positions, problems = load(text, line_offset=1)
    assert same(value, expected), text
    assert problems == expected_problems
    assert positions.key_lines() == expected_positions.key_lines()
    for key in value if isinstance(value, dict) else ():
        assert positions.item_lines(key) == expected_positions.item_lines(key)
    assert positions.values == expected_positions.values and positions.keys == expected_positions.keys
    return _QuickReader.read(text) is not None


INDENTS = [0, 0, 1, 2, 2, 3, 4, 4, 6]
DASHES = ["", "", "", "- ", "-   ", "-"]
KEYS = ["title", "status", "components", "updates", "at", "message", "x-a", "a", "on", "<<", "? a", "'q'", "1"]
VALUES = [
    "", " investigating", " no", " 12:30", " 09", " 2026-03-14T09:41:00Z", " a #b", " a#b", " a: b", " a:b",
    " x:", " 'it''s'", " 'a' b", ' "x y"', ' "a\\"b"', " [a, b]", " [a, [b]]", " [a,]", " [ ]", " {a: b, c: d}",
    " {a: b", " {a: b, a: c}", " >-", " >", " |", " |-", " |+", " >2", " &x a", " *x", " !!str 1", " -1",
    " - a", " 1.5", " .5", " ~", " null", " true", " # c", " []", " {}", " a, b]", " x  ", " C#", " %x",
]
OTHER_LINES = ["", "  ", "# comment", "  # comment", "folded text", "  folded text", "    more text",
               "      more indented", "---", "...", "a\tb", "x\ry", "\u00e9t\u00e9: oui", "- - a"]
lines = st.one_of(
    st.builds(lambda indent, dash, key, value: " " * indent + dash + key + ":" + value,
              st.sampled_from(INDENTS), st.sampled_from(DASHES), st.sampled_from(KEYS), st.sampled_from(VALUES)),
    st.builds(lambda indent, dash, value: " " * indent + dash + value.lstrip(" "),
              st.sampled_from(INDENTS), st.sampled_from(DASHES), st.sampled_from(VALUES)),
    st.sampled_from(OTHER_LINES),
)
AGREE = settings(max_examples=300, deadline=None)
SCALARS = [value.lstrip(" ") for value in VALUES if value.strip(" ") and value.strip(" ")[0] not in ">|#-"]
BLOCK_LINES = ["text", "text  ", "more text: here # not a comment", "", "  ", "  more indented", "'quoted'"]


def nested_block(draw: st.DrawFn, indent: int, depth: int) -> list[str]:
    """The lines of a block mapping or sequence at ``indent``, mostly valid, with tricky scalars."""
    out: list[str] = []
    sequence = depth > 0 and draw(st.booleans())
    for _ in range(draw(st.integers(1, 3))):
        key = draw(st.sampled_from(KEYS[:9]))
        lead = " " * indent + (draw(st.sampled_from(["- ", "-  "])) if sequence else "")
        kind = draw(st.sampled_from(["scalar", "scalar", "block", "nested", "item"] if depth < 3 else ["scalar"]))
        if sequence and kind == "item":
            out.append(lead + draw(st.sampled_from(SCALARS)))
            continue
        inner = len(lead) if sequence else indent
        if kind == "block":
            out.append(lead + key + ": " + draw(st.sampled_from([">", ">-", "|", "|-"])))
            width = inner + draw(st.sampled_from([1, 2, 4]))
            out += [" " * width + line for line in draw(st.lists(st.sampled_from(BLOCK_LINES), min_size=1, max_size=5))]
        elif kind == "nested":
            out.append(lead + key + ":" + draw(st.sampled_from(["", " # c", "  "])))
            out += nested_block(draw, inner + draw(st.sampled_from([1, 2, 4])), depth + 1)
        else:
            out.append(lead + key + ": " + draw(st.sampled_from(SCALARS)))
        if sequence and draw(st.booleans()):
            out.append(" " * inner + draw(st.sampled_from(KEYS[:9])) + ": " + draw(st.sampled_from(SCALARS)))
        if draw(st.integers(0, 5)) == 0:
            out.append(draw(st.sampled_from(OTHER_LINES)))
    return out


@AGREE
@given(document=st.lists(lines, max_size=14))
def test_quick_reader_agrees_with_libyaml_on_line_soup(document: list[str]) -> None:
    check_quick_reader_agrees("\n".join(document) + "\n")


@AGREE
@given(data=st.data())
def test_quick_reader_agrees_with_libyaml_on_nested_blocks(data: st.DataObject) -> None:
    check_quick_reader_agrees("\n".join(nested_block(data.draw, 0, 0)) + "\n")


@AGREE
@given(document=documents, width=st.sampled_from([12, 40, 80]), flow=st.sampled_from([False, None, True]))
def test_quick_reader_agrees_with_libyaml_on_dumped_documents(document: object, width: int, flow: bool | None) -> None:
    check_quick_reader_agrees(yaml.safe_dump(document, allow_unicode=True, width=width, default_flow_style=flow))


@AGREE
@given(data=st.data())
def test_quick_reader_agrees_with_libyaml_on_edited_records(data: st.DataObject) -> None:
    lines = (VALID + FOLDED).splitlines()
    for _ in range(data.draw(st.integers(1, 3))):
        index = data.draw(st.integers(0, len(lines) - 1))
        column = data.draw(st.integers(0, len(lines[index])))
        edit = data.draw(st.sampled_from(["", " ", "  ", "\n", "\n ", "#", " #", ":", ": ", "-", "- ", "'", '"', "[", "]",
                                          "{", "}", ",", ">", "|", "&a ", "*a", "!", "%", "@", "\t", "~", "0"]))
        cut = data.draw(st.integers(0, 2))
        lines[index] = lines[index][:column] + edit + lines[index][column + cut :]
    check_quick_reader_agrees("\n".join(lines) + "\n")


FOLDED = """\
public:
  title: Card payments failing
  summary: >-
    Some card payments failed for 84 minutes.

    All retried payments succeeded.
    Nothing was charged twice.
responders: [ana, ben]
x-notes: |
  first line
    kept indentation

  last line
"""


def test_the_quick_reader_reads_records_as_written() -> None:
    """Records as people (and the bench) write them never need libyaml, or the speed-up is gone."""
    assert check_quick_reader_agrees(VALID + FOLDED)
    for file in sorted(EXAMPLE_RECORDS.rglob("*.md")):
        assert check_quick_reader_agrees(split_front_matter(file.read_text(encoding="utf-8")).yaml_text), file
    assert check_quick_reader_agrees((EXAMPLE_RECORDS / "catalog.yml").read_text(encoding="utf-8"))
