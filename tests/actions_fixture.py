"""Fixture records for the follow-up action tests: every action status, the overdue and due-soon boundaries and the policy.

Today is 2026-11-23 (NOW): an action due 2026-11-22 is one day overdue, one due today is not.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sitebuild import write_catalog, write_record

NOW = "2026-11-23T12:00:00Z"
TODAY = date(2026, 11, 23)

CARD_OUTAGE = """\
title: Card payments failing
severity: major
status: resolved
components: {checkout: partial_outage}
started: 2026-10-01T09:41:00Z
resolved: 2026-10-01T11:05:00Z
actions:
  - id: due-yesterday
    title: Alert on authorisation errors
    owner: ben
    due: 2026-11-22
    priority: high
    type: detect
    ticket: https://github.com/acme/shop/issues/412
  - id: due-today
    title: Retry declined webhooks
    owner: ben
    due: 2026-11-23
    status: in_progress
  - id: due-in-14
    title: Document the failover
    owner: chloe
    due: 2026-12-07
    priority: low
    type: process
  - id: due-in-15
    title: Review timeouts
    owner: chloe
    due: 2026-12-08
  - id: policy-due
    title: Add a circuit breaker
    owner: payments-team
    type: mitigate
  - id: done-recent
    title: Roll back the release
    owner: ben
    due: 2026-11-01
    status: done
    closed: 2026-11-20
  - id: wont-do-old
    title: Rewrite the payment service
    owner: chloe
    status: wont_do
    reason: Replaced by the circuit breaker
    closed: 2026-06-01
  - id: formula
    title: '=HYPERLINK("http://evil.example", "click"), then "quote"'
    owner: '@mallory'
    due: 2026-12-20
    ticket: https://github.com/acme/shop/issues/413
"""

SEARCH_SLOW = """\
title: Search is slow
severity: minor
status: investigating
team: platform-team
components: {search: degraded_performance}
started: 2026-11-01T08:00:00Z
actions:
  - id: no-owner
    title: Find the slow query
  - id: late-in-progress
    title: Add an index
    owner: dana
    due: 2026-11-01
    status: in_progress
    priority: high
"""

MAINTENANCE = """\
title: Database upgrade
type: maintenance
status: completed
components: {dashboard: under_maintenance}
scheduled_start: 2026-11-02T02:00:00Z
scheduled_end: 2026-11-02T04:00:00Z
actions:
  - id: undated
    title: Write the upgrade runbook
    owner: erin
"""

DRILL = """\
title: Game day
severity: critical
status: resolved
drill: true
components: {webhooks: major_outage}
started: 2026-10-20T10:00:00Z
resolved: 2026-10-20T12:00:00Z
actions:
  - id: closed-30-days-ago
    title: Shorten DNS TTL
    owner: discovery-team
    due: 2026-11-04
    status: done
    closed: 2026-10-24
  - id: closed-31-days-ago
    title: Page the database team
    owner: discovery-team
    due: 2026-11-04
    status: done
    closed: 2026-10-23
"""


def write_book(folder: Path) -> Path:
    """Four records covering every action status, the overdue and due-soon boundaries and the policy."""
    write_catalog(folder)
    write_record(folder, "card-outage", CARD_OUTAGE)
    write_record(folder, "search-slow", SEARCH_SLOW)
    write_record(folder / "maintenance", "db-upgrade", MAINTENANCE)
    write_record(folder, "game-day", DRILL)
    return folder
