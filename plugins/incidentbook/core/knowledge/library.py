"""What the post-mortem library derives from a book, as pure functions of the records and the clock.

The library is where engineers learn from incidents they were not part of, so it answers: how long did
each phase take, which post-mortems does the policy still expect, which records resemble this one,
what happened on this day in earlier years, and how can the whole list be filtered. Nothing here
renders or imports MkDocs; :mod:`incidentbook.site.library_pages` turns the results into pages.
"""

from __future__ import annotations

import bisect
import heapq
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ..records.catalog import Catalog
from ..records.clock import build_date
from ..records.loader import Book
from ..records.model import Record

# Duration name -> the timestamp it measures from ``started`` (REFERENCE.md section 2.2).
DURATIONS = (
    ("time_to_detect", "detected"),
    ("time_to_acknowledge", "acknowledged"),
    ("time_to_mitigate", "mitigated"),
    ("time_to_resolve", "resolved"),
)

# The filters of the library index, in the order they are shown.
FILTERS = ("severity", "component", "team", "tag", "year", "type", "drill", "postmortem")
POSTMORTEM_FILTER_ORDER = ("published", "in_review", "draft", "none")

# Related records are looked for among this many neighbours in time on each side, per shared component
# or tag, so finding them costs the same per record however many records share a busy component.
RELATED_WINDOW = 25


def durations(record: Record) -> dict[str, timedelta | None]:
    """Time from impact start to detection, acknowledgement, mitigation and resolution (None if unknown)."""
    result: dict[str, timedelta | None] = {}
    for name, field in DURATIONS:
        moment = getattr(record, field)
        result[name] = moment - record.started if moment and record.started else None
    return result


def team_of(record: Record, catalog: Catalog) -> str | None:
    """The responsible team: the record's own ``team``, else the owner of its first component."""
    return catalog.record_team(record.team, record.components)


def postmortem_status(record: Record) -> str:
    """``draft``, ``in_review``, ``published``, or ``none`` when the record has no post-mortem yet."""
    return record.postmortem.status if record.postmortem else "none"


def slug(text: str) -> str:
    """A URL- and attribute-safe form of a tag: ``Load Balancer`` and ``load-balancer`` share a page."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "tag"


# -- the post-mortem policy --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DuePostmortem:
    """A post-mortem the catalog requires that is not published yet."""

    record: Record
    status: str  # missing | draft | in_review
    days_since_resolved: int


def postmortem_due(record: Record, catalog: Catalog, now: datetime) -> DuePostmortem | None:
    """The record's post-mortem if the policy expects it and it is missing, draft or in review.

    The loader already fails a *published* post-mortem that lacks a required section; this is the other
    half of the policy: the reviews nobody has finished. It applies once a resolved incident's severity
    requires a post-mortem; drills are held to the same rule (the review is the point of the exercise).
    """
    severity = catalog.severity_by_id.get(record.severity or "")
    status = postmortem_status(record)
    if not (record.is_incident and record.resolved and severity and severity.postmortem_required):
        return None
    if status == "published":
        return None
    days = (build_date(now) - build_date(record.resolved)).days
    return DuePostmortem(record, "missing" if status == "none" else status, days)


def due_postmortems(book: Book, now: datetime) -> list[DuePostmortem]:
    """Every post-mortem the policy still expects, the longest waiting first."""
    due = [d for r in book.records if (d := postmortem_due(r, book.catalog, now))]
    return sorted(due, key=lambda d: (-d.days_since_resolved, d.record.id))


def recently_published(records: list[Record], limit: int = 5) -> list[Record]:
    """Published post-mortems, the most recently reviewed (else resolved) first."""
    published = [r for r in records if postmortem_status(r) == "published"]

    def when(record: Record) -> date:
        assert record.postmortem is not None
        return record.postmortem.review_date or (record.resolved or record.begins).date()

    return sorted(published, key=lambda r: (when(r), r.id), reverse=True)[:limit]


def on_this_day(records: list[Record], now: datetime) -> list[Record]:
    """Records that began on the build clock's month and day in an earlier year, newest first."""
    today = build_date(now)
    return [
        r for r in records
        if (r.begins.month, r.begins.day) == (today.month, today.day) and r.begins.year < today.year
    ]


# -- related records ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Related:
    record: Record
    score: float
    components: tuple[str, ...]  # shared component ids
    tags: tuple[str, ...]  # shared tag slugs


def _features(record: Record) -> list[tuple[str, str]]:
    return [("component", c) for c in record.components] + sorted({("tag", slug(t)) for t in record.tags})


class RelatedIndex:
    """Finds the records most like a given one: sharing components or tags, rare ones weighing more.

    Score: the sum over shared components and tags of ``1 + ln(N / records with it)``, so sharing a
    rarely hit component says more than sharing the busiest one. Ties go to the record nearest in time.
    Candidates are the :data:`RELATED_WINDOW` nearest records in time on each side per shared feature,
    which keeps a build linear in the number of records.
    """

    def __init__(self, records: list[Record]) -> None:
        postings: dict[tuple[str, str], list[Record]] = defaultdict(list)
        for record in sorted(records, key=lambda r: (r.begins, r.id)):
            for feature in _features(record):
                postings[feature].append(record)
        self._postings = dict(postings)
        # Start times as seconds, once: ranking compares thousands of candidates per build.
        self._times = {f: [r.begins.timestamp() for r in rs] for f, rs in postings.items()}
        total = max(len(records), 1)
        self._weight = {f: 1 + math.log(total / len(rs)) for f, rs in postings.items()}

    def related(self, record: Record, limit: int = 5) -> list[Related]:
        """Up to ``limit`` records most like ``record``, best first (never the record itself)."""
        scores: dict[str, float] = defaultdict(float)
        shared: dict[str, list[tuple[str, str]]] = defaultdict(list)
        found: dict[str, tuple[Record, float]] = {}
        start = record.begins.timestamp()
        for feature in _features(record):
            times, weight = self._times[feature], self._weight[feature]
            at = bisect.bisect_left(times, start)
            low = max(0, at - RELATED_WINDOW)
            for offset, other in enumerate(self._postings[feature][low: at + RELATED_WINDOW + 1]):
                if other.id != record.id:
                    scores[other.id] += weight
                    shared[other.id].append(feature)
                    found[other.id] = (other, times[low + offset])
        # Best score first, then nearest in time, then id: a total order, so builds are reproducible.
        ranked = heapq.nsmallest(limit, ((-round(score, 9), abs(found[oid][1] - start), oid) for oid, score in scores.items()))
        return [
            Related(
                record=found[other_id][0],
                score=scores[other_id],
                components=tuple(v for k, v in shared[other_id] if k == "component"),
                tags=tuple(v for k, v in shared[other_id] if k == "tag"),
            )
            for _, _, other_id in ranked
        ]


# -- filters -----------------------------------------------------------------------------------------


def filter_values(record: Record, catalog: Catalog) -> dict[str, list[str]]:
    """The values of one record for every filter of the library index (data-* attributes)."""
    team = team_of(record, catalog)
    return {
        "severity": [record.severity] if record.severity else [],
        "component": list(record.components),
        "team": [team] if team else [],
        "tag": sorted({slug(t) for t in record.tags}),
        "year": [str(record.begins.year)],
        "type": [record.type],
        "drill": ["yes" if record.drill else "no"],
        "postmortem": [postmortem_status(record)],
    }


def filter_options(records: list[Record], catalog: Catalog) -> dict[str, list[tuple[str, int]]]:
    """Every value each filter can take with how many records have it, in a useful order.

    Severities most severe first, components and teams in catalog order, tags alphabetically, years
    newest first; values nobody uses are left out so no filter leads to an empty list.
    """
    counts: dict[str, Counter[str]] = {name: Counter() for name in FILTERS}
    for record in records:
        for name, values in filter_values(record, catalog).items():
            counts[name].update(values)
    order = {
        "severity": [s.id for s in reversed(catalog.severities)],
        "component": [c.id for c in catalog.components],
        "team": [t.id for t in catalog.teams],
        "type": ["incident", "maintenance"],
        "drill": ["yes", "no"],
        "postmortem": list(POSTMORTEM_FILTER_ORDER),
    }
    result: dict[str, list[tuple[str, int]]] = {}
    for name, counter in counts.items():
        if name in order:
            known = [v for v in order[name] if counter[v]]
            values = known + sorted(v for v in counter if v not in known)
        else:
            values = sorted(counter, reverse=name == "year")
        result[name] = [(v, counter[v]) for v in values]
    return result
