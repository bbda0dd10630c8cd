"""How old a report is in working days (England and Wales bank holidays), and whether it is overdue
against the reply target the confirmation page promises."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")
#: The confirmation page promises a reply within 2 working days; STAFF_TARGET_WORKING_DAYS changes it.
DEFAULT_TARGET = 2


@lru_cache(maxsize=8)
def _bank_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv="ENG", years=[year - 1, year, year + 1])


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def working_days_since(received: datetime, now: datetime) -> int:
    """Whole working days from the day after ``received`` up to and including today (London time)."""
    start, end = received.astimezone(LONDON).date(), now.astimezone(LONDON).date()
    days, day = 0, start + timedelta(days=1)
    while day <= end and days < 1000:
        days += is_working_day(day)
        day += timedelta(days=1)
    return days


def overdue_before(now: datetime, target: int = DEFAULT_TARGET) -> date:
    """Reports received (London date) before this day are overdue today, if still new: it is the
    ``target + 1``-th working day counting back from today."""
    day, count = now.astimezone(LONDON).date(), 0
    while True:
        if is_working_day(day):
            count += 1
            if count == target + 1:
                return day
        day -= timedelta(days=1)


def is_overdue(received: datetime, status: str, now: datetime, target: int = DEFAULT_TARGET) -> bool:
    """A report still "new" after more than ``target`` working days."""
    return status == "new" and working_days_since(received, now) > target
