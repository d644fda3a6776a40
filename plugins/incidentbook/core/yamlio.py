"""Strict YAML reading with a position for every key and value.

libyaml (through PyYAML's C parser) turns the text into a node tree; this module builds plain Python
values from it with the rules records need and PyYAML does not give:

* YAML 1.2 scalars: ``no``, ``on`` and ``12:30`` stay strings, only ``true``/``false`` are booleans;
* timestamps and dates stay strings (the schema and the model parse them, requiring a time zone);
* duplicate keys, anchors/aliases, custom tags and tabs are errors;
* every key and value keeps its line and column, so each problem can name them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import Problem

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge", "value")
}

Path = tuple[str | int, ...]


@dataclass
class Positions:
    """1-based (line, column) of each value and each mapping key, by path from the root."""

    line_offset: int = 0
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def of(self, path: Path) -> tuple[int, int]:
        """Where to point for ``path``: its key if it has one, else its value, else the parent's."""
        while True:
            if path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
            if not path:
                return (self.line_offset + 1, 1)
            path = path[:-1]

    def value_of(self, path: Path) -> tuple[int, int]:
        """Where the value at ``path`` starts (falls back to its key or parent)."""
        return self.values.get(path) or self.of(path)


class YamlError(Exception):
    """Problems that make a YAML document unusable (syntax, duplicate keys, aliases, tags)."""

    def __init__(self, problems: list[tuple[int, int, str]]) -> None:
        super().__init__(problems[0][2])
        self.problems = problems


def _scalar(node: yaml.ScalarNode) -> Any:
    text = node.value
    if node.style:  # quoted or block scalars are always strings
        return text
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    return text


class _Builder:
    def __init__(self, positions: Positions) -> None:
        self.positions = positions
        self.seen: set[int] = set()
        self.problems: list[tuple[int, int, str]] = []

    def where(self, node: yaml.Node) -> tuple[int, int]:
        return (node.start_mark.line + 1 + self.positions.line_offset, node.start_mark.column + 1)

    def build(self, node: yaml.Node, path: Path) -> Any:
        if id(node) in self.seen:
            self.problems.append((*self.where(node), "anchors and aliases are not allowed"))
            return None
        self.seen.add(id(node))
        if node.tag not in _STANDARD_TAGS:
            self.problems.append((*self.where(node), f"custom YAML tags such as {node.tag!r} are not allowed"))
            return None
        self.positions.values[path] = self.where(node)
        if isinstance(node, yaml.ScalarNode):
            return _scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append((*self.where(key_node), "mapping keys must be plain words"))
                continue
            key = key_node.value
            if key in result:
                first = self.positions.keys[path + (key,)]
                self.problems.append(
                    (*self.where(key_node), f"{_dotted(path + (key,))}: duplicate key (first at line {first[0]})")
                )
                continue
            self.positions.keys[path + (key,)] = self.where(key_node)
            result[key] = self.build(value_node, path + (key,))
        return result


def _dotted(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


dotted = _dotted


def load(text: str, line_offset: int = 0) -> tuple[Any, Positions, list[tuple[int, int, str]]]:
    """Parse one YAML document; ``line_offset`` is added to every line (front matter starts at 2).

    Syntax errors and tabs raise YamlError. Duplicate keys, aliases and tags are returned as problems
    next to the value (the first occurrence of a key wins), so the rest of the document is still checked.
    """
    positions = Positions(line_offset=line_offset)
    tab_problems = [
        (number + 1 + line_offset, line.index("\t") + 1, "tab character: YAML needs spaces")
        for number, line in enumerate(text.split("\n"))
        if "\t" in line
    ]
    if tab_problems:
        raise YamlError(tab_problems)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        col = mark.column + 1 if mark else 1
        message = " ".join(filter(None, [exc.context, exc.problem])) or "invalid YAML"
        raise YamlError([(line, col, f"YAML syntax: {message}")]) from None
    except yaml.YAMLError as exc:
        raise YamlError([(1 + line_offset, 1, f"YAML syntax: {exc}")]) from None
    if node is None:
        return None, positions, []
    builder = _Builder(positions)
    value = builder.build(node, ())
    return value, positions, builder.problems


@dataclass
class FrontMatterFile:
    """A Markdown file split into its front matter text and its body."""

    yaml_text: str
    body: str
    body_line: int  # 1-based line where the body starts


def split_front_matter(text: str) -> FrontMatterFile:
    """Split ``---`` front matter from the body; raise YamlError when there is none."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise YamlError([(1, 1, "no YAML front matter: a record starts with a line '---'")])
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return FrontMatterFile(
                yaml_text="\n".join(lines[1:index]) + "\n",
                body="\n".join(lines[index + 1 :]),
                body_line=index + 2,
            )
    raise YamlError([(1, 1, "front matter is not closed: add a line '---' after it")])


def problems_from(path: str, error: YamlError) -> list[Problem]:
    """Turn a YamlError into Problems for ``path``."""
    return [Problem(path, line, col, message) for line, col, message in error.problems]
