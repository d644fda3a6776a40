"""The internal post-mortem library: where engineers learn from incidents they were not part of.

Pages (internal builds only, where ``Context.book`` is the full book):

- ``postmortems/``: every record newest first with filters, post-mortems the policy still expects,
  recently published ones and "on this day" in earlier years;
- ``postmortems/<id>/``: one record: facts, timestamps and durations, the post-mortem (trusted internal
  Markdown, rendered by the site generator), public updates, follow-up actions, related records, the
  git history of its file and a link to edit it; files it links to beside the record are copied next to
  the page so relative links and images keep working;
- ``browse/components|tags|years/`` and one page per component, tag and year to browse by.

Only the library's index and the three browse indexes are in the navigation. Record titles, tags and
component names are untrusted text: page titles and search keywords, which MkDocs and Material print
without escaping, go through :func:`~incidentbook.core.text.render.html_text`; templates escape the rest.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import quote, unquote
from zoneinfo import ZoneInfo

from ..core.knowledge import actions, library
from ..core.public.status import all_component_statuses, effective_status
from ..core.records.git_history import History, read_history
from ..core.records.model import TIMESTAMP_FIELDS, Record
from ..core.text.i18n import labels as load_labels
from ..core.text.render import html_text, safe_markdown
from . import Asset, Context, Page, Settings

ROOT = "postmortems"
BROWSE_ROOT = "browse"  # outside ROOT, so no record id can collide with a browse page
BROWSE = ("components", "tags", "years")
RECORD_BOOST = 2  # site search: a record page outranks other pages mentioning the same words
RELATED_LIMIT = 5
RECENT_LIMIT = 5

# Relative link targets in Markdown (inline, reference definitions) and HTML src/href attributes.
_LINK_TARGETS = re.compile(
    r"\]\(\s*<?([^)\s>]+)"
    r"|^[ ]{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)"
    r"|\b(?:src|href)\s*=\s*[\"']([^\"']+)[\"']",
    re.M,
)


def build(context: Context) -> Iterator[Page | Asset]:
    """Every page and copied file of the library."""
    if context.book is None:  # public builds never get the library
        return
    yield from _Library(context).outputs()


def edit_url(settings: Settings, path: str) -> str | None:
    """Where to edit a file of the repository: ``repo_url`` + ``edit_uri`` + its path from the repository root.

    ``edit_uri`` is relative to ``repo_url`` unless it is a full URL, as MkDocs reads it.
    """
    if not settings.repo_url or not settings.edit_uri:
        return None
    base = settings.edit_uri
    if "://" not in base:
        base = settings.repo_url.rstrip("/") + "/" + base.lstrip("/")
    if "?" not in base and "#" not in base and not base.endswith("/"):
        base += "/"
    return base + quote(path)


def attachments(record: Record) -> list[tuple[str, Path]]:
    """Files beside the record that its body links to: (path relative to the record's folder, file).

    Only existing files inside the record's own folder qualify (no ``..``, no symbolic link out of it,
    no other record), so a body cannot publish an arbitrary file of the machine that builds the site.
    """
    folder = record.source.parent.resolve()
    found: dict[str, Path] = {}
    for match in _LINK_TARGETS.finditer(record.body):
        target = next(group for group in match.groups() if group is not None)
        if re.match(r"^([a-z][a-z0-9+.-]*:|/|#)", target, re.I):
            continue
        file = (folder / unquote(re.split(r"[?#]", target)[0])).resolve()
        if file.suffix == ".md" or not file.is_file() or not file.is_relative_to(folder):
            continue
        found.setdefault(file.relative_to(folder).as_posix(), file)
    return sorted(found.items())


class _Library:
    """One build's library: the derived data shared by all pages, computed once."""

    def __init__(self, context: Context) -> None:
        assert context.book is not None
        self.book = context.book
        self.catalog = context.book.catalog
        self.settings = context.settings
        self.now = context.now
        self.today = actions.build_date(context.now)
        self.labels = load_labels(context.settings.language, context.settings.locales_dir)
        self.zone = ZoneInfo(context.settings.time_zone)
        self.history: History | None = read_history(self.book.root)
        self.repo_root = self.history.top if self.history else self.book.root.resolve().parent
        self.related = library.RelatedIndex(self.book.records)
        self.tag_names: dict[str, str] = {}
        for record in self.book.records:
            for tag in record.tags:
                self.tag_names.setdefault(library.slug(tag), tag)
        self.rows = {r.id: self.row(r) for r in self.book.records}

    def outputs(self) -> Iterator[Page | Asset]:
        yield self.index_page()
        for record in self.book.records:
            yield self.record_page(record)
            for relative, file in attachments(record):
                yield Asset(path=f"{ROOT}/{record.id}/{relative}", source=file)
        yield from self.browse_pages()

    # -- formatting ----------------------------------------------------------------------------
    def time(self, value: datetime) -> dict[str, str]:
        local = value.astimezone(self.zone)
        return {"iso": value.isoformat().replace("+00:00", "Z"), "text": local.strftime("%Y-%m-%d %H:%M %Z")}

    def duration(self, value: timedelta) -> str:
        """``2 d 3 h``, ``1 h 24 min``, ``11 min``: the two largest units are enough to compare incidents."""
        minutes = int(value.total_seconds() // 60)
        parts = [(minutes // 1440, "day"), (minutes // 60 % 24, "hour"), (minutes % 60, "minute")]
        shown = [f"{n}\u00a0{self.labels['library_unit_' + unit]}" for n, unit in parts if n]
        return " ".join(shown[:2]) or f"0\u00a0{self.labels['library_unit_minute']}"

    def component(self, component_id: str) -> dict[str, str]:
        component = self.catalog.component_by_id.get(component_id)
        return {"id": component_id, "name": component.name if component else component_id}

    def severity(self, severity_id: str | None) -> dict[str, str] | None:
        severity = self.catalog.severity_by_id.get(severity_id or "")
        return {"id": severity.id, "name": severity.name} if severity else None

    def team(self, team_id: str | None) -> dict[str, str] | None:
        return {"id": team_id, "name": self.catalog.team_name(team_id) or team_id} if team_id else None

    def row(self, record: Record) -> dict[str, Any]:
        """What every list shows of a record, and its filter values for the index."""
        return {
            "id": record.id,
            "title": record.title,
            "url": f"{ROOT}/{record.id}/",
            "date": actions.build_date(record.begins).isoformat(),  # UTC, like years and "on this day"
            "type": record.type,
            "status": effective_status(record, self.now),
            "severity": self.severity(record.severity),
            "drill": record.drill,
            "components": [self.component(c) for c in record.components],
            "team": self.team(library.team_of(record, self.catalog)),
            "tags": [{"slug": s, "name": self.tag_names[s]} for s in sorted({library.slug(t) for t in record.tags})],
            "postmortem": library.postmortem_status(record),
            "filters": {k: " ".join(v) for k, v in library.filter_values(record, self.catalog).items()},
        }

    # -- the index -----------------------------------------------------------------------------
    def filter_label(self, name: str, value: str) -> str:
        if name == "severity":
            return self.catalog.severity_by_id[value].name
        if name == "component":
            return self.component(value)["name"]
        if name == "team":
            return self.catalog.team_name(value) or value
        if name == "tag":
            return self.tag_names.get(value, value)
        if name == "year":
            return value
        return self.labels[f"library_{name}_{value}"]

    def index_page(self) -> Page:
        records = self.book.records
        options = library.filter_options(records, self.catalog)
        filters = [
            {"name": name, "label": self.labels[f"library_filter_{name}"],
             "options": [{"value": v, "label": self.filter_label(name, v), "count": n} for v, n in options[name]]}
            for name in library.FILTERS if options[name]
        ]
        due = [
            {**self.rows[d.record.id], "due_status": d.status, "days": d.days_since_resolved}
            for d in library.due_postmortems(self.book, self.now)
        ]
        on_this_day = [
            {**self.rows[r.id], "years_ago": self.today.year - r.begins.year}
            for r in library.on_this_day(records, self.now)
        ]
        return Page(
            path=f"{ROOT}/index.md",
            title=html_text(self.labels["library_title"]),
            template="incidentbook/library.html",
            context={
                "records": [self.rows[r.id] for r in records],
                "filters": filters,
                "due": due,
                "recent": [self.rows[r.id] for r in library.recently_published(records, RECENT_LIMIT)],
                "on_this_day": on_this_day,
                "today": self.today.isoformat(),
            },
            in_nav=True,
        )

    # -- one record ----------------------------------------------------------------------------
    def record_page(self, record: Record) -> Page:
        return Page(
            path=f"{ROOT}/{record.id}/index.md",
            title=html_text(record.title),
            template="incidentbook/postmortem.html",
            context=self.record_context(record),
            body=self.search_terms(record) + "\n\n" + record.body,
            search_boost=RECORD_BOOST,
            keywords=[html_text(k) for k in record.tags + [c["name"] for c in self.rows[record.id]["components"]]],
        )

    def search_terms(self, record: Record) -> str:
        """The record's title and facts as a hidden paragraph at the top of its Markdown body.

        Material's search indexes only the Markdown body, not the template, so without it a record
        with no post-mortem text could not be found at all, not even by its title. Readers see the same
        facts in the page header; Pagefind indexes that header and skips this paragraph.
        """
        row = self.rows[record.id]
        words = [record.title, row["severity"]["name"] if row["severity"] else "",
                 self.labels[f"library_type_{record.type}"], self.labels["library_drill"] if record.drill else "",
                 *(c["name"] for c in row["components"]), row["team"]["name"] if row["team"] else "",
                 *record.tags, record.lead or "", *record.responders]
        return f'<p hidden data-pagefind-ignore>{html_text(" · ".join(w for w in words if w))}</p>'

    def record_context(self, record: Record) -> dict[str, Any]:
        severity = self.catalog.severity_by_id.get(record.severity or "")
        due = library.postmortem_due(record, self.catalog, self.now)
        spans = library.durations(record)
        since = {field: spans[name] for name, field in library.DURATIONS}
        times = []
        for field in TIMESTAMP_FIELDS:
            if getattr(record, field):
                after = since.get(field)
                times.append({"name": field, "time": self.time(getattr(record, field)),
                              "after": self.duration(after) if after is not None else None})
        source = record.source.resolve()
        path = source.relative_to(self.repo_root).as_posix() if source.is_relative_to(self.repo_root) else None
        commits = self.history.of(source) if self.history else []
        return {
            "record": self.rows[record.id],
            "visibility": record.visibility,
            "components": [
                {**self.component(cid), "status": status}
                for cid, status in all_component_statuses(record).items()
            ],
            "lead": record.lead,
            "responders": record.responders,
            "postmortem": {
                "status": record.postmortem.status,
                "review_date": record.postmortem.review_date.isoformat() if record.postmortem.review_date else None,
                "authors": record.postmortem.authors,
            } if record.postmortem else None,
            "postmortem_required": bool(severity and severity.postmortem_required and record.is_incident),
            "due": {"status": due.status, "days": due.days_since_resolved} if due else None,
            "times": times,
            "durations": [{"name": name, "text": self.duration(v)} for name, v in spans.items() if v is not None],
            "updates": [
                {"time": self.time(u.at), "status": u.status, "html": safe_markdown(u.message),
                 "components": [{**self.component(c), "status": s} for c, s in u.components.items()]}
                for u in record.updates
            ],
            "actions": [self.action(item) for item in actions.items_of(record, self.catalog, self.today)],
            "related": [
                {**self.rows[r.record.id],
                 "shared": [self.component(c)["name"] for c in r.components] + [self.tag_names[t] for t in r.tags]}
                for r in self.related.related(record, RELATED_LIMIT)
            ],
            "history": [
                {"sha": c.sha, "short": c.sha[:8], "time": self.time(c.date), "author": c.author, "message": c.message}
                for c in commits
            ],
            "history_shallow": bool(self.history and self.history.shallow),
            "source": path,
            "edit_url": edit_url(self.settings, path) if path else None,
        }

    @staticmethod
    def action(item: actions.ActionItem) -> dict[str, Any]:
        a = item.action
        return {
            "id": a.id, "title": a.title, "owner": a.owner, "priority": a.priority, "status": a.status,
            "type": a.type, "ticket": a.ticket, "reason": a.reason,
            "due": item.due.isoformat() if item.due else None, "due_from_policy": item.due_from_policy,
            "closed": a.closed.isoformat() if a.closed else None,
            "overdue": item.overdue, "days_overdue": item.days_overdue,
        }

    # -- browse pages --------------------------------------------------------------------------
    def browse_pages(self) -> Iterator[Page]:
        groups: dict[str, dict[str, list[Record]]] = {kind: defaultdict(list) for kind in BROWSE}
        for record in self.book.records:
            for cid in record.components:
                groups["components"][cid].append(record)
            for tag in {library.slug(t) for t in record.tags}:
                groups["tags"][tag].append(record)
            groups["years"][str(record.begins.year)].append(record)
        keys = {
            "components": [c.id for c in self.catalog.components if c.id in groups["components"]],
            "tags": sorted(groups["tags"]),
            "years": sorted(groups["years"], reverse=True),
        }
        for kind in BROWSE:
            entries = [
                {"key": key, "name": self.browse_name(kind, key), "url": f"{BROWSE_ROOT}/{kind}/{key}/",
                 "count": len(groups[kind][key]), **self.browse_extra(kind, key)}
                for key in keys[kind]
            ]
            yield Page(
                path=f"{BROWSE_ROOT}/{kind}/index.md",
                title=html_text(self.labels[f"library_by_{kind}"]),
                template="incidentbook/browse.html",
                context={"kind": kind, "entries": entries},
                in_nav=True,
            )
            for entry in entries:
                yield Page(
                    path=f"{BROWSE_ROOT}/{kind}/{entry['key']}/index.md",
                    title=html_text(entry["name"]),
                    template="incidentbook/browse.html",
                    context={"kind": kind, "entry": entry,
                             "records": [self.rows[r.id] for r in groups[kind][entry["key"]]]},
                )

    def browse_name(self, kind: str, key: str) -> str:
        if kind == "components":
            return self.component(key)["name"]
        return self.tag_names[key] if kind == "tags" else key

    def browse_extra(self, kind: str, key: str) -> dict[str, Any]:
        if kind != "components":
            return {}
        component = self.catalog.component_by_id[key]
        return {"group": component.group, "description": component.description,
                "owner": self.team(component.owner)}

