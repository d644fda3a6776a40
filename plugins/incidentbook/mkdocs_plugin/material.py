"""Everything incidentbook knows about mkdocs-material, in one place.

Material reaches end of life in May 2027. Whatever replaces it, these are the facts to port: how a
page's front matter steers the theme (sidebars, search boost, tags), how its frame includes the table
of contents, where its search worker and article sit in a rendered page, and its search plugin's name.
The rest of the adapter, and everything below it, speaks of pages in the theme-neutral terms of
:class:`incidentbook.site.Page`.
"""

from __future__ import annotations

import re
from typing import Any

from ..site import Page

SEARCH_PLUGIN = "material/search"
# page.meta keys Material's frame does not read; pages that differ only in these share a shell.
NOT_IN_FRAME = ("title", "tags", "search")
# How Material's base.html includes the table of contents: with its language macros and features.
TOC_WRAPPER = (
    '{% import "partials/language.html" as lang with context %}'
    "{% set features = config.theme.features or [] %}"
    '{% include "partials/toc.html" %}'
)
SIDEBARS = ("navigation", "toc")  # the sidebars Material's `hide` front matter can turn off

_ARTICLE = re.compile(r"<article\b[^>]*\bmd-content__inner\b.*?</article>", re.DOTALL)
_LANG = re.compile(r'<html\b[^>]*?\blang="([^"]*)"')
_WORKER = re.compile(r'("search":\s*"[^"]*?)assets/javascripts/workers/search\.[0-9a-f]+\.min\.js"')


def page_meta(page: Page) -> dict[str, Any]:
    """The front matter Material reads for ``page``: a new dict each call, which plugins may change."""
    meta: dict[str, Any] = {"title": page.title, "template": page.template}
    hidden = [name for name in SIDEBARS if name not in page.sidebars]
    if hidden:
        meta["hide"] = hidden
    if page.description:
        meta["description"] = page.description
    if page.search_boost is not None:
        meta["search"] = {"boost": page.search_boost}
    if page.keywords:
        meta["tags"] = list(page.keywords)  # Material's search weighs tags far above body text
    return meta


def point_to_worker(html: str, worker: str) -> str | None:
    """The page with Material's search worker replaced by ``worker``; None if the page is not Material's."""
    html, workers = _WORKER.subn(rf'\1{worker}"', html, count=1)
    return html if workers else None


def article_page(html: str) -> str | None:
    """A page holding only the article of ``html``, what a search indexer should read; None without one.

    The page keeps ``<html lang>`` (Pagefind picks its stemmer from it) and the article as written,
    with its ``data-pagefind-*`` attributes, heading anchors and first ``<h1>`` (the result title).
    """
    article = _ARTICLE.search(html)
    if article is None:
        return None
    lang = _LANG.search(html)
    lang_attribute = f' lang="{lang.group(1)}"' if lang else ""
    return f'<!DOCTYPE html><html{lang_attribute}><head><meta charset="utf-8"></head><body>{article.group(0)}</body></html>'
