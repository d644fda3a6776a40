"""The follow-up action index (``actions/``) and its exports, for the internal site only.

The page gets plain values (strings, numbers, booleans) so the template only lays them out; which
action is overdue, due soon or unplanned is decided once, in :mod:`incidentbook.core.actions`.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Callable, Iterable

from ..core.knowledge import actions as core
from ..core.records.catalog import Catalog
from ..core.records.model import ACTION_PRIORITIES
from ..core.text.i18n import labels
from ..core.text.render import html_text
from . import Asset, Context, Page

INDEX = "actions/index.md"
CSV_EXPORT = "exports/actions.csv"
JSON_EXPORT = "exports/actions.json"


def ticket_label(url: str) -> str:
    """A short link text for a tracker URL: ``#412`` for .../issues/412, ``PAY-7`` for .../browse/PAY-7."""
    last = url.rstrip("/").rsplit("/", 1)[-1]
    if not last or "." in last:
        return url.split("://", 1)[-1]
    return f"#{last}" if last.isdigit() else last


def row(item: core.ActionItem, catalog: Catalog) -> dict[str, Any]:
    """What one table row shows, and the data attributes the browser filters and sorts on."""
    action = item.action
    return {
        "id": action.id,
        "title": action.title,
        "record": item.record.id,
        "record_title": item.record.title,
        "record_url": f"postmortems/{item.record.id}/",
        "drill": item.record.drill,
        "owner": action.owner or "",
        "team": item.team or "",
        "team_name": catalog.team_name(item.team) or "",
        "due": item.due.isoformat() if item.due else "",
        "due_policy": item.due_from_policy,
        "priority": action.priority,
        "priority_rank": ACTION_PRIORITIES.index(action.priority),
        "status": action.status,
        "type": action.type or "",
        "ticket": action.ticket or "",
        "ticket_label": ticket_label(action.ticket) if action.ticket else "",
        "overdue": item.overdue,
        "days_overdue": item.days_overdue,
        "closed": action.closed.isoformat() if action.closed else "",
        "reason": action.reason or "",
    }


def index_context(items: list[core.ActionItem], catalog: Catalog, today: date) -> dict[str, Any]:
    """Everything ``incidentbook/actions.html`` shows."""

    def rows(chosen: Iterable[core.ActionItem]) -> list[dict[str, Any]]:
        return [row(item, catalog) for item in chosen]

    def groups(found: list[core.Group], name: Callable[[str | None], str | None]) -> list[dict[str, Any]]:
        """Each owner or team with its counts and its open actions (closed ones only count)."""
        return [
            {
                "key": g.key or "", "name": name(g.key) or "", "total": len(g.items), "open": g.open,
                "overdue": g.overdue, "due_soon": len(core.due_soon(g.items, today)),
                "open_rows": rows(i for i in g.items if i.action.is_open),
            }
            for g in found
        ]

    return {
        "today": today.isoformat(),
        "due_soon_days": core.DUE_SOON_DAYS,
        "closed_days": core.RECENTLY_CLOSED_DAYS,
        "counts": core.counts(items, today),
        "views": {
            "overdue": rows(core.overdue(items)),
            "due_soon": rows(core.due_soon(items, today)),
            "unplanned": rows(core.unplanned(items)),
            "recently_closed": rows(core.recently_closed(items, today)),
            "wont_do": rows(core.wont_do(items)),
        },
        "by_owner": groups(core.by_owner(items), lambda key: key),
        "by_team": groups(core.by_team(items), catalog.team_name),
        "rows": rows(items),
        "csv": CSV_EXPORT,
        "json": JSON_EXPORT,
    }


def build(context: Context) -> Iterable[Page | Asset]:
    """The index page and both exports; nothing in public builds, which have no book."""
    if context.book is None:
        return
    today = core.build_date(context.now)
    items = core.collect(context.book, today)
    text = labels(context.settings.language, context.settings.locales_dir)
    yield Page(
        path=INDEX, title=html_text(text["actions_title"]), template="incidentbook/actions.html",
        context=index_context(items, context.book.catalog, today),
        sidebars=("navigation",), description=html_text(text["actions_description"]), in_nav=True,
    )
    yield Asset(path=CSV_EXPORT, content=core.to_csv(items))
    yield Asset(path=JSON_EXPORT, content=core.to_json(items))
