"""A week of opening hours as a day-by-day form edits it: turned into the OpenStreetMap expression the
centres store, read back from one, and said in words ("Monday to Friday 9am to 5pm, closed on bank
holidays") in the reader's language.

Evaluating an expression is :mod:`app.hours`' job (opening-hours-py); this module only builds simple
expressions and reads a week back by evaluating one, never by parsing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from babel import Locale
from babel.lists import format_list
from flask import has_request_context
from flask_babel import get_locale
from flask_babel import gettext as _

from app import hours

#: Days in the order of the week, as opening_hours spells them (Monday first).
DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
#: At most this many opening times a day in the form (a lunch break makes two).
SPANS_A_DAY = 2
#: "PH off" on its own, as the form writes it: closed on bank holidays.
_PH_OFF = re.compile(r"(?:^|;)\s*PH\s+(?:off|closed)\s*(?=;|$)")
#: Weeks compared when checking that the form shows an expression exactly (catches "week 1-53/2").
_WEEKS_COMPARED = 4


@dataclass(frozen=True)
class Span:
    """One opening on one day; ``end`` None means until midnight at the end of the day."""

    start: time
    end: time | None = None

    @property
    def osm(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}" if self.end is not None else f"{self.start:%H:%M}-24:00"


#: Open from midnight to midnight.
ALL_DAY = Span(time(0), None)


@dataclass(frozen=True)
class Week:
    """The openings of each day, Monday first (an empty tuple: closed), and the bank holiday rule."""

    days: tuple[tuple[Span, ...], ...] = field(default_factory=lambda: ((),) * 7)
    closed_on_bank_holidays: bool = False

    @property
    def closed_all_week(self) -> bool:
        return not any(self.days)


def _groups(week: Week) -> list[tuple[int, int, tuple[Span, ...]]]:
    """(first day, last day, openings) for each run of consecutive days with the same openings."""
    runs: list[tuple[int, int, tuple[Span, ...]]] = []
    for index, spans in enumerate(week.days):
        if runs and runs[-1][2] == spans and runs[-1][1] == index - 1:
            runs[-1] = (runs[-1][0], index, spans)
        else:
            runs.append((index, index, spans))
    return [run for run in runs if run[2]]


def expression(week: Week) -> str:
    """The opening_hours expression for ``week``: ``Mo-Fr 09:00-17:00; Sa 10:00-12:00; PH off``.
    A week closed every day is ``off``."""
    rules = []
    for first, last, spans in _groups(week):
        days = DAYS[first] if first == last else f"{DAYS[first]}-{DAYS[last]}"
        rules.append(f"{days} {','.join(span.osm for span in spans)}")
    if not rules:
        return "off"
    if week.closed_on_bank_holidays:
        rules.append("PH off")
    return "; ".join(rules)


def _monday(today: date) -> date:
    return today - timedelta(days=today.weekday())


def _openings(text: str, monday: date, weeks: int = 1) -> tuple[list[list[Span]], bool]:
    """Each day's openings from ``monday`` for ``weeks`` weeks, without bank holidays, and whether
    anything was there that a Week cannot hold (a comment, an unknown state)."""
    evaluator = hours.compiled(text)
    begin = datetime.combine(monday, time(0), hours.LONDON)
    days: list[list[Span]] = [[] for _ in range(7 * weeks)]
    extra = False
    for first, last, state, comment in evaluator.intervals(begin, begin + timedelta(days=7 * weeks)):
        if str(state).upper().endswith("CLOSED"):
            extra = extra or bool(comment)
            continue
        if not str(state).upper().endswith("OPEN") or comment:
            extra = True
            if not str(state).upper().endswith("OPEN"):
                continue
        cursor, last = first.astimezone(hours.LONDON), last.astimezone(hours.LONDON)
        while cursor < last:  # split at midnight: one opening per calendar day
            midnight = datetime.combine(cursor.date() + timedelta(days=1), time(0), hours.LONDON)
            stop = min(last, midnight)
            index = (cursor.date() - monday).days
            if 0 <= index < len(days):
                days[index].append(Span(cursor.time(), None if stop == midnight else stop.time()))
            cursor = stop
    return days, extra


def week_of(text: str | None, today: date) -> tuple[Week, bool]:
    """The week an expression describes (this week's weekdays, bank holidays aside) and True when the
    form shows it exactly; False when saving the form would drop something (comments, dated rules,
    more than two openings a day, other bank holiday hours). Raises hours.HoursError if invalid."""
    if not text:
        return Week(), True
    hours.parse(text)
    plain = hours.with_dated_holidays(text, []) if hours.mentions_bank_holidays(text) else text
    bank_off = bool(_PH_OFF.search(text))
    exact = plain is not None and (bank_off or not hours.mentions_bank_holidays(text))
    if not plain:
        return Week(closed_on_bank_holidays=bank_off), False
    monday = _monday(today)
    days, extra = _openings(plain, monday, _WEEKS_COMPARED)
    week = Week(tuple(tuple(spans[:SPANS_A_DAY]) for spans in days[:7]), bank_off)
    repeats = all(days[n] == days[n % 7] for n in range(len(days)))
    too_many = any(len(spans) > SPANS_A_DAY for spans in days)
    return week, exact and repeats and not extra and not too_many


# --- in words ------------------------------------------------------------------------------------------


def _locale() -> Locale:
    found = get_locale() if has_request_context() else None
    return found or Locale.parse("en")


def _twelve_hour(locale: Locale) -> bool:
    """True where the language writes times on a 12-hour clock. British English does too in prose
    (9am, 5:30pm), although its locale data gives 09:00 for tables."""
    return locale.language == "en" or "h" in locale.time_formats["short"].pattern


def clock(moment: time | None) -> str:
    """A time as people say it: "9am", "12:30pm", "midday", "midnight" (None: the end of the day), or
    "17:30" where the language uses the 24-hour clock."""
    if moment is None or moment == time(0):
        return _("midnight")
    if moment == time(12):
        return _("midday")
    if not _twelve_hour(_locale()):
        return f"{moment:%H:%M}"
    hour = moment.hour % 12 or 12
    shown = str(hour) if moment.minute == 0 else f"{hour}:{moment.minute:02d}"
    return _("%(time)sam", time=shown) if moment.hour < 12 else _("%(time)spm", time=shown)


def _day_name(index: int) -> str:
    return _locale().days["format"]["wide"][index]


def _days_words(first: int, last: int) -> str:
    if first == 0 and last == 6:
        return _("every day")
    if first == last:
        return _day_name(first)
    if last == first + 1:
        return _("%(first)s and %(second)s", first=_day_name(first), second=_day_name(last))
    return _("%(first)s to %(last)s", first=_day_name(first), last=_day_name(last))


def _span_words(span: Span) -> str:
    if span == ALL_DAY:
        return _("open 24 hours")
    return _("%(start)s to %(end)s", start=clock(span.start), end=clock(span.end))


def words(week: Week) -> str:
    """The week in one sentence: "Monday to Friday 9am to 5pm, Saturday 10am to midday, closed on bank
    holidays"; "Closed every day" when it never opens."""
    if week.closed_all_week:
        return _("Closed every day")
    locale = _locale()
    parts = []
    for first, last, spans in _groups(week):
        if spans == (ALL_DAY,) and (first, last) == (0, 6):
            parts.append(_("open 24 hours every day"))
            continue
        times = [_span_words(span) for span in spans]
        joined = (
            times[0] if len(times) == 1 else _("%(first)s and %(second)s", first=times[0], second=times[1])
        )
        parts.append(_("%(days)s %(times)s", days=_days_words(first, last), times=joined))
    parts.append(_("closed on bank holidays") if week.closed_on_bank_holidays else _("open on bank holidays"))
    sentence = format_list(parts, style="unit", locale=locale)
    return sentence[:1].upper() + sentence[1:]


def expression_words(text: str | None, today: date) -> str | None:
    """An expression in words when the form can show it exactly, else None (show it as it is)."""
    if not text:
        return None
    try:
        week, exact = week_of(text, today)
    except hours.HoursError:
        return None
    return words(week) if exact else None
