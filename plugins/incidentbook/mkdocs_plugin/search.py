"""The ``incidentbook-search`` MkDocs plugin: Material's search box, answered from a Pagefind index.

Material's own search downloads one lunr index of every page and builds it in the browser. With 5,000
records that is a 15 MB download and 11 seconds before the first result (docs/library.md). Pagefind
splits its index into shards and fetches only those a query needs. This plugin keeps Material's search
UI (box, shortcuts, result list, highlighting) and replaces only its web worker, the extension point
Material provides for custom search:

- every page is left out of Material's lunr index, which would only be downloaded and ignored;
- every page points Material to ``search-worker.js``;
- the article of each page worth searching (post-mortem records and the handbook, see ``indexed``)
  is copied, alone, into a scratch folder; after the build Pagefind (``pagefind[bin]`` from PyPI,
  runs offline) indexes those copies into ``pagefind/``.

Why copies of the articles, and why several indexes: Pagefind holds every page it reads in memory
and then builds the whole index at once, about 170 KiB per record page. Run over a 10,000-record
site it read 18,700 pages (Material's frame, status pages, lists) and peaked at 2.4 GB and 75 CPU
seconds. Reading only the articles of records and handbook pages saves the parsing of Material's
frame and of pages that only repeat record text; splitting those pages round-robin into indexes of
at most ``pages_per_index`` pages bounds each Pagefind process (about 450 MiB at 2,500 pages). The
worker merges the indexes in the browser (Pagefind's ``mergeIndex``), which sorts all results by
score. The scratch copies are small (10 kB a record) and are deleted after indexing.

It acts on internal builds only; the public site keeps Material's search of its few public pages.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from . import material
from .config import Bounded

WORKER = "incidentbook/search-worker.js"
BUNDLE = "pagefind"  # the primary index, where the worker loads pagefind.js from
MORE = "more"  # the other indexes: pagefind/more/1/, pagefind/more/2/, ...
MANIFEST = "incidentbook-indexes.json"  # in pagefind/: the other indexes' folders, for the worker
RECORD_TEMPLATE = "incidentbook/postmortem.html"
# Pagefind processes at once: two halve the wall time on a two-core machine, and each holds one index.
JOBS = 2
# Files a merged index needs: the worker's page loads pagefind.js, its UI files and wasm once, from BUNDLE.
_MERGED_FILES = ("pagefind-entry.json", "index", "fragment", "filter")

log = get_plugin_logger(__name__)


class IncidentbookSearchConfig(base.Config):
    enabled = c.Type(bool, default=True)
    # Pagefind's memory grows with the pages of one index (about 170 KiB each): this bounds it.
    pages_per_index = Bounded(1, 100_000, default=2500)


def indexed(page: Page) -> bool:
    """Whether search should find ``page``: a post-mortem record or a page of the site's own docs.

    Everything else the plugin generates lists or repeats records (status and history pages, the
    library index, browse pages, actions, metrics) and would match every query with a page that is
    not the record; the record holds the same text (its public updates and actions included).
    """
    if page.meta.get("template") == RECORD_TEMPLATE:
        return True
    return page.file.generated_by is None and page.file.abs_src_path is not None


def bundles(pages: list[str], pages_per_index: int) -> list[list[str]]:
    """``pages`` dealt round-robin into as few indexes as keep each within ``pages_per_index``.

    Round-robin rather than in runs keeps every index a sample of the whole site, so Pagefind's
    scores (which weigh a word by how rare it is in its index) stay comparable when merged.
    """
    count = max(1, -(-len(pages) // max(1, pages_per_index)))
    return [pages[i::count] for i in range(count)]


def run_pagefind(source: Path, output: Path) -> None:
    """Index the HTML files under ``source`` into the Pagefind bundle ``output``."""
    command = [sys.executable, "-m", "pagefind", "--site", str(source), "--output-path", str(output), "--silent"]
    try:
        subprocess.run(command, check=True, capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", None) or str(exc)
        raise PluginError(f"incidentbook-search: Pagefind failed to index {source}: {detail.strip()}") from None


def build_indexes(scratch: Path, pages: list[str], site_dir: Path, pages_per_index: int) -> int:
    """Index the article copies ``scratch/<page>`` into ``site_dir/pagefind/``; return the index count.

    Index 0 is the primary bundle; index ``n`` goes to ``pagefind/more/n/`` with only the files a
    merged index needs, and ``pagefind/incidentbook-indexes.json`` lists those folders for the worker.
    """
    root = site_dir / BUNDLE
    shutil.rmtree(root, ignore_errors=True)
    if not pages:
        log.info("no record or handbook page to index: the site has no search index")
        return 0
    groups = bundles(pages, pages_per_index)
    sources = []
    for number, group in enumerate(groups):
        source = scratch.parent / f"index-{number}"
        for page in group:
            target = source / page
            target.parent.mkdir(parents=True, exist_ok=True)
            (scratch / page).rename(target)
        sources.append(source)
    outputs = [root] + [root / MORE / str(n) for n in range(1, len(groups))]
    with ThreadPoolExecutor(max_workers=JOBS) as pool:
        list(pool.map(run_pagefind, sources, outputs))  # list() re-raises the first failure
    for output in outputs[1:]:
        for entry in output.iterdir():
            if entry.name in _MERGED_FILES or entry.name.endswith(".pf_meta"):
                continue
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    merged = [f"{MORE}/{n}/" for n in range(1, len(groups))]
    (root / MANIFEST).write_text(json.dumps({"merge": merged}), encoding="utf-8")
    return len(groups)


class IncidentbookSearchPlugin(BasePlugin[IncidentbookSearchConfig]):
    scratch: Path | None = None
    pages: list[str]

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        incidentbook = config.plugins.get("incidentbook")
        self.active = bool(
            self.config.enabled and incidentbook is not None and incidentbook.config.audience == "internal"
        )
        if self.active and material.SEARCH_PLUGIN not in config.plugins:
            raise PluginError("incidentbook-search answers Material's search box: add the 'search' plugin too")
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self._clean_up()
        self.pages = []
        if self.active:
            self.scratch = Path(tempfile.mkdtemp(prefix="incidentbook-search-")) / "pages"

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.active:
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return markdown

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if not self.active or self.scratch is None:
            return output
        pointed = material.point_to_worker(output, WORKER)
        if pointed is None:
            log.warning(f"{page.file.src_uri}: Material's search worker is not in the page; its search box cannot use Pagefind")
            return output
        if indexed(page):
            copy = material.article_page(output)
            if copy is None:
                log.warning(f"{page.file.src_uri}: no Material article in the page; search will not find it")
            else:
                target = self.scratch / page.file.dest_uri
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(copy, encoding="utf-8")
                self.pages.append(page.file.dest_uri)
        return pointed

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        try:
            if self.active and self.scratch is not None:
                build_indexes(self.scratch, self.pages, Path(config.site_dir), self.config.pages_per_index)
        finally:
            self._clean_up()

    def on_build_error(self, *, error: Exception) -> None:
        self._clean_up()

    def _clean_up(self) -> None:
        if self.scratch is not None:
            shutil.rmtree(self.scratch.parent, ignore_errors=True)
            self.scratch = None
