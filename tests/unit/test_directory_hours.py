"""Opening hours for directory channels: OSM expressions, UK bank holidays, HSDS schedules both ways."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.directory import hours

WEEKDAYS = "Mo-Fr 09:00-17:00; PH off"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=hours.LONDON)


def test_open_on_a_weekday_and_says_when_it_closes() -> None:
    state = hours.state(WEEKDAYS, at("2026-11-30 10:00"))
    assert state.open is True
    assert state.next_change == at("2026-11-30 17:00")


def test_closed_on_christmas_day_and_the_substitute_boxing_day() -> None:
    state = hours.state(WEEKDAYS, at("2026-12-25 10:00"))
    assert state.open is False
    assert state.next_change == at("2026-12-29 09:00")


def test_no_hours_means_unknown_not_closed() -> None:
    assert hours.state("", at("2026-11-30 10:00")).open is None


def test_a_bad_expression_names_the_problem() -> None:
    problem = hours.problem("Mo-Fr 9-")
    assert problem and "not a valid opening_hours expression" in problem and "character 7" in problem
    with pytest.raises(ValueError):
        hours.parse("every day")


def test_week_lists_each_day_with_comments() -> None:
    days = hours.week('Mo-Fr 09:00-17:00; Sa 10:00-12:00 "by appointment"', date(2026, 11, 30))
    assert len(days) == 7
    assert days[0][1][0][0].strftime("%H:%M") == "09:00"
    assert days[5][2] == "by appointment"
    assert days[6][1] == []


def test_schedules_round_trip_through_hsds_weekly_rules() -> None:
    rules = hours.to_schedules("Mo,We 10:00-12:00,13:00-16:00")
    assert {(r["byday"], r["opens_at"], r["closes_at"]) for r in rules} == {
        ("MO", "10:00:00", "12:00:00"),
        ("MO", "13:00:00", "16:00:00"),
        ("WE", "10:00:00", "12:00:00"),
        ("WE", "13:00:00", "16:00:00"),
    }
    back = hours.from_schedules(rules)
    assert back is not None
    same = hours.parse(back)
    assert same.is_open(at("2026-11-30 13:30")) and not same.is_open(at("2026-11-30 12:30"))


def test_monthly_schedules_are_not_turned_into_weekly_hours() -> None:
    assert (
        hours.from_schedules([{"freq": "MONTHLY", "byday": "MO", "opens_at": "10:00", "closes_at": "11:00"}])
        is None
    )
