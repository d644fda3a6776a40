"""Generate a large, realistic and valid records folder for the benchmarks in ``bench/run.py``.

Why a generator rather than copies of the example records: the cost of a build depends on how many
records there are, how long their text is and how many updates, actions and post-mortems they carry,
so the set has to look like a real team's history (years of mostly minor incidents, a third with full
post-mortems, some maintenances, a few internal records and drills) at any size, and be the same
bytes for the same seed so that two runs of the benchmark measure the same work.

The records are written as people write them (plain YAML scalars, folded long messages, Markdown
sections), not through a YAML dumper, so parsing costs what it costs on real files.

Usage from Python::

    summary = generate(Path("/tmp/records"), 1000, seed=2026, floor_dir=Path("/tmp/floor/docs/pages"))

The caller validates the result with incidentbook's loader (``run.py`` and ``tests/test_bench.py`` do).
"""

from __future__ import annotations

import json
import random
import re
import textwrap
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)
"""The build clock of every benchmark build (INCIDENTBOOK_NOW); records are generated before it."""

NOW_TEXT = "2026-11-23T12:00:00Z"
YEARS = 6  # history the records span, ending a day before NOW
RECENT_DAYS = 120  # the status page looks back 90 days: records in this window are the same at every N
RECENT_RECORDS = 40  # (fewer when N < 200): a team with more history has more years, not more incidents a day

# -- the catalog ----------------------------------------------------------------------------------

TEAMS = [
    ("platform-team", "Platform"),
    ("payments-team", "Payments"),
    ("billing-team", "Billing"),
    ("data-team", "Data"),
    ("messaging-team", "Messaging"),
    ("integrations-team", "Integrations"),
    ("security-team", "Security"),
    ("sre-team", "Site Reliability Engineering"),
]

# id, name, group, owner, description, backend services, what a user does with it
COMPONENTS: list[tuple[str, str, str, str, str, list[str], str]] = [
    ("web-app", "Web app", "Web & API", "platform-team", "The dashboard where customers create invoices and manage their account.",
     ["the web frontend", "the api-gateway", "pg-main"], "loading the dashboard"),
    ("public-api", "REST API", "Web & API", "platform-team", "The public REST API used by integrations and accounting connectors.",
     ["the api-gateway", "pgbouncer", "the rate limiter"], "calling the API"),
    ("mobile-api", "Mobile app API", "Web & API", "platform-team", "The API behind the iOS and Android apps.",
     ["the mobile BFF", "the api-gateway"], "using the mobile apps"),
    ("webhooks", "Webhooks", "Web & API", "platform-team", "Outbound event notifications to customer endpoints.",
     ["the webhook dispatcher", "kafka"], "receiving webhooks"),
    ("auth", "Sign-in and SSO", "Web & API", "security-team", "Password, Google and SAML sign-in, sessions and two-factor authentication.",
     ["the auth service", "redis-sessions"], "signing in"),
    ("card-payments", "Card payments", "Payments", "payments-team", "Card and wallet payments taken on invoices.",
     ["the payments service", "redis-shared", "the card processor client"], "paying by card"),
    ("payment-links", "Payment pages", "Payments", "payments-team", "The hosted payment pages payers open from an invoice.",
     ["the checkout frontend", "the payments service"], "opening payment pages"),
    ("bank-payouts", "Bank payouts", "Payments", "payments-team", "Daily settlement of collected funds to customers' bank accounts.",
     ["the payout batcher", "the SFTP bridge"], "receiving payouts"),
    ("refunds", "Refunds", "Payments", "payments-team", "Full and partial refunds of card payments.",
     ["the payments service", "the ledger"], "issuing refunds"),
    ("invoice-delivery", "Invoice email delivery", "Invoicing", "billing-team", "Sending invoices, receipts and reminders by email.",
     ["the mailer", "the SMTP relay", "celery workers"], "sending invoices by email"),
    ("pdf-rendering", "PDF generation", "Invoicing", "billing-team", "Rendering invoice, quote and statement PDFs.",
     ["the PDF renderer", "celery workers"], "downloading PDFs"),
    ("recurring-billing", "Recurring invoices", "Invoicing", "billing-team", "Scheduled creation of recurring invoices and subscription charges.",
     ["the scheduler", "celery workers", "pg-main"], "running recurring invoices"),
    ("reporting", "Reports", "Data", "data-team", "Revenue, tax and ageing reports in the dashboard.",
     ["the reporting warehouse", "the ETL jobs"], "viewing reports"),
    ("exports", "Data exports", "Data", "data-team", "CSV and accounting exports.",
     ["the export workers", "pg-replica"], "exporting data"),
    ("search", "Search", "Data", "data-team", "Searching invoices, clients and payments.",
     ["the search cluster", "the indexer"], "searching"),
    ("sms", "SMS reminders", "Notifications", "messaging-team", "Payment reminders by SMS.",
     ["the SMS gateway client", "celery workers"], "receiving SMS reminders"),
    ("push", "Push notifications", "Notifications", "messaging-team", "Mobile push notifications for payments and invoices.",
     ["the push relay", "kafka"], "receiving push notifications"),
    ("accounting-sync", "Accounting sync", "Integrations", "integrations-team", "Two-way sync with accounting software.",
     ["the sync workers", "the OAuth token store"], "syncing with accounting software"),
    ("crm-sync", "CRM sync", "Integrations", "integrations-team", "Contact and deal sync with CRM systems.",
     ["the sync workers", "kafka"], "syncing with the CRM"),
    ("status-emails", "Status notifications", "Notifications", "messaging-team", "Emails sent to status page subscribers.",
     ["the mailer", "the subscriber store"], "receiving status emails"),
]
COMPONENT_BY_ID = {c[0]: c for c in COMPONENTS}

SEVERITIES = [
    {"id": "minor", "name": "Minor", "description": "Degraded performance or a partial outage of one component with a workaround.", "action_due_days": 60},
    {"id": "major", "name": "Major", "description": "A customer-facing feature is unavailable or wrong for a significant share of customers.", "postmortem": "required", "action_due_days": 30},
    {"id": "critical", "name": "Critical", "description": "The product or payments are unavailable for most customers, or money or data is at risk.", "postmortem": "required", "action_due_days": 15},
]

PEOPLE = [
    "ana", "ben", "chloe", "dmitri", "elif", "farah", "gabriel", "hana", "ivan", "jonas", "kenji", "lena",
    "mateo", "nadia", "oliver", "priya", "quentin", "rosa", "samir", "tomasz", "uma", "victor", "wen",
    "xavier", "yara", "zoe", "amara", "bruno", "carmen", "diego", "emeka", "freya", "goran", "ines",
]
VENDORS = ["our card processor", "our email provider", "our SMS provider", "our DNS provider", "our CDN", "the cloud provider's load balancer service", "our object storage provider"]
TAGS = ["database", "deploy", "config", "capacity", "network", "dns", "tls", "third-party", "cache", "queue", "memory", "security", "migration", "alerting", "payments", "email"]

# kind, internal title, what broke (internal), public cause, the mitigation, the fix
CAUSES: list[tuple[str, str, str, str, str, str]] = [
    ("deploy", "after a deploy of {svc}", "a deploy of {svc} introduced a regression in request handling", "a software update", "rolled back the deploy", "added a canary stage that compares error rates before a full rollout"),
    ("config", "after a configuration change to {svc}", "a configuration change to {svc} was applied to every region at once", "a configuration change", "reverted the configuration change", "moved the setting behind a staged rollout with automatic rollback"),
    ("disk", "as {svc} ran out of disk space", "{svc} ran out of disk space after write-ahead logs grew faster than expected", "a storage capacity problem", "freed space and extended the volume", "enabled storage autoscaling and added a disk growth forecast alert"),
    ("cert", "because of an expired certificate on {svc}", "a TLS certificate used by {svc} expired and the renewal job had failed silently", "an expired security certificate", "renewed and deployed the certificate", "alerted on certificate expiry 21 days ahead and on renewal job failures"),
    ("pool", "due to connection pool exhaustion in {svc}", "{svc} exhausted its connection pool when slow queries held connections", "a database connection problem", "restarted the pool and cancelled the slow queries", "set statement timeouts and sized the pool from measured concurrency"),
    ("vendor", "during an outage at {vendor}", "{vendor} returned errors and timeouts and our client retried without backoff", "an outage at one of our providers", "failed over to the secondary provider", "made failover automatic and added jittered backoff to the client"),
    ("memory", "from a memory leak in {svc}", "a memory leak in {svc} made its pods restart in a loop under load", "a problem with one of our internal services", "restarted the pods with more memory and rolled back", "added a memory regression test to the release pipeline"),
    ("query", "caused by a slow query after a migration", "a migration dropped an index that a frequent query on {svc} relied on", "a database performance problem", "recreated the index concurrently", "added a migration check that lists dropped indexes and the queries using them"),
    ("network", "during packet loss between availability zones", "packet loss between two availability zones caused timeouts between {svc} and its database", "a network problem at our hosting provider", "drained traffic from the affected zone", "added cross-zone latency alerts and practised zone evacuation"),
    ("capacity", "under traffic above normal peaks", "traffic 3 times the usual peak saturated {svc}", "unusually high traffic", "scaled out {svc}", "added load-based autoscaling and a capacity review before known peaks"),
    ("dns", "after DNS records were removed", "an infrastructure automation run removed DNS records that {svc} depends on", "a DNS problem", "restored the records from the last known state", "protected the records from deletion and required a plan review for DNS changes"),
    ("queue", "due to a backlog in {svc}", "a backlog built up in {svc} after a consumer stopped acknowledging messages", "a processing delay", "restarted the consumers and added workers to drain the backlog", "alerted on queue age instead of queue length"),
]

# component status -> (public symptom phrase, internal title verb)
SYMPTOMS = {
    "degraded_performance": ("slow responses and delays", "slow"),
    "partial_outage": ("intermittent errors", "failing for some customers"),
    "major_outage": ("an outage", "unavailable"),
}
WORST = ("degraded_performance", "partial_outage", "major_outage")


@dataclass
class Summary:
    """What was generated: counts the benchmark reports next to its figures."""

    records: int = 0
    incidents: int = 0
    maintenances: int = 0
    postmortems: int = 0
    actions: int = 0
    updates: int = 0
    internal: int = 0
    drills: int = 0
    active: int = 0
    bytes: int = 0
    floor_pages: int = 0
    by_severity: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Plain values for results.json."""
        return dict(self.__dict__)


# -- text -----------------------------------------------------------------------------------------


def ts(value: datetime) -> str:
    """A timestamp as records write it: UTC with a Z."""
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _minutes(delta: timedelta) -> int:
    return max(1, int(delta.total_seconds() // 60))


def _folded(key: str, text: str, indent: str) -> str:
    """A long text as a folded block scalar (``key: >-``), as people write long messages."""
    width = 100 - len(indent) - 2
    lines = textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False)
    return f"{indent}{key}: >-\n" + "".join(f"{indent}  {line}\n" for line in lines)


_PLAIN_SAFE = re.compile(r"^[A-Za-z][A-Za-z0-9 ,.'()/%&-]*$")


def _scalar(text: str) -> str:
    """A short text as a plain scalar when that is unambiguous, else double-quoted."""
    if _PLAIN_SAFE.match(text) and text.lower() not in ("true", "false", "null", "yes", "no", "on", "off"):
        return text
    return json.dumps(text, ensure_ascii=False)


def _text_field(key: str, text: str, indent: str = "") -> str:
    if len(text) > 90:
        return _folded(key, text, indent)
    return f"{indent}{key}: {_scalar(text)}\n"


class _Writer:
    """Sentences and paragraphs for one record, filled from the record's own facts."""

    def __init__(self, rng: random.Random, facts: dict[str, Any]) -> None:
        self.rng = rng
        self.facts = facts

    def fill(self, template: str) -> str:
        f = self.facts
        r = self.rng
        text = template.format(
            svc=f["svc"], comp=f["comp_name"], comp_l=f["comp_name"].lower(), action=f["action"],
            team=f["team_name"], lead=f["lead"].capitalize(), other=r.choice(PEOPLE).capitalize(),
            minutes=f["minutes"], pct=r.choice([3, 7, 12, 18, 24, 31, 46, 58, 71, 88]),
            count=r.choice([37, 140, 412, 960, 1_870, 3_204, 6_214, 12_450]), vendor=f["vendor"],
            version=f"{r.randint(2, 9)}.{r.randint(0, 40)}.{r.randint(0, 9)}", region=r.choice(["eu-west-1", "eu-central-1", "us-east-1"]),
            cause=f["cause_text"], mitigation=f["mitigation"], fix=f["fix"], detect=f["detect_minutes"],
        )
        return text[:1].upper() + text[1:]

    def paragraph(self, pool: list[str], sentences: tuple[int, int] = (3, 5)) -> str:
        count = min(len(pool), self.rng.randint(*sentences))
        text = " ".join(self.fill(t) for t in self.rng.sample(pool, count))
        return textwrap.fill(text, width=100, break_long_words=False, break_on_hyphens=False)

    def section(self, pool: list[str], paragraphs: tuple[int, int] = (2, 3)) -> str:
        return "\n\n".join(self.paragraph(pool) for _ in range(self.rng.randint(*paragraphs)))

    def bullets(self, pool: list[str], count: tuple[int, int] = (3, 5)) -> str:
        items = self.rng.sample(pool, min(len(pool), self.rng.randint(*count)))
        return "\n".join("- " + textwrap.fill(self.fill(t), width=98, subsequent_indent="  ") for t in items)


SUMMARY = [
    "At the start of the incident {cause}.",
    "Customers {action} saw {pct} % of requests fail or time out for {minutes} minutes.",
    "The on-call engineer for {team} was paged {detect} minutes after impact began.",
    "We {mitigation}, which stopped the impact.",
    "The incident affected {comp} in {region}; other regions were not affected.",
    "No data was lost, and requests that failed could be retried safely.",
    "The problem had been building up for several days before it became visible to customers.",
    "The same failure mode had been seen once in staging, but it was not recognised as a risk for production.",
    "Recovery took longer than it should have because the runbook described an older version of {svc}.",
    "The incident was declared by {lead}, who led the response until it was resolved.",
]
IMPACT = [
    "About {count} customers were affected while {action}.",
    "{pct} % of requests to {comp_l} returned errors at the worst point.",
    "Support received {count} tickets during the incident and the following day.",
    "No payment was taken twice and no data was lost.",
    "Requests that were retried after recovery succeeded.",
    "Customers in {region} were affected most, because most of their traffic was routed through {svc}.",
    "Internal tools that depend on {svc} were also slower, which delayed support replies.",
    "Latency at the 99th percentile rose from 300 ms to more than 9 seconds.",
    "The impact lasted {minutes} minutes from the first failed request to full recovery.",
]
CONTRIBUTORS = [
    "{cause}, and nothing in the release process would have caught it before customers did.",
    "Alerts for {svc} were based on averages, which hid the failing minority of requests.",
    "The runbook for {svc} had not been updated since the last migration.",
    "Retries from clients doubled the load on {svc} while it was already struggling.",
    "Two teams owned parts of {svc}, and neither was sure who should approve the change.",
    "The change was tested in staging, where the data set is a hundred times smaller than in production.",
    "A dashboard that would have shown the problem existed, but nobody on call knew about it.",
    "Capacity limits of {svc} were last reviewed more than a year ago.",
    "Timeouts between services were longer than the time a customer is willing to wait.",
    "A dependency on {vendor} was not documented, so failover was not considered at first.",
]
MITIGATORS = [
    "{lead} recognised the pattern from an earlier incident and went straight to {svc}.",
    "Feature flags let us turn off the failing path within minutes.",
    "The rollback procedure had been practised on a game day two months earlier.",
    "Idempotency keys meant that retries after recovery were safe.",
    "The status page was updated within ten minutes, which reduced support load.",
    "{other} joined from the {team} team and knew the history of {svc}.",
    "Good request logs made it easy to list the affected customers afterwards.",
    "We {mitigation} without needing a new deploy.",
]
LEARNINGS = [
    "We need alerts on symptoms customers see, not only on the causes we already know.",
    "Runbooks must be reviewed whenever the system they describe changes.",
    "Changes that touch every region at once need a staged rollout, however small they look.",
    "Our load tests did not cover the traffic pattern that caused this incident.",
    "Ownership of {svc} has to be clear before an incident, not during it.",
    "We got lucky that the incident happened during working hours in Europe.",
    "Declaring the incident early helped: it brought in the right people quickly.",
    "We should practise failing over away from {vendor} regularly.",
    "Had we {fix_short} earlier, most of the impact would have been avoided.",
]
NOTES = [
    "Impact was limited to {comp_l}; {svc} recovered on its own after {minutes} minutes.",
    "{lead} handled the incident; no escalation was needed.",
    "The cause was {cause}.",
    "We {mitigation}.",
    "Tracked in the {team} backlog; no post-mortem needed for this severity.",
    "The alert fired {detect} minutes after the first errors.",
    "A similar incident happened last quarter; see the linked tickets for both.",
]
MAINT_NOTES = [
    "The work was rehearsed twice in staging with production-sized data.",
    "Writes were paused while {svc} was switched over, then resumed in order.",
    "The rollback plan was to restore the previous configuration from the snapshot taken at the start.",
    "{lead} coordinated the change; {other} verified the result with synthetic checks.",
    "Customers were told seven days in advance by email and on the status page.",
    "The change finished within the announced window.",
]
ACTION_TITLES = [
    ("prevent", "Add a staged rollout for changes to {svc}"),
    ("prevent", "Set statement timeouts on every connection pool of {svc}"),
    ("detect", "Alert on the error rate of {comp_l} as customers see it"),
    ("detect", "Page on queue age for {svc} instead of queue length"),
    ("mitigate", "Write and test a failover runbook for {svc}"),
    ("mitigate", "Add a feature flag to turn off the failing path in {svc}"),
    ("process", "Review capacity of {svc} before every known traffic peak"),
    ("process", "Document the owner and escalation path of {svc}"),
    ("prevent", "Remove the shared dependency between {svc} and other services"),
    ("detect", "Add a synthetic check that exercises {action}"),
]


def _slug(text: str, words: int = 6) -> str:
    parts = re.sub(r"[^a-z0-9]+", " ", text.lower()).split()
    return "-".join(parts[:words])


# -- records --------------------------------------------------------------------------------------


def catalog_yaml() -> str:
    """The catalog of the generated records folder, written as a person would write it."""
    out = ["# Generated by bench/generate.py for benchmarks.\n", "severities:\n"]
    for s in SEVERITIES:
        out.append(f"  - id: {s['id']}\n    name: {s['name']}\n    description: {_scalar(s['description'])}\n")
        if s.get("postmortem"):
            out.append(f"    postmortem: {s['postmortem']}\n")
        out.append(f"    action_due_days: {s['action_due_days']}\n")
    out.append("components:\n")
    for cid, name, group, owner, description, _, _ in COMPONENTS:
        out.append(f"  - id: {cid}\n    name: {_scalar(name)}\n    group: {_scalar(group)}\n    owner: {owner}\n"
                   f"    description: {_scalar(description)}\n")
    out.append("teams:\n")
    for tid, name in TEAMS:
        out.append(f"  - id: {tid}\n    name: {_scalar(name)}\n")
    return "".join(out)


class _Generator:
    def __init__(self, rng: random.Random, summary: Summary) -> None:
        self.rng = rng
        self.summary = summary
        self.used_ids: set[str] = set()

    def unique_id(self, base: str) -> str:
        candidate, n = base, 2
        while candidate in self.used_ids:
            candidate, n = f"{base}-{n}", n + 1
        self.used_ids.add(candidate)
        return candidate

    # one incident ------------------------------------------------------------------------------
    def incident(self, started: datetime, *, postmortem: bool, drill: bool = False, active: bool = False) -> tuple[str, str, str]:
        rng = self.rng
        comp = rng.choice(COMPONENTS)
        others = [c for c in rng.sample(COMPONENTS, rng.choice([0, 0, 0, 1, 1, 2])) if c[0] != comp[0]]
        if postmortem:
            severity = rng.choices(["minor", "major", "critical"], [15, 60, 25])[0]
        else:
            severity = rng.choices(["minor", "major"], [88, 12])[0]
        worst = {"minor": ["degraded_performance", "partial_outage"], "major": ["partial_outage", "major_outage"],
                 "critical": ["major_outage"]}[severity]
        main_status = rng.choice(worst)
        components = {comp[0]: main_status}
        for other in others:
            components[other[0]] = rng.choice(WORST[: WORST.index(main_status) + 1])
        kind, title_tail, cause_text, public_cause, mitigation, fix = rng.choice(CAUSES)
        svc = rng.choice(comp[5])
        vendor = rng.choice(VENDORS)
        detected = started + timedelta(minutes=rng.choice([1, 2, 3, 5, 8, 12, 20, 35]))
        acknowledged = detected + timedelta(minutes=rng.choice([1, 2, 3, 4, 6, 10]))
        mitigated = max(started + timedelta(minutes=rng.choice([12, 18, 25, 38, 55, 84, 120, 190, 300])),
                        acknowledged + timedelta(minutes=5))
        resolved = mitigated + timedelta(minutes=rng.choice([5, 15, 30, 45, 70, 120, 240]))
        if active:
            resolved = None  # type: ignore[assignment]
        lead = rng.choice(PEOPLE)
        team = comp[3]
        facts = {
            "svc": svc, "comp_name": comp[1], "action": comp[6], "team_name": dict(TEAMS)[team], "lead": lead,
            "minutes": _minutes((mitigated - started)), "vendor": vendor,
            "cause_text": cause_text.format(svc=svc, vendor=vendor), "mitigation": mitigation.format(svc=svc),
            "fix": fix, "fix_short": fix.split(" and ")[0], "detect_minutes": _minutes(detected - started),
        }
        writer = _Writer(rng, facts)
        verb = SYMPTOMS[main_status][1]
        title = f"{comp[1]} {verb} {title_tail.format(svc=svc, vendor=vendor)}"
        if drill:
            title = f"Game day: {comp[1]} {verb} when {cause_text.format(svc=svc, vendor=vendor).split(' and ')[0]}"
        public_title = {"degraded_performance": f"Slow responses on {comp[1].lower()}",
                        "partial_outage": f"Errors on {comp[1].lower()}",
                        "major_outage": f"{comp[1]} unavailable"}[main_status]
        minutes = facts["minutes"]
        public_summary = (
            f"For {minutes} minutes customers {comp[6]} saw {SYMPTOMS[main_status][0]}, caused by {public_cause}. "
            + rng.choice(["No data was lost.", "Requests that failed can be retried safely.",
                          "No payment was taken twice.", "Everything has worked normally since."])
        )
        visibility = "internal" if drill or rng.random() < 0.12 else "public"
        status = "resolved"
        updates: list[tuple[datetime, str, str, dict[str, str] | None]] = []
        first = acknowledged + timedelta(minutes=rng.choice([2, 4, 7, 11]))
        updates.append((first, "investigating",
                        f"We are investigating {SYMPTOMS[main_status][0]} for customers {comp[6]}. We will post an update within 30 minutes.",
                        {comp[0]: main_status}))
        steps = rng.choice([0, 1, 1, 2])
        cursor = first
        end = mitigated if not active else started + timedelta(minutes=95)
        if steps >= 1 and cursor < end:
            cursor = min(end, cursor + timedelta(minutes=rng.choice([5, 10, 15, 25])))
            updates.append((cursor, "identified",
                            f"We have identified the cause as {public_cause} and are working on a fix. Customers {comp[6]} may still see {SYMPTOMS[main_status][0]}.",
                            None))
        if steps >= 2 and cursor < end:
            cursor = cursor + (end - cursor) / 2
            updates.append((cursor, "identified", "We are still working on the fix. The next update will follow within an hour.", None))
        if active:
            status = "monitoring"
            updates.append((end, "monitoring", "A fix has been applied and we are monitoring the results.", None))
        else:
            updates.append((max(mitigated, cursor) + timedelta(minutes=1), "monitoring",
                            f"A fix has been applied and {comp[1]} is recovering. We are monitoring closely.",
                            {comp[0]: "operational"} if rng.random() < 0.5 else None))
            updates.append((max(resolved, cursor + timedelta(minutes=2)), "resolved",
                            f"This incident has been resolved. {comp[1]} has been working normally since {mitigated:%H:%M} UTC.", None))
            resolved = max(resolved, cursor + timedelta(minutes=2))
        # A public record's id is public: made from its public title, as `incidentbook new` makes it.
        record_id = self.unique_id(f"{started:%Y-%m-%d}-{_slug(public_title if visibility == 'public' else title)}")
        responders = sorted(rng.sample([p for p in PEOPLE if p != lead], rng.randint(1, 4)))
        tags = sorted(rng.sample(TAGS, rng.randint(1, 3)))

        lines = ["---\n", _text_field("title", title), "type: incident\n", f"severity: {severity}\n", f"status: {status}\n",
                 f"visibility: {visibility}\n"]
        if drill:
            lines.append("drill: true\n")
        lines.append(f"team: {team}\n")
        lines.append("components:\n" + "".join(f"  {k}: {v}\n" for k, v in components.items()))
        lines.append(f"started: {ts(started)}\ndetected: {ts(detected)}\nacknowledged: {ts(acknowledged)}\n")
        if not active:
            lines.append(f"mitigated: {ts(mitigated)}\nresolved: {ts(resolved)}\n")
        lines.append(f"lead: {lead}\nresponders: [{', '.join(responders)}]\ntags: [{', '.join(tags)}]\n")
        lines.append("public:\n" + _text_field("title", public_title, "  ") + _text_field("summary", public_summary, "  "))
        lines.append("updates:\n")
        order = list(updates)
        if rng.random() < 0.2:
            order.reverse()  # people add updates on top as often as at the bottom
        for at, ustatus, message, ucomponents in order:
            lines.append(f"  - at: {ts(at)}\n    status: {ustatus}\n")
            lines.append(_text_field("message", message, "    "))
            if ucomponents:
                lines.append("    components: {" + ", ".join(f"{k}: {v}" for k, v in ucomponents.items()) + "}\n")
        self.summary.updates += len(updates)

        body: list[str] = []
        if postmortem:
            review = (resolved + timedelta(days=rng.randint(2, 9))).date()
            pm_status = "published" if review < NOW.date() - timedelta(days=20) else rng.choice(["draft", "in_review", "published"])
            authors = sorted({lead, rng.choice(responders)})
            lines.append(f"postmortem:\n  status: {pm_status}\n  review_date: {review.isoformat()}\n  authors: [{', '.join(authors)}]\n")
            lines.append(self.actions(writer, review, severity))
            body = self.postmortem_body(writer, started, detected, acknowledged, mitigated, resolved, updates)
            self.summary.postmortems += 1
        else:
            if severity != "minor":
                lines.append("postmortem:\n  status: draft\n")
            body = ["## Notes\n\n" + writer.paragraph(NOTES, (2, 4)) + "\n"]
        lines.append("---\n\n")
        text = "".join(lines) + "\n".join(body)
        floor = self.floor_page(public_title, public_summary, updates, body)
        self.summary.incidents += 1
        self.summary.by_severity[severity] = self.summary.by_severity.get(severity, 0) + 1
        if visibility == "internal":
            self.summary.internal += 1
        if drill:
            self.summary.drills += 1
        if active:
            self.summary.active += 1
        return record_id, text, floor

    def actions(self, writer: _Writer, review: date, severity: str) -> str:
        rng = self.rng
        due_days = next(s["action_due_days"] for s in SEVERITIES if s["id"] == severity)
        out = ["actions:\n"]
        chosen = rng.sample(ACTION_TITLES, rng.randint(1, 4))
        for index, (atype, title) in enumerate(chosen):
            title_text = writer.fill(title)
            action_id = f"{_slug(title_text, 4)}-{index + 1}"
            due = review + timedelta(days=rng.randint(max(7, due_days // 2), due_days * 2))
            age = (NOW.date() - due).days
            if age > 60:
                status = rng.choices(["done", "wont_do", "open"], [82, 10, 8])[0]
            elif age > 0:
                status = rng.choices(["done", "in_progress", "open", "wont_do"], [50, 25, 20, 5])[0]
            else:
                status = rng.choices(["open", "in_progress", "done"], [55, 30, 15])[0]
            out.append(f"  - id: {action_id}\n")
            out.append(_text_field("title", title_text, "    "))
            out.append(f"    owner: {rng.choice(PEOPLE + [t[0] for t in TEAMS])}\n    due: {due.isoformat()}\n"
                       f"    priority: {rng.choices(['high', 'medium', 'low'], [40, 45, 15])[0]}\n    status: {status}\n"
                       f"    type: {atype}\n    ticket: https://tracker.example.com/browse/OPS-{rng.randint(100, 99999)}\n")
            if status == "wont_do":
                out.append("    reason: Superseded by the platform migration planned for next quarter.\n")
            if status in ("done", "wont_do"):
                closed = min(NOW.date(), review + timedelta(days=rng.randint(3, max(4, due_days * 2))))
                out.append(f"    closed: {closed.isoformat()}\n")
            self.summary.actions += 1
        return "".join(out)

    def postmortem_body(self, writer: _Writer, started: datetime, detected: datetime, acknowledged: datetime,
                        mitigated: datetime, resolved: datetime, updates: list) -> list[str]:
        rng = self.rng
        rows = [
            (started, "Impact begins: first failed requests in the logs. **Impact begins**"),
            (detected, "Alert fires and pages the on-call engineer. **Detected**"),
            (acknowledged, f"{writer.facts['lead'].capitalize()} acknowledges the page and opens an incident channel"),
        ]
        span = max(60, int((mitigated - acknowledged).total_seconds()))
        for text in rng.sample([
            f"Dashboards show the error rate of {writer.facts['svc']} rising",
            "Incident declared; status page updated",
            f"{rng.choice(PEOPLE).capitalize()} joins as incident commander",
            "First hypothesis (a recent deploy) ruled out",
            f"Logs point at {writer.facts['svc']}",
            f"We {writer.facts['mitigation'].split(' and ')[0]}",
            "Customer support notified with a holding reply",
        ], rng.randint(3, 6)):
            rows.append((acknowledged + timedelta(seconds=rng.randint(0, span)), text))
        rows.append((mitigated, "Error rate back to normal. **Mitigated**"))
        rows.append((resolved, "Monitoring shows stable behaviour. **Resolved**"))
        rows.sort(key=lambda r: r[0])
        table = "All times UTC.\n\n| Time | Event |\n|---|---|\n" + "".join(f"| {t:%H:%M} | {e} |\n" for t, e in rows)
        return [
            "## Summary\n\n" + writer.section(SUMMARY, (2, 3)) + "\n",
            "## Impact\n\n" + writer.section(IMPACT, (1, 2)) + "\n\n" + writer.bullets(IMPACT, (2, 4)) + "\n",
            "## Chronology\n\n" + table,
            "## Contributors\n\n" + writer.section(CONTRIBUTORS, (2, 3)) + "\n\n" + writer.bullets(CONTRIBUTORS) + "\n",
            "## Mitigators\n\n" + writer.section(MITIGATORS, (1, 2)) + "\n\n" + writer.bullets(MITIGATORS, (2, 4)) + "\n",
            "## Learnings\n\n" + writer.section([t.replace("{fix_short}", writer.facts["fix_short"]) for t in LEARNINGS], (2, 3)) + "\n",
            "## Follow-up actions\n\n" + writer.paragraph([f"Since the incident we have {writer.facts['fix']}.", "Actions are tracked in the list above and reviewed weekly.",
                                                          "The owner of each action reports progress in the reliability review."], (2, 3)) + "\n",
        ]

    # one maintenance ---------------------------------------------------------------------------
    def maintenance(self, start: datetime, *, upcoming: bool = False) -> tuple[str, str, str]:
        rng = self.rng
        comps = rng.sample(COMPONENTS, rng.randint(1, 3))
        svc = rng.choice(comps[0][5])
        what = rng.choice([f"Upgrade of {svc}", f"Database failover test for {svc}", f"Network maintenance for {svc}",
                           f"Migration of {svc} to new hardware", f"Certificate rotation for {svc}"])
        end = start + timedelta(hours=rng.choice([1, 2, 2, 3, 4]))
        lead = rng.choice(PEOPLE)
        facts = {"svc": svc, "comp_name": comps[0][1], "action": comps[0][6], "team_name": dict(TEAMS)[comps[0][3]],
                 "lead": lead, "minutes": _minutes(end - start), "vendor": rng.choice(VENDORS), "cause_text": "",
                 "mitigation": "", "fix": "", "detect_minutes": 0}
        writer = _Writer(rng, facts)
        names = ", ".join(c[1] for c in comps)
        public_title = "Scheduled maintenance" if rng.random() < 0.5 else f"Scheduled maintenance of {comps[0][1].lower()}"
        summary = f"We will carry out maintenance between {start:%H:%M} and {end:%H:%M} UTC. {names} may be unavailable for up to 30 minutes."
        record_id = self.unique_id(f"{start:%Y-%m-%d}-{_slug(public_title)}")
        announce = start - timedelta(days=rng.randint(3, 14))
        updates = [(announce, "scheduled", f"We will carry out scheduled maintenance on {start:%d %B} between {start:%H:%M} and {end:%H:%M} UTC. {names} may be briefly unavailable.", None)]
        status = "scheduled"
        if not upcoming:
            status = "completed"
            updates.append((start, "in_progress", "Scheduled maintenance is in progress.", {c[0]: "under_maintenance" for c in comps}))
            done = start + (end - start) * rng.choice([0.4, 0.6, 0.8])
            updates.append((done, "completed", "The scheduled maintenance has been completed. All services are operating normally.", None))
        visibility = "public" if rng.random() < 0.9 else "internal"
        lines = ["---\n", _text_field("title", what), "type: maintenance\n", f"status: {status}\n", f"visibility: {visibility}\n",
                 f"team: {comps[0][3]}\n", "components:\n" + "".join(f"  {c[0]}: under_maintenance\n" for c in comps),
                 f"scheduled_start: {ts(start)}\nscheduled_end: {ts(end)}\nlead: {lead}\ntags: [maintenance]\n",
                 "public:\n" + _text_field("title", public_title, "  ") + _text_field("summary", summary, "  "), "updates:\n"]
        for at, ustatus, message, ucomponents in updates:
            lines.append(f"  - at: {ts(at)}\n    status: {ustatus}\n" + _text_field("message", message, "    "))
            if ucomponents:
                lines.append("    components: {" + ", ".join(f"{k}: {v}" for k, v in ucomponents.items()) + "}\n")
        lines.append("---\n\n")
        body = ["## Summary\n\n" + writer.paragraph(MAINT_NOTES, (2, 3)) + "\n", "## Notes\n\n" + writer.bullets(MAINT_NOTES, (2, 4)) + "\n"]
        self.summary.maintenances += 1
        self.summary.updates += len(updates)
        if visibility == "internal":
            self.summary.internal += 1
        return record_id, "".join(lines) + "\n".join(body), self.floor_page(public_title, summary, updates, body)

    @staticmethod
    def floor_page(title: str, summary: str, updates: list, body: list[str]) -> str:
        """The same amount of text as plain Markdown, for the plain mkdocs-material floor build."""
        timeline = "\n".join(f"- **{u[1]}** {ts(u[0])}: {u[2]}" for u in sorted(updates, key=lambda u: u[0]))
        return f"# {title}\n\n{summary}\n\n## Updates\n\n{timeline}\n\n" + "\n".join(body)


def generate(folder: Path, count: int, seed: int = 2026, floor_dir: Path | None = None) -> Summary:
    """Write ``count`` records and ``catalog.yml`` into ``folder`` (by year, as teams keep them).

    Mix: about 10 % maintenances, 2 % drills, a third of the incidents with full post-mortems and
    1-4 actions each, 12 % of incidents internal; one incident still active and two upcoming
    maintenances (when ``count`` allows), so the status page has something current to show. The last
    RECENT_DAYS hold the same RECENT_RECORDS records at every ``count``; the rest spread over the
    YEARS before them.
    ``floor_dir``, when given, receives one plain Markdown page per record with the same text.
    """
    rng = random.Random(seed)
    summary = Summary()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "catalog.yml").write_text(catalog_yaml(), encoding="utf-8")
    if floor_dir is not None:
        floor_dir.mkdir(parents=True, exist_ok=True)
    # The recent window has its own random stream, drawn first: its records are byte-identical at every N.
    recent = _Generator(random.Random(f"{seed}-recent"), summary)
    older = _Generator(rng, summary)
    older.used_ids = recent.used_ids
    window = NOW - timedelta(days=RECENT_DAYS)
    first = NOW - timedelta(days=365 * YEARS)
    recent_count = min(RECENT_RECORDS, count // 5)
    specials = ["active", "upcoming", "upcoming"] if count >= 10 else []
    for index in range(count):
        gen = recent if index < recent_count else older
        start, end = (window, NOW - timedelta(days=1)) if gen is recent else (first, window - timedelta(days=1))
        if index < len(specials):
            kind = specials[index]
        else:
            roll = gen.rng.random()
            kind = "maintenance" if roll < 0.10 else ("drill" if roll < 0.12 else "incident")
        if kind == "active":
            record_id, text, floor = gen.incident(NOW - timedelta(minutes=150), postmortem=False, active=True)
        elif kind == "upcoming":
            begin = (NOW + timedelta(days=gen.rng.randint(2, 20))).replace(hour=gen.rng.choice([1, 2, 22]), minute=0)
            record_id, text, floor = gen.maintenance(begin, upcoming=True)
        else:
            moment = start + timedelta(seconds=gen.rng.random() * (end - start).total_seconds())
            moment = moment.replace(second=0, microsecond=0)
            if kind == "maintenance":
                record_id, text, floor = gen.maintenance(moment.replace(hour=gen.rng.choice([0, 1, 2, 3, 22, 23]), minute=0))
            else:
                record_id, text, floor = gen.incident(moment, postmortem=kind == "drill" or gen.rng.random() < 0.36,
                                                      drill=kind == "drill")
        year = record_id[:4]
        (folder / year).mkdir(exist_ok=True)
        data = text.encode("utf-8")
        (folder / year / f"{record_id}.md").write_bytes(data)
        summary.bytes += len(data)
        summary.records += 1
        if floor_dir is not None:
            (floor_dir / f"{record_id}.md").write_text(floor, encoding="utf-8")
            summary.floor_pages += 1
    return summary
