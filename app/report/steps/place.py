"""Where it happened: the kind of place, then a postcode or description, or the website."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import Field
from wtforms.validators import Length, ValidationError

from app.geo.postcodes import parse_postcode
from app.report import places
from app.report import rows as show
from app.report.answers import Answers
from app.report.fields import SHORT_LIMIT, LongText, Radios, Required, Text
from app.report.rows import Row
from app.report.steps.base import StepForm
from app.report.vocab import PLACES


class WhereForm(StepForm):
    place_kind = Radios(
        _l("Where did it happen?"),
        choices=PLACES,
        validators=[Required(_l("Select where it happened"))],
    )

    @classmethod
    def rows(cls, answers: Answers) -> list[Row]:
        return [
            Row(_("Kind of place"), show.choice("place_kind", answers.place_kind), _("the kind of place"))
        ]


class LocationForm(StepForm):
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

    def save(self, answers: Answers, names: tuple[str, ...]) -> None:
        super().save(answers, names)
        places.locate(answers)

    @classmethod
    def tidy(cls, answers: Answers) -> None:
        if answers.place_kind == "online" or not answers.postcode:
            places.forget(answers)

    @classmethod
    def rows(cls, answers: Answers) -> list[Row]:
        return [
            Row(_("Postcode"), show.text(answers.postcode), _("the postcode")),
            Row(
                _("Address or description"),
                show.text(answers.place_description),
                _("the address or description"),
            ),
        ]


class WebsiteForm(StepForm):
    website = Text(
        _l("Which website or app was it on?"),
        description=_l("For example, the name of the app, or the web address of the page"),
        validators=[
            Required(_l("Enter the website or app it happened on")),
            Length(max=SHORT_LIMIT, message=_l("Website or app must be 500 characters or less")),
        ],
    )

    @classmethod
    def rows(cls, answers: Answers) -> list[Row]:
        return [Row(_("Website or app"), show.text(answers.website), _("the website or app"))]
