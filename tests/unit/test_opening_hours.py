"""Opening hours evaluated by opening-hours-py with UK bank holidays: open now, next opening, the week."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from app import hours
from app.hours import LONDON

WEEKDAYS = "Mo-Fr 09:00-17:00; Sa 10:00-12:00; PH off"


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON)


def test_open_until_closing_time() -> None:
    state = hours.status(WEEKDAYS, at(2026, 11, 27, 16, 0))  # a Friday
    assert state.open is True and state.until == at(2026, 11, 27, 17, 0)


def test_closed_with_the_next_opening() -> None:
    state = hours.status(WEEKDAYS, at(2026, 11, 27, 18, 0))
    assert state.open is False and state.next_open == at(2026, 11, 28, 10, 0)


def test_bank_holidays_are_known_christmas_and_the_boxing_day_substitute() -> None:
    # 2026: Christmas Day is a Friday; Boxing Day falls on Saturday, so Monday 28 December is the holiday.
    assert hours.status(WEEKDAYS, at(2026, 12, 25, 11, 0)).open is False
    assert hours.status(WEEKDAYS, at(2026, 12, 28, 11, 0)).open is False
    assert hours.status(WEEKDAYS, at(2026, 12, 29, 11, 0)).open is True
    assert hours.status(WEEKDAYS, at(2026, 12, 24, 18, 0)).next_open == at(2026, 12, 26, 10, 0)


def test_british_summer_time_is_handled() -> None:
    # 09:00 in London on a July Monday is 08:00 UTC.
    assert hours.is_open(WEEKDAYS, datetime(2026, 7, 6, 8, 30, tzinfo=hours.ZoneInfo("UTC")))
    assert not hours.is_open(WEEKDAYS, datetime(2026, 7, 6, 7, 30, tzinfo=hours.ZoneInfo("UTC")))


def test_several_periods_a_day_and_the_week_table() -> None:
    days = hours.week("Mo-Fr 09:00-12:30,13:30-17:00; Su off", date(2026, 11, 23))
    assert days[0].day == date(2026, 11, 23) and len(days) == 7
    monday = days[0]
    assert [(p.start, p.end) for p in monday.periods] == [(time(9), time(12, 30)), (time(13, 30), time(17))]
    assert days[5].periods == [] and days[6].periods == []


def test_24_7_fills_every_day_and_has_no_closing_time() -> None:
    days = hours.week("24/7", date(2026, 11, 23))
    assert all(d.periods and d.periods[0].start == time(0) and d.periods[0].end is None for d in days)
    state = hours.status("24/7", at(2026, 11, 27, 3, 0))
    assert state.open is True and state.until is None


def test_overnight_hours_are_split_at_midnight() -> None:
    days = hours.week("Fr 18:00-02:00", date(2026, 11, 23))
    assert [(p.start, p.end) for p in days[4].periods] == [(time(18), None)]
    assert [(p.start, p.end) for p in days[5].periods] == [(time(0), time(2))]


def test_by_appointment_comments_are_kept() -> None:
    state = hours.status('Mo-Fr 10:00-14:00 "by appointment"', at(2026, 11, 27, 11, 0))
    assert state.open is True and state.comment == "by appointment"


def test_no_hours_means_unknown_not_closed() -> None:
    assert hours.status(None).open is None and hours.status("").open is None


@pytest.mark.parametrize("expression", ["Mo-Fr 9-5", "bogus", "Mo-Fr 25:00-26:00;;x"])
def test_invalid_expressions_are_reported_not_raised_as_parser_errors(expression: str) -> None:
    assert hours.problem(expression)
    with pytest.raises(hours.HoursError):
        hours.parse(expression)


def test_bank_holiday_rules_are_noticed() -> None:
    assert hours.mentions_bank_holidays(WEEKDAYS)
    assert not hours.mentions_bank_holidays("Mo-Fr 09:00-17:00")
