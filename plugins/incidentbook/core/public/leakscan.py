"""Post-build leak scan: prove that nothing internal reached a built public site.

The public build is only handed the allow-listed public view (``core/public/view.py``); this scan is the
independent second line of defence that runs after the build, in CI, before anything is deployed. It
reads the full records, collects strings that only internal data holds, and looks for them in every file
of the built site as a visitor, crawler or search engine gets it (gzipped files are unpacked, so the
sitemap and search index are covered). It also rejects record source files, symbolic links and the
internal-only sections in the site. docs/publishing.md lists exactly what is checked.

False positives stop deployments, so matching is case-sensitive, short strings are skipped or only
matched as whole tokens, and any string that the public view itself contains is never looked for.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator

from ..records.loader import CATALOG_FILE, Book
from ..records.model import (
    ACTION_STATUSES,
    COMPONENT_STATUSES,
    IMPACTS,
    INCIDENT_STATUSES,
    MAINTENANCE_STATUSES,
    Record,
)
from ..text.i18n import available_languages, labels
from .view import public_view

MIN_ID = 8  # ids of internal and drill records, matched as whole tokens
MIN_NAME = 3  # people and teams, whole tokens, in document files only
MIN_TITLE = 12  # record and action titles, ticket links
MIN_VALUE = 8  # string values of x- fields
MIN_TEXT = 24  # post-mortem body fragments, summaries and update messages of internal records
PREVIEW = 40  # at most this many characters of a leaked string are ever printed

# Files made from record data; theme code (.js, .css) is full of short words that look like names.
DOCUMENT_SUFFIXES = frozenset({".html", ".htm", ".xml", ".json", ".txt", ".atom", ".rss", ".ics", ".svg", ".csv"})
INTERNAL_SECTIONS = frozenset({"postmortems", "actions", "metrics", "exports"})
INTERNAL_KEYS = (
    "lead", "responders", "team", "severity", "visibility", "drill", "postmortem", "postmortem_status",
    "detected", "acknowledged", "actions_open", "actions_total", "time_to_detect", "time_to_acknowledge",
)

_TOKEN = re.compile(r"[\w-]+")
_WHOLE_TOKEN = re.compile(r"[\w-]+\Z")
_JSON_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"(\s*:)?')
_INTERNAL_KEY = re.compile(r'"(x-[\w-]+|' + "|".join(INTERNAL_KEYS) + r')"\s*:')
_LIST_MARKER = re.compile(r"^\s*(?:[-+>]|\d+[.)])\s+")
_MARKUP = re.compile(r"[*_`\[\](){}<>|#~]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")

PHRASE, WORD, TAG = "phrase", "word", "tag"


@dataclass(frozen=True)
class Needle:
    """One internal string: where it comes from and how it is matched (phrase, whole token or JSON tag)."""

    text: str
    category: str
    source: str
    minimum: int  # shorter strings are too likely to occur by chance
    kind: str = PHRASE
    documents_only: bool = False


@dataclass(frozen=True, order=True)
class Leak:
    """One finding: a site file and what leaked into it, with a preview that never shows all of it."""

    file: str
    category: str
    source: str
    preview: str

    def __str__(self) -> str:
        shown = f' "{self.preview}"' if self.preview else ""
        return f"{self.file}: {self.category} ({self.source}){shown}"


@dataclass(frozen=True)
class ScanResult:
    leaks: list[Leak]
    files: int
    strings: int


def preview(text: str) -> str:
    """The start of a leaked string: enough to find it, never all of it (CI logs can be widely read)."""
    return text[: min(PREVIEW, len(text) // 2)].replace("\n", " ").replace("\r", " ") + "…"


def body_fragments(body: str) -> Iterator[str]:
    """Plain-text runs of a Markdown body that survive rendering unchanged: split at markup and sentences."""
    for line in body.splitlines():
        for run in _MARKUP.split(_LIST_MARKER.sub("", line)):
            for sentence in _SENTENCE_END.split(run):
                sentence = sentence.strip(" \t:;,-")
                if len(sentence) >= MIN_TEXT:
                    yield sentence


def _x_values(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _x_values(item)
    elif isinstance(value, list):
        for item in value:
            yield from _x_values(item)


def _token_or_phrase(text: str) -> str:
    return WORD if _WHOLE_TOKEN.match(text) else PHRASE


def _record_needles(record: Record) -> Iterator[Needle]:
    src = record.path
    if not record.is_public:
        yield Needle(record.id, "internal record id", src, MIN_ID, WORD)
        for text in filter(None, (record.title, record.public_title)):
            yield Needle(text, "internal record title", src, MIN_TITLE)
        for text in [record.public_summary or ""] + [u.message for u in record.updates]:
            yield Needle(text, "internal record text", src, MIN_TEXT)
    elif record.public_title and record.public_title != record.title:
        yield Needle(record.title, "internal title of a public record", src, MIN_TITLE)
    people = [record.lead, record.team, *record.responders, *(record.postmortem.authors if record.postmortem else [])]
    people += [a.owner for a in record.actions]
    for name in filter(None, people):
        yield Needle(name, "person or team", src, MIN_NAME, _token_or_phrase(name), documents_only=True)
    for action in record.actions:
        yield Needle(action.title, "action title", src, MIN_TITLE)
        for text in filter(None, (action.ticket, action.reason)):
            yield Needle(text, "action ticket or reason", src, MIN_TITLE)
    for key, value in record.extra.items():
        for text in _x_values(value):
            yield Needle(text, f"{key} value", src, MIN_VALUE, _token_or_phrase(text))
    for tag in record.tags:
        yield Needle(tag, "tag", src, 1, TAG)
    for fragment in body_fragments(record.body):
        yield Needle(fragment, "post-mortem text", src, MIN_TEXT)


def public_strings(book: Book) -> str:
    """:func:`public_parts` as one text, a part a line."""
    return "\n".join(public_parts(book))


def public_parts(book: Book) -> list[str]:
    """Everything the public site may print, a string each: needles found in it are not leaks.

    That is the public view of the records plus the site's own labels in every language, so a post-mortem
    sentence that repeats a public update or a page label is not reported.
    """
    view = public_view(book)
    parts = [*INCIDENT_STATUSES, *MAINTENANCE_STATUSES, *COMPONENT_STATUSES, *IMPACTS, *ACTION_STATUSES]
    own = Path(book.root).resolve().parent / "locales"  # a repository's own labels are public text too
    extra = str(own) if own.is_dir() else None
    for language in available_languages(extra):
        parts += labels(language, extra).values()
    for c in view.components:
        parts += [c.id, c.name, c.group or "", c.description or ""]
    for r in view.records:
        parts += [r.id, r.type, r.title, r.summary or "", *r.components]
        parts += [u.message for u in r.updates]
    return parts


_COMMENT = re.compile(r"(?:^|\s)#(.*)$")
_MODELINE = re.compile(r"\s*yaml-language-server:")


def yaml_comments(record: Record) -> Iterator[str]:
    """The comment text of a record's front matter, read from its file: comments are internal notes.

    Read per line without a YAML parser (parsers drop comments): a ``#`` at the start of a line or
    after white space. A ``#`` inside a quoted value or block scalar is taken too; such text is a value,
    which the public view allows where it is public, so it costs no false alarm.
    """
    try:
        text = record.source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return
    lines = text.splitlines()
    for line in lines[1:]:
        if line.rstrip() in ("---", "..."):
            break
        found = _COMMENT.search(line)
        if found and not _MODELINE.match(found.group(1)):
            yield found.group(1).strip()


def id_words_from_internal_title(record: Record, public_words: set[str]) -> list[str]:
    """Words of a public record's id that come from its internal title and from no public text.

    A public record's id is its URL and its id in the API and feeds, so it must come from public text;
    an id made from an internal title ("primary-db-dropped-by-ana") publishes that title.
    """
    if not record.is_public or not record.public_title or record.public_title == record.title:
        return []
    internal = {word.lower() for word in re.findall(r"\w+", record.title)}
    return [w for w in record.id.split("-") if len(w) >= MIN_NAME and not w.isdigit() and w in internal and w not in public_words]


def _parts_by_word(parts: list[str]) -> dict[str, list[str]]:
    """The public strings that hold each ASCII word as a token: where a phrase may hide, at a glance."""
    index: dict[str, list[str]] = {}
    for part in dict.fromkeys(parts):
        for word in set(_ANCHOR_TOKEN.findall(part)):
            index.setdefault(word, []).append(part)
    return index


def _in_public(text: str, allowed: str, by_word: dict[str, list[str]]) -> bool:
    """Whether ``text`` is part of a public string: searched only in the strings holding its anchor words."""
    words = anchors(text)
    if not words:
        return text in allowed
    candidates = min((by_word.get(word, []) for word in words[:3]), key=len)
    return any(text in part for part in candidates)


def needles(book: Book) -> list[Needle]:
    """Distinctive internal strings of every record, minus anything the public view itself contains."""
    parts = public_parts(book)
    allowed = "\n".join(parts)
    allowed_tokens = set(_TOKEN.findall(allowed))
    allowed_by_word = _parts_by_word(parts)
    ids = {r.id for r in book.records}
    public_words = {w.lower() for part in parts if part not in ids for w in re.findall(r"\w+", part)}
    found: dict[tuple[str, str], Needle] = {}
    for record in book.records:
        if id_words_from_internal_title(record, public_words):
            # The id itself is public text, so it is looked for past the filter below.
            found[(WORD, record.id)] = Needle(record.id, "public id made from the internal title", record.path, 1, WORD)
        for comment in yaml_comments(record):
            needle = Needle(comment, "YAML comment", record.path, MIN_TEXT)
            if len(comment) >= MIN_TEXT and comment not in allowed:
                found.setdefault((PHRASE, comment), needle)
        for needle in _record_needles(record):
            needle = replace(needle, text=needle.text.strip())
            text = needle.text
            public = text in allowed_tokens if needle.kind in (WORD, TAG) else _in_public(text, allowed, allowed_by_word)
            if len(text) >= needle.minimum and not public:
                found.setdefault((needle.kind, text), needle)
    return list(found.values())


def _json_forms(text: str) -> set[str]:
    """A string as a JSON file holds it: escaped with \\uXXXX, or with its characters as they are."""
    return {json.dumps(text)[1:-1], json.dumps(text, ensure_ascii=False)[1:-1]}


def _forms(text: str) -> set[str]:
    """How a string can appear in a built file: as written, HTML/XML-escaped (two styles), JSON-escaped."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return {
        text, escaped,
        escaped.replace('"', "&#34;").replace("'", "&#39;"),
        escaped.replace('"', "&quot;").replace("'", "&#x27;"),
        *_json_forms(text),
    }


def _site_files(site: Path) -> Iterator[tuple[Path, str, bool]]:
    """(path, path relative to the site, is a symlink) of every file and symlink, without following links."""
    for dirpath, dirnames, filenames in os.walk(site, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames) + [d for d in dirnames if (Path(dirpath) / d).is_symlink()]:
            path = Path(dirpath) / name
            yield path, path.relative_to(site).as_posix(), path.is_symlink()


def _contents(path: Path) -> tuple[str, str]:
    """The text of a file (gzip unpacked) and the suffix that says what kind of file it is."""
    data = path.read_bytes()
    name = PurePosixPath(path.name)
    if name.suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError):
            pass
        name = PurePosixPath(name.stem)
    return data.decode("utf-8", errors="replace"), name.suffix.lower()


_ANCHOR_TOKEN = re.compile(r"[A-Za-z0-9]+")
# Characters beside a phrase's anchor word that every form of the phrase keeps as they are or escapes
# into something that still starts and ends with a non-alphanumeric character (&amp; \" &#39;).
_SAFE_SEPARATORS = frozenset(" !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def anchors(text: str) -> list[str]:
    """The ASCII words inside ``text`` that are whole tokens in every form of ``text``, longest first.

    Why: a site file is only searched for the phrases whose anchor words it holds as tokens, a few
    set look-ups per phrase instead of one substring search per phrase and form (at 2,000 records,
    14,000 phrases times 1,900 files took over two minutes). A word at the phrase's edge could run on
    in the file ("ana" in "banana"), and one beside a character that JSON escapes as ``\\uXXXX`` or
    ``\\n`` would merge with the escape, so only words with safe neighbours inside the phrase count.
    """
    found = []
    for match in _ANCHOR_TOKEN.finditer(text):
        start, end = match.span()
        if 0 < start and end < len(text) and text[start - 1] in _SAFE_SEPARATORS and text[end] in _SAFE_SEPARATORS:
            found.append(match.group())
    return sorted(set(found), key=lambda word: (-len(word), word))


class _Matcher:
    """All needles, indexed by the form in which each kind is looked for."""

    def __init__(self, items: Iterable[Needle]) -> None:
        self.phrases: dict[str, Needle] = {}  # phrases without an anchor word: searched in every file
        # first anchor word -> (form, needle, the other anchor words a file must hold too)
        self.anchored: dict[str, list[tuple[str, Needle, frozenset[str]]]] = {}
        self.words: dict[str, Needle] = {}
        self.tags: dict[str, Needle] = {}
        for needle in items:
            if needle.kind == PHRASE:
                words = anchors(needle.text)
                forms = _forms(needle.text)
                if not words:
                    for form in forms:
                        self.phrases.setdefault(form, needle)
                    continue
                bucket = self.anchored.setdefault(words[0], [])
                bucket.extend((form, needle, frozenset(words[1:4])) for form in forms)
            elif needle.kind == WORD:
                self.words.setdefault(needle.text, needle)
            else:
                for form in _json_forms(needle.text):
                    self.tags.setdefault(form, needle)

    def hits(self, text: str, suffix: str) -> Iterator[Needle]:
        document = suffix in DOCUMENT_SUFFIXES
        for form, needle in self.phrases.items():
            if (document or not needle.documents_only) and form in text:
                yield needle
        tokens = set(_ANCHOR_TOKEN.findall(text))
        for anchor in tokens & self.anchored.keys():
            for form, needle, others in self.anchored[anchor]:
                if others <= tokens and (document or not needle.documents_only) and form in text:
                    yield needle
        for token in set(_TOKEN.findall(text)) & self.words.keys():
            needle = self.words[token]
            if document or not needle.documents_only:
                yield needle
        if suffix == ".json":
            values = {m.group(1) for m in _JSON_STRING.finditer(text) if not m.group(2)}
            yield from (self.tags[v] for v in values & self.tags.keys())


def scan_site(site: Path, book: Book) -> ScanResult:
    """Scan every file of a built public site for internal data of ``book``; see the module docstring."""
    items = needles(book)
    matcher = _Matcher(items)
    source_names = {r.source.name for r in book.records} | {CATALOG_FILE}
    leaks: set[Leak] = set()
    files = 0
    for path, rel, is_link in _site_files(site):
        files += 1
        if is_link:
            leaks.add(Leak(rel, "symbolic link", "site", ""))
            continue
        if path.name in source_names:
            leaks.add(Leak(rel, "record source file", "records folder", ""))
        if rel.split("/", 1)[0] in INTERNAL_SECTIONS:
            leaks.add(Leak(rel, "internal-only section", "internal site layout", ""))
        text, suffix = _contents(path)
        for needle in matcher.hits(text, suffix):
            leaks.add(Leak(rel, needle.category, needle.source, preview(needle.text)))
        if suffix == ".json":
            for key in {m.group(1) for m in _INTERNAL_KEY.finditer(text)}:
                leaks.add(Leak(rel, "internal field name", "record format", key))
    return ScanResult(leaks=sorted(leaks), files=files, strings=len(items))
