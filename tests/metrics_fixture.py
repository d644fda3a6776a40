"""Fixture records for the metrics and register tests, with every expected figure worked out by hand.

Build clock: 2026-11-23T12:00:00Z. Seven counted incidents (A, B, C in 2026-Q1; D, E, F, I in 2026-Q2),
one drill (G) and one maintenance (H), which the metrics leave out and the register keeps. Several
incidents lack a timestamp, so they count only in the figures that do not need it.
"""

from __future__ import annotations

import copy
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from incidentbook.core.knowledge.metrics import CLOSURE_STATES
from sitebuild import BASIC_CATALOG, write_catalog, write_record

NOW = "2026-11-23T12:00:00Z"

# BASIC_CATALOG without action_due_days on minor: actions of minor incidents have no policy due date.
CATALOG = copy.deepcopy(BASIC_CATALOG)
del CATALOG["severities"][0]["action_due_days"]

POSTMORTEM_BODY = """
## Summary
Checkout was down.
## Chronology
10:00 it broke.
## Contributors
A bad deploy.
## Mitigators
A rollback.
## Learnings
Deploy smaller changes.
"""


def _resolved(front: dict, at: str) -> dict:
    return {**front, "status": "resolved", "resolved": at,
            "updates": [{"at": at, "status": "resolved", "message": "Fixed."}]}


RECORDS: dict[str, tuple[dict, str]] = {
    # 2026-Q1, critical. TTD 300, TTA 600, TTM 2400, TTR 3600. Team: owner of checkout = payments-team.
    "a-checkout-down": (_resolved({
        "title": "Checkout down", "severity": "critical", "visibility": "public",
        "components": {"checkout": "major_outage", "payments-api": "partial_outage"},
        "started": "2026-01-10T10:00:00Z", "detected": "2026-01-10T10:05:00Z",
        "acknowledged": "2026-01-10T10:10:00Z", "mitigated": "2026-01-10T10:40:00Z", "lead": "ana",
        "postmortem": {"status": "published"},
        "actions": [
            # due 2026-02-01, closed 2026-01-30: on time
            {"id": "a1", "title": "Alert on errors", "due": "2026-02-01", "status": "done", "closed": "2026-01-30"},
            # no due: policy 2026-01-10 + 15 days = 2026-01-25; closed 2026-02-10: late
            {"id": "a2", "title": "Canary deploys", "status": "done", "closed": "2026-02-10"},
            # due 2026-03-01, still open on 2026-11-23: overdue
            {"id": "a3", "title": "Runbook", "due": "2026-03-01", "status": "open"},
        ],
    }, "2026-01-10T11:00:00Z"), POSTMORTEM_BODY),
    # 2026-Q1, minor, no detected and no acknowledged. TTM 3600, TTR 14400. Team: discovery-team.
    "b-search-slow": (_resolved({
        "title": "Search slow", "severity": "minor", "components": {"search": "degraded_performance"},
        "started": "2026-02-03T08:00:00Z", "mitigated": "2026-02-03T09:00:00Z",
        "actions": [{"id": "b1", "title": "Cache", "due": "2027-01-15", "status": "in_progress"}],  # not yet due
    }, "2026-02-03T12:00:00Z"), ""),
    # 2026-Q1 in UTC (01:00+02:00 = 2026-03-30T23:00Z), major. TTD 1200, TTA 3000, TTM 7200, TTR 14400.
    # Team written in the record: payments-team (webhooks belongs to platform-team).
    "c-webhooks": (_resolved({
        "title": "Webhooks delayed", "severity": "major", "team": "payments-team",
        "components": {"webhooks": "partial_outage"},
        "started": "2026-03-31T01:00:00+02:00", "detected": "2026-03-30T23:20:00Z",
        "acknowledged": "2026-03-30T23:50:00Z", "mitigated": "2026-03-31T01:00:00Z",
        "postmortem": {"status": "draft"},
        # policy due 2026-03-31 + 30 = 2026-04-30; won't do, closed 2026-04-05: on time
        "actions": [{"id": "c1", "title": "Rewrite queue", "status": "wont_do", "reason": "Replaced by a vendor",
                     "closed": "2026-04-05"}],
    }, "2026-03-31T03:00:00Z"), ""),
    # 2026-Q2, major, no mitigated, no post-mortem. TTD 600, TTA 1800, TTR 21600. Team: platform-team.
    # Title and lead begin with formula characters (CSV injection).
    "d-dashboard": (_resolved({
        "title": "=1+2 dashboard totals wrong", "severity": "major", "lead": "@dana",
        "components": {"dashboard": "major_outage"},
        "started": "2026-04-01T00:30:00Z", "detected": "2026-04-01T00:40:00Z",
        "acknowledged": "2026-04-01T01:00:00Z",
    }, "2026-04-01T06:30:00Z"), ""),
    # 2026-Q2, critical, still investigating, internal. TTD 60, TTA 180; no TTM, no TTR.
    # Team: owner of payments-api (first component) = payments-team.
    "e-payments-open": ({
        "title": "Payments failing", "severity": "critical", "status": "investigating",
        "components": {"payments-api": "major_outage", "checkout": "degraded_performance"},
        "started": "2026-05-15T12:00:00Z", "detected": "2026-05-15T12:01:00Z",
        "acknowledged": "2026-05-15T12:03:00Z",
        # no due, not resolved: policy counts from started, 2026-05-15 + 15 = 2026-05-30: overdue
        "actions": [{"id": "e1", "title": "Retry budget"}],
    }, ""),
    # 2026-Q2 (started one second before Q3), minor, no components, so no team.
    # TTD 300, TTA 600, TTM 1800, TTR 7200.
    "f-no-components": (_resolved({
        "title": "Internal tooling glitch", "severity": "minor",
        "started": "2026-06-30T23:59:59Z", "detected": "2026-07-01T00:04:59Z",
        "acknowledged": "2026-07-01T00:09:59Z", "mitigated": "2026-07-01T00:29:59Z",
        "actions": [
            {"id": "f1", "title": "Add owner"},  # open, minor has no policy: no due date
            {"id": "f2", "title": "Write notes", "status": "done", "closed": "2026-07-02"},  # closed, no due date
        ],
    }, "2026-07-01T01:59:59Z"), ""),
    # A drill: left out of the metrics (and its overdue action with it), flagged in the register.
    "g-drill": (_resolved({
        "title": "Game day: lose the primary", "severity": "major", "drill": True,
        "components": {"checkout": "major_outage"},
        "started": "2026-03-01T09:00:00Z", "detected": "2026-03-01T09:01:00Z",
        "actions": [{"id": "g1", "title": "Drill finding", "due": "2026-04-01"}],
    }, "2026-03-01T10:00:00Z"), ""),
    # A maintenance: left out of the metrics, in the register with null durations.
    "h-maintenance": ({
        "title": "Database upgrade", "type": "maintenance", "status": "completed", "visibility": "public",
        "components": {"payments-api": "under_maintenance"},
        "scheduled_start": "2026-06-10T02:00:00Z", "scheduled_end": "2026-06-10T04:00:00Z",
    }, ""),
    # 2026-Q2, minor. TTD 1800, TTA 2700, TTM 3600, TTR 86400. Team: discovery-team.
    "i-search-again": (_resolved({
        "title": "Search errors", "severity": "minor", "components": {"search": "partial_outage"},
        "started": "2026-05-20T10:00:00Z", "detected": "2026-05-20T10:30:00Z",
        "acknowledged": "2026-05-20T10:45:00Z", "mitigated": "2026-05-20T11:00:00Z",
    }, "2026-05-21T10:00:00Z"), ""),
}


def write_fixture(folder: Path) -> Path:
    """Write the catalog and the records above into ``folder`` and return it."""
    write_catalog(folder, CATALOG)
    for record_id, (front, body) in RECORDS.items():
        write_record(folder, record_id, front, body)
    return folder


# -- expected figures, by hand -------------------------------------------------------------------------
# Severities are listed most severe first: critical, major, minor. None = "all".

COUNTS = {  # quarter -> (critical, major, minor, total)
    "2026-Q1": (1, 1, 1, 3),  # A, C, B
    "2026-Q2": (1, 1, 2, 4),  # E, D, F + I
    None: (2, 2, 3, 7),
}

# Per duration: (quarter, severity) -> (n, median, p90, min, max). Nearest rank: rank ceil(p/100 * n).
DURATIONS = {
    "time_to_detect": {  # A 300, B -, C 1200, D 600, E 60, F 300, I 1800
        ("2026-Q1", "critical"): (1, 300, 300, 300, 300),
        ("2026-Q1", "major"): (1, 1200, 1200, 1200, 1200),
        ("2026-Q1", "minor"): (0, None, None, None, None),
        ("2026-Q1", None): (2, 300, 1200, 300, 1200),  # [300, 1200]: ranks 1 and 2
        ("2026-Q2", "critical"): (1, 60, 60, 60, 60),
        ("2026-Q2", "major"): (1, 600, 600, 600, 600),
        ("2026-Q2", "minor"): (2, 300, 1800, 300, 1800),
        ("2026-Q2", None): (4, 300, 1800, 60, 1800),  # [60, 300, 600, 1800]: ranks 2 and 4
        (None, "critical"): (2, 60, 300, 60, 300),
        (None, "major"): (2, 600, 1200, 600, 1200),
        (None, "minor"): (2, 300, 1800, 300, 1800),
        (None, None): (6, 300, 1800, 60, 1800),  # [60, 300, 300, 600, 1200, 1800]: ranks 3 and 6
    },
    "time_to_acknowledge": {  # A 600, B -, C 3000, D 1800, E 180, F 600, I 2700
        ("2026-Q1", "critical"): (1, 600, 600, 600, 600),
        ("2026-Q1", "major"): (1, 3000, 3000, 3000, 3000),
        ("2026-Q1", "minor"): (0, None, None, None, None),
        ("2026-Q1", None): (2, 600, 3000, 600, 3000),
        ("2026-Q2", "critical"): (1, 180, 180, 180, 180),
        ("2026-Q2", "major"): (1, 1800, 1800, 1800, 1800),
        ("2026-Q2", "minor"): (2, 600, 2700, 600, 2700),
        ("2026-Q2", None): (4, 600, 2700, 180, 2700),  # [180, 600, 1800, 2700]
        (None, "critical"): (2, 180, 600, 180, 600),
        (None, "major"): (2, 1800, 3000, 1800, 3000),
        (None, "minor"): (2, 600, 2700, 600, 2700),
        (None, None): (6, 600, 3000, 180, 3000),  # [180, 600, 600, 1800, 2700, 3000]
    },
    "time_to_mitigate": {  # A 2400, B 3600, C 7200, D -, E -, F 1800, I 3600
        ("2026-Q1", "critical"): (1, 2400, 2400, 2400, 2400),
        ("2026-Q1", "major"): (1, 7200, 7200, 7200, 7200),
        ("2026-Q1", "minor"): (1, 3600, 3600, 3600, 3600),
        ("2026-Q1", None): (3, 3600, 7200, 2400, 7200),  # [2400, 3600, 7200]: ranks 2 and 3
        ("2026-Q2", "critical"): (0, None, None, None, None),
        ("2026-Q2", "major"): (0, None, None, None, None),
        ("2026-Q2", "minor"): (2, 1800, 3600, 1800, 3600),
        ("2026-Q2", None): (2, 1800, 3600, 1800, 3600),
        (None, "critical"): (1, 2400, 2400, 2400, 2400),
        (None, "major"): (1, 7200, 7200, 7200, 7200),
        (None, "minor"): (3, 3600, 3600, 1800, 3600),  # [1800, 3600, 3600]: ranks 2 and 3
        (None, None): (5, 3600, 7200, 1800, 7200),  # [1800, 2400, 3600, 3600, 7200]: ranks 3 and 5
    },
    "time_to_resolve": {  # A 3600, B 14400, C 14400, D 21600, E -, F 7200, I 86400
        ("2026-Q1", "critical"): (1, 3600, 3600, 3600, 3600),
        ("2026-Q1", "major"): (1, 14400, 14400, 14400, 14400),
        ("2026-Q1", "minor"): (1, 14400, 14400, 14400, 14400),
        ("2026-Q1", None): (3, 14400, 14400, 3600, 14400),  # [3600, 14400, 14400]
        ("2026-Q2", "critical"): (0, None, None, None, None),
        ("2026-Q2", "major"): (1, 21600, 21600, 21600, 21600),
        ("2026-Q2", "minor"): (2, 7200, 86400, 7200, 86400),
        ("2026-Q2", None): (3, 21600, 86400, 7200, 86400),  # [7200, 21600, 86400]
        (None, "critical"): (1, 3600, 3600, 3600, 3600),
        (None, "major"): (2, 14400, 21600, 14400, 21600),
        (None, "minor"): (3, 14400, 86400, 7200, 86400),  # [7200, 14400, 86400]
        (None, None): (6, 14400, 86400, 3600, 86400),  # [3600, 7200, 14400, 14400, 21600, 86400]
    },
}
MEANS = {  # all quarters, all severities
    "time_to_detect": 4260 / 6,
    "time_to_acknowledge": 8880 / 6,
    "time_to_mitigate": 18600 / 5,
    "time_to_resolve": 147600 / 6,
}
DURATION_N_TOTAL = {"time_to_detect": 6, "time_to_acknowledge": 6, "time_to_mitigate": 5, "time_to_resolve": 6}

COMPONENTS = {  # component -> (critical, major, minor, total)
    "checkout": (2, 0, 0, 2),  # A, E
    "search": (0, 0, 2, 2),  # B, I
    "payments-api": (2, 0, 0, 2),  # A, E
    "webhooks": (0, 1, 0, 1),  # C
    "dashboard": (0, 1, 0, 1),  # D
}
TEAMS = {  # team -> (critical, major, minor, total); None: no team
    "payments-team": (2, 1, 0, 3),  # A, E (first component), C (team field)
    "discovery-team": (0, 0, 2, 2),  # B, I
    "platform-team": (0, 1, 0, 1),  # D
    None: (0, 0, 1, 1),  # F
}
CLOSURE = {  # quarter -> (on_time, late, closed_no_due, overdue, open_not_due, open_no_due, total)
    "2026-Q1": (2, 1, 0, 1, 1, 0, 5),  # a1 c1 | a2 | - | a3 | b1 | -
    "2026-Q2": (0, 0, 1, 1, 0, 1, 3),  # f2 | e1 | f1
    None: (2, 1, 1, 2, 1, 1, 8),
}
POSTMORTEMS = {  # severity -> (published, in_review, draft, missing, total, completion); resolved only
    "critical": (1, 0, 0, 0, 1, 1.0),  # A (E is unresolved)
    "major": (0, 0, 1, 1, 2, 0.0),  # C draft, D none
    None: (1, 0, 1, 1, 3, 1 / 3),
}

REGISTER_ORDER = [  # by started (or scheduled_start), oldest first
    "a-checkout-down", "b-search-slow", "g-drill", "c-webhooks", "d-dashboard", "e-payments-open",
    "i-search-again", "h-maintenance", "f-no-components",
]


# -- reading the figures back ------------------------------------------------------------------------------

class _TableReader(HTMLParser):
    """The metrics page's tables: ``{table id: rows}``, each row ``{column key: data-value}``."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[dict[str, Any]]] = {}
        self.keys: list[str] = []
        self.table: str | None = None
        self.row: list[Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "table" and (attributes.get("id") or "").startswith("table-"):
            self.table = (attributes["id"] or "")[len("table-"):]
            self.tables[self.table], self.keys = [], []
        elif self.table and tag == "th" and "data-key" in attributes:
            self.keys.append(attributes["data-key"] or "")
        elif self.table and tag == "tr":
            self.row = []
        elif self.row is not None and tag in ("th", "td") and "data-value" in attributes:
            self.row.append(_number(attributes["data-value"] or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr" and self.table and self.row:
            self.tables[self.table].append(dict(zip(self.keys, self.row, strict=True)))
        if tag == "tr":
            self.row = None
        elif tag == "table":
            self.table = None


def _number(text: str) -> Any:
    if text == "":
        return None
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def page_tables(html: str) -> dict[str, list[dict[str, Any]]]:
    reader = _TableReader()
    reader.feed(html)
    return reader.tables


def assert_figures(sections: dict[str, list[dict[str, Any]]], mean: bool = False) -> None:
    """Compare rows of raw values (from the page, or from ``stats --format json``) with the figures above."""
    counts = {r["quarter"]: (r["critical"], r["major"], r["minor"], r["total"]) for r in sections["incidents"]}
    assert counts == COUNTS and list(counts) == list(COUNTS)
    for key, expected in DURATIONS.items():
        rows = {(r["quarter"], r["severity"]): r for r in sections[key]}
        assert list(rows) == list(expected), key  # same groups, same order
        for group, figures in expected.items():
            row = rows[group]
            assert (row["n"], row["median"], row["p90"], row["min"], row["max"]) == figures, (key, group)
            if "small_n" in row:  # the JSON output flags rows with n < 5
                assert row["small_n"] is (figures[0] < 5), (key, group)
        assert ("mean" in rows[(None, None)]) == mean
        if mean:
            assert rows[(None, None)]["mean"] == pytest.approx(MEANS[key])
    for kind, name, expected in (("components", "component", COMPONENTS), ("teams", "team", TEAMS)):
        got = {r[name]: (r["critical"], r["major"], r["minor"], r["total"]) for r in sections[kind]}
        assert got == expected and list(got) == list(expected), kind
    closure = {r["quarter"]: tuple(r[k] for k in (*CLOSURE_STATES, "total")) for r in sections["actions"]}
    assert closure == CLOSURE
    postmortems = {r["severity"]: tuple(r[k] for k in ("published", "in_review", "draft", "missing", "total"))
                   for r in sections["postmortems"]}
    assert postmortems == {k: v[:5] for k, v in POSTMORTEMS.items()}
    for row in sections["postmortems"]:
        assert row["completion"] == pytest.approx(POSTMORTEMS[row["severity"]][5])
