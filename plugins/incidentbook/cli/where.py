"""Which records folder a command works on: the one given, else the repository's around the current folder.

Why walk up: at 3 a.m. a command run from `incidents/2026/` or from `docs/` should find the records,
not fail with "the records folder does not exist".
"""

from __future__ import annotations

from pathlib import Path

from ..core.records.errors import UsageError

RECORDS = "incidents"
CATALOG = "catalog.yml"
HELP = "records folder (default: incidents/ of the repository around the current folder)"


def records_folder(given: str | None, start: Path | None = None) -> Path:
    """``given`` as it is, else the nearest ``incidents/`` with a catalog in the current folder or above."""
    if given is not None:
        return Path(given)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / RECORDS / CATALOG).is_file():
            found = folder / RECORDS
            try:
                return found.relative_to(Path.cwd().resolve()) if start is None else found
            except ValueError:
                return found
    raise UsageError(
        f"not inside an incident repository: no {RECORDS}/{CATALOG} in {here} or any folder above it; "
        "run the command in your incident repository, pass --records, or start one with `incidentbook init`"
    )
