"""``incidentbook schema [--write] [--records DIR]``: the JSON Schemas an editor validates records with."""

from __future__ import annotations

import argparse

from ..core.records.schema import (
    SCHEMA_NAMES,
    copy_path,
    schema_path,
    stale_copies,
    write_copies,
)
from .where import HELP, records_folder


def register(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser(
        "schema", help="write or show the record and catalog JSON Schemas",
        description="Without --write: where the installed schemas are and whether the repository's copies "
                    "(schemas/ beside the records folder) are current. With --write: write or refresh them.",
    )
    cmd.add_argument("--write", action="store_true", help="write the copies into schemas/ beside the records folder")
    cmd.add_argument("--records", default=None, help=HELP)
    cmd.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    records = records_folder(args.records)
    if args.write:
        for path in write_copies(records):
            print(path)
        return 0
    stale = {problem.path for problem in stale_copies(records)}
    for name in SCHEMA_NAMES:
        copy = copy_path(records, name)
        state = "missing" if not copy.is_file() else ("stale" if f"schemas/{copy.name}" in stale else "current")
        print(f"{name}: {schema_path(name)} (copy {copy}: {state})")
    return 1 if stale else 0
