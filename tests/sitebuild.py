"""Helpers shared by the tests: write fixture records and build real sites with MkDocs."""

from __future__ import annotations

import os
import textwrap
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_RECORDS = REPO / "incidents"

BASIC_CATALOG = {
    "severities": [
        {"id": "minor", "name": "Minor", "action_due_days": 60},
        {"id": "major", "name": "Major", "postmortem": "required", "action_due_days": 30},
        {"id": "critical", "name": "Critical", "postmortem": "required", "action_due_days": 15},
    ],
    "components": [
        {"id": "checkout", "name": "Checkout", "group": "Storefront", "owner": "payments-team"},
        {"id": "search", "name": "Search", "group": "Storefront", "owner": "discovery-team"},
        {"id": "payments-api", "name": "Payments API", "group": "API", "owner": "payments-team"},
        {"id": "webhooks", "name": "Webhooks", "group": "API", "owner": "platform-team"},
        {"id": "dashboard", "name": "Dashboard", "owner": "platform-team"},
    ],
    "teams": [
        {"id": "payments-team", "name": "Payments"},
        {"id": "discovery-team", "name": "Discovery"},
        {"id": "platform-team", "name": "Platform"},
    ],
}


def write_catalog(folder: Path, catalog: dict[str, Any] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "catalog.yml"
    path.write_text(yaml.safe_dump(catalog or BASIC_CATALOG, sort_keys=False), encoding="utf-8")
    return path


def write_record(folder: Path, record_id: str, front: dict[str, Any] | str, body: str = "") -> Path:
    """Write ``<folder>/<record_id>.md``; ``front`` is a dict (dumped as YAML) or raw YAML text."""
    folder.mkdir(parents=True, exist_ok=True)
    text = front if isinstance(front, str) else yaml.safe_dump(front, sort_keys=False, allow_unicode=True)
    path = folder / f"{record_id}.md"
    path.write_text("---\n" + textwrap.dedent(text).strip("\n") + "\n---\n" + textwrap.dedent(body), encoding="utf-8")
    return path


@contextmanager
def build_clock(now: str | None) -> Iterator[None]:
    old = os.environ.get("INCIDENTBOOK_NOW")
    if now is None:
        os.environ.pop("INCIDENTBOOK_NOW", None)
    else:
        os.environ["INCIDENTBOOK_NOW"] = now
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("INCIDENTBOOK_NOW", None)
        else:
            os.environ["INCIDENTBOOK_NOW"] = old


def build_site(
    workdir: Path,
    records: Path,
    audience: str = "internal",
    now: str | None = "2026-11-23T12:00:00Z",
    config: dict[str, Any] | None = None,
    plugin_options: dict[str, Any] | None = None,
) -> Path:
    """Build a site from ``records`` with Material and return its site_dir (strict mode)."""
    workdir.mkdir(parents=True, exist_ok=True)
    docs = workdir / "docs"
    docs.mkdir(exist_ok=True)
    site_dir = workdir / f"site-{audience}"
    cfg: dict[str, Any] = {
        "site_name": "Example status",
        "site_url": "https://status.example.com/",
        "docs_dir": str(docs),
        "site_dir": str(site_dir),
        "theme": {"name": "material", "font": False, "language": "en"},
        "plugins": {
            "search": {},
            "incidentbook": {"records": str(records), "audience": audience, **(plugin_options or {})},
        },
        "markdown_extensions": ["admonition", "tables", "pymdownx.details"],
    }
    cfg.update(config or {})
    config_file = workdir / f"mkdocs.{audience}.yml"
    config_file.write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")
    build_config(config_file, now)
    return site_dir


def build_config(config_file: Path, now: str | None = "2026-11-23T12:00:00Z") -> Path:
    """Build the site of an existing MkDocs config (strict), as ``mkdocs build`` does; return site_dir."""
    with build_clock(now):
        loaded = load_config(config_file=str(config_file), strict=True)
        site_dir = Path(loaded.site_dir)  # before on_config points it at the staging folder
        loaded.plugins.on_startup(command="build", dirty=False)
        try:
            build(loaded)
        finally:
            loaded.plugins.on_shutdown()
    return site_dir


def init_repository(folder: Path, *extra: str, now: str = "2026-11-23T12:00:00Z") -> Path:
    """A repository made by ``incidentbook init`` (the installed package), for tests of any feature."""
    from incidentbook.cli import main

    with build_clock(now):
        assert main(["init", str(folder), "--name", "Acme Rockets", "--url", "https://status.acme.test/",
                     "--component", "Storefront/Checkout@Payments", "--component", "Storefront/Search@Discovery",
                     "--component", "Public API", "--no-input", *extra]) == 0
    return folder


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")
