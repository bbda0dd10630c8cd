"""Opening hours as OpenStreetMap ``opening_hours`` expressions, evaluated by opening-hours-py.

One module for every feature that shows hours: reporting centres, support channels, staff editing.

It knows UK bank holidays by nation (``PH off``), several periods a day, ``24/7`` and comments such as
``"by appointment"``. We only evaluate expressions; we never parse them ourselves.

opening-hours-py's own ``GB`` calendar holds only the bank holidays all four nations share, and it takes
no other calendar. So before evaluating, each ``PH`` selector is spelled out as the nation's dated bank
holidays (``PH off`` → ``2026 Jan 01,2026 Apr 03,… off``, from :mod:`app.bank_holidays`), which the
library evaluates exactly. The rare forms this cannot spell out (``PH +1 day``, ``Dec PH``) fall back to
the library's shared calendar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

# The package has ParserError, but its type stub does not declare it.
from opening_hours import OpeningHours, ParserError, State  # type: ignore[attr-defined]

from app import bank_holidays
from app.bank_holidays import DEFAULT_NATION

LONDON = ZoneInfo("Europe/London")
#: How far ahead "next opening" looks before saying nothing.
LOOK_AHEAD = timedelta(days=14)
#: How far ahead a centre's page lists the bank holidays it is closed on.
CLOSURES_AHEAD = timedelta(days=92)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAY = r"(?:Mo|Tu|We|Th|Fr|Sa|Su)(?:-(?:Mo|Tu|We|Th|Fr|Sa|Su))?"
#: A rule whose day selector is PH, maybe listed with weekdays ("PH off", "Sa,PH 10:00-12:00").
_PH_RULE = re.compile(rf"(\s*)((?:{_WEEKDAY},)*)PH((?:,{_WEEKDAY})*)(?=\s|$)(.*)", re.DOTALL)
_PH_TOKEN = re.compile(r"\bPH\b")
_QUOTED = re.compile(r'"[^"]*"')


class HoursError(ValueError):
    """Not a valid opening_hours expression; the message says where."""


def _evaluator(expression: str, country: str | None) -> OpeningHours:
    return OpeningHours(expression, timezone=LONDON, country=country, auto_country=False, auto_timezone=False)


@lru_cache(maxsize=2048)
def parse(expression: str) -> OpeningHours:
    """Raise HoursError for an invalid expression (opening-hours-py raises ParserError, not SyntaxError).

    The result uses the library's shared GB calendar: use :func:`compiled` to evaluate for a nation."""
    try:
        return _evaluator(expression, "GB")
    except (ParserError, SyntaxError, TypeError) as error:
        where = re.search(r"--> \d+:(\d+)", str(error))
        at = f" at character {where.group(1)}" if where else ""
        raise HoursError(f"not valid opening hours{at}: {expression!r}") from error


def _split_rules(expression: str) -> list[tuple[str, str]]:
    """(rule, separator after it) pairs, split at ``;`` and ``||`` outside quoted comments."""
    rules: list[tuple[str, str]] = []
    start, index, quoted = 0, 0, False
    while index < len(expression):
        char = expression[index]
        if char == '"':
            quoted = not quoted
        elif not quoted and (char == ";" or expression.startswith("||", index)):
            separator = "||" if char == "|" else ";"
            rules.append((expression[start:index], separator))
            index += len(separator)
            start = index
            continue
        index += 1
    rules.append((expression[start:], ""))
    return rules


def with_dated_holidays(expression: str, days: list[date]) -> str | None:
    """The expression with each ``PH`` day selector replaced by these dates, or None if a ``PH`` is
    used in a way this cannot spell out. ``Sa,PH 10:00-12:00`` becomes two rules with the same times."""
    dates = ",".join(f"{day.year} {_MONTHS[day.month - 1]} {day.day:02d}" for day in days)
    out: list[str] = []
    for rule, separator in _split_rules(expression):
        match = _PH_RULE.fullmatch(rule)
        if match:
            _space, before, after, rest = match.groups()
            if rest.lstrip().startswith(("+", "-")):  # "PH +1 day": an offset dates cannot carry
                return None
            weekdays = ",".join(part for part in (before.rstrip(","), after.lstrip(",")) if part)
            spelled = [f"{weekdays}{rest}"] if weekdays else []
            if dates:
                spelled.append(f"{dates}{rest}")
            rule = "; ".join(spelled)
        if _PH_TOKEN.search(_QUOTED.sub("", rule)):
            return None
        if rule.strip():
            out.append(f"{rule.strip()} {separator} " if separator else rule.strip())
    return "".join(out).strip().rstrip(";|").strip()


@lru_cache(maxsize=4096)
def compiled(expression: str, nation: str = DEFAULT_NATION, year: int | None = None) -> OpeningHours:
    """The expression ready to evaluate with ``nation``'s bank holidays from the year before ``year``
    (this year) to the year after. Raises HoursError for an invalid expression."""
    parse(expression)  # the one place that words a syntax error
    if not mentions_bank_holidays(expression):
        return _evaluator(expression, None)
    year = year or now().year
    days = [item.day for item in bank_holidays.between(nation, date(year - 1, 1, 1), date(year + 1, 12, 31))]
    spelled = with_dated_holidays(expression, days)
    try:
        return _evaluator(spelled, None) if spelled else parse(expression)
    except (ParserError, SyntaxError, TypeError):
        return parse(expression)


def _at(expression: str, when: datetime, nation: str | None) -> OpeningHours:
    return compiled(expression, bank_holidays.nation_or_default(nation), when.year)


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


def status(expression: str | None, when: datetime | None = None, nation: str | None = None) -> Status:
    """Open or closed at ``when`` (now), with the bank holidays of ``nation`` (ENG, WLS, SCT, NIR)."""
    if not expression:
        return Status(None)
    when = (when or now()).astimezone(LONDON)
    hours = _at(expression, when, nation)
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


def steady_until(expression: str | None, when: datetime, nation: str | None = None) -> datetime:
    """The first moment after ``when`` at which :func:`status` or :func:`week` may answer differently:
    the next change of state or comment, a change or opening coming into the LOOK_AHEAD window, or
    midnight (the week and "tomorrow" move on). What is shown from them can be kept until then."""
    when = when.astimezone(LONDON)
    limit = datetime.combine(when.date() + timedelta(days=1), time(0), LONDON)
    if not expression:
        return limit
    hours = _at(expression, when, nation)
    # status() shows a time once it is strictly less than LOOK_AHEAD away: one microsecond after.
    entering = LOOK_AHEAD - timedelta(microseconds=1)
    moments = []
    change = hours.next_change(when)
    if change is not None:
        moments += [change, change - entering]
    # The first interval ends at the next change of state or comment; a later opening comes into the
    # "next opening" window LOOK_AHEAD before it starts.
    for index, (start, end, state, _comment) in enumerate(hours.intervals(when, limit + LOOK_AHEAD)):
        if index == 0 and end is not None:
            moments.append(end)
        if state == State.OPEN and start > when:
            moments.append(start - entering)
            break
    for moment in moments:
        moment = moment.astimezone(LONDON)
        if when < moment < limit:
            limit = moment
    return limit


def is_open(expression: str | None, when: datetime | None = None, nation: str | None = None) -> bool:
    return bool(expression) and status(expression, when, nation).open is True


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
    bank_holiday: bool = False


def week(expression: str | None, start: date | None = None, nation: str | None = None) -> list[Day]:
    """The next seven days from ``start`` (today), each with its open periods, bank holidays of
    ``nation`` included and marked."""
    start = start or now().date()
    holidays = {item.day for item in bank_holidays.between(nation, start, start + timedelta(days=6))}
    days = [
        Day(start + timedelta(days=n), bank_holiday=start + timedelta(days=n) in holidays) for n in range(7)
    ]
    if not expression:
        return days
    begin = datetime.combine(start, time(0), LONDON)
    end = begin + timedelta(days=7)
    for first, last, state, comment in _at(expression, begin, nation).intervals(begin, end):
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
    return bool(expression) and _PH_TOKEN.search(_QUOTED.sub("", expression or "")) is not None


def _opens_on(hours: OpeningHours, day: date) -> bool:
    begin = datetime.combine(day, time(0), LONDON)
    return any(state == State.OPEN for _s, _e, state, _c in hours.intervals(begin, begin + timedelta(days=1)))


def closures(expression: str | None, today: date, nation: str | None = None) -> list[date]:
    """Coming bank holidays (within CLOSURES_AHEAD) on which the place is shut although its usual
    hours for that weekday would have it open."""
    if not expression or not mentions_bank_holidays(expression):
        return []
    usual = _evaluator(expression, None)  # no calendar: PH never applies
    found = []
    for holiday in bank_holidays.between(nation, today, today + CLOSURES_AHEAD):
        hours = _at(expression, datetime.combine(holiday.day, time(12), LONDON), nation)
        if _opens_on(usual, holiday.day) and not _opens_on(hours, holiday.day):
            found.append(holiday.day)
    return found
