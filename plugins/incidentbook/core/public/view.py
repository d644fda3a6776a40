"""The public view: the explicit allow-list of what may ever reach the public site.

The public build never sees a :class:`~incidentbook.core.model.Record`; it is handed
:class:`PublicBook`, made here by copying only the fields FORMAT.md allows. Internal and drill records
are dropped before anything else runs, so no template, feed or serializer can publish what it was never
given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from ..records.catalog import Component, group_components
from ..records.loader import Book
from ..records.model import Record
from . import status


@dataclass(frozen=True, slots=True)
class PublicUpdate:
    id: str
    at: datetime
    status: str
    message: str
    components: dict[str, str]


@dataclass(frozen=True, slots=True)
class PublicRecord:
    """Only the fields FORMAT.md section 4 allows, and the derived impact."""

    id: str
    type: str
    status: str  # as written; use status.effective_status() for maintenances
    title: str
    summary: str | None
    impact: str
    components: dict[str, str]
    started: datetime | None
    mitigated: datetime | None
    resolved: datetime | None
    scheduled_start: datetime | None
    scheduled_end: datetime | None
    updates: list[PublicUpdate]  # oldest first

    @property
    def begins(self) -> datetime:
        value = self.started if self.type == "incident" else self.scheduled_start
        assert value is not None
        return value

    @property
    def last_change(self) -> datetime:
        """The newest time in the record's public data: used as 'updated' in feeds and the API."""
        times = [self.begins] + [u.at for u in self.updates]
        times += [t for t in (self.mitigated, self.resolved) if t]
        return max(times)


@dataclass(frozen=True, slots=True)
class PublicComponent:
    id: str
    name: str
    position: int
    group: str | None
    group_id: str | None
    description: str | None
    start_date: date | None = None  # uptime is not counted before it (Statuspage publishes it too)


@dataclass
class PublicBook:
    """What the public build may use: public components and public, non-drill records, newest first."""

    components: list[PublicComponent]
    records: list[PublicRecord]
    by_id: dict[str, PublicRecord] = field(init=False)

    def __post_init__(self) -> None:
        self.by_id = {r.id: r for r in self.records}

    def groups(self) -> list[tuple[str | None, list[PublicComponent]]]:
        """Components by group, in catalog order (one grouping rule for both builds)."""
        return group_components(self.components)


def public_record(record: Record) -> PublicRecord:
    """Copy the allow-listed fields of one public record."""
    updates = [
        PublicUpdate(id=u.id, at=u.at, status=u.status, message=u.message, components=dict(u.components))
        for u in record.updates
    ]
    return PublicRecord(
        id=record.id,
        type=record.type,
        status=record.status,
        title=record.display_title,
        summary=record.public_summary,
        impact=status.impact(record, record.public_impact),
        components=dict(record.components),
        started=record.started,
        mitigated=record.mitigated,
        resolved=record.resolved,
        scheduled_start=record.scheduled_start,
        scheduled_end=record.scheduled_end,
        updates=updates,
    )


def public_component(component: Component) -> PublicComponent:
    """Copy a catalog component without its owner team (internal)."""
    return PublicComponent(
        id=component.id, name=component.name, position=component.position, group=component.group,
        group_id=component.group_id, description=component.description, start_date=component.start_date,
    )


def public_view(book: Book) -> PublicBook:
    """The public projection of a whole book: internal and drill records are left out entirely."""
    return PublicBook(
        components=[public_component(c) for c in book.catalog.components],
        records=[public_record(r) for r in book.records if r.is_public],
    )
