"""Labels of the generated pages in the theme's language (``theme.language``), English as fallback."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

LOCALES = Path(__file__).resolve().parent.parent / "locales"


@cache
def labels(language: str) -> dict[str, str]:
    """English labels overlaid with the language's own (``pt-BR`` falls back to ``pt``, then English)."""
    result = json.loads((LOCALES / "en.json").read_text(encoding="utf-8"))
    for code in (language.split("-")[0], language):
        file = LOCALES / f"{code}.json"
        if code != "en" and file.is_file():
            result.update(json.loads(file.read_text(encoding="utf-8")))
    return result
