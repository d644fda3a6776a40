"""The post-build leak scan: a clean public site passes, every kind of planted internal string is caught,
look-alikes are not, and the command never prints a leaked string in full."""

from __future__ import annotations

import gzip
import html
import json
import shutil
from pathlib import Path

import pytest
from incidentbook.cli import main
from incidentbook.core.public.leakscan import Leak, needles, preview, scan_site
from incidentbook.core.records.loader import load_book
from sitebuild import build_site, write_catalog, write_record

PUBLIC_ID = "2026-03-14-card-payments"
INTERNAL_ID = "2026-04-02-primary-db-failover"
DRILL_ID = "2026-02-26-game-day-region-loss"

INTERNAL_TITLE_OF_PUBLIC = "Card payments failing at checkout after pool change"
PUBLIC_TITLE = "Card payments failing"
PUBLIC_SUMMARY = "Some card payments failed for 84 minutes. All retried payments succeeded."
UPDATE = "We are investigating failed card payments at checkout."
POSTMORTEM_SENTENCE = "The connection pool of the payments database was exhausted by a retry storm."
ACTION_TITLE = "Add the payments team's runbook link to every checkout alert"
INTERNAL_TITLE = "Primary database failover in eu-west-1 & replica lag"
DRILL_TITLE = "Game day: loss of the payments region (staging)"
X_VALUE = "PAYOPS-4711-sentinel"


@pytest.fixture
def records(tmp_path: Path) -> Path:
    folder = tmp_path / "records"
    write_catalog(folder)
    write_record(folder, PUBLIC_ID, f"""
        title: {INTERNAL_TITLE_OF_PUBLIC}
        severity: major
        status: resolved
        visibility: public
        components: {{checkout: partial_outage}}
        started: 2026-03-14T09:41:00Z
        resolved: 2026-03-14T11:05:00Z
        lead: ana
        responders: [ben, chloe]
        tags: [database]
        x-jira: {X_VALUE}
        public:
          title: {PUBLIC_TITLE}
          summary: {PUBLIC_SUMMARY}
        updates:
          - at: 2026-03-14T09:58:00Z
            status: investigating
            message: {UPDATE}
          - at: 2026-03-14T11:05:00Z
            status: resolved
            message: Card payments are working normally again.
        postmortem:
          status: draft
        actions:
          - id: runbook-link
            title: "{ACTION_TITLE}"
            owner: payments-team
            due: 2026-04-01
        """, f"""
        ## Summary

        {PUBLIC_SUMMARY}

        ## Contributors

        - **Trigger:** {POSTMORTEM_SENTENCE}
        """)
    write_record(folder, INTERNAL_ID, f"""
        title: {INTERNAL_TITLE}
        severity: minor
        status: resolved
        components: {{payments-api: degraded_performance}}
        started: 2026-04-02T08:00:00Z
        resolved: 2026-04-02T08:30:00Z
        lead: oliver
        """)
    write_record(folder, DRILL_ID, f"""
        title: "{DRILL_TITLE}"
        severity: critical
        status: resolved
        visibility: public
        drill: true
        components: {{checkout: major_outage}}
        started: 2026-02-26T13:00:00Z
        resolved: 2026-02-26T14:30:00Z
        lead: amara
        """)
    return folder


def write_clean_site(site: Path) -> Path:
    """A public site as the build should make it: only the public view, plus theme code full of short words."""
    page = f"<h1>{html.escape(PUBLIC_TITLE)}</h1><p>{html.escape(PUBLIC_SUMMARY)}</p><p>{html.escape(UPDATE)}</p>"
    files = {
        "index.html": "<html><body><p>All Systems Operational</p><p>Our database is fine.</p></body></html>",
        f"incidents/{PUBLIC_ID}/index.html": page,
        "api/v2/incidents.json": json.dumps({"incidents": [{"id": PUBLIC_ID, "name": PUBLIC_TITLE, "status": "resolved"}]}),
        "search/search_index.json": json.dumps({"docs": [{"location": f"incidents/{PUBLIC_ID}/", "title": PUBLIC_TITLE, "text": UPDATE}]}),
        "assets/javascripts/bundle.min.js": "var ana=Math.max(ben,chloe);",
        "sitemap.xml": f"<urlset><url><loc>https://status.example.com/incidents/{PUBLIC_ID}/</loc></url></urlset>",
    }
    for rel, text in files.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text, encoding="utf-8")
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(files["sitemap.xml"].encode()))
    return site


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_clean_site(tmp_path / "site")


def categories(leaks: list[Leak]) -> set[str]:
    return {leak.category for leak in leaks}


def test_a_clean_public_site_passes(site: Path, records: Path) -> None:
    result = scan_site(site, load_book(records))
    assert result.leaks == []
    assert result.files == 7
    assert result.strings > 0


def append(site: Path, rel: str, text: str) -> None:
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


@pytest.mark.parametrize(("rel", "planted", "category"), [
    ("index.html", f"<h2>{html.escape(INTERNAL_TITLE_OF_PUBLIC)}</h2>", "internal title of a public record"),
    ("index.html", html.escape(INTERNAL_TITLE), "internal record title"),
    ("history.atom", f"<title>{html.escape(DRILL_TITLE, quote=True)}</title>", "internal record title"),
    ("search/search_index.json", json.dumps({"title": INTERNAL_TITLE}), "internal record title"),
    ("feeds/x.xml", f"<link href='/incidents/{DRILL_ID}/'/>", "internal record id"),
    (f"incidents/{PUBLIC_ID}/index.html", "<p>Lead: ana</p>", "person or team"),
    (f"incidents/{PUBLIC_ID}/index.html", f"<p>{POSTMORTEM_SENTENCE}</p>", "post-mortem text"),
    (f"incidents/{PUBLIC_ID}/index.html", f"<li>{ACTION_TITLE.replace(chr(39), '&#39;')}</li>", "action title"),
    (f"incidents/{PUBLIC_ID}/index.html", "<td>payments-team</td>", "person or team"),
    ("api/v2/extra.json", json.dumps({"labels": ["database"]}), "tag"),
    ("api/v2/extra.json", json.dumps({"ref": X_VALUE}), "x-jira value"),
    ("api/v2/extra.json", json.dumps({"x-jira": "?"}), "internal field name"),
    ("api/v2/extra.json", json.dumps({"responders": []}), "internal field name"),
])
def test_planted_leaks_are_caught(site: Path, records: Path, rel: str, planted: str, category: str) -> None:
    append(site, rel, planted)
    leaks = scan_site(site, load_book(records)).leaks
    assert category in categories(leaks), leaks
    assert {leak.file for leak in leaks} == {rel}


def test_leaks_in_gzipped_sitemap_are_caught(site: Path, records: Path) -> None:
    sitemap = f"<urlset><url><loc>https://status.example.com/incidents/{INTERNAL_ID}/</loc></url></urlset>"
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(sitemap.encode()))
    leaks = scan_site(site, load_book(records)).leaks
    assert [(leak.file, leak.category) for leak in leaks] == [("sitemap.xml.gz", "internal record id")]


def test_source_files_symlinks_and_internal_sections_are_caught(site: Path, records: Path) -> None:
    shutil.copy(records / f"{PUBLIC_ID}.md", site / "incidents" / f"{PUBLIC_ID}.md")
    (site / "catalog.yml").write_text("components: []\n", encoding="utf-8")
    (site / "link.html").symlink_to(site / "index.html")
    (site / "linked-dir").symlink_to(site / "incidents", target_is_directory=True)
    append(site, "postmortems/index.html", "<p>library</p>")
    found = {(leak.file, leak.category) for leak in scan_site(site, load_book(records)).leaks}
    assert (f"incidents/{PUBLIC_ID}.md", "record source file") in found
    assert ("catalog.yml", "record source file") in found
    assert ("link.html", "symbolic link") in found
    assert ("linked-dir", "symbolic link") in found
    assert ("postmortems/index.html", "internal-only section") in found


@pytest.mark.parametrize("planted", [
    "<p>Bananas and Ana and ANA</p>",  # a name inside a word, or in another case
    "<p>Stored in our database layer.</p>",  # a tag as a word, not as a JSON string value
    f"<p>{html.escape(PUBLIC_SUMMARY)}</p>",  # repeated in the post-mortem, but public text
    f"<p>{PUBLIC_ID}</p>",  # a public id
    "<p>The connection pool of the payments</p>",  # a shorter piece of a post-mortem sentence
])
def test_look_alikes_are_not_reported(site: Path, records: Path, planted: str) -> None:
    append(site, "index.html", planted)
    assert scan_site(site, load_book(records)).leaks == []


def test_needles_leave_out_public_text_and_short_strings(records: Path) -> None:
    texts = {n.text: n.category for n in needles(load_book(records))}
    assert texts[POSTMORTEM_SENTENCE] == "post-mortem text"
    assert PUBLIC_SUMMARY not in texts and "Summary" not in texts and "Trigger:" not in texts
    assert texts[INTERNAL_ID] == "internal record id" and PUBLIC_ID not in texts
    assert texts["ana"] == "person or team" and texts["database"] == "tag"


def test_previews_never_show_a_whole_string() -> None:
    assert preview("ana") == "a…"
    assert preview(POSTMORTEM_SENTENCE) == POSTMORTEM_SENTENCE[: len(POSTMORTEM_SENTENCE) // 2] + "…"
    assert len(preview("x" * 500)) == 41


def test_command_exit_codes_and_output(site: Path, records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["leakscan", str(site), "--records", str(records)]) == 0
    assert "no internal data" in capsys.readouterr().err
    append(site, "index.html", f"<p>{POSTMORTEM_SENTENCE}</p><p>{html.escape(DRILL_TITLE)}</p>")
    assert main(["leakscan", str(site), "--records", str(records)]) == 1
    out = capsys.readouterr().out
    assert "index.html: post-mortem text" in out and "index.html: internal record title" in out
    assert POSTMORTEM_SENTENCE not in out and DRILL_TITLE not in out
    assert main(["leakscan", str(site / "missing"), "--records", str(records)]) == 2


def test_public_build_passes_and_internal_build_is_caught(tmp_path: Path, records: Path) -> None:
    """A real build of the fixture records: the public site is clean; the internal one, if deployed, is not."""
    public = build_site(tmp_path / "public", records, audience="public")
    assert scan_site(public, load_book(records)).leaks == []
    internal = build_site(tmp_path / "internal", records, audience="internal")
    found = categories(scan_site(internal, load_book(records)).leaks)
    assert {"internal record title", "internal title of a public record", "internal-only section"} <= found


COMMENT = "ana ran terraform destroy on the primary by mistake"


def test_comment_text_that_reached_the_site_is_caught(tmp_path: Path, records: Path) -> None:
    """A YAML comment is an internal note; were an editor bug to move one into a value, the scan says so."""
    source = records / f"{PUBLIC_ID}.md"
    source.write_text(source.read_text().replace("lead: ana\n", f"lead: ana  # {COMMENT}\n"))
    public = build_site(tmp_path / "public", records, audience="public")
    book = load_book(records)
    assert scan_site(public, book).leaks == []
    (public / "index.html").write_text((public / "index.html").read_text() + f"<p>{html.escape(COMMENT)}</p>")
    leaks = scan_site(public, book).leaks
    assert ("index.html", "YAML comment") in {(leak.file, leak.category) for leak in leaks}
    assert not any(COMMENT in str(leak) for leak in leaks)


def test_a_public_id_made_from_the_internal_title_is_caught(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    write_catalog(folder)
    front = """
        title: Primary DB dropped by ana running terraform destroy
        severity: critical
        status: resolved
        visibility: public
        started: 2026-03-14T09:41:00Z
        resolved: 2026-03-14T11:05:00Z
        public: {title: Service disruption}
        updates:
          - {at: 2026-03-14T09:58:00Z, status: investigating, message: We are investigating a service disruption.}
          - {at: 2026-03-14T11:05:00Z, status: resolved, message: The service works normally again.}
    """
    write_record(folder, "2026-03-14-primary-db-dropped-by-ana", front)
    site = build_site(tmp_path / "site", folder, audience="public")
    found = {(leak.file, leak.category) for leak in scan_site(site, load_book(folder)).leaks}
    assert ("api/v2/incidents.json", "public id made from the internal title") in found
    (folder / "2026-03-14-primary-db-dropped-by-ana.md").rename(folder / "2026-03-14-service-disruption.md")
    site = build_site(tmp_path / "site", folder, audience="public")
    assert scan_site(site, load_book(folder)).leaks == []


@pytest.mark.parametrize("text,expected", [
    ("ana ran terraform destroy", ["terraform", "ran"]),  # the edge words could run on in a file
    ("café crème brûlée at noon", ["at"]),  # words beside letters JSON escapes as \\uXXXX are no anchors
    ("first line\nsecond line here", ["line"]),  # "second" follows a line break, which JSON writes as \\n
    ("one", []),
])
def test_anchor_words_are_tokens_in_every_form_of_a_phrase(text: str, expected: list[str]) -> None:
    from incidentbook.core.public.leakscan import _ANCHOR_TOKEN, _forms, anchors

    assert anchors(text) == expected
    for form in _forms(text):
        assert set(expected) <= set(_ANCHOR_TOKEN.findall(form)), form
