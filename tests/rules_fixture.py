"""A valid record and one malformed variant per rule of FORMAT.md, shared by the loader, schema and check tests."""

from __future__ import annotations

import os
from pathlib import Path

from incidentbook.core.records.loader import read_book
from sitebuild import write_catalog

VALID = """\
title: Card payments failing at checkout
severity: major
status: resolved
visibility: public
components:
  checkout: partial_outage
started: 2026-03-14T09:41:00Z
detected: 2026-03-14T09:52:00Z
acknowledged: 2026-03-14T09:55:00Z
mitigated: 2026-03-14T10:20:00Z
resolved: 2026-03-14T11:05:00Z
updates:
  - at: 2026-03-14T09:58:00Z
    status: investigating
    message: We are investigating failed card payments.
  - at: 2026-03-14T11:05:00Z
    status: resolved
    message: Card payments work again.
postmortem:
  status: draft
actions:
  - id: alert-auth-errors
    title: Alert on card authorisation error rate
    status: open
"""

POSTMORTEM = """
## Summary
Payments failed.

## Chronology
- 09:41 errors begin

## Contributors
A config change.

## Mitigators
A fast rollback.

## Learnings
Alert earlier.
"""


def problems_for(tmp_path: Path, front: str, body: str = "", name: str = "2026-03-14-card") -> list:
    records = tmp_path / "records"
    write_catalog(records)
    file = records / "2026" / f"{name}.md"
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text("---\n" + front + "---\n" + body, encoding="utf-8")
    os.chdir(tmp_path)
    _, problems = read_book(records)
    return sorted(problems)


def replace(old: str, new: str) -> str:
    assert old in VALID, old
    return VALID.replace(old, new)



# (description, front matter, line, part of the message)
CASES = [
    ("duplicate key", replace("visibility: public\n", "visibility: public\nvisibility: internal\n"), 6, "visibility: duplicate key (first at line 5)"),
    ("tab", replace("severity: major", "severity:\tmajor"), 3, "tab character"),
    ("unknown field", replace("severity: major\n", "severity: major\ncolour: red\n"), 4, "colour: unknown field"),
    ("wrong type: list", replace("started:", "responders: ben\nstarted:"), 8, "responders: expected a list"),
    ("YAML 1.1 boolean", replace("visibility: public\n", "visibility: public\ndrill: no\n"), 6, "drill: expected true or false, got 'no'"),
    ("sexagesimal time", replace("started: 2026-03-14T09:41:00Z", "started: 09:41"), 8, "started: '09:41' is not an ISO 8601 timestamp"),
    ("naive timestamp", replace("detected: 2026-03-14T09:52:00Z", "detected: 2026-03-14 09:52:00"), 9, "detected: '2026-03-14 09:52:00' is not an ISO 8601 timestamp with a time zone"),
    ("impossible timestamp", replace("detected: 2026-03-14T09:52:00Z", "detected: 2026-13-14T09:52:00Z"), 9, "detected: '2026-13-14T09:52:00Z' is not a valid timestamp"),
    ("status enum", replace("status: resolved\nvisibility", "status: fixed\nvisibility"), 4, "status: 'fixed' is not one of: investigating, identified, monitoring, resolved"),
    ("visibility enum", replace("visibility: public", "visibility: everyone"), 5, "visibility: 'everyone' is not one of: public, internal"),
    ("component status enum", replace("checkout: partial_outage", "checkout: down"), 7, "components.checkout: 'down' is not one of"),
    ("update status enum", replace("    status: investigating", "    status: looking"), 15, "updates[0].status: 'looking' is not one of"),
    ("action priority enum", VALID + "    priority: urgent\n", 26, "actions[0].priority: 'urgent' is not one of: high, medium, low"),
    ("date format", VALID + "    due: 2026/04/01\n", 26, "actions[0].due: '2026/04/01' is not a date, YYYY-MM-DD"),
    ("postmortem status enum", replace("  status: draft", "  status: done"), 21, "postmortem.status: 'done' is not one of: draft, in_review, published"),
    ("missing title", replace("title: Card payments failing at checkout\n", ""), 2, "title: required field is missing"),
    ("incident without severity", replace("severity: major\n", ""), 2, "severity: required field is missing (for an incident)"),
    ("incident without started", replace("started: 2026-03-14T09:41:00Z\n", ""), 6, "started: required field is missing (for an incident)"),
    ("resolved without timestamp", replace("resolved: 2026-03-14T11:05:00Z\n", ""), 11, "resolved: required field is missing (when status is resolved)"),
    ("detected before started", replace("detected: 2026-03-14T09:52:00Z", "detected: 2026-03-14T09:00:00Z"), 9, "detected: 2026-03-14T09:00:00Z is before started"),
    ("acknowledged before detected", replace("acknowledged: 2026-03-14T09:55:00Z", "acknowledged: 2026-03-14T09:50:00Z"), 10, "acknowledged: 2026-03-14T09:50:00Z is before detected"),
    ("mitigated before started", replace("mitigated: 2026-03-14T10:20:00Z", "mitigated: 2026-03-14T09:00:00Z"), 11, "mitigated: 2026-03-14T09:00:00Z is before started"),
    ("resolved before mitigated", replace("resolved: 2026-03-14T11:05:00Z", "resolved: 2026-03-14T10:00:00Z").replace("at: 2026-03-14T11:05:00Z", "at: 2026-03-14T10:00:00Z"), 12, "resolved: 2026-03-14T10:00:00Z is before mitigated"),
    ("update before started", replace("at: 2026-03-14T09:58:00Z", "at: 2026-03-14T09:00:00Z"), 14, "updates[0].at: 2026-03-14T09:00:00Z is before started"),
    ("last update not resolved", replace("    status: resolved\n    message: Card", "    status: monitoring\n    message: Card"), 4, "the last update of a resolved incident must have status resolved"),
    ("resolved set while open", replace("status: resolved\nvisibility", "status: monitoring\nvisibility").replace("    status: resolved\n    message: Card", "    status: monitoring\n    message: Card"), 12, "resolved: is set but status is 'monitoring'"),
    ("unknown component", replace("checkout: partial_outage", "checkout: partial_outage\n  kitchen: major_outage"), 8, "components.kitchen: unknown component"),
    ("unknown component in update", replace("    message: We are investigating failed card payments.\n", "    message: We are investigating failed card payments.\n    components: {oven: major_outage}\n"), 17, "updates[0].components.oven: unknown component"),
    ("unknown severity", replace("severity: major", "severity: sev1"), 3, "severity: unknown severity 'sev1'; the catalog has: minor, major, critical"),
    ("wont_do without reason", replace("    status: open\n", "    status: wont_do\n    closed: 2026-04-01\n"), 23, "actions[0].reason: required field is missing (when status is wont_do)"),
    ("done without closed", replace("    status: open\n", "    status: done\n"), 23, "actions[0].closed: required field is missing (when status is done)"),
    ("duplicate action id", VALID + "  - id: alert-auth-errors\n    title: Again\n", 26, "actions[1].id: duplicate action id"),
    ("id with a trailing newline", 'id: "card\\n"\n' + VALID, 2, "is not a valid id"),
    ("action id with a trailing newline", replace("  - id: alert-auth-errors", '  - id: "alert-auth-errors\\n"'), 23, "actions[0].id: 'alert-auth-errors\\n' is not an id"),
    ("alias", replace("started: 2026-03-14T09:41:00Z", "started: &t 2026-03-14T09:41:00Z\nx-copy: *t"), 8, "anchors and aliases are not allowed"),
    ("custom tag", replace("title: Card payments failing at checkout", "title: !!python/object:os.system ls"), 2, "custom YAML tags"),
    ("syntax error", replace("severity: major", "severity: [major"), 4, "YAML syntax"),
    ("maintenance without window", "title: Database upgrade\ntype: maintenance\n", 3, "scheduled_start: required field is missing (for a maintenance)"),
    ("maintenance window reversed", "title: Upgrade\ntype: maintenance\nscheduled_start: 2026-12-01T04:00:00Z\nscheduled_end: 2026-12-01T02:00:00Z\n", 5, "scheduled_end: must be after scheduled_start"),
    ("maintenance status enum", "title: Upgrade\ntype: maintenance\nstatus: resolved\nscheduled_start: 2026-12-01T02:00:00Z\nscheduled_end: 2026-12-01T04:00:00Z\n", 4, "status: 'resolved' is not one of: scheduled, in_progress, verifying, completed"),
    ("not a mapping", "- just\n- a list\n", 2, "the front matter must be a mapping"),
]
