"""Answers as rows for the check-your-answers page and the printed copy, in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_date
from flask_babel import gettext as _
from markupsafe import Markup, escape

from app.report import journey
from app.report.answers import Answers
from app.report.forms import LABELS, YES_NO_UNSURE


@dataclass(frozen=True)
class Row:
    key: str
    value: Markup
    step: str
    #: Visually hidden text after "Change", so a screen reader says what each link changes.
    change: str


def _text(value: str | None) -> Markup:
    if not value:
        return escape(_("Not provided"))
    return Markup("<br>").join(escape(line) for line in value.split("\n"))


def _choice(field: str, value: str | None) -> Markup:
    labels = LABELS.get(field, dict(YES_NO_UNSURE))
    return _text(str(labels.get(value, "")) if value else None)


def _choices(field: str, values: list[str], other: str = "") -> Markup:
    labels = LABELS[field]
    lines = [f"{labels[v]}: {other}" if v == "other" and other else str(labels.get(v, v)) for v in values]
    return _text("\n".join(lines))


def _when(a: Answers) -> Markup:
    if a.incident_date:
        return _text(format_date(a.incident_date, "d MMMM yyyy"))
    return _choice("approximate_period", a.approximate_period)


def rows(answers: Answers) -> list[Row]:
    a = answers
    steps = {step.name for step in journey.applicable(a)}
    candidates: list[tuple[str, str, Markup, str]] = [
        ("reporting-as", _("Who you are"), _choice("role", a.role), _("who you are in this report")),
        (
            "why",
            _("Why you think it happened"),
            _choices("strands", a.strands, a.strand_other),
            _("why you think it happened"),
        ),
        (
            "what-happened",
            _("What happened"),
            _choices("incident_types", a.incident_types, a.incident_other),
            _("what happened"),
        ),
        ("when", _("When it happened"), _when(a), _("when it happened")),
        ("when", _("Time of day"), _choice("time_of_day", a.time_of_day), _("the time of day")),
        (
            "when",
            _("Still happening"),
            _choice("still_happening", a.still_happening),
            _("whether it is still happening"),
        ),
        ("where", _("Kind of place"), _choice("place_kind", a.place_kind), _("the kind of place")),
        ("location", _("Postcode"), _text(a.postcode), _("the postcode")),
        (
            "location",
            _("Address or description"),
            _text(a.place_description),
            _("the address or description"),
        ),
        ("website", _("Website or app"), _text(a.website), _("the website or app")),
        ("describe", _("What happened, in your words"), _text(a.description), _("your description")),
        ("injuries", _("Injuries or damage"), _choice("injuries", a.injuries), _("injuries or damage")),
        (
            "injuries",
            _("About the injuries or damage"),
            _text(a.injuries_detail),
            _("details of injuries or damage"),
        ),
        (
            "people-responsible",
            _("Know who did it"),
            _choice("offenders_known", a.offenders_known),
            _("whether you know who did it"),
        ),
        (
            "people-responsible",
            _("How many people"),
            _choice("offenders_count", a.offenders_count),
            _("how many people did it"),
        ),
        (
            "people-responsible",
            _("What they were like"),
            _text(a.offenders_description),
            _("the description of the people responsible"),
        ),
        ("people-responsible", _("Vehicle"), _text(a.offenders_vehicle), _("the vehicle")),
        ("witnesses", _("Anyone else saw or heard it"), _choice("witnesses", a.witnesses), _("witnesses")),
        ("witnesses", _("About the witnesses"), _text(a.witnesses_detail), _("details of witnesses")),
        (
            "contact",
            _("Contact or anonymous"),
            _choice("contact", a.contact),
            _("whether we can contact you"),
        ),
        ("contact-details", _("Name"), _text(a.name), _("your name")),
        ("contact-details", _("Email address"), _text(a.email), _("your email address")),
        ("contact-details", _("Phone number"), _text(a.phone), _("your phone number")),
        (
            "contact-needs",
            _("Safe to leave a voicemail"),
            _choice("voicemail_ok", a.voicemail_ok),
            _("whether it is safe to leave a voicemail"),
        ),
        (
            "contact-needs",
            _("Safe to email"),
            _choice("email_ok", a.email_ok),
            _("whether it is safe to email"),
        ),
        (
            "contact-needs",
            _("Best times to contact you"),
            _text(a.best_times),
            _("the best times to contact you"),
        ),
        ("contact-needs", _("Language"), _text(a.language), _("your language")),
        (
            "contact-needs",
            _("Interpreter"),
            _choice("interpreter", a.interpreter),
            _("whether you need an interpreter"),
        ),
        ("contact-needs", _("Access needs"), _text(a.access_needs), _("your access needs")),
        (
            "victim-consent",
            _("They know and agree"),
            _choice("victim_agrees", a.victim_agrees),
            _("whether the person it happened to knows and agrees"),
        ),
        ("victim-contact", _("Their name"), _text(a.victim_name), _("their name")),
        ("victim-contact", _("Their phone number"), _text(a.victim_phone), _("their phone number")),
        ("victim-contact", _("Their email address"), _text(a.victim_email), _("their email address")),
        (
            "consent",
            _("What should happen"),
            _choice("police_action", a.police_action),
            _("what should happen with your report"),
        ),
    ]
    if not a.anonymous:
        candidates.append(
            (
                "consent",
                _("A support organisation can contact you"),
                _choice("support_contact", a.support_contact),
                _("whether a support organisation can contact you"),
            )
        )
    return [Row(key, value, step, change) for step, key, value, change in candidates if step in steps]
