"""Opening hours as OpenStreetMap ``opening_hours`` strings, evaluated by opening-hours-py (UK holidays)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from opening_hours import OpeningHours, ParserError, State

LONDON = ZoneInfo("Europe/London")
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# A week with no UK bank holiday, used to turn an expression into HSDS weekly schedules.
REFERENCE_MONDAY = date(2026, 6, 1)


def parse(expression: str) -> OpeningHours:
    """Raises ValueError with the parser's message when the expression is not valid."""
    try:
        return OpeningHours(
            expression, timezone=LONDON, country="GB", auto_country=False, auto_timezone=False
        )
    except (ParserError, SyntaxError) as error:
        where = re.search(r"--> \d+:(\d+)", str(error))
        at = f" (problem at character {where.group(1)})" if where else ""
        raise ValueError(f"{expression!r} is not a valid opening_hours expression{at}") from error


def problem(expression: str) -> str | None:
    """Why an expression is not valid, or None."""
    try:
        parse(expression)
    except ValueError as error:
        return str(error)
    return None


@dataclass(frozen=True)
class HoursNow:
    open: bool | None  # None: unknown (no hours, or "by appointment")
    next_change: datetime | None
    comment: str = ""


def now() -> datetime:
    return datetime.now(LONDON)


def state(expression: str, when: datetime | None = None) -> HoursNow:
    if not expression:
        return HoursNow(None, None)
    hours = parse(expression)
    when = when or now()
    current, comment = hours.state(when)
    is_open = True if current == State.OPEN else False if current == State.CLOSED else None
    change = hours.next_change(when)
    # Far-off changes (a "24/7" line has none) are not worth showing.
    if change is not None and change - when > timedelta(days=14):
        change = None
    return HoursNow(is_open, change, comment)


def week(expression: str, start: date) -> list[tuple[date, list[tuple[time, time]], str]]:
    """The next seven days from ``start``: each day's open ranges and any comment."""
    hours = parse(expression)
    days = []
    for offset in range(7):
        day = start + timedelta(days=offset)
        begin = datetime.combine(day, time(0), LONDON)
        ranges: list[tuple[time, time]] = []
        comments = []
        for opens, closes, current, comment in hours.intervals(begin, begin + timedelta(days=1)):
            if current == State.OPEN:
                end = closes.timetz() if closes.date() == day else time(23, 59)
                ranges.append((opens.time(), end.replace(tzinfo=None)))
            if comment and comment not in comments:
                comments.append(comment)
        days.append((day, ranges, "; ".join(comments)))
    return days


def to_schedules(expression: str) -> list[dict[str, str]]:
    """Weekly HSDS-style rules (byday, opens_at, closes_at) for an ordinary week."""
    rules = []
    for day, ranges, _comment in week(expression, REFERENCE_MONDAY):
        for opens, closes in ranges:
            rules.append(
                {
                    "freq": "WEEKLY",
                    "byday": DAYS[day.weekday()],
                    "opens_at": opens.strftime("%H:%M:%S"),
                    "closes_at": closes.strftime("%H:%M:%S") if closes != time(23, 59) else "23:59:59",
                }
            )
    return rules


def from_schedules(schedules: list[dict]) -> str | None:
    """An opening_hours expression from HSDS weekly schedules, or None when they are not weekly times."""
    by_day: dict[str, list[str]] = {}
    for schedule in schedules:
        opens, closes, byday = schedule.get("opens_at"), schedule.get("closes_at"), schedule.get("byday")
        if schedule.get("freq", "WEEKLY") != "WEEKLY" or not (opens and closes and byday):
            return None
        span = f"{str(opens)[:5]}-{str(closes)[:5]}".replace("23:59", "24:00")
        for token in str(byday).upper().replace(" ", "").split(","):
            if token not in DAYS:
                return None
            by_day.setdefault(token, []).append(span)
    if not by_day:
        return None
    rules = [f"{d.title()} {','.join(sorted(set(by_day[d])))}" for d in DAYS if d in by_day]
    expression = "; ".join(rules)
    return expression if problem(expression) is None else None
