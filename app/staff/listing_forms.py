"""Forms a centre worker keeps their own centre's listing with: opening hours day by day, access
features and languages. The hours form becomes an :class:`app.hours_words.Week`."""

from __future__ import annotations

import re
from datetime import time
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovRadioInput, GovTextInput
from wtforms import Field, RadioField, SelectMultipleField, StringField
from wtforms.validators import Length, Optional

from app.centres.models import ACCESSIBILITY
from app.centres.vocab import ACCESSIBILITY_LABELS, language_name
from app.hours_words import DAYS, SPANS_A_DAY, Span, Week

DAY_LABELS = {
    "Mo": _l("Monday"),
    "Tu": _l("Tuesday"),
    "We": _l("Wednesday"),
    "Th": _l("Thursday"),
    "Fr": _l("Friday"),
    "Sa": _l("Saturday"),
    "Su": _l("Sunday"),
}
#: Languages offered as checkboxes (ISO 639-1, as the centre stores them): Welsh and the languages
#: most spoken in England and Wales after English (Census 2021), and any a centre already lists.
COMMON_LANGUAGES = (
    "cy", "pl", "ro", "pa", "ur", "pt", "es", "ar", "bn", "gu", "it", "lt", "zh", "fr", "ta", "tr",
    "so", "fa", "ps", "ti", "ku", "uk", "ru", "hi", "bg", "hu",
)  # fmt: skip
#: A time as people type it: 9, 9am, 9.30, 09:30, 5:30 pm, 17:30.
_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$")
END_OF_DAY = 24 * 60


def minutes(text: str, closing: bool) -> int | None:
    """Minutes after midnight for a typed time, or None if it is not one. "midnight" (or 00:00) as a
    closing time is the end of the day (24 * 60); "midday" and "noon" are 12:00."""
    value = " ".join(text.lower().split())
    if value in {"midday", "noon", "12 noon"}:
        return 12 * 60
    if value == "midnight":
        return END_OF_DAY if closing else 0
    match = _TIME.match(value)
    if not match:
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), (match.group(3) or "")[:1]
    if minute > 59 or (half and not 1 <= hour <= 12) or hour > 24 or (hour == 24 and minute):
        return None
    if half:
        hour = hour % 12 + (12 if half == "p" else 0)
    total = hour * 60 + minute
    return END_OF_DAY if closing and total in {0, END_OF_DAY} else (None if total == END_OF_DAY else total)


def as_text(value: time | None) -> str:
    """A stored time as the form shows it (24-hour, as typed most often): "09:00", "24:00"."""
    return "24:00" if value is None else f"{value:%H:%M}"


def _clock(total: int) -> time | None:
    return None if total >= END_OF_DAY else time(total // 60, total % 60)


class HoursForm(FlaskForm):
    """Per day: open or closed, and up to two openings (from–to); then bank holidays."""

    bank_holidays = RadioField(
        _l("Is the centre closed on bank holidays?"),
        widget=GovRadioInput(),
        choices=[("closed", _l("Yes, closed on bank holidays")), ("open", _l("No, open as usual"))],
        validators=[Optional()],
    )

    @classmethod
    def fields_of(cls, day: str) -> list[str]:
        return [f"{day}_{end}_{n}" for n in range(1, SPANS_A_DAY + 1) for end in ("from", "to")]

    def day(self, day: str) -> dict[str, Field]:
        """The fields of one day by name, for the template."""
        return {name.removeprefix(f"{day}_"): self[name] for name in [f"{day}_open", *self.fields_of(day)]}

    def fill(self, week: Week) -> None:
        for index, day in enumerate(DAYS):
            spans = week.days[index]
            self[f"{day}_open"].data = "open" if spans else "closed"
            for number, span in enumerate(spans[:SPANS_A_DAY], start=1):
                self[f"{day}_from_{number}"].data = as_text(span.start)
                self[f"{day}_to_{number}"].data = as_text(span.end)
        self.bank_holidays.data = "closed" if week.closed_on_bank_holidays else "open"

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        self.week: Week | None = None
        days = []
        for day in DAYS:
            spans = self._day_spans(day)
            ok = ok and spans is not None
            days.append(spans or ())
        if not self.bank_holidays.data:
            self.bank_holidays.errors = [
                *self.bank_holidays.errors,
                _l("Select whether the centre is closed on bank holidays"),
            ]
            ok = False
        if ok:
            self.week = Week(tuple(days), self.bank_holidays.data == "closed")
        return ok

    def _error(self, name: str, message: Any) -> None:
        field = self[name]
        field.errors = [*field.errors, message]

    def _day_spans(self, day: str) -> tuple[Span, ...] | None:
        """The day's openings, or None after adding its errors to the fields."""
        label = DAY_LABELS[day]
        typed = {name: (self[name].data or "").strip() for name in self.fields_of(day)}
        state = self[f"{day}_open"].data
        if state not in {"open", "closed"}:
            self._error(f"{day}_open", _l("Select whether the centre is open on %(day)s", day=label))
            return None
        if state == "closed":
            if any(typed.values()):
                self._error(
                    f"{day}_open",
                    _l("%(day)s is marked as closed: select open, or delete its times", day=label),
                )
                return None
            return ()
        spans: list[tuple[int, int]] = []
        for number in range(1, SPANS_A_DAY + 1):
            start_name, end_name = f"{day}_from_{number}", f"{day}_to_{number}"
            if number > 1 and not typed[start_name] and not typed[end_name]:
                continue
            found = self._span(label, number, start_name, end_name, typed)
            if found is None:
                return None
            if spans and found[0] < spans[-1][1]:
                self._error(
                    start_name,
                    _l("The second opening on %(day)s must start after the first one ends", day=label),
                )
                return None
            spans.append(found)
        return tuple(Span(_clock(start), _clock(end)) for start, end in spans)  # type: ignore[arg-type]

    def _span(
        self, label: Any, number: int, start_name: str, end_name: str, typed: dict
    ) -> tuple[int, int] | None:
        start = minutes(typed[start_name], closing=False) if typed[start_name] else None
        end = minutes(typed[end_name], closing=True) if typed[end_name] else None
        problem = False
        for name, value, when in ((start_name, start, "opens"), (end_name, end, "closes")):
            if not typed[name]:
                message = (
                    _l("Enter the time the centre opens on %(day)s", day=label)
                    if when == "opens"
                    else _l("Enter the time the centre closes on %(day)s", day=label)
                )
                self._error(name, message)
                problem = True
            elif value is None:
                self._error(name, _l("Enter a time on %(day)s like 9am, 5:30pm or 17:30", day=label))
                problem = True
        if problem or start is None or end is None:
            return None
        if end <= start:
            self._error(end_name, _l("The closing time on %(day)s must be after the opening time", day=label))
            return None
        return start, end


#: Each opening's two time fields: (name part, label of the day's first, label of a second opening).
_EDGES = (
    ("from", _l("Opens"), _l("Opens again (optional)")),
    ("to", _l("Closes"), _l("Closes again (optional)")),
)
for _day in DAYS:
    setattr(
        HoursForm,
        f"{_day}_open",
        RadioField(
            DAY_LABELS[_day],
            widget=GovRadioInput(),
            choices=[("open", _l("Open")), ("closed", _l("Closed all day"))],
            validators=[Optional()],
        ),
    )
    for _n in range(1, SPANS_A_DAY + 1):
        for _edge, _first, _again in _EDGES:
            setattr(
                HoursForm,
                f"{_day}_{_edge}_{_n}",
                StringField(
                    _first if _n == 1 else _again,
                    widget=GovTextInput(),
                    validators=[Optional(), Length(max=12)],
                ),
            )


class AccessForm(FlaskForm):
    accessibility = SelectMultipleField(
        _l("Access features"),
        widget=GovCheckboxesInput(),
        validators=[Optional()],
        choices=[(code, ACCESSIBILITY_LABELS[code]) for code in ACCESSIBILITY],
    )
    languages = SelectMultipleField(
        _l("Languages staff speak besides English"), widget=GovCheckboxesInput(), validators=[Optional()]
    )

    def set_languages(self, stored: list[str]) -> None:
        """Checkboxes for the common languages and any the centre lists already, by name."""
        codes = set(COMMON_LANGUAGES) | set(stored or [])
        self.languages.choices = sorted(((code, language_name(code)) for code in codes), key=lambda c: c[1])
