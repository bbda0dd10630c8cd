"""The one rule for "not checked for N months" (app/centres/queries.py): calendar months, not 30-day
approximations, with month ends handled the way people count them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.centres.queries import (
    CHECK_AFTER_MONTHS,
    OUT_OF_DATE_AFTER_MONTHS,
    add_months,
    checked_on_or_before,
    needs_checking,
)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 3, 15), 6, date(2026, 9, 15)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),  # no 31 February: its last day
        (date(2027, 8, 31), 6, date(2028, 2, 29)),  # a leap year
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 12, 1), 12, date(2027, 12, 1)),
        (date(2026, 2, 28), -6, date(2025, 8, 28)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
    ],
)
def test_add_months_counts_calendar_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_the_staff_and_public_periods() -> None:
    assert (CHECK_AFTER_MONTHS, OUT_OF_DATE_AFTER_MONTHS) == (6, 12)


def test_due_on_the_day_six_months_have_passed_not_the_day_before() -> None:
    checked = date(2026, 3, 15)
    assert not needs_checking(checked, date(2026, 9, 14))
    assert needs_checking(checked, date(2026, 9, 15))
    assert needs_checking(checked, date(2026, 9, 16))
    # 183 days is "about six months" but not six calendar months here.
    assert not needs_checking(date(2026, 1, 31), date(2026, 1, 31) + timedelta(days=180))


def test_twelve_months_for_the_public_notice() -> None:
    checked = date(2025, 12, 1)
    assert not needs_checking(checked, date(2026, 11, 30), OUT_OF_DATE_AFTER_MONTHS)
    assert needs_checking(checked, date(2026, 12, 1), OUT_OF_DATE_AFTER_MONTHS)
    # Checked on 29 February: due on 28 February the next year (no 29th that year).
    assert not needs_checking(date(2028, 2, 29), date(2029, 2, 27), OUT_OF_DATE_AFTER_MONTHS)
    assert needs_checking(date(2028, 2, 29), date(2029, 2, 28), OUT_OF_DATE_AFTER_MONTHS)


@pytest.mark.parametrize(
    ("checked", "due"),
    [
        (date(2025, 8, 31), date(2026, 2, 28)),
        (date(2025, 8, 30), date(2026, 2, 28)),
        (date(2025, 8, 29), date(2026, 2, 28)),
        (date(2025, 8, 28), date(2026, 2, 28)),
        (date(2027, 8, 31), date(2028, 2, 29)),  # leap year
        (date(2027, 8, 29), date(2028, 2, 29)),
        (date(2027, 8, 28), date(2028, 2, 28)),
    ],
)
def test_month_ends_31_august_to_28_or_29_february(checked: date, due: date) -> None:
    assert not needs_checking(checked, due - timedelta(days=1))
    assert needs_checking(checked, due)


def test_never_checked_always_needs_checking() -> None:
    assert needs_checking(None, date(2026, 12, 1))
    assert needs_checking(None, date(2026, 12, 1), OUT_OF_DATE_AFTER_MONTHS)


@pytest.mark.parametrize("months", [1, 6, 12])
def test_the_cutoff_the_sql_uses_agrees_with_counting_forward(months: int) -> None:
    """``last_checked <= checked_on_or_before(today, m)`` (what the staff list's SQL asks) holds
    exactly when m months after the check has come, for every pair of days over two years."""
    start = date(2026, 1, 1)
    days = [start + timedelta(days=n) for n in range(0, 800)]
    for today in days[400::7] + [date(2026, 2, 28), date(2028, 2, 29), date(2027, 4, 30), date(2027, 3, 31)]:
        cutoff = checked_on_or_before(today, months)
        for checked in (d for d in days if d <= today):
            assert (checked <= cutoff) == (add_months(checked, months) <= today), (checked, today)
