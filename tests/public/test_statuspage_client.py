"""A published Statuspage client reads the built site over HTTP.

The client is statuspage-prometheus-exporter (PyPI, ``test`` extra): it polls a Statuspage
``/api/v2/summary.json`` with requests and turns ``status.indicator``, ``components`` (name, status),
``incidents`` (id, name, status, impact, started_at, shortlink, resolved_at, components) and
``scheduled_maintenances`` (id, status, scheduled_for/until, resolved_at, components) into Prometheus
metrics. Its own reading of the page is asserted twice: in process (``check_status_page_service``,
which also returns the indicator it derived), and as users run it, in ``RUN_MODE=once`` writing a
Prometheus text file.

One quirk of the client, not of our output: it counts any non-operational component without an
incident, ``under_maintenance`` included, as indicator ``minor``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import pytest
from sitebuild import build_site
from statuspage_fixtures import (
    AFTER_MAINTENANCE,
    BEFORE_MAINTENANCE,
    DURING_MAINTENANCE,
    SETTINGS,
    write_book,
)

CLIENT = "statuspage_prometheus_exporter"


@pytest.fixture(scope="module", autouse=True)
def client_installed() -> None:
    try:
        __import__(CLIENT)
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("statuspage-prometheus-exporter is missing: install the test extra (pip install -e .[test])")
        pytest.skip("statuspage-prometheus-exporter is not installed (pip install -e .[test])")


def built_site(tmp_path: Path, active_incident: bool, now: str) -> Path:
    records = write_book(tmp_path / "records", active_incident=active_incident)
    return build_site(tmp_path / "work", records, audience="public", now=now, plugin_options={"page_id": SETTINGS.page_id})


def client_environment(tmp_path: Path, summary_url: str) -> dict[str, str]:
    """The client's configuration: one service; nothing but 127.0.0.1 is contacted, no Slack."""
    services = tmp_path / "services.json"
    services.write_text(json.dumps({"example": {"url": summary_url, "name": "Example"}}), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "SLACK_WEBHOOK_URL" and "proxy" not in k.lower()}
    env.update(SERVICES_JSON_PATH=str(services), NO_PROXY="127.0.0.1", no_proxy="127.0.0.1")
    return env


SCENARIOS = {
    "nothing active": dict(
        active=False, now=BEFORE_MAINTENANCE, indicator="none", down=set(), incidents={},
        maintenances={"payments-db-upgrade": "scheduled"},
    ),
    "incident active": dict(
        active=True, now=BEFORE_MAINTENANCE, indicator="major", down={"Storefront", "Search"},
        incidents={"search-slow": ("Search is slow", "major", ["Search"])},
        maintenances={"payments-db-upgrade": "scheduled"},
    ),
    "maintenance in progress": dict(
        active=False, now=DURING_MAINTENANCE, indicator="minor", down={"API", "Payments API"}, incidents={},
        maintenances={"payments-db-upgrade": "in_progress"},
    ),
    "maintenance completed": dict(
        active=False, now=AFTER_MAINTENANCE, indicator="none", down=set(), incidents={}, maintenances={},
    ),
}
COMPONENT_NAMES = {"Storefront", "Checkout", "Search", "API", "Payments API", "Webhooks", "Dashboard"}


@pytest.mark.parametrize("name", SCENARIOS)
def test_client_reads_indicator_components_and_incidents(
    tmp_path: Path, serve: Callable[[Path], str], monkeypatch: pytest.MonkeyPatch, name: str,
) -> None:
    scenario = SCENARIOS[name]
    base = serve(built_site(tmp_path, scenario["active"], scenario["now"]))
    env = client_environment(tmp_path, base + "api/v2/summary.json")
    for key in [k for k in os.environ if "proxy" in k.lower()]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.setenv("SERVICES_JSON_PATH", env["SERVICES_JSON_PATH"])
    monkeypatch.chdir(tmp_path)  # the client keeps its cache in ./cache
    from statuspage_prometheus_exporter.service_checker import check_status_page_service

    result: dict[str, Any] = check_status_page_service("example", {"url": base + "api/v2/summary.json", "name": "Example"})

    assert result["success"], result.get("error")
    assert result["raw_status"] == scenario["indicator"]
    components = {c["name"]: c["status"] for c in result["component_metadata"]}
    assert set(components) == COMPONENT_NAMES
    assert {n for n, s in components.items() if s != "operational"} == scenario["down"]
    incidents = {i["id"]: (i["name"], i["impact"], i["affected_components"]) for i in result["incident_metadata"]}
    assert incidents == scenario["incidents"]
    for incident in result["incident_metadata"]:
        assert incident["shortlink"] == f"https://status.example.com/incidents/{incident['id']}/"
    assert {m["id"]: m["status"] for m in result["maintenance_metadata"]} == scenario["maintenances"]
    for maintenance in result["maintenance_metadata"]:
        assert (maintenance["scheduled_start"], maintenance["scheduled_end"]) == (
            "2026-12-01T02:00:00.000Z", "2026-12-01T04:00:00.000Z")
        assert maintenance["affected_components"] == ["Payments API"]


def test_client_run_once_writes_the_expected_metrics(tmp_path: Path, serve: Callable[[Path], str]) -> None:
    """The exporter as users run it from cron: one pass over services.json, metrics to a text file."""
    from prometheus_client.parser import text_string_to_metric_families

    base = serve(built_site(tmp_path, active_incident=True, now=DURING_MAINTENANCE))
    env = client_environment(tmp_path, base + "api/v2/summary.json")
    metrics_file = tmp_path / "metrics" / "statuspage.prom"
    env.update(RUN_MODE="once", METRICS_TEXTFILE_PATH=str(metrics_file))
    run = subprocess.run(
        [sys.executable, "-m", f"{CLIENT}.status_monitoring"], cwd=tmp_path, env=env, capture_output=True,
        text=True, timeout=120, check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]

    samples = [s for family in text_string_to_metric_families(metrics_file.read_text()) for s in family.samples]

    def values(metric: str) -> dict[str, float]:
        return {json.dumps(s.labels, sort_keys=True): s.value for s in samples if s.name == metric}

    assert list(values("statuspage_probe_check").values()) == [1.0]
    assert list(values("statuspage_service_status").values()) == [0.0]  # an incident is active
    components = {json.loads(k)["component_name"]: v for k, v in values("statuspage_component_status").items()}
    assert components == {n: 0.0 if n in {"Storefront", "Search", "API", "Payments API"} else 1.0 for n in COMPONENT_NAMES}
    (incident,) = [json.loads(k) for k, v in values("statuspage_incident_info").items() if v == 1.0]
    assert (incident["incident_id"], incident["impact"], incident["affected_components"]) == ("search-slow", "major", "Search")
    assert incident["started_at"] == "2026-11-22T08:00:00Z"
    (maintenance,) = [json.loads(k) for k, v in values("statuspage_maintenance_info").items() if v == 1.0]
    assert maintenance["maintenance_id"] == "payments-db-upgrade"
    assert (maintenance["scheduled_start"], maintenance["scheduled_end"]) == ("2026-12-01T02:00:00Z", "2026-12-01T04:00:00Z")
