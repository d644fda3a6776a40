"""The page writer (mkdocs_plugin/page_writer.py) writes what MkDocs itself would write, only faster.

Each test builds real sites; the reference is the same build with the writer switched off, so MkDocs
renders every generated page through its own pipeline.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from incidentbook.mkdocs_plugin import page_writer, plugin
from library_fixture import EXTENSIONS, NOW, write_library_records
from sitebuild import build_site, read, write_catalog, write_record

REPO = {"repo_url": "https://github.com/example/incidents", "edit_uri": "edit/main/"}


def html_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*.html")}


@pytest.mark.parametrize(("audience", "directory_urls"), [("internal", True), ("public", True), ("internal", False)])
def test_written_pages_are_byte_identical_to_mkdocs_own_render(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, audience: str, directory_urls: bool
) -> None:
    records = write_library_records(tmp_path / "records")
    config = {"markdown_extensions": EXTENSIONS, "use_directory_urls": directory_urls,
              **(REPO if audience == "internal" else {})}
    fast = build_site(tmp_path / "fast", records, audience=audience, now=NOW, config=config)
    with monkeypatch.context() as patch:
        patch.setattr(plugin, "takes", lambda page: False)
        reference = build_site(tmp_path / "reference", records, audience=audience, now=NOW, config=config)
    written, expected = html_files(fast), html_files(reference)
    assert sorted(written) == sorted(expected)
    assert any(path.startswith("incidents/") for path in written)
    assert [path for path in expected if written[path] != expected[path]] == []
    # The sitemap lists the same pages, MkDocs' pages first.
    assert sorted(read(fast, "sitemap.xml").splitlines()) == sorted(read(reference, "sitemap.xml").splitlines())
    assert "https://status.example.com/incidents/" in read(fast, "sitemap.xml")


def test_pages_are_composed_from_shells_without_full_renders(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    records = write_library_records(tmp_path / "records")
    with caplog.at_level("DEBUG", logger="mkdocs.plugins.incidentbook.mkdocs_plugin.plugin"):
        build_site(tmp_path, records, now=NOW, config={"markdown_extensions": EXTENSIONS})
    summary = next(r.getMessage() for r in caplog.records if "shells" in r.getMessage())
    assert summary.endswith("0 of them rendered in full"), summary


def test_a_theme_override_with_page_data_in_the_frame_is_rendered_per_page(tmp_path: Path) -> None:
    """A frame that shows page data the shell cannot know falls back to a full render, page by page."""
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text(
        '{% extends "base.html" %}{% block footer %}<p class="who">{{ ib.title if ib else "" }}</p>{% endblock %}',
        encoding="utf-8",
    )
    records = tmp_path / "records"
    write_catalog(records)
    for n in range(3):
        write_record(records / "2026", f"2026-01-0{n + 1}-outage-{n}", {
            "type": "incident", "title": f"Outage number {n}", "visibility": "public", "severity": "minor",
            "status": "resolved", "started": f"2026-01-0{n + 1}T10:00:00Z", "resolved": f"2026-01-0{n + 1}T11:00:00Z",
            "components": {"checkout": "major_outage"},
            "updates": [{"at": f"2026-01-0{n + 1}T10:00:00Z", "status": "resolved", "message": "Fixed."}],
        })
    site = build_site(tmp_path, records, audience="public",
                      config={"theme": {"name": "material", "font": False, "custom_dir": str(overrides)}})
    for n in range(3):
        page = read(site, f"incidents/2026-01-0{n + 1}-outage-{n}/index.html")
        assert f'<p class="who">Outage number {n}</p>' in page


def test_only_pages_out_of_the_nav_in_a_folder_of_their_own_are_taken() -> None:
    from incidentbook.site import Page

    assert page_writer.takes(Page("incidents/a-1/index.md", "A", "t.html"))
    assert page_writer.takes(Page("history/page/2/index.md", "H", "t.html"))
    assert not page_writer.takes(Page("incidents/a-1/index.md", "A", "t.html", in_nav=True))
    assert not page_writer.takes(Page("index.md", "Status", "t.html"))
    assert not page_writer.takes(Page("incidents/a b/index.md", "A", "t.html"))
    assert list(plugin.nav_paths([{"Status": "index.md"}, {"More": ["a.md", {"B": "b/index.md"}]}, "c.md"])) == [
        "index.md", "a.md", "b/index.md", "c.md"]
