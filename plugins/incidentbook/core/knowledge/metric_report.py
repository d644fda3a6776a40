"""The metrics as labelled tables: one structure for the page, the terminal and JSON.

The metrics page, ``incidentbook stats`` and ``incidentbook stats --format json`` all render the
:class:`Report` made here, so they cannot show different figures. Each section carries its formula and
its n, because a duration figure without its definition and sample size misleads (REFERENCE.md 2.3).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .metrics import (
    CLOSURE_STATES,
    DURATIONS,
    POSTMORTEM_STATES,
    SMALL_N,
    Breakdown,
    Duration,
    Metrics,
)


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str
    kind: str  # "label" (identifies the row), "count", "duration" (seconds) or "share" (0..1)


@dataclass(slots=True)
class Row:
    values: dict[str, Any]  # raw: seconds, counts, shares, quarter and severity ids (None = all)
    texts: dict[str, str]  # as shown
    total: bool = False  # an "all quarters" or "all severities" row
    small: bool = False  # its n is below SMALL_N


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float
    text: str


@dataclass(frozen=True, slots=True)
class Strip:
    """One row of a strip chart: every incident's duration, the median and the 90th percentile."""

    label: str
    values: tuple[float, ...]
    median: float | None
    p90: float | None
    small: bool


@dataclass(slots=True)
class Section:
    key: str
    title: str
    formula: str
    n: int
    n_text: str
    columns: list[Column]
    rows: list[Row]
    notes: list[str] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    strips: list[Strip] = field(default_factory=list)

    @property
    def flag_column(self) -> str:
        """The column that carries the "small n" flag of a row."""
        return "n" if any(c.key == "n" for c in self.columns) else "total"

    def as_dict(self) -> dict[str, Any]:
        """The section's raw values for ``incidentbook stats --format json`` (no texts, no charts)."""
        return {
            "key": self.key, "title": self.title, "formula": self.formula, "n": self.n,
            "rows": [{c.key: r.values[c.key] for c in self.columns} | {"small_n": r.small} for r in self.rows],
        }


@dataclass(slots=True)
class Report:
    title: str
    intro: list[str]  # what is counted, what is left out, how percentiles are taken
    sections: list[Section]
    small_flag: str  # shown beside the n of a row with n < SMALL_N

    def as_dict(self, metrics: Metrics) -> dict[str, Any]:
        """The figures for machines: durations in seconds, shares as 0..1, null where there is no value."""
        return {
            "generated": metrics.now.isoformat().replace("+00:00", "Z"),
            "since": metrics.since.isoformat() if metrics.since else None,
            "percentile_method": "nearest-rank",
            "small_n": SMALL_N,
            "incidents": len(metrics.incidents),
            "left_out": {"drills": metrics.drills, "maintenances": metrics.maintenances,
                         "before_since": metrics.before_since},
            "sections": [s.as_dict() for s in self.sections],
        }


def format_duration(seconds: float) -> str:
    """A duration people read at a glance: ``45 s``, ``12 min``, ``1 h 24 min``, ``2 d 3 h``."""
    total = round(seconds)
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        parts = [(days, "d"), (hours, "h")]
    elif hours:
        parts = [(hours, "h"), (minutes, "min")]
    elif minutes:
        parts = [(minutes, "min"), (secs, "s")]
    else:
        return f"{secs} s"
    return " ".join(f"{value} {unit}" for value, unit in parts if value)


def format_value(value: Any, kind: str) -> str:
    """A table cell's text for a value of a column kind; a missing value is a dash."""
    if value is None:
        return "—"
    if kind == "duration":
        return format_duration(value)
    if kind == "share":
        return f"{round(value * 100)}%"
    return str(value)


class _Builder:
    """Turns :class:`Metrics` into sections, with labels in one language."""

    def __init__(self, metrics: Metrics, labels: dict[str, str], mean: bool) -> None:
        self.m = metrics
        self.labels = labels
        self.mean = mean

    def t(self, key: str, **values: Any) -> str:
        return self.labels[key].format(**values)

    def column(self, key: str, kind: str) -> Column:
        return Column(key, self.t(f"metrics_col_{key}"), kind)

    def quarter_text(self, quarter: str | None) -> str:
        return quarter or self.t("metrics_all_quarters")

    def severity_text(self, severity: str | None) -> str:
        return self.m.severity_name(severity) if severity else self.t("metrics_all_severities")

    def row(self, columns: list[Column], values: dict[str, Any], texts: dict[str, str], **flags: bool) -> Row:
        shown = {c.key: texts.get(c.key) or format_value(values[c.key], c.kind) for c in columns}
        return Row(values, shown, **flags)

    def small_note(self, rows: list[Row]) -> list[str]:
        return [self.t("metrics_small_n", small_n=SMALL_N)] if any(r.small for r in rows) else []

    # -- sections ------------------------------------------------------------------------
    def report(self) -> Report:
        m = self.m
        intro = [self.t("metrics_intro_counted", n=len(m.incidents))]
        if m.incidents:
            intro.append(self.t("metrics_intro_period", first=m.quarters[0], last=m.quarters[-1]))
        if m.since:
            intro.append(self.t("metrics_intro_since", since=m.since.isoformat(), n=m.before_since))
        intro += [
            self.t("metrics_intro_left_out", drills=m.drills, maintenances=m.maintenances),
            self.t("metrics_intro_method"),
            self.t("metrics_intro_mean" if self.mean else "metrics_intro_no_mean"),
        ]
        sections = [self.counts(), *(self.durations(d) for d in DURATIONS), self.breakdown("components", m.components),
                    self.breakdown("teams", m.teams), self.closure(), self.postmortems()]
        return Report(self.t("metrics_title"), intro, sections, self.t("metrics_small_flag"))

    def counts(self) -> Section:
        m = self.m
        columns = [self.column("quarter", "label"), *self.severity_columns(), self.column("total", "count")]
        rows = []
        for quarter in [*m.quarters, None]:
            counts = {s.id: 0 for s in m.severities}
            for group in m.groups:
                if group.quarter == quarter and group.severity is not None:
                    counts[group.severity] = len(group.records)
            values = {"quarter": quarter, **counts, "total": sum(counts.values())}
            rows.append(self.row(columns, values, {"quarter": self.quarter_text(quarter)}, total=quarter is None))
        n = len(m.incidents)
        return Section(
            "incidents", self.t("metrics_incidents_title"), self.t("metrics_incidents_formula"), n,
            self.t("metrics_n_incidents", n=n), columns, rows,
            bars=[Bar(r.texts["quarter"], r.values["total"], r.texts["total"]) for r in rows if not r.total],
        )

    def severity_columns(self) -> list[Column]:
        return [Column(s.id, s.name, "count") for s in self.m.severities]

    def durations(self, duration: Duration) -> Section:
        m = self.m
        columns = [self.column("quarter", "label"), self.column("severity", "label"), self.column("n", "count"),
                   self.column("median", "duration"), self.column("p90", "duration")]
        if self.mean:
            columns.append(self.column("mean", "duration"))
        columns += [self.column("min", "duration"), self.column("max", "duration")]
        rows, strips = [], []
        for group in m.groups:
            dist = group.distribution(duration)
            values = {"quarter": group.quarter, "severity": group.severity, "n": dist.n, "median": dist.median,
                      "p90": dist.p90, "mean": dist.mean, "min": dist.minimum, "max": dist.maximum}
            texts = {"quarter": self.quarter_text(group.quarter), "severity": self.severity_text(group.severity)}
            rows.append(self.row(columns, values, texts, total=group.severity is None, small=dist.small))
            strips.append(Strip(f"{texts['quarter']} · {texts['severity']}", dist.values, dist.median, dist.p90,
                                dist.small))
        overall = m.groups[-1].distribution(duration)
        total = len(m.incidents)
        return Section(
            duration.key, self.t(f"metrics_{duration.key}_title"),
            self.t("metrics_duration_formula", short=duration.short, end=duration.end), overall.n,
            self.t("metrics_n_duration", n=overall.n, total=total, missing=total - overall.n, end=duration.end),
            columns, rows, notes=self.small_note(rows), strips=strips,
        )

    def breakdown(self, kind: str, items: list[Breakdown]) -> Section:
        name_key = "component" if kind == "components" else "team"
        columns = [self.column(name_key, "label"), *self.severity_columns(), self.column("total", "count")]
        rows = []
        for item in items:
            values = {name_key: item.key, **{s.id: item.by_severity.get(s.id, 0) for s in self.m.severities},
                      "total": item.total}
            name = item.name if item.key is not None else self.t("metrics_no_team")
            rows.append(self.row(columns, values, {name_key: name}))
        n = len(self.m.incidents)
        return Section(
            kind, self.t(f"metrics_{kind}_title"), self.t(f"metrics_{kind}_formula"), n,
            self.t("metrics_n_incidents", n=n), columns, rows,
            bars=[Bar(r.texts[name_key], r.values["total"], r.texts["total"]) for r in rows],
        )

    def closure(self) -> Section:
        columns = [self.column("quarter", "label"), *(self.column(s, "count") for s in CLOSURE_STATES),
                   self.column("total", "count")]
        rows = []
        for quarter, states in self.m.closure.items():
            values = {"quarter": quarter, **states, "total": sum(states.values())}
            rows.append(self.row(columns, values, {"quarter": self.quarter_text(quarter)}, total=quarter is None))
        totals = rows[-1] if rows else None
        n = totals.values["total"] if totals else 0
        return Section(
            "actions", self.t("metrics_actions_title"), self.t("metrics_actions_formula"), n,
            self.t("metrics_n_actions", n=n, today=self.m.now.date().isoformat()), columns, rows,
            bars=[Bar(c.label, totals.values[c.key], totals.texts[c.key]) for c in columns[1:-1]] if totals else [],
        )

    def postmortems(self) -> Section:
        columns = [self.column("severity", "label"), *(self.column(s, "count") for s in POSTMORTEM_STATES),
                   self.column("total", "count"), self.column("completion", "share")]
        rows = []
        for pm in self.m.postmortems:
            values = {"severity": pm.severity, **pm.states, "total": pm.total, "completion": pm.completion}
            rows.append(self.row(columns, values, {"severity": self.severity_text(pm.severity)},
                                 total=pm.severity is None, small=pm.total < SMALL_N))
        n = rows[-1].values["total"] if rows else 0
        return Section(
            "postmortems", self.t("metrics_postmortems_title"), self.t("metrics_postmortems_formula"), n,
            self.t("metrics_n_postmortems", n=n), columns, rows,
            notes=self.small_note(rows) if rows else [self.t("metrics_postmortems_none")],
            bars=[Bar(r.texts["severity"], (r.values["completion"] or 0) * 100, r.texts["completion"])
                  for r in rows if not r.total],
        )


def report(metrics: Metrics, labels: dict[str, str], mean: bool = False) -> Report:
    """The labelled figures; ``mean`` adds a mean column to the duration tables."""
    return _Builder(metrics, labels, mean).report()
