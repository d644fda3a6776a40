"""The ``incidentbook`` MkDocs plugin: a thin adapter around :mod:`incidentbook.site`.

It loads and validates the records (a broken record fails the build with every problem listed), hands
the public build nothing but the public view, and writes the core's pages and files: pages in the
navigation and files as generated MkDocs files; the many pages kept out of the navigation (one per
record, browse and history pages) through :mod:`.page_writer`, which renders the theme's frame once
per template instead of once per page. Templates come from the package and can be overridden from
the theme's ``custom_dir``.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jinja2 import Environment, TemplateError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils.templates import TemplateContext

from ..core.public.view import public_view
from ..core.records.clock import ENV_VAR as CLOCK_ENV
from ..core.records.clock import build_now
from ..core.records.errors import UsageError, ValidationFailed
from ..core.records.loader import load_book
from ..core.text.i18n import LabelError, labels
from ..site import Asset, Context, Page, Settings, build_site
from . import material
from .config import IncidentbookConfig
from .page_writer import PageWriter, takes
from .paths import matches
from .staging import Staging

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
MATERIAL_PARTIALS = Path(__file__).resolve().parent.parent / "theme"
# The only file of TEMPLATES the public pages load; the others (library, actions, metrics, search
# worker) belong to internal pages and stay off the public site.
PUBLIC_ASSETS = frozenset({"incidentbook/incidentbook.css"})
log = get_plugin_logger(__name__)


def default_page_id(site_name: str) -> str:
    """A stable 12-character page id, as Statuspage has, derived from the site name."""
    return hashlib.sha256(site_name.encode("utf-8")).hexdigest()[:12]


def nav_paths(nav: object) -> Iterator[str]:
    """Every page path the ``nav`` setting names (a tree of lists, one-key dicts and strings)."""
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, list):
        for item in nav:
            yield from nav_paths(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from nav_paths(value)


class IncidentbookPlugin(BasePlugin[IncidentbookConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command: str | None = None  # from on_startup: None when MkDocs is driven from Python code
        self.dirty = False
        self.staging: Staging | None = None
        self.pages: dict[str, Page] = {}
        self.deferred: list[Page] = []  # written by the PageWriter in on_post_build
        self.labels: dict[str, str] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.staging = None
        if self.command in ("build", "gh-deploy") and not self.dirty:
            self.staging = Staging(config.site_dir)
            config.site_dir = str(self.staging.folder)
        config_dir = Path(config.config_file_path or ".").resolve().parent
        self.records_dir = (config_dir / self.config.records).resolve()
        if not self.records_dir.is_dir():
            raise PluginError(f"incidentbook: the records folder {self.config.records!r} does not exist (plugin option 'records')")
        docs_dir = Path(config.docs_dir).resolve()
        if self.records_dir == docs_dir or docs_dir in self.records_dir.parents:
            raise PluginError("incidentbook: keep the records folder outside docs_dir, or MkDocs publishes every record as it is")
        if self.config.audience == "public" and (config.repo_url or config.edit_uri):
            # Material prints the repository on every page and may link its raw sources (REFERENCE 5.1).
            raise PluginError(
                "incidentbook: the public site must not link the repository; set repo_url: null and "
                "edit_uri: null in the public config (mkdocs.yml's values are inherited)"
            )
        config.watch.append(str(self.records_dir))
        # Before Material's own templates (after custom_dir): partials that spare readers third-party requests.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(MATERIAL_PARTIALS))
        config.theme.dirs.append(str(TEMPLATES))
        css = "incidentbook/incidentbook.css"
        if css not in config.extra_css:
            config.extra_css.append(css)
        try:
            ZoneInfo(self.config.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise PluginError(f"incidentbook: time_zone {self.config.time_zone!r} is not an IANA time zone such as Etc/UTC or Europe/Berlin") from None
        contact = self.config.contact_url
        if contact and not re.match(r"(https?://|mailto:)[^\s\"'<>]+$", contact):
            raise PluginError(f"incidentbook: contact_url {contact!r} must be an https:// or mailto: address")
        language = config.theme.get("language") or "en"
        locales = config_dir / self.config.locales
        locales_dir = str(locales) if locales.is_dir() else None
        try:
            self.labels = labels(language, locales_dir)
        except LabelError as exc:
            raise PluginError(f"incidentbook: {exc}") from None
        self.settings = Settings(
            audience=self.config.audience,
            site_name=config.site_name,
            site_url=(config.site_url or "").rstrip("/"),
            page_id=self.config.page_id or default_page_id(config.site_name),
            time_zone=self.config.time_zone,
            language=language,
            history_months_per_page=self.config.history_months_per_page,
            feed_limit=self.config.feed_limit,
            uptime_days=self.config.uptime_days,
            repo_url=config.repo_url if self.config.audience == "internal" else None,
            edit_uri=config.edit_uri if self.config.audience == "internal" else None,
            metrics_mean=self.config.metrics_mean,
            locales_dir=locales_dir,
            contact_url=self.config.contact_url,
        )
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        """Validate before MkDocs cleans site_dir: a broken record leaves the last good site in place."""
        try:
            now = build_now()
            if os.environ.get(CLOCK_ENV):
                # MkDocs dates its sitemap and the gzip header with SOURCE_DATE_EPOCH or the wall clock:
                # pin them to the build clock so two builds at the same INCIDENTBOOK_NOW are identical.
                os.environ["SOURCE_DATE_EPOCH"] = str(int(now.timestamp()))
            book = load_book(self.records_dir)
        except ValidationFailed as exc:
            raise PluginError(f"incidentbook: {exc}:\n{exc.report()}") from None
        except UsageError as exc:
            raise PluginError(f"incidentbook: {exc}") from None
        public = public_view(book)
        # The public build never holds internal data past this point.
        internal = book if self.config.audience == "internal" else None
        self.context = Context(public=public, now=now, settings=self.settings, book=internal)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        context = self.context
        if self.config.audience == "public":
            self._drop_unlisted_docs(files, config)
        self.pages, self.deferred = {}, []
        taken = {file.dest_uri: file.src_uri for file in files}
        listed = set(nav_paths(config.nav))  # a page the nav config names must be one of MkDocs' pages
        for output in build_site(context):
            if isinstance(output, Page) and takes(output) and output.path not in listed:
                self.pages[output.path] = output
                self.deferred.append(output)
                dest = output.path.removesuffix(".md") + ".html"
            else:
                file = self._file(output, config)
                files.append(file)
                dest = file.dest_uri
            if dest in taken:
                raise PluginError(
                    f"incidentbook: {taken[dest]} in docs_dir would be written to {dest}, "
                    "where a generated page goes; rename or move it"
                )
        return files

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    @event_priority(-100)  # last, so the writer renders with every other plugin's changes to the environment
    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        self.env, self.files = env, files
        return env

    @event_priority(100)  # before other plugins' on_post_build: search indexes read the pages written here
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        writer = PageWriter(config, self.env, self.nav, self.files)
        try:
            writer.write(self.deferred)
        except TemplateError as exc:
            raise PluginError(f"incidentbook: {exc.__class__.__name__} while rendering a generated page: {exc}") from None
        writer.rewrite_sitemap(config.site_dir)
        log.debug(writer.summary())

    def on_build_error(self, *, error: Exception) -> None:
        if self.staging is not None:
            self.staging.failed = True

    def on_shutdown(self) -> None:
        if self.staging is not None and not self.staging.finish():
            log.warning(f"the build failed; {self.staging.target} still holds the last good site")

    def _drop_unlisted_docs(self, files: Files, config: MkDocsConfig) -> None:
        """Public builds publish only generated files, the theme's own assets, what the config names
        (logo, favicon, extra CSS and JavaScript) and docs listed in public_files. Nothing else of the
        theme's custom_dir (an internal stylesheet, a note) and of docs_dir is published. MkDocs follows
        symbolic links in docs_dir, so a listed file must not be one."""
        docs_dir = os.path.abspath(config.docs_dir)
        templates = str(TEMPLATES) + os.sep
        custom = config.theme.custom_dir
        overrides = os.path.abspath(custom) + os.sep if custom else None
        named = {config.theme.get("logo"), config.theme.get("favicon"),
                 *(str(x) for x in config.extra_css), *(str(x) for x in config.extra_javascript)}
        for file in list(files):
            if file.generated_by or not file.abs_src_path:
                continue
            source = os.path.abspath(file.abs_src_path)
            if source.startswith(templates) and file.src_uri not in PUBLIC_ASSETS:
                files.remove(file)
                continue
            allowed = file.src_uri in named or any(matches(file.src_uri, pattern) for pattern in self.config.public_files)
            if overrides and source.startswith(overrides) and not allowed:
                files.remove(file)
                continue
            inside_docs = source.startswith(docs_dir + os.sep)
            if inside_docs and not allowed:
                files.remove(file)
            elif inside_docs and os.path.realpath(source) != os.path.join(os.path.realpath(docs_dir), *file.src_uri.split("/")):
                raise PluginError(f"incidentbook: {file.src_uri} in docs_dir is or lies under a symbolic link; "
                                  "the public site publishes no linked file")

    def _file(self, output: Page | Asset, config: MkDocsConfig) -> File:
        if isinstance(output, Asset):
            if output.source is not None:
                return File.generated(config, output.path, abs_src_path=str(output.source))
            return File.generated(config, output.path, content=output.content or "")
        self.pages[output.path] = output
        # The file holds the body alone: on_page_markdown sets the page's meta from the Page itself, which
        # spares a YAML dump here and MkDocs' parse of it per page (1.5 s of CPU for the 3,811 pages of 2,000 records).
        inclusion = InclusionLevel.INCLUDED if output.in_nav else InclusionLevel.NOT_IN_NAV
        return File.generated(config, output.path, content=output.body, inclusion=inclusion)

    @event_priority(100)  # first, so every other plugin's on_page_markdown sees the page's meta
    def on_page_markdown(self, markdown: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        """Give a generated page its meta (title, template, extras) and its body as written.

        MkDocs read the body as if it were a hand-written page and may have taken leading ``Key: value``
        lines for MultiMarkdown meta, so the Markdown comes from the Page, not from ``markdown``. The meta
        is made anew for each call (:func:`.material.page_meta`): plugins may change ``page.meta`` in place.
        """
        spec = self.pages.get(page.file.src_uri)
        if spec is None:
            return markdown
        page.meta = material.page_meta(spec)
        return spec.body.lstrip("\n")

    def on_page_context(
        self, context: TemplateContext, /, *, page: MkDocsPage, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """Hand the template its data: ``ib`` (the page's context) and ``ib_labels`` (translated labels)."""
        spec = self.pages.get(page.file.src_uri)
        extra: dict[str, object] = {"ib_labels": self.labels}
        if spec is not None:
            extra["ib"] = spec.context
        context.update(extra)  # type: ignore[typeddict-item]  # MkDocs' context is open to plugins
        return context
