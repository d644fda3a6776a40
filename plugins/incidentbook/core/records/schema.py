"""The JSON Schemas shipped with the package, and problem messages people can act on.

The schemas are the single definition of a record's and the catalog's shape: editors use them through
the YAML language server, and the loader validates with them. fastjsonschema checks every document
quickly; only documents that fail are run through jsonschema, which lists *every* problem.
"""

from __future__ import annotations

import difflib
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema

from .errors import Problem, excerpt
from .yamlio import Positions, dotted

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"

_TYPE_WORDS = {
    "string": "text",
    "boolean": "true or false",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list",
    "object": "a mapping of keys to values",
    "null": "nothing",
}


_PATTERN_WORDS = {
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$":
        "an ISO 8601 timestamp with a time zone, e.g. 2026-03-14T09:41:00Z",
    r"^\d{4}-\d{2}-\d{2}$": "a date, YYYY-MM-DD",
    r"^[a-z0-9][a-z0-9-]*$": "an id (lowercase letters, digits and dashes)",
    r"^https?://": "a web address starting with https://",
}


SCHEMA_NAMES = ("record", "catalog")
COPIES = "schemas"  # the folder beside the records folder that holds a repository's copies


def schema_path(name: str) -> Path:
    """Path of a shipped schema: ``record`` or ``catalog``."""
    return SCHEMA_DIR / f"{name}.schema.json"


def copy_path(records: Path, name: str) -> Path:
    """Where an incident repository keeps its copy of a schema: ``schemas/`` beside the records folder.

    Why a copy in the repository: the ``$schema`` comment of every record must resolve for every editor
    and every clone, offline, and the schema must be the one of the incidentbook version the repository
    pins; a copy under the repository is both (``incidentbook schema --write`` refreshes it on upgrade).
    """
    return Path(records).resolve().parent / COPIES / f"{name}.schema.json"


def reference_target(records: Path, name: str) -> Path:
    """The file a record's or the catalog's ``$schema`` comment should name: the repository's copy, or
    the package's own file when the repository is incidentbook's own source tree and has no copy."""
    copy = copy_path(records, name)
    in_tree = Path(records).resolve().parent / "plugins" / "incidentbook" / "schemas" / f"{name}.schema.json"
    return in_tree if in_tree.is_file() and not copy.is_file() else copy


def write_copies(records: Path) -> list[Path]:
    """Write (or refresh) the repository's copies of every shipped schema; return their paths."""
    written = []
    for name in SCHEMA_NAMES:
        target = copy_path(records, name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(schema_path(name).read_bytes())
        written.append(target)
    return written


def stale_copies(records: Path) -> list[Problem]:
    """A problem for each copy that differs from the installed incidentbook's schema."""
    problems = []
    for name in SCHEMA_NAMES:
        copy = copy_path(records, name)
        if copy.is_file() and not copy.is_symlink() and copy.read_bytes() != schema_path(name).read_bytes():
            shown = f"{COPIES}/{copy.name}"
            problems.append(Problem(shown, 1, 1, "differs from the schema of the installed incidentbook: "
                                    "run `incidentbook schema --write` and commit it"))
    return problems


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A shipped schema, parsed once per process (every record is checked against it)."""
    return json.loads(schema_path(name).read_text(encoding="utf-8"))


class SchemaCheck:
    """Validate documents against one shipped schema, with file positions in every message."""

    def __init__(self, name: str) -> None:
        self._schema = load_schema(name)
        self._order = list(self._schema.get("properties", {}))  # the fields' order, as docs and `new` write them
        self._fast = fastjsonschema.compile(_without_local_refs(self._schema))

    def problems(self, data: Any, positions: Positions, path: str) -> list[Problem]:
        """Every schema problem of ``data`` with its position; the fast validator decides, jsonschema explains."""
        try:
            self._fast(data)
            return []
        except fastjsonschema.JsonSchemaException:
            pass
        import jsonschema  # only for documents that failed: its import costs ~0.1 s per run

        found: dict[Problem, None] = {}
        for error in jsonschema.Draft202012Validator(self._schema).iter_errors(data):
            for where, message in _explain(error, self._order):
                locate = positions.of if error.validator in ("required", "additionalProperties") else positions.value_of
                line, col = locate(where)
                found[Problem(path, line, col, message)] = None
        return list(found)


def _without_local_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """The same schema with each ``#/$defs/...`` reference replaced by the definition it names.

    Why: fastjsonschema compiles a reference into a function call that formats the item's path (with
    ``locals()``) for every list item; inlined, checking 10,000 records takes about a fifth less time.
    A reference with other keywords beside it becomes ``allOf`` of both, which is what it means.
    """
    defs = schema.get("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, list):
            return [inline(item) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if not (isinstance(ref, str) and ref.startswith("#/$defs/")):
            return {key: inline(value) for key, value in node.items()}
        target = inline(defs[ref.removeprefix("#/$defs/")])
        beside = {key: inline(value) for key, value in node.items() if key != "$ref"}
        return {"allOf": [target, beside]} if beside else target

    return {key: inline(value) for key, value in schema.items() if key != "$defs"}


@cache
def schema_check(name: str) -> SchemaCheck:
    """One compiled checker per schema for the whole process (compiling takes ~30 ms)."""
    return SchemaCheck(name)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, (list, dict)):
        return "a list" if isinstance(value, list) else "a mapping"
    return excerpt(value)


def _neighbour(missing: str, present: Any, order: list[str]) -> tuple[str, str] | None:
    """Where a missing top-level field belongs: ("after", field before it) or ("before", field after it)."""
    if missing not in order or not isinstance(present, dict):
        return None
    index = order.index(missing)
    before = [k for k in order[:index] if k in present]
    if before:
        return "after", before[-1]
    after = [k for k in order[index + 1:] if k in present]
    return ("before", after[0]) if after else None


def _explain(error: Any, order: list[str] | None = None) -> list[tuple[tuple, str]]:
    """(path to point at, message) pairs for one jsonschema error; a missing top-level field is shown
    at the line where it belongs (after the field that comes before it), not at the document's start."""
    path = tuple(error.absolute_path)
    name = dotted(path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    kind = error.validator
    value = error.instance
    if kind == "additionalProperties":
        known = set(schema.get("properties", {}))
        patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
        extras = [k for k in value if k not in known and not any(p.search(k) for p in patterns)]
        result = []
        for key in extras:
            close = difflib.get_close_matches(key, known, n=1)
            if close:
                hint = f"; did you mean {close[0]!r}?"
            else:
                hint = f"; known fields: {', '.join(sorted(known))}"
            if not path:
                hint += " (your own fields must start with x-)"
            result.append((path + (key,), f"{dotted(path + (key,))}: unknown field{hint}"))
        return result
    if kind == "required":
        why = schema.get("description")
        missing = [k for k in error.validator_value if k not in value]
        result = []
        for k in missing:
            message = f"{dotted(path + (k,))}: required field is missing" + (f" ({why})" if why else "")
            place = _neighbour(k, value, order or []) if not path else None
            if place:
                result.append(((place[1],), f"{message}; add it {place[0]} {place[1]}"))
            else:
                result.append((path, message))
        return result
    if kind == "enum":
        return [(path, f"{name}: {_describe(value)} is not one of: {', '.join(map(str, error.validator_value))}")]
    if kind == "const":
        return [(path, f"{name}: must be {error.validator_value!r}")]
    if kind == "type":
        wanted = error.validator_value if isinstance(error.validator_value, str) else error.validator_value[0]
        note = ""
        if wanted == "boolean" and isinstance(value, str):
            note = " (YAML 1.2: only true and false are booleans)"
        return [(path, f"{name}: expected {_TYPE_WORDS.get(wanted, wanted)}, got {_describe(value)}{note}")]
    if kind == "pattern":
        expected = _PATTERN_WORDS.get(error.validator_value, f"matching {error.validator_value}")
        return [(path, f"{name}: {_describe(value)} is not {expected}")]
    if kind == "propertyNames":
        return [(path, f"{name}: key {_describe(value)} is not an id (lowercase letters, digits and dashes)")]
    if kind == "minLength":
        return [(path, f"{name}: must not be empty")]
    if kind == "maxLength":
        return [(path, f"{name}: {len(value):,} characters; at most {error.validator_value:,}")]
    if kind in ("maxItems", "maxProperties"):
        return [(path, f"{name}: {len(value):,} entries; at most {error.validator_value:,}")]
    if kind == "minItems":
        return [(path, f"{name}: must list at least one item")]
    if kind == "minimum":
        return [(path, f"{name}: must be at least {error.validator_value}")]
    if kind == "maximum":
        return [(path, f"{name}: must be at most {error.validator_value}")]
    return [(path, f"{name}: {_describe(value)} does not fit the format ({kind}: {excerpt(error.validator_value)})")]
