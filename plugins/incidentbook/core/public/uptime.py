"""Daily uptime per component, computed at build time from the public records.

One formula, documented in docs/status-page.md and printed beside the bars:

    uptime = 1 - sum(weighted downtime) / sum(counted time)   over the last ``days`` UTC days

A moment counts as downtime with the weight of the component's worst status at that moment:
``major_outage`` 100 %, ``partial_outage`` 30 %, ``degraded_performance`` and ``under_maintenance`` 0 %
(the Instatus rule). Overlapping records are not added up: the worst status wins. Counted time runs
from the later of the day's start and the component's ``start_date`` to the earlier of the day's end
and the build clock, so today is a partial day and days before a component existed are not counted.

A component's status inside one record comes from the record-level ``components`` (from ``started``)
and from each update that names it (from the update's time on), until ``resolved`` (or now while the
incident is open). A maintenance applies its statuses inside its window.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Iterable

from ..records.clock import build_date
from .status import worst_component_status
from .view import PublicComponent, PublicRecord

DOWNTIME_WEIGHT = {
    "operational": 0.0,
    "under_maintenance": 0.0,
    "degraded_performance": 0.0,
    "partial_outage": 0.3,
    "major_outage": 1.0,
}


@dataclass(frozen=True, slots=True)
class Span:
    """A component held ``status`` from ``start`` to ``end`` because of record ``record_id``."""

    start: datetime
    end: datetime
    status: str
    record_id: str


@dataclass(frozen=True, slots=True)
class Day:
    """One UTC day of one component: what the bar shows and what the percentage adds up."""

    day: date
    counted_seconds: float  # 0: the day is not counted (before start_date)
    down_seconds: float  # weighted
    worst: str  # worst status reached that day; "operational" when untouched
    record_ids: tuple[str, ...]  # records that touched the component that day, newest first

    @property
    def counted(self) -> bool:
        return self.counted_seconds > 0


@dataclass(frozen=True, slots=True)
class Uptime:
    component_id: str
    days: tuple[Day, ...]  # oldest first
    percent: float | None  # None when no time was counted at all


def _utc_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=timezone.utc)


def record_end(record: PublicRecord, now: datetime) -> datetime:
    """Where a record stops changing component statuses: resolved, window end, or now while open."""
    if record.type == "maintenance":
        assert record.scheduled_end is not None
        return min(record.scheduled_end, now)
    if record.status == "resolved":
        return min(record.resolved or record.last_change, now)
    return now


def component_spans(record: PublicRecord, now: datetime) -> dict[str, list[Span]]:
    """Each component's status timeline inside one record, clipped to the record's time and to now."""
    start, end = record.begins, record_end(record, now)
    if end <= start:
        return {}
    changes: dict[str, list[tuple[datetime, str]]] = {cid: [(start, s)] for cid, s in record.components.items()}
    for update in record.updates:  # oldest first
        for cid, status in update.components.items():
            changes.setdefault(cid, []).append((max(update.at, start), status))
    result: dict[str, list[Span]] = {}
    for cid, points in changes.items():
        spans = []
        for (at, status), following in zip(points, points[1:] + [(end, "")]):
            span_end = min(following[0], end)
            if span_end > at:
                spans.append(Span(at, span_end, status, record.id))
        if spans:
            result[cid] = spans
    return result


def weighted_down_seconds(spans: Iterable[Span], start: datetime, end: datetime) -> float:
    """Weighted downtime inside [start, end): at every moment the worst covering span counts, once."""
    clipped = [(max(s.start, start), min(s.end, end), DOWNTIME_WEIGHT[s.status]) for s in spans]
    clipped = [c for c in clipped if c[1] > c[0] and c[2] > 0]
    edges = sorted({t for a, b, _ in clipped for t in (a, b)})
    total = 0.0
    for left, right in zip(edges, edges[1:]):
        weight = max((w for a, b, w in clipped if a <= left and b >= right), default=0.0)
        total += weight * (right - left).total_seconds()
    return total


def component_uptime(
    component: PublicComponent, spans: list[Span], now: datetime, days: int, order: dict[str, int]
) -> Uptime:
    """The ``days`` UTC days ending at the build clock's day, oldest first, and the uptime over them.

    ``order`` ranks record ids newest first, so a day lists the newest record first.
    """
    today = build_date(now)
    first_counted = _utc_midnight(component.start_date) if component.start_date else None
    result: list[Day] = []
    for offset in range(days - 1, -1, -1):
        day = today - timedelta(days=offset)
        day_start, day_end = _utc_midnight(day), _utc_midnight(day + timedelta(days=1))
        count_from = max(day_start, first_counted) if first_counted else day_start
        count_to = min(day_end, now)
        counted = max((count_to - count_from).total_seconds(), 0.0)
        touching = [s for s in spans if s.start < count_to and s.end > count_from] if counted else []
        result.append(Day(
            day=day,
            counted_seconds=counted,
            down_seconds=weighted_down_seconds(touching, count_from, count_to),
            worst=worst_component_status(s.status for s in touching),
            record_ids=tuple(sorted({s.record_id for s in touching}, key=order.__getitem__)),
        ))
    total = sum(d.counted_seconds for d in result)
    percent = 100.0 * (1.0 - sum(d.down_seconds for d in result) / total) if total else None
    return Uptime(component.id, tuple(result), percent)


def book_uptime(
    records: list[PublicRecord], components: list[PublicComponent], now: datetime, days: int
) -> dict[str, Uptime]:
    """Uptime of every component over ``days`` days; ``records`` newest first (as PublicBook holds them)."""
    window_start = _utc_midnight(build_date(now) - timedelta(days=days - 1))
    order = {r.id: i for i, r in enumerate(records)}
    spans: dict[str, list[Span]] = {}
    for record in records:
        if record.begins > now or record_end(record, now) <= window_start:
            continue
        for cid, record_spans in component_spans(record, now).items():
            spans.setdefault(cid, []).extend(record_spans)
    return {c.id: component_uptime(c, spans.get(c.id, []), now, days, order) for c in components}


def format_percent(percent: float | None) -> str:
    """Two decimals, rounded down: any downtime at all never shows as 100.00."""
    if percent is None:
        return ""
    # the epsilon keeps float noise (99.95 * 100 == 9994.999...) from taking away a hundredth
    return f"{math.floor(percent * 100 + 1e-6) / 100:.2f}"
