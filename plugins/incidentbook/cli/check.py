"""``incidentbook check [PATH ...] [--format text|github]``: validate records and the catalog.

A PATH is a records folder (every record and the catalog) or single files, as pre-commit passes the
changed ones: each file is checked within its whole records folder (ids must stay unique), and only
its own problems and the catalog's are reported.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..core.records.annotations import annotate, write_summary
from ..core.records.errors import Problem, UsageError
from ..core.records.loader import CATALOG_FILE, display_path, read_book
from ..core.records.schema import stale_copies
from .where import records_folder


def register(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser("check", help="validate every record and the catalog",
                         description="Validate every record and the catalog (or the files given); exit 1 on any problem.")
    cmd.add_argument("paths", nargs="*", metavar="PATH",
                     help="a records folder, or record files (default: incidents/ of the repository around the current folder)")
    cmd.add_argument("--format", choices=("text", "github"), default="text",
                     help="text (path:line:col: message) or GitHub workflow annotations")
    cmd.set_defaults(run=run)


def _records_of(file: Path) -> Path:
    """The records folder a file belongs to: the nearest folder above it that holds the catalog."""
    for folder in file.resolve().parents:
        if (folder / CATALOG_FILE).is_file():
            return folder
    raise UsageError(f"{file}: not inside a records folder (no {CATALOG_FILE} above it)")


def _targets(paths: list[str]) -> dict[Path, set[str] | None]:
    """Records folders to read, each with the display paths of the files asked for (None: all)."""
    if not paths:
        return {records_folder(None): None}
    folders: dict[Path, None] = {}
    files: dict[Path, set[str]] = {}
    for given in paths:
        path = Path(given)
        if path.is_dir() or not os.path.lexists(path):  # a missing folder is reported by the loader
            folders[path] = None
        else:
            files.setdefault(_records_of(path), set()).add(display_path(path))
    targets: dict[Path, set[str] | None] = dict(folders)
    whole = {folder.resolve() for folder in folders}
    for root, names in files.items():
        if root not in whole:  # a folder given as well already covers its files
            targets[root] = names
    return targets


def run(args: argparse.Namespace) -> int:
    problems: set[Problem] = set()
    records = 0
    targets = _targets(args.paths)
    for folder, files in targets.items():
        book, found = read_book(folder)
        records += len(book.records)
        catalog = display_path(folder / CATALOG_FILE)
        problems |= {p for p in found if files is None or p.path in files or p.path == catalog}
        problems |= set(stale_copies(folder))
    listed = sorted(problems)
    if args.format == "github":
        for line in annotate("error", listed, "incidentbook check"):
            print(line)
        if listed:
            write_summary(f"incidentbook check: {len(listed)} problem(s)", listed)
    else:
        for problem in listed:
            print(problem)
    where = ", ".join(args.paths) or str(next(iter(targets)))
    if listed:
        print(f"incidentbook: {len(listed)} problem(s) in {where}", file=sys.stderr)
        return 1
    print(f"incidentbook: {records} records OK ({where})", file=sys.stderr)
    return 0
