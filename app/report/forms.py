"""One WTForms class per step of the report; messages follow the GOV.UK Design System's wording."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import phonenumbers
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
from wtforms import BooleanField, Field, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, StopValidation, ValidationError

from app.geo.postcodes import parse_postcode

DESCRIPTION_LIMIT = 5000
SHORT_LIMIT = 500
NOTE_LIMIT = 2000
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# Choices: (stored value, label). Stored values never change; labels are translated.
ROLES = [
    ("victim", _l("The person it happened to")),
    ("witness", _l("Someone who saw or heard it (a witness)")),
    ("on_behalf", _l("Someone reporting for a family member, friend or person I care for")),
    ("worker", _l("A reporting centre or support worker reporting for a victim")),
]
STRANDS = [
    ("race", _l("Race or ethnicity")),
    ("religion", _l("Religion or belief")),
    ("disability", _l("Disability")),
    ("sexual_orientation", _l("Sexual orientation")),
    ("transgender", _l("Transgender identity")),
    ("other", _l("Something else")),
    ("not_sure", _l("I'm not sure")),
]
INCIDENT_TYPES = [
    ("physical", _l("Physical attack")),
    ("threats", _l("Threats or verbal abuse")),
    ("harassment", _l("Harassment")),
    ("online", _l("Online abuse")),
    ("damage", _l("Damage to property or graffiti")),
    ("theft", _l("Theft")),
    ("other", _l("Something else")),
]
PERIODS = [
    ("week", _l("In the last 7 days")),
    ("month", _l("In the last month")),
    ("six_months", _l("1 to 6 months ago")),
    ("year", _l("6 to 12 months ago")),
    ("over_year", _l("More than a year ago")),
]
TIMES = [
    ("morning", _l("Morning (6am to midday)")),
    ("afternoon", _l("Afternoon (midday to 6pm)")),
    ("evening", _l("Evening (6pm to midnight)")),
    ("night", _l("Night (midnight to 6am)")),
    ("not_sure", _l("I'm not sure")),
]
YES_NO_UNSURE = [("yes", _l("Yes")), ("no", _l("No")), ("not_sure", _l("I'm not sure"))]
YES_NO = [("yes", _l("Yes")), ("no", _l("No"))]
PLACES = [
    ("street", _l("In the street or another public place")),
    ("home", _l("At or near a home")),
    ("transport", _l("On public transport or at a station")),
    ("business", _l("In a shop or business")),
    ("education", _l("At a school, college or university")),
    ("work", _l("At work")),
    ("online", _l("Online, including social media")),
    ("other", _l("Somewhere else")),
]
INJURIES = [
    ("injured", _l("Yes, someone was hurt")),
    ("damage", _l("Yes, property was damaged")),
    ("both", _l("Yes, someone was hurt and property was damaged")),
    ("none", _l("No")),
    ("not_sure", _l("I'm not sure")),
]
COUNTS = [
    ("1", _l("1 person")),
    ("2", _l("2 people")),
    ("3-5", _l("3 to 5 people")),
    ("6+", _l("More than 5 people")),
    ("not_sure", _l("I'm not sure")),
]
CONTACT = [
    ("yes", _l("Yes, you can contact me")),
    ("anonymous", _l("No, I want to stay anonymous")),
]
INTERPRETER = [
    ("none", _l("No")),
    ("interpreter", _l("Yes, a spoken language interpreter")),
    ("bsl", _l("Yes, a British Sign Language (BSL) interpreter")),
]
POLICE_ACTION = [
    ("investigate", _l("Pass it to the police so they can investigate")),
    ("information", _l("Record it for information only")),
]
LABELS = {
    "role": dict(ROLES),
    "strands": dict(STRANDS),
    "incident_types": dict(INCIDENT_TYPES),
    "approximate_period": dict(PERIODS),
    "time_of_day": dict(TIMES),
    "place_kind": dict(PLACES),
    "injuries": dict(INJURIES),
    "offenders_count": dict(COUNTS),
    "contact": dict(CONTACT),
    "interpreter": dict(INTERPRETER),
    "police_action": dict(POLICE_ACTION),
}


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
        wrong = getattr(field, "wrong_parts", set())
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


# ---------------------------------------------------------------------------------------------------------
# Steps
# ---------------------------------------------------------------------------------------------------------


class RoleForm(FlaskForm):
    role = Radios(
        _l("Who are you in this report?"),
        choices=ROLES,
        validators=[Required(_l("Select who you are in this report"))],
    )


class WhyForm(FlaskForm):
    strands = Checkboxes(
        _l("Why do you think it happened?"),
        choices=STRANDS,
        description=_l(
            "Select all that apply. The person it happened to does not have to belong to the group"
        ),
        validators=[Required(_l("Select why you think it happened, or select ‘I'm not sure’"))],
    )
    strand_other = Text(
        _l("Say what"), description=_l("For example, sex or gender, or an alternative subculture")
    )

    def validate_strands(self, field: Field) -> None:
        if "not_sure" in field.data and len(field.data) > 1:
            raise ValidationError(_l("Select why you think it happened, or select ‘I'm not sure’, not both"))

    def validate_strand_other(self, field: Field) -> None:
        if "other" in (self.strands.data or []):
            if not field.data:
                raise ValidationError(_l("Say what else you think it was about"))
            if len(field.data) > SHORT_LIMIT:
                raise ValidationError(_l("What else it was about must be 500 characters or less"))


class WhatForm(FlaskForm):
    incident_types = Checkboxes(
        _l("What happened?"),
        choices=INCIDENT_TYPES,
        description=_l("Select all that apply"),
        validators=[Required(_l("Select what happened"))],
    )
    incident_other = Text(_l("Say what happened"))

    def validate_incident_other(self, field: Field) -> None:
        if "other" in (self.incident_types.data or []):
            if not field.data:
                raise ValidationError(_l("Say what else happened"))
            if len(field.data) > SHORT_LIMIT:
                raise ValidationError(_l("What else happened must be 500 characters or less"))


class WhenForm(FlaskForm):
    incident_date = IncidentDateField(_l("Date it happened"), description=_l("For example, 27 3 2025"))
    date_unsure = BooleanField(_l("I'm not sure of the exact date"))
    approximate_period = Radios(_l("Roughly when did it happen?"), choices=PERIODS)
    time_of_day = Radios(_l("What time of day was it? (optional)"), choices=TIMES, validators=[Optional()])
    still_happening = Radios(
        _l("Is it still happening?"),
        choices=YES_NO_UNSURE,
        validators=[Required(_l("Select yes if it is still happening"))],
    )

    def validate_incident_date(self, field: IncidentDateField) -> None:
        if self.date_unsure.data:
            field.data, field.wrong_parts = None, set()
            return
        problem = field.problem
        if problem == "empty":
            raise ValidationError(
                _l("Enter the date it happened, or select ‘I'm not sure of the exact date’")
            )
        if problem and problem.startswith("missing:"):
            missing = problem.split(":", 1)[1].split(",")
            words = {"day": _l("a day"), "month": _l("a month"), "year": _l("a year")}
            if len(missing) == 1:
                raise ValidationError(_l("Date it happened must include %(part)s", part=words[missing[0]]))
            raise ValidationError(
                _l(
                    "Date it happened must include %(first)s and %(second)s",
                    first=words[missing[0]],
                    second=words[missing[1]],
                )
            )
        if problem == "year":
            raise ValidationError(_l("Year must include 4 numbers"))
        if problem == "not_real" or field.data is None:
            raise ValidationError(_l("Date it happened must be a real date"))
        if field.data > date.today():
            field.wrong_parts = {"day", "month", "year"}
            raise ValidationError(_l("Date it happened must be today or in the past"))
        if field.data.year < 1900:
            field.wrong_parts = {"year"}
            raise ValidationError(_l("Date it happened must be a real date"))

    def validate_approximate_period(self, field: Field) -> None:
        if self.date_unsure.data and not field.data:
            raise ValidationError(_l("Select roughly when it happened"))

    def first_error_id(self) -> None:
        """Point the error summary at the first wrong part of the date, not the group."""
        field = self.incident_date
        if field.errors:
            first = next((p for p in ("day", "month", "year") if p in field.wrong_parts), "day")
            field.id = f"{field.name}-{first}"


class WhereForm(FlaskForm):
    place_kind = Radios(
        _l("Where did it happen?"),
        choices=PLACES,
        validators=[Required(_l("Select where it happened"))],
    )


class LocationForm(FlaskForm):
    postcode = Text(
        _l("Postcode (optional)"),
        description=_l("If you know it. For example, CH1 2AB"),
    )
    place_description = LongText(
        _l("Address or description of the place"),
        description=_l(
            "For example, the street name, a nearby landmark or the name of the shop or bus route"
        ),
    )

    def validate_postcode(self, field: Field) -> None:
        if field.data:
            postcode = parse_postcode(field.data)
            if postcode is None:
                raise ValidationError(_l("Enter a real postcode, like CH1 2AB, or leave it empty"))
            field.data = postcode.normalised

    def validate_place_description(self, field: Field) -> None:
        if not field.data and not self.postcode.data:
            raise ValidationError(_l("Enter a postcode, or describe where it happened"))
        if len(field.data) > SHORT_LIMIT:
            raise ValidationError(_l("Address or description must be 500 characters or less"))


class WebsiteForm(FlaskForm):
    website = Text(
        _l("Which website or app was it on?"),
        description=_l("For example, the name of the app, or the web address of the page"),
        validators=[
            Required(_l("Enter the website or app it happened on")),
            Length(max=SHORT_LIMIT, message=_l("Website or app must be 500 characters or less")),
        ],
    )


class DescribeForm(FlaskForm):
    description = Counted(
        _l("Describe what happened"),
        description=_l(
            "Say what happened, in your own words. Include what was said or done, if you can. "
            "You can use up to 5,000 characters"
        ),
        validators=[
            Required(_l("Describe what happened")),
            Length(max=DESCRIPTION_LIMIT, message=_l("Description must be 5,000 characters or less")),
        ],
    )


class InjuriesForm(FlaskForm):
    injuries = Radios(
        _l("Was anyone hurt, or was any property damaged?"),
        choices=INJURIES,
        validators=[Required(_l("Select if anyone was hurt or property was damaged"))],
    )
    injuries_detail = LongText(
        _l("Tell us about any injuries or damage (optional)"),
        validators=[
            Length(max=NOTE_LIMIT, message=_l("Injuries or damage must be 2,000 characters or less"))
        ],
    )


class PeopleForm(FlaskForm):
    offenders_known = Radios(
        _l("Do you know who did it? (optional)"), choices=YES_NO_UNSURE, validators=[Optional()]
    )
    offenders_count = Radios(
        _l("How many people did it? (optional)"), choices=COUNTS, validators=[Optional()]
    )
    offenders_description = LongText(
        _l("Describe them (optional)"),
        description=_l("For example, names if you know them, what they looked like or what they wore"),
        validators=[
            Length(max=NOTE_LIMIT, message=_l("Description of them must be 2,000 characters or less"))
        ],
    )
    offenders_vehicle = Text(
        _l("Vehicle (optional)"),
        description=_l("For example, the make, colour or number plate"),
        validators=[Length(max=SHORT_LIMIT, message=_l("Vehicle must be 500 characters or less"))],
    )


class WitnessesForm(FlaskForm):
    witnesses = Radios(
        _l("Did anyone else see or hear it? (optional)"), choices=YES_NO_UNSURE, validators=[Optional()]
    )
    witnesses_detail = LongText(
        _l("Tell us about them (optional)"),
        description=_l("For example, their names or how we could contact them"),
        validators=[Length(max=NOTE_LIMIT, message=_l("Witness details must be 2,000 characters or less"))],
    )


class ContactForm(FlaskForm):
    contact = Radios(
        _l("Can we contact you about this report?"),
        choices=CONTACT,
        validators=[Required(_l("Select if we can contact you or you want to stay anonymous"))],
    )


def valid_phone(value: str) -> str | None:
    """A UK (or +country) number in E.164 form, or None if it cannot be a real number."""
    try:
        number = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class ContactDetailsForm(FlaskForm):
    name = Text(
        _l("Your name (optional)"),
        description=_l("Or what you would like us to call you"),
        validators=[Length(max=200, message=_l("Name must be 200 characters or less"))],
    )
    email = Text(_l("Email address"), description=_l("Give an email address, a phone number or both"))
    phone = Text(
        _l("UK phone number"),
        description=_l("For example, 07700 900 982 or 01632 960 001"),
    )

    def validate_email(self, field: Field) -> None:
        if not field.data and not self.phone.data:
            raise ValidationError(_l("Enter an email address or a phone number"))
        if field.data and (len(field.data) > 254 or not EMAIL.match(field.data)):
            raise ValidationError(_l("Enter an email address in the correct format, like name@example.com"))

    def validate_phone(self, field: Field) -> None:
        if field.data:
            number = valid_phone(field.data)
            if number is None:
                raise ValidationError(
                    _l("Enter a phone number, like 07700 900 982, 01632 960 001 or +44 808 157 0192")
                )
            field.data = number


class ContactNeedsForm(FlaskForm):
    voicemail_ok = Radios(
        _l("Is it safe to leave you a voicemail? (optional)"), choices=YES_NO, validators=[Optional()]
    )
    email_ok = Radios(_l("Is it safe to email you? (optional)"), choices=YES_NO, validators=[Optional()])
    best_times = Text(
        _l("Best times to contact you (optional)"),
        description=_l("For example, weekdays after 5pm"),
        validators=[Length(max=SHORT_LIMIT, message=_l("Best times must be 500 characters or less"))],
    )
    language = Text(
        _l("Which language would you like us to use? (optional)"),
        validators=[Length(max=100, message=_l("Language must be 100 characters or less"))],
    )
    interpreter = Radios(
        _l("Do you need an interpreter? (optional)"), choices=INTERPRETER, validators=[Optional()]
    )
    access_needs = LongText(
        _l("Do you have any access needs? (optional)"),
        description=_l("For example, large print, an easy read version, or someone with you when we talk"),
        validators=[Length(max=NOTE_LIMIT, message=_l("Access needs must be 2,000 characters or less"))],
    )


class VictimConsentForm(FlaskForm):
    victim_agrees = Radios(
        _l("Does the person it happened to know about this report and agree to it?"),
        choices=YES_NO_UNSURE,
        validators=[Required(_l("Select yes if the person it happened to knows and agrees"))],
    )


class VictimContactForm(FlaskForm):
    victim_name = Text(
        _l("Their name (optional)"),
        validators=[Length(max=200, message=_l("Their name must be 200 characters or less"))],
    )
    victim_phone = Text(_l("Their UK phone number (optional)"))
    victim_email = Text(_l("Their email address (optional)"))

    def validate_victim_phone(self, field: Field) -> None:
        if field.data:
            number = valid_phone(field.data)
            if number is None:
                raise ValidationError(
                    _l("Enter their phone number, like 07700 900 982, 01632 960 001 or +44 808 157 0192")
                )
            field.data = number

    def validate_victim_email(self, field: Field) -> None:
        if field.data and (len(field.data) > 254 or not EMAIL.match(field.data)):
            raise ValidationError(
                _l("Enter their email address in the correct format, like name@example.com")
            )


class ConsentForm(FlaskForm):
    police_action = Radios(
        _l("What would you like to happen with this report?"),
        choices=POLICE_ACTION,
        validators=[
            Required(_l("Select if the police should investigate or record it for information only"))
        ],
    )
    support_contact = Radios(
        _l("Can a support organisation, such as Victim Support, contact you?"),
        choices=YES_NO,
        validators=[Required(_l("Select yes if a support organisation can contact you"))],
    )

    def adapt(self, anonymous: bool) -> None:
        """Nobody can contact an anonymous reporter, so the second question is not asked."""
        if anonymous:
            del self.support_contact


class SubmitForm(FlaskForm):
    """Send, delete or save: only the CSRF token, plus a honeypot that people never see."""

    nickname = StringField(_l("Leave this empty"))


class ResumeForm(FlaskForm):
    code = Text(
        _l("Enter your code"),
        description=_l("It has 8 letters and numbers, for example, 7KQ2-M9XD"),
        validators=[Required(_l("Enter the code you were given"))],
    )

    @staticmethod
    def wrong_code_message() -> str:
        return str(_l("That code is not right, or it has expired. Check it and try again"))


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
