"""``incidentbook github-event``: what the declare and incident-issues workflows run.

Reads the event GitHub hands the job (GITHUB_EVENT_NAME, GITHUB_EVENT_PATH), declares, updates or
resolves the record it asks for, prints one line saying what it did (the workflow's commit message)
and writes the comment to post on the issue to ``--reply``. Exit 0: done, nothing to do, or politely
refused; 2: the request is malformed (the reply says how to write it).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

from ..core.records.clock import build_now
from ..core.records.errors import UsageError
from ..declare.events import Malformed, apply, malformed_reply, parse_event

SITE_URL = re.compile(r"^site_url:[ \t]*['\"]?([^'\"\s#]+)", re.M)


def register(sub: argparse._SubParsersAction) -> None:
    command = sub.add_parser(
        "github-event", help="declare / update / resolve from a GitHub event (the workflows run this)",
        description="Carry out the workflow_dispatch inputs, issue form or /incident comment of the GitHub "
                    "event in GITHUB_EVENT_NAME / GITHUB_EVENT_PATH.",
    )
    command.add_argument("--records", default="incidents", help="records folder (default: incidents)")
    command.add_argument("--reply", type=Path, help="write the comment for the issue here (empty: none)")
    command.set_defaults(run=run)


def status_page_url() -> str | None:
    """The public site's address, from mkdocs.public.yml (else mkdocs.yml) in the current folder."""
    for name in ("mkdocs.public.yml", "mkdocs.yml"):
        try:
            found = SITE_URL.search(Path(name).read_text(encoding="utf-8"))
        except OSError:
            continue
        if found:
            return found.group(1)
    return None


def run(args: argparse.Namespace) -> int:
    name = os.environ.get("GITHUB_EVENT_NAME", "")
    event_path = os.environ.get("GITHUB_EVENT_PATH", "")
    if not name or not event_path:
        raise UsageError("GITHUB_EVENT_NAME and GITHUB_EVENT_PATH are not set: this command runs in GitHub Actions")
    try:
        payload = json.loads(Path(event_path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read the event payload {event_path}: {exc}") from None
    reply = ""
    request = None
    try:
        request = parse_event(name, payload)
        if request is None:
            print(f"nothing to do for this {name} event")
            status = 0
        else:
            outcome = apply(request, Path(args.records), build_now(), status_page_url())
            print(outcome.summary)
            reply = outcome.reply
            status = 0
    except Malformed as exc:
        print(f"incidentbook: the request is malformed: {exc}", file=sys.stderr)
        reply = malformed_reply(str(exc), request)
        status = 2
    if args.reply is not None:
        args.reply.write_text(reply + ("\n" if reply else ""), encoding="utf-8")
    return status
