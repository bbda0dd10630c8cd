"""The report in Chromium: the whole journey by keyboard alone (axe on every step: test_a11y_report.py)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlalchemy import text

from app.extensions import db
from tests.browser.conftest import new_context

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


def save_typed_and_resume(page: Page, live_server: str, new_page) -> Page:
    """Answer up to the description, type it, press Save (not Continue), and resume in a new browser."""
    page.goto(f"{live_server}/report/reporting-as")
    for step, fill in (
        ("reporting-as", lambda: page.check("input[name=role][value=victim]")),
        ("why", lambda: page.check("input[name=strands][value=race]")),
        ("what-happened", lambda: page.check("input[name=incident_types][value=harassment]")),
        (
            "when",
            lambda: (
                page.check("input[name=date_unsure]"),
                page.check("input[name=approximate_period][value=week]"),
                page.check("input[name=still_happening][value=no]"),
            ),
        ),
        ("where", lambda: page.check("input[name=place_kind][value=online]")),
        ("website", lambda: page.fill("#website", "Example app")),
    ):
        expect(page).to_have_url(re.compile(f"/report/{step}$"))
        fill()
        page.locator("form button.govuk-button").first.click()
    expect(page.locator("h1")).to_have_text("Describe what happened")
    page.fill("#description", "Typed but not yet continued: they waited outside my flat.")
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.locator("h1")).to_have_text("Save your answers and come back later")
    page.get_by_role("button", name="Get a code").click()
    code = page.locator(".st-reference").inner_text().strip()
    other = new_page()
    other.goto(f"{live_server}/report/resume")
    other.fill("#code", code)
    other.locator("form button.govuk-button").first.click()
    # The description was complete, so it counts as answered: the next question opens.
    expect(other.locator("h1")).to_contain_text("Was anyone hurt")
    other.goto(f"{live_server}/report/describe")
    return other


def test_save_keeps_the_typed_page_with_javascript(page: Page, live_server: str, browser) -> None:
    context = new_context(browser)
    try:
        other = save_typed_and_resume(page, live_server, context.new_page)
        expect(other.locator("#description")).to_have_value(
            "Typed but not yet continued: they waited outside my flat."
        )
    finally:
        context.close()


def test_save_keeps_the_typed_page_without_javascript(nojs_page: Page, live_server: str, browser) -> None:
    context = new_context(browser, java_script_enabled=False)
    try:
        other = save_typed_and_resume(nojs_page, live_server, context.new_page)
        expect(other.locator("#description")).to_have_value(
            "Typed but not yet continued: they waited outside my flat."
        )
    finally:
        context.close()


def test_after_a_swap_the_back_link_is_before_main_and_points_back(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/report/reporting-as")
    expect(page.locator("#st-back")).to_have_attribute("href", "/report")
    page.check("input[name=role][value=victim]")
    page.locator("form button.govuk-button").first.click()
    expect(page.locator("h1")).to_contain_text("Why do you think it happened")
    back = page.locator(".govuk-back-link")
    expect(back).to_have_count(1)
    expect(back).to_have_attribute("href", "/report/reporting-as")
    expect(page.locator("main .govuk-back-link")).to_have_count(0)
