"""Contact and consent: whether and how to contact the reporter (or the victim), and what happens next."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from wtforms import Field
from wtforms.validators import Length, Optional, ValidationError

from app import validation
from app.report import rows as show
from app.report.answers import Answers
from app.report.fields import NOTE_LIMIT, SHORT_LIMIT, LongText, Radios, Required, Text
from app.report.rows import Row
from app.report.steps.base import StepForm
from app.report.vocab import CONTACT, INTERPRETER, POLICE_ACTION, YES_NO, YES_NO_UNSURE

PHONE_MESSAGE = _l("Enter a phone number, like 07700 900 982, 01632 960 001 or +44 808 157 0192")
THEIR_PHONE_MESSAGE = _l("Enter their phone number, like 07700 900 982, 01632 960 001 or +44 808 157 0192")
EMAIL_MESSAGE = _l("Enter an email address in the correct format, like name@example.com")
THEIR_EMAIL_MESSAGE = _l("Enter their email address in the correct format, like name@example.com")


def checked_phone(field: Field, message: object) -> None:
    """Keep a possible number in E.164 form (shown back in national format), or refuse it."""
    if field.data:
        number = validation.phone_e164(field.data)
        if number is None:
            raise ValidationError(str(message))
        field.data = number


def checked_email(field: Field, message: object) -> None:
    if field.data:
        address = validation.normalise_email(field.data)
        if address is None:
            raise ValidationError(str(message))
        field.data = address


def phone_row(value: str) -> Markup:
    return show.text(validation.phone_for_display(value) if value else None)


class ContactForm(StepForm):
    section = "contacting"

    contact = Radios(
        _l("Can we contact you about this report?"),
        choices=CONTACT,
        validators=[Required(_l("Select if we can contact you or you want to stay anonymous"))],
    )

    @classmethod
    def rows(cls, answers: Answers) -> list[Row]:
        return [
            Row(
                _("Contact or anonymous"),
                show.choice("contact", answers.contact),
                _("whether we can contact you"),
            )
        ]


class ContactDetailsForm(StepForm):
    section = "contacting"

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
        checked_email(field, EMAIL_MESSAGE)

    def validate_phone(self, field: Field) -> None:
        checked_phone(field, PHONE_MESSAGE)

    @classmethod
    def rows(cls, answers: Answers) -> list[Row]:
        return [
            Row(_("Name"), show.text(answers.name), _("your name")),
            Row(_("Email address"), show.text(answers.email), _("your email address")),
            Row(_("Phone number"), phone_row(answers.phone), _("your phone number")),
        ]


class ContactNeedsForm(StepForm):
    section = "contacting"

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

    @classmethod
    def rows(cls, answers: Answers) -> list[Row]:
        a = answers
        return [
            Row(
                _("Safe to leave a voicemail"),
                show.choice("voicemail_ok", a.voicemail_ok),
                _("whether it is safe to leave a voicemail"),
            ),
            Row(_("Safe to email"), show.choice("email_ok", a.email_ok), _("whether it is safe to email")),
            Row(_("Best times to contact you"), show.text(a.best_times), _("the best times to contact you")),
            Row(_("Language"), show.text(a.language), _("your language")),
            Row(
                _("Interpreter"),
                show.choice("interpreter", a.interpreter),
                _("whether you need an interpreter"),
            ),
            Row(_("Access needs"), show.text(a.access_needs), _("your access needs")),
        ]


class VictimConsentForm(StepForm):
    section = "contacting"

    victim_agrees = Radios(
        _l("Does the person it happened to know about this report and agree to it?"),
        choices=YES_NO_UNSURE,
        validators=[Required(_l("Select yes if the person it happened to knows and agrees"))],
    )

    @classmethod
    def rows(cls, answers: Answers) -> list[Row]:
        return [
            Row(
                _("They know and agree"),
                show.choice("victim_agrees", answers.victim_agrees),
                _("whether the person it happened to knows and agrees"),
            )
        ]


class VictimContactForm(StepForm):
    section = "contacting"

    victim_name = Text(
        _l("Their name (optional)"),
        validators=[Length(max=200, message=_l("Their name must be 200 characters or less"))],
    )
    victim_phone = Text(_l("Their UK phone number (optional)"))
    victim_email = Text(_l("Their email address (optional)"))

    def validate_victim_phone(self, field: Field) -> None:
        checked_phone(field, THEIR_PHONE_MESSAGE)

    def validate_victim_email(self, field: Field) -> None:
        checked_email(field, THEIR_EMAIL_MESSAGE)

    @classmethod
    def rows(cls, answers: Answers) -> list[Row]:
        return [
            Row(_("Their name"), show.text(answers.victim_name), _("their name")),
            Row(_("Their phone number"), phone_row(answers.victim_phone), _("their phone number")),
            Row(_("Their email address"), show.text(answers.victim_email), _("their email address")),
        ]


class ConsentForm(StepForm):
    section = "outcome"

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

    def prepare(self, answers: Answers) -> None:
        """Nobody can contact an anonymous reporter, so the second question is not asked."""
        if answers.anonymous:
            del self.support_contact

    @classmethod
    def tidy(cls, answers: Answers) -> None:
        if answers.anonymous:
            answers.support_contact = None

    @classmethod
    def rows(cls, answers: Answers) -> list[Row]:
        found = [
            Row(
                _("What should happen"),
                show.choice("police_action", answers.police_action),
                _("what should happen with your report"),
            )
        ]
        if not answers.anonymous:
            found.append(
                Row(
                    _("A support organisation can contact you"),
                    show.choice("support_contact", answers.support_contact),
                    _("whether a support organisation can contact you"),
                )
            )
        return found


class CentreConsentForm(StepForm):
    """An assisted report: the victim, not the worker, agrees to the centre sending it for them."""

    section = "outcome"

    centre_agrees = Radios(
        _l("Do you agree to the reporting centre sending this report for you?"),
        choices=YES_NO,
        validators=[
            Required(_l("Select yes if you agree to the reporting centre sending this report for you"))
        ],
    )

    def prepare(self, answers: Answers) -> None:
        """Ask about the centre by its name (the one that started the report)."""
        if answers.centre_name:
            self.centre_agrees.label.text = _(
                "Do you agree to %(centre)s sending this report for you?", centre=answers.centre_name
            )
            # A new list: the declared one is shared by every form of this class.
            centre = answers.centre_name
            message = _("Select yes if you agree to %(centre)s sending this report for you", centre=centre)
            self.centre_agrees.validators = [Required(message)]

    @classmethod
    def rows(cls, answers: Answers) -> list[Row]:
        return [
            # Recorded from the signed-in worker when it is sent, so it has no Change link.
            Row(_("Sent with help from"), show.text(answers.centre_name), ""),
            Row(
                _("You agree to the centre sending it"),
                show.choice("centre_agrees", answers.centre_agrees),
                _("whether you agree to the centre sending it"),
            ),
        ]
