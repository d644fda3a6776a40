"""Labels of the generated pages in the theme's language (``theme.language``), English as fallback.

Labels live in ``locales/<language>/<feature>.json``; every feature keeps its own file so the labels
of one page can be translated (or added) without touching the others.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

LOCALES = Path(__file__).resolve().parents[2] / "locales"


def _read(language: str) -> dict[str, str]:
    result: dict[str, str] = {}
    folder = LOCALES / language
    if folder.is_dir():
        for file in sorted(folder.glob("*.json")):
            result.update(json.loads(file.read_text(encoding="utf-8")))
    return result


@cache
def labels(language: str) -> dict[str, str]:
    """English labels overlaid with the language's own (``pt-BR`` falls back to ``pt``, then English)."""
    result = _read("en")
    base = language.split("-")[0].lower()
    if base != "en":
        result.update(_read(base))
    if language != base:
        result.update(_read(language))
    return result


def available_languages() -> list[str]:
    """Languages with a locale folder: the leak scan counts the labels of every one as public text."""
    return sorted(p.name for p in LOCALES.iterdir() if p.is_dir())
