"""Opening hours in words: days with the same hours grouped, bank holidays, 12-hour times in English,
midday and midnight, a week that never opens; and the week read back from an expression."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time

import pytest
from flask import Flask
from flask_babel import Babel, force_locale

from app.hours_words import Span, Week, clock, expression, expression_words, week_of, words

TODAY = date(2026, 3, 4)
NINE_TO_FIVE = (Span(time(9), time(17)),)


@pytest.fixture(autouse=True)
def request_context() -> Iterator[None]:
    app = Flask(__name__)
    Babel(app)
    with app.test_request_context():
        yield


def week(*days: tuple[Span, ...], bank: bool = False) -> Week:
    return Week(tuple(days) + ((),) * (7 - len(days)), bank)


def test_consecutive_days_with_the_same_hours_are_grouped() -> None:
    assert (
        words(week(*[NINE_TO_FIVE] * 5, bank=True)) == "Monday to Friday 9am to 5pm, closed on bank holidays"
    )
    assert (
        words(week((), NINE_TO_FIVE, NINE_TO_FIVE))
        == "Tuesday and Wednesday 9am to 5pm, open on bank holidays"
    )
    split = week(NINE_TO_FIVE, (), NINE_TO_FIVE)
    assert words(split) == "Monday 9am to 5pm, Wednesday 9am to 5pm, open on bank holidays"
    assert words(week(*[NINE_TO_FIVE] * 7)) == "Every day 9am to 5pm, open on bank holidays"


def test_two_openings_a_day_and_a_short_saturday() -> None:
    lunch = (Span(time(9), time(12, 30)), Span(time(13, 30), time(17)))
    assert words(week(lunch, lunch, (), (), (), (Span(time(10), time(12)),), bank=True)) == (
        "Monday and Tuesday 9am to 12:30pm and 1:30pm to 5pm, Saturday 10am to midday, "
        "closed on bank holidays"
    )


def test_twelve_hour_times_midday_and_midnight() -> None:
    assert [clock(time(9)), clock(time(12, 30)), clock(time(0, 15)), clock(time(23, 45))] == [
        "9am",
        "12:30pm",
        "12:15am",
        "11:45pm",
    ]
    assert clock(time(12)) == "midday" and clock(time(0)) == "midnight" and clock(None) == "midnight"
    late = week((), (), (), (), (Span(time(18), None),))
    assert words(late) == "Friday 6pm to midnight, open on bank holidays"


def test_languages_with_a_24_hour_clock_get_one() -> None:
    with force_locale("pl"):
        assert clock(time(17, 30)) == "17:30" and clock(time(9)) == "09:00"
        assert words(week(NINE_TO_FIVE)).startswith("Poniedziałek")


def test_closed_all_week_and_open_all_the_time() -> None:
    assert words(Week()) == "Closed every day"
    assert words(Week(closed_on_bank_holidays=True)) == "Closed every day"
    assert expression(Week()) == "off"
    always = week(*[(Span(time(0), None),)] * 7)
    assert words(always) == "Open 24 hours every day, open on bank holidays"


def test_the_expression_and_back() -> None:
    made = week(*[NINE_TO_FIVE] * 5, (Span(time(10), time(12)),), bank=True)
    assert expression(made) == "Mo-Fr 09:00-17:00; Sa 10:00-12:00; PH off"
    assert week_of(expression(made), TODAY) == (made, True)
    assert expression_words("Mo-Fr 09:00-17:00; PH off", TODAY) == (
        "Monday to Friday 9am to 5pm, closed on bank holidays"
    )


@pytest.mark.parametrize(
    "text",
    [
        'Mo 09:00-17:00 "by appointment"',  # a comment the form cannot hold
        "Mo-Fr 09:00-17:00; Sa,PH 10:00-12:00",  # bank holiday hours, not just closed
        "Mo 08:00-09:00,10:00-11:00,12:00-13:00",  # three openings a day
        "week 1-53/2 Mo 09:00-17:00",  # every other week
    ],
)
def test_what_the_form_cannot_show_is_said_so(text: str) -> None:
    assert week_of(text, TODAY)[1] is False
    assert expression_words(text, TODAY) is None
