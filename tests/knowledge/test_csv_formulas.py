"""Formula injection in the CSV exports: text a spreadsheet could run as a formula gets a leading ``'``.

Spreadsheets skip leading spaces, line breaks, a byte order mark and other invisible characters before a
formula, and read the full-width ＝ ＋ － ＠ as = + - @: both the actions and the register export must
defuse all of them, through the one shared cell function.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Callable

import pytest
from actions_fixture import TODAY
from hypothesis import given
from hypothesis import strategies as st
from incidentbook.core.knowledge import actions, register
from incidentbook.core.knowledge.actions import csv_cell
from incidentbook.core.records.loader import load_book
from sitebuild import write_catalog, write_record

SKIPPED = [" ", "\t", "\r", "\n", "\ufeff", "\u00a0", "\u2003", "\u3000", "\u200b", "\u2028", "\x0b", "\x1f"]
FORMULA = ["=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20", "\ufe66", "\ufe62"]
PAYLOADS = [
    " =HYPERLINK(\"http://evil.example\")",
    "\n=1+2",
    "\r\n@SUM(A1)",
    "\ufeff=1+2",
    "\u3000+1",
    "\u00a0-1",
    "\u200b=1",
    "\uff1dHYPERLINK(\"http://evil.example\")",
    "\uff0b1",
    "\uff0d1",
    "\uff20SUM(A1)",
    " \ufeff \uff1d1",
]


def action_titles(folder: Path) -> list[str]:
    out = actions.to_csv(actions.collect(load_book(folder), TODAY))
    return [row["title"] for row in csv.DictReader(io.StringIO(out, newline=""))]


def register_titles(folder: Path) -> list[str]:
    out = register.to_csv(register.rows(load_book(folder)))
    return [row["title"] for row in csv.DictReader(io.StringIO(out, newline=""))]


@pytest.mark.parametrize("export", [action_titles, register_titles], ids=["actions", "register"])
@pytest.mark.parametrize("payload", PAYLOADS, ids=ascii)
def test_exports_defuse_formulas_after_skipped_or_full_width_characters(
    tmp_path: Path, export: Callable[[Path], list[str]], payload: str,
) -> None:
    folder = tmp_path / "records"
    write_catalog(folder)
    write_record(folder, "r", {
        "title": payload, "severity": "minor", "status": "resolved", "components": {"checkout": "partial_outage"},
        "started": "2026-10-01T09:00:00Z", "resolved": "2026-10-01T10:00:00Z",
        "actions": [{"id": "a", "title": payload, "owner": "ben", "due": "2026-12-01"}],
    })
    assert export(folder) == ["'" + payload]


@given(st.text(st.sampled_from(SKIPPED)), st.sampled_from(FORMULA), st.text())
def test_any_skippable_prefix_before_a_formula_character_is_defused(prefix: str, start: str, rest: str) -> None:
    assert csv_cell(prefix + start + rest) == "'" + prefix + start + rest


@pytest.mark.parametrize("text", ["plain", "a=b", "café", "1+2", "'quoted", "", "\u00e9=1", "x\uff1d1"])
def test_text_that_runs_no_formula_is_unchanged(text: str) -> None:
    assert csv_cell(text) == text
