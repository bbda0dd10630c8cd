"""The report in Chromium: the whole journey by keyboard alone, and axe on every step (English, Welsh)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlalchemy import text

from app.extensions import db
from tests.browser.axe import axe_violations

REFERENCE = re.compile(r"HC-[234679ACDEFGHJKMNPQRTVWXY]{4}-[234679ACDEFGHJKMNPQRTVWXY]{4}")


MOVED = "s => !location.pathname.endsWith('/' + s)"
SETTLED = (
    "s => !location.pathname.endsWith('/' + s)"
    " || !!document.querySelector('.govuk-error-summary:not([hidden])')"
)


def tab_to(page: Page, selector: str, backwards: bool = False, limit: int = 80) -> None:
    """Press Tab (or Shift+Tab) until the focused element matches ``selector``."""
    for _ in range(limit):
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    raise AssertionError(f"could not reach {selector} with the keyboard on {page.url}")


def cont(page: Page, heading: str) -> None:
    tab_to(page, "form button.govuk-button")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(re.compile(heading))


def choose(page: Page, name: str, downs: int = 0) -> None:
    tab_to(page, f"input[name={name}]")
    for _ in range(downs):
        page.keyboard.press("ArrowDown")  # arrow keys move through a radio group and select
    page.keyboard.press("Space")


def cleanup(live_app, reference: str | None) -> None:
    with live_app.app_context():
        if reference:
            db.session.execute(text("DELETE FROM report WHERE reference = :r"), {"r": reference})
        db.session.commit()


def test_whole_journey_by_keyboard_only(page: Page, live_server: str, live_app) -> None:
    page.goto(f"{live_server}/report")
    tab_to(page, "a.govuk-button--start")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Who are you in this report?")
    choose(page, "role")
    cont(page, "Why do you think it happened")
    choose(page, "strands")
    cont(page, "What happened")
    choose(page, "incident_types", 0)
    cont(page, "When did it happen")
    tab_to(page, "#incident_date-day")
    page.keyboard.type("12")
    page.keyboard.press("Tab")
    page.keyboard.type("5")
    page.keyboard.press("Tab")
    page.keyboard.type("2024")
    choose(page, "still_happening", 1)
    cont(page, "Where did it happen")
    choose(page, "place_kind")
    cont(page, "Where was it")
    tab_to(page, "#place_description")
    page.keyboard.type("Near the market")
    cont(page, "Describe what happened")
    tab_to(page, "#description")
    page.keyboard.type("Someone shouted abuse at me.")
    tab_to(page, "form button.govuk-button")
    tab_to(page, "#description", backwards=True)  # Shift+Tab back to add a sentence
    page.keyboard.type(" Then they followed me.")
    cont(page, "Was anyone hurt")
    choose(page, "injuries", 3)
    cont(page, "The people responsible")
    cont(page, "Witnesses")  # optional: Continue with nothing
    cont(page, "Can we contact you")
    choose(page, "contact", 1)
    cont(page, "What happens with your report")
    choose(page, "police_action", 1)
    cont(page, "Check your answers")
    expect(page.locator("main")).to_contain_text("Then they followed me.")
    tab_to(page, "form button.govuk-button")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Report sent")
    found = REFERENCE.search(page.locator("main").inner_text())
    assert found
    cleanup(live_app, found.group(0))


def test_axe_on_every_step_in_english_and_welsh(page: Page, live_server: str, live_app) -> None:
    """Each step is checked empty, then with its errors shown, then answered to reach the next."""
    problems: list[str] = []
    answers = {
        "reporting-as": lambda: page.check("input[name=role][value=worker]"),
        "why": lambda: page.check("input[name=strands][value=race]"),
        "what-happened": lambda: page.check("input[name=incident_types][value=harassment]"),
        "when": lambda: (
            page.fill("#incident_date-day", "2"),
            page.fill("#incident_date-month", "2"),
            page.fill("#incident_date-year", "2025"),
            page.check("input[name=still_happening][value=no]"),
        ),
        "where": lambda: page.check("input[name=place_kind][value=online]"),
        "website": lambda: page.fill("#website", "Example app"),
        "describe": lambda: page.fill("#description", "Abuse in messages."),
        "injuries": lambda: page.check("input[name=injuries][value=none]"),
        "people-responsible": lambda: None,
        "witnesses": lambda: None,
        "contact": lambda: page.check("input[name=contact][value=yes]"),
        "contact-details": lambda: page.fill("#email", "axe@example.org"),
        "contact-needs": lambda: None,
        "victim-consent": lambda: page.check("input[name=victim_agrees][value=yes]"),
        "victim-contact": lambda: page.fill("#victim_email", "nope"),
        "consent": lambda: (
            page.check("input[name=police_action][value=information]"),
            page.check("input[name=support_contact][value=no]"),
        ),
    }
    for lang in ("en", "cy"):
        page.goto(f"{live_server}/report?lang={lang}")
        problems += [f"{lang} start: {v}" for v in axe_violations(page)]
        page.goto(f"{live_server}/report/reporting-as")
        for _ in range(20):
            step = page.url.split("?")[0].rsplit("/", 1)[-1]
            if step == "check-answers":
                break
            if lang == "en":  # Welsh is checked with errors shown: the same page plus the summary
                problems += [f"{lang} {step}: {v}" for v in axe_violations(page)]
            page.locator("form button.govuk-button").click()  # nothing answered
            page.wait_for_function(SETTLED, arg=step)
            if not page.url.split("?")[0].endswith("/" + step):
                continue  # an optional step: nothing to correct
            problems += [f"{lang} {step} with errors: {v}" for v in axe_violations(page)]
            answers[step]()
            if step == "victim-contact":
                page.fill("#victim_email", "")
            page.locator("form button.govuk-button").click()
            try:
                page.wait_for_function(MOVED, arg=step, timeout=5000)
            except Exception as error:
                errors = page.locator(".govuk-error-summary:not([hidden])").all_inner_texts()
                raise AssertionError(f"{lang}: stuck on {step}: {errors}") from error
        problems += [f"{lang} check answers: {v}" for v in axe_violations(page)]
        for extra in ("save", "resume", "delete?from=consent"):
            page.goto(f"{live_server}/report/{extra}")
            problems += [f"{lang} {extra}: {v}" for v in axe_violations(page)]
        page.locator("form button.govuk-button").click()  # delete my answers: leave nothing behind
        problems += [f"{lang} deleted: {v}" for v in axe_violations(page)]
    assert not problems, "\n".join(problems)
