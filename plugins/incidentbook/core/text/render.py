"""Untrusted Markdown to safe HTML.

Update messages and public summaries come from pull requests, so they are rendered with plain
Python-Markdown (no raw-HTML-friendly extensions such as attr_list or md_in_html) and then cleaned by
nh3 with an allow-list: no script, no event handler, no ``javascript:`` or ``data:`` URL survives.
"""

from __future__ import annotations

import html
import re
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
# Characters XML 1.0 cannot hold (C0 controls other than tab and newlines, lone surrogates, U+FFFE/F).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# One line of words and common punctuation, without Markdown's syntax characters or surrounding space:
# Python-Markdown's output for it is the text in a paragraph (tests/test_public_hardening.py compares).
_PLAIN = re.compile(r"[A-Za-z](?:[A-Za-z0-9 ,.;:'()?/%@$–—’\"-]*[A-Za-z0-9,.;:'()?/%@$–—’\"-])?")
PLAIN_TEXT_ROUNDS = 8  # markup hidden under more layers of escaping than this is dropped with every '<'


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


@lru_cache(maxsize=1 << 16)
def safe_markdown(text: str) -> str:
    """Render untrusted Markdown to sanitized HTML.

    Cached: a build shows an update on its record's page, in the history, the feeds and the API, and
    the cache must outlast one pass over every update (tens of thousands in a long history). Most
    messages are one plain sentence, which the converter would only wrap in a paragraph: they skip it.
    """
    if _PLAIN.fullmatch(text):
        return sanitize(f"<p>{text}</p>")
    _markdown.reset()
    return sanitize(_markdown.convert(text))


def _strip_markup(text: str) -> str:
    return html.unescape(nh3.clean(text, tags=set()))


def plain_text(text: str) -> str:
    """Untrusted Markdown reduced to text without any markup (for titles, feeds' summaries, calendars).

    Consumers of this text (RSS readers, chat bots reading the API) often render it as HTML. Unescaping
    once can reveal markup written as a code span or as entities (``&lt;img onerror=…&gt;``), so the
    text is cleaned again until cleaning changes nothing: then an HTML parser finds no element in it.
    """
    result = _strip_markup(safe_markdown(text))
    for _ in range(PLAIN_TEXT_ROUNDS):
        cleaned = _strip_markup(result)
        if cleaned == result:
            return result.strip()
        result = cleaned
    return result.replace("<", "").strip()


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids: ElementTree writes them as they are, and one
    control character in one update would make a whole feed or badge unreadable for every subscriber."""
    return _NOT_XML.sub("", text)
