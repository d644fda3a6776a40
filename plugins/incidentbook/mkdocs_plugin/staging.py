"""Build into a staging folder and put it in place only when the whole build succeeded.

Why: MkDocs empties ``site_dir`` first and writes into it as it goes, so a failed build (a template
error, a strict-mode warning, a crash) used to leave a partial or empty site, which a publish step
could then upload. Here ``mkdocs build`` writes beside ``site_dir`` and the finished site replaces
the old one in two renames at shutdown, after MkDocs' own strict-mode check; any failure removes the
staging folder and keeps the last good site. ``mkdocs serve`` and builds run from Python code (no
``on_startup``) write in place as before.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


class Staging:
    """The staging folder of one ``mkdocs build`` whose final ``site_dir`` is ``target``."""

    def __init__(self, target: str) -> None:
        self.target = Path(target).resolve()
        self.folder = self.target.with_name(f".{self.target.name}.incidentbook-staging")
        self.failed = False
        if self.folder.exists():
            shutil.rmtree(self.folder)  # left by a build that was killed

    def finish(self) -> bool:
        """Put the staged site in place if the build succeeded, else drop it; True when swapped."""
        if self.failed or not self.folder.is_dir():
            shutil.rmtree(self.folder, ignore_errors=True)
            return False
        old = self.target.with_name(f".{self.target.name}.incidentbook-old")
        shutil.rmtree(old, ignore_errors=True)
        if self.target.exists():
            for entry in self.target.iterdir():  # MkDocs keeps dot files (a .git of gh-pages): so do we
                if entry.name.startswith(".") and not (self.folder / entry.name).exists():
                    os.replace(entry, self.folder / entry.name)
            os.replace(self.target, old)
        os.replace(self.folder, self.target)
        shutil.rmtree(old, ignore_errors=True)
        return True
