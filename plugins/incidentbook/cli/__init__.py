"""The ``incidentbook`` command line: check records, declare and update incidents, list actions, stats.

Each command lives in its own module with ``register(subparsers)``; a command returns its exit status.
Problems in records and usage mistakes are printed as sentences, never as tracebacks.
"""

from __future__ import annotations

import argparse
import sys
from importlib import import_module

from ..core.errors import UsageError, ValidationFailed

COMMANDS = ("check", "edit", "actions", "stats", "leakscan")


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="incidentbook",
        description="Incidents, maintenances and post-mortems as Markdown in git.",
    )
    sub = root.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        import_module(f"{__name__}.{name}").register(sub)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except ValidationFailed as exc:
        print(exc.report(), file=sys.stderr)
        print(f"incidentbook: {exc}", file=sys.stderr)
        return 1
    except UsageError as exc:
        print(f"incidentbook: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
