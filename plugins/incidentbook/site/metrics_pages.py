"""The metrics page (``metrics/``) and the incident register (``exports/incidents.json`` and ``.csv``).

Internal builds only: both need the full book. The page shows the labelled tables of
:mod:`incidentbook.core.metric_report` and an SVG chart per table, drawn here at build time.
"""

from __future__ import annotations

from typing import Any, Iterable

from ..core.knowledge import register
from ..core.knowledge.metric_report import Report, Row, Section, format_duration, report
from ..core.knowledge.metrics import SMALL_N, compute
from ..core.knowledge.svg_charts import Legend, bar_chart, strip_chart
from ..core.text.i18n import labels as load_labels
from ..core.text.render import html_text
from . import Asset, Context, Page

PAGE = "metrics/index.md"
EXPORTS = ("exports/incidents.json", "exports/incidents.csv")


def build(context: Context) -> Iterable[Page | Asset]:
    """The page and both register files; nothing in public builds, which never hold the full book."""
    if context.book is None:
        return []
    labels = load_labels(context.settings.language, context.settings.locales_dir)
    figures = report(compute(context.book, context.now), labels, mean=context.settings.metrics_mean)
    entries = register.rows(context.book)
    return [
        Page(PAGE, html_text(figures.title), "incidentbook/metrics.html", context=_page_context(figures, labels, context),
             in_nav=True),
        Asset(EXPORTS[0], content=register.to_json(entries)),
        Asset(EXPORTS[1], content=register.to_csv(entries)),
    ]


def _page_context(figures: Report, labels: dict[str, str], context: Context) -> dict[str, Any]:
    return {
        "now": context.now.strftime("%Y-%m-%d %H:%M UTC"),
        "now_iso": context.now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "intro": figures.intro,
        "sections": [_section(s, labels) for s in figures.sections],
        "register": {"json": EXPORTS[0], "csv": EXPORTS[1], "columns": ", ".join(register.COLUMNS)},
    }


def _section(section: Section, labels: dict[str, str]) -> dict[str, Any]:
    chart_id = f"ib-chart-{section.key}"
    description = labels["metrics_chart_description"].format(title=section.title)
    if section.strips:
        legend = Legend(
            labels["metrics_legend_incident"], labels["metrics_legend_median"], labels["metrics_legend_p90"],
            labels["metrics_legend_small"].format(small_n=SMALL_N), labels["metrics_legend_scale"],
            labels["metrics_no_data"],
        )
        svg = strip_chart(chart_id, section.strips, section.title, description, legend, format_duration)
    elif section.bars:
        svg = bar_chart(chart_id, section.bars, section.title, description)
    else:
        svg = ""
    return {
        "key": section.key, "title": section.title, "formula": section.formula, "n_text": section.n_text,
        "notes": section.notes, "svg": svg, "columns": section.columns,
        "rows": [_row(row, section, labels["metrics_small_flag"]) for row in section.rows],
    }


def _row(row: Row, section: Section, small_flag: str) -> dict[str, Any]:
    """Cells with their shown text and raw value (``data-value``: seconds, counts, 0..1 shares)."""
    cells = []
    for column in section.columns:
        value = row.values[column.key]
        cells.append({
            "header": column.kind == "label",
            "text": row.texts[column.key],
            "value": "" if value is None else str(value),
            "flag": small_flag if row.small and column.key == section.flag_column else "",
        })
    return {"total": row.total, "cells": cells}
