"""The public status page, one page per public record, and the paginated history.

Built from :class:`~incidentbook.core.public.PublicBook` only (``Context.public``), in both builds, so
the internal site shows exactly what the public one does. Templates receive plain dicts: all decisions
(what is active, which days a record touched, what the uptime is) are made here and in the core, the
templates only lay them out and translate the words. Public text is untrusted: Markdown goes through
:func:`~incidentbook.core.text.render.safe_markdown`, page titles go through
:func:`~incidentbook.core.text.render.html_text` (escaped), since MkDocs and Material print them
without escaping.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from functools import lru_cache
from typing import Any, Iterable

from ..core.public import history, status, uptime
from ..core.public.statuspage_api import page_status, record_path
from ..core.public.view import PublicBook, PublicComponent, PublicRecord, PublicUpdate
from ..core.text.i18n import labels
from ..core.text.render import html_text, safe_markdown
from . import Asset, Context, Page

RECENT_DAYS = 7  # days of incidents on the status page; older ones live under history/
STATUS_PATH = {False: "index.md", True: "status/index.md"}  # by "is the internal site"
NO_SIDEBARS: tuple[str, ...] = ()  # status pages use the full width

# status.overall() describes the indicator in Statuspage's English words; templates translate by key.
BANNER_KEYS = {
    "All Systems Operational": "banner_none",
    "Partially Degraded Service": "banner_degraded",
    "Minor Service Outage": "banner_minor",
    "Partial System Outage": "banner_major",
    "Major Service Outage": "banner_critical",
    "Service Under Maintenance": "banner_maintenance",
}
# The look (colour and icon) of an indicator or impact is that of the component status it stands for.
LOOK_OF_IMPACT = {
    "none": "operational",
    "minor": "degraded_performance",
    "major": "partial_outage",
    "critical": "major_outage",
    "maintenance": "under_maintenance",
}


def state_look(record: PublicRecord, state: str) -> str:
    """Colour and icon of a record's state: done is green, maintenance blue, an open incident by its impact."""
    if state in ("resolved", "completed", "cancelled"):
        return "operational"
    if record.type == "maintenance":
        return "under_maintenance"
    return "no_data" if record.impact == "none" else LOOK_OF_IMPACT[record.impact]


record_url = record_path  # a public record's page, relative to the site root


def history_url(page: int) -> str:
    """Site-relative URL of history page ``page`` (1-based); the first one is history/ itself."""
    return "history/" if page == 1 else f"history/page/{page}/"


def time_view(value: datetime) -> dict[str, str]:
    """A time as the templates show it: machine-readable for <time> and the script, UTC text for people."""
    iso, text = _time_texts(value)
    return {"iso": iso, "text": text}


@lru_cache(maxsize=1 << 16)
def _time_texts(value: datetime) -> tuple[str, str]:
    """The two forms of a time, formatted once: a record's times recur on its page, the lists and feeds."""
    utc = value.astimezone(timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%SZ"), utc.strftime("%Y-%m-%d %H:%M UTC")


def date_view(value: date) -> dict[str, Any]:
    """A day as the templates show it: ISO for machines, parts for translated month names."""
    return {"iso": value.isoformat(), "year": value.year, "month": value.month, "day": value.day}


def duration_view(start: datetime, end: datetime) -> dict[str, int]:
    """Whole days, hours and minutes between two times (templates add the translated units)."""
    minutes = max(int((end - start).total_seconds() // 60), 0)
    return {"days": minutes // 1440, "hours": minutes % 1440 // 60, "minutes": minutes % 60}


def component_names(book: PublicBook) -> dict[str, str]:
    """Public component names by id, in catalog order (which views list components in)."""
    return {c.id: c.name for c in book.components}


def components_view(statuses: dict[str, str], names: dict[str, str]) -> list[dict[str, str]]:
    """Components named by a record or update, in catalog order, with the status given to them."""
    return [{"id": cid, "name": name, "status": statuses[cid]} for cid, name in names.items() if cid in statuses]


def record_brief(record: PublicRecord, now: datetime, names: dict[str, str]) -> dict[str, Any]:
    """What a list entry needs: title, state, impact, times and the latest update."""
    state = status.effective_status(record, now)
    active = status.is_active(record, now)
    # An open incident shows where its components are now; otherwise the worst each one reached.
    statuses = status.current_component_statuses(record) if active else status.all_component_statuses(record)
    view: dict[str, Any] = {
        "id": record.id,
        "url": record_url(record.id),
        "title": record.title,
        "type": record.type,
        "status": state,
        "state_look": state_look(record, state),
        "impact": record.impact,
        "look": LOOK_OF_IMPACT[record.impact],
        "components": components_view(statuses, names),
        "latest": update_view(record.updates[-1], names) if record.updates else None,
    }
    if record.type == "maintenance":
        assert record.scheduled_start is not None and record.scheduled_end is not None
        view["start"], view["end"] = time_view(record.scheduled_start), time_view(record.scheduled_end)
        view["duration"] = duration_view(record.scheduled_start, record.scheduled_end)
        # Only a state that follows the window can move on in the reader's browser.
        view["follows_window"] = record.status in ("scheduled", "in_progress")
    else:
        view["follows_window"] = False
        assert record.started is not None
        end = record.resolved if record.status == "resolved" and record.resolved else None
        view["start"], view["end"] = time_view(record.started), time_view(end) if end else None
        view["duration"] = duration_view(record.started, end or now)
    return view


def update_view(update: PublicUpdate, names: dict[str, str]) -> dict[str, Any]:
    """One timeline entry: its untrusted Markdown sanitized, its time and the components it names."""
    return {
        "id": update.id,
        "status": update.status,
        "html": safe_markdown(update.message),
        "at": time_view(update.at),
        "components": components_view(update.components, names),
    }


def record_full(record: PublicRecord, now: datetime, names: dict[str, str]) -> dict[str, Any]:
    """A list entry plus the public summary and the whole timeline, newest first."""
    view = record_brief(record, now, names)
    view["summary_html"] = safe_markdown(record.summary) if record.summary else ""
    view["updates"] = [update_view(u, names) for u in reversed(record.updates)]
    return view


def uptime_view(result: uptime.Uptime, titles: dict[str, str]) -> dict[str, Any]:
    """Bars (oldest first) and the days that had something to say, for the no-JavaScript details list."""
    days = []
    for day in result.days:
        days.append({
            "date": date_view(day.day),
            "status": day.worst if day.counted else "no_data",
            "down_minutes": round(day.down_seconds / 60),
            "records": [{"title": titles[rid], "url": record_url(rid)} for rid in day.record_ids],
        })
    return {
        "percent": uptime.format_percent(result.percent),
        "days": days,
        "touched": [d for d in reversed(days) if d["records"]],  # newest first
    }


def groups_view(
    book: PublicBook, statuses: dict[str, str], uptimes: dict[str, uptime.Uptime], titles: dict[str, str]
) -> list[dict[str, Any]]:
    """Components in their groups; a group shows its worst child and starts open when one is not operational."""

    def row(component: PublicComponent) -> dict[str, Any]:
        return {
            "id": component.id,
            "name": component.name,
            "description": component.description,
            "status": statuses[component.id],
            "uptime": uptime_view(uptimes[component.id], titles),
        }

    result = []
    for name, members in book.groups():
        worst = status.worst_component_status(statuses[c.id] for c in members)
        result.append({
            "name": name,
            "id": members[0].group_id if name else members[0].id,
            "status": worst,
            "components": [row(c) for c in members],
        })
    return result


def links_view() -> dict[str, str]:
    """Files other parts of the build publish, linked from every public page (relative to the site root)."""
    return {
        "atom": "history.atom",
        "rss": "history.rss",
        "ics": "maintenance.ics",
        "badge": "badge.svg",
        "api": "api/v2/summary.json",
    }


def status_page(context: Context, names: dict[str, str]) -> Page:
    """The front page: overall banner, components with uptime bars, active incidents, maintenances, recent days."""
    book, now = context.public, context.now
    titles = {r.id: r.title for r in book.records}
    statuses, overall = page_status(book, now)  # the same roll-up as the API and the badges
    uptimes = uptime.book_uptime(book.records, book.components, now, context.settings.uptime_days)
    maintenances = [r for r in book.records if r.type == "maintenance"]
    by_state: dict[str, list[dict[str, Any]]] = {"in_progress": [], "scheduled": []}
    for record in reversed(maintenances):  # soonest first
        state = status.maintenance_state(record, now)
        if state in ("in_progress", "verifying", "scheduled"):
            by_state["scheduled" if state == "scheduled" else "in_progress"].append(record_brief(record, now, names))
    context_view = {
        "now": time_view(now),
        "overall": {
            "indicator": overall.indicator,
            "banner": BANNER_KEYS[overall.description],
            "look": LOOK_OF_IMPACT[overall.indicator],
        },
        "groups": groups_view(book, statuses, uptimes, titles),
        "active": [record_full(r, now, names) for r in book.records if r.type == "incident" and status.is_active(r, now)],
        "in_progress": by_state["in_progress"],
        "upcoming": by_state["scheduled"],
        "days": [
            {"date": date_view(day), "records": [record_brief(r, now, names) for r in records]}
            for day, records in history.recent_days(book.records, now, RECENT_DAYS)
        ],
        "uptime_days": context.settings.uptime_days,
        "weights": {k: round(v * 100) for k, v in uptime.DOWNTIME_WEIGHT.items()},
        "links": links_view(),
        "history_url": history_url(1),
        "contact_url": context.settings.contact_url,
    }
    internal = context.settings.audience == "internal"  # the internal site opens on its home (home_page.py)
    return Page(
        path=STATUS_PATH[internal], title=html_text(labels(context.settings.language, context.settings.locales_dir)["status_current_status"]),
        template="incidentbook/status.html",
        context=context_view, sidebars=("navigation",) if internal else NO_SIDEBARS, in_nav=True,
    )


def incident_page(record: PublicRecord, context: Context, names: dict[str, str]) -> Page:
    """A public record's own page: the full timeline plus a feed link per affected component."""
    view = record_full(record, context.now, names)
    view.update({
        "now": time_view(context.now),
        "links": links_view(),
        "component_feeds": [{"name": c["name"], "url": f"feeds/components/{c['id']}.atom"} for c in view["components"]],
        "history_url": history_url(1),
    })
    return Page(
        path=record_url(record.id) + "index.md", title=html_text(record.title),
        template="incidentbook/incident.html", context=view, sidebars=NO_SIDEBARS,
    )


def history_pages(context: Context, names: dict[str, str]) -> Iterable[Page]:
    """history/ and history/page/<n>/: a fixed number of months per page, newest first."""
    pages = history.paginate(history.months(context.public.records, context.now), context.settings.history_months_per_page)
    total = len(pages)
    title = html_text(labels(context.settings.language, context.settings.locales_dir)["status_incident_history"])
    for number, months in enumerate(pages, start=1):
        view = {
            "now": time_view(context.now),
            "links": links_view(),
            "months": [
                {"key": m.key, "year": m.year, "month": m.month,
                 "records": [record_brief(r, context.now, names) for r in m.records]}
                for m in months
            ],
            "page": number,
            "pages": total,
            "newer": history_url(number - 1) if number > 1 else None,
            "older": history_url(number + 1) if number < total else None,
        }
        path = "history/index.md" if number == 1 else f"history/page/{number}/index.md"
        yield Page(path=path, title=title, template="incidentbook/history.html", context=view, sidebars=NO_SIDEBARS)


def build(context: Context) -> Iterable[Page | Asset]:
    """The status page, the history pages and a page per public record (kept out of the navigation)."""
    names = component_names(context.public)
    yield status_page(context, names)
    yield from history_pages(context, names)
    for record in context.public.records:
        yield incident_page(record, context, names)
