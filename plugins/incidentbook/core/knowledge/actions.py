"""Follow-up actions across the whole book: effective due dates, overdue, views, grouping and exports.

Lost follow-ups are the most common failure of incident processes, so everything here ignores the
status of the incident: an open action of a long-closed incident is chased like any other. All
functions are pure functions of the book and a date (the build clock's date, see :func:`build_date`),
so the action index, ``incidentbook actions`` and the exports always agree.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable, Iterable

from ..records.catalog import Catalog
from ..records.clock import build_date
from ..records.loader import Book
from ..records.model import ACTION_PRIORITIES, Action, Record

DUE_SOON_DAYS = 14
RECENTLY_CLOSED_DAYS = 30
EXPORT_COLUMNS = (
    "record", "id", "title", "owner", "due", "due_source", "priority", "status", "type", "ticket",
    "overdue", "days_overdue", "team", "closed", "reason", "record_title", "severity", "drill",
)
# What starts a formula once a spreadsheet has skipped the characters before it; a full-width or small
# form (＝, ﹢) counts as its ASCII character, as spreadsheets that read East Asian input treat it.
_FORMULA_STARTS = frozenset("=+-@")
# Spaces of any kind, line and paragraph separators, control characters (tab, CR, LF) and format
# characters (the BOM U+FEFF, zero-width spaces): a spreadsheet may skip them before a formula.
_SKIPPED_CATEGORIES = frozenset(("Zs", "Zl", "Zp", "Cc", "Cf"))


def policy_due(record: Record, catalog: Catalog) -> date | None:
    """The severity's default due date: resolved date (else started date) plus ``action_due_days``.

    Counting from resolution gives every action of an incident the same, predictable deadline; an
    incident that is still open counts from its start so its actions are not undated for ever.
    """
    severity = catalog.severity_by_id.get(record.severity or "")
    base = record.resolved or record.started
    if severity is None or severity.action_due_days is None or base is None:
        return None
    return build_date(base) + timedelta(days=severity.action_due_days)


def effective_due(action: Action, record: Record, catalog: Catalog) -> tuple[date | None, bool]:
    """The date an action is due and whether it came from the severity policy (not written in the record)."""
    if action.due is not None:
        return action.due, False
    due = policy_due(record, catalog)
    return due, due is not None


def is_overdue(action: Action, due: date | None, today: date) -> bool:
    """Open or in progress and due before today; an action due today is not overdue yet."""
    return action.is_open and due is not None and due < today


def team_of(action: Action, record: Record, catalog: Catalog) -> str | None:
    """The team that answers for an action: the owner when it is a team, else the record's team.

    A record's team is its ``team`` field, else the owner team of its first component, so actions of
    people outside the catalog still roll up to someone.
    """
    if action.owner and action.owner in catalog.team_by_id:
        return action.owner
    return catalog.record_team(record.team, record.components)


@dataclass(frozen=True, slots=True)
class ActionItem:
    """One action with everything derived from the book and the date, computed once."""

    action: Action
    record: Record
    due: date | None
    due_from_policy: bool
    team: str | None
    overdue: bool
    days_overdue: int  # 0 unless overdue


def items_of(record: Record, catalog: Catalog, today: date) -> list[ActionItem]:
    """The record's actions as items, in the record's order (for per-record pages)."""
    items = []
    for action in record.actions:
        due, from_policy = effective_due(action, record, catalog)
        overdue = is_overdue(action, due, today)
        items.append(ActionItem(
            action=action, record=record, due=due, due_from_policy=from_policy,
            team=team_of(action, record, catalog), overdue=overdue,
            days_overdue=(today - due).days if overdue and due else 0,
        ))
    return items


def _priority_rank(item: ActionItem) -> int:
    return ACTION_PRIORITIES.index(item.action.priority)


def _urgency(item: ActionItem) -> tuple:
    """Overdue first, then open by due date and priority, then closed ones, most recently closed first."""
    action = item.action
    if action.is_open:
        state, when = (0 if item.overdue else 1), (item.due or date.max).toordinal()
    else:
        state, when = 2, -(action.closed or date.min).toordinal()
    return state, when, _priority_rank(item), item.record.id, action.id


def collect(book: Book, today: date) -> list[ActionItem]:
    """Every action of every record (drills included, incident status ignored), most urgent first."""
    items = [item for record in book.records for item in items_of(record, book.catalog, today)]
    return sorted(items, key=_urgency)


# -- views: each takes items and returns the ones it shows, in the order it shows them ----------------

def overdue(items: Iterable[ActionItem]) -> list[ActionItem]:
    """Open or in progress and past due, longest overdue first."""
    return sorted((i for i in items if i.overdue), key=_urgency)


def due_soon(items: Iterable[ActionItem], today: date, days: int = DUE_SOON_DAYS) -> list[ActionItem]:
    """Open actions due from today through ``days`` days from today: the ones to start now."""
    last = today + timedelta(days=days)
    return sorted((i for i in items if i.action.is_open and i.due and today <= i.due <= last), key=_urgency)


def unplanned(items: Iterable[ActionItem]) -> list[ActionItem]:
    """Open actions nobody owns or that have no due date (not even from policy): the ones that get lost."""
    chosen = (i for i in items if i.action.is_open and (not i.action.owner or i.due is None))
    return sorted(chosen, key=lambda i: (_priority_rank(i), i.record.id, i.action.id))


def recently_closed(items: Iterable[ActionItem], today: date, days: int = RECENTLY_CLOSED_DAYS) -> list[ActionItem]:
    """Done or won't-do within the last ``days`` days, most recent first: progress worth showing."""
    first = today - timedelta(days=days)
    chosen = (i for i in items if not i.action.is_open and i.action.closed and first <= i.action.closed <= today)
    return sorted(chosen, key=_urgency)


def wont_do(items: Iterable[ActionItem]) -> list[ActionItem]:
    """Every decision not to act, with its reason, so it can be revisited (most recent first)."""
    return sorted((i for i in items if i.action.status == "wont_do"), key=_urgency)


def counts(items: Iterable[ActionItem], today: date) -> dict[str, int]:
    """The numbers at the top of the index."""
    items = list(items)
    open_items = [i for i in items if i.action.is_open]
    return {
        "total": len(items),
        "open": len(open_items),
        "overdue": len(overdue(items)),
        "due_soon": len(due_soon(items, today)),
        "no_owner": sum(1 for i in open_items if not i.action.owner),
        "no_due": sum(1 for i in open_items if i.due is None),
        "recently_closed": len(recently_closed(items, today)),
        "wont_do": len(wont_do(items)),
    }


# -- grouping ---------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Group:
    """The actions of one owner or one team; ``key`` None collects the actions without one."""

    key: str | None
    items: list[ActionItem]

    @property
    def open(self) -> int:
        """Open or in progress."""
        return sum(1 for i in self.items if i.action.is_open)

    @property
    def overdue(self) -> int:
        """Open or in progress and past due."""
        return sum(1 for i in self.items if i.overdue)


def group_by(items: Iterable[ActionItem], key: Callable[[ActionItem], str | None]) -> list[Group]:
    """Groups in a stable order: the group without a key first (it needs attention), then by name."""
    groups: dict[str | None, list[ActionItem]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    order = sorted(groups, key=lambda k: (k is not None, (k or "").casefold(), k or ""))
    return [Group(k, sorted(groups[k], key=_urgency)) for k in order]


def by_owner(items: Iterable[ActionItem]) -> list[Group]:
    """One group per owner as written in the records (a person or a team), so each sees their list."""
    return group_by(items, lambda i: i.action.owner)


def by_team(items: Iterable[ActionItem]) -> list[Group]:
    """One group per team (see :func:`team_of`), so actions of people outside the catalog roll up too."""
    return group_by(items, lambda i: i.team)


# -- exports ----------------------------------------------------------------------------------------

def export_row(item: ActionItem) -> dict[str, object]:
    """One action as plain values (JSON types); ``due_source`` says whether the date came from policy."""
    action = item.action
    return {
        "record": item.record.id,
        "id": action.id,
        "title": action.title,
        "owner": action.owner,
        "due": item.due.isoformat() if item.due else None,
        "due_source": ("policy" if item.due_from_policy else "record") if item.due else None,
        "priority": action.priority,
        "status": action.status,
        "type": action.type,
        "ticket": action.ticket,
        "overdue": item.overdue,
        "days_overdue": item.days_overdue,
        "team": item.team,
        "closed": action.closed.isoformat() if action.closed else None,
        "reason": action.reason,
        "record_title": item.record.title,
        "severity": item.record.severity,
        "drill": item.record.drill,
    }


def _skipped(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) in _SKIPPED_CATEGORIES


def _runs_as_formula(text: str) -> bool:
    """True when a spreadsheet may read ``text`` as a formula: it starts with a control character (tab,
    CR, LF, which some spreadsheets take as the start of one), or its first character after any it may
    skip is one of = + - @ or their full-width forms."""
    if text and unicodedata.category(text[0]) == "Cc":
        return True
    first = next((char for char in text if not _skipped(char)), "")
    return unicodedata.normalize("NFKC", first) in _FORMULA_STARTS


def csv_cell(value: object) -> str:
    """A CSV cell that a spreadsheet shows as text: booleans as true/false, empty for null, and a
    leading ``'`` on text a spreadsheet would run as a formula (see :func:`_runs_as_formula`)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return "'" + text if _runs_as_formula(text) else text


def to_csv(items: Iterable[ActionItem]) -> str:
    """``exports/actions.csv``: a header row and one quoted-as-needed row per action (RFC 4180 line ends)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    for item in items:
        row = export_row(item)
        writer.writerow([csv_cell(row[column]) for column in EXPORT_COLUMNS])
    return out.getvalue()


def to_json(items: Iterable[ActionItem]) -> str:
    """``exports/actions.json``: an array of :func:`export_row` objects, stable bytes for stable input."""
    return json.dumps([export_row(i) for i in items], ensure_ascii=False, indent=2) + "\n"
