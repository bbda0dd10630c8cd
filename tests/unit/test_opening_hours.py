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


# ---------------------------------------------------------------- bank holidays by nation
# Checked against GOV.UK's published bank holidays for 2026 and 2027 (gov.uk/bank-holidays).
OFFICE = "Mo-Fr 09:00-17:00; PH off"
ENGLAND_AND_WALES = {
    date(2026, 1, 1), date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 4), date(2026, 5, 25),
    date(2026, 8, 31), date(2026, 12, 25), date(2026, 12, 28),  # Boxing Day is a Saturday
    date(2027, 1, 1), date(2027, 3, 26), date(2027, 3, 29), date(2027, 5, 3), date(2027, 5, 31),
    date(2027, 8, 30), date(2027, 12, 27), date(2027, 12, 28),  # Christmas and Boxing Day at a weekend
}  # fmt: skip
SCOTLAND = {
    date(2026, 1, 1), date(2026, 1, 2), date(2026, 4, 3), date(2026, 5, 4), date(2026, 5, 25),
    date(2026, 6, 15), date(2026, 8, 3), date(2026, 11, 30), date(2026, 12, 25), date(2026, 12, 28),
    date(2027, 1, 1), date(2027, 1, 4),  # 2 January is a Saturday
    date(2027, 3, 26), date(2027, 5, 3), date(2027, 5, 31), date(2027, 8, 2), date(2027, 11, 30),
    date(2027, 12, 27), date(2027, 12, 28),
}  # fmt: skip
NORTHERN_IRELAND = {
    date(2026, 1, 1), date(2026, 3, 17), date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 4),
    date(2026, 5, 25), date(2026, 7, 13),  # 12 July is a Sunday
    date(2026, 8, 31), date(2026, 12, 25), date(2026, 12, 28),
    date(2027, 1, 1), date(2027, 3, 17), date(2027, 3, 26), date(2027, 3, 29), date(2027, 5, 3),
    date(2027, 5, 31), date(2027, 7, 12), date(2027, 8, 30), date(2027, 12, 27), date(2027, 12, 28),
}  # fmt: skip
CALENDARS = {"ENG": ENGLAND_AND_WALES, "WLS": ENGLAND_AND_WALES, "SCT": SCOTLAND, "NIR": NORTHERN_IRELAND}


def _weekdays(year_from: int, year_to: int) -> list[date]:
    day, found = date(year_from, 1, 1), []
    while day.year <= year_to:
        if day.weekday() < 5:
            found.append(day)
        day = date.fromordinal(day.toordinal() + 1)
    return found


@pytest.mark.parametrize("nation", ["ENG", "WLS", "SCT", "NIR"])
def test_an_office_is_shut_on_exactly_its_own_nations_bank_holidays_in_2026_and_2027(nation: str) -> None:
    shut = {
        day
        for day in _weekdays(2026, 2027)
        if not hours.is_open(OFFICE, at(day.year, day.month, day.day, 11, 0), nation)
    }
    assert shut == CALENDARS[nation]


@pytest.mark.parametrize(
    ("nation", "moment", "opens"),
    [
        # Friday before the August holiday: England's is Monday 31 August, Scotland's was 3 August.
        ("ENG", at(2026, 8, 28, 18, 0), at(2026, 9, 1, 9, 0)),
        ("SCT", at(2026, 8, 28, 18, 0), at(2026, 8, 31, 9, 0)),
        # Friday before St Andrew's Day (Monday 30 November 2026), a Scottish bank holiday only.
        ("SCT", at(2026, 11, 27, 18, 0), at(2026, 12, 1, 9, 0)),
        ("WLS", at(2026, 11, 27, 18, 0), at(2026, 11, 30, 9, 0)),
        # New Year 2027: Scotland's 2 January falls on a Saturday, so Monday 4 January is the holiday.
        ("SCT", at(2026, 12, 31, 18, 0), at(2027, 1, 5, 9, 0)),
        ("ENG", at(2026, 12, 31, 18, 0), at(2027, 1, 4, 9, 0)),
        # The Twelfth in 2026 is a Sunday: Northern Ireland's holiday moves to Monday 13 July.
        ("NIR", at(2026, 7, 10, 18, 0), at(2026, 7, 14, 9, 0)),
        ("ENG", at(2026, 7, 10, 18, 0), at(2026, 7, 13, 9, 0)),
    ],
)
def test_next_opening_skips_the_nations_bank_holidays(nation: str, moment: datetime, opens: datetime) -> None:
    state = hours.status(OFFICE, moment, nation)
    assert state.open is False and state.next_open == opens


def test_the_week_table_marks_and_closes_the_bank_holiday() -> None:
    scotland = hours.week(OFFICE, date(2026, 11, 29), "SCT")
    assert [(d.day, d.bank_holiday, d.periods) for d in scotland[:2]] == [
        (date(2026, 11, 29), False, []),
        (date(2026, 11, 30), True, []),
    ]
    england = hours.week(OFFICE, date(2026, 11, 29), "ENG")
    assert not england[1].bank_holiday and [(p.start, p.end) for p in england[1].periods] == [
        (time(9), time(17))
    ]


def test_coming_closures_are_the_bank_holidays_the_place_would_otherwise_be_open() -> None:
    # Tuesday and Thursday only: of the 2027 Christmas substitutes (Mo 27, Tu 28) only the Tuesday matters.
    assert hours.closures("Tu,Th 10:00-15:00; PH off", date(2027, 12, 1), "ENG") == [date(2027, 12, 28)]
    assert hours.closures(OFFICE, date(2026, 11, 27), "SCT")[:3] == [
        date(2026, 11, 30), date(2026, 12, 25), date(2026, 12, 28)
    ]  # fmt: skip
    assert hours.closures("Mo-Fr 09:00-17:00", date(2026, 11, 27), "SCT") == []  # no PH: open as usual


def test_bank_holidays_listed_with_weekdays_and_in_comments() -> None:
    saturday_hours = "Mo-Fr 09:00-17:00; Sa,PH 10:00-12:00"
    assert hours.status(saturday_hours, at(2026, 8, 31, 11, 0), "ENG").open is True
    assert hours.status(saturday_hours, at(2026, 8, 31, 13, 0), "ENG").open is False
    assert hours.status(saturday_hours, at(2026, 8, 31, 13, 0), "SCT").open is True
    noted = 'Mo-Fr 09:00-17:00 "PH as usual"'
    assert hours.status(noted, at(2026, 8, 31, 13, 0), "ENG").open is True
    assert hours.with_dated_holidays("PH,Su off", [date(2026, 12, 25)]) == "Su off; 2026 Dec 25 off"
    assert hours.with_dated_holidays("Mo-Fr 09:00-17:00; PH +1 day off", []) is None
