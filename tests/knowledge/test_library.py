"""The post-mortem library's core: durations, team, policy, on this day, related records, filters."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from incidentbook.core.knowledge import library
from incidentbook.core.records.clock import parse_timestamp
from incidentbook.core.records.loader import Book, load_book
from library_fixture import NOW, write_library_records
from sitebuild import BASIC_CATALOG, write_catalog, write_record

CLOCK = parse_timestamp(NOW)


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Book:
    return load_book(write_library_records(tmp_path_factory.mktemp("library") / "records"))


def test_durations_are_measured_from_impact_start(book: Book) -> None:
    assert library.durations(book.by_id["db-outage"]) == {
        "time_to_detect": timedelta(minutes=11),
        "time_to_acknowledge": timedelta(minutes=14),
        "time_to_mitigate": timedelta(minutes=39),
        "time_to_resolve": timedelta(minutes=84),
    }
    assert library.durations(book.by_id["payments-5xx"])["time_to_detect"] is None
    assert set(library.durations(book.by_id["db-maint"]).values()) == {None}


def test_team_is_the_records_own_else_the_first_components_owner(book: Book) -> None:
    assert library.team_of(book.by_id["payments-5xx"], book.catalog) == "platform-team"
    assert library.team_of(book.by_id["db-outage"], book.catalog) == "payments-team"  # checkout's owner
    assert library.team_of(book.by_id["search-slow"], book.catalog) == "discovery-team"


def test_policy_lists_required_postmortems_not_published_longest_waiting_first(book: Book) -> None:
    due = library.due_postmortems(book, CLOCK)
    assert [(d.record.id, d.status, d.days_since_resolved) for d in due] == [
        ("payments-5xx", "missing", 74),
        ("webhook-drill", "draft", 53),
        ("review-pending", "in_review", 22),
    ]
    # published (db-outage), optional severity (search-slow), not resolved (active-checkout) and
    # maintenances are not due
    assert library.postmortem_due(book.by_id["active-checkout"], book.catalog, CLOCK) is None


def test_recently_published_and_on_this_day(book: Book) -> None:
    assert [r.id for r in library.recently_published(book.records)] == ["db-outage"]
    assert [r.id for r in library.on_this_day(book.records, CLOCK)] == ["search-slow", "db-maint"]
    next_day = CLOCK + timedelta(days=1)
    assert library.on_this_day(book.records, next_day) == []


def test_related_records_rank_rare_shared_features_first_then_nearness_in_time(book: Book) -> None:
    related = library.RelatedIndex(book.records).related(book.by_id["db-outage"])
    assert [r.record.id for r in related] == ["payments-5xx", "search-slow", "db-maint", "active-checkout"]
    first = related[0]
    assert first.components == ("payments-api",) and first.tags == ("deploy",)
    assert related[1].components == ("checkout",) and related[1].tags == ("database",)
    assert related[1].score == related[2].score > related[3].score
    assert library.RelatedIndex(book.records).related(book.by_id["review-pending"]) == []


def test_related_records_are_found_among_neighbours_in_time_only(tmp_path: Path) -> None:
    """Hundreds of records on one component: each record costs the same, and the nearest ones win."""
    folder = tmp_path / "records"
    write_catalog(folder)
    start = datetime(2020, 1, 1, tzinfo=timezone.utc)
    for n in range(300):
        at = (start + timedelta(days=n)).strftime("%Y-%m-%dT%H:%M:%SZ")
        write_record(folder, f"r{n:03d}", {"title": f"R{n}", "severity": "minor", "status": "resolved",
                                           "components": {"checkout": "partial_outage"}, "started": at, "resolved": at})
    book = load_book(folder)
    related = library.RelatedIndex(book.records).related(book.by_id["r150"], limit=4)
    assert [r.record.id for r in related] == ["r149", "r151", "r148", "r152"]


def test_filter_values_and_options(book: Book) -> None:
    values = library.filter_values(book.by_id["payments-5xx"], book.catalog)
    assert values == {
        "severity": ["critical"], "component": ["payments-api"], "team": ["platform-team"],
        "tag": ["deploy", "load-balancer"], "year": ["2026"], "type": ["incident"], "drill": ["no"],
        "postmortem": ["none"],
    }
    options = library.filter_options(book.records, book.catalog)
    assert options["severity"] == [("critical", 2), ("major", 3), ("minor", 1)]  # most severe first
    assert [v for v, _ in options["component"]] == ["checkout", "search", "payments-api", "webhooks", "dashboard"]
    assert options["year"] == [("2026", 5), ("2025", 1), ("2024", 1)]
    assert options["drill"] == [("yes", 1), ("no", 6)]
    assert options["postmortem"] == [("published", 1), ("in_review", 1), ("draft", 2), ("none", 3)]
    assert options["type"] == [("incident", 6), ("maintenance", 1)]
    assert ("load-balancer", 1) in options["tag"]


def test_slug_merges_spellings_of_a_tag() -> None:
    assert library.slug("Load Balancer") == library.slug("load-balancer") == "load-balancer"
    assert library.slug("!!!") == "tag"


def test_catalog_without_teams_still_names_component_owner(tmp_path: Path) -> None:
    catalog = {**BASIC_CATALOG}
    catalog.pop("teams")
    folder = tmp_path / "records"
    write_catalog(folder, catalog)
    write_record(folder, "x", {"title": "X", "severity": "minor", "status": "resolved",
                               "components": {"webhooks": "partial_outage"},
                               "started": "2026-01-01T00:00:00Z", "resolved": "2026-01-01T01:00:00Z"})
    book = load_book(folder)
    assert library.team_of(book.by_id["x"], book.catalog) == "platform-team"
