"""The report in Chromium with axe (every step in Polish and Urdu, errors shown), and Urdu public pages.

Each step is submitted empty first (the page with its error summary and messages is a superset of the
clean one), checked, then answered.
English and Welsh: test_report_browser.py, plus here what it does not reach. Also here: axe on every
public page in Urdu (the two a11y files take about as long, and run in parallel).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import text

from app.extensions import db
from tests.browser.conftest import new_context
from tests.browser.test_a11y_pages import (  # noqa: F401 (base and urls are fixtures)
    axe_violations,
    base,
    in_language,
    open_details,
    public_page_problems,
    urls,
)
from tests.public_pages import LANGUAGES, REPORT_STEPS

REFERENCE = re.compile(r"HC-[0-9A-Z]{4}-[0-9A-Z]{4}")
LEFT = "step => !location.pathname.endsWith('/' + step)"
SETTLED = f"step => ({LEFT})(step) || !!document.querySelector('.govuk-error-summary:not([hidden])')"


def answers(page: Page) -> dict[str, Callable[[], object]]:
    """How to answer each step, by field name (the same in every language)."""
    return {
        "reporting-as": lambda: page.check("input[name=role][value=on_behalf]"),
        "why": lambda: page.check("input[name=strands][value=race]"),
        "what-happened": lambda: page.check("input[name=incident_types][value=harassment]"),
        "when": lambda: (
            page.fill("#incident_date-day", "2"),
            page.fill("#incident_date-month", "2"),
            page.fill("#incident_date-year", "2025"),
            page.check("input[name=still_happening][value=no]"),
        ),
        "where": lambda: page.check("input[name=place_kind][value=street]"),
        "location": lambda: (
            page.fill("#postcode", ""),
            page.fill("#place_description", "Przy rynku / بازار کے قریب"),
        ),
        "website": lambda: page.fill("#website", "Example app"),
        "describe": lambda: page.fill("#description", "Abuse in the street."),
        "injuries": lambda: page.check("input[name=injuries][value=none]"),
        "people-responsible": lambda: None,
        "witnesses": lambda: None,
        "contact": lambda: page.check("input[name=contact][value=yes]"),
        "contact-details": lambda: page.fill("#email", "axe@example.org"),
        "contact-needs": lambda: None,
        "victim-consent": lambda: page.check("input[name=victim_agrees][value=yes]"),
        "victim-contact": lambda: page.fill("#victim_email", ""),
        "consent": lambda: (
            page.check("input[name=police_action][value=information]"),
            page.check("input[name=support_contact][value=no]"),
        ),
    }


#: Optional steps get a wrong answer to show their errors.
WRONG = {"victim-contact": ("#victim_email", "nope"), "location": ("#postcode", "XX")}


def step_name(page: Page) -> str:
    return page.url.split("?")[0].rsplit("/", 1)[-1]


def answer_steps(page: Page, lang: str, problems: list[str], seen: set[str]) -> None:
    """From the current step to check answers: submit empty (or wrong), check with errors, answer."""
    fill = answers(page)
    for _ in range(25):
        step = step_name(page)
        if step == "check-answers":
            return
        if step in WRONG:
            page.fill(*WRONG[step])
        page.locator("form button.govuk-button").first.click()
        page.wait_for_function(SETTLED, arg=step)
        if step_name(page) == step:
            expect(page.locator(".govuk-error-summary[data-module]")).to_be_focused()
            problems += [f"{lang} {step} with errors: {v}" for v in axe_violations(page)]
            seen.add(step)
            fill[step]()
            page.locator("form button.govuk-button").first.click()
            try:
                page.wait_for_function(LEFT, arg=step, timeout=5000)
            except Exception as error:
                shown = page.locator(".govuk-error-summary:not([hidden])").all_inner_texts()
                raise AssertionError(f"{lang}: stuck on {step}: {shown}") from error
        else:
            problems += [f"{lang} {step}: {v}" for v in axe_violations(page)]
            seen.add(step)
    raise AssertionError(f"{lang}: never reached check answers")


def delete_report(live_app: Flask, reference: str) -> None:
    with live_app.app_context():
        db.session.execute(text("DELETE FROM report WHERE reference = :r"), {"r": reference})
        db.session.commit()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_report_step_and_page_passes_axe(
    browser: Browser, live_server: str, live_app: Flask, lang: str
) -> None:
    live_app.config["LANGUAGES"] = LANGUAGES
    context = new_context(browser)
    page = context.new_page()
    problems: list[str] = []
    seen: set[str] = set()
    reference = None
    try:
        page.goto(f"{live_server}/report?lang={lang}")
        problems += [f"{lang} start: {v}" for v in axe_violations(page)]
        page.goto(f"{live_server}/report/reporting-as")
        answer_steps(page, lang, problems, seen)
        problems += [f"{lang} check answers: {v}" for v in axe_violations(page)]
        # Change "where" to online: the website question, then back to check answers.
        page.goto(f"{live_server}/report/where?return=check")
        page.check("input[name=place_kind][value=online]")
        page.locator("form button.govuk-button").first.click()
        page.wait_for_function(LEFT, arg="where")
        answer_steps(page, lang, problems, seen)
        assert seen == set(REPORT_STEPS), f"steps not checked: {set(REPORT_STEPS) - seen}"
        for extra in ("save", "delete?from=check-answers", "resume"):
            page.goto(f"{live_server}/report/{extra}")
            problems += [f"{lang} {extra}: {v}" for v in axe_violations(page)]
        page.locator("form button.govuk-button").first.click()  # an empty resume code
        expect(page.locator(".govuk-error-summary[data-module]")).to_be_focused()
        problems += [f"{lang} resume with errors: {v}" for v in axe_violations(page)]
        page.goto(f"{live_server}/report/check-answers")
        page.locator("form button.govuk-button").first.click()
        expect(page.locator(".govuk-panel")).to_be_visible()
        found = REFERENCE.search(page.locator("main").inner_text())
        assert found, "no reference on the confirmation"
        reference = found.group(0)
        problems += [f"{lang} confirmation: {v}" for v in axe_violations(page)]
        page.goto(f"{live_server}/report/confirmation/copy")
        problems += [f"{lang} printable copy: {v}" for v in axe_violations(page)]
    finally:
        context.close()
        if reference:
            delete_report(live_app, reference)
    assert not problems, f"{lang}: {len(problems)} axe violation(s):\n" + "\n".join(problems)


def test_every_public_page_passes_axe_in_urdu(
    browser: Browser,
    base: str,  # noqa: F811
    urls: dict[str, str],  # noqa: F811
) -> None:
    """Right to left (the other languages are in test_a11y_pages.py)."""
    problems = public_page_problems(browser, base, urls, "ur")
    assert not problems, f"ur: {len(problems)} axe violation(s):\n" + "\n".join(problems)
