"""The catalog: severities, components (in groups) and teams, read from ``catalog.yml``."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Protocol, TypeVar


@dataclass(frozen=True, slots=True)
class Severity:
    id: str
    name: str
    rank: int  # 0 = least severe
    description: str | None = None
    postmortem_required: bool = False
    action_due_days: int | None = None


@dataclass(frozen=True, slots=True)
class Component:
    id: str
    name: str
    position: int  # 1-based order in the catalog
    group: str | None = None
    owner: str | None = None
    description: str | None = None
    start_date: date | None = None

    @property
    def group_id(self) -> str | None:
        return group_id(self.group) if self.group else None


@dataclass(frozen=True, slots=True)
class Team:
    id: str
    name: str
    description: str | None = None


class _Grouped(Protocol):
    @property
    def group(self) -> str | None: ...


G = TypeVar("G", bound=_Grouped)


def group_components(components: Iterable[G]) -> list[tuple[str | None, list[G]]]:
    """Components in the given order, grouped by group name at the group's first appearance.

    An ungrouped component is a group of its own (name None), as Statuspage shows it.
    """
    result: list[tuple[str | None, list[G]]] = []
    index: dict[str, int] = {}
    for component in components:
        if component.group is None:
            result.append((None, [component]))
        elif component.group in index:
            result[index[component.group]][1].append(component)
        else:
            index[component.group] = len(result)
            result.append((component.group, [component]))
    return result


def group_id(name: str) -> str:
    """A stable id for a component group, derived from its name (groups have no id of their own)."""
    return "group-" + (re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "unnamed")


def group_id_clashes(components: list[Component]) -> list[tuple[int, str]]:
    """``(index, message)`` for each component whose group's id is already taken, once per group name.

    Group rows and components share one list of ids in the published API (``components.json``), and a
    group's id comes from its name: two names such as ``Web & API`` and ``Web API``, or a group ``Web``
    beside a component ``group-web``, would publish rows with one id.
    """
    component_ids = {c.id for c in components}
    first_name: dict[str, str] = {}  # group id -> the first group name that gave it
    seen: set[str] = set()
    clashes: list[tuple[int, str]] = []
    for index, component in enumerate(components):
        name = component.group
        if name is None or name in seen:
            continue
        seen.add(name)
        gid = group_id(name)
        if gid in first_name:
            clashes.append((index, f"groups {first_name[gid]!r} and {name!r} give the same id {gid!r}; rename one of them"))
        elif gid in component_ids:
            clashes.append((index, f"group {name!r} gives the id {gid!r}, which is a component's id; rename the group or the component"))
        first_name.setdefault(gid, name)
    return clashes


TEMPLATE_FIELDS = frozenset({"components", "title"})


def template_fields(text: str) -> set[str]:
    """The ``{placeholders}`` of a message template; a malformed brace counts as an unknown one."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"a lone brace"}


def fill_template(text: str, title: str, components: list[str]) -> str:
    """A template's message for one record: ``{components}`` their names, ``{title}`` its public title."""
    names = ", ".join(components) or "our services"
    return text.format(components=names, title=title)


@dataclass
class Catalog:
    severities: list[Severity] = field(default_factory=list)
    components: list[Component] = field(default_factory=list)
    teams: list[Team] = field(default_factory=list)
    # GitHub logins trusted to declare and update incidents from issues, besides the repository's
    # owners, members and collaborators (catalog ``declare: {trusted: [...]}``).
    trusted: tuple[str, ...] = ()
    # Message templates by name, then status (catalog ``templates:``), for ``--template NAME``.
    templates: dict[str, dict[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.severity_by_id = {s.id: s for s in self.severities}
        self.component_by_id = {c.id: c for c in self.components}
        self.team_by_id = {t.id: t for t in self.teams}

    def record_team(self, team: str | None, components: Iterable[str]) -> str | None:
        """The team answering for a record: its own ``team``, else the owner of its first component."""
        if team:
            return team
        first = next(iter(components), None)
        component = self.component_by_id.get(first) if first else None
        return component.owner if component else None

    def team_name(self, team_id: str | None) -> str | None:
        """A team's display name; an id the catalog does not know is shown as it is."""
        if team_id is None:
            return None
        team = self.team_by_id.get(team_id)
        return team.name if team else team_id
