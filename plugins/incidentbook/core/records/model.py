"""Typed records: what a validated record file holds."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from .sections import find_sections

INCIDENT_STATUSES = ("investigating", "identified", "monitoring", "resolved")
MAINTENANCE_STATUSES = ("scheduled", "in_progress", "verifying", "completed", "cancelled")
COMPONENT_STATUSES = ("operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance")
IMPACTS = ("none", "minor", "major", "critical")
ACTION_STATUSES = ("open", "in_progress", "done", "wont_do")
ACTION_PRIORITIES = ("high", "medium", "low")
TIMESTAMP_FIELDS = ("started", "detected", "acknowledged", "mitigated", "resolved", "scheduled_start", "scheduled_end")


@dataclass(slots=True)
class Update:
    """One entry of the public timeline."""

    id: str  # "<record id>-<n>", n = 1-based order in time
    at: datetime
    status: str
    message: str
    components: dict[str, str]
    line: int


@dataclass(slots=True)
class Action:
    """A follow-up action of a record."""

    record_id: str
    id: str
    title: str
    line: int
    owner: str | None = None
    due: date | None = None
    priority: str = "medium"
    status: str = "open"
    type: str | None = None
    ticket: str | None = None
    reason: str | None = None
    closed: date | None = None

    @property
    def is_open(self) -> bool:
        return self.status in ("open", "in_progress")


@dataclass(slots=True)
class Postmortem:
    status: str
    review_date: date | None = None
    authors: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Record:
    """A validated incident or maintenance."""

    id: str
    path: str  # as shown in messages, relative to the working directory when possible
    source: Path
    title: str
    type: str
    status: str
    visibility: str
    drill: bool
    severity: str | None = None
    team: str | None = None
    components: dict[str, str] = field(default_factory=dict)
    started: datetime | None = None
    detected: datetime | None = None
    acknowledged: datetime | None = None
    mitigated: datetime | None = None
    resolved: datetime | None = None
    scheduled_start: datetime | None = None
    scheduled_end: datetime | None = None
    lead: str | None = None
    responders: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    public_title: str | None = None
    public_summary: str | None = None
    public_impact: str | None = None
    updates: list[Update] = field(default_factory=list)  # oldest first
    postmortem: Postmortem | None = None
    actions: list[Action] = field(default_factory=list)
    body: str = ""
    body_line: int = 1
    _sections: dict[str, tuple[int, str]] | None = None
    extra: dict[str, object] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def sections(self) -> dict[str, tuple[int, str]]:
        """Post-mortem sections of the body, found on first use (most reads of a record never need them)."""
        if self._sections is None:
            self._sections = find_sections(self.body)
        return self._sections

    @property
    def is_incident(self) -> bool:
        return self.type == "incident"

    @property
    def is_maintenance(self) -> bool:
        return self.type == "maintenance"

    @property
    def is_public(self) -> bool:
        """Only public, non-drill records ever reach the status page."""
        return self.visibility == "public" and not self.drill

    @property
    def display_title(self) -> str:
        return self.public_title or self.title

    @property
    def begins(self) -> datetime:
        """When the record starts on a timeline: impact start, or the maintenance window start."""
        value = self.started if self.is_incident else self.scheduled_start
        assert value is not None  # guaranteed by validation
        return value

    def line_of(self, name: str) -> int:
        """Line of a top-level field, else line 1: where a problem about the field points."""
        return self.lines.get(name, 1)
