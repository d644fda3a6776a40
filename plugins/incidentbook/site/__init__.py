"""What a build publishes, described without MkDocs: pages with a template and a context, and files.

Each capability has a module here that turns the core's results into :class:`Page` and :class:`Asset`
objects. The MkDocs plugin (or any other generator) only has to write them out. Public builds get a
:class:`Context` whose ``book`` is ``None``: they can only use the public view.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterable

from ..core.public.view import PublicBook
from ..core.records.loader import Book


@dataclass
class Page:
    """A generated page: ``template`` renders ``context`` (as ``ib``) around the Markdown ``body``."""

    path: str  # source path, e.g. "incidents/db-outage/index.md"
    title: str  # HTML: escaped (core.text.render.html_text), since MkDocs and Material print it as it is
    template: str  # e.g. "incidentbook/incident.html"
    context: dict[str, Any] = field(default_factory=dict)
    body: str = ""  # Markdown rendered by the site generator (internal pages only: trusted text)
    description: str = ""  # a one-line summary for search engines and link previews; HTML like title
    sidebars: tuple[str, ...] = ("navigation", "toc")  # the theme's sidebars this page shows
    search_boost: float | None = None  # how far site search ranks this page above others that match
    keywords: list[str] = field(default_factory=list)  # words site search weighs above the body text; HTML
    in_nav: bool = False


@dataclass
class Asset:
    """A file copied to the site as is: generated ``content`` or an existing ``source`` file."""

    path: str
    content: bytes | str | None = None
    source: Path | None = None


@dataclass
class Settings:
    """Site-wide options, from the plugin configuration and the site config."""

    audience: str = "internal"
    site_name: str = "Status"
    site_url: str = ""
    page_id: str = ""
    time_zone: str = "Etc/UTC"
    language: str = "en"
    history_months_per_page: int = 3
    feed_limit: int = 50
    uptime_days: int = 90
    repo_url: str | None = None
    edit_uri: str | None = None
    locales_dir: str | None = None  # the repository's own locales/ folder, if it has one
    contact_url: str | None = None  # support or contact address shown on the status page
    metrics_mean: bool = False  # show the mean beside median and P90 (skewed durations: opt-in)


@dataclass
class Context:
    """Everything a page builder may use. ``book`` is None in public builds."""

    public: PublicBook
    now: datetime
    settings: Settings
    book: Book | None = None


Builder = Callable[[Context], Iterable[Page | Asset]]


def builders(audience: str) -> list[Builder]:
    """The page builders of one audience, in order; internal builds include the public pages."""
    from . import machine_files, public_pages

    result: list[Builder] = [public_pages.build, machine_files.build]
    if audience == "internal":
        from . import (
            action_pages,
            home_page,
            library_pages,
            metrics_pages,
            reference_files,
        )

        result += [home_page.build, library_pages.build, action_pages.build, metrics_pages.build, reference_files.build]
    return result


def build_site(context: Context) -> list[Page | Asset]:
    """Every page and file of a build, in a stable order; paths must be unique."""
    outputs: list[Page | Asset] = []
    for builder in builders(context.settings.audience):
        outputs.extend(builder(context))
    seen: set[str] = set()
    for output in outputs:
        if output.path in seen:
            raise ValueError(f"two generated outputs share the path {output.path}")
        seen.add(output.path)
    return outputs
