"""``incidentbook actions [RECORDS]``: list follow-up actions, and nag about overdue ones in CI.

Open and in-progress actions are listed by default (``--all`` adds closed ones). ``--format github``
turns every overdue action into a ``::warning`` at its line in the record, and
``--fail-on-overdue`` makes a scheduled job fail while anything is overdue.
"""

from __future__ import annotations

import argparse
import sys

from ..core.knowledge import actions as core
from ..core.records.annotations import annotate, write_summary
from ..core.records.clock import build_now
from ..core.records.errors import Problem, UsageError
from ..core.records.loader import Book, load_book
from .where import HELP, records_folder

TEXT_COLUMNS = ("DUE", "STATUS", "PRIORITY", "OWNER", "TEAM", "RECORD/ACTION", "TITLE")


def register(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser(
        "actions", help="list follow-up actions (overdue, by owner or team)",
        description="List the open follow-up actions of every record, whatever the incident's status. "
                    "'Today' is the build clock's date (INCIDENTBOOK_NOW, else the wall clock), in UTC.",
    )
    cmd.add_argument("records", nargs="?", default=None, help=HELP)
    cmd.add_argument("--overdue", action="store_true", help="only actions that are open or in progress and past due")
    cmd.add_argument("--owner", metavar="O", help="only actions owned by O (a person or a team id)")
    cmd.add_argument("--team", metavar="T", help="only actions of team T (id or name, see the catalog's teams)")
    cmd.add_argument("--all", action="store_true", help="include done and won't-do actions")
    cmd.add_argument("--format", choices=("text", "json", "csv", "github"), default="text",
                     help="text table (default), json or csv (the export columns), github (::warning per overdue action)")
    cmd.add_argument("--fail-on-overdue", action="store_true",
                     help="exit with status 1 when any listed action is overdue")
    cmd.set_defaults(run=run)


def _team_id(book: Book, wanted: str) -> str:
    """The team id a user typed as an id or a name; a typo is a usage error, not an empty list."""
    for team in book.catalog.teams:
        if wanted == team.id or wanted.casefold() == team.name.casefold():
            return team.id
    if book.catalog.teams:
        raise UsageError(f"--team: unknown team {wanted!r}; the catalog has: {', '.join(book.catalog.team_by_id)}")
    return wanted


def select(items: list[core.ActionItem], book: Book, args: argparse.Namespace) -> list[core.ActionItem]:
    """The actions the options ask for, in the index's order (most urgent first)."""
    team = _team_id(book, args.team) if args.team else None
    owner = args.owner.casefold() if args.owner else None
    return [
        item for item in items
        if (args.all or item.action.is_open)
        and (not args.overdue or item.overdue)
        and (owner is None or (item.action.owner or "").casefold() == owner)
        and (team is None or item.team == team)
    ]


def _one_line(text: str) -> str:
    """Record text on one terminal line, without control characters that could drive the terminal."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


def text_table(items: list[core.ActionItem]) -> str:
    """An aligned table; the title comes last so long titles do not push the other columns."""
    rows = []
    for item in items:
        action = item.action
        due = item.due.isoformat() if item.due else "-"
        status = action.status + (f", {item.days_overdue}d OVERDUE" if item.overdue else "")
        rows.append((
            due + (" policy" if item.due_from_policy else ""), status, action.priority,
            _one_line(action.owner or "-"), item.team or "-", f"{item.record.id}/{action.id}", _one_line(action.title),
        ))
    widths = [max(len(row[i]) for row in [TEXT_COLUMNS, *rows]) for i in range(len(TEXT_COLUMNS) - 1)]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[-1]
        for row in [TEXT_COLUMNS, *rows]
    )


def overdue_problems(items: list[core.ActionItem]) -> list[Problem]:
    """Overdue actions as problems at the action's line, for annotations and the job summary."""
    problems = []
    for item in items:
        if not item.overdue or item.due is None:
            continue
        action = item.action
        source = ", by the severity's due-date policy" if item.due_from_policy else ""
        message = (
            f"Follow-up action {action.id!r} is {item.days_overdue} day(s) overdue (due {item.due.isoformat()}{source}): "
            f"{action.title}. Owner: {action.owner or 'nobody'}; team: {item.team or 'none'}; status: {action.status}."
        )
        problems.append(Problem(item.record.path, action.line, 1, message))
    return problems


def run(args: argparse.Namespace) -> int:
    today = core.build_date(build_now())
    book = load_book(records_folder(args.records))
    chosen = select(core.collect(book, today), book, args)
    overdue = [i for i in chosen if i.overdue]
    if args.format == "json":
        sys.stdout.write(core.to_json(chosen))
    elif args.format == "csv":
        sys.stdout.write(core.to_csv(chosen))
    elif args.format == "github":
        problems = overdue_problems(chosen)
        for line in annotate("warning", problems, "Overdue follow-up action"):
            print(line)
        if problems:
            write_summary(f"incidentbook actions: {len(problems)} overdue follow-up action(s) on {today.isoformat()}", problems)
    elif chosen:
        print(text_table(chosen))
        print(f"\n{len(chosen)} action(s), {len(overdue)} overdue, as of {today.isoformat()} (UTC)")
    else:
        print(f"No actions match, as of {today.isoformat()} (UTC)")
    if args.format != "text":
        print(f"incidentbook: {len(chosen)} action(s), {len(overdue)} overdue ({today.isoformat()})", file=sys.stderr)
    return 1 if args.fail_on_overdue and overdue else 0
