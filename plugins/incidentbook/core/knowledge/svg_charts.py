"""Small SVG charts drawn at build time: horizontal bars and strip plots, no JavaScript.

Everything is drawn in ``currentColor`` (shapes tell series apart: dots, a solid and a dashed tick), so a
chart inherits the page's text colour and stays readable in light and dark palettes and in forced-colour
modes. Each chart is an ``img`` with a title and a description; the page puts the same numbers in a
table beside it for screen readers and for copying.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape
from typing import Callable, Sequence

from .metric_report import Bar, Strip

WIDTH = 640
LABEL_WIDTH = 210  # left column for row labels
VALUE_WIDTH = 80  # right margin for the value printed after a bar
ROW_HEIGHT = 24
SMALL_MARK = "⚠"  # after the label of a row with too few values
MAX_LABEL = 32  # characters; longer labels are shortened (the table keeps them whole)

# Ticks of the logarithmic duration axis, in seconds: 1 s, 10 s, 1 min, 5 min, 15 min, 1 h, 4 h, 1 d, 1 w, 4 w.
DURATION_TICKS = (1, 10, 60, 300, 900, 3600, 14400, 86400, 604800, 2419200)


@dataclass(frozen=True, slots=True)
class Legend:
    """Texts of a strip chart's legend and of its rows without data."""

    incident: str
    median: str
    p90: str
    small: str  # explains SMALL_MARK, e.g. "⚠ n < 5"
    scale: str  # says the axis is logarithmic
    no_data: str


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def _svg(chart_id: str, height: float, title: str, description: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ib-chart__svg" viewBox="0 0 {WIDTH} {_n(height)}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(description)}</desc>'
        f'<g fill="currentColor" stroke="none" font-size="12">{"".join(body)}</g></svg>'
    )


def _label(y: float, text: str) -> str:
    return f'<text x="{LABEL_WIDTH - 8}" y="{_n(y + 4)}" text-anchor="end">{escape(_short(text))}</text>'


def bar_chart(chart_id: str, bars: Sequence[Bar], title: str, description: str) -> str:
    """One horizontal bar per item, its value printed after it; the longest bar spans the plot."""
    top = 8
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    largest = max((b.value for b in bars), default=0) or 1
    body = []
    for index, bar in enumerate(bars):
        y = top + index * ROW_HEIGHT + ROW_HEIGHT / 2
        length = plot * bar.value / largest
        body.append(_label(y, bar.label))
        body.append(f'<rect class="ib-chart__bar" x="{LABEL_WIDTH}" y="{_n(y - 7)}" width="{_n(length)}" '
                    f'height="14" fill-opacity="0.55"/>')
        body.append(f'<text x="{_n(LABEL_WIDTH + length + 6)}" y="{_n(y + 4)}">{escape(bar.text)}</text>')
    return _svg(chart_id, top * 2 + len(bars) * ROW_HEIGHT, title, description, body)


def log_axis(values: Sequence[float]) -> tuple[float, float]:
    """Axis ends on ticks around the positive values; durations span minutes to days, so a log scale
    keeps both the typical incident and the long tail readable."""
    positive = [v for v in values if v > 0] or [60.0]
    low = max((t for t in DURATION_TICKS if t <= min(positive)), default=DURATION_TICKS[0])
    high = min((t for t in DURATION_TICKS if t >= max(positive)), default=max(positive))
    return low, max(high, low * 10)


def strip_chart(
    chart_id: str, strips: Sequence[Strip], title: str, description: str, legend: Legend,
    tick_text: Callable[[float], str],
) -> str:
    """One row per group on a log axis: a dot per incident, a solid tick at the median, a dashed one at P90.

    Values at or below the axis start (a zero TTD, for instance) sit on the start.
    """
    plot = WIDTH - LABEL_WIDTH - 40  # room for the last tick's text
    low, high = log_axis([v for s in strips for v in s.values])
    span = math.log(high / low)

    def x(value: float) -> str:
        return _n(LABEL_WIDTH + plot * math.log(max(value, low) / low) / span)

    body = [
        '<circle cx="10" cy="12" r="4" fill-opacity="0.35" stroke="currentColor"/>',
        f'<text x="20" y="16">{escape(legend.incident)}</text>',
        '<path d="M140 4v16" stroke="currentColor" stroke-width="3"/>',
        f'<text x="148" y="16">{escape(legend.median)}</text>',
        '<path d="M240 4v16" stroke="currentColor" stroke-width="2" stroke-dasharray="3 2"/>',
        f'<text x="248" y="16">{escape(legend.p90)}</text>',
        f'<text x="380" y="16">{escape(legend.small)}</text>',
        f'<text x="{WIDTH}" y="16" text-anchor="end" font-style="italic">{escape(legend.scale)}</text>',
    ]
    axis_y = 40
    for tick in (t for t in DURATION_TICKS if low <= t <= high):
        body.append(f'<path d="M{x(tick)} {axis_y}v{len(strips) * ROW_HEIGHT + 6}" stroke="currentColor" '
                    f'stroke-opacity="0.2"/>')
        body.append(f'<text x="{x(tick)}" y="{axis_y - 4}" text-anchor="middle">{escape(tick_text(tick))}</text>')
    for index, strip in enumerate(strips):
        y = axis_y + 6 + index * ROW_HEIGHT + ROW_HEIGHT / 2
        body.append(_label(y, f"{strip.label} {SMALL_MARK}" if strip.small else strip.label))
        if not strip.values:
            body.append(f'<text x="{LABEL_WIDTH + 4}" y="{_n(y + 4)}" font-style="italic">{escape(legend.no_data)}</text>')
            continue
        for position, value in enumerate(strip.values):
            offset = (position % 3 - 1) * 3  # spread equal values a little
            body.append(f'<circle cx="{x(value)}" cy="{_n(y + offset)}" r="3.5" fill-opacity="0.35" '
                        f'stroke="currentColor"/>')
        if strip.median is not None:
            body.append(f'<path d="M{x(strip.median)} {_n(y - 9)}v18" stroke="currentColor" stroke-width="3"/>')
        if strip.p90 is not None:
            body.append(f'<path d="M{x(strip.p90)} {_n(y - 9)}v18" stroke="currentColor" stroke-width="2" '
                        f'stroke-dasharray="3 2"/>')
    return _svg(chart_id, axis_y + 12 + len(strips) * ROW_HEIGHT, title, description, body)
