"""Each record's change history from git: the audit trail of who changed a record, when and why.

One ``git log`` runs per build for the whole records folder and its output is split per file, so a build
with thousands of records costs one process, not thousands. Without git, outside a repository or when
git fails for any reason, there is simply no history: a build never fails because of it.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

_COMMIT = "\x1e"  # starts each commit in the log output
_FIELD = "\x1f"
_FORMAT = _COMMIT + _FIELD.join(("%H", "%aI", "%aN", "%s"))


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    date: datetime  # author date, in UTC
    author: str  # name after .mailmap
    message: str  # subject line


@dataclass
class History:
    """Commits per file of one records folder, newest first, and where the repository starts."""

    top: Path  # the repository's root folder
    shallow: bool  # a shallow clone: older commits are missing (CI checkouts default to depth 1)
    commits: dict[Path, list[Commit]] = field(default_factory=dict)

    def of(self, file: Path) -> list[Commit]:
        """The commits that touched ``file`` (any path to it), newest first; [] if never committed."""
        return self.commits.get(file.resolve(), [])


def _git(folder: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-c", "log.showSignature=false", *args], cwd=folder, capture_output=True, check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return done.stdout.decode("utf-8", errors="replace")


def parse_log(text: str, top: Path) -> dict[Path, list[Commit]]:
    """Split ``git log -z --name-only`` output in :data:`_FORMAT` into commits per absolute file path."""
    result: dict[Path, list[Commit]] = {}
    for chunk in text.split(_COMMIT)[1:]:
        header, _, names = chunk.partition("\0")
        sha, when, author, message = header.split(_FIELD, 3)
        commit = Commit(sha, datetime.fromisoformat(when).astimezone(timezone.utc), author, message)
        for name in names.split("\0"):
            name = name.strip("\n")
            if name:
                result.setdefault((top / name).resolve(), []).append(commit)
    return result


def read_history(folder: Path) -> History | None:
    """The history of every file under ``folder``, or None when it is not in a git work tree.

    Renames are not followed (``git log --follow`` takes one file at a time): a moved record's history
    starts at the move.
    """
    folder = Path(folder)
    where = _git(folder, "rev-parse", "--show-toplevel", "--is-shallow-repository")
    if where is None:
        return None
    top_line, _, shallow_line = where.strip().partition("\n")
    top = Path(top_line).resolve()
    log = _git(folder, "log", "-z", "--name-only", "--no-renames", f"--format={_FORMAT}", "--", ".")
    commits = parse_log(log, top) if log else {}  # no log: a repository without commits yet
    return History(top=top, shallow=shallow_line.strip() == "true", commits=commits)
