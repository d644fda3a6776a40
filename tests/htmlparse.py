"""HTML reading shared by the tests that prove text stays text."""

from __future__ import annotations

from html.parser import HTMLParser


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def elements(text: str) -> list[str]:
    """The elements a reader that renders the text as HTML would create."""
    parser = _Elements()
    parser.feed(text)
    parser.close()
    return parser.tags
