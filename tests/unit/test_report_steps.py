"""The report's step graph: every combination of branching answers reaches check answers."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from app.report import journey
from app.report.answers import Answers
from app.report.journey import CHECK, STEPS

ROLES = ["victim", "witness", "on_behalf", "worker"]
PLACES = ["street", "online"]
CONTACT = ["yes", "anonymous"]
AGREES = ["yes", "no", "not_sure"]


def walk(answers: Answers) -> list[str]:
    """Follow Continue from the first step, marking each visited step done, until check answers."""
    path, current = [], journey.FIRST
    while current != CHECK:
        assert current not in path, f"loop at {current}"
        path.append(current)
        answers.mark_done(current)
        current = journey.next_step(answers, current)
    return path


def branching(role: str, place: str, contact: str, agrees: str) -> Answers:
    return Answers(role=role, place_kind=place, contact=contact, victim_agrees=agrees)


@pytest.mark.parametrize(
    ("role", "place", "contact", "agrees"), itertools.product(ROLES, PLACES, CONTACT, AGREES)
)
def test_every_path_reaches_check_answers(role: str, place: str, contact: str, agrees: str) -> None:
    answers = branching(role, place, contact, agrees)
    path = walk(answers)
    assert journey.complete(answers)
    assert path[0] == "reporting-as" and path[-1] == "consent"
    assert ("website" in path) == (place == "online")
    assert ("location" in path) == (place != "online")


def test_shortest_and_longest_paths() -> None:
    lengths = {
        combo: len(walk(branching(*combo))) for combo in itertools.product(ROLES, PLACES, CONTACT, AGREES)
    }
    assert min(lengths.values()) == 12
    assert max(lengths.values()) == 16
    assert lengths[("victim", "online", "anonymous", "no")] == 12
    assert lengths[("on_behalf", "street", "yes", "yes")] == 16


def test_anonymous_branch_skips_contact_details() -> None:
    path = walk(branching("victim", "street", "anonymous", "no"))
    assert "contact-details" not in path and "contact-needs" not in path
    path = walk(branching("victim", "street", "yes", "no"))
    assert path[path.index("contact") + 1 : path.index("contact") + 3] == ["contact-details", "contact-needs"]


def test_on_behalf_branch_asks_about_the_victim() -> None:
    for role in ("on_behalf", "worker"):
        assert "victim-consent" in walk(branching(role, "street", "yes", "no"))
        assert "victim-contact" not in walk(branching(role, "street", "yes", "no"))
        assert "victim-contact" in walk(branching(role, "street", "yes", "yes"))
    for role in ("victim", "witness"):
        assert "victim-consent" not in walk(branching(role, "street", "yes", "yes"))


def test_step_names_are_unique_and_every_form_field_is_an_answer() -> None:
    names = [step.name for step in STEPS]
    assert len(names) == len(set(names))
    known = set(Answers.names())
    for step in STEPS:
        assert step.fields, step.name
        assert set(step.fields) <= known, step.name


def test_first_missing_and_previous_step() -> None:
    answers = Answers(role="victim")
    answers.mark_done("reporting-as")
    assert journey.first_missing(answers) == "why"
    assert journey.first_missing(answers, before="why") is None
    assert journey.previous_step(answers, "why") == "reporting-as"
    assert journey.previous_step(answers, "reporting-as") is None


def test_returning_from_a_change_goes_to_the_first_unanswered_step() -> None:
    answers = branching("victim", "street", "anonymous", "no")
    walk(answers)
    answers.contact = "yes"
    journey.drop_unused(answers)
    assert journey.next_step(answers, "contact", returning=True) == "contact-details"
    answers.mark_done("contact-details")
    answers.mark_done("contact-needs")
    assert journey.next_step(answers, "contact-needs", returning=True) == CHECK


def test_answers_that_no_longer_apply_are_dropped() -> None:
    answers = Answers(
        role="on_behalf",
        victim_agrees="yes",
        victim_name="Ann",
        contact="yes",
        name="Bob",
        email="b@example.org",
        support_contact="yes",
        place_kind="street",
        postcode="CH1 2AB",
        outward_code="CH1",
        strands=["race"],
        strand_other="left over",
        date_unsure=True,
        approximate_period="week",
    )
    answers.done = ["victim-consent", "victim-contact", "contact-details"]
    answers.role = "victim"
    answers.contact = "anonymous"
    answers.place_kind = "online"
    journey.drop_unused(answers)
    assert answers.victim_agrees is None and answers.victim_name == ""
    assert answers.name == "" and answers.email == "" and answers.support_contact is None
    assert answers.postcode == "" and answers.outward_code is None
    assert answers.strand_other == ""
    assert answers.approximate_period == "week" and answers.incident_date is None
    assert answers.done == []


def test_answers_survive_a_json_round_trip() -> None:
    from datetime import date

    answers = Answers(role="victim", strands=["race", "other"], incident_date=date(2025, 3, 3), done=["why"])
    assert Answers.from_json(answers.to_json()) == answers
    assert "incident_date" not in answers.sensitive() and "strands" not in answers.sensitive()


def test_the_generic_view_and_summary_know_no_step_by_name() -> None:
    """A step declares its own saving, tidying and rows: the shared code has no special cases."""

    root = Path(__file__).resolve().parents[2]
    shared = ["app/report/routes.py", "app/report/summary.py", "templates/report/check.html"]
    for path in shared:
        source = (root / path).read_text()
        named = [step.name for step in STEPS if f'"{step.name}"' in source or f"'{step.name}'" in source]
        assert not named, f"{path} names steps {named}"
    tidy = journey.drop_unused.__code__.co_names
    assert "strand_other" not in tidy and "support_contact" not in tidy


def test_every_step_form_gives_rows_for_check_answers() -> None:
    from app.report.steps.base import StepForm

    for step in STEPS:
        assert issubclass(step.form, StepForm)
        assert step.form.rows is not StepForm.rows, f"{step.name} shows nothing on check answers"
