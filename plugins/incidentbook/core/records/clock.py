"""The build clock: the one "now" of a build.

Everything that depends on time (active or not, overdue or not, maintenance state, uptime window,
"last updated") asks this module, so two builds of the same records at the same
``INCIDENTBOOK_NOW`` produce the same bytes and tests are deterministic.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime, timedelta, timezone

from .errors import UsageError

ENV_VAR = "INCIDENTBOOK_NOW"
# The years a record, a catalog or the clock may name. Why bounded: a typo such as 0026 would make
# thousands of empty history months, and years near 1 or 9999 overflow date arithmetic (uptime
# windows, durations) into tracebacks.
EARLIEST_YEAR, LATEST_YEAR = 1970, 2999


def _in_range(year: int) -> None:
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise ValueError(f"the year {year:04d} is outside {EARLIEST_YEAR}-{LATEST_YEAR}")


def parse_timestamp(text: str) -> datetime:
    """Parse an ISO 8601 timestamp that carries a time zone; return it in UTC."""
    value = datetime.fromisoformat(text.strip())
    if value.tzinfo is None:
        raise ValueError("timestamp has no time zone (add Z or an offset such as +02:00)")
    _in_range(value.year)
    utc = value.astimezone(timezone.utc)
    _in_range(utc.year)
    return utc


def parse_date(text: str) -> date:
    """Parse a YYYY-MM-DD date within the years records may name."""
    value = date.fromisoformat(text)
    _in_range(value.year)
    return value


def build_date(now: datetime) -> date:
    """The UTC date of a moment, e.g. of the build clock: the one "today" that decides overdue in every output."""
    return now.astimezone(timezone.utc).date()


def build_now(environ: dict[str, str] | None = None) -> datetime:
    """Return the build clock: ``INCIDENTBOOK_NOW`` when set, else the wall clock, in UTC."""
    env = os.environ if environ is None else environ
    raw = env.get(ENV_VAR, "").strip()
    if not raw:
        return datetime.now(timezone.utc).replace(microsecond=0)
    try:
        return parse_timestamp(raw)
    except ValueError as exc:
        raise UsageError(
            f"{ENV_VAR}={raw!r} is not an ISO 8601 timestamp with a time zone, "
            f"e.g. 2026-11-23T12:00:00Z ({exc})"
        ) from None


_RELATIVE = re.compile(r"-(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?")
_CLOCK_TIME = re.compile(r"(\d{1,2}):(\d{2})")


def parse_when(text: str, now: datetime) -> datetime:
    """A moment as people type it at 3 a.m.: an ISO 8601 timestamp with a time zone, a time before now
    (``-15m``, ``-2h``, ``-1h30m``, ``-1d``), or a UTC clock time today (``03:12``; yesterday if that
    is still ahead). Raises ValueError with the forms it takes."""
    text = text.strip()
    relative = _RELATIVE.fullmatch(text)
    if relative and any(relative.groups()):
        days, hours, minutes = (int(g or 0) for g in relative.groups())
        return (now - timedelta(days=days, hours=hours, minutes=minutes)).replace(microsecond=0)
    clock = _CLOCK_TIME.fullmatch(text)
    if clock:
        hour, minute = int(clock.group(1)), int(clock.group(2))
        if hour > 23 or minute > 59:
            raise ValueError(f"{text!r} is not a time of day")
        moment = now.astimezone(timezone.utc).replace(hour=hour, minute=minute, second=0, microsecond=0)
        return moment - timedelta(days=1) if moment > now else moment
    try:
        return parse_timestamp(text)
    except ValueError as exc:
        raise ValueError(f"{exc}; write e.g. 2026-11-23T03:12:00Z, -15m, -2h, -1h30m or 03:12 (UTC)") from None
