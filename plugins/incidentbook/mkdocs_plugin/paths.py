"""Path patterns of the ``public_files`` option.

Why not ``fnmatch``: its ``*`` crosses folders, so ``img/*`` also published ``img/internal/...``.
Here ``*`` and ``?`` stay within one folder and ``**`` spans folders, as in .gitignore and most globs.
"""

from __future__ import annotations

import re
from functools import cache


@cache
def _compile(pattern: str) -> re.Pattern[str]:
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and (end := pattern.find("]", i + 2)) > 0:
            body = pattern[i + 1 : end]
            out.append("[^" + re.escape(body[1:]) + "/]" if body.startswith("!") else "[" + re.escape(body) + "]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out))


def matches(path: str, pattern: str) -> bool:
    """Whether the docs-relative ``path`` (``/``-separated) is matched by ``pattern``."""
    return _compile(pattern).fullmatch(path) is not None
