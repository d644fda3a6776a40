"""The Statuspage public API v2, as static JSON files built from the public view.

Customers' exporters, chat bots and widgets already read Atlassian Statuspage's ``/api/v2/*.json``; a
team moving to incidentbook keeps them working. The objects here follow Statuspage's shape exactly
(REFERENCE.md section 1): every key is present (``null`` rather than omitted), enums are Statuspage's
own words, lists are newest first and capped at :data:`LIST_LIMIT`, only group rows carry
``components``. The shape is pinned by ``schemas/statuspage-v2.schema.json``.

All times come from the records, never from the build clock (except where there are no records at all),
so a scheduled rebuild with nothing new writes the same bytes. The build clock only decides a
maintenance's state, as it does on the status page.

Every text value (names, descriptions, update bodies) goes through :func:`~incidentbook.core.text.render.json_text`:
widgets and chat bots put them into HTML as they are, so they are plain text without markup or control
characters. Ids, enums, times and URLs are not text and are written as they are.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, time, timezone
from typing import Any, Iterable

from ..text.render import json_text
from . import status
from .view import PublicBook, PublicComponent, PublicRecord, PublicUpdate

LIST_LIMIT = 50  # Statuspage returns at most 50 incidents or maintenances per list
UNRESOLVED_INCIDENT_STATUSES = ("investigating", "identified", "monitoring")
UPCOMING_MAINTENANCE_STATES = ("scheduled",)
ACTIVE_MAINTENANCE_STATES = ("in_progress", "verifying")

Json = dict[str, Any]


# Statuspage has no status for a cancelled maintenance: clients read it as completed, and its last
# update's body says that it was cancelled (docs/api.md).
STATUSPAGE_STATUS = {"cancelled": "completed"}


@dataclass(frozen=True, slots=True)
class PageInfo:
    """The ``page`` object's settings, from the site configuration."""

    id: str
    name: str
    url: str  # the site's root URL without a trailing slash; "" when the site has no site_url
    time_zone: str


def timestamp(value: datetime) -> str:
    """Statuspage's timestamp format: UTC with milliseconds and ``Z`` (``2026-05-17T02:50:03.552Z``)."""
    utc = value.astimezone(timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def site_link(site_url: str, path: str) -> str:
    """An absolute link below the site root, or a root-relative one when the site has no ``site_url``."""
    return f"{site_url}/{path}" if site_url else f"/{path}"


def record_path(record_id: str) -> str:
    """Where the public page of one record lives, relative to the site root (pages, API and feeds agree)."""
    return f"incidents/{record_id}/"


def record_link(site_url: str, record_id: str) -> str:
    """The public page of one incident or maintenance (Statuspage's ``shortlink``)."""
    return site_link(site_url, record_path(record_id))


def created_at(record: PublicRecord) -> datetime:
    """When the record first appears in its data: impact start, or the first update if it came earlier.

    A maintenance is usually announced by an update written before its window opens.
    """
    return min([record.begins, *(u.at for u in record.updates)])


def updated_at(record: PublicRecord, now: datetime) -> datetime:
    """When what the page shows of the record last changed, as of the build clock.

    That is the newest of its times that is not in the future: an update, mitigation, resolution, or a
    maintenance window opening or closing (the page changes then, though no file did). A maintenance
    with no update that has not started yet has only future times; its window start is used, so the
    value still comes from the data and does not move with each rebuild.
    """
    times = [record.begins, *(u.at for u in record.updates)]
    times += [t for t in (record.mitigated, record.resolved) if t]
    if record.type == "maintenance":
        times += [t for t in (record.scheduled_start, record.scheduled_end) if t]
    past = [t for t in times if t <= now]
    return max(past) if past else min(times)


def book_updated_at(book: PublicBook, now: datetime) -> datetime:
    """The newest change among all public records.

    With no public record at all there is nothing to date the page by, so the build clock is used: an
    empty page has nothing for a client to re-read, so its churn costs nothing.
    """
    return max((updated_at(r, now) for r in book.records), default=now)


def page_status(book: PublicBook, now: datetime) -> tuple[dict[str, str], status.Overall]:
    """Every component's current status and the page's roll-up, as the status page computes them."""
    statuses = status.component_statuses(book.records, [c.id for c in book.components], now)
    roll_up = status.overall(book.records, statuses, now, {r.id: r.impact for r in book.records})
    return statuses, roll_up


class _Serializer:
    """Turns the public view at one build clock into Statuspage objects (plain dicts)."""

    def __init__(self, book: PublicBook, page: PageInfo, now: datetime) -> None:
        self.book = book
        self.page = page
        self.now = now
        self.statuses, self.roll_up = page_status(book, now)
        self.named = {r.id: status.all_component_statuses(r) for r in book.records}
        self.page_updated = book_updated_at(book, now)
        first = min((created_at(r) for r in book.records), default=self.page_updated)
        self.component_times = {c.id: self._component_times(c, first) for c in book.components}
        self.positions = self._positions()

    # -- page and roll-up -----------------------------------------------------------------
    def page_object(self) -> Json:
        return {
            "id": self.page.id,
            "name": json_text(self.page.name),
            "url": self.page.url,
            "time_zone": self.page.time_zone,
            "updated_at": timestamp(self.page_updated),
        }

    def status_object(self) -> Json:
        return {"indicator": self.roll_up.indicator, "description": json_text(self.roll_up.description)}

    # -- components -----------------------------------------------------------------------
    def _component_times(self, component: PublicComponent, first: datetime) -> tuple[datetime, datetime]:
        """created_at: the catalog's start_date, else the oldest time in the data; updated_at: the
        newest change of a record that names the component, else created_at."""
        if component.start_date:
            created = datetime.combine(component.start_date, time(), tzinfo=timezone.utc)
        else:
            created = first
        touching = [updated_at(r, self.now) for r in self.book.records if component.id in self.named[r.id]]
        return created, max(touching, default=created)

    def _positions(self) -> dict[str, int]:
        """Statuspage numbers top-level rows (groups and ungrouped components) and, separately, the
        components inside each group, from 1."""
        result: dict[str, int] = {}
        for top, (group, members) in enumerate(self.book.groups(), start=1):
            if group is None:
                result[members[0].id] = top
            else:
                result[members[0].group_id or ""] = top
                result.update({m.id: n for n, m in enumerate(members, start=1)})
        return result

    def leaf(self, component: PublicComponent) -> Json:
        created, updated = self.component_times[component.id]
        return {
            "id": component.id,
            "name": json_text(component.name),
            "status": self.statuses[component.id],
            "created_at": timestamp(created),
            "updated_at": timestamp(updated),
            "position": self.positions[component.id],
            "description": json_text(component.description) if component.description else None,
            "showcase": True,
            "start_date": component.start_date.isoformat() if component.start_date else None,
            "group_id": component.group_id,
            "page_id": self.page.id,
            "group": False,
            "only_show_if_degraded": False,
        }

    def group_row(self, name: str, members: list[PublicComponent]) -> Json:
        """A group's status is its worst member's; its times span its members'."""
        group_id = members[0].group_id or ""
        times = [self.component_times[m.id] for m in members]
        return {
            "id": group_id,
            "name": json_text(name),
            "status": status.worst_component_status(self.statuses[m.id] for m in members),
            "created_at": timestamp(min(t[0] for t in times)),
            "updated_at": timestamp(max(t[1] for t in times)),
            "position": self.positions[group_id],
            "description": None,
            "showcase": False,
            "start_date": None,
            "group_id": None,
            "page_id": self.page.id,
            "group": True,
            "only_show_if_degraded": False,
            "components": [m.id for m in members],
        }

    def components(self) -> list[Json]:
        """Every row in page order: a group row followed by its members, or an ungrouped component."""
        rows: list[Json] = []
        for group, members in self.book.groups():
            if group is not None:
                rows.append(self.group_row(group, members))
            rows.extend(self.leaf(m) for m in members)
        return rows

    # -- incidents and maintenances --------------------------------------------------------
    def _qualified_name(self, component: PublicComponent) -> str:
        """Statuspage names a grouped component "Group - Name" in affected_components."""
        name = json_text(component.name)
        return f"{json_text(component.group)} - {name}" if component.group else name

    def _in_catalog_order(self, component_ids: Iterable[str]) -> list[PublicComponent]:
        wanted = set(component_ids)
        return [c for c in self.book.components if c.id in wanted]

    def update(self, record: PublicRecord, update: PublicUpdate, before: dict[str, str]) -> Json:
        """One update; ``before`` holds each component's status in this record before the update."""
        affected = [
            {
                "code": c.id,
                "name": self._qualified_name(c),
                "old_status": before.get(c.id, "operational"),
                "new_status": update.components[c.id],
            }
            for c in self._in_catalog_order(update.components)
        ]
        when = timestamp(update.at)
        return {
            "id": update.id,
            "status": STATUSPAGE_STATUS.get(update.status, update.status),
            "body": json_text(update.message),
            "incident_id": record.id,
            "created_at": when,
            "updated_at": when,
            "display_at": when,
            "affected_components": affected or None,
            "deliver_notifications": True,
            "custom_tweet": None,
            "tweet_id": None,
        }

    def updates(self, record: PublicRecord) -> list[Json]:
        """Newest first (clients read ``[0]`` as the latest), each with the status changes it made."""
        before: dict[str, str] = {}
        result = []
        for update in record.updates:  # oldest first, to know each component's previous status
            result.append(self.update(record, update, before))
            before.update(update.components)
        return result[::-1]

    def incident(self, record: PublicRecord) -> Json:
        is_maintenance = record.type == "maintenance"
        shown = status.effective_status(record, self.now)
        monitoring = "verifying" if is_maintenance else "monitoring"
        result: Json = {
            "id": record.id,
            "name": json_text(record.title) or record.id,  # the id when the title was nothing but markup
            "status": STATUSPAGE_STATUS.get(shown, shown),
            "impact": record.impact,
            "created_at": timestamp(created_at(record)),
            "updated_at": timestamp(updated_at(record, self.now)),
            "started_at": timestamp(record.begins),
            "monitoring_at": _first_update_at(record, monitoring),
            "resolved_at": self._resolved_at(record, shown),
            "shortlink": record_link(self.page.url, record.id),
            "page_id": self.page.id,
            "reminder_intervals": None,
            "incident_updates": self.updates(record),
            "components": [self.leaf(c) for c in self._in_catalog_order(self.named[record.id])],
        }
        if is_maintenance:
            assert record.scheduled_start is not None and record.scheduled_end is not None
            result["scheduled_for"] = timestamp(record.scheduled_start)
            result["scheduled_until"] = timestamp(record.scheduled_end)
        return result

    def _resolved_at(self, record: PublicRecord, shown: str) -> str | None:
        """Incidents: ``resolved``. Maintenances: the completing update, else the window's end."""
        if record.type == "incident":
            return timestamp(record.resolved) if shown == "resolved" and record.resolved else None
        if shown not in ("completed", "cancelled"):
            return None
        completed = _first_update_at(record, shown)
        if completed:
            return completed
        end = record.resolved or record.scheduled_end
        assert end is not None
        return timestamp(end)

    def incidents(self, statuses: tuple[str, ...] | None = None) -> list[Json]:
        """Incidents newest first by start, optionally only those with one of ``statuses``."""
        chosen = [r for r in self.book.records if r.type == "incident" and (statuses is None or r.status in statuses)]
        chosen.sort(key=lambda r: (r.begins, r.id), reverse=True)
        return [self.incident(r) for r in chosen[:LIST_LIMIT]]

    def maintenances(self, states: tuple[str, ...] | None = None) -> list[Json]:
        """Maintenances newest first by window start, optionally only those in one of ``states`` now."""
        chosen = [
            r for r in self.book.records
            if r.type == "maintenance" and (states is None or status.maintenance_state(r, self.now) in states)
        ]
        chosen.sort(key=lambda r: (r.begins, r.id), reverse=True)
        return [self.incident(r) for r in chosen[:LIST_LIMIT]]


def _first_update_at(record: PublicRecord, update_status: str) -> str | None:
    return next((timestamp(u.at) for u in record.updates if u.status == update_status), None)


def endpoints(book: PublicBook, page: PageInfo, now: datetime) -> dict[str, Json]:
    """The eight endpoints, keyed by their path below ``api/v2/``; every object's first key is ``page``."""
    s = _Serializer(book, page, now)
    page_object = s.page_object()
    status_object = s.status_object()
    components = s.components()
    upcoming_or_active = UPCOMING_MAINTENANCE_STATES + ACTIVE_MAINTENANCE_STATES
    return {
        "summary.json": {
            "page": page_object,
            "components": components,
            "incidents": s.incidents(UNRESOLVED_INCIDENT_STATUSES),
            "scheduled_maintenances": s.maintenances(upcoming_or_active),
            "status": status_object,
        },
        "status.json": {"page": page_object, "status": status_object},
        "components.json": {"page": page_object, "components": components},
        "incidents.json": {"page": page_object, "incidents": s.incidents()},
        "incidents/unresolved.json": {"page": page_object, "incidents": s.incidents(UNRESOLVED_INCIDENT_STATUSES)},
        "scheduled-maintenances.json": {"page": page_object, "scheduled_maintenances": s.maintenances()},
        "scheduled-maintenances/upcoming.json": {
            "page": page_object, "scheduled_maintenances": s.maintenances(UPCOMING_MAINTENANCE_STATES),
        },
        "scheduled-maintenances/active.json": {
            "page": page_object, "scheduled_maintenances": s.maintenances(ACTIVE_MAINTENANCE_STATES),
        },
    }


def to_json(payload: Json) -> str:
    """Serialize one endpoint: UTF-8 text, keys in Statuspage's order, indented for people reading it."""
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
