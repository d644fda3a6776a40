"""ProperDocs, the fork of MkDocs 1.6 that keeps plugins, builds both example sites into MkDocs' pages.

Measured with ProperDocs 1.6.7, MkDocs 1.6.1 and mkdocs-material 9.8.2 (docs/portability.md): every
file of both sites is byte-identical except one line of each HTML page, Material's generator tag,
``mkdocs-1.6.1, mkdocs-material-9.8.2`` against ``mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.2``.
That tag is the only thing normalised here. ProperDocs finds our plugins through the ``mkdocs.plugins``
entry points and Material through ``mkdocs.themes``, and serves their ``mkdocs.*`` imports from its
own ``properdocs`` package.

Skipped when ``properdocs`` is not installed, except under ``CI=true``: CI installs it (the ``test``
extra), so there a missing ``properdocs`` fails the test.
"""

from __future__ import annotations

import difflib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sitebuild import REPO

NOW = "2026-11-23T12:00:00Z"
# Material writes <meta name="generator" content="mkdocs-{mkdocs_version}, mkdocs-material-{version}">;
# ProperDocs passes "ProperDocs 1.6.7" as mkdocs_version (properdocs/commands/build.py).
GENERATOR = re.compile(rb'<meta name="generator" content="mkdocs-(ProperDocs )?[0-9][^,"]*, (mkdocs-material-[^"]+)">')


def require_properdocs() -> None:
    if importlib.util.find_spec("properdocs") is not None:
        return
    reason = "properdocs is not installed (pip install properdocs==1.6.7)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI installs it with the test extra, so CI=true does not skip this test")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository, git history included, so both builds read the same files."""
    require_properdocs()
    target = tmp_path_factory.mktemp("properdocs") / "repo"

    def skip(folder: str, names: list[str]) -> set[str]:
        local = {".venv", "site", "site-public", "test-artifacts", ".pytest_cache", ".hypothesis"}
        return {n for n in names if n == "__pycache__" or (Path(folder) == REPO and n in local)}

    shutil.copytree(REPO, target, ignore=skip, symlinks=True)
    return target


def build(generator: str, repo: Path, config: str, site_dir: Path) -> None:
    """``python -m mkdocs|properdocs build --strict`` of an example config, at the example records' clock."""
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_STEP_SUMMARY"}
    env.update(INCIDENTBOOK_NOW=NOW, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", generator, "build", "--strict", "-f", str(repo / config),
                             "-d", str(site_dir)], cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{generator} build -f {config} failed:\n{output[-3000:]}"
    assert "Traceback" not in output, output[-3000:]


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def without_generator(html: bytes) -> bytes:
    return GENERATOR.sub(rb'<meta name="generator" content="GENERATOR, \2">', html, count=1)


@pytest.mark.parametrize("config", ["mkdocs.yml", "mkdocs.public.yml"])
def test_properdocs_builds_the_pages_mkdocs_builds(config: str, checkout: Path, tmp_path: Path) -> None:
    build("mkdocs", checkout, config, tmp_path / "mkdocs")
    build("properdocs", checkout, config, tmp_path / "properdocs")
    by_mkdocs, by_properdocs = files(tmp_path / "mkdocs"), files(tmp_path / "properdocs")

    assert sorted(by_properdocs) == sorted(by_mkdocs)
    pages = {name for name in by_mkdocs if name.endswith(".html")}
    assert "index.html" in pages and "404.html" in pages
    for name in pages:  # every page says which generator built it, once: the build really was ProperDocs'
        assert [m.group(1) for m in GENERATOR.finditer(by_mkdocs[name])] == [None], name
        assert [m.group(1) for m in GENERATOR.finditer(by_properdocs[name])] == [b"ProperDocs "], name

    differ = [name for name in by_mkdocs
              if (without_generator(by_mkdocs[name]) if name in pages else by_mkdocs[name])
              != (without_generator(by_properdocs[name]) if name in pages else by_properdocs[name])]
    if differ:
        first = differ[0]
        diff = "".join(difflib.unified_diff(
            by_mkdocs[first].decode("utf-8", "replace").splitlines(keepends=True),
            by_properdocs[first].decode("utf-8", "replace").splitlines(keepends=True),
            f"mkdocs/{first}", f"properdocs/{first}", n=1))
        pytest.fail(f"{len(differ)} of {len(by_mkdocs)} files differ beyond the generator tag: {differ[:10]}\n{diff[:3000]}")
