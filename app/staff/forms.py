"""Forms of the staff area: sign-in, account, triage, filters, users, centres, services and imports."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovCheckboxInput,
    GovFileInput,
    GovPasswordInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    DateField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from app.centres.models import ACCESSIBILITY, SERVICES
from app.centres.vocab import ACCESSIBILITY_LABELS, SERVICE_LABELS, is_language_code
from app.directory.models import STATUSES as SERVICE_STATUSES
from app.directory.vocab import STATUS_LABELS as DIRECTORY_STATUS_LABELS
from app.report.vocab import INCIDENT_TYPES, STRANDS
from app.staff import auth
from app.validation import is_email

ROLE_LABELS = {
    "admin": _l("Administrator: users, areas and all reports"),
    "reviewer": _l("Reviewer: reports of their areas"),
    "editor": _l("Editor: reporting centres and the support directory"),
    "centre": _l("Centre worker: assisted reports and their centre's listing"),
}
STATUS_LABELS = {
    "new": _l("New"),
    "in_review": _l("In review"),
    "referred_police": _l("Referred to police"),
    "referred_support": _l("Referred to support"),
    "closed": _l("Closed"),
}
NOTE_LIMIT = 2000


def _any(choices: list[tuple[str, Any]]) -> list[tuple[str, str]]:
    return [("", str(_l("Any")))] + [(value, str(label)) for value, label in choices]


class SignInForm(FlaskForm):
    email = StringField(
        _l("Email address"),
        widget=GovTextInput(),
        validators=[InputRequired(message=_l("Enter your email address")), Length(max=320)],
    )
    password = PasswordField(
        _l("Password"),
        widget=GovPasswordInput(),
        validators=[InputRequired(message=_l("Enter your password")), Length(max=1000)],
    )


class CodeForm(FlaskForm):
    code = StringField(
        _l("Security code"),
        widget=GovTextInput(),
        description=_l("The 6-digit code from your authenticator app."),
        validators=[InputRequired(message=_l("Enter the 6-digit security code"))],
    )

    def validate_code(self, field: StringField) -> None:
        digits = "".join((field.data or "").split())
        if not (digits.isdigit() and len(digits) == 6):
            raise ValidationError(_l("Enter the security code as 6 digits"))


RECOVERY_PATTERN = re.compile(r"^[a-z0-9]{5}-?[a-z0-9]{5}$")


class SignInCodeForm(CodeForm):
    """The code at sign-in: from the authenticator app, or one of the user's recovery codes."""

    code = StringField(
        _l("Security code"),
        widget=GovTextInput(),
        description=_l("The 6-digit code from your authenticator app, or one of your recovery codes."),
        validators=[InputRequired(message=_l("Enter the 6-digit security code"))],
    )

    def validate_code(self, field: StringField) -> None:
        if RECOVERY_PATTERN.match("".join((field.data or "").lower().split())):
            return
        super().validate_code(field)


class PasswordForm(FlaskForm):
    current = PasswordField(
        _l("Current password"),
        widget=GovPasswordInput(),
        validators=[InputRequired(message=_l("Enter your current password"))],
    )
    new = PasswordField(
        _l("New password"),
        widget=GovPasswordInput(),
        description=_l("At least 12 characters. A few random words together make a good password."),
        validators=[InputRequired(message=_l("Enter a new password")), Length(max=1000)],
    )

    def __init__(self, *args: Any, email: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def validate_new(self, field: PasswordField) -> None:
        if field.data == self.current.data:
            raise ValidationError(_l("Choose a password different from your current one"))
        if problem := auth.password_problem(field.data or "", self.email):
            raise ValidationError(problem)


class ConfirmForm(FlaskForm):
    """A form with only a button (sign out, confirm still correct, deactivate...)."""


class FilterDateField(DateField):
    """A date typed as YYYY-MM-DD, with our own translated message when it is not a real date."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(
                _l("%(label)s must be a real date, like 2026-01-31", label=self.label.text)
            ) from error


class ReportFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    reference = StringField(
        _l("Reference"),
        widget=GovTextInput(),
        description=_l("For example, HC-7KQD-M2PX"),
        validators=[Optional(), Length(max=20)],
    )
    sort = SelectField(
        _l("Order"),
        widget=GovSelect(),
        choices=[("", _l("Newest first")), ("oldest", _l("Oldest first"))],
        validators=[Optional()],
    )
    status = SelectField(_l("Status"), widget=GovSelect(), validators=[Optional()])
    strand = SelectField(_l("Reason"), widget=GovSelect(), validators=[Optional()])
    incident_type = SelectField(_l("What happened"), widget=GovSelect(), validators=[Optional()])
    area = SelectField(_l("Area"), widget=GovSelect(), validators=[Optional()])
    received_from = FilterDateField(
        _l("Received from"),
        widget=GovTextInput(),
        validators=[Optional()],
        format="%Y-%m-%d",
        description=_l("For example, 2026-01-31"),
    )
    received_to = FilterDateField(
        _l("Received up to"),
        widget=GovTextInput(),
        validators=[Optional()],
        format="%Y-%m-%d",
        description=_l("For example, 2026-12-31"),
    )
    mine = BooleanField(_l("Only reports assigned to me"), widget=GovCheckboxInput(), validators=[Optional()])
    unrouted = BooleanField(
        _l("Only reports outside every area"), widget=GovCheckboxInput(), validators=[Optional()]
    )

    def set_choices(self, areas: list[tuple[int, str]]) -> None:
        self.status.choices = _any(list(STATUS_LABELS.items()))
        self.strand.choices = _any(STRANDS)
        self.incident_type.choices = _any(INCIDENT_TYPES)
        self.area.choices = _any([(str(area_id), name) for area_id, name in areas])


class ReferralForm(FlaskForm):
    """Sent with the status when a report is referred to the police."""

    # No Optional(): it would stop the chain before validate_force can require it for a referral.
    force = StringField(_l("Police force"), widget=GovTextInput(), validators=[Length(max=200)])
    crime_reference = StringField(
        _l("Crime or URN number (optional)"), widget=GovTextInput(), validators=[Optional(), Length(max=40)]
    )
    reason = TextAreaField(
        _l("Why it is referred although the reporter asked for information only"),
        widget=GovTextArea(),
        validators=[Optional(), Length(max=NOTE_LIMIT)],
    )


class StatusForm(ReferralForm):
    status = RadioField(
        _l("Status"),
        widget=GovRadioInput(),
        choices=[(key, label) for key, label in STATUS_LABELS.items()],
        validators=[InputRequired(message=_l("Select a status"))],
    )

    def validate_force(self, field: StringField) -> None:
        if self.status.data == "referred_police" and not (field.data or "").strip():
            raise ValidationError(_l("Enter the police force the report is referred to"))


class NoteForm(FlaskForm):
    note = TextAreaField(
        _l("Add an internal note"),
        widget=GovCharacterCount(),
        description=_l(
            "Only staff who can see this report can read notes. Do not copy the report into a note."
        ),
        validators=[
            InputRequired(message=_l("Enter a note")),
            Length(max=NOTE_LIMIT, message=_l("Note must be 2,000 characters or fewer")),
        ],
    )


class AssignForm(FlaskForm):
    assignee = SelectField(_l("Assigned to"), widget=GovSelect(), validators=[Optional()])


class ReauthForm(FlaskForm):
    """Your password again, before a personal-data export."""

    password = PasswordField(
        _l("Your password"),
        widget=GovPasswordInput(),
        validators=[InputRequired(message=_l("Enter your password")), Length(max=1000)],
    )


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    action = SelectField(_l("Action"), widget=GovSelect(), validators=[Optional()])
    actor = SelectField(_l("Staff member"), widget=GovSelect(), validators=[Optional()])
    record = StringField(_l("Record id"), widget=GovTextInput(), validators=[Optional(), Length(max=64)])
    since = DateField(
        _l("From"),
        widget=GovTextInput(),
        validators=[Optional()],
        format="%Y-%m-%d",
        description=_l("For example, 2026-01-31"),
    )
    until = DateField(
        _l("Up to"),
        widget=GovTextInput(),
        validators=[Optional()],
        format="%Y-%m-%d",
        description=_l("For example, 2026-12-31"),
    )


class UserForm(FlaskForm):
    email = StringField(
        _l("Email address"),
        widget=GovTextInput(),
        validators=[InputRequired(message=_l("Enter an email address")), Length(max=320)],
    )
    role = RadioField(
        _l("Role"),
        widget=GovRadioInput(),
        choices=list(ROLE_LABELS.items()),
        validators=[InputRequired(message=_l("Select a role"))],
    )
    areas = SelectMultipleField(_l("Areas"), widget=GovCheckboxesInput(), coerce=int, validators=[Optional()])
    centre = SelectField(
        _l("Reporting centre"),
        widget=GovSelect(),
        description=_l("Needed only for a centre worker: the one centre they work at."),
        # No Optional(): it would stop the chain before validate_centre can require it for a centre worker.
        validate_choice=False,
    )
    active = BooleanField(_l("Can sign in"), widget=GovCheckboxInput(), default=True, validators=[Optional()])
    your_password = PasswordField(
        _l("Your password"),
        widget=GovPasswordInput(),
        description=_l("Needed only when you make someone an administrator."),
        validators=[Optional(), Length(max=1000)],
    )

    def validate_email(self, field: StringField) -> None:
        if not is_email(field.data):
            raise ValidationError(_l("Enter an email address in the correct format, like name@example.com"))

    def validate_areas(self, field: SelectMultipleField) -> None:
        if self.role.data == "reviewer" and not field.data:
            raise ValidationError(_l("Select at least one area for a reviewer"))

    def validate_centre(self, field: SelectField) -> None:
        if self.role.data == "centre" and not field.data:
            raise ValidationError(_l("Select the reporting centre this person works at"))
        if field.data and field.data not in {str(value) for value, _label in field.choices or []}:
            raise ValidationError(_l("Select a reporting centre from the list"))

    def centre_id(self) -> int | None:
        return int(self.centre.data) if self.role.data == "centre" and self.centre.data else None


class CentreForm(FlaskForm):
    name = StringField(
        _l("Name"),
        widget=GovTextInput(),
        validators=[InputRequired(message=_l("Enter the centre's name")), Length(max=200)],
    )
    address = TextAreaField(
        _l("Address"),
        widget=GovTextArea(),
        description=_l("One line each, without town and postcode."),
        validators=[Optional(), Length(max=500)],
    )
    town = StringField(_l("Town or city"), widget=GovTextInput(), validators=[Optional(), Length(max=100)])
    postcode = StringField(
        _l("Postcode"),
        widget=GovTextInput(),
        description=_l("Used to place the centre on the map."),
        validators=[InputRequired(message=_l("Enter the postcode")), Length(max=10)],
    )
    phone = StringField(_l("Phone number"), widget=GovTextInput(), validators=[Optional(), Length(max=40)])
    email = StringField(_l("Email address"), widget=GovTextInput(), validators=[Optional(), Length(max=200)])
    website = StringField(_l("Website"), widget=GovTextInput(), validators=[Optional(), Length(max=300)])
    opening_hours = StringField(
        _l("Opening hours"),
        widget=GovTextInput(),
        description=_l("In OpenStreetMap form, for example: Mo-Fr 09:00-17:00; Sa 10:00-12:00; PH off"),
        validators=[Optional(), Length(max=500)],
    )
    hours_note = StringField(
        _l("Note about hours (optional)"), widget=GovTextInput(), validators=[Optional(), Length(max=300)]
    )
    accessibility = SelectMultipleField(
        _l("Accessibility"),
        widget=GovCheckboxesInput(),
        validators=[Optional()],
        choices=[(code, ACCESSIBILITY_LABELS[code]) for code in ACCESSIBILITY],
    )
    services = SelectMultipleField(
        _l("What the centre offers"),
        widget=GovCheckboxesInput(),
        validators=[Optional()],
        choices=[(code, SERVICE_LABELS[code]) for code in SERVICES],
    )
    languages = StringField(
        _l("Languages besides English"),
        widget=GovTextInput(),
        description=_l("Two-letter codes separated by commas, for example: cy, pl, ur"),
        validators=[Optional(), Length(max=100)],
    )

    def validate_opening_hours(self, field: StringField) -> None:
        from app import hours

        if field.data and (problem := hours.problem(field.data.strip())):
            raise ValidationError(
                _l("Opening hours are not in a form we understand: %(problem)s", problem=problem)
            )

    def validate_email(self, field: StringField) -> None:
        if field.data and not is_email(field.data):
            raise ValidationError(_l("Enter an email address in the correct format, like name@example.com"))

    def validate_website(self, field: StringField) -> None:
        if field.data and not field.data.strip().startswith(("https://", "http://")):
            raise ValidationError(_l("Enter a web address starting with https://"))

    def validate_languages(self, field: StringField) -> None:
        for code in self.language_codes():
            if not is_language_code(code):
                raise ValidationError(_l("%(code)s is not a two-letter language code", code=code))

    def language_codes(self) -> list[str]:
        return sorted(
            {code.strip().lower() for code in re.split(r"[,;\s]+", self.languages.data or "") if code.strip()}
        )


class ServiceForm(FlaskForm):
    name = StringField(
        _l("Name"),
        widget=GovTextInput(),
        validators=[InputRequired(message=_l("Enter the service's name")), Length(max=300)],
    )
    description = TextAreaField(
        _l("Description"), widget=GovTextArea(), validators=[Optional(), Length(max=5000)]
    )
    eligibility = TextAreaField(
        _l("Who it is for"), widget=GovTextArea(), validators=[Optional(), Length(max=2000)]
    )
    status = RadioField(
        _l("Status"),
        widget=GovRadioInput(),
        choices=[(status, DIRECTORY_STATUS_LABELS[status]) for status in SERVICE_STATUSES],
        validators=[InputRequired(message=_l("Select a status"))],
    )


class ImportForm(FlaskForm):
    file = FileField(
        _l("File"),
        widget=GovFileInput(),
        validators=[FileRequired(message=_l("Select a file"))],
    )


class DateRangeForm(FlaskForm):
    class Meta:
        csrf = False

    area = SelectField(_l("Area"), widget=GovSelect(), validators=[Optional()])
    months = SelectField(
        _l("Period"),
        widget=GovSelect(),
        validators=[Optional()],
        choices=[("12", _l("Last 12 months")), ("24", _l("Last 24 months")), ("6", _l("Last 6 months"))],
    )
