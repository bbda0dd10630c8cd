"""Every validation error on every step: the GOV.UK summary, the field message, answers kept."""

from __future__ import annotations

from datetime import date

import pytest

from tests.integration.test_report_journey import answer, errors, seed
from tests.pages import Page, PageClient


def reach(pages: PageClient, step: str) -> None:
    """A draft with every step before ``step`` answered (the longest path)."""
    seed(pages, upto=step)


def bad(pages: PageClient, step: str, data: dict[str, object]) -> Page:
    page = answer(pages, step, data)
    assert page.response.request.path == f"/report/{step}", "an invalid answer must not move on"
    assert page.title.startswith("Error: ")
    return page


DATE = {"still_happening": "no"}
CASES = [
    ("reporting-as", {}, "Select who you are in this report", "role"),
    ("why", {}, "Select why you think it happened, or select ‘I'm not sure’", "strands"),
    ("why", {"strands": ["race", "not_sure"]}, "not both", "strands"),
    ("why", {"strands": ["other"]}, "Say what else you think it was about", "strand_other"),
    ("why", {"strands": ["other"], "strand_other": "x" * 501}, "500 characters or less", "strand_other"),
    ("what-happened", {}, "Select what happened", "incident_types"),
    ("what-happened", {"incident_types": ["other"]}, "Say what else happened", "incident_other"),
    (
        "when",
        DATE,
        "Enter the date it happened, or select ‘I'm not sure of the exact date’",
        "incident_date-day",
    ),
    (
        "when",
        {**DATE, "incident_date-day": "3"},
        "Date it happened must include a month and a year",
        "incident_date-month",
    ),
    (
        "when",
        {**DATE, "incident_date-day": "3", "incident_date-month": "4"},
        "Date it happened must include a year",
        "incident_date-year",
    ),
    (
        "when",
        {**DATE, "incident_date-day": "31", "incident_date-month": "2", "incident_date-year": "2024"},
        "Date it happened must be a real date",
        "incident_date-day",
    ),
    (
        "when",
        {**DATE, "incident_date-day": "3", "incident_date-month": "13", "incident_date-year": "2024"},
        "Date it happened must be a real date",
        "incident_date-month",
    ),
    (
        "when",
        {**DATE, "incident_date-day": "3", "incident_date-month": "3", "incident_date-year": "24"},
        "Year must include 4 numbers",
        "incident_date-year",
    ),
    (
        "when",
        {**DATE, "incident_date-day": "1", "incident_date-month": "1", "incident_date-year": "2999"},
        "Date it happened must be today or in the past",
        "incident_date-day",
    ),
    ("when", {**DATE, "date_unsure": "y"}, "Select roughly when it happened", "approximate_period"),
    (
        "when",
        {"incident_date-day": "3", "incident_date-month": "3", "incident_date-year": "2024"},
        "Select yes if it is still happening",
        "still_happening",
    ),
    ("where", {}, "Select where it happened", "place_kind"),
    ("location", {}, "Enter a postcode, or describe where it happened", "place_description"),
    (
        "location",
        {"postcode": "NOT A CODE"},
        "Enter a real postcode, like CH1 2AB, or leave it empty",
        "postcode",
    ),
    ("describe", {}, "Describe what happened", "description"),
    ("describe", {"description": "y" * 5001}, "Description must be 5,000 characters or less", "description"),
    ("injuries", {}, "Select if anyone was hurt or property was damaged", "injuries"),
    ("contact", {}, "Select if we can contact you or you want to stay anonymous", "contact"),
    ("contact-details", {"name": "Ann"}, "Enter an email address or a phone number", "email"),
    (
        "contact-details",
        {"email": "ann.example.org"},
        "Enter an email address in the correct format",
        "email",
    ),
    ("contact-details", {"phone": "12345"}, "Enter a phone number, like 07700 900 982", "phone"),
    ("victim-consent", {}, "Select yes if the person it happened to knows and agrees", "victim_agrees"),
    ("victim-contact", {"victim_phone": "0000"}, "Enter their phone number", "victim_phone"),
    (
        "victim-contact",
        {"victim_email": "nope"},
        "Enter their email address in the correct format",
        "victim_email",
    ),
    (
        "consent",
        {},
        "Select if the police should investigate or record it for information only",
        "police_action",
    ),
    (
        "consent",
        {"police_action": "investigate"},
        "Select yes if a support organisation can contact you",
        "support_contact",
    ),
]


@pytest.mark.parametrize(("step", "data", "message", "target"), CASES, ids=[f"{c[0]}:{c[3]}" for c in CASES])
def test_validation_error(pages: PageClient, step: str, data: dict, message: str, target: str) -> None:
    reach(pages, step)
    page = bad(pages, step, data)
    summary = errors(page)
    assert any(message in line for line in summary), summary
    links = [a.get("href") for box in page.select("div", class_="govuk-error-summary") for a in box.iter("a")]
    assert f"#{target}" in links
    assert page.select("input", id=target) or page.select("textarea", id=target), f"no field with id {target}"
    field_errors = " ".join(" ".join(p.itertext()) for p in page.select("p", class_="govuk-error-message"))
    assert message.split(",")[0] in field_errors


def test_typed_answers_are_kept_after_an_error(pages: PageClient) -> None:
    reach(pages, "when")
    page = bad(
        pages, "when", {"incident_date-day": "3", "incident_date-month": "13", "incident_date-year": "2024"}
    )
    assert page.select("input", name="incident_date-day")[0].get("value") == "3"
    assert page.select("input", name="incident_date-month")[0].get("value") == "13"
    month = page.select("input", name="incident_date-month")[0]
    day = page.select("input", name="incident_date-day")[0]
    assert "govuk-input--error" in month.get("class") and "govuk-input--error" not in day.get("class")


def test_month_names_and_spaces_are_accepted(pages: PageClient) -> None:
    reach(pages, "when")
    page = answer(
        pages,
        "when",
        {"incident_date-day": " 7 ", "incident_date-month": "June", "incident_date-year": "2024", **DATE},
    )
    assert page.response.request.path == "/report/where"
    again = pages.get("/report/when")
    assert again.select("input", name="incident_date-month")[0].get("value") == "6"


def test_not_sure_of_the_date_needs_no_date(pages: PageClient) -> None:
    reach(pages, "when")
    page = answer(
        pages, "when", {"date_unsure": "y", "approximate_period": "month", "still_happening": "yes"}
    )
    assert page.response.request.path == "/report/where"


def test_today_is_allowed(pages: PageClient) -> None:
    reach(pages, "when")
    today = date.today()
    data = {
        "incident_date-day": today.day,
        "incident_date-month": today.month,
        "incident_date-year": today.year,
    }
    assert answer(pages, "when", {**data, **DATE}).response.request.path == "/report/where"


def test_postcode_is_normalised_and_outward_code_kept(pages: PageClient, monkeypatch) -> None:
    from app.geo import geocode as geo

    def fake(query: str | None, lat: str | None = None, lon: str | None = None) -> geo.GeocodeResult:
        assert query == "CH1 2AB"
        return geo.GeocodeResult("found", geo.Place("CH1 2AB", 53.19, -2.89, "postcode", "Cheshire West"))

    monkeypatch.setattr(geo, "geocode", fake)
    reach(pages, "location")
    page = answer(pages, "location", {"postcode": " ch12ab "})
    assert page.response.request.path == "/report/describe"
    assert pages.get("/report/location").select("input", name="postcode")[0].get("value") == "CH1 2AB"


def test_geocoder_failure_never_blocks_the_report(pages: PageClient, monkeypatch) -> None:
    from app.geo import geocode as geo

    def broken(*args: object, **kwargs: object) -> None:
        raise ConnectionError("postcode service down")

    monkeypatch.setattr(geo, "geocode", broken)
    reach(pages, "location")
    assert answer(pages, "location", {"postcode": "CH1 2AB"}).response.request.path == "/report/describe"


def test_optional_steps_can_be_skipped(pages: PageClient) -> None:
    reach(pages, "people-responsible")
    assert answer(pages, "people-responsible", {}).response.request.path == "/report/witnesses"
    assert answer(pages, "witnesses", {}).response.request.path == "/report/contact"


def test_anonymous_consent_does_not_ask_about_support_contact(pages: PageClient) -> None:
    reach(pages, "contact")
    answer(pages, "contact", {"contact": "anonymous"})
    answer(pages, "victim-consent", {"victim_agrees": "no"})
    page = pages.get("/report/consent")
    assert not page.select("input", name="support_contact")
    assert answer(pages, "consent", {"police_action": "information"}).response.request.path == (
        "/report/check-answers"
    )
