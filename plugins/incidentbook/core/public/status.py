"""Status semantics, as Statuspage defines them (FORMAT.md section 4).

Pure functions of the records and the build clock: a component's current status, an incident's impact,
a maintenance's state at a given time, and the page's overall indicator.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable, Protocol, Sequence

# Worst last. An incident's statuses outrank maintenance: a component that is both under maintenance
# and failing shows the failure.
COMPONENT_RANK = {
    "operational": 0,
    "under_maintenance": 1,
    "degraded_performance": 2,
    "partial_outage": 3,
    "major_outage": 4,
}
IMPACT_RANK = {"none": 0, "maintenance": 0, "minor": 1, "major": 2, "critical": 3}
IMPACT_OF_COMPONENT_STATUS = {
    "degraded_performance": "minor",
    "partial_outage": "major",
    "major_outage": "critical",
}
INDICATOR_DESCRIPTIONS = {
    "none": "All Systems Operational",
    "maintenance": "Service Under Maintenance",
    "major": "Partial System Outage",
    "critical": "Major Service Outage",
}


class Timeline(Protocol):
    """What status computations need of a record; both Record and PublicRecord provide it.

    Read-only properties, so frozen dataclasses (the public view) match as well as mutable ones.
    """

    @property
    def id(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def components(self) -> dict[str, str]: ...
    @property
    def scheduled_start(self) -> datetime | None: ...
    @property
    def scheduled_end(self) -> datetime | None: ...
    @property
    def updates(self) -> Sequence[Any]: ...  # oldest first; each has .at, .status, .components


def worst_component_status(statuses: Iterable[str]) -> str:
    """The worst of some component statuses by COMPONENT_RANK; operational when there are none."""
    return max(statuses, key=COMPONENT_RANK.__getitem__, default="operational")


def worst_impact(impacts: Iterable[str]) -> str:
    """The worst of some impacts by IMPACT_RANK; none when there are none."""
    return max(impacts, key=IMPACT_RANK.__getitem__, default="none")


def maintenance_state(record: Timeline, now: datetime) -> str:
    """scheduled -> in_progress -> completed by the window, unless the record says verifying, completed
    or cancelled (a cancelled maintenance never starts, whatever its window)."""
    if record.status in ("verifying", "completed", "cancelled"):
        return record.status
    assert record.scheduled_start is not None and record.scheduled_end is not None
    if now < record.scheduled_start:
        return "scheduled"
    if now < record.scheduled_end:
        return "in_progress"
    return "completed"


def effective_status(record: Timeline, now: datetime) -> str:
    """The status shown at ``now``: an incident's own status; a maintenance's state by its window."""
    return maintenance_state(record, now) if record.type == "maintenance" else record.status


def is_active(record: Timeline, now: datetime) -> bool:
    """Active incident (not resolved) or maintenance in progress or verifying."""
    if record.type == "maintenance":
        return maintenance_state(record, now) in ("in_progress", "verifying")
    return record.status != "resolved"


def all_component_statuses(record: Timeline) -> dict[str, str]:
    """Worst status each component reached in the record, over the record and all its updates."""
    result = dict(record.components)
    for update in record.updates:
        for component, status in update.components.items():
            if component not in result or COMPONENT_RANK[status] > COMPONENT_RANK[result[component]]:
                result[component] = status
    return result


def current_component_statuses(record: Timeline) -> dict[str, str]:
    """Each component's status as of the record's latest news: the latest update naming it wins."""
    result = dict(record.components)
    for update in record.updates:  # oldest first, so later updates overwrite
        result.update(update.components)
    return result


def impact(record: Timeline, override: str | None = None) -> str:
    """Incident impact: worst component status mapped to none/minor/major/critical; maintenances: maintenance."""
    if record.type == "maintenance":
        return "maintenance"
    if override:
        return override
    statuses = all_component_statuses(record).values()
    return worst_impact(IMPACT_OF_COMPONENT_STATUS.get(s, "none") for s in statuses)


@dataclass(frozen=True)
class Overall:
    indicator: str  # none | minor | major | critical | maintenance
    description: str
    worst_component_status: str


def component_statuses(records: Iterable[Timeline], component_ids: Iterable[str], now: datetime) -> dict[str, str]:
    """Current status of every component given the records that are visible on this page."""
    result = {cid: "operational" for cid in component_ids}
    for record in records:
        if record.type == "maintenance":
            if maintenance_state(record, now) == "in_progress":
                for cid in record.components or {}:
                    if cid in result:
                        result[cid] = worst_component_status([result[cid], "under_maintenance"])
        elif record.status != "resolved":
            for cid, status in current_component_statuses(record).items():
                if cid in result:
                    result[cid] = worst_component_status([result[cid], status])
    return result


def overall(records: Iterable[Timeline], statuses: dict[str, str], now: datetime, impacts: dict[str, str]) -> Overall:
    """The page indicator: worst impact of active incidents, else maintenance if one is in progress."""
    records = list(records)
    active_impacts = [impacts[r.id] for r in records if r.type == "incident" and r.status != "resolved"]
    indicator = worst_impact(active_impacts)
    in_maintenance = any(r.type == "maintenance" and maintenance_state(r, now) == "in_progress" for r in records)
    if indicator == "none" and in_maintenance:
        indicator = "maintenance"
    worst = worst_component_status(statuses.values())
    if indicator == "minor":
        description = "Partially Degraded Service" if worst in ("degraded_performance", "operational", "under_maintenance") else "Minor Service Outage"
    else:
        description = INDICATOR_DESCRIPTIONS[indicator]
    return Overall(indicator=indicator, description=description, worst_component_status=worst)
