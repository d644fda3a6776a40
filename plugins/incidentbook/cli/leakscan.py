"""``incidentbook leakscan SITE_DIR [--records RECORDS]``: fail when internal data reached a built public site.

CI runs it after ``mkdocs build -f mkdocs.public.yml`` and before the deploy, so a leak never goes live.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.public.leakscan import scan_site
from ..core.records.errors import UsageError
from ..core.records.loader import load_book
from .where import HELP, records_folder


def register(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser(
        "leakscan", help="scan a built public site for internal record data",
        description="Scan every file of a built public site (gzip unpacked) for strings that only internal "
                    "data holds, record source files and symbolic links; exit 1 listing each finding.",
    )
    cmd.add_argument("site", help="the built public site folder, e.g. site-public")
    cmd.add_argument("--records", default=None, help=HELP)
    cmd.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    site = Path(args.site)
    if not site.is_dir():
        raise UsageError(f"{args.site} is not a folder: build the public site first (mkdocs build -f mkdocs.public.yml)")
    result = scan_site(site, load_book(records_folder(args.records)))
    for leak in result.leaks:
        print(leak)
    if result.leaks:
        print(f"incidentbook: {len(result.leaks)} leak(s) of internal data in {args.site}; do not publish it",
              file=sys.stderr)
        return 1
    print(f"incidentbook: no internal data in {args.site} ({result.files} files, {result.strings} internal strings checked)",
          file=sys.stderr)
    return 0
