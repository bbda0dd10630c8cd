"""Field types of the report's forms: GOV.UK widgets, tidy text, a forgiving date and the character count."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxInput,
    GovDateInput,
    GovRadioInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import Field, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, StopValidation

DESCRIPTION_LIMIT = 5000
SHORT_LIMIT = 500
NOTE_LIMIT = 2000


def clean(value: str | None) -> str:
    """Trim what people type; collapse stray runs of spaces but keep line breaks."""
    return re.sub(r"[ \t]+", " ", (value or "").replace("\r\n", "\n")).strip()


class Text(StringField):
    widget = GovTextInput()

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = clean(valuelist[0]) if valuelist else ""


class LongText(TextAreaField):
    widget = GovTextArea()

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = clean(valuelist[0]) if valuelist else ""


class Counted(LongText):
    widget = GovCharacterCount()


class Radios(RadioField):
    widget = GovRadioInput()

    def pre_validate(self, form: FlaskForm) -> None:
        # Nothing selected is for the validators to judge (required or optional), not "not a valid choice".
        if self.data is not None:
            super().pre_validate(form)


class Checkboxes(SelectMultipleField):
    widget = GovCheckboxInput()


class Required(InputRequired):
    """InputRequired, but with no ``required`` attribute: GOV.UK turns off browser validation."""

    field_flags: dict[str, Any] = {}

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if not field.data:
            field.errors[:] = []
            raise StopValidation(self.message)


class LocalisedDateInput(GovDateInput):
    """GOV.UK date input with translated part labels; highlights only the parts that are wrong."""

    def map_gov_params(self, field: Field, **kwargs: Any) -> dict[str, Any]:
        day, month, year = (list(field.raw_data) + ["", "", ""])[:3] if field.raw_data else ("", "", "")
        if not field.raw_data and field.data:
            day, month, year = str(field.data.day), str(field.data.month), str(field.data.year)
        wrong: set[str] = getattr(field, "wrong_parts", set())
        parts = [("day", _l("Day"), day, 2), ("month", _l("Month"), month, 2), ("year", _l("Year"), year, 4)]
        kwargs.setdefault("params", {})["items"] = [
            {
                "label": str(label),
                "id": f"{field.name}-{part}",
                "name": f"{field.name}-{part}",
                "classes": f"govuk-input--width-{width}" + (" govuk-input--error" if part in wrong else ""),
                "value": value,
                "inputmode": "numeric",
            }
            for part, label, value, width in parts
        ]
        params = super().map_gov_params(field, **kwargs)
        params["id"] = field.name
        return params


MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january", "ionawr"),
            ("feb", "february", "chwefror"),
            ("mar", "march", "mawrth"),
            ("apr", "april", "ebrill"),
            ("may", "mai"),
            ("jun", "june", "mehefin"),
            ("jul", "july", "gorffennaf"),
            ("aug", "august", "awst"),
            ("sep", "sept", "september", "medi"),
            ("oct", "october", "hydref"),
            ("nov", "november", "tachwedd"),
            ("dec", "december", "rhagfyr"),
        ],
        start=1,
    )
    for name in names
}


class IncidentDateField(Field):
    """Day, month and year in three inputs (``<name>-day`` …); month names are accepted too."""

    widget = LocalisedDateInput()

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        super().__init__(label, validators, **kwargs)
        self.wrong_parts: set[str] = set()
        self.problem: str | None = None

    def process(self, formdata: Any, data: Any = None, extra_filters: Any = None) -> None:
        super().process(None, data, extra_filters)
        self.raw_data = None
        if formdata is not None:
            parts = [clean(formdata.get(f"{self.name}-{p}", "")) for p in ("day", "month", "year")]
            self.raw_data = parts
            self.data = self._parse(*parts)

    def _parse(self, day: str, month: str, year: str) -> date | None:
        missing = [name for name, value in (("day", day), ("month", month), ("year", year)) if not value]
        if len(missing) == 3:
            self.problem = "empty"
            return None
        if missing:
            self.problem = "missing:" + ",".join(missing)
            self.wrong_parts = set(missing)
            return None
        month_number = MONTHS.get(month.lower().rstrip("."))
        try:
            d = int(day)
            m = month_number or int(month)
            y = int(year)
        except ValueError:
            self.problem = "not_real"
            self.wrong_parts = {"day", "month", "year"}
            return None
        if len(year) != 4:
            self.problem = "year"
            self.wrong_parts = {"year"}
            return None
        try:
            return date(y, m, d)
        except ValueError:
            self.problem = "not_real"
            self.wrong_parts = {
                p for p, ok in (("day", 1 <= d <= 31), ("month", 1 <= m <= 12)) if not ok
            } or {
                "day",
                "month",
                "year",
            }
            return None

    def _value(self) -> str:
        return self.data.isoformat() if self.data else ""


def count_messages() -> dict[str, Any]:
    """The character count's live messages, translated (GOV.UK Frontend fills in ``%{count}``)."""
    from flask_babel import gettext as _

    return {
        "textareaDescriptionText": _("You can enter up to %{count} characters"),
        "charactersUnderLimitText": {
            "one": _("You have %{count} character remaining"),
            "other": _("You have %{count} characters remaining"),
        },
        "charactersAtLimitText": _("You have 0 characters remaining"),
        "charactersOverLimitText": {
            "one": _("You have %{count} character too many"),
            "other": _("You have %{count} characters too many"),
        },
    }
