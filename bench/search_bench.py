"""Search at scale: does the internal site's search stay usable with thousands of records?

Generates records with ``bench/generate.py``, plants one word in a single record's Learnings section,
builds the internal site and measures: build time, site size, the post-mortem library index's size,
the search index (Material's one lunr ``search_index.json``, or Pagefind's shards and what one query
fetches), and the time from typing into Material's search box in Chromium (30 ms between key presses)
until the first result shown is the planted record; a run where it never is fails with a timeout.

Usage::

    python bench/search_bench.py                      # 5,000 records, Pagefind (as mkdocs.yml ships)
    python bench/search_bench.py --engine material    # the same with Material's lunr search
    python bench/search_bench.py --records 500 --out bench/results/search.json

``measure(records, engine, workdir)`` returns the figures as a dict for other benchmarks.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import shutil
import sys
import threading
import time
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import NOW_TEXT, generate  # noqa: E402  (bench/ is not a package)

WORD = "quokkalith"  # in no dictionary and in no generated text: only the planted record has it
CHROMIUM = "/usr/bin/chromium"
EXTENSIONS = {
    "admonition": {}, "tables": {}, "attr_list": {}, "md_in_html": {}, "footnotes": {}, "def_list": {},
    "toc": {"permalink": True}, "pymdownx.details": {}, "pymdownx.highlight": {}, "pymdownx.superfences": {},
}


def plant_word(records: Path) -> str:
    """Put :data:`WORD` in the Learnings section of one record with a post-mortem; return its id."""
    for file in sorted(records.rglob("*.md")):
        text = file.read_text(encoding="utf-8")
        if "\n## Learnings\n" in text:
            text = text.replace("\n## Learnings\n", f"\n## Learnings\n\nNobody had seen a {WORD} failure before.\n", 1)
            file.write_text(text, encoding="utf-8")
            found = re.search(r"^id:\s*(\S+)", text, re.M)
            return found.group(1) if found else file.stem
    raise RuntimeError("no generated record has a Learnings section")


def build_site(records: Path, workdir: Path, engine: str) -> tuple[Path, float]:
    """Build the internal site like mkdocs.yml does; return its folder and the build time in seconds."""
    docs = workdir / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    plugins: dict[str, Any] = {"search": {}, "incidentbook": {"records": str(records), "audience": "internal"}}
    if engine == "pagefind":
        plugins["incidentbook-search"] = {}
    config = {
        "site_name": "Search benchmark", "site_url": "https://incidents.example.com/",
        "docs_dir": str(docs), "site_dir": str(workdir / "site"),
        "theme": {"name": "material", "font": False}, "plugins": plugins, "markdown_extensions": EXTENSIONS,
    }
    config_file = workdir / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    os.environ["INCIDENTBOOK_NOW"] = NOW_TEXT
    started = time.perf_counter()
    loaded = load_config(config_file=str(config_file))
    loaded.plugins.on_startup(command="build", dirty=False)
    try:
        build(loaded)
    finally:
        loaded.plugins.on_shutdown()
    return workdir / "site", time.perf_counter() - started


def folder_size(folder: Path) -> tuple[int, int]:
    files = [f for f in folder.rglob("*") if f.is_file()]
    return sum(f.stat().st_size for f in files), len(files)


@functools.cache
def _handler(root: str) -> type[SimpleHTTPRequestHandler]:
    class Quiet(SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=root, **kwargs)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
            return None

    return Quiet


@contextmanager
def serve(root: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def first_result(site: Path, query: str, expected: str, timeout_s: float = 300) -> dict[str, Any]:
    """Type ``query`` into Material's search box on the home page, like a person, and time it until the
    first result shown is ``expected`` (a path such as ``postmortems/<id>/``)."""
    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        fetched: list[tuple[str, int]] = []
        page.on("requestfinished", lambda r: fetched.append((r.url, (r.sizes() or {}).get("responseBodySize", 0))))
        page.goto(base, wait_until="load")
        started = time.perf_counter()
        page.keyboard.press("/")
        page.locator("input.md-search__input").press_sequentially(query, delay=30)
        page.wait_for_function(
            "path => { const a = document.querySelector('.md-search-result__item a');"
            " return a && new URL(a.href).pathname.endsWith(path); }",
            arg="/" + expected, timeout=timeout_s * 1000,
        )
        elapsed = time.perf_counter() - started
        page.wait_for_timeout(500)  # let the last fragments arrive for the transfer figure
        browser.close()
    search_bytes = sum(size for url, size in fetched if re.search(r"/(pagefind|search)/|search-worker|workers/search", url))
    return {"seconds": round(elapsed, 3), "search_bytes": search_bytes}


def measure(records: int, engine: str, workdir: Path, seed: int = 2026) -> dict[str, Any]:
    """Every figure of one run; ``engine`` is ``pagefind`` or ``material``."""
    folder = workdir / "records"
    summary = generate(folder, records, seed=seed)
    planted = plant_word(folder)
    site, seconds = build_site(folder, workdir, engine)
    site_bytes, site_files = folder_size(site)
    if engine == "pagefind":
        index_bytes, index_files = folder_size(site / "pagefind")
    else:
        index_bytes, index_files = (site / "search" / "search_index.json").stat().st_size, 1
    search = first_result(site, WORD, f"postmortems/{planted}/")
    return {
        "records": summary.records, "engine": engine, "build_seconds": round(seconds, 1),
        "site_bytes": site_bytes, "site_files": site_files,
        "library_index_bytes": (site / "postmortems" / "index.html").stat().st_size,
        "search_index_bytes": index_bytes, "search_index_files": index_files,
        "first_result_seconds": search["seconds"], "search_bytes_fetched": search["search_bytes"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--engine", choices=("pagefind", "material"), default="pagefind")
    parser.add_argument("--workdir", type=Path, default=HERE / "results" / "search-work")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    workdir = args.workdir / f"{args.engine}-{args.records}"
    shutil.rmtree(workdir, ignore_errors=True)
    figures = measure(args.records, args.engine, workdir)
    text = json.dumps(figures, indent=2)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
