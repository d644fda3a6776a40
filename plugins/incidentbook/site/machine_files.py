"""Machine-readable status: the Statuspage v2 API, feeds, the maintenance calendar and badges.

Every file is made from the public view alone (internal builds publish the very same files), by the
core's serializers; the paths are part of the contract (FORMAT.md section 4) and the status page links
to them.
"""

from __future__ import annotations

from typing import Iterable

from ..core.public import badges
from ..core.public.feeds import (
    FeedSite,
    component_atom,
    history_atom,
    history_rss,
    newest_first,
)
from ..core.public.maintenance_calendar import maintenance_calendar
from ..core.public.statuspage_api import PageInfo, endpoints, page_status, to_json
from . import Asset, Context, Page

API_PREFIX = "api/v2/"


def _page_info(context: Context) -> PageInfo:
    s = context.settings
    return PageInfo(id=s.page_id, name=s.site_name, url=s.site_url.rstrip("/"), time_zone=s.time_zone)


def _feed_site(context: Context) -> FeedSite:
    s = context.settings
    return FeedSite(name=s.site_name, url=s.site_url.rstrip("/"), page_id=s.page_id, limit=s.feed_limit)


def api_files(context: Context) -> Iterable[Asset]:
    """The Statuspage v2 endpoints under api/v2/, so Statuspage clients read the page unchanged."""
    for path, payload in endpoints(context.public, _page_info(context), context.now).items():
        yield Asset(path=API_PREFIX + path, content=to_json(payload))


def feed_files(context: Context) -> Iterable[Asset]:
    """Atom and RSS history, one Atom feed per component, and the maintenance calendar."""
    book, now, site = context.public, context.now, _feed_site(context)
    yield Asset(path="history.atom", content=history_atom(book, now, site))
    yield Asset(path="history.rss", content=history_rss(book, now, site))
    ordered = newest_first(book.records, now, len(book.records))
    for component in book.components:
        yield Asset(path=f"feeds/components/{component.id}.atom", content=component_atom(book, component, now, site, ordered))
    yield Asset(path="maintenance.ics", content=maintenance_calendar(book, site))


def badge_files(context: Context) -> Iterable[Asset]:
    """SVG and shields.io badges of the page and of every component, for READMEs and dashboards."""
    statuses, roll_up = page_status(context.public, context.now)
    overall = badges.overall_badge(roll_up.indicator, roll_up.description)
    yield Asset(path="badge.svg", content=badges.svg(overall))
    yield Asset(path="badge.json", content=badges.shields_json(overall))
    for component in context.public.components:
        badge = badges.component_badge(component.name, statuses[component.id])
        yield Asset(path=f"badges/{component.id}.svg", content=badges.svg(badge))
        yield Asset(path=f"badges/{component.id}.json", content=badges.shields_json(badge))


def build(context: Context) -> Iterable[Page | Asset]:
    """Every machine-readable file of the site; the same in the public and the internal build."""
    yield from api_files(context)
    yield from feed_files(context)
    yield from badge_files(context)
