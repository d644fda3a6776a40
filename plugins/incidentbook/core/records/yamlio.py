"""Strict YAML reading with a position for every key and value.

libyaml (through PyYAML's C parser) turns the text into a node tree; this module builds plain Python
values from it with the rules records need and PyYAML does not give:

* YAML 1.2 scalars: ``no``, ``on`` and ``12:30`` stay strings, only ``true``/``false`` are booleans;
* timestamps and dates stay strings (the schema and the model parse them, requiring a time zone);
* duplicate keys, anchors/aliases, custom tags and tabs are errors;
* every key and value keeps its line and column, so each problem can name them.

Most documents are read without libyaml, by :class:`_QuickReader`: it knows only the block YAML that
records are written in and hands anything else to libyaml, so both always give the same values.
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

_WORDS = {  # the plain scalars that are null or a boolean
    "": None, "~": None, "null": None, "Null": None, "NULL": None,
    "true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False,
}
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
    top-level keys, its updates and actions), so most records never pay for the whole map. A document
    the quick reader took has no node tree until then: libyaml makes it from ``text`` on the first
    question, which only documents with a problem ask; ``outline`` answers the few lines every record needs.
    """

    def __init__(
        self, line_offset: int = 0, root: yaml.Node | None = None, text: str | None = None,
        outline: _Outline | None = None,
    ) -> None:
        self.line_offset = line_offset
        self._root = root
        self._text = text
        self._outline = outline
        self._values: dict[Path, tuple[int, int]] | None = None
        self._keys: dict[Path, tuple[int, int]] = {}

    @property
    def root(self) -> yaml.Node | None:
        """The document's node tree, composed by libyaml on first use when the quick reader read it."""
        if self._text is not None:
            self._root, self._text = yaml.compose(self._text, Loader=_Loader), None
        return self._root

    @property
    def values(self) -> dict[Path, tuple[int, int]]:
        if self._values is None:
            self._values = {}
            if self.root is not None:
                self._walk(self.root, (), set())
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
        base = self.line_offset + 1
        if self._outline is not None:
            return {key: line + base for key, line in self._outline.key_lines.items()}
        root = self.root
        if not isinstance(root, yaml.MappingNode):
            return {}
        lines: dict[str, int] = {}
        for key_node, _ in root.value:
            if isinstance(key_node, yaml.ScalarNode):
                lines.setdefault(key_node.value, key_node.start_mark.line + base)
        return lines

    def item_lines(self, key: str) -> list[int]:
        """Line of each item of the top-level list ``key`` (updates, actions), straight from the tree."""
        base = self.line_offset + 1
        if self._outline is not None:
            return [line + base for line in self._outline.item_lines.get(key, ())]
        root = self.root
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


# Longer digit strings stay text (and fail the schema where a number belongs): Python refuses to
# convert integers of over 4,300 digits, and no field of a record needs more than a few.
_LONGEST_NUMBER = 32
_NOT_TEXT_START = frozenset("~nNtTfF+-.0123456789")  # what a null, boolean or number can start with


def _scalar(node: yaml.ScalarNode) -> Any:
    return node.value if node.style else _plain(node.value)  # quoted or block scalars are always strings


def _plain(text: str) -> Any:
    """The value of a plain (unquoted) scalar: null, true/false and decimal numbers by YAML 1.2, else text."""
    if text and text[0] not in _NOT_TEXT_START:  # most scalars are words: skip the patterns
        return text
    if text in _WORDS:
        return _WORDS[text]
    if _FLOAT.match(text) and len(text) <= _LONGEST_NUMBER:  # every number, integers too: one pattern for the many timestamps and dates
        return int(text) if _INT.match(text) else float(text)
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
    outline = _QuickReader.read(text)
    if outline is not None:
        return outline.value, Positions(line_offset, text=text, outline=outline), []
    return load_with_libyaml(text, line_offset)


# libyaml's words for the mistakes people make in front matter, and what usually causes each.
_HINTS = (
    ("mapping values are not allowed", "a value that holds ': ' needs quotes, e.g. message: \"Rolled back: errors are gone\""),
    ("could not find expected ':'", "a value that runs over several lines needs quotes, or write it as a block (message: >-)"),
    ("did not find expected key", "check the indentation: the fields of one list item line up under its first one"),
    ("did not find expected '-' indicator", "the items of a list start with '- ' at one indentation"),
    ("expected <block end>", "check the indentation: a field is indented more or less than its neighbours"),
    ("while scanning a quoted scalar", "a quote is not closed: end the value with the quote it starts with"),
    ("while scanning an anchor", "a value that starts with '&' needs quotes"),
    ("while scanning an alias", "a value that starts with '*' needs quotes"),
    ("that cannot start any token", "a value that starts with '@' or '`' needs quotes"),
)


def _hint(message: str) -> str:
    return next((f" (usually: {hint})" for words, hint in _HINTS if words in message), "")


def load_with_libyaml(text: str, line_offset: int = 0) -> tuple[Any, Positions, list[tuple[int, int, str]]]:
    """:func:`load` without the quick reader: every document through libyaml's node tree."""
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
        raise YamlError([(line, col, f"YAML syntax: {message}{_hint(message)}")]) from None
    except yaml.YAMLError as exc:
        raise YamlError([(1 + line_offset, 1, f"YAML syntax: {exc}")]) from None
    positions = Positions(line_offset=line_offset, root=node)
    if node is None:
        return None, positions, []
    builder = _Builder(line_offset + 1, aliases="&" in text, tags="!" in text)
    value = builder.build(node, ())
    problems = builder.problems + (_anchors(text, line_offset) if "&" in text else [])
    return value, positions, problems


def _anchors(text: str, line_offset: int) -> list[tuple[int, int, str]]:
    """Each ``&anchor`` of a document: the node tree keeps no anchor names, the tokens do. An anchor
    without an alias changes no value, but the format forbids anchors outright (they are the first
    half of an alias bomb), so every one is reported."""
    return [
        (token.start_mark.line + 1 + line_offset, token.start_mark.column + 1, "anchors and aliases are not allowed")
        for token in yaml.scan(text, Loader=_Loader)
        if isinstance(token, yaml.AnchorToken)
    ]


class _Outside(Exception):
    """The text leaves what the quick reader knows: libyaml reads it."""


# Anything but \n and printable characters: tabs, \r, other control characters, NEL and the Unicode line
# breaks, surrogates, BOM, non-characters. (Written as the few characters it is: the complement of the
# printable ranges takes 8 ms to compile, a thirtieth of the whole check command's start.)
_UNUSUAL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_ASCII_CONTROLS = bytes([*range(0x0A), *range(0x0B, 0x20), 0x7F])  # the ASCII characters _UNUSUAL matches


def _usual(text: str) -> bool:
    """True when ``text`` holds only line breaks and printable characters.

    Why not only the pattern: for ASCII text, which most records are, deleting the control characters
    from its bytes says the same ten times faster (the pattern tests a character class per character).
    """
    if text.isascii():
        data = text.encode("ascii")
        return len(data.translate(None, _ASCII_CONTROLS)) == len(data)
    return not _UNUSUAL.search(text)


_NAME = r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}"
_ENTRY = re.compile(rf"({_NAME}):(?: +(.*)|$)")  # a mapping entry: its key, and what follows the colon
_KEY = re.compile(rf"{_NAME}:(?: |$)")
_FLOW_KEY = re.compile(_NAME)
_BLOCK_HEADER = re.compile(r"([>|])(-?) *$")
_SINGLE_QUOTED = re.compile(r"'((?:[^']|'')*)'")
_DOUBLE_QUOTED = re.compile(r'"([^"\\]*)"')
_FLOW_UNKNOWN = re.compile(r"[\[\]{}#:'\"]")
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")  # what a plain scalar the quick reader takes cannot start with


@dataclass
class _Outline:
    """What the quick reader gives: the value, and 0-based lines of top-level keys and list items."""

    value: dict[str, Any]
    key_lines: dict[str, int]
    item_lines: dict[str, list[int]]


class _QuickReader:
    """Plain values straight from the text, for the block YAML that records are written in.

    Why: libyaml is fast, but PyYAML makes a Python node, two marks and three resolver calls for each of
    its ~85 nodes per record; with building the values from them that was half of ``incidentbook check``
    on 10,000 records. This reader goes line by line and knows only: a mapping at the root; block
    mappings and sequences (``- `` items, compact ``- key: value`` mappings); one-line plain, single-
    and double-quoted (without escapes) scalars; one-line flow lists and mappings of plain words;
    ``|`` and ``>`` block scalars (clip or strip, no indentation indicator, ``>`` without more-indented
    lines); comments. Anything else (tabs, anchors, tags, duplicate keys, multi-line plain scalars,
    every syntax error...) raises _Outside and libyaml reads the document, so the quick reader only
    ever returns what libyaml and :class:`_Builder` would (tests/test_loader_fuzz.py compares the two).
    """

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.i = 0  # index of the line being read
        self.key_lines: dict[str, int] = {}
        self.item_lines: dict[str, list[int]] = {}

    @classmethod
    def read(cls, text: str) -> _Outline | None:
        """The document's outline, or None when libyaml has to read it."""
        if not text.endswith("\n") or not _usual(text):
            return None
        reader = cls(text)
        try:
            if reader.next_indent() != 0:
                return None
            value = reader.mapping(0, reader.lines[reader.i], root=True)
        except (_Outside, RecursionError):
            return None
        return _Outline(value, reader.key_lines, reader.item_lines)

    def next_indent(self) -> int:
        """Move to the next line with content; its indentation, or -1 at the end."""
        lines, i = self.lines, self.i
        while i < len(lines):
            content = lines[i].lstrip(" ")
            if content and content[0] != "#":
                break
            i += 1
        else:
            self.i = i
            return -1
        self.i = i
        return len(lines[i]) - len(content)

    def mapping(self, indent: int, content: str, root: bool = False) -> dict[str, Any]:
        """A block mapping at ``indent`` whose first key is ``content`` (the current line from its key on)."""
        result: dict[str, Any] = {}
        lines = self.lines
        key_lines = self.key_lines if root else None
        while True:
            match = _ENTRY.match(content)
            if match is None:
                raise _Outside
            key, value = match.groups()
            if key in result:
                raise _Outside
            if key_lines is not None:
                key_lines[key] = self.i
            self.i += 1
            if (value and value[0] not in _INDICATORS and value[-1] not in ": "
                    and ": " not in value and " #" not in value):
                # the common case first: a one-line plain scalar
                result[key] = value if value[0] not in _NOT_TEXT_START else _plain(value)
            elif not value or value[0] == "#":
                items: list[int] | None = [] if root else None
                result[key] = self.nested(indent, items)
                if items:
                    self.item_lines[key] = items
            else:
                result[key] = value = self.inline(value, indent, block_allowed=True)
                if root and value.__class__ is list:
                    self.item_lines[key] = [self.i - 1] * len(value)
            line = lines[self.i] if self.i < len(lines) else ""
            content = line.lstrip(" ")
            if not content or content[0] == "#":  # else the next line has content: no call needed
                if self.next_indent() < 0:
                    return result
                line = lines[self.i]
                content = line.lstrip(" ")
            if len(line) - len(content) < indent:
                return result
            if len(line) - len(content) > indent:
                raise _Outside

    def nested(self, indent: int, items: list[int] | None) -> Any:
        """The value of a key at ``indent`` with nothing after its colon: a block below it, or null."""
        next_indent = self.next_indent()
        if next_indent <= indent:
            if next_indent == indent and self.lines[self.i][indent] == "-":
                raise _Outside  # a list as indented as its key: valid YAML, left to libyaml
            return None
        content = self.lines[self.i][next_indent:]
        if content[0] == "-":
            return self.sequence(next_indent, items)
        return self.mapping(next_indent, content)

    def sequence(self, indent: int, items: list[int] | None) -> list[Any]:
        """A block sequence whose ``- `` are at ``indent``; ``items`` receives each item's line."""
        result: list[Any] = []
        while True:
            content = self.lines[self.i][indent:]
            if content[:2] != "- ":
                raise _Outside
            rest = content[2:].lstrip(" ")
            if not rest or rest[0] in "#-":
                raise _Outside
            if items is not None:
                items.append(self.i)
            if _KEY.match(rest):
                result.append(self.mapping(indent + len(content) - len(rest), rest))
            else:
                self.i += 1
                result.append(self.inline(rest, indent, block_allowed=False))
            next_indent = self.next_indent()
            if next_indent < indent:
                return result
            if next_indent > indent:
                raise _Outside

    def inline(self, text: str, indent: int, block_allowed: bool) -> Any:
        """The value that starts on the line just read with ``text``, in a collection at ``indent``."""
        first = text[0]
        if first == "[" or first == "{":
            end = text.find("]" if first == "[" else "}")
            self.expect_end(text, end)
            inner = text[1:end]
            if not inner.strip(" "):
                return [] if first == "[" else {}
            if first == "[":
                return [self.flow_word(item) for item in inner.split(",")]
            mapping: dict[str, Any] = {}
            for pair in inner.split(","):
                key, colon, value = pair.strip(" ").partition(": ")
                if not colon or not _FLOW_KEY.fullmatch(key) or key in mapping:
                    raise _Outside
                mapping[key] = self.flow_word(value)
            return mapping
        if first == "'" or first == '"':
            match = (_SINGLE_QUOTED if first == "'" else _DOUBLE_QUOTED).match(text)
            if match is None:
                raise _Outside
            self.expect_end(text, match.end() - 1)
            return match.group(1).replace("''", "'") if first == "'" else match.group(1)
        if first == ">" or first == "|":
            if not block_allowed:
                raise _Outside
            return self.block_scalar(text, indent)
        if first in _INDICATORS:
            raise _Outside
        comment = text.find(" #")
        text = (text if comment < 0 else text[:comment]).rstrip(" ")
        if ": " in text or text[-1] == ":":
            raise _Outside
        return _plain(text)

    @staticmethod
    def expect_end(text: str, end: int) -> None:
        """Only white space or a comment may follow the closing character at ``end``."""
        if end < 0:
            raise _Outside
        tail = text[end + 1 :]
        if tail and (tail[0] != " " or tail.strip(" ")[:1] not in ("", "#")):
            raise _Outside

    @staticmethod
    def flow_word(text: str) -> Any:
        """A plain scalar in a one-line flow collection: no indicators, quotes, colons or comments."""
        text = text.strip(" ")
        if not text or text[0] in _INDICATORS or _FLOW_UNKNOWN.search(text):
            raise _Outside
        return _plain(text)

    def block_scalar(self, header: str, indent: int) -> str:
        """A ``|`` or ``>`` scalar (``-`` to strip the final line break) below a key at ``indent``."""
        match = _BLOCK_HEADER.match(header)
        if match is None:
            raise _Outside
        lines, i = self.lines, self.i
        first = lines[i] if i < len(lines) else ""
        width = len(first) - len(first.lstrip(" "))
        if width <= indent or width == len(first):  # not indented, or a leading empty line
            raise _Outside
        folded = match.group(1) == ">"
        text: list[str] = []
        while i < len(lines):
            line = lines[i]
            if line[:width].strip(" "):  # less indented: the scalar is over
                break
            if folded and line[width : width + 1] == " ":  # more indented lines are not folded
                raise _Outside
            text.append(line[width:])
            i += 1
        self.i = i
        while not text[-1]:
            text.pop()
        if not folded:
            value = "\n".join(text)
        else:  # folded: a line break between two lines is a space, n empty lines are n breaks
            value, breaks = text[0], 0
            for line in text[1:]:
                if not line:
                    breaks += 1
                    continue
                value += ("\n" * breaks if breaks else " ") + line
                breaks = 0
        return value if match.group(2) else value + "\n"


@dataclass
class FrontMatterFile:
    """A Markdown file split into its front matter text and its body."""

    yaml_text: str
    body: str
    body_line: int  # 1-based line where the body starts


_CLOSING_LINE = re.compile(r"\n(?:---|\.\.\.)[^\S\n]*$", re.MULTILINE)  # from the line break before it


def split_front_matter(text: str) -> FrontMatterFile:
    """Split ``---`` front matter from the body; raise YamlError when there is none.

    The closing line (``---`` or ``...``, trailing white space allowed) is found with one regular
    expression search instead of splitting the whole file into lines: records are mostly body. The
    pattern starts with the line break, a literal the search jumps to, not with ``^`` tried everywhere.
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    first_end = text.find("\n")
    if (text if first_end < 0 else text[:first_end]).rstrip() != "---":
        raise YamlError([(1, 1, "no YAML front matter: a record starts with a line '---'")])
    closing = _CLOSING_LINE.search(text, first_end) if first_end >= 0 else None
    if closing is None:
        raise YamlError([(1, 1, "front matter is not closed: add a line '---' after it")])
    yaml_end = closing.start() + 1  # where the closing line starts
    body_start = text.find("\n", closing.end())
    return FrontMatterFile(
        yaml_text=text[first_end + 1 : yaml_end] or "\n",
        body="" if body_start < 0 else text[body_start + 1 :],
        body_line=text.count("\n", 0, yaml_end) + 2,
    )


def problems_from(path: str, error: YamlError) -> list[Problem]:
    """Turn a YamlError into Problems for ``path``."""
    return [Problem(path, line, col, message) for line, col, message in error.problems]
