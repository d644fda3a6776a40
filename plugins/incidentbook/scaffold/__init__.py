"""What ``incidentbook init`` writes: a new incident repository for one company.

The files are templates in ``files/`` (dot files are stored without their dot, so they ship in the
wheel), filled with ``@@{name}`` placeholders: the workflows hold GitHub's ``${{ }}`` expressions and
shell ``$VARIABLES``, which Jinja or ``string.Template`` would take for their own. The catalog is
written from the company's components, and the result must pass ``incidentbook check`` and both
builds as it is.
"""

from __future__ import annotations

import json
import re
import shutil
import string
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import metadata
from pathlib import Path

from ..core.records.errors import UsageError
from ..core.records.schema import SCHEMA_DIR

FILES = Path(__file__).resolve().parent / "files"
# Templates stored without a leading dot (setuptools and globs skip dot files): their real names.
RENAMED = {"gitignore": ".gitignore", "github": ".github"}
SCHEMAS = ("record", "catalog")


class _Template(string.Template):
    delimiter = "@@"


def version() -> str:
    """The installed incidentbook's version: what the workflows it writes install."""
    try:
        return metadata.version("incidentbook")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "0.0.0"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "component"


@dataclass
class ComponentSpec:
    """One ``--component [GROUP/]NAME[@TEAM]``."""

    name: str
    group: str | None = None
    team: str | None = None

    @classmethod
    def parse(cls, text: str) -> ComponentSpec:
        rest, _, team = text.partition("@")
        group, _, name = rest.rpartition("/")
        if not name.strip():
            raise UsageError(f"--component {text!r}: write [GROUP/]NAME[@TEAM], e.g. 'Web app/Checkout@payments'")
        return cls(name=name.strip(), group=group.strip() or None, team=team.strip() or None)

    @property
    def id(self) -> str:
        return _slug(self.name)


@dataclass
class Company:
    """What ``init`` asks: the company's name, its status page address and its components."""

    name: str
    url: str
    components: list[ComponentSpec] = field(default_factory=list)
    homepage: str | None = None
    contact: str | None = None
    repo: str | None = None
    language: str = "en"
    time_zone: str = "Etc/UTC"
    logo: Path | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise UsageError("--name: the company's name must not be empty")
        if not re.match(r"https?://[^\s/]+", self.url):
            raise UsageError(f"--url {self.url!r}: the status page's address, e.g. https://status.example.com/")
        if not self.components:
            self.components = [ComponentSpec("Website"), ComponentSpec("API")]
        ids = [c.id for c in self.components]
        if len(set(ids)) != len(ids):
            raise UsageError(f"--component: two components give the same id ({', '.join(ids)})")
        if self.logo is not None and not self.logo.is_file():
            raise UsageError(f"--logo {self.logo}: no such file")


def _yaml_text(text: str) -> str:
    """A YAML scalar for any text: JSON strings are valid YAML."""
    return json.dumps(text, ensure_ascii=False)


def catalog(company: Company) -> str:
    """``incidents/catalog.yml`` for the company's components, with the default severity policy."""
    teams = sorted({c.team for c in company.components if c.team})
    lines = [
        "# yaml-language-server: $schema=../schemas/catalog.schema.json",
        "# Severities, components and teams that records refer to (incidentbook docs: the catalog).",
        "severities:",
        "  - id: critical",
        "    name: Critical",
        "    description: Most customers cannot use a core feature",
        "    postmortem: required",
        "    action_due_days: 14",
        "  - id: major",
        "    name: Major",
        "    description: A core feature is degraded or some customers cannot use it",
        "    postmortem: required",
        "    action_due_days: 30",
        "  - id: minor",
        "    name: Minor",
        "    description: Limited impact, a workaround exists",
        "    action_due_days: 60",
        "components:",
    ]
    for component in company.components:
        lines += [f"  - id: {component.id}", f"    name: {_yaml_text(component.name)}"]
        if component.group:
            lines.append(f"    group: {_yaml_text(component.group)}")
        if component.team:
            lines.append(f"    owner: {_slug(component.team)}")
    if teams:
        lines.append("teams:")
        for team in teams:
            lines += [f"  - id: {_slug(team)}", f"    name: {_yaml_text(team)}"]
    lines += [
        "# Message templates, by name and status: incidentbook update ID --status identified --template outage",
        "# ({components}: the affected components' names, {title}: the public title). Quote each message.",
        "templates:",
        "  outage:",
        '    investigating: "We are investigating problems with {components}."',
        '    identified: "We have found the cause of the problems with {components} and are working on a fix."',
        '    monitoring: "A fix is in place and we are watching {components} closely."',
        '    resolved: "{components}: working normally again. We are sorry for the disruption."',
        "  maintenance:",
        '    scheduled: "We will carry out maintenance on {components}. We will post here when it starts."',
        '    in_progress: "The maintenance of {components} has started."',
        '    completed: "The maintenance of {components} is complete."',
        '    cancelled: "The maintenance of {components} has been called off; we will announce a new date."',
    ]
    return "\n".join(lines) + "\n"


def example_incident(company: Company, now: datetime) -> tuple[str, str]:
    """A resolved example incident on the first component: (path under the repository, text)."""
    component = company.components[0]
    start = (now - timedelta(days=1)).replace(hour=9, minute=12, second=0, microsecond=0)  # yesterday: past at any hour
    end = start + timedelta(minutes=46)
    day = start.strftime("%Y-%m-%d")
    stamp = "%Y-%m-%dT%H:%M:%SZ"
    text = f"""---
# yaml-language-server: $schema=../../schemas/record.schema.json
title: Example - {component.name} slow after a configuration change
severity: minor
status: resolved
visibility: internal
components:
  {component.id}: degraded_performance
started: {start.strftime(stamp)}
mitigated: {end.strftime(stamp)}
resolved: {end.strftime(stamp)}
updates:
  - at: {start.strftime(stamp)}
    status: investigating
    message: We are investigating slow responses.
  - at: {end.strftime(stamp)}
    status: resolved
    message: Responses are fast again.
---

## Summary
An example record written by `incidentbook init`: delete it once you have declared your first incident.
"""
    return f"incidents/{start:%Y}/{day}-example-{component.id}-slow.md", text


def files(company: Company, now: datetime, example: bool = False) -> dict[str, str | Path]:
    """Every file of the new repository: path -> text, or the Path of a file to copy."""
    first = company.components[0]
    logo_lines = ""
    out: dict[str, str | Path] = {}
    if company.logo is not None:
        logo = f"assets/logo{company.logo.suffix.lower()}"
        out[f"theme_overrides/{logo}"] = company.logo
        logo_lines = f"  logo: {logo}\n  favicon: {logo}\n"
    values = {
        "company": company.name,
        "internal_site_name": _yaml_text(f"{company.name} incidents"),
        "public_site_name": _yaml_text(f"{company.name} status"),
        "url": company.url.rstrip("/") + "/",
        "version": version(),
        "language": company.language,
        "time_zone": company.time_zone,
        "first_severity": "major",
        "first_component": first.id,
        "repo_lines": (f"repo_url: {company.repo}\nedit_uri: edit/main/\n" if company.repo else ""),
        "logo_lines": logo_lines,
        "homepage_lines": (f"  homepage: {company.homepage}   # where the logo leads\n" if company.homepage else ""),
        "contact_lines": (f"    contact_url: {company.contact}\n" if company.contact else ""),
        "copyright_lines": f"copyright: {_yaml_text('© ' + company.name)}\n",
    }
    for source in sorted(FILES.rglob("*")):
        if source.is_file():
            relative = source.relative_to(FILES).as_posix()
            first_part, _, rest = relative.partition("/")
            target = RENAMED.get(first_part, first_part) + (f"/{rest}" if rest else "")
            out[target] = _Template(source.read_text(encoding="utf-8")).substitute(values)
    out["incidents/catalog.yml"] = catalog(company)
    for name in SCHEMAS:
        out[f"schemas/{name}.schema.json"] = SCHEMA_DIR / f"{name}.schema.json"
    if example:
        path, text = example_incident(company, now)
        out[path] = text
    return out


def write(target: Path, planned: dict[str, str | Path], force: bool = False) -> list[Path]:
    """Write ``planned`` under ``target``; refuse (writing nothing) if a file exists, unless ``force``."""
    existing = [path for path in planned if (target / path).exists() or (target / path).is_symlink()]
    if existing and not force:
        raise UsageError(
            f"{target} already has {', '.join(sorted(existing))}; nothing was written (--force overwrites them)"
        )
    written = []
    for path, content in planned.items():
        destination = target / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        if destination.is_symlink():
            destination.unlink()
        if isinstance(content, Path):
            shutil.copyfile(content, destination)
        else:
            destination.write_text(content, encoding="utf-8")
        written.append(destination)
    return written
