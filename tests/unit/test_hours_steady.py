"""hours.steady_until: how long what status() and week() say stays true, so a kept card is never wrong."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from app import hours
from app.hours import LONDON

TICK = timedelta(microseconds=1)


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=LONDON)


def test_an_open_place_is_steady_until_it_closes() -> None:
    assert hours.steady_until("Mo-Fr 09:00-17:00", at(2026, 12, 4, 16, 59, 59)) == at(2026, 12, 4, 17, 0)


def test_a_closed_place_is_steady_until_midnight_when_the_week_moves_on() -> None:
    assert hours.steady_until("Mo-Fr 09:00-17:00", at(2026, 12, 4, 17, 0)) == at(2026, 12, 5, 0, 0)
    assert hours.steady_until(None, at(2026, 12, 4, 17, 0)) == at(2026, 12, 5, 0, 0)


def test_an_opening_coming_into_the_look_ahead_window_ends_the_steady_time() -> None:
    expression = "2026 Dec 25 12:00-13:00"
    before = at(2026, 12, 11, 10, 0)
    assert hours.status(expression, before).next_open is None
    assert hours.steady_until(expression, before) == at(2026, 12, 11, 12, 0) + TICK
    assert hours.status(expression, at(2026, 12, 11, 12, 0)).next_open is None  # exactly 14 days away
    assert hours.status(expression, at(2026, 12, 11, 12, 0) + TICK).next_open == at(2026, 12, 25, 12, 0)


def test_a_closing_coming_into_the_look_ahead_window_ends_the_steady_time() -> None:
    expression = "24/7; 2026 Dec 25 12:00-13:00 off"
    before = at(2026, 12, 11, 10, 0)
    assert hours.status(expression, before).until is None
    assert hours.steady_until(expression, before) == at(2026, 12, 11, 12, 0) + TICK
    assert hours.status(expression, at(2026, 12, 11, 12, 0)).until is None
    assert hours.status(expression, at(2026, 12, 11, 12, 0) + TICK).until == at(2026, 12, 25, 12, 0)


@pytest.mark.parametrize(
    "expression",
    [
        "Mo-Fr 09:00-17:00; PH off",
        "Mo-Fr 09:00-12:30,13:30-17:00; Sa 10:00-12:00",
        '24/7; PH "closed on bank holidays"',
        'Mo-Fr 10:00-16:00 "by appointment"',
        "Tu,Th 18:00-02:00",
    ],
)
def test_status_and_week_never_change_before_the_steady_time(expression: str) -> None:
    when = at(2026, 12, 20, 6, 0)
    while when < at(2026, 12, 29, 0, 0):
        until = hours.steady_until(expression, when, "SCT")
        assert until > when
        step = when
        while step < until:
            assert hours.status(expression, step, "SCT") == hours.status(expression, when, "SCT")
            assert hours.week(expression, step.date(), "SCT") == hours.week(expression, when.date(), "SCT")
            step += timedelta(minutes=7)
        assert step - timedelta(minutes=7) < until
        when = until
