"""Fixture records for the post-mortem library's tests (build clock: 2026-11-23T12:00:00Z).

Seven records chosen so every part of the library has something to show: a published post-mortem with
an image, a Mermaid diagram and overdue actions; an incident whose required post-mortem is missing;
one still in review; a drill with a draft; an active incident; and two records on 23 November of
earlier years ("on this day"). Related records of ``db-outage``, by design: ``payments-5xx`` shares
its two rarest features, ``search-slow`` and ``db-maint`` share two common ones (``search-slow`` is
nearer in time), ``active-checkout`` shares one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sitebuild import write_catalog, write_record

NOW = "2026-11-23T12:00:00Z"
WORD = "quokkalith"  # appears only in db-outage's Learnings section

# The extensions mkdocs.yml enables for post-mortems (the Mermaid fence as a plain dict for tests).
EXTENSIONS: dict[str, Any] = {
    "admonition": {}, "attr_list": {}, "def_list": {}, "footnotes": {}, "md_in_html": {}, "tables": {},
    "toc": {"permalink": True}, "pymdownx.details": {}, "pymdownx.highlight": {}, "pymdownx.inlinehilite": {},
    "pymdownx.superfences": {"custom_fences": [{"name": "mermaid", "class": "mermaid"}]},
}

DB_OUTAGE_BODY = f"""
## Summary

Card payments failed at checkout for 84 minutes after a database failover.

## Impact

| Metric | Value |
|---|---|
| Failed payments | 1,204 |

## Chronology

```mermaid
graph LR
  A[Failover] --> B[Pool exhausted]
```

## Contributors

The connection pool kept stale connections. See the latency graph:

![Latency during the incident](graphs/latency.png)

```python
pool.max_idle = 30
```

## Mitigators

!!! note "Rollback"
    Rolling back the pool settings restored payments.

## Learnings

Nobody had seen a {WORD} failure before; we now alert on pool saturation.
"""

FULL_POSTMORTEM = """
## Summary

Errors for a while.

## Chronology

- It broke, then we fixed it.

## Contributors

A deploy.

## Mitigators

A rollback.

## Learnings

Deploy slower.
"""


def write_library_records(folder: Path) -> Path:
    """Write the catalog and the seven records into ``folder``; return ``folder``."""
    write_catalog(folder)
    year_2026 = folder / "2026"
    write_record(year_2026, "db-outage", {
        "title": "Checkout database outage",
        "severity": "major", "status": "resolved", "visibility": "public",
        "components": {"checkout": "partial_outage", "payments-api": "degraded_performance"},
        "started": "2026-03-14T09:41:00Z", "detected": "2026-03-14T09:52:00Z",
        "acknowledged": "2026-03-14T09:55:00Z", "mitigated": "2026-03-14T10:20:00Z",
        "resolved": "2026-03-14T11:05:00Z",
        "lead": "ana", "responders": ["ben", "chloe"], "tags": ["database", "deploy"],
        "updates": [
            {"at": "2026-03-14T11:05:00Z", "status": "resolved", "message": "Card payments work again."},
            {"at": "2026-03-14T09:58:00Z", "status": "investigating", "message": "We are investigating *failed* payments.",
             "components": {"checkout": "major_outage"}},
        ],
        "postmortem": {"status": "published", "review_date": "2026-03-17", "authors": ["ana", "ben"]},
        "actions": [
            {"id": "alert-pool", "title": "Alert on pool saturation", "owner": "ben", "due": "2026-04-01",
             "priority": "high", "status": "open", "type": "detect", "ticket": "https://tracker.example.com/T-1"},
            {"id": "tune-pool", "title": "Tune pool recycling", "owner": "payments-team", "due": "2026-12-31",
             "status": "in_progress", "type": "prevent"},
            {"id": "rewrite-driver", "title": "Rewrite the driver", "status": "wont_do", "reason": "Upstream fixed it",
             "closed": "2026-04-10", "type": "prevent"},
            {"id": "runbook", "title": "Write a failover runbook", "owner": "chloe", "due": "2026-03-30",
             "status": "done", "closed": "2026-03-29", "type": "process"},
        ],
    }, DB_OUTAGE_BODY)
    (year_2026 / "graphs").mkdir(parents=True, exist_ok=True)
    (year_2026 / "graphs" / "latency.png").write_bytes(b"\x89PNG\r\n\x1a\nfixture")
    (year_2026 / "notes.txt").write_text("not linked from any record", encoding="utf-8")
    write_record(year_2026, "payments-5xx", {
        "title": "Payments API returned 5xx after a deploy",
        "severity": "critical", "status": "resolved", "team": "platform-team",
        "components": {"payments-api": "major_outage"}, "tags": ["deploy", "Load Balancer"],
        "started": "2026-09-10T08:00:00Z", "resolved": "2026-09-10T09:00:00Z",
    }, "\nThe deploy also ran a database migration, which was unrelated.\n")
    write_record(year_2026, "review-pending", {
        "title": "Dashboard slow after index change",
        "severity": "major", "status": "resolved",
        "components": {"dashboard": "degraded_performance"}, "tags": ["index"],
        "started": "2026-11-01T08:00:00Z", "resolved": "2026-11-01T10:30:00Z",
        "postmortem": {"status": "in_review"},
    })
    write_record(year_2026, "webhook-drill", {
        "title": "Game day: webhooks region failover",
        "severity": "critical", "status": "resolved", "drill": True,
        "components": {"webhooks": "major_outage"}, "tags": ["failover"],
        "started": "2026-10-01T10:00:00Z", "resolved": "2026-10-01T11:00:00Z",
        "postmortem": {"status": "draft"},
    })
    write_record(year_2026, "active-checkout", {
        "title": "Checkout errors right now",
        "severity": "major", "status": "investigating",
        "components": {"checkout": "partial_outage"},
        "started": "2026-11-23T10:00:00Z", "postmortem": {"status": "draft"},
        "updates": [{"at": "2026-11-23T10:05:00Z", "status": "investigating", "message": "Looking into it."}],
    })
    write_record(folder / "2025", "search-slow", {
        "title": "Search slow for some customers",
        "severity": "minor", "status": "resolved",
        "components": {"search": "degraded_performance", "checkout": "degraded_performance"},
        "tags": ["database"],
        "started": "2025-11-23T10:00:00Z", "resolved": "2025-11-23T11:00:00Z",
    }, FULL_POSTMORTEM)
    write_record(folder / "2024", "db-maint", {
        "title": "Database upgrade",
        "type": "maintenance", "status": "completed",
        "components": {"checkout": "under_maintenance"}, "tags": ["database"],
        "scheduled_start": "2024-11-23T02:00:00Z", "scheduled_end": "2024-11-23T04:00:00Z",
    })
    return folder
