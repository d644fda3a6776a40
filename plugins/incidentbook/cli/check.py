"""``incidentbook check [RECORDS] [--format text|github]``: validate every record and the catalog."""

from __future__ import annotations

import argparse
import sys

from ..core.records.annotations import annotate, write_summary
from ..core.records.loader import read_book
from ..core.records.schema import stale_copies
from .where import HELP, records_folder


def register(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser("check", help="validate every record and the catalog",
                         description="Validate every record and the catalog; exit 1 on any problem.")
    cmd.add_argument("records", nargs="?", default=None, help=HELP)
    cmd.add_argument("--format", choices=("text", "github"), default="text",
                     help="text (path:line:col: message) or GitHub workflow annotations")
    cmd.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    records = records_folder(args.records)
    book, problems = read_book(records)
    problems = sorted(set(problems) | set(stale_copies(records)))
    if args.format == "github":
        for line in annotate("error", problems, "incidentbook check"):
            print(line)
        if problems:
            write_summary(f"incidentbook check: {len(problems)} problem(s)", problems)
    else:
        for problem in problems:
            print(problem)
    if problems:
        print(f"incidentbook: {len(problems)} problem(s) in {records}", file=sys.stderr)
        return 1
    print(f"incidentbook: {len(book.records)} records OK ({records})", file=sys.stderr)
    return 0
