"""The action index page and exports in real MkDocs builds, and the example repository's overdue actions."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from actions_fixture import NOW, write_book
from incidentbook.cli import main
from incidentbook.core.public.view import public_view
from incidentbook.core.records.loader import load_book
from incidentbook.core.text.i18n import LOCALES
from incidentbook.site import Asset, Context, Page, Settings, action_pages
from markupsafe import escape
from sitebuild import EXAMPLE_RECORDS, build_site, read, write_record

XSS = """\
title: <img src=x onerror=alert(1)> in the title
severity: minor
status: resolved
components: {dashboard: degraded_performance}
started: 2026-11-01T08:00:00Z
resolved: 2026-11-01T09:00:00Z
actions:
  - id: escaped
    title: Close </td><script>alert(1)</script>
    owner: "<b>eve</b>"
    due: 2026-11-02
"""


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = write_book(tmp_path_factory.mktemp("book") / "incidents")
    write_record(folder, "xss", XSS)
    return folder


@pytest.fixture(scope="module")
def site(records: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("internal"), records, now=NOW)


def section(page: str, anchor: str) -> str:
    """The HTML from the ``<h2 id=anchor>`` to the next ``<h2``."""
    start = page.index(f'<h2 id="{anchor}"')
    end = page.find("<h2", start + 1)
    return page[start:end if end != -1 else len(page)]


def action_ids(fragment: str) -> list[str]:
    return re.findall(r"<code>([a-z0-9-]+)</code>", fragment)


def test_index_lists_every_action_in_the_full_table(site):
    page = read(site, "actions/index.html")
    assert sorted(action_ids(section(page, "all"))) == sorted([
        "due-yesterday", "due-today", "due-in-14", "due-in-15", "policy-due", "done-recent", "wont-do-old",
        "formula", "no-owner", "late-in-progress", "undated", "closed-30-days-ago", "closed-31-days-ago", "escaped",
    ])
    assert 'id="ib-actions-all"' in page and 'data-ib-filters hidden' in page  # filters appear with JS only


def test_views_and_counts(site):
    page = read(site, "actions/index.html")
    assert action_ids(section(page, "overdue")) == ["policy-due", "late-in-progress", "escaped", "due-yesterday"]
    assert action_ids(section(page, "due-soon")) == ["due-today", "due-in-14"]
    assert action_ids(section(page, "unplanned")) == ["undated", "no-owner"]
    assert action_ids(section(page, "recently-closed")) == ["done-recent", "closed-30-days-ago"]
    wont_do = section(page, "wont-do")
    assert action_ids(wont_do) == ["wont-do-old"] and "Replaced by the circuit breaker" in wont_do
    assert '<a href="#overdue"><strong>4</strong> overdue</a>' in page
    assert '<a href="#all"><strong>14</strong> actions</a>' in page


def test_rows_link_records_and_mark_policy_dates(site):
    page = read(site, "actions/index.html")
    overdue = section(page, "overdue")
    assert 'href="../postmortems/card-outage/"' in overdue
    policy_row = next(row for row in overdue.split("<tr") if "<code>policy-due</code>" in row)
    assert "2026-10-31" in policy_row and 'class="ib-policy"' in policy_row and "overdue by 23 d" in policy_row
    plain_row = next(row for row in overdue.split("<tr") if "<code>due-yesterday</code>" in row)
    assert "ib-policy" not in plain_row and "overdue by 1 d" in plain_row
    assert 'href="https://github.com/acme/shop/issues/412"' in plain_row and ">#412<" in plain_row


def test_grouped_by_owner_and_team(site):
    page = read(site, "actions/index.html")
    by_owner = section(page, "by-owner")
    assert "<strong>ben</strong>:\n      2 open, 1 overdue, 1 due soon, 3 in all" in by_owner
    assert by_owner.index("<strong>no owner</strong>") < by_owner.index("<strong>ben</strong>")
    by_team = section(page, "by-team")
    assert "<strong>Payments</strong>:\n      6 open, 2 overdue, 2 due soon, 8 in all" in by_team
    assert "<strong>Discovery</strong>:\n      0 open, 0 overdue, 0 due soon, 2 in all" in by_team


def test_record_text_is_escaped(site):
    page = read(site, "actions/index.html")
    assert "<script>alert(1)" not in page and "<img src=x" not in page and "<b>eve</b>" not in page
    assert "Close &lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;eve&lt;/b&gt;" in page


def test_styles_and_script_are_included_and_shipped(site):
    page = read(site, "actions/index.html")
    assert '<link rel="stylesheet" href="../incidentbook/actions.css">' in page
    assert '<script src="../incidentbook/actions.js"></script>' in page
    assert (site / "incidentbook/actions.js").is_file() and (site / "incidentbook/actions.css").is_file()


def test_exports_are_built_and_parse(site):
    rows = list(csv.DictReader(io.StringIO(read(site, "exports/actions.csv"), newline="")))
    by_id = {r["id"]: r for r in rows}
    assert len(rows) == 14
    assert {"record", "id", "title", "owner", "due", "priority", "status", "type", "ticket", "overdue"} <= set(rows[0])
    assert by_id["due-yesterday"]["overdue"] == "true" and by_id["due-today"]["overdue"] == "false"
    assert by_id["policy-due"]["due_source"] == "policy"
    assert by_id["formula"]["title"].startswith("'=HYPERLINK")
    data = json.loads(read(site, "exports/actions.json"))
    assert [r["id"] for r in data] == [r["id"] for r in rows]
    assert {r["id"] for r in data if r["overdue"]} == {"policy-due", "escaped", "late-in-progress", "due-yesterday"}


def test_public_build_has_no_actions(records, tmp_path):
    public = build_site(tmp_path, records, audience="public", now=NOW)
    assert not (public / "actions").exists()
    assert not (public / "exports/actions.csv").exists() and not (public / "exports/actions.json").exists()


def test_builder_uses_the_theme_language(records):
    book = load_book(records)
    now = datetime(2026, 11, 23, 12, tzinfo=timezone.utc)
    context = Context(public=public_view(book), now=now, settings=Settings(language="de"), book=book)
    outputs = list(action_pages.build(context))
    page = next(o for o in outputs if isinstance(o, Page))
    assert page.title == "Folgemaßnahmen" and page.path == "actions/index.md" and page.in_nav
    assert sorted(o.path for o in outputs if isinstance(o, Asset)) == ["exports/actions.csv", "exports/actions.json"]
    assert list(action_pages.build(Context(public=public_view(book), now=now, settings=Settings(), book=None))) == []


def test_every_language_has_the_english_keys():
    english = set(json.loads((LOCALES / "en/actions.json").read_text(encoding="utf-8")))
    for file in LOCALES.glob("*/actions.json"):
        assert set(json.loads(file.read_text(encoding="utf-8"))) == english, file


def test_ticket_labels():
    assert action_pages.ticket_label("https://github.com/acme/shop/issues/412") == "#412"
    assert action_pages.ticket_label("https://acme.atlassian.net/browse/PAY-7") == "PAY-7"
    assert action_pages.ticket_label("https://tracker.example.com/") == "tracker.example.com/"


# -- the example repository -------------------------------------------------------------------------

def test_example_overdue_actions_are_listed_and_in_the_index(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("INCIDENTBOOK_NOW", NOW)
    assert main(["actions", str(EXAMPLE_RECORDS), "--overdue", "--format", "json"]) == 0
    overdue = json.loads(capsys.readouterr().out)
    assert len(overdue) >= 5 and all(a["overdue"] for a in overdue)
    assert main(["actions", str(EXAMPLE_RECORDS), "--overdue", "--fail-on-overdue"]) == 1
    text = capsys.readouterr().out
    site = build_site(tmp_path, EXAMPLE_RECORDS, now=NOW)
    page = read(site, "actions/index.html")
    listed = section(page, "overdue")
    for action in overdue:
        assert f"{action['record']}/{action['id']}" in text
        row = next((r for r in listed.split("<tr")[1:] if f"<code>{action['id']}</code>" in r
                    and f"postmortems/{action['record']}/" in r), None)
        assert row is not None, f"{action['record']}/{action['id']} is not in the overdue view"
        assert str(escape(action["title"])) in row
