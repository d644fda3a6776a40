"""The ``incidentbook-search`` MkDocs plugin: Material's search box, answered from a Pagefind index.

Material's own search downloads one lunr index of every page and builds it in the browser. With 5,000
records that is a 15 MB download and 11 seconds before the first result (docs/library.md). Pagefind
splits its index into shards and fetches only those a query needs. This plugin keeps Material's search
UI (box, shortcuts, result list, highlighting) and replaces only its web worker, the extension point
Material provides for custom search:

- every page is left out of Material's lunr index, which would only be downloaded and ignored;
- each page's article is marked ``data-pagefind-body`` and points Material to ``search-worker.js``;
- after the build, Pagefind (``pagefind[bin]`` from PyPI, runs offline) indexes the site.

It acts on internal builds only; the public site keeps Material's search of its few public pages.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

WORKER = "incidentbook/search-worker.js"
_ARTICLE = re.compile(r"<article\b[^>]*\bmd-content__inner\b[^>]*>")
_MATERIAL_WORKER = re.compile(r'("search":\s*"[^"]*?)assets/javascripts/workers/search\.[0-9a-f]+\.min\.js"')
log = get_plugin_logger(__name__)


class IncidentbookSearchConfig(base.Config):
    enabled = c.Type(bool, default=True)


def mark_page(html: str) -> str | None:
    """The page with its article indexed by Pagefind and Material pointed to our worker; None if not Material's."""
    html, workers = _MATERIAL_WORKER.subn(rf'\1{WORKER}"', html, count=1)
    if not workers:
        return None
    return _ARTICLE.sub(lambda m: m.group(0)[:-1] + " data-pagefind-body>", html, count=1)


def run_pagefind(site_dir: Path) -> None:
    """Index the built site into ``site_dir/pagefind/``."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent"]
    try:
        subprocess.run(command, check=True, capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", None) or str(exc)
        raise PluginError(f"incidentbook-search: Pagefind failed to index {site_dir}: {detail.strip()}") from None


class IncidentbookSearchPlugin(BasePlugin[IncidentbookSearchConfig]):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        incidentbook = config.plugins.get("incidentbook")
        self.active = bool(
            self.config.enabled and incidentbook is not None and incidentbook.config.audience == "internal"
        )
        if self.active and "material/search" not in config.plugins:
            raise PluginError("incidentbook-search answers Material's search box: add the 'search' plugin too")
        return config

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.active:
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return markdown

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if not self.active:
            return output
        marked = mark_page(output)
        if marked is None:
            log.warning(f"{page.file.src_uri}: Material's search worker is not in the page; its search box cannot use Pagefind")
            return output
        return marked

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.active:
            run_pagefind(Path(config.site_dir))
