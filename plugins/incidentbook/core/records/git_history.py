"""Each record's change history from git: the audit trail of who changed a record, when and why.

One ``git log`` runs per build for the whole records folder and its output is split per file, so a build
with thousands of records costs one process, not thousands. Without git, outside a repository or when
git fails for any reason, there is simply no history: a build never fails because of it.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

# Every field ends in NUL, the one byte no subject, author or file name can hold; an empty field starts
# each commit. With -z git ends the message with another NUL, then lists the commit's files, each ending
# in NUL, the first after a newline.
_FORMAT = "%x00%H%x00%aI%x00%aN%x00%s%x00"


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


def _git(folder: Path, *args: str) -> bytes | None:
    try:
        done = subprocess.run(
            ["git", "-c", "log.showSignature=false", *args], cwd=folder, capture_output=True, check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return done.stdout


def parse_log(output: bytes, top: Path) -> dict[Path, list[Commit]]:
    """Split ``git log -z --name-only`` output in :data:`_FORMAT` into commits per absolute file path.

    The output is split on NUL only, so a subject holding any other byte (control characters, the
    separators of other formats, invalid UTF-8) cannot shift the fields. Subjects and names of authors are
    decoded with replacement characters, for pages; file names as the file system decodes them, so they
    match the paths of the records.
    """
    result: dict[Path, list[Commit]] = {}
    fields = output.split(b"\0")
    at = 0
    while at + 5 <= len(fields) and fields[at] == b"":
        sha, when, author, subject = (field.decode("utf-8", errors="replace") for field in fields[at + 1:at + 5])
        commit = Commit(sha, datetime.fromisoformat(when).astimezone(timezone.utc), author, subject)
        at += 6  # the four fields, the start of the commit and git's NUL after its message
        names: list[bytes] = []
        while at < len(fields) and fields[at]:  # a file name is never empty: the next commit starts at b""
            names.append(fields[at])
            at += 1
        if names:
            names[0] = names[0].removeprefix(b"\n")
        for name in names:
            result.setdefault((top / os.fsdecode(name)).resolve(), []).append(commit)
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
    top_line, _, shallow_line = where.rstrip(b"\n").partition(b"\n")
    top = Path(os.fsdecode(top_line)).resolve()
    log = _git(folder, "log", "-z", "--name-only", "--no-renames", f"--format={_FORMAT}", "--", ".")
    commits = parse_log(log, top) if log else {}  # no log: a repository without commits yet
    return History(top=top, shallow=shallow_line.strip() == b"true", commits=commits)
