"""The /support filter form: a GET form (no CSRF), so every search has a URL that can be shared."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovCheckboxInput, GovSelect, GovTextInput
from wtforms import BooleanField, HiddenField, SelectField, SelectMultipleField, StringField
from wtforms.validators import Length, Optional, ValidationError

from app.directory import vocab


class ChoiceField(SelectField):
    """A select whose "not one of the choices" message is ours, so it is translated."""

    def __init__(self, *args: object, invalid: str = "", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.invalid = invalid

    def pre_validate(self, form: object) -> None:
        if self.data and self.data not in {value for value, _label in self.choices or []}:
            raise ValidationError(str(self.invalid))


class ChoicesField(SelectMultipleField):
    """Checkboxes whose "not one of the choices" message is ours, so it is translated."""

    def __init__(self, *args: object, invalid: str = "", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.invalid = invalid

    def pre_validate(self, form: object) -> None:
        known = {value for value, _label in self.choices or []}
        if any(value not in known for value in self.data or []):
            raise ValidationError(str(self.invalid))


class SupportFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a search changes nothing

    q = StringField(
        _l("Search words (optional)"),
        widget=GovTextInput(),
        validators=[Optional(), Length(max=100, message=_l("Enter search words of 100 characters or fewer"))],
        description=_l("For example, a name or a kind of help, like counselling."),
    )
    type = ChoicesField(
        _l("Type of support"),
        widget=GovCheckboxesInput(),
        validators=[Optional()],
        invalid=_l("Choose types of support from the list"),
    )
    strand = ChoiceField(
        _l("Support for"),
        widget=GovSelect(),
        validators=[Optional()],
        invalid=_l("Choose who the support is for from the list"),
    )
    language = ChoiceField(
        _l("Language"),
        widget=GovSelect(),
        validators=[Optional()],
        invalid=_l("Choose a language from the list"),
    )
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
        """Offer what some service has, so no choice leads to an empty page by itself; and keep a known
        value the search already asks for, so a shared link still works when the data change."""
        asked_types = set(self.type.data or [])
        self.type.choices = [
            (code, str(vocab.SUPPORT_TYPES[code]))
            for code in vocab.SUPPORT_TYPES
            if code in support_types or code in asked_types
        ]
        self.strand.choices = [("", str(_l("Any")))] + [
            (code, str(vocab.STRANDS[code]))
            for code in vocab.STRANDS
            if code in strands or code == self.strand.data
        ]
        if (
            self.language.data
            and vocab.is_language(self.language.data)
            and self.language.data not in languages
        ):
            languages = [*languages, self.language.data]
        named = sorted(((code, vocab.language_name(code)) for code in languages), key=lambda pair: pair[1])
        self.language.choices = [("", str(_l("Any")))] + named
