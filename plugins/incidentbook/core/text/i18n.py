"""Labels of the generated pages in the theme's language (``theme.language``), English as fallback.

Labels live in ``locales/<language>/<feature>.json``; every feature keeps its own file so the labels
of one page can be translated (or added) without touching the others. An incident repository may
have a ``locales/`` folder of the same shape: its labels win over the package's, and a language only
it has becomes available, so a team changes a label or adds a language without forking the package.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

LOCALES = Path(__file__).resolve().parents[2] / "locales"


class LabelError(ValueError):
    """A label file of the repository that is not a JSON object of strings."""


def _read_folder(folder: Path) -> dict[str, str]:
    result: dict[str, str] = {}
    if folder.is_dir():
        for file in sorted(folder.glob("*.json")):
            try:
                data = json.loads(file.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise LabelError(f"{file}: not a JSON file of labels ({exc})") from None
            if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
                raise LabelError(f"{file}: labels are a JSON object of strings, e.g. {{\"status_banner_none\": \"All good\"}}")
            result.update(data)
    return result


def _read(language: str, extra: str | None) -> dict[str, str]:
    result = _read_folder(LOCALES / language)
    if extra:
        result.update(_read_folder(Path(extra) / language))
    return result


@cache
def labels(language: str, extra: str | None = None) -> dict[str, str]:
    """English labels overlaid with the language's own (``pt-BR`` falls back to ``pt``, then English);
    ``extra`` is a repository's ``locales/`` folder, whose labels win at every step."""
    result = _read("en", extra)
    base = language.split("-")[0].lower()
    if base != "en":
        result.update(_read(base, extra))
    if language != base:
        result.update(_read(language, extra))
    return result


def available_languages(extra: str | None = None) -> list[str]:
    """Languages with a locale folder: the leak scan counts the labels of every one as public text."""
    folders = [LOCALES] + ([Path(extra)] if extra and Path(extra).is_dir() else [])
    return sorted({p.name for folder in folders for p in folder.iterdir() if p.is_dir()})
