"""What a public build may take from the repository, and what a failed build leaves behind.

- the theme's custom_dir (theme_overrides/) reaches the public site only through what the config
  names (logo, favicon, extra CSS and JavaScript) or public_files; its templates still apply;
- public_files patterns: ``*`` stays in one folder, ``**`` spans folders;
- a failed build keeps the last good site, whole.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from incidentbook.mkdocs_plugin.paths import matches
from jinja2 import UndefinedError
from mkdocs.exceptions import Abort, PluginError
from sitebuild import build_site, write_catalog, write_record

INCIDENT = {
    "title": "Checkout errors", "severity": "major", "status": "resolved", "visibility": "public",
    "components": {"checkout": "partial_outage"}, "started": "2026-11-20T10:00:00Z", "resolved": "2026-11-20T11:00:00Z",
    "updates": [{"at": "2026-11-20T10:05:00Z", "status": "investigating", "message": "Looking."},
                {"at": "2026-11-20T11:00:00Z", "status": "resolved", "message": "Fixed."}],
}


@pytest.fixture
def records(tmp_path: Path) -> Path:
    folder = tmp_path / "incidents"
    write_catalog(folder)
    write_record(folder / "2026", "2026-11-20-checkout-errors", INCIDENT)
    return folder


def overrides(tmp_path: Path) -> Path:
    folder = tmp_path / "theme_overrides"
    (folder / "assets").mkdir(parents=True)
    (folder / "assets" / "internal.css").write_text("/* INTERNAL-STYLESHEET: oncall rota */\n")
    (folder / "NOTES.txt").write_text("INTERNAL-NOTE: vault token in 1password\n")
    (folder / "assets" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>\n')
    (folder / "assets" / "brand.css").write_text(".md-header { background: teal; }\n")
    (folder / "main.html").write_text('{% extends "base.html" %}{% block extrahead %}<meta name="x-override" content="yes">{% endblock %}\n')
    return folder


def test_theme_overrides_reach_the_public_site_only_when_the_config_names_them(tmp_path: Path, records: Path) -> None:
    theme = {"name": "material", "font": False, "custom_dir": str(overrides(tmp_path)), "logo": "assets/logo.svg"}
    config = {"theme": theme, "extra_css": ["assets/brand.css"]}
    public = build_site(tmp_path, records, "public", config=config)
    assert (public / "assets" / "logo.svg").is_file()
    assert (public / "assets" / "brand.css").is_file()
    assert not (public / "assets" / "internal.css").exists()
    assert not (public / "NOTES.txt").exists()
    assert '<meta name="x-override" content="yes">' in (public / "index.html").read_text()  # templates still apply
    text = "".join(p.read_text(errors="replace") for p in public.rglob("*") if p.is_file())
    assert "INTERNAL-STYLESHEET" not in text and "INTERNAL-NOTE" not in text
    internal = build_site(tmp_path, records, "internal", config=config)
    assert (internal / "assets" / "internal.css").is_file()


def test_a_public_files_star_stays_in_its_folder(tmp_path: Path, records: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "img" / "internal").mkdir(parents=True)
    (docs / "img" / "map.png").write_bytes(b"\x89PNG public")
    (docs / "img" / "internal" / "rota.png").write_bytes(b"\x89PNG internal")
    one = build_site(tmp_path / "one", records, "public", config={"docs_dir": str(docs)}, plugin_options={"public_files": ["img/*"]})
    assert (one / "img" / "map.png").is_file()
    assert not (one / "img" / "internal").exists()
    every = build_site(tmp_path / "every", records, "public", config={"docs_dir": str(docs)}, plugin_options={"public_files": ["img/**"]})
    assert (every / "img" / "internal" / "rota.png").is_file()


@pytest.mark.parametrize("path,pattern,expected", [
    ("img/a.png", "img/*", True), ("img/x/a.png", "img/*", False), ("img/x/a.png", "img/**", True),
    ("a/b/c.svg", "**/*.svg", True), ("c.svg", "**/*.svg", True), ("about.md", "about.md", True),
    ("about.md", "abou?.md", True), ("a/bout.md", "a?bout.md", False), ("b.md", "[ab].md", True),
    ("c.md", "[!ab].md", True), ("a.md", "[!ab].md", False), ("a.md.bak", "*.md", False),
])
def test_patterns(path: str, pattern: str, expected: bool) -> None:
    assert matches(path, pattern) is expected


def test_a_failed_build_keeps_the_last_good_site(tmp_path: Path, records: Path) -> None:
    site = build_site(tmp_path, records, "public")
    good = (site / "index.html").read_bytes()
    (site / ".git").mkdir()  # a gh-pages checkout's own files survive a rebuild, as with MkDocs
    broken = tmp_path / "broken"
    (broken / "incidentbook").mkdir(parents=True)
    (broken / "incidentbook" / "status.html").write_text('{% extends "main.html" %}{% block content %}{{ ib.nothing.deeper() }}{% endblock %}')
    with pytest.raises(UndefinedError):
        build_site(tmp_path, records, "public", config={"theme": {"name": "material", "font": False, "custom_dir": str(broken)}})
    assert (site / "index.html").read_bytes() == good
    write_record(records / "2026", "2026-11-21-broken", {**INCIDENT, "severity": "unknown"})
    with pytest.raises((PluginError, Abort)):  # a broken record: refused before anything is written
        build_site(tmp_path, records, "public")
    (records / "2026" / "2026-11-21-broken.md").unlink()
    assert (site / "index.html").read_bytes() == good
    assert (site / "api" / "v2" / "summary.json").is_file()
    assert [p.name for p in tmp_path.iterdir() if "incidentbook-" in p.name] == []  # no staging folder left
    rebuilt = build_site(tmp_path, records, "public")
    assert (rebuilt / ".git").is_dir()
