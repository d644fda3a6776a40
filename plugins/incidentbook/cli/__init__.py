"""The ``incidentbook`` command line: check records, declare and update incidents, list actions, stats.

Each command lives in its own module with ``register(subparsers)``; a command returns its exit status.
Problems in records and usage mistakes are printed as sentences, never as tracebacks.
"""

from __future__ import annotations

import argparse
import os
import sys
from importlib import import_module, metadata

from ..core.records.errors import UsageError, ValidationFailed

# Each command and the module that defines it, in the order the help lists them.
ALIASES = {"status": "list"}
COMMANDS = {
    "init": "init", "list": "listing", "check": "check", "new": "edit", "update": "edit", "resolve": "edit", "cancel": "edit", "reopen": "edit",
    "actions": "actions", "stats": "stats", "leakscan": "leakscan", "schema": "schema",
    "github-event": "github_event",
}


def parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line; given the ``command`` about to run, only the module that defines it is imported.

    Why: each module imports what its commands need (the editor, metrics, the leak scanner...); on a
    clean checkout, importing them all was a third of the start of ``incidentbook check``.
    """
    root = argparse.ArgumentParser(
        prog="incidentbook",
        description="Incidents, maintenances and post-mortems as Markdown in git.",
    )
    root.add_argument("--version", action="version", version=f"incidentbook {version()}")
    sub = root.add_subparsers(dest="command", metavar="COMMAND", required=True)
    command = ALIASES.get(command or "", command)
    modules = [COMMANDS[command]] if command in COMMANDS else dict.fromkeys(COMMANDS.values())
    for name in modules:
        import_module(f"{__name__}.{name}").register(sub)
    return root


def version() -> str:
    try:
        return metadata.version("incidentbook")
    except metadata.PackageNotFoundError:  # a source tree that was never installed
        return "unknown"


# Options whose value may be a time before now such as "-15m", which argparse would take for an option.
TIME_OPTIONS = frozenset({"--at", "--started", "--detected", "--acknowledged"})


def _join_times(argv: list[str]) -> list[str]:
    """``--at -15m`` as ``--at=-15m``, so a relative time needs no ``=`` at 3 a.m."""
    out: list[str] = []
    for arg in argv:
        if out and out[-1] in TIME_OPTIONS and arg.startswith("-") and arg[1:2].isdigit():
            out[-1] = f"{out[-1]}={arg}"
        else:
            out.append(arg)
    return out


def main(argv: list[str] | None = None) -> int:
    argv = _join_times(sys.argv[1:] if argv is None else argv)
    if not argv:  # `incidentbook` alone: what it can do
        parser().print_help()
        return 0
    command = next((arg for arg in argv if not arg.startswith("-")), None)  # the root has no other options
    args = parser(command).parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except BrokenPipeError:  # `incidentbook list | head`: the reader has all it wanted
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except ValidationFailed as exc:
        print(exc.report(), file=sys.stderr)
        print(f"incidentbook: {exc}", file=sys.stderr)
        return 1
    except UsageError as exc:
        print(f"incidentbook: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
