"""The benchmark's generator writes valid, realistic, deterministic records (no builds: fast)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from incidentbook.core.public.view import public_view
from incidentbook.core.records.loader import read_book
from sitebuild import REPO

BENCH = REPO / "bench"


def _generator():
    """bench/ is scripts, not a package: load generate.py by path under a name of its own."""
    spec = importlib.util.spec_from_file_location("incidentbook_bench_generate", BENCH / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_generated_records_load_without_problems(tmp_path: Path) -> None:
    generate = _generator()
    summary = generate.generate(tmp_path / "records", 50, seed=7, floor_dir=tmp_path / "floor")
    book, problems = read_book(tmp_path / "records")
    assert problems == []
    assert len(book.records) == summary.records == 50
    assert summary.floor_pages == 50 and len(list((tmp_path / "floor").glob("*.md"))) == 50
    kinds = {r.type for r in book.records}
    assert kinds == {"incident", "maintenance"}
    assert any(r.postmortem and r.postmortem.status == "published" for r in book.records)
    assert any(r.actions for r in book.records)
    assert any(r.visibility == "internal" for r in book.records)
    assert any(r.status != "resolved" and r.type == "incident" for r in book.records)  # the active one
    assert len({r.begins.year for r in book.records}) >= 3  # several years of history
    public = public_view(book)
    assert public.records and all(book.by_id[r.id].is_public for r in public.records)


def test_published_postmortems_have_every_section(tmp_path: Path) -> None:
    generate = _generator()
    generate.generate(tmp_path / "records", 60, seed=11)
    book, problems = read_book(tmp_path / "records")
    assert problems == []
    published = [r for r in book.records if r.postmortem and r.postmortem.status == "published"]
    assert published
    for record in published:
        assert {"summary", "impact", "chronology", "contributors", "mitigators", "learnings"} <= set(record.sections)
        assert 1 <= len(record.actions) <= 4


def test_generation_is_deterministic(tmp_path: Path) -> None:
    generate = _generator()
    generate.generate(tmp_path / "a", 30, seed=3)
    generate.generate(tmp_path / "b", 30, seed=3)
    generate.generate(tmp_path / "c", 30, seed=4)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert _files(tmp_path / "a") != _files(tmp_path / "c")


def test_the_recent_window_is_the_same_at_every_size(tmp_path: Path) -> None:
    """The status page shows the last 90 days: the bench keeps them identical so its size cannot grow with N."""
    generate = _generator()
    generate.generate(tmp_path / "small", 200, seed=5)
    generate.generate(tmp_path / "large", 400, seed=5)
    window = generate.NOW - generate.timedelta(days=generate.RECENT_DAYS)

    def recent(folder: Path) -> dict[str, bytes]:
        book, problems = read_book(folder)
        assert problems == []
        return {r.id: r.source.read_bytes() for r in book.records if r.begins >= window}

    small, large = recent(tmp_path / "small"), recent(tmp_path / "large")
    assert len(small) == generate.RECENT_RECORDS and small == large
