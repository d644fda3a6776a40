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
from dataclasses import dataclass
from typing import Any

import yaml

from .errors import Problem

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_KIND_TAGS = {yaml.ScalarNode: _STR, yaml.SequenceNode: _SEQ, yaml.MappingNode: _MAP}


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """libyaml's composer without PyYAML's implicit tag resolution.

    Why: PyYAML runs its YAML 1.1 regular expressions (in Python) on every untagged scalar to pick a
    tag that :func:`_scalar` never reads: it resolves plain scalars itself, by YAML 1.2 rules. With the
    per-node resolver bookkeeping that was about an eighth of ``incidentbook check``'s time on 10,000
    records (bench/README.md). Every implicit tag PyYAML could pick is a standard one, so untagged
    nodes still pass the custom-tag check; explicit tags (``!foo``, ``!!python/name:``) never reach
    ``resolve`` and are still refused.
    """

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        return _KIND_TAGS[kind]

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass  # no path resolvers are registered: skip the bookkeeping call per node

    def ascend_resolver(self) -> None:
        pass

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge", "value")
}

Path = tuple[str | int, ...]


class Positions:
    """1-based (line, column) of each value and each mapping key, by path from the root.

    Made lazily from the node tree on the first question: a valid record only needs a few lines (its
    top-level keys, its updates and actions), so most records never pay for the whole map.
    """

    def __init__(self, line_offset: int = 0, root: yaml.Node | None = None) -> None:
        self.line_offset = line_offset
        self._root = root
        self._values: dict[Path, tuple[int, int]] | None = None
        self._keys: dict[Path, tuple[int, int]] = {}

    @property
    def values(self) -> dict[Path, tuple[int, int]]:
        if self._values is None:
            self._values = {}
            if self._root is not None:
                self._walk(self._root, (), set())
        return self._values

    @property
    def keys(self) -> dict[Path, tuple[int, int]]:
        self.values  # noqa: B018 - fills both maps
        return self._keys

    def _walk(self, node: yaml.Node, path: Path, seen: set[int]) -> None:
        if id(node) in seen:  # an alias: reported by the builder, walked once
            return
        seen.add(id(node))
        assert self._values is not None
        base = self.line_offset + 1
        self._values[path] = (node.start_mark.line + base, node.start_mark.column + 1)
        if isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self._walk(item, path + (index,), seen)
        elif isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    continue
                key_path = path + (key_node.value,)
                if key_path in self._keys:
                    continue  # a duplicate key: the first one wins, as in the value
                self._keys[key_path] = (key_node.start_mark.line + base, key_node.start_mark.column + 1)
                self._walk(value_node, key_path, seen)

    def key_lines(self) -> dict[str, int]:
        """Line of each top-level key, read straight from the tree (no whole map needed)."""
        root, base = self._root, self.line_offset + 1
        if not isinstance(root, yaml.MappingNode):
            return {}
        lines: dict[str, int] = {}
        for key_node, _ in root.value:
            if isinstance(key_node, yaml.ScalarNode):
                lines.setdefault(key_node.value, key_node.start_mark.line + base)
        return lines

    def item_lines(self, key: str) -> list[int]:
        """Line of each item of the top-level list ``key`` (updates, actions), straight from the tree."""
        root, base = self._root, self.line_offset + 1
        if isinstance(root, yaml.MappingNode):
            for key_node, value_node in root.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                    if isinstance(value_node, yaml.SequenceNode):
                        return [item.start_mark.line + base for item in value_node.value]
                    break
        return []

    def of(self, path: Path) -> tuple[int, int]:
        """Where to point for ``path``: its key if it has one, else its value, else the parent's."""
        keys, values = self.keys, self.values
        while True:
            if path in keys:
                return keys[path]
            if path in values:
                return values[path]
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


_NOT_TEXT_START = frozenset("~nNtTfF+-.0123456789")  # what a null, boolean or number can start with


def _scalar(node: yaml.ScalarNode) -> Any:
    text = node.value
    if node.style:  # quoted or block scalars are always strings
        return text
    if text and text[0] not in _NOT_TEXT_START:  # most scalars are words: skip the patterns
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
    """Plain values from the node tree, checking keys, aliases and tags as it goes.

    Written for speed (it runs for every YAML node of every record): no positions are recorded here
    (Positions makes them on demand), and alias and tag checks run only when the text could hold one.
    """

    def __init__(self, line_base: int, aliases: bool = True, tags: bool = True) -> None:
        self.line_base = line_base
        self.aliases = aliases  # False when the text has no '&': then no node can be an alias
        self.tags = tags  # False when the text has no '!': then every tag is an implicit, standard one
        self.seen: set[int] = set()
        self.problems: list[tuple[int, int, str]] = []

    def where(self, node: yaml.Node) -> tuple[int, int]:
        mark = node.start_mark
        return (mark.line + self.line_base, mark.column + 1)

    def build(self, node: yaml.Node, path: Path) -> Any:
        if self.aliases:
            if id(node) in self.seen:
                self.problems.append((*self.where(node), "anchors and aliases are not allowed"))
                return None
            self.seen.add(id(node))
        if self.tags and node.tag not in _STANDARD_TAGS:
            self.problems.append((*self.where(node), f"custom YAML tags such as {node.tag!r} are not allowed"))
            return None
        kind = node.__class__
        if kind is yaml.ScalarNode:
            return _scalar(node)
        if kind is yaml.SequenceNode:
            build = self.build
            return [build(item, path + (i,)) for i, item in enumerate(node.value)]
        result: dict[str, Any] = {}
        first_keys: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is not yaml.ScalarNode:
                self.problems.append((*self.where(key_node), "mapping keys must be plain words"))
                continue
            key = key_node.value
            if key in first_keys:
                first = self.where(first_keys[key])[0]
                self.problems.append((*self.where(key_node), f"{dotted(path + (key,))}: duplicate key (first at line {first})"))
                continue
            first_keys[key] = key_node
            result[key] = self.build(value_node, path + (key,))
        return result


def dotted(path: Path) -> str:
    """A path as messages name it: ``updates[0].components.api``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


def load(text: str, line_offset: int = 0) -> tuple[Any, Positions, list[tuple[int, int, str]]]:
    """Parse one YAML document; ``line_offset`` is added to every line (front matter starts at 2).

    Syntax errors and tabs raise YamlError. Duplicate keys, aliases and tags are returned as problems
    next to the value (the first occurrence of a key wins), so the rest of the document is still checked.
    """
    tab_problems = [
        (number + 1 + line_offset, line.index("\t") + 1, "tab character: YAML needs spaces")
        for number, line in enumerate(text.split("\n"))
        if "\t" in line
    ] if "\t" in text else []
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
    positions = Positions(line_offset=line_offset, root=node)
    if node is None:
        return None, positions, []
    builder = _Builder(line_offset + 1, aliases="&" in text, tags="!" in text)
    value = builder.build(node, ())
    return value, positions, builder.problems


@dataclass
class FrontMatterFile:
    """A Markdown file split into its front matter text and its body."""

    yaml_text: str
    body: str
    body_line: int  # 1-based line where the body starts


_CLOSING_LINE = re.compile(r"^(?:---|\.\.\.)[^\S\n]*$", re.M)


def split_front_matter(text: str) -> FrontMatterFile:
    """Split ``---`` front matter from the body; raise YamlError when there is none.

    The closing line (``---`` or ``...``, trailing white space allowed) is found with one regular
    expression search instead of splitting the whole file into lines: records are mostly body.
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    first_end = text.find("\n")
    if (text if first_end < 0 else text[:first_end]).rstrip() != "---":
        raise YamlError([(1, 1, "no YAML front matter: a record starts with a line '---'")])
    closing = _CLOSING_LINE.search(text, first_end + 1) if first_end >= 0 else None
    if closing is None:
        raise YamlError([(1, 1, "front matter is not closed: add a line '---' after it")])
    body_start = text.find("\n", closing.end())
    return FrontMatterFile(
        yaml_text=text[first_end + 1 : closing.start()] or "\n",
        body="" if body_start < 0 else text[body_start + 1 :],
        body_line=text.count("\n", 0, closing.start()) + 2,
    )


def problems_from(path: str, error: YamlError) -> list[Problem]:
    """Turn a YamlError into Problems for ``path``."""
    return [Problem(path, line, col, message) for line, col, message in error.problems]
