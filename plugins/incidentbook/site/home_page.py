"""The internal site's home: what needs attention now, and the way to every part of the site.

Why a page of its own: the internal site used to open on the public status page, which shows no
internal incident and (with its sidebars hidden) led nowhere. Here the on-call engineer sees every
active incident, internal ones and drills included, and a manager the post-mortems and follow-ups
that are late, each linked to its record.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from ..core.knowledge import actions, library
from ..core.public.status import effective_status, is_active
from ..core.records.model import Record
from ..core.text.i18n import labels
from ..core.text.render import html_text
from . import Asset, Context, Page

OVERDUE_SHOWN = 10  # the rest are one link away, on the action index
DUE_SHOWN = 10  # and on the library's list of post-mortems due: the home stays the same size at any history


def _age(since: datetime, now: datetime) -> dict[str, int]:
    minutes = max(0, int((now - since).total_seconds() // 60))
    return {"days": minutes // 1440, "hours": minutes // 60 % 24, "minutes": minutes % 60}


def _record(record: Record, now: datetime, severity_names: dict[str, str]) -> dict[str, Any]:
    return {
        "id": record.id,
        "title": record.title,
        "url": f"postmortems/{record.id}/",
        "type": record.type,
        "status": effective_status(record, now),
        "severity": severity_names.get(record.severity or "", ""),
        "public": record.is_public,
        "drill": record.drill,
        "age": _age(record.begins, now),
        "started": record.begins.isoformat(),
    }


def build(context: Context) -> Iterable[Page | Asset]:
    book = context.book
    if book is None:  # public builds have no home: their front page is the status page
        return
    now, today = context.now, actions.build_date(context.now)
    names = {s.id: s.name for s in book.catalog.severities}
    active = [_record(r, now, names) for r in sorted(book.records, key=lambda r: r.begins, reverse=True) if is_active(r, now)]
    upcoming = [_record(r, now, names) for r in reversed(book.records)
                if r.type == "maintenance" and effective_status(r, now) == "scheduled"]
    waiting = library.due_postmortems(book, now)
    due = [{**_record(d.record, now, names), "due_status": d.status, "days": d.days_since_resolved}
           for d in waiting[:DUE_SHOWN]]
    late = actions.overdue(actions.collect(book, today))
    overdue = [
        {"title": i.action.title, "owner": i.action.owner or "", "days": i.days_overdue,
         "record": _record(i.record, now, names)}
        for i in late[:OVERDUE_SHOWN]
    ]
    text = labels(context.settings.language, context.settings.locales_dir)
    yield Page(
        path="index.md", title=html_text(text["home_title"]), template="incidentbook/home.html",
        context={"active": active, "upcoming": upcoming, "due": due, "overdue": overdue,
                 "overdue_total": len(late), "due_total": len(waiting), "now": now.isoformat()},
        in_nav=True,
    )
