"""Which records the status page and the history pages list, and on which day, month and page.

The status page shows only the last few days, so its size does not grow with the history; the history
lists every record that has begun exactly once, by month, newest first, a fixed number of months per
page, so the number of pages grows with the months and the total size with the records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from ..records.clock import build_date
from .view import PublicRecord


@dataclass(frozen=True, slots=True)
class Month:
    year: int
    month: int
    records: list[PublicRecord]  # newest first

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def begun(records: list[PublicRecord], now: datetime) -> list[PublicRecord]:
    """Records whose impact or window has begun by now (upcoming maintenances are not history)."""
    return [r for r in records if r.begins <= now]


def recent_days(records: list[PublicRecord], now: datetime, days: int) -> list[tuple[date, list[PublicRecord]]]:
    """The last ``days`` UTC days, newest first, each with the records that began on it (newest first).

    Every day is listed, also quiet ones, so the page can say "No incidents reported".
    """
    today = build_date(now)
    wanted = [today - timedelta(days=n) for n in range(days)]
    by_day: dict[date, list[PublicRecord]] = {d: [] for d in wanted}
    for record in begun(records, now):
        day = build_date(record.begins)
        if day in by_day:
            by_day[day].append(record)
    return [(d, sorted(by_day[d], key=lambda r: r.begins, reverse=True)) for d in wanted]


def _month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def months(records: list[PublicRecord], now: datetime) -> list[Month]:
    """Every month from the build clock's month back to the oldest record's, newest first.

    Months without records are kept so the history says so instead of silently skipping them.
    """
    past = begun(records, now)
    current = now.astimezone(timezone.utc)
    newest = _month_index(current.year, current.month)
    grouped: dict[int, list[PublicRecord]] = {}
    for record in past:
        start = record.begins.astimezone(timezone.utc)
        grouped.setdefault(_month_index(start.year, start.month), []).append(record)
    oldest = min(grouped, default=newest)
    return [
        Month(index // 12, index % 12 + 1, sorted(grouped.get(index, []), key=lambda r: r.begins, reverse=True))
        for index in range(newest, oldest - 1, -1)
    ]


def paginate(items: list[Month], per_page: int) -> list[list[Month]]:
    """Split months into pages of ``per_page`` months; always at least one page."""
    size = max(per_page, 1)
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]
