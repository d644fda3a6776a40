"""``incidentbook stats [RECORDS] [--since DATE] [--format text|json] [--mean]``: the metrics in a terminal.

Prints the same labelled tables as the metrics page (both come from
:func:`incidentbook.core.metric_report.report`), so a number read in a terminal is the number on the
site. "Now" (today's date for overdue actions) is the build clock, ``INCIDENTBOOK_NOW`` when set.
"""

from __future__ import annotations

import argparse
import json
from datetime import date

from ..core.knowledge.metric_report import Report, Section, report
from ..core.knowledge.metrics import compute
from ..core.records.clock import build_now
from ..core.records.loader import load_book
from ..core.text.i18n import labels
from .where import HELP, records_folder


def register(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser(
        "stats", help="incident metrics: counts and distributions of time to detect, acknowledge, mitigate, resolve",
        description="Print incident metrics: per quarter and severity, the median and 90th percentile "
                    "(nearest rank) of TTD, TTA, TTM and TTR, incidents per component and team, follow-up "
                    "closure and post-mortem completion. Drills and maintenances are left out.",
    )
    cmd.add_argument("records", nargs="?", default=None, help=HELP)
    cmd.add_argument("--since", metavar="DATE", type=_date,
                     help="only incidents that started on or after DATE (YYYY-MM-DD, UTC)")
    cmd.add_argument("--format", choices=("text", "json"), default="text", help="text tables or JSON")
    cmd.add_argument("--mean", action="store_true",
                     help="also show the mean (durations are skewed: read it beside the median)")
    cmd.set_defaults(run=run)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date such as 2026-01-01") from None


def run(args: argparse.Namespace) -> int:
    book = load_book(records_folder(args.records))
    metrics = compute(book, build_now(), args.since)
    figures = report(metrics, labels("en"), mean=args.mean)
    if args.format == "json":
        print(json.dumps(figures.as_dict(metrics), ensure_ascii=False, indent=2))
    else:
        print(render_text(figures))
    return 0


def render_text(figures: Report) -> str:
    """The report as plain text: each section's title, formula, n, notes and an aligned table."""
    blocks = [figures.title + "\n" + "=" * len(figures.title) + "\n" + "\n".join(figures.intro)]
    blocks += [_section_text(section, figures.small_flag) for section in figures.sections]
    return "\n\n".join(blocks)


def _section_text(section: Section, small_flag: str) -> str:
    lines = [section.title, "-" * len(section.title), section.formula, section.n_text, *section.notes]
    if not section.rows:
        return "\n".join(lines)
    header = [c.label for c in section.columns]
    flagged = section.flag_column
    body = [[row.texts[c.key] + (f" {small_flag}" if row.small and c.key == flagged else "") for c in section.columns]
            for row in section.rows]
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    for cells in [header, *body]:
        lines.append("  ".join(
            cell.ljust(width) if column.kind == "label" else cell.rjust(width)
            for cell, width, column in zip(cells, widths, section.columns)
        ).rstrip())
    return "\n".join(lines)
