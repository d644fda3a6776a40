"""The shipped JSON Schemas and the loader agree, on the example records and on invalid ones."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from incidentbook.core.records.schema import load_schema, schema_path
from incidentbook.core.records.yamlio import load, split_front_matter
from rules_fixture import CASES, problems_for
from sitebuild import EXAMPLE_RECORDS

RECORD_VALIDATOR = jsonschema.Draft202012Validator(load_schema("record"), format_checker=jsonschema.FormatChecker())
CATALOG_VALIDATOR = jsonschema.Draft202012Validator(load_schema("catalog"))
EXAMPLES = sorted(EXAMPLE_RECORDS.rglob("*.md"))
# Rules that need more than one field's shape, the catalog or the body: the schema cannot say them.
CROSS_FIELD = {
    "detected before started", "acknowledged before detected", "mitigated before started", "resolved before mitigated",
    "update before started", "last update not resolved", "resolved set while open", "unknown component",
    "unknown component in update", "unknown severity", "duplicate action id", "maintenance window reversed",
    "impossible timestamp",
    # Python's `$` matches before a final newline, so Python validators let it through (editors' ECMA
    # regular expressions do not); the loader matches ids whole.
    "id with a trailing newline", "action id with a trailing newline",
}
# Problems found while reading YAML, before any schema applies.
YAML_LEVEL = {"duplicate key", "tab", "alias", "custom tag", "syntax error"}


def front_matter(text: str) -> object:
    return load(split_front_matter(text).yaml_text)[0]


def test_schemas_are_valid_json_schema() -> None:
    for name in ("record", "catalog"):
        jsonschema.Draft202012Validator.check_schema(json.loads(schema_path(name).read_text()))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_records_pass_the_schema(path: Path) -> None:
    assert list(RECORD_VALIDATOR.iter_errors(front_matter(path.read_text()))) == []


def test_example_catalog_passes_the_schema() -> None:
    data = load((EXAMPLE_RECORDS / "catalog.yml").read_text())[0]
    assert list(CATALOG_VALIDATOR.iter_errors(data)) == []


def test_example_records_point_editors_to_the_schema() -> None:
    for path in EXAMPLES:
        line = path.read_text().splitlines()[1]
        assert line.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / line.split("=", 1)[1]).resolve()
        assert target == schema_path("record").resolve()


SHAPE_CASES = [c for c in CASES if c[0] not in CROSS_FIELD | YAML_LEVEL]


@pytest.mark.parametrize("front", [c[1] for c in SHAPE_CASES], ids=[c[0] for c in SHAPE_CASES])
def test_schema_and_loader_refuse_the_same_invalid_records(tmp_path: Path, front: str) -> None:
    assert problems_for(tmp_path, front), "the loader accepted it"
    assert list(RECORD_VALIDATOR.iter_errors(front_matter("---\n" + front + "---\n"))), "the schema accepted it"


@pytest.mark.parametrize("front", [c[1] for c in CASES if c[0] in CROSS_FIELD], ids=[c[0] for c in CASES if c[0] in CROSS_FIELD])
def test_rules_beyond_the_schema_are_the_loaders(tmp_path: Path, front: str) -> None:
    """Documented limit: the schema accepts these; the loader (and so check and the build) refuses them."""
    assert problems_for(tmp_path, front)
    assert list(RECORD_VALIDATOR.iter_errors(front_matter("---\n" + front + "---\n"))) == []
