"""The Statuspage v2 endpoints: schema-valid at every build clock, Statuspage's semantics, stable bytes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from incidentbook.core.records.catalog import group_id
from incidentbook.core.records.schema import SCHEMA_DIR
from sitebuild import build_site, write_catalog, write_record
from statuspage_fixtures import (
    AFTER_MAINTENANCE,
    BEFORE_MAINTENANCE,
    DURING_MAINTENANCE,
    SECRET,
    SETTINGS,
    build_files,
    write_book,
)

SCHEMA = json.loads((SCHEMA_DIR / "statuspage-v2.schema.json").read_text(encoding="utf-8"))
ENDPOINT_DEFINITIONS = {
    "summary.json": "summary_endpoint",
    "status.json": "status_endpoint",
    "components.json": "components_endpoint",
    "incidents.json": "incidents_endpoint",
    "incidents/unresolved.json": "incidents_endpoint",
    "scheduled-maintenances.json": "scheduled_maintenances_endpoint",
    "scheduled-maintenances/upcoming.json": "scheduled_maintenances_endpoint",
    "scheduled-maintenances/active.json": "scheduled_maintenances_endpoint",
}
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")


def validator(definition: str) -> jsonschema.Draft202012Validator:
    """A validator for one endpoint shape of the schema (its root accepts any endpoint)."""
    schema = {key: value for key, value in SCHEMA.items() if key != "oneOf"} | {"$ref": f"#/$defs/{definition}"}
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def api(files: dict[str, bytes]) -> dict[str, Any]:
    return {path: json.loads(files["api/v2/" + path]) for path in ENDPOINT_DEFINITIONS}


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for item in items]


def leaf_statuses(components: list[dict[str, Any]]) -> dict[str, str]:
    return {c["id"]: c["status"] for c in components}


# -- the schema itself ---------------------------------------------------------------------------


def test_schema_is_valid_and_strict() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    for name, definition in SCHEMA["$defs"].items():
        if definition.get("type") == "object":
            assert definition["additionalProperties"] is False, name
            assert sorted(definition["required"]) == sorted(definition["properties"]), name


def test_schema_rejects_an_omitted_key_an_extra_key_and_an_unknown_enum(tmp_path: Path) -> None:
    summary = api(build_files(write_book(tmp_path / "records"), BEFORE_MAINTENANCE))["summary.json"]
    check = validator("summary_endpoint")
    check.validate(summary)
    leaf = next(c for c in summary["components"] if not c["group"])
    for broken in (
        {k: v for k, v in leaf.items() if k != "description"},
        {**leaf, "components": []},
        {**leaf, "status": "down"},
        {**leaf, "updated_at": "2026-11-23T12:00:00Z"},
    ):
        assert not check.is_valid({**summary, "components": [broken]})


# -- every endpoint at every build clock ----------------------------------------------------------

SCENARIOS = {
    "nothing active": dict(
        active=False, now=BEFORE_MAINTENANCE, indicator="none", description="All Systems Operational",
        degraded={}, unresolved=[], upcoming=["payments-db-upgrade"], in_progress=[], maintenance="scheduled",
    ),
    "incident active": dict(
        active=True, now=BEFORE_MAINTENANCE, indicator="major", description="Partial System Outage",
        degraded={"search": "partial_outage", "group-storefront": "partial_outage"}, unresolved=["search-slow"],
        upcoming=["payments-db-upgrade"], in_progress=[], maintenance="scheduled",
    ),
    "maintenance in progress": dict(
        active=False, now=DURING_MAINTENANCE, indicator="maintenance", description="Service Under Maintenance",
        degraded={"payments-api": "under_maintenance", "group-api": "under_maintenance"}, unresolved=[],
        upcoming=[], in_progress=["payments-db-upgrade"], maintenance="in_progress",
    ),
    "maintenance completed": dict(
        active=False, now=AFTER_MAINTENANCE, indicator="none", description="All Systems Operational",
        degraded={}, unresolved=[], upcoming=[], in_progress=[], maintenance="completed",
    ),
    "incident during maintenance": dict(
        active=True, now=DURING_MAINTENANCE, indicator="major", description="Partial System Outage",
        degraded={"search": "partial_outage", "group-storefront": "partial_outage",
                  "payments-api": "under_maintenance", "group-api": "under_maintenance"},
        unresolved=["search-slow"], upcoming=[], in_progress=["payments-db-upgrade"], maintenance="in_progress",
    ),
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_endpoints_validate_and_report_the_state(tmp_path: Path, name: str) -> None:
    scenario = SCENARIOS[name]
    endpoints = api(build_files(write_book(tmp_path / "records", active_incident=scenario["active"]), scenario["now"]))

    for path, payload in endpoints.items():
        validator(ENDPOINT_DEFINITIONS[path]).validate(payload)
        jsonschema.Draft202012Validator(SCHEMA).validate(payload)
        assert next(iter(payload)) == "page", path

    summary = endpoints["summary.json"]
    assert summary["status"] == {"indicator": scenario["indicator"], "description": scenario["description"]}
    assert endpoints["status.json"]["status"] == summary["status"]
    statuses = leaf_statuses(summary["components"])
    expected = {cid: "operational" for cid in statuses} | scenario["degraded"]
    assert statuses == expected
    assert summary["components"] == endpoints["components.json"]["components"]

    assert ids(summary["incidents"]) == scenario["unresolved"]
    assert ids(endpoints["incidents/unresolved.json"]["incidents"]) == scenario["unresolved"]
    all_incidents = ids(endpoints["incidents.json"]["incidents"])
    assert all_incidents == scenario["unresolved"] + ["card-payments-failing"]  # newest first

    assert ids(endpoints["scheduled-maintenances/upcoming.json"]["scheduled_maintenances"]) == scenario["upcoming"]
    assert ids(endpoints["scheduled-maintenances/active.json"]["scheduled_maintenances"]) == scenario["in_progress"]
    assert ids(summary["scheduled_maintenances"]) == scenario["upcoming"] + scenario["in_progress"]
    (maintenance,) = endpoints["scheduled-maintenances.json"]["scheduled_maintenances"]
    assert maintenance["status"] == scenario["maintenance"]
    assert maintenance["impact"] == "maintenance"
    assert maintenance["scheduled_for"] == "2026-12-01T02:00:00.000Z"
    assert maintenance["scheduled_until"] == "2026-12-01T04:00:00.000Z"
    assert maintenance["resolved_at"] == ("2026-12-01T04:00:00.000Z" if scenario["maintenance"] == "completed" else None)


def test_incident_object_follows_statuspage(tmp_path: Path) -> None:
    endpoints = api(build_files(write_book(tmp_path / "records"), BEFORE_MAINTENANCE))
    (incident,) = endpoints["incidents.json"]["incidents"]
    assert incident["id"] == "card-payments-failing"
    assert incident["name"] == "Card payments failing"  # public.title, never the internal title
    assert (incident["status"], incident["impact"]) == ("resolved", "critical")  # worst: major_outage
    assert incident["started_at"] == incident["created_at"] == "2026-03-14T09:41:00.000Z"
    assert incident["updated_at"] == incident["resolved_at"] == "2026-03-14T11:05:00.000Z"
    assert incident["monitoring_at"] is None and incident["reminder_intervals"] is None
    assert incident["shortlink"] == "https://status.example.com/incidents/card-payments-failing/"
    assert incident["page_id"] == SETTINGS.page_id
    assert ids(incident["components"]) == ["checkout", "payments-api"]
    assert all("components" not in c and c["group"] is False for c in incident["components"])

    updates = incident["incident_updates"]
    assert [u["status"] for u in updates] == ["resolved", "identified", "investigating"]  # newest first
    assert [u["id"] for u in updates] == [f"card-payments-failing-{n}" for n in (3, 2, 1)]
    assert updates[1]["body"] == "A database failover is under way."  # Markdown reduced to plain text
    assert all(u["created_at"] == u["updated_at"] == u["display_at"] for u in updates)
    changes = [[(a["code"], a["old_status"], a["new_status"]) for a in u["affected_components"]] for u in updates[::-1]]
    assert changes == [
        [("checkout", "operational", "partial_outage")],
        [("checkout", "partial_outage", "major_outage"), ("payments-api", "operational", "degraded_performance")],
        [("checkout", "major_outage", "operational"), ("payments-api", "degraded_performance", "operational")],
    ]
    assert updates[0]["affected_components"][0]["name"] == "Storefront - Checkout"

    (maintenance,) = endpoints["scheduled-maintenances.json"]["scheduled_maintenances"]
    assert maintenance["incident_updates"][0]["affected_components"] is None  # the update names no component
    assert maintenance["created_at"] == "2026-11-20T10:00:00.000Z"  # announced before its window


def test_components_have_statuspage_group_rows(tmp_path: Path) -> None:
    components = api(build_files(write_book(tmp_path / "records"), BEFORE_MAINTENANCE))["components.json"]["components"]
    assert [(c["id"], c["group"], c["position"]) for c in components] == [
        (group_id("Storefront"), True, 1), ("checkout", False, 1), ("search", False, 2),
        (group_id("API"), True, 2), ("payments-api", False, 1), ("webhooks", False, 2),
        ("dashboard", False, 3),
    ]
    groups = {c["id"]: c for c in components if c["group"]}
    assert groups["group-storefront"]["components"] == ["checkout", "search"]
    assert groups["group-api"]["components"] == ["payments-api", "webhooks"]
    leaves = [c for c in components if not c["group"]]
    assert all("components" not in c for c in leaves)
    assert {c["id"]: c["group_id"] for c in leaves} == {
        "checkout": "group-storefront", "search": "group-storefront", "payments-api": "group-api",
        "webhooks": "group-api", "dashboard": None,
    }


def test_page_object_comes_from_the_settings_and_the_data(tmp_path: Path) -> None:
    records = write_book(tmp_path / "records", active_incident=True)
    page = api(build_files(records, BEFORE_MAINTENANCE))["status.json"]["page"]
    assert page == {
        "id": "ib0000000001", "name": "Example status", "url": "https://status.example.com",
        "time_zone": "Etc/UTC", "updated_at": "2026-11-22T09:00:00.000Z",  # the newest update, not the clock
    }
    during = api(build_files(records, DURING_MAINTENANCE))["status.json"]["page"]
    assert during["updated_at"] == "2026-12-01T02:00:00.000Z"  # the page changed when the window opened


def test_rebuilds_without_news_write_the_same_bytes(tmp_path: Path) -> None:
    """A cron rebuild a day later, with nothing new, changes no machine-readable file."""
    records = write_book(tmp_path / "records", active_incident=True)
    assert build_files(records, "2026-11-23T12:00:00Z") == build_files(records, "2026-11-24T18:30:00Z")


def test_lists_are_capped_at_50_newest_first(tmp_path: Path) -> None:
    records = tmp_path / "records"
    write_catalog(records)
    for day in range(1, 56):
        started = f"2026-{(day - 1) // 28 + 1:02d}-{(day - 1) % 28 + 1:02d}T10:00:00Z"
        write_record(records, f"incident-{day:02d}", {
            "title": f"Incident {day}", "severity": "minor", "status": "resolved", "visibility": "public",
            "components": {"search": "degraded_performance"}, "started": started, "resolved": started,
            "updates": [{"at": started, "status": "resolved", "message": "Fixed."}],
        })
    endpoint = api(build_files(records, BEFORE_MAINTENANCE))["incidents.json"]
    validator("incidents_endpoint").validate(endpoint)
    assert ids(endpoint["incidents"]) == [f"incident-{day:02d}" for day in range(55, 5, -1)]


def test_no_internal_or_drill_content_in_any_machine_file(tmp_path: Path) -> None:
    for now in (BEFORE_MAINTENANCE, DURING_MAINTENANCE, AFTER_MAINTENANCE):
        files = build_files(write_book(tmp_path / "records", active_incident=True), now)
        for path, content in files.items():
            text = content.decode("utf-8")
            assert SECRET not in text, path
            for word in ("internal-outage", "game-day", "Internal title", "Drill"):
                assert word not in text, (path, word)
        summary = json.loads(files["api/v2/summary.json"])
        # the internal record's major outage of the dashboard, the drill's maintenance of webhooks: not shown
        assert leaf_statuses(summary["components"])["dashboard"] == "operational"
        assert leaf_statuses(summary["components"])["webhooks"] == "operational"


def test_timestamps_have_milliseconds_and_z(tmp_path: Path) -> None:
    files = build_files(write_book(tmp_path / "records", active_incident=True), DURING_MAINTENANCE)
    found: list[str] = []

    def walk(value: Any, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif key.endswith(("_at", "_for", "_until")) and value is not None:
            found.append(value)

    walk(json.loads(files["api/v2/summary.json"]))
    assert found and all(TIMESTAMP.match(value) for value in found)


def test_mkdocs_builds_publish_the_same_files_in_both_sites(tmp_path: Path) -> None:
    """The plugin writes the builder's bytes unchanged, at the contract's paths, in both audiences."""
    records = write_book(tmp_path / "records", active_incident=True)
    expected = build_files(records, DURING_MAINTENANCE)
    options = {"page_id": SETTINGS.page_id}
    for audience in ("public", "internal"):
        site = build_site(tmp_path / audience, records, audience=audience, now=DURING_MAINTENANCE, plugin_options=options)
        for path, content in expected.items():
            assert (site / path).read_bytes() == content, (audience, path)
    assert {"api/v2/summary.json", "history.atom", "history.rss", "maintenance.ics", "badge.svg", "badge.json",
            "feeds/components/checkout.atom", "badges/checkout.svg", "badges/checkout.json"} <= set(expected)
