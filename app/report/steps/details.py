"""The person's own account: description, injuries or damage, the people responsible, witnesses."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.validators import Length, Optional

from app.report import rows as show
from app.report.answers import Answers
from app.report.fields import (
    DESCRIPTION_LIMIT,
    NOTE_LIMIT,
    SHORT_LIMIT,
    Counted,
    LongText,
    Radios,
    Required,
    Text,
    count_messages,
)
from app.report.rows import Row
from app.report.steps.base import StepForm
from app.report.vocab import COUNTS, INJURIES, YES_NO_UNSURE


class DescribeForm(StepForm):
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

    @classmethod
    def extra_context(cls) -> dict[str, Any]:
        return {"limit": DESCRIPTION_LIMIT, "count_messages": count_messages()}

    @classmethod
    def rows(cls, answers: Answers) -> list[Row]:
        return [Row(_("What happened, in your words"), show.text(answers.description), _("your description"))]


class InjuriesForm(StepForm):
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

    @classmethod
    def rows(cls, answers: Answers) -> list[Row]:
        return [
            Row(_("Injuries or damage"), show.choice("injuries", answers.injuries), _("injuries or damage")),
            Row(
                _("About the injuries or damage"),
                show.text(answers.injuries_detail),
                _("details of injuries or damage"),
            ),
        ]


class PeopleForm(StepForm):
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

    @classmethod
    def rows(cls, answers: Answers) -> list[Row]:
        return [
            Row(
                _("Know who did it"),
                show.choice("offenders_known", answers.offenders_known),
                _("whether you know who did it"),
            ),
            Row(
                _("How many people"),
                show.choice("offenders_count", answers.offenders_count),
                _("how many people did it"),
            ),
            Row(
                _("What they were like"),
                show.text(answers.offenders_description),
                _("the description of the people responsible"),
            ),
            Row(_("Vehicle"), show.text(answers.offenders_vehicle), _("the vehicle")),
        ]


class WitnessesForm(StepForm):
    witnesses = Radios(
        _l("Did anyone else see or hear it? (optional)"), choices=YES_NO_UNSURE, validators=[Optional()]
    )
    witnesses_detail = LongText(
        _l("Tell us about them (optional)"),
        description=_l("For example, their names or how we could contact them"),
        validators=[Length(max=NOTE_LIMIT, message=_l("Witness details must be 2,000 characters or less"))],
    )

    @classmethod
    def rows(cls, answers: Answers) -> list[Row]:
        return [
            Row(
                _("Anyone else saw or heard it"), show.choice("witnesses", answers.witnesses), _("witnesses")
            ),
            Row(_("About the witnesses"), show.text(answers.witnesses_detail), _("details of witnesses")),
        ]
