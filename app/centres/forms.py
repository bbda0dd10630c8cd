"""The finder's one GET form: postcode or place, optional distance and filters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovSelect, GovSubmitInput, GovTextInput
from wtforms import HiddenField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

METRES_PER_MILE = 1609.344
RADIUS_MILES = ("1", "3", "5", "10", "25")
RESULTS = 10


class FinderForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField(
        _l("Postcode, town or city"),
        description=_l("For example, CH1 2HS or Chester"),
        validators=[Optional(), Length(max=100)],
        widget=GovTextInput(),
    )
    radius = SelectField(_l("Distance"), validators=[Optional()], widget=GovSelect())
    filters = SelectMultipleField(
        _l("Only show centres that"),
        description=_l("Select all that apply."),
        choices=[
            SelectChoice("open-now", _l("are open now")),
            SelectChoice("step-free", _l("have step-free access")),
        ],
        validators=[Optional()],
        widget=GovCheckboxesInput(),
    )
    language = SelectField(_l("Staff speak"), validators=[Optional()], widget=GovSelect())
    lat = HiddenField()
    lon = HiddenField()
    # Set by "Use my location" (locate.js submits with this button), so stale coordinates left in the
    # hidden fields never override a postcode typed afterwards.
    near = SubmitField(_l("Use my location"), widget=GovSubmitInput())
    search = SubmitField(_l("Search"), widget=GovSubmitInput())

    def set_choices(self, languages: list[tuple[str, str]]) -> None:
        self.radius.choices = [SelectChoice("", _l("Any distance"))] + [
            SelectChoice(
                miles, _l("Within %(miles)s miles", miles=miles) if miles != "1" else _l("Within 1 mile")
            )
            for miles in RADIUS_MILES
        ]
        self.language.choices = [SelectChoice("", _l("Any language"))] + [
            SelectChoice(code, name) for code, name in languages
        ]

    @property
    def radius_metres(self) -> float | None:
        return float(self.radius.data) * METRES_PER_MILE if self.radius.data in RADIUS_MILES else None

    def wants(self, name: str) -> bool:
        return name in (self.filters.data or [])

    @property
    def use_location(self) -> bool:
        """Coordinates count when the location button sent them, or when nothing was typed."""
        return bool(self.near.data) or not (self.q.data or "").strip()
