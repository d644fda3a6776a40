"""Problems found in records, reported with file, line and column so people can fix them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file; ``line`` and ``col`` are 1-based."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


class ValidationFailed(Exception):
    """Raised with every problem of every file, never only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        count = len(self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the records")

    def report(self) -> str:
        """The problems one per line, as compilers print them."""
        return "\n".join(str(p) for p in self.problems)


class UsageError(Exception):
    """A command-line or configuration mistake, shown to the user as one sentence."""


EXCERPT = 60  # characters of a value a message quotes


def excerpt(value: object, limit: int = EXCERPT) -> str:
    """``repr`` of a value cut to ``limit`` characters: a message names a value, it never prints a file.

    Why: problems go to CI logs, and a hostile pull request could point a field (or a symbolic link)
    at text that must not be printed there in full.
    """
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
