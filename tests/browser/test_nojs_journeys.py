"""With JavaScript off, in Chromium: the finder, the whole report (to a reference and its printed copy)
and the directory work."""

from __future__ import annotations

import re

from flask import Flask
from playwright.sync_api import Page, expect

from tests.browser.test_a11y_report import REFERENCE, delete_report


def test_finder_without_javascript(nojs_page: Page, live_server: str) -> None:
    page = nojs_page
    page.goto(f"{live_server}/centres")
    page.get_by_label("Postcode, town or city").fill("Newport")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="Which place did you mean?")).to_be_visible()
    page.get_by_role("link", name="Newport, Wales").first.click()
    expect(page).to_have_url(re.compile(r"/centres\?.*q=Newport"))
    expect(page.get_by_role("heading", name=re.compile("^Reporting centres near"))).to_be_visible()
    page.get_by_role("link", name="Show map").click()  # the map needs JavaScript; the list stays
    expect(page.locator(".st-centres__item").first).to_be_visible()
    page.locator(".st-centres__item h3 a").first.click()
    expect(page.locator("h1")).not_to_have_text("Find a reporting centre")


def test_whole_report_without_javascript(nojs_page: Page, live_server: str, live_app: Flask) -> None:
    page = nojs_page
    page.goto(f"{live_server}/report")
    page.locator("a.govuk-button--start").click()
    page.check("input[name=role][value=victim]")
    page.locator("form button.govuk-button").first.click()
    # Conditional reveals are plain content without JavaScript (GOV.UK criterion).
    expect(page.locator(".govuk-checkboxes__conditional").first).to_be_visible()
    page.check("input[name=strands][value=religion]")
    page.locator("form button.govuk-button").first.click()
    page.check("input[name=incident_types][value=threats]")
    page.locator("form button.govuk-button").first.click()
    page.locator("form button.govuk-button").first.click()  # nothing answered: errors, the page still works
    expect(page.locator(".govuk-error-summary[data-module]")).to_be_visible()
    expect(page).to_have_title(re.compile("^Error: "))
    answers = {
        "when": lambda: (
            page.fill("#incident_date-day", "4"),
            page.fill("#incident_date-month", "4"),
            page.fill("#incident_date-year", "2025"),
            page.check("input[name=still_happening][value=yes]"),
        ),
        "where": lambda: page.check("input[name=place_kind][value=street]"),
        "location": lambda: page.fill("#place_description", "By the bus station"),
        "describe": lambda: page.fill("#description", "Two men threatened me by the bus station."),
        "injuries": lambda: page.check("input[name=injuries][value=none]"),
        "people-responsible": lambda: None,  # optional
        "witnesses": lambda: None,  # optional
        "contact": lambda: page.check("input[name=contact][value=anonymous]"),
        "consent": lambda: page.check("input[name=police_action][value=information]"),
    }
    for _ in range(len(answers)):
        step = page.url.split("?")[0].rsplit("/", 1)[-1]
        if step == "check-answers":
            break
        answers[step]()
        page.locator("form button.govuk-button").first.click()
        errors = page.locator(".govuk-error-summary[data-module]")
        assert not errors.count(), f"{step}: {errors.all_inner_texts()}"
    expect(page.locator("h1")).to_have_text("Check your answers before sending your report")
    expect(page.locator("main")).to_contain_text("Two men threatened me by the bus station.")
    page.locator("form button.govuk-button").first.click()
    expect(page.locator("h1")).to_contain_text("Report sent")
    found = REFERENCE.search(page.locator("main").inner_text())
    assert found, "no reference on the confirmation"
    try:
        page.get_by_role("link", name=re.compile("copy", re.I)).first.click()
        expect(page.locator("h1")).to_have_text("Copy of your report")
        expect(page.locator("main")).to_contain_text(found.group(0))
        expect(page.locator("main")).to_contain_text("Two men threatened me by the bus station.")
        # Printed, it is text only: the reference and answers, no site furniture, no pictures.
        page.emulate_media(media="print")
        for furniture in ("header", "footer", ".govuk-exit-this-page", ".st-emergency", ".govuk-back-link"):
            expect(page.locator(furniture).first).to_be_hidden()
        expect(page.locator(".st-no-print")).to_be_hidden()
        expect(page.locator(".st-reference")).to_be_visible()
        expect(page.locator(".govuk-summary-list")).to_be_visible()
        pictures = page.locator("img, svg, iframe, canvas, video, picture, object, embed")
        assert not [p for p in pictures.all() if p.is_visible()], "the printed copy has pictures"
    finally:
        delete_report(live_app, found.group(0))


def test_directory_without_javascript(nojs_page: Page, live_server: str) -> None:
    page = nojs_page
    page.goto(f"{live_server}/support")
    page.get_by_label("Support for").select_option("disability")
    page.get_by_role("button", name="Show services").click()
    expect(page).to_have_url(re.compile(r"strand=disability"))
    expect(page.locator("#st-results-status")).to_have_text("4 services found")
    page.locator("#st-results h3 a").first.click()
    expect(page).to_have_url(re.compile(r"/support/[0-9a-f-]{36}"))
    expect(page.locator("h1")).to_be_visible()
