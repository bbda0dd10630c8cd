"""Who is reporting, why and what happened, and when: the first steps of the report."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, Field
from wtforms.validators import Optional, ValidationError

from app.report import rows as show
from app.report.answers import Answers
from app.report.fields import SHORT_LIMIT, Checkboxes, IncidentDateField, Radios, Required, Text
from app.report.rows import Row
from app.report.steps.base import StepForm
from app.report.vocab import INCIDENT_TYPES, PERIODS, ROLES, STRANDS, TIMES, WORKER, YES_NO_UNSURE


class RoleForm(StepForm):
    role = Radios(
        _l("Who are you in this report?"),
        choices=ROLES,
        validators=[Required(_l("Select who you are in this report"))],
    )

    def prepare(self, answers: Answers) -> None:
        """In an assisted report the person answering is the one being helped, never the centre's
        worker: the worker's own choice is not offered (the centre is recorded at sending instead)."""
        if answers.assisted:
            self.role.choices = [(value, label) for value, label in ROLES if value != WORKER]

    @classmethod
    def rows(cls, answers: Answers) -> list[Row]:
        return [Row(_("Who you are"), show.choice("role", answers.role), _("who you are in this report"))]


class WhyForm(StepForm):
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

    @classmethod
    def tidy(cls, answers: Answers) -> None:
        if "other" not in answers.strands:
            answers.strand_other = ""

    @classmethod
    def rows(cls, answers: Answers) -> list[Row]:
        value = show.choices("strands", answers.strands, answers.strand_other)
        return [Row(_("Why you think it happened"), value, _("why you think it happened"))]


class WhatForm(StepForm):
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

    @classmethod
    def tidy(cls, answers: Answers) -> None:
        if "other" not in answers.incident_types:
            answers.incident_other = ""

    @classmethod
    def rows(cls, answers: Answers) -> list[Row]:
        value = show.choices("incident_types", answers.incident_types, answers.incident_other)
        return [Row(_("What happened"), value, _("what happened"))]


class WhenForm(StepForm):
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

    def point_errors(self) -> None:
        """Point the error summary at the first wrong part of the date, not the group."""
        field = self.incident_date
        if field.errors:
            first = next((p for p in ("day", "month", "year") if p in field.wrong_parts), "day")
            field.id = f"{field.name}-{first}"

    @classmethod
    def tidy(cls, answers: Answers) -> None:
        if answers.date_unsure:
            answers.incident_date = None
        else:
            answers.approximate_period = None

    @classmethod
    def rows(cls, answers: Answers) -> list[Row]:
        if answers.incident_date:
            when = show.day(answers.incident_date)
        else:
            when = show.choice("approximate_period", answers.approximate_period)
        return [
            Row(_("When it happened"), when, _("when it happened")),
            Row(_("Time of day"), show.choice("time_of_day", answers.time_of_day), _("the time of day")),
            Row(
                _("Still happening"),
                show.choice("still_happening", answers.still_happening),
                _("whether it is still happening"),
            ),
        ]
