"""Incident metrics: response-time distributions, counts, follow-up closure and post-mortem completion.

Incident durations are right-skewed: a few long incidents pull a mean far above what most incidents
took (REFERENCE.md section 2.3). So every duration figure here is a distribution (n, median, 90th
percentile, min, max) and the mean is only computed for whoever asks for it. Percentiles use the
nearest-rank method, so each one is a duration an incident really had.

Only real incidents count: drills are rehearsals and maintenances are planned work with no response
times. Incidents belong to the calendar quarter (UTC) of ``started``; an incident missing a timestamp
counts only in the figures that do not need it. Everything is computed from the records' timestamps,
never from hand-typed durations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Iterable, Sequence

from ..records.catalog import Catalog, Severity
from ..records.clock import build_date
from ..records.loader import Book
from ..records.model import Action, Record
from .actions import effective_due, is_overdue

SMALL_N = 5  # below this many values a median or a share says little; the page warns


@dataclass(frozen=True, slots=True)
class Duration:
    """One time-to-X metric: ``end - started`` for every incident that has ``end``."""

    key: str  # column name in the register and key in the JSON output
    short: str
    end: str  # the record field that ends the interval


DURATIONS = (
    Duration("time_to_detect", "TTD", "detected"),
    Duration("time_to_acknowledge", "TTA", "acknowledged"),
    Duration("time_to_mitigate", "TTM", "mitigated"),
    Duration("time_to_resolve", "TTR", "resolved"),
)


def seconds_between(start: datetime | None, end: datetime | None) -> int | float | None:
    """``end - start`` in seconds (an int when whole), or None when either timestamp is missing."""
    if start is None or end is None:
        return None
    seconds = (end - start).total_seconds()
    return int(seconds) if seconds.is_integer() else seconds


def elapsed(record: Record, duration: Duration) -> int | float | None:
    """The record's value of one duration metric; both the metrics and the register use this."""
    return seconds_between(record.started, getattr(record, duration.end))


def nearest_rank(ordered: Sequence[float], percent: int) -> float:
    """The ``percent``-th percentile of sorted values by nearest rank: the value at rank ceil(p/100 * n).

    Integer arithmetic keeps the rank exact (0.9 * n in floating point can land just above an integer).
    """
    if not ordered:
        raise ValueError("no values")
    rank = max(1, -(-percent * len(ordered) // 100))
    return ordered[rank - 1]


@dataclass(frozen=True, slots=True)
class Distribution:
    """The durations of one group of incidents, sorted ascending, with their summary figures."""

    values: tuple[float, ...]

    @classmethod
    def of(cls, values: Iterable[float | None]) -> Distribution:
        """The known values (None: the record lacks the end timestamp), sorted once for every figure."""
        return cls(tuple(sorted(v for v in values if v is not None)))

    @property
    def n(self) -> int:
        return len(self.values)

    @property
    def small(self) -> bool:
        return self.n < SMALL_N

    def percentile(self, percent: int) -> float | None:
        """Nearest-rank percentile, None without values: a real observed duration, never an interpolation."""
        return nearest_rank(self.values, percent) if self.values else None

    @property
    def median(self) -> float | None:
        return self.percentile(50)

    @property
    def p90(self) -> float | None:
        return self.percentile(90)

    @property
    def mean(self) -> float | None:
        return sum(self.values) / self.n if self.values else None

    @property
    def minimum(self) -> float | None:
        return self.values[0] if self.values else None

    @property
    def maximum(self) -> float | None:
        return self.values[-1] if self.values else None


def quarter_of(moment: datetime) -> str:
    """The calendar quarter of a UTC timestamp, e.g. ``2026-Q1``; sorts in time order as text."""
    return f"{moment.year}-Q{(moment.month - 1) // 3 + 1}"


CLOSURE_STATES = ("on_time", "late", "closed_no_due", "overdue", "open_not_due", "open_no_due")


def closure_state(action: Action, due: date | None, today: date) -> str:
    """Where a follow-up action stands against its due date; done and won't-do both close it.

    ``due`` is the effective due date of :func:`incidentbook.core.actions.effective_due`, so this page
    and the action index agree on what is overdue.
    """
    if not action.is_open:
        if due is None or action.closed is None:
            return "closed_no_due"
        return "on_time" if action.closed <= due else "late"
    if due is None:
        return "open_no_due"
    return "overdue" if is_overdue(action, due, today) else "open_not_due"


@dataclass(frozen=True, slots=True)
class Group:
    """Incidents of one quarter and one severity; None stands for "all quarters" / "all severities"."""

    quarter: str | None
    severity: str | None
    records: tuple[Record, ...]

    def distribution(self, duration: Duration) -> Distribution:
        """This group's durations of one kind (time to detect, acknowledge, mitigate or resolve)."""
        return Distribution.of(elapsed(r, duration) for r in self.records)


@dataclass(frozen=True, slots=True)
class Breakdown:
    """Incident counts of one component or team, in total and per severity id."""

    key: str | None  # None: incidents without a team
    name: str
    by_severity: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_severity.values())


@dataclass(frozen=True, slots=True)
class PostmortemRow:
    """Post-mortem states of resolved incidents of a severity that requires one (None: all of them)."""

    severity: str | None
    states: dict[str, int]  # published, in_review, draft, missing

    @property
    def total(self) -> int:
        return sum(self.states.values())

    @property
    def completion(self) -> float | None:
        """The share of published post-mortems, 0..1; None without incidents."""
        return self.states["published"] / self.total if self.total else None


POSTMORTEM_STATES = ("published", "in_review", "draft", "missing")


@dataclass
class Metrics:
    """Every figure of the metrics page and ``incidentbook stats``, for one set of records at one time."""

    now: datetime
    since: date | None
    catalog: Catalog
    incidents: list[Record]  # counted incidents, oldest first
    drills: int  # records left out, by reason
    maintenances: int
    before_since: int
    quarters: list[str]
    severities: list[Severity]  # most severe first
    groups: list[Group]
    components: list[Breakdown]
    teams: list[Breakdown]
    closure: dict[str | None, dict[str, int]]  # quarter (None: all) -> state -> actions
    postmortems: list[PostmortemRow]

    def severity_name(self, severity_id: str) -> str:
        """A severity's display name; an id the catalog does not know is shown as it is."""
        severity = self.catalog.severity_by_id.get(severity_id)
        return severity.name if severity else severity_id


def compute(book: Book, now: datetime, since: date | None = None) -> Metrics:
    """All figures of the incidents in ``book`` that started on or after ``since`` (a UTC date)."""
    catalog = book.catalog
    candidates = [r for r in book.records if r.is_incident and not r.drill]
    incidents = sorted(
        (r for r in candidates if since is None or r.begins.date() >= since), key=lambda r: (r.begins, r.id)
    )
    severities = list(reversed(catalog.severities))
    quarters = sorted({quarter_of(r.begins) for r in incidents})
    return Metrics(
        now=now, since=since, catalog=catalog, incidents=incidents,
        drills=sum(1 for r in book.records if r.drill),
        maintenances=sum(1 for r in book.records if r.is_maintenance and not r.drill),
        before_since=len(candidates) - len(incidents), quarters=quarters, severities=severities,
        groups=_groups(incidents, quarters, severities),
        components=_by_component(incidents, catalog),
        teams=_by_team(incidents, catalog),
        closure=_closure(incidents, catalog, build_date(now)),
        postmortems=_postmortems(incidents, severities),
    )


def _groups(incidents: list[Record], quarters: list[str], severities: list[Severity]) -> list[Group]:
    """Each quarter by severity then in total, then all quarters by severity and in total."""
    groups: list[Group] = []
    for quarter in [*quarters, None]:
        in_quarter = [r for r in incidents if quarter is None or quarter_of(r.begins) == quarter]
        for severity in severities:
            records = tuple(r for r in in_quarter if r.severity == severity.id)
            if records:
                groups.append(Group(quarter, severity.id, records))
        groups.append(Group(quarter, None, tuple(in_quarter)))
    return groups


def _count(records: Iterable[Record]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for record in records:
        counts[record.severity or ""] = counts.get(record.severity or "", 0) + 1
    return counts


def _by_component(incidents: list[Record], catalog: Catalog) -> list[Breakdown]:
    """Every catalog component, with the incidents that list it (an incident counts once per component)."""
    return [
        Breakdown(c.id, c.name, _count(r for r in incidents if c.id in r.components))
        for c in catalog.components
    ]


def _by_team(incidents: list[Record], catalog: Catalog) -> list[Breakdown]:
    """Catalog teams first, then owners that are not catalog teams, then incidents without a team."""
    teams: dict[str | None, list[Record]] = {t.id: [] for t in catalog.teams}
    for record in incidents:
        teams.setdefault(catalog.record_team(record.team, record.components), []).append(record)
    order: list[str | None] = [t.id for t in catalog.teams]
    order += sorted(k for k in teams if k is not None and k not in catalog.team_by_id)
    if teams.get(None):
        order.append(None)
    return [Breakdown(key, catalog.team_name(key) or "", _count(teams[key])) for key in order]


def _closure(incidents: list[Record], catalog: Catalog, today: date) -> dict[str | None, dict[str, int]]:
    result: dict[str | None, dict[str, int]] = {}
    for record in incidents:
        for action in record.actions:
            state = closure_state(action, effective_due(action, record, catalog)[0], today)
            for quarter in (quarter_of(record.begins), None):
                row = result.setdefault(quarter, dict.fromkeys(CLOSURE_STATES, 0))
                row[state] += 1
    return {q: result[q] for q in sorted(result, key=lambda q: (q is None, q or ""))}


def _postmortems(incidents: list[Record], severities: list[Severity]) -> list[PostmortemRow]:
    """Resolved incidents only: a post-mortem is due after the incident, not during it."""
    required = [s.id for s in severities if s.postmortem_required]
    rows = []
    for severity in [*required, None] if required else []:
        states = dict.fromkeys(POSTMORTEM_STATES, 0)
        for record in incidents:
            if record.resolved and (record.severity == severity or (severity is None and record.severity in required)):
                states[record.postmortem.status if record.postmortem else "missing"] += 1
        rows.append(PostmortemRow(severity, states))
    return rows
