"""Untrusted Markdown to safe HTML.

Update messages and public summaries come from pull requests, so they are rendered with plain
Python-Markdown (no raw-HTML-friendly extensions such as attr_list or md_in_html) and then cleaned by
nh3 with an allow-list: no script, no event handler, no ``javascript:`` or ``data:`` URL survives.
"""

from __future__ import annotations

import html
from functools import lru_cache

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "a", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote", "hr",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "del",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}

_markdown = markdown.Markdown(extensions=["tables"], output_format="html")


def sanitize(html: str) -> str:
    """Clean HTML with the allow-list (links get rel="nofollow noopener noreferrer")."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


@lru_cache(maxsize=4096)
def safe_markdown(text: str) -> str:
    """Render untrusted Markdown to sanitized HTML."""
    _markdown.reset()
    return sanitize(_markdown.convert(text))


def plain_text(text: str) -> str:
    """Untrusted Markdown reduced to text without any markup (for titles, feeds' summaries, calendars)."""
    return html.unescape(nh3.clean(safe_markdown(text), tags=set())).strip()
