"""The /support filter form: a GET form (no CSRF), so every search has a URL that can be shared."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovCheckboxInput, GovSelect, GovTextInput
from wtforms import BooleanField, HiddenField, SelectField, SelectMultipleField, StringField
from wtforms.validators import Length, Optional

from app.directory import vocab


class SupportFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a search changes nothing

    type = SelectMultipleField(_l("Type of support"), widget=GovCheckboxesInput(), validators=[Optional()])
    strand = SelectField(_l("Support for"), widget=GovSelect(), validators=[Optional()])
    language = SelectField(_l("Language"), widget=GovSelect(), validators=[Optional()])
    where = StringField(
        _l("Near a postcode or place (optional)"),
        widget=GovTextInput(),
        validators=[
            Optional(),
            Length(max=100, message=_l("Enter a postcode or place of 100 characters or fewer")),
        ],
        description=_l("For example, CH1 2HS or Chester. Leave it empty to see services for anywhere."),
    )
    lat = HiddenField()
    lon = HiddenField()
    open_now = BooleanField(_l("Open now"), widget=GovCheckboxInput(), validators=[Optional()])
    anonymous = BooleanField(
        _l("I can contact them without giving my name"), widget=GovCheckboxInput(), validators=[Optional()]
    )

    def set_choices(self, support_types: list[str], strands: list[str], languages: list[str]) -> None:
        """Offer only what some service has, so no choice leads to an empty page by itself."""
        self.type.choices = [
            (code, str(vocab.SUPPORT_TYPES[code])) for code in vocab.SUPPORT_TYPES if code in support_types
        ]
        self.strand.choices = [("", str(_l("Any")))] + [
            (code, str(vocab.STRANDS[code])) for code in vocab.STRANDS if code in strands
        ]
        named = sorted(((code, vocab.language_name(code)) for code in languages), key=lambda pair: pair[1])
        self.language.choices = [("", str(_l("Any")))] + named
