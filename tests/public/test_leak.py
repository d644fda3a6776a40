"""Nothing internal reaches the public build, in any file it writes.

A unique marker is planted in every internal field of a public record (its internal title, lead,
responders, tags, team, severity, detected/acknowledged times, post-mortem, every field of an action, the
body, ``x-`` fields) and in every field of an internal record and of a drill. The public site is built
and every output file is searched, ``.gz`` files unpacked, the sitemap and the search index included.
"""

from __future__ import annotations

import copy
import gzip
import json
import re
from pathlib import Path

import pytest
from sitebuild import BASIC_CATALOG, build_site, write_catalog, write_record

NOW = "2026-11-23T12:00:00Z"


def marker(field: str) -> str:
    """A token no template, theme or other record contains (lowercase: ids must be)."""
    return f"zqleak-{field}-7c1"


def full_body(prefix: str) -> str:
    sections = ("Summary", "Impact", "Chronology", "Contributors", "Mitigators", "Learnings")
    return "\n".join(f"## {s}\n\n{marker(prefix + '-body-' + s.lower())}\n" for s in sections)


def catalog() -> dict:
    """The basic catalog plus a team and a severity whose ids and names are markers (both are internal)."""
    data = copy.deepcopy(BASIC_CATALOG)
    data["teams"].append({"id": marker("team"), "name": marker("team-name"), "description": marker("team-description")})
    data["severities"].append({"id": marker("severity"), "name": marker("severity-name"), "description": marker("severity-description")})
    for component in data["components"]:
        component["owner"] = marker("team")  # a component's owner is internal too
    return data


def actions(prefix: str) -> list[dict]:
    return [
        {"id": marker(prefix + "-action-id"), "title": marker(prefix + "-action-title"), "owner": marker(prefix + "-action-owner"),
         "due": "2031-07-19", "priority": "high", "status": "wont_do", "type": "detect",
         "ticket": f"https://tracker.example/{marker(prefix + '-action-ticket')}", "reason": marker(prefix + "-action-reason"),
         "closed": "2031-08-23"},
        {"id": marker(prefix + "-action2-id"), "title": marker(prefix + "-action2-title"), "status": "open"},
    ]


def internal_fields(prefix: str) -> dict:
    """Every field FORMAT.md does not allow on the public site, filled with markers."""
    return {
        "severity": marker("severity"),
        "team": marker("team"),
        "detected": "2026-11-20T10:07:31Z",
        "acknowledged": "2026-11-20T10:08:47Z",
        "lead": marker(prefix + "-lead"),
        "responders": [marker(prefix + "-responder-a"), marker(prefix + "-responder-b")],
        "tags": [marker(prefix + "-tag-a"), marker(prefix + "-tag-b")],
        "postmortem": {"status": "draft", "review_date": "2031-09-17", "authors": [marker(prefix + "-pm-author")]},
        "actions": actions(prefix),
        "x-" + marker(prefix + "-xkey"): marker(prefix + "-xvalue"),
    }


def hidden_record(prefix: str, **overrides: object) -> dict:
    """A record that must not reach the public site at all: every field of it is a marker."""
    return {
        "id": marker(prefix + "-id"),
        "title": marker(prefix + "-title"),
        "status": "identified",
        "components": {"checkout": "major_outage"},
        "started": "2026-11-20T10:05:13Z",
        "mitigated": "2026-11-20T10:06:29Z",
        **internal_fields(prefix),
        "public": {"title": marker(prefix + "-public-title"), "summary": marker(prefix + "-public-summary")},
        "updates": [{"at": "2026-11-20T10:09:59Z", "status": "identified", "message": marker(prefix + "-update"),
                     "components": {"checkout": "partial_outage"}}],
        **overrides,
    }


SECRET_TIMES = ("10:07", "10:08", "10:05", "10:06", "10:09", "2031-07-19", "2031-08-23", "2031-09-17")


@pytest.fixture(scope="module")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("leak")
    records = root / "records"
    write_catalog(records, catalog())
    public = {
        "title": marker("internal-title"),
        "status": "resolved",
        "visibility": "public",
        "components": {"checkout": "partial_outage"},
        "started": "2026-11-20T09:00:00Z",
        "mitigated": "2026-11-20T09:30:00Z",
        "resolved": "2026-11-20T11:00:00Z",
        **internal_fields("public"),
        "public": {"title": "Checkout errors", "summary": "Some payments failed."},
        "updates": [{"at": "2026-11-20T11:00:00Z", "status": "resolved", "message": "Fixed."}],
    }
    write_record(records, "visible-incident", public, full_body("public"))
    write_record(records, marker("internal-id"), hidden_record("internal", visibility="internal"), full_body("internal"))
    write_record(records, marker("drill-id"), hidden_record("drill", visibility="public", drill=True), full_body("drill"))
    maintenance = hidden_record("maint", visibility="internal", type="maintenance", status="scheduled",
                                scheduled_start="2026-11-25T02:00:00Z", scheduled_end="2026-11-25T04:00:00Z",
                                components={"dashboard": "under_maintenance"}, updates=[])
    for key in ("started", "mitigated", "detected", "acknowledged", "severity"):
        maintenance.pop(key)
    write_record(records, marker("maint-id"), maintenance, full_body("maint"))
    return build_site(root, records, audience="public", now=NOW)


def output_texts(site: Path) -> dict[str, str]:
    """Every file of the site as text, .gz files unpacked."""
    result = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        result[str(path.relative_to(site))] = data.decode("utf-8", errors="replace")
    return result


def planted() -> list[str]:
    everything = json.dumps([catalog(), internal_fields("public"), hidden_record("internal"), hidden_record("drill"),
                             hidden_record("maint"), full_body("public"), full_body("internal"), full_body("drill"),
                             full_body("maint"), marker("internal-title")])
    return sorted(set(re.findall(r"zqleak-[a-z0-9-]+?-7c1", everything)))


def test_the_fixture_plants_markers_everywhere() -> None:
    markers = planted()
    assert len(markers) >= 60
    for field in ("lead", "responder-a", "tag-a", "pm-author", "action-id", "action-title", "action-owner", "action-ticket",
                  "action-reason", "xkey", "xvalue", "body-summary", "body-learnings"):
        assert marker("public-" + field) in markers


def test_the_public_build_publishes_the_public_parts(public_site: Path) -> None:
    texts = output_texts(public_site)
    assert "Checkout errors" in texts["incidents/visible-incident/index.html"]
    assert "sitemap.xml" in texts and "sitemap.xml.gz" in texts and "search/search_index.json" in texts


def test_no_internal_field_or_record_reaches_any_public_file(public_site: Path) -> None:
    texts = output_texts(public_site)
    leaks = [(name, m) for name, content in texts.items() for m in planted() if m in content.lower()]
    assert not leaks, leaks[:20]


def test_no_internal_time_or_date_reaches_any_public_file(public_site: Path) -> None:
    texts = output_texts(public_site)
    leaks = [(name, t) for name, content in texts.items() if not name.startswith("assets/") for t in SECRET_TIMES if t in content]
    assert not leaks, leaks[:20]


def test_no_page_exists_for_internal_or_drill_records(public_site: Path) -> None:
    names = {p.name for p in (public_site / "incidents").iterdir()}
    assert names == {"visible-incident"}


def test_json_files_have_no_internal_keys(public_site: Path) -> None:
    internal = {"lead", "responders", "tags", "postmortem", "actions", "severity", "team", "detected", "acknowledged", "visibility", "drill"}

    def keys(value: object) -> set[str]:
        if isinstance(value, dict):
            return set(value) | set().union(*(keys(v) for v in value.values()))
        if isinstance(value, list):
            return set().union(*(keys(v) for v in value)) if value else set()
        return set()

    for path in public_site.rglob("*.json"):
        if "search" in path.parts:
            continue
        assert not keys(json.loads(path.read_text(encoding="utf-8"))) & internal, path
