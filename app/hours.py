"""Opening hours as OpenStreetMap ``opening_hours`` expressions, evaluated by opening-hours-py.

One module for every feature that shows hours: reporting centres, support channels, staff editing.

It knows UK bank holidays (``PH off``), several periods a day, ``24/7`` and comments such as
``"by appointment"``. We only evaluate expressions; we never parse them ourselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

# The package has ParserError, but its type stub does not declare it.
from opening_hours import OpeningHours, ParserError, State  # type: ignore[attr-defined]

LONDON = ZoneInfo("Europe/London")
#: How far ahead "next opening" looks before saying nothing.
LOOK_AHEAD = timedelta(days=14)


class HoursError(ValueError):
    """Not a valid opening_hours expression; the message says where."""


@lru_cache(maxsize=2048)
def parse(expression: str) -> OpeningHours:
    """Raise HoursError for an invalid expression (opening-hours-py raises ParserError, not SyntaxError)."""
    try:
        return OpeningHours(
            expression, timezone=LONDON, country="GB", auto_country=False, auto_timezone=False
        )
    except (ParserError, SyntaxError, TypeError) as error:
        where = re.search(r"--> \d+:(\d+)", str(error))
        at = f" at character {where.group(1)}" if where else ""
        raise HoursError(f"not valid opening hours{at}: {expression!r}") from error


def problem(expression: str) -> str | None:
    """Why an expression is not valid, or None."""
    try:
        parse(expression)
    except HoursError as error:
        return str(error)
    return None


def now() -> datetime:
    return datetime.now(LONDON)


@dataclass(frozen=True)
class Status:
    """``open`` is None when unknown (no hours recorded, or only "by appointment")."""

    open: bool | None
    until: datetime | None = None  # when an open centre closes
    next_open: datetime | None = None  # when a closed centre next opens
    comment: str = ""


def status(expression: str | None, when: datetime | None = None) -> Status:
    if not expression:
        return Status(None)
    hours = parse(expression)
    when = (when or now()).astimezone(LONDON)
    state, comment = hours.state(when)
    if state == State.OPEN:
        change = hours.next_change(when)
        return Status(True, until=change if change and change - when < LOOK_AHEAD else None, comment=comment)
    next_open = None
    for start, _end, interval_state, _comment in hours.intervals(when, when + LOOK_AHEAD):
        if interval_state == State.OPEN:
            next_open = max(start, when)
            break
    return Status(None if state == State.UNKNOWN else False, next_open=next_open, comment=comment)


def is_open(expression: str | None, when: datetime | None = None) -> bool:
    return bool(expression) and status(expression, when).open is True


@dataclass(frozen=True)
class Period:
    start: time
    end: time | None  # None: until midnight
    comment: str = ""


@dataclass
class Day:
    day: date
    periods: list[Period] = field(default_factory=list)
    unknown: bool = False  # "by appointment" and similar


def week(expression: str | None, start: date | None = None) -> list[Day]:
    """The next seven days from ``start`` (today), each with its open periods, bank holidays included."""
    start = start or now().date()
    days = [Day(start + timedelta(days=n)) for n in range(7)]
    if not expression:
        return days
    begin = datetime.combine(start, time(0), LONDON)
    end = begin + timedelta(days=7)
    for first, last, state, comment in parse(expression).intervals(begin, end):
        if state == State.CLOSED or (state == State.UNKNOWN and not comment):
            continue
        cursor, last = first.astimezone(LONDON), last.astimezone(LONDON)
        while cursor < last:  # one period per calendar day, so "24/7" fills every day
            midnight = datetime.combine(cursor.date() + timedelta(days=1), time(0), LONDON)
            stop = min(last, midnight)
            index = (cursor.date() - start).days
            if 0 <= index < 7:
                days[index].periods.append(
                    Period(cursor.time(), None if stop == midnight else stop.time(), comment)
                )
                days[index].unknown = days[index].unknown or state == State.UNKNOWN
            cursor = stop
    return days


def clock(value: time | datetime) -> str:
    from flask_babel import format_time

    return format_time(value, "HH:mm")


def _locale() -> str:
    from flask_babel import get_locale

    return str(get_locale())


def period_text(item: Period) -> str:
    """ "09:00 to 17:00", "Open 24 hours", with the expression's comment if it has one."""
    return _period_text(item, _locale())


def day_name(day: date, today: date) -> str:
    """ "Monday 30 November", or "Today (…)"."""
    return _day_name(day, today, _locale())


# A results page shows a week for every centre: the same few days and periods, worded once per locale.
@lru_cache(maxsize=4096)
def _period_text(item: Period, locale: str) -> str:
    from flask_babel import gettext as _

    if item.start == time(0) and item.end is None:
        text = _("Open 24 hours")
    else:
        end = clock(item.end) if item.end else clock(time(0))
        text = _("%(start)s to %(end)s", start=clock(item.start), end=end)
    return f"{text} ({item.comment})" if item.comment else text


@lru_cache(maxsize=1024)
def _day_name(day: date, today: date, locale: str) -> str:
    from flask_babel import format_date
    from flask_babel import gettext as _

    name = format_date(day, "EEEE d MMMM")
    return _("Today (%(day)s)", day=name) if day == today else name


def mentions_bank_holidays(expression: str | None) -> bool:
    return bool(expression) and re.search(r"\bPH\b", expression or "") is not None
