"""Untrusted record text, made safe for each format that publishes it.

Update messages and public summaries come from pull requests, so they are rendered with plain
Python-Markdown (no raw-HTML-friendly extensions such as attr_list or md_in_html) and then cleaned by
nh3 with an allow-list: no script, no event handler, no ``javascript:`` or ``data:`` URL survives.

Every text field of a published file is sanitised HTML (:func:`safe_markdown`, :func:`sanitize`) or
plain text (:func:`plain_text`), and each format has one function all its text goes through:
:func:`json_text` for the Statuspage API, :func:`xml_text` for every text and attribute the feeds and
SVG badges write, :func:`ical_text` for the calendar, :func:`html_text` for what the theme prints
without escaping (page titles, descriptions, search tags). None of them lets a control character through.
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
# Characters no published text may hold: C0 controls other than tab and line breaks, DEL, C1 controls,
# lone surrogates and U+FFFE/F. XML 1.0 forbids most of them, RFC 5545 text has no place for any (strict
# calendar parsers reject the whole file), HTML parsers report them as errors, and nh3 cannot take a
# lone surrogate at all.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# One line of words and common punctuation, without Markdown's syntax characters or surrounding space:
# Python-Markdown's output for it is the text in a paragraph (tests/test_public_hardening.py compares).
_PLAIN = re.compile(r"[A-Za-z](?:[A-Za-z0-9 ,.;:'()?/%@$–—’\"-]*[A-Za-z0-9,.;:'()?/%@$–—’\"-])?")
PLAIN_TEXT_ROUNDS = 8  # markup hidden under more layers of escaping than this is dropped with every '<'


def sanitize(html: str) -> str:
    """Clean HTML with the allow-list (links get rel="nofollow noopener noreferrer").

    Control characters go before cleaning and again after it, since a character reference such as
    ``&#1;`` comes out of the HTML parser as the character itself.
    """
    cleaned = nh3.clean(
        _CONTROL.sub("", html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )
    return _CONTROL.sub("", cleaned)


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
    """One round of cleaning: no element, entities decoded, and no control character that decoding
    revealed (dropping one later could join ``<`` to a tag name and make an element)."""
    return _CONTROL.sub("", html.unescape(nh3.clean(text, tags=set())))


@lru_cache(maxsize=1 << 16)
def plain_text(text: str) -> str:
    """Untrusted Markdown reduced to text without any markup or control character.

    Consumers of this text (RSS readers, chat bots reading the API) often render it as HTML. Unescaping
    once can reveal markup written as a code span or as entities (``&lt;img onerror=…&gt;``), so the
    text is cleaned again until cleaning changes nothing: then an HTML parser finds no element in it.
    Cached like :func:`safe_markdown`: component names recur in every incident of every endpoint.
    """
    result = _strip_markup(safe_markdown(text))
    for _ in range(PLAIN_TEXT_ROUNDS):
        cleaned = _strip_markup(result)
        if cleaned == result:
            return result.strip()
        result = cleaned
    return result.replace("<", "").strip()


def json_text(text: str) -> str:
    """A text field of a published JSON file: plain text, because widgets and chat bots put API names,
    descriptions and update bodies into HTML as they are."""
    return plain_text(text)


def xml_text(text: str) -> str:
    """``text`` without control characters, for every text and attribute of a feed or SVG badge.

    ElementTree escapes markup but writes these as they are, and one of them in one update would make a
    whole feed or badge unreadable for every subscriber. The text itself is plain (:func:`plain_text`)
    or sanitised HTML (:func:`sanitize`), as the field requires.
    """
    return _CONTROL.sub("", text)


def ical_text(text: str) -> str:
    """A TEXT property of the calendar: plain text with line breaks as LF, which the iCalendar writer
    escapes as ``\\n``; a bare CR would end the content line and break the file."""
    return plain_text(text).replace("\r\n", "\n").replace("\r", "\n")


def html_text(text: str) -> str:
    """Text that the theme prints into HTML without escaping it (MkDocs and Material print page titles,
    descriptions and search tags as they are): escaped, without control characters."""
    return html.escape(_CONTROL.sub("", text))
