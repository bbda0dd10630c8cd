"""The report journey as data: one ordered list of steps, each with its form and when it applies.

The next step is the next one in ``STEPS`` whose condition holds for the answers so far, so branching
("reporting for someone else", "anonymous") lives here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms.fields.core import UnboundField

from app.report.answers import Answers
from app.report.steps import contact, details, incident, place
from app.report.steps.base import StepForm

CHECK = "check-answers"


def vars_of(form: type[StepForm]) -> dict[str, UnboundField]:
    found: dict[str, UnboundField] = {}
    for klass in reversed(form.__mro__):
        found.update({k: v for k, v in vars(klass).items() if isinstance(v, UnboundField)})
    return found


def always(answers: Answers) -> bool:
    return True


@dataclass(frozen=True)
class Step:
    """One question page: ``/report/<name>``."""

    name: str
    form: type[StepForm]
    title: LazyString
    applies: Callable[[Answers], bool] = always

    @cached_property
    def fields(self) -> tuple[str, ...]:
        """The form's field names in the order they are declared (worked out once per step)."""
        return tuple(
            name
            for name, value in sorted(vars_of(self.form).items(), key=lambda item: item[1].creation_counter)
            if isinstance(value, UnboundField)
        )

    @property
    def template(self) -> str:
        return f"report/steps/{self.name}.html"


STEPS: tuple[Step, ...] = (
    Step("reporting-as", incident.RoleForm, _l("Who are you in this report?")),
    Step("why", incident.WhyForm, _l("Why do you think it happened?")),
    Step("what-happened", incident.WhatForm, _l("What happened?")),
    Step("when", incident.WhenForm, _l("When did it happen?")),
    Step("where", place.WhereForm, _l("Where did it happen?")),
    Step("location", place.LocationForm, _l("Where was it?"), lambda a: a.place_kind != "online"),
    Step(
        "website",
        place.WebsiteForm,
        _l("Which website or app was it on?"),
        lambda a: a.place_kind == "online",
    ),
    Step("describe", details.DescribeForm, _l("Describe what happened")),
    Step("injuries", details.InjuriesForm, _l("Was anyone hurt, or was any property damaged?")),
    Step("people-responsible", details.PeopleForm, _l("The people responsible")),
    Step("witnesses", details.WitnessesForm, _l("Witnesses")),
    Step("contact", contact.ContactForm, _l("Can we contact you about this report?")),
    Step(
        "contact-details",
        contact.ContactDetailsForm,
        _l("Your contact details"),
        lambda a: a.contact == "yes",
    ),
    Step(
        "contact-needs", contact.ContactNeedsForm, _l("Contacting you safely"), lambda a: a.contact == "yes"
    ),
    Step(
        "victim-consent",
        contact.VictimConsentForm,
        _l("Does the person it happened to know about this report and agree to it?"),
        lambda a: a.for_someone_else,
    ),
    Step(
        "victim-contact",
        contact.VictimContactForm,
        _l("How to contact the person it happened to"),
        lambda a: a.for_someone_else and a.victim_agrees == "yes",
    ),
    Step("consent", contact.ConsentForm, _l("What happens with your report")),
    Step(
        "centre-consent",
        contact.CentreConsentForm,
        _l("Sending your report with a reporting centre"),
        lambda a: a.assisted,
    ),
)
BY_NAME = {step.name: step for step in STEPS}
FIRST = STEPS[0].name


def applicable(answers: Answers) -> list[Step]:
    return [step for step in STEPS if step.applies(answers)]


def first_missing(answers: Answers, before: str | None = None) -> str | None:
    """The first step that applies but has not been answered (looking only before ``before``)."""
    for step in applicable(answers):
        if step.name == before:
            return None
        if step.name not in answers.done:
            return step.name
    return None


def next_step(answers: Answers, current: str, returning: bool = False) -> str:
    """Where Continue goes: the next step that applies, or after a Change link the first unanswered one."""
    if returning:
        return first_missing(answers) or CHECK
    steps = applicable(answers)
    names = [step.name for step in steps]
    index = names.index(current) if current in names else -1
    return names[index + 1] if index + 1 < len(names) else CHECK


def previous_step(answers: Answers, current: str) -> str | None:
    names = [step.name for step in applicable(answers)]
    if current == CHECK:
        return names[-1]
    index = names.index(current) if current in names else 0
    return names[index - 1] if index > 0 else None


def drop_unused(answers: Answers) -> None:
    """Forget answers to steps that no longer apply (e.g. contact details after choosing anonymous)."""
    for step in STEPS:
        if not step.applies(answers):
            answers.reset(step.fields)
            if step.name in answers.done:
                answers.done.remove(step.name)
            answers.typed.pop(step.name, None)
    for step in STEPS:
        step.form.tidy(answers)


def record(answers: Answers, step: Step, form: StepForm) -> None:
    """Keep a step's valid answers (the step saves them its own way) and forget what no longer applies."""
    form.save(answers, step.fields)
    answers.mark_done(step.name)
    answers.typed.pop(step.name, None)
    drop_unused(answers)


def keep_as_typed(answers: Answers, step: Step, posted: MultiDict[str, str]) -> None:
    """Keep a step's inputs exactly as sent (saved to come back later before they are valid).

    The step counts as not answered until it is continued with valid answers, so resuming opens it.
    """
    names = step.fields
    answers.typed[step.name] = [
        [key, value]
        for key, value in posted.items(multi=True)
        if key in names or key.split("-", 1)[0] in names
    ]
    if step.name in answers.done:
        answers.done.remove(step.name)


def declined(answers: Answers) -> bool:
    """True when the victim does not agree to the centre sending their report: nothing is sent."""
    return answers.assisted and answers.centre_agrees == "no"


def complete(answers: Answers) -> bool:
    return first_missing(answers) is None
