"""The uptime formula (core/public/uptime.py) and the history paging (core/public/history.py), on hand-made public records."""

from __future__ import annotations

from datetime import date, datetime, timezone

from incidentbook.core.public import history, uptime
from incidentbook.core.public.view import PublicComponent, PublicRecord, PublicUpdate

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)
DAY = 86400.0


def t(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def component(cid: str = "api", start_date: date | None = None) -> PublicComponent:
    return PublicComponent(id=cid, name=cid.title(), position=1, group=None, group_id=None, description=None, start_date=start_date)


def incident(rid: str, started: str, resolved: str | None, components: dict[str, str], updates=()) -> PublicRecord:
    return PublicRecord(
        id=rid, type="incident", status="resolved" if resolved else "investigating", title=rid, summary=None,
        impact="major", components=components, started=t(started), mitigated=None,
        resolved=t(resolved) if resolved else None, scheduled_start=None, scheduled_end=None,
        updates=[PublicUpdate(id=f"{rid}-{i}", at=t(at), status=s, message="m", components=c) for i, (at, s, c) in enumerate(updates, 1)],
    )


def maintenance(rid: str, start: str, end: str, components: dict[str, str]) -> PublicRecord:
    return PublicRecord(
        id=rid, type="maintenance", status="scheduled", title=rid, summary=None, impact="maintenance",
        components=components, started=None, mitigated=None, resolved=None, scheduled_start=t(start),
        scheduled_end=t(end), updates=[],
    )


def test_major_outage_counts_fully_and_partial_outage_thirty_percent() -> None:
    records = [
        incident("b", "2026-11-20T10:00:00Z", "2026-11-20T11:00:00Z", {"api": "partial_outage"}),
        incident("a", "2026-11-10T08:00:00Z", "2026-11-10T08:30:00Z", {"api": "major_outage"}),
    ]
    result = uptime.book_uptime(records, [component()], NOW, 90)["api"]
    counted = 89 * DAY + 12 * 3600  # 89 whole days and today until noon
    down = 1800 + 0.3 * 3600
    assert result.percent == 100 * (1 - down / counted)
    assert uptime.format_percent(result.percent) == "99.96"
    nov10 = next(d for d in result.days if d.day == date(2026, 11, 10))
    assert (nov10.worst, nov10.down_seconds, nov10.record_ids) == ("major_outage", 1800, ("a",))
    assert len(result.days) == 90 and result.days[-1].day == date(2026, 11, 23) and result.days[-1].counted_seconds == 12 * 3600


def test_degraded_performance_and_maintenance_count_as_up_but_mark_the_day() -> None:
    records = [
        maintenance("m", "2026-11-21T02:00:00Z", "2026-11-21T04:00:00Z", {"api": "under_maintenance"}),
        incident("d", "2026-11-20T10:00:00Z", "2026-11-20T18:00:00Z", {"api": "degraded_performance"}),
    ]
    result = uptime.book_uptime(records, [component()], NOW, 90)["api"]
    assert result.percent == 100.0
    worst = {d.day: d.worst for d in result.days if d.record_ids}
    assert worst == {date(2026, 11, 20): "degraded_performance", date(2026, 11, 21): "under_maintenance"}


def test_updates_change_a_components_status_from_their_time_on() -> None:
    record = incident(
        "x", "2026-11-22T10:00:00Z", "2026-11-22T13:00:00Z", {"api": "major_outage"},
        updates=[("2026-11-22T11:00:00Z", "identified", {"api": "partial_outage"}),
                 ("2026-11-22T12:00:00Z", "monitoring", {"api": "operational"}),
                 ("2026-11-22T13:00:00Z", "resolved", {})],
    )
    day = uptime.book_uptime([record], [component()], NOW, 90)["api"].days[-2]
    assert day.down_seconds == 3600 + 0.3 * 3600


def test_overlapping_records_count_the_worst_status_once() -> None:
    records = [
        incident("p", "2026-11-22T09:00:00Z", "2026-11-22T12:00:00Z", {"api": "partial_outage"}),
        incident("m", "2026-11-22T10:00:00Z", "2026-11-22T11:00:00Z", {"api": "major_outage"}),
    ]
    day = uptime.book_uptime(records, [component()], NOW, 90)["api"].days[-2]
    assert day.down_seconds == 0.3 * 3600 + 3600 + 0.3 * 3600
    assert set(day.record_ids) == {"p", "m"}


def test_an_open_incident_counts_until_now_and_a_night_is_split_between_days() -> None:
    records = [
        incident("open", "2026-11-23T11:00:00Z", None, {"api": "major_outage"}),
        incident("night", "2026-11-21T23:00:00Z", "2026-11-22T01:00:00Z", {"api": "major_outage"}),
    ]
    days = uptime.book_uptime(records, [component()], NOW, 90)["api"].days
    assert [d.down_seconds for d in days[-3:]] == [3600, 3600, 3600]


def test_days_before_the_start_date_are_not_counted() -> None:
    records = [incident("a", "2026-11-05T08:00:00Z", "2026-11-05T09:00:00Z", {"api": "partial_outage"})]
    result = uptime.book_uptime(records, [component(start_date=date(2026, 11, 1))], NOW, 90)["api"]
    counted = 22 * DAY + 12 * 3600
    assert sum(d.counted_seconds for d in result.days) == counted
    assert result.percent == 100 * (1 - 1080 / counted)
    assert not result.days[0].counted and result.days[-23].day == date(2026, 11, 1) and result.days[-23].counted


def test_a_component_that_does_not_exist_yet_has_no_percentage() -> None:
    result = uptime.book_uptime([], [component(start_date=date(2027, 1, 1))], NOW, 90)["api"]
    assert result.percent is None and uptime.format_percent(None) == ""


def test_records_outside_the_window_do_not_count() -> None:
    records = [
        incident("old", "2026-05-01T00:00:00Z", "2026-05-02T00:00:00Z", {"api": "major_outage"}),
        maintenance("future", "2026-11-30T00:00:00Z", "2026-11-30T02:00:00Z", {"api": "under_maintenance"}),
    ]
    result = uptime.book_uptime(records, [component()], NOW, 90)["api"]
    assert result.percent == 100.0 and not any(d.record_ids for d in result.days)


def test_percentages_are_rounded_down() -> None:
    assert uptime.format_percent(99.999) == "99.99"
    assert uptime.format_percent(99.95) == "99.95"
    assert uptime.format_percent(100.0) == "100.00"


def test_recent_days_list_quiet_days_and_skip_upcoming_records() -> None:
    records = [
        maintenance("future", "2026-11-23T13:00:00Z", "2026-11-23T14:00:00Z", {}),
        incident("today", "2026-11-23T09:00:00Z", None, {}),
        incident("old", "2026-11-01T09:00:00Z", "2026-11-01T10:00:00Z", {}),
    ]
    days = history.recent_days(records, NOW, 7)
    assert [d for d, _ in days] == [date(2026, 11, 23 - n) for n in range(7)]
    assert [[r.id for r in rs] for _, rs in days] == [["today"], [], [], [], [], [], []]


def test_history_pages_grow_with_the_months_not_the_records() -> None:
    records = [
        incident(f"r{month}-{n}", f"2025-{month:02d}-{n + 1:02d}T00:00:00Z", f"2025-{month:02d}-{n + 1:02d}T01:00:00Z", {})
        for month in range(1, 13) for n in range(20)
    ]
    months = history.months(records, NOW)
    assert [m.key for m in months[:2]] == ["2026-11", "2026-10"] and months[-1].key == "2025-01"
    assert len(months) == 23 and sum(len(m.records) for m in months) == 240
    assert not months[0].records  # quiet months are kept
    pages = history.paginate(months, 3)
    assert len(pages) == 8 and [len(p) for p in pages] == [3] * 7 + [2]
    assert history.paginate([], 3) == [[]]
