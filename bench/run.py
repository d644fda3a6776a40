"""Benchmark incidentbook at scale: ``check``, the public and internal builds, and a plain-Material floor.

Why: a team's records only grow, and MkDocs' cost per page is not constant (every page renders the
navigation; the lunr search index is one file of every page). This script makes the growth visible
and repeatable: it generates N realistic, valid records (bench/generate.py, seeded), then measures
each step in its own process, pinned to one core, with wall time, CPU time and peak memory, and the
size of what each build writes. The floor is mkdocs-material building the same number of plain
Markdown pages with the same theme and search plugin, kept out of the nav: whatever incidentbook
costs above it is ours to optimise.

    .venv/bin/python bench/run.py                        # N = 1,000, 5,000, 10,000 (about 15 min)
    .venv/bin/python bench/run.py --sizes 200            # smoke test, seconds
    .venv/bin/python bench/run.py --sizes 5000 --steps internal --profile internal

Generated data goes to a temporary folder under /tmp (removed unless --keep); results go to
--out (bench/results.json) and a table on stdout.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from generate import NOW_TEXT, generate  # noqa: E402  (a sibling module, not a package)

STEPS = ("check", "public", "internal", "floor")
DEFAULT_SIZES = (1000, 5000, 10000)


# -- running one step ---------------------------------------------------------------------------


@dataclass
class Measurement:
    """One step in one process: times in seconds, memory in MiB."""

    step: str
    wall_s: float | None = None
    cpu_s: float | None = None  # user + system of the child: steadier than wall time on a busy machine
    peak_rss_mib: float | None = None
    exit_code: int | None = None
    timed_out: bool = False
    warnings: int = 0  # "WARNING" lines on stderr (the build is not run with --strict unless asked)
    error: str | None = None  # last lines of stderr when the step failed

    @property
    def ok(self) -> bool:
        return not self.timed_out and self.exit_code == 0


def pin_prefix(cpu: int | None) -> list[str]:
    """``taskset -c CPU`` when available, so every step runs on one core as the issue asks."""
    if cpu is None:
        return []
    taskset = shutil.which("taskset")
    return [taskset, "-c", str(cpu)] if taskset else []


def run_measured(step: str, command: list[str], env: dict[str, str], cwd: Path, log_dir: Path, timeout: float) -> Measurement:
    """Run ``command`` and measure it with ``os.wait4``: the rusage of exactly this child.

    ``resource.getrusage(RUSAGE_CHILDREN)`` would give the maximum over every child so far, so a
    small step after a big one would report the big one's memory; wait4 reports per child.
    taskset execs the command in the same process, so the figures are the command's own.
    """
    out_path, err_path = log_dir / f"{step}.stdout", log_dir / f"{step}.stderr"
    result = Measurement(step)
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err, start_new_session=True)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                os.killpg(proc.pid, signal.SIGKILL)  # our own child's process group
                pid, status, usage = os.wait4(proc.pid, 0)
                result.timed_out = True
                break
            time.sleep(0.02)
        result.wall_s = round(time.perf_counter() - start, 3)
    proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped: keep Popen from waiting again
    result.exit_code = proc.returncode
    result.cpu_s = round(usage.ru_utime + usage.ru_stime, 3)
    result.peak_rss_mib = round(usage.ru_maxrss / 1024, 1)  # kilobytes on Linux
    stderr = err_path.read_text(encoding="utf-8", errors="replace")
    result.warnings = sum(1 for line in stderr.splitlines() if line.startswith("WARNING"))
    if not result.ok:
        tail = [line for line in stderr.splitlines() if line.strip()][-6:]
        result.error = "timed out" if result.timed_out else "\n".join(tail) or f"exit code {result.exit_code}"
    return result


# -- the sites ----------------------------------------------------------------------------------


def _tolerant_yaml(path: Path) -> dict[str, Any]:
    """Read a MkDocs config for a few plain values, ignoring !!python/name and !ENV tags."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Loader) or {}


def write_configs(work: Path, records: Path, floor_pages: Path, config: Path, public_config: Path) -> dict[str, Path]:
    """The config pair of the bench site, inheriting the repository's, and the floor's config.

    The pair INHERITs the repository's mkdocs.yml / mkdocs.public.yml, so features that land there
    (theme overrides, nav, extensions, plugin options) are measured without editing this script;
    only paths are replaced: records, docs_dir (a copy of the repo's docs), site_dir, custom_dir.
    """
    base = _tolerant_yaml(config)
    docs = work / "docs"
    repo_docs = config.parent / (base.get("docs_dir") or "docs")
    if repo_docs.is_dir():
        shutil.copytree(repo_docs, docs)
    else:
        docs.mkdir()
    theme = base.get("theme") or {}
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    theme_line = f"theme:\n  custom_dir: {json.dumps(str((config.parent / custom_dir).resolve()))}\n" if custom_dir else ""
    hooks = base.get("hooks") or []
    hooks_line = ("hooks:\n" + "".join(f"  - {json.dumps(str((config.parent / h).resolve()))}\n" for h in hooks)) if hooks else ""

    def bench_config(parent: Path, name: str, site: str) -> Path:
        path = work / name
        path.write_text(
            f"# Generated by bench/run.py: the repository's config with the bench's paths.\n"
            f"INHERIT: {json.dumps(str(parent))}\n"
            f"docs_dir: docs\nsite_dir: {site}\n{theme_line}{hooks_line}"
            f"plugins:\n  incidentbook:\n    records: {json.dumps(str(records))}\n",
            encoding="utf-8",
        )
        return path

    internal = bench_config(config, "mkdocs.yml", "site-internal")
    public = bench_config(public_config, "mkdocs.public.yml", "site-public")

    # The floor: the same config (theme, extensions, search options, validation), only the search
    # plugin, plain pages kept out of a one-entry nav, and an empty custom_dir (plain Material).
    plugins = base.get("plugins") or {}
    search = plugins.get("search") if isinstance(plugins, dict) else None
    floor_dir = floor_pages.parent.parent
    (floor_dir / "docs" / "index.md").write_text("# Home\n\nThe floor: plain pages with mkdocs-material.\n", encoding="utf-8")
    (floor_dir / "overrides").mkdir(exist_ok=True)
    floor = floor_dir / "mkdocs.yml"
    floor.write_text(
        f"# Generated by bench/run.py: plain mkdocs-material, same theme and search plugin.\n"
        f"INHERIT: {json.dumps(str(config))}\n"
        f"site_name: Floor\ndocs_dir: docs\nsite_dir: site\n"
        f"theme:\n  custom_dir: overrides\n"
        f"plugins:\n  - search: {json.dumps(search or {})}\n"  # a list replaces the inherited mapping
        f"not_in_nav: |\n  /pages/*\n"
        f"nav:\n  - Home: index.md\n",
        encoding="utf-8",
    )
    return {"internal": internal, "public": public, "floor": floor}


@dataclass
class SiteSize:
    """What a build wrote: everything, the HTML pages, the status page and the search index."""

    total_mib: float = 0.0
    files: int = 0
    html_pages: int = 0
    index_html_kib: float | None = None
    index_html_gzip_kib: float | None = None  # what a browser downloads from a server that compresses
    search_index_mib: float | None = None
    pagefind_mib: float | None = None
    pagefind_files: int | None = None


def measure_site(site: Path) -> SiteSize:
    """Sizes of a built site; pagefind is reported when a pagefind folder appears anywhere in it."""
    size = SiteSize()
    if not site.is_dir():
        return size
    total = 0
    pagefind_bytes, pagefind_files = 0, 0
    for dirpath, _, filenames in os.walk(site):
        in_pagefind = "pagefind" in Path(dirpath).relative_to(site).parts
        for name in filenames:
            nbytes = os.path.getsize(os.path.join(dirpath, name))
            total += nbytes
            size.files += 1
            if name.endswith(".html"):
                size.html_pages += 1
            if in_pagefind:
                pagefind_bytes += nbytes
                pagefind_files += 1
    size.total_mib = round(total / 2**20, 2)
    if (site / "index.html").is_file():
        page = (site / "index.html").read_bytes()
        size.index_html_kib = round(len(page) / 1024, 1)
        size.index_html_gzip_kib = round(len(gzip.compress(page, 9)) / 1024, 1)
    if (site / "search" / "search_index.json").is_file():
        size.search_index_mib = round((site / "search" / "search_index.json").stat().st_size / 2**20, 2)
    if pagefind_files:
        size.pagefind_mib, size.pagefind_files = round(pagefind_bytes / 2**20, 2), pagefind_files
    return size


# -- one size -----------------------------------------------------------------------------------


@dataclass
class SizeResult:
    """Everything measured for one N."""

    n: int
    generated: dict[str, Any] = field(default_factory=dict)
    generate_s: float = 0.0
    steps: dict[str, Measurement] = field(default_factory=dict)
    sites: dict[str, SiteSize] = field(default_factory=dict)


def validate(records: Path, expected: int) -> None:
    """Fail loudly when the generated set is not valid: a benchmark of rejected records means nothing."""
    from incidentbook.core.records.loader import read_book

    book, problems = read_book(records)
    if problems or len(book.records) != expected:
        listing = "\n".join(str(p) for p in problems[:20])
        raise SystemExit(f"bench: the generated records are not valid ({len(problems)} problems, "
                         f"{len(book.records)}/{expected} records loaded):\n{listing}")


def commands(args: argparse.Namespace, configs: dict[str, Path], records: Path) -> dict[str, list[str]]:
    """The command line of each step, as a user types it (the console scripts of the venv)."""
    python = sys.executable
    check = Path(python).with_name("incidentbook")
    check_cmd = [str(check)] if check.exists() else [python, "-c", "import sys; from incidentbook.cli import main; sys.exit(main())"]
    strict = ["--strict"] if args.strict else []
    return {
        "check": [*check_cmd, "check", str(records)],
        "public": [python, "-m", "mkdocs", "build", "-q", "-f", str(configs["public"]), *strict],
        "internal": [python, "-m", "mkdocs", "build", "-q", "-f", str(configs["internal"]), *strict],
        "floor": [python, "-m", "mkdocs", "build", "-q", "-f", str(configs["floor"]), *strict],
    }


def profile(step: str, command: list[str], env: dict[str, str], cwd: Path, out_dir: Path, n: int, top: int) -> Path:
    """Run one step again under cProfile and write its top entries (cumulative and own time)."""
    import io
    import pstats

    prof = out_dir / f"profile-{step}-{n}.prof"
    if command[0].endswith("incidentbook"):
        target = [command[0], *command[1:]]
    else:
        target = ["-m", *command[2:]]  # python -m mkdocs ... -> python -m cProfile -o f -m mkdocs ...
    subprocess.run([sys.executable, "-m", "cProfile", "-o", str(prof), *target], cwd=cwd, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    text = io.StringIO()
    stats = pstats.Stats(str(prof), stream=text)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    report = prof.with_suffix(".txt")
    report.write_text(text.getvalue(), encoding="utf-8")
    return report


def run_size(n: int, args: argparse.Namespace, root: Path) -> SizeResult:
    """Generate and validate N records, then measure every step; sites are removed once measured."""
    work = root / f"n{n}"
    records, floor_pages = work / "records", work / "floor" / "docs" / "pages"
    logs = work / "logs"
    logs.mkdir(parents=True)
    result = SizeResult(n)
    t0 = time.perf_counter()
    result.generated = generate(records, n, seed=args.seed, floor_dir=floor_pages).as_dict()
    result.generate_s = round(time.perf_counter() - t0, 2)
    validate(records, n)
    configs = write_configs(work, records, floor_pages, args.config, args.public_config)
    env = dict(os.environ, INCIDENTBOOK_NOW=NOW_TEXT, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true",
               PYTHONDONTWRITEBYTECODE="1")
    cmds = commands(args, configs, records)
    prefix = pin_prefix(None if args.no_pin else args.cpu)
    sites = {"public": work / "site-public", "internal": work / "site-internal", "floor": work / "floor" / "site"}
    for step in args.steps:
        print(f"  N={n:>6} {step:<8} ...", end="", flush=True, file=sys.stderr)
        m = run_measured(step, prefix + cmds[step], env, work, logs, args.timeout)
        result.steps[step] = m
        state = "timed out" if m.timed_out else ("ok" if m.ok else f"FAILED ({m.exit_code})")
        print(f" {m.wall_s:8.2f} s wall {m.cpu_s:8.2f} s cpu {m.peak_rss_mib:8.1f} MiB  {state}", file=sys.stderr)
        if m.error and not m.timed_out:
            print("    " + m.error.replace("\n", "\n    "), file=sys.stderr)
        if step in sites:
            if m.ok:  # a killed or failed build leaves a partial site: its sizes would mislead
                result.sites[step] = measure_site(sites[step])
            if not args.keep:
                shutil.rmtree(sites[step], ignore_errors=True)  # 10,000 records make sites of hundreds of MB
        if step in args.profile:
            report = profile(step, cmds[step], env, work, args.profile_dir, n, args.profile_top)
            print(f"    profile: {report}", file=sys.stderr)
            if not args.keep:
                shutil.rmtree(sites.get(step, work / "none"), ignore_errors=True)
    return result


# -- report -------------------------------------------------------------------------------------


def _fmt(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def _time_cell(m: Measurement | None) -> str:
    if m is None:
        return "-"
    if m.timed_out:
        return f">{m.wall_s:,.1f} timed out"
    if not m.ok:
        return "failed"
    return f"{m.wall_s:,.1f}"


def ratios(results: list[SizeResult]) -> dict[str, Any]:
    """time(largest N)/time(smallest N) per figure, and each build over the floor at every N."""
    out: dict[str, Any] = {}
    if len(results) >= 2:
        small, large = min(results, key=lambda r: r.n), max(results, key=lambda r: r.n)
        key = f"{large.n}/{small.n}"
        growth: dict[str, Any] = {"records": round(large.n / small.n, 2)}
        for step in STEPS:
            a, b = small.steps.get(step), large.steps.get(step)
            if a and b and a.ok and b.ok and a.wall_s and a.cpu_s:
                growth[f"{step}.wall"] = round(b.wall_s / a.wall_s, 2)
                growth[f"{step}.cpu"] = round(b.cpu_s / a.cpu_s, 2)
                growth[f"{step}.peak_rss"] = round(b.peak_rss_mib / a.peak_rss_mib, 2)
        out[key] = growth
    over_floor: dict[str, Any] = {}
    for r in results:
        floor = r.steps.get("floor")
        if not floor or not floor.ok:
            continue
        row = {}
        for step in ("internal", "public"):
            m = r.steps.get(step)
            if m and m.ok:
                row[f"{step}/floor.wall"] = round(m.wall_s / floor.wall_s, 2)
                row[f"{step}/floor.cpu"] = round(m.cpu_s / floor.cpu_s, 2)
                row[f"{step}/floor.peak_rss"] = round(m.peak_rss_mib / floor.peak_rss_mib, 2)
        over_floor[str(r.n)] = row
    out["over_floor"] = over_floor
    return out


def table(results: list[SizeResult], ratio: dict[str, Any]) -> str:
    """A Markdown table of every figure (also pasted into bench/README.md)."""
    steps = [s for s in STEPS if any(s in r.steps for r in results)]
    head = ["N"] + [f"{s} s" for s in steps] + [f"{s} MiB" for s in steps]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in results:
        cells = [f"{r.n:,}"] + [_time_cell(r.steps.get(s)) for s in steps]
        cells += [_fmt(r.steps[s].peak_rss_mib, 0) if s in r.steps else "-" for s in steps]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("CPU seconds (user + sys) of the same runs:")
    lines.append("")
    lines.append("| N | " + " | ".join(steps) + " |")
    lines.append("|" + "---|" * (len(steps) + 1))
    for r in results:
        lines.append(f"| {r.n:,} | " + " | ".join(_fmt(r.steps[s].cpu_s) if s in r.steps else "-" for s in steps) + " |")
    sites = [s for s in ("public", "internal", "floor") if any(s in r.sites for r in results)]
    if sites:
        lines.append("")
        head = ["N", "site", "pages", "files", "site MiB", "index.html KiB (gzip)", "search_index.json MiB", "pagefind MiB"]
        lines.append("| " + " | ".join(head) + " |")
        lines.append("|" + "---|" * len(head))
        for r in results:
            for s in sites:
                z = r.sites.get(s)
                if z is None:
                    continue
                pagefind = "-" if z.pagefind_mib is None else f"{z.pagefind_mib:,.2f} ({z.pagefind_files} files)"
                lines.append(f"| {r.n:,} | {s} | {z.html_pages:,} | {z.files:,} | {z.total_mib:,.1f} | "
                             f"{_fmt(z.index_html_kib)} ({_fmt(z.index_html_gzip_kib)}) | {_fmt(z.search_index_mib, 2)} | {pagefind} |")
    for key, growth in ratio.items():
        if key == "over_floor":
            for n, row in growth.items():
                if row:
                    lines.append(f"\nover the floor at N={int(n):,}: " + ", ".join(f"{k} {v}x" for k, v in row.items()))
        else:
            lines.append(f"\ngrowth {key} (records x{growth['records']}): "
                         + ", ".join(f"{k} {v}x" for k, v in growth.items() if k != "records"))
    return "\n".join(lines)


def environment() -> dict[str, Any]:
    """What the figures depend on: versions, the machine, the commit and how busy the machine was."""
    from importlib.metadata import version

    def git(*cmd: str) -> str:
        try:
            return subprocess.run(["git", *cmd], cwd=REPO, capture_output=True, text=True, check=False).stdout.strip()
        except OSError:
            return ""

    cpu = ""
    try:
        cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "")
    except OSError:
        pass
    return {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "mkdocs": version("mkdocs"), "mkdocs-material": version("mkdocs-material"),
        "incidentbook_commit": git("rev-parse", "--short", "HEAD"),
        "uncommitted_files": len([line for line in git("status", "--porcelain").splitlines() if line]),
        "cpus": os.cpu_count(), "cpu_model": cpu, "load_average_at_start": list(os.getloadavg()),
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Options; defaults reproduce the README's table (sizes 1,000/5,000/10,000 on core 0)."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="record counts, comma-separated (default: 1000,5000,10000)")
    p.add_argument("--out", type=Path, default=HERE / "results.json", help="JSON results (default: bench/results.json)")
    p.add_argument("--steps", default=",".join(STEPS), help=f"steps to run (default: {','.join(STEPS)})")
    p.add_argument("--timeout", type=float, default=300.0, help="seconds per step before it is killed and reported 'timed out' (default: 300)")
    p.add_argument("--seed", type=int, default=2026, help="seed of the generator (default: 2026)")
    p.add_argument("--cpu", type=int, default=0, help="core to pin every step to with taskset (default: 0)")
    p.add_argument("--no-pin", action="store_true", help="do not pin steps to one core")
    p.add_argument("--strict", action="store_true", help="build with --strict (a warning then fails the step)")
    p.add_argument("--config", type=Path, default=REPO / "mkdocs.yml", help="internal config to inherit (default: the repo's)")
    p.add_argument("--public-config", type=Path, default=REPO / "mkdocs.public.yml", help="public config to inherit")
    p.add_argument("--profile", default="", help="steps to run once more under cProfile, e.g. internal,check")
    p.add_argument("--profile-top", type=int, default=30, help="entries per profile listing (default: 30)")
    p.add_argument("--profile-dir", type=Path, default=HERE / "results", help="where profiles go (default: bench/results/, ignored by git)")
    p.add_argument("--workdir", type=Path, default=None, help="parent of the temporary folder (default: the system temp dir)")
    p.add_argument("--keep", action="store_true", help="keep the generated records and sites")
    args = p.parse_args(argv)
    args.sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    args.steps = [s.strip() for s in args.steps.split(",") if s.strip()]
    args.profile = [s.strip() for s in args.profile.split(",") if s.strip()]
    for step in args.steps + args.profile:
        if step not in STEPS:
            p.error(f"unknown step {step!r}; steps: {', '.join(STEPS)}")
    args.config, args.public_config = args.config.resolve(), args.public_config.resolve()
    if args.profile:
        args.profile_dir.mkdir(parents=True, exist_ok=True)
    return args


def main(argv: list[str] | None = None) -> int:
    """Run every size, print the table, write the JSON; exit 1 when a step failed (not timed out)."""
    args = parse_args(argv)
    env_info = environment()
    root = Path(tempfile.mkdtemp(prefix="incidentbook-bench-", dir=args.workdir))
    print(f"bench: working in {root}", file=sys.stderr)
    started = time.perf_counter()
    results: list[SizeResult] = []
    try:
        for n in args.sizes:
            results.append(run_size(n, args, root))
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    ratio = ratios(results)
    report = table(results, ratio)
    print(report)
    payload = {
        "environment": env_info,
        "settings": {"sizes": args.sizes, "steps": args.steps, "timeout_s": args.timeout, "seed": args.seed,
                     "pinned_cpu": None if args.no_pin or not shutil.which("taskset") else args.cpu,
                     "strict": args.strict, "incidentbook_now": NOW_TEXT},
        "total_s": round(time.perf_counter() - started, 1),
        "results": [{"n": r.n, "generate_s": r.generate_s, "generated": r.generated,
                     "steps": {k: asdict(v) for k, v in r.steps.items()},
                     "sites": {k: asdict(v) for k, v in r.sites.items()}} for r in results],
        "ratios": ratio,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(f"\nbench: {payload['total_s']} s in all; results in {args.out}", file=sys.stderr)
    failed = [f"{r.n}:{s}" for r in results for s, m in r.steps.items() if not m.ok and not m.timed_out]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
