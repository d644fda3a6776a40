"""Atom and RSS feeds of public incidents and maintenances (REFERENCE.md sections 1.6 and 7).

Chat integrations and feed readers poll ``/history.atom`` and ``/history.rss`` as they do on
Statuspage. One entry per record: its id never changes (a ``tag:`` URI from the site host and the record
id), its ``updated`` moves with each update, and every date comes from the records, so a scheduled
rebuild with nothing new gives the same bytes and readers see nothing new.

Every text field is plain text (:func:`~incidentbook.core.text.render.plain_text`: titles, names,
labels; many readers render them as HTML) except the entry content, which is sanitized HTML. The XML
is written by ElementTree, which escapes every text, and every text and attribute goes through
:func:`~incidentbook.core.text.render.xml_text` on the way, so no control character reaches a feed.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import format_datetime
from urllib.parse import urlsplit

from ..text.render import plain_text, safe_markdown, sanitize, xml_text
from . import status
from .statuspage_api import (
    book_updated_at,
    record_link,
    site_link,
    timestamp,
    updated_at,
)
from .view import PublicBook, PublicComponent, PublicRecord

ATOM_NS = "http://www.w3.org/2005/Atom"
# The date part of every tag: URI (RFC 4151). It belongs to the id scheme and must never change, or
# every reader would see every entry again.
TAG_DATE = "2026"
STATE_LABELS = {
    "investigating": "Investigating", "identified": "Identified", "monitoring": "Monitoring",
    "resolved": "Resolved", "scheduled": "Scheduled", "in_progress": "In progress",
    "verifying": "Verifying", "completed": "Completed", "cancelled": "Cancelled",
}


@dataclass(frozen=True, slots=True)
class FeedSite:
    """What the feeds need of the site configuration."""

    name: str
    url: str  # root URL without a trailing slash, or ""
    page_id: str
    limit: int


def site_host(site: FeedSite) -> str:
    """The host that scopes feed ids and calendar UIDs.

    Without a ``site_url`` there is no host; a name made from the page id keeps ids unique per site and
    stable (``.invalid`` is reserved, so it never clashes with a real host).
    """
    return urlsplit(site.url).hostname or f"{site.page_id}.incidentbook.invalid"


def tag_uri(site: FeedSite, specific: str) -> str:
    """An RFC 4151 tag URI under the site's host: ids that stay stable when the site moves paths."""
    return f"tag:{site_host(site)},{TAG_DATE}:{specific}"


def entry_id(site: FeedSite, record: PublicRecord) -> str:
    """A record's permanent feed id: neither its title nor the build time are part of it."""
    return tag_uri(site, f"incidents/{record.id}")


def newest_first(records: list[PublicRecord], now: datetime, limit: int) -> list[PublicRecord]:
    """The ``limit`` most recently changed records: feed readers show the latest news first."""
    return sorted(records, key=lambda r: (updated_at(r, now), r.id), reverse=True)[:limit]


def _components_of(book: PublicBook, record: PublicRecord) -> list[PublicComponent]:
    named = status.all_component_statuses(record)
    return [c for c in book.components if c.id in named]


def entry_html(book: PublicBook, record: PublicRecord, now: datetime) -> str:
    """The latest update (or the summary) as sanitized HTML, with the record's state and components."""
    latest = record.updates[-1].message if record.updates else record.summary or ""
    state = STATE_LABELS[status.effective_status(record, now)]
    parts = [f"<p><strong>{html.escape(state)}</strong></p>", safe_markdown(latest)]
    components = _components_of(book, record)
    if components:
        names = ", ".join(html.escape(plain_text(c.name)) for c in components)
        parts.append(f"<p>Components: {names}</p>")
    return sanitize("".join(parts))


def plain_title(record: PublicRecord) -> str:
    """The title as plain text (many readers render feed titles as HTML, so no markup may reach them);
    the record id when nothing but markup was there."""
    return plain_text(record.title) or record.id


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    """A child element, the only way text enters a feed: ElementTree escapes markup, :func:`xml_text`
    drops control characters, which XML cannot hold or readers choke on."""
    element = ET.SubElement(parent, tag, {name: xml_text(value) for name, value in attributes.items()})
    element.text = None if text is None else xml_text(text)
    return element


def _atom_sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    return _sub(parent, f"{{{ATOM_NS}}}{tag}", text, **attributes)


def _rfc822(value: datetime) -> str:
    """RSS dates: RFC 822 with GMT, e.g. ``Sat, 14 Mar 2026 11:05:00 GMT``."""
    return format_datetime(value.astimezone(timezone.utc), usegmt=True)


def _to_bytes(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def atom(
    book: PublicBook, records: list[PublicRecord], now: datetime, site: FeedSite, *,
    title: str, feed_path: str, feed_id: str,
) -> bytes:
    """An Atom feed (RFC 4287) of ``records``, newest change first, capped at the site's feed limit."""
    ET.register_namespace("", ATOM_NS)
    chosen = newest_first(records, now, site.limit)
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    _atom_sub(feed, "id", feed_id)
    _atom_sub(feed, "title", title)
    _atom_sub(feed, "updated", timestamp(max((updated_at(r, now) for r in chosen), default=book_updated_at(book, now))))
    _atom_sub(feed, "link", rel="self", type="application/atom+xml", href=site_link(site.url, feed_path))
    _atom_sub(feed, "link", rel="alternate", type="text/html", href=site_link(site.url, ""))
    author = _atom_sub(feed, "author")
    _atom_sub(author, "name", plain_text(site.name))
    if site.url:
        _atom_sub(author, "uri", site.url + "/")
    for record in chosen:
        entry = _atom_sub(feed, "entry")
        _atom_sub(entry, "id", entry_id(site, record))
        _atom_sub(entry, "title", plain_title(record), type="text")
        _atom_sub(entry, "link", rel="alternate", type="text/html", href=record_link(site.url, record.id))
        _atom_sub(entry, "published", timestamp(record.begins))
        _atom_sub(entry, "updated", timestamp(updated_at(record, now)))
        _atom_sub(entry, "content", entry_html(book, record, now), type="html")
        for component in _components_of(book, record):
            _atom_sub(entry, "category", term=component.id, label=plain_text(component.name))
    return _to_bytes(feed)


def history_atom(book: PublicBook, now: datetime, site: FeedSite) -> bytes:
    """``history.atom``: every public incident and maintenance."""
    return atom(
        book, book.records, now, site, title=f"{plain_text(site.name)} - incident history", feed_path="history.atom",
        feed_id=tag_uri(site, "history"),
    )


def component_atom(
    book: PublicBook, component: PublicComponent, now: datetime, site: FeedSite,
    ordered: list[PublicRecord] | None = None,
) -> bytes:
    """``feeds/components/<id>.atom``: the incidents and maintenances that name one component.

    ``ordered``, the book's records by :func:`newest_first`, lets a site's feeds share one sort: each
    feed then reads only as far as its newest ``site.limit`` records, not the whole history.
    """
    records = []
    for record in ordered if ordered is not None else newest_first(book.records, now, len(book.records)):
        if component.id in status.all_component_statuses(record):
            records.append(record)
            if len(records) == site.limit:
                break
    return atom(
        book, records, now, site, title=f"{plain_text(site.name)}: {plain_text(component.name)}",
        feed_path=f"feeds/components/{component.id}.atom", feed_id=tag_uri(site, f"components/{component.id}"),
    )


def history_rss(book: PublicBook, now: datetime, site: FeedSite) -> bytes:
    """``history.rss`` (RSS 2.0): the same entries as ``history.atom``.

    RSS has one date per item: ``pubDate`` is the record's last change, as on Statuspage, so readers
    that sort by it show a record again when it gets an update.
    """
    chosen = newest_first(book.records, now, site.limit)
    rss = ET.Element("rss", version="2.0")
    channel = _sub(rss, "channel")
    name = plain_text(site.name)
    _sub(channel, "title", f"{name} - incident history")
    _sub(channel, "link", site_link(site.url, ""))
    _sub(channel, "description", f"Incidents and maintenances of {name}")
    newest = max((updated_at(r, now) for r in chosen), default=book_updated_at(book, now))
    _sub(channel, "lastBuildDate", _rfc822(newest))
    for record in chosen:
        item = _sub(channel, "item")
        _sub(item, "title", plain_title(record))
        _sub(item, "link", record_link(site.url, record.id))
        _sub(item, "guid", entry_id(site, record), isPermaLink="false")
        _sub(item, "pubDate", _rfc822(updated_at(record, now)))
        _sub(item, "description", entry_html(book, record, now))
        for component in _components_of(book, record):
            _sub(item, "category", plain_text(component.name))
    return _to_bytes(rss)
