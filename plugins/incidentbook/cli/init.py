"""``incidentbook init [DIR]``: a new incident repository for one company, ready to check and build."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.records.clock import build_now
from ..core.records.errors import UsageError, ValidationFailed
from ..core.records.loader import read_book
from ..scaffold import Company, ComponentSpec, files, version, write


def register(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser(
        "init", help="start a new incident repository",
        description="Write a catalog, both MkDocs configs, a handbook page, theme overrides, the GitHub "
                    "workflows (installing this incidentbook version) and a README into DIR. Asks for "
                    "what the flags leave out when a terminal is attached.",
    )
    cmd.add_argument("dir", nargs="?", default=".", help="the repository folder (default: the current one)")
    cmd.add_argument("--name", help="the company's name, e.g. 'Acme'")
    cmd.add_argument("--url", help="the status page's address, e.g. https://status.acme.com/")
    cmd.add_argument("--component", action="append", default=[], metavar="[GROUP/]NAME[@TEAM]",
                     help="a component customers see, optionally in a group and owned by a team; repeatable "
                          "(default: Website and API)")
    cmd.add_argument("--homepage", help="the company's homepage: where the logo leads")
    cmd.add_argument("--contact", help="a support or contact address (https:// or mailto:) shown on the status page")
    cmd.add_argument("--repo", help="the incident repository's URL, for edit links on the internal site")
    cmd.add_argument("--logo", type=Path, help="an image file for the logo and favicon (copied into theme_overrides/assets/)")
    cmd.add_argument("--language", default="en", help="theme.language of both sites (default: en)")
    cmd.add_argument("--time-zone", default="Etc/UTC", help="IANA time zone of the pages (default: Etc/UTC)")
    cmd.add_argument("--example", action="store_true", help="also write one example incident")
    cmd.add_argument("--force", action="store_true", help="overwrite files that exist")
    cmd.add_argument("--no-input", action="store_true", help="never ask; fail when --name or --url is missing")
    cmd.set_defaults(run=run)


def _ask(question: str, default: str | None = None) -> str:
    shown = f" [{default}]" if default else ""
    answer = input(f"{question}{shown}: ").strip()
    return answer or (default or "")


def run(args: argparse.Namespace) -> int:
    name, url, components = args.name, args.url, [ComponentSpec.parse(c) for c in args.component]
    interactive = not args.no_input and sys.stdin.isatty()
    if interactive and not (name and url):
        name = name or _ask("Company name")
        url = url or _ask("Status page address", f"https://status.{name.lower().replace(' ', '')}.com/" if name else None)
        if not components:
            listed = _ask("Components customers see, comma-separated ([GROUP/]NAME[@TEAM])", "Website, API")
            components = [ComponentSpec.parse(c) for c in listed.split(",") if c.strip()]
    if not name or not url:
        raise UsageError("init needs --name and --url (or a terminal to ask them)")
    company = Company(name=name, url=url, components=components, homepage=args.homepage, contact=args.contact,
                      repo=args.repo, language=args.language, time_zone=args.time_zone, logo=args.logo)
    target = Path(args.dir)
    written = write(target, files(company, build_now(), example=args.example), force=args.force)
    _, problems = read_book(target / "incidents")
    if problems:  # the scaffold itself is wrong: say so rather than leave a repository that fails
        raise ValidationFailed(problems)
    for path in written:
        print(path)
    first = company.components[0].id
    print(f"""
incidentbook {version()}: a new incident repository for {company.name} in {target}.
Next:
  cd {target}
  incidentbook check
  incidentbook new "First incident" --severity major --component {first}=partial_outage
  mkdocs serve                                   (the internal site)
  mkdocs serve -f mkdocs.public.yml -a 127.0.0.1:8001   (the status page)
Push to GitHub and enable Pages (Settings > Pages > GitHub Actions) to publish the status page.""", file=sys.stderr)
    return 0
