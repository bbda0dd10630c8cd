"""Support channels' hours: UK bank holidays, and HSDS weekly schedules both ways."""

from __future__ import annotations

from datetime import datetime

from app import hours
from app.directory import schedules

WEEKDAYS = "Mo-Fr 09:00-17:00; PH off"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=hours.LONDON)


def test_closed_on_christmas_day_and_the_substitute_boxing_day() -> None:
    state = hours.status(WEEKDAYS, at("2026-12-25 10:00"))
    assert state.open is False
    assert state.next_open == at("2026-12-29 09:00")


def test_schedules_round_trip_through_hsds_weekly_rules() -> None:
    rules = schedules.to_schedules("Mo,We 10:00-12:00,13:00-16:00")
    assert {(r["byday"], r["opens_at"], r["closes_at"]) for r in rules} == {
        ("MO", "10:00:00", "12:00:00"),
        ("MO", "13:00:00", "16:00:00"),
        ("WE", "10:00:00", "12:00:00"),
        ("WE", "13:00:00", "16:00:00"),
    }
    back = schedules.from_schedules(rules)
    assert back is not None
    same = hours.parse(back)
    assert same.is_open(at("2026-11-30 13:30")) and not same.is_open(at("2026-11-30 12:30"))


def test_round_the_clock_hours_export_as_whole_days() -> None:
    rules = schedules.to_schedules("24/7")
    assert len(rules) == 7 and all(
        r["opens_at"] == "00:00:00" and r["closes_at"] == "23:59:59" for r in rules
    )
    assert hours.parse(schedules.from_schedules(rules)).is_open(at("2026-11-30 03:00"))


def test_monthly_schedules_are_not_turned_into_weekly_hours() -> None:
    monthly = [{"freq": "MONTHLY", "byday": "MO", "opens_at": "10:00", "closes_at": "11:00"}]
    assert schedules.from_schedules(monthly) is None
