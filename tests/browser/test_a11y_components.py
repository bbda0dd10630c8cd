"""GOV.UK Design System acceptance criteria (tests/data/accessibility/) that a browser can check.

Error summary: focused when the page loads (and after an HTMX swap); its links move focus to the field.
Date input: only the wrong part is highlighted, and the message says which. Conditional reveals: hidden
with JavaScript, shown without it (test_nojs_journeys.py), and aria-expanded says which. Character
count: the remaining characters are announced through a live region. Exit this page: Shift three times,
each press announced. Also htmx 4's connection-error message and Back after an HTMX step.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, Route, expect

SUMMARY = ".govuk-error-summary[data-module]"
STEP = "step => !location.pathname.endsWith('/' + step)"


def cont(page: Page, step: str) -> None:
    page.locator("form button.govuk-button").first.click()
    page.wait_for_function(STEP, arg=step)


def test_error_summary_takes_the_focus_and_its_links_move_it_to_the_field(
    page: Page, live_server: str
) -> None:
    # A full page load with errors (no HTMX involved).
    page.goto(f"{live_server}/support?strand=nothing")
    expect(page.locator(SUMMARY)).to_be_focused()
    page.locator(f"{SUMMARY} a").first.click()
    expect(page.locator("#strand")).to_be_focused()

    # The same after an HTMX swap of a report step.
    page.goto(f"{live_server}/report/reporting-as")
    page.locator("form button.govuk-button").first.click()
    summary = page.locator(SUMMARY)
    expect(summary).to_be_focused()
    expect(summary.locator("[role=alert]")).to_have_count(1)
    expect(page).to_have_title(re.compile("^Error: "))
    summary.locator("a").first.click()
    expect(page.locator("input[name=role]").first).to_be_focused()
    page.goto(f"{live_server}/report/delete")
    page.locator("form button.govuk-button").first.click()


def test_report_components_meet_the_govuk_criteria(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/report/reporting-as")
    page.check("input[name=role][value=victim]")
    cont(page, "reporting-as")

    # Conditional reveal: collapsed with JavaScript; the checkbox says whether its extra question shows.
    other = page.locator("input[name=strands][value=other]")
    # GOV.UK Frontend sets aria-controls when it starts on the swapped-in step: wait for it, not race it.
    expect(other).to_have_attribute("aria-controls", re.compile(r"\S"))
    controlled = page.locator(f"#{other.get_attribute('aria-controls')}")
    expect(other).to_have_attribute("aria-expanded", "false")
    expect(controlled).to_be_hidden()
    other.check()
    expect(other).to_have_attribute("aria-expanded", "true")
    expect(controlled).to_be_visible()
    other.uncheck()
    expect(controlled).to_be_hidden()
    page.check("input[name=strands][value=race]")
    cont(page, "why")
    page.check("input[name=incident_types][value=harassment]")
    cont(page, "what-happened")

    # Date input: only the missing part is highlighted, and the message names it.
    page.fill("#incident_date-day", "2")
    page.fill("#incident_date-year", "2025")
    page.check("input[name=still_happening][value=no]")
    page.locator("form button.govuk-button").first.click()
    expect(page.locator(SUMMARY)).to_be_focused()
    expect(page.locator("#incident_date-month")).to_have_class(re.compile("govuk-input--error"))
    expect(page.locator("#incident_date-day")).not_to_have_class(re.compile("govuk-input--error"))
    expect(page.locator("#incident_date-year")).not_to_have_class(re.compile("govuk-input--error"))
    expect(page.locator(".govuk-error-message").first).to_contain_text("month")
    page.locator(f"{SUMMARY} a").first.click()
    expect(page.locator("#incident_date-month")).to_be_focused()
    page.keyboard.type("2")
    cont(page, "when")
    page.check("input[name=place_kind][value=online]")
    cont(page, "where")
    page.fill("#website", "Example app")
    cont(page, "website")

    # Character count: a live region tells screen reader users how many characters are left.
    expect(page.locator("h1")).to_have_text("Describe what happened")
    spoken = page.locator(".govuk-character-count__sr-status")
    expect(spoken).to_have_attribute("aria-live", "polite")
    page.locator("#description").press_sequentially("Shouted at")
    expect(spoken).to_have_text(re.compile(r"You have [\d,]+ characters remaining"))
    visible = page.locator(".govuk-character-count__status")
    expect(visible).to_have_text(re.compile(r"You have [\d,]+ characters remaining"))
    expect(visible).to_have_attribute("aria-hidden", "true")  # said once, by the live region

    # Exit this page: each Shift is announced, the third leaves and the draft goes with the session.
    announced = page.locator(".govuk-exit-this-page [role=status]")
    page.locator("#description").blur()
    page.keyboard.press("Shift")
    expect(announced).to_have_text("Shift, press 2 more times to exit.")
    page.keyboard.press("Shift")
    expect(announced).to_have_text("Shift, press 1 more time to exit.")
    with page.expect_navigation(url="**/_test/neutral"):
        page.keyboard.press("Shift")
    page.goto(f"{live_server}/report/describe")
    expect(page).to_have_url(re.compile(r"/report/reporting-as$"))  # nothing left to come back to


def test_a_lost_connection_says_not_sent_and_keeps_the_answers(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/report/reporting-as")
    page.check("input[name=role][value=witness]")
    cont(page, "reporting-as")
    page.route(
        "**/report/why*", lambda route: route.abort() if route.request.method == "POST" else route.continue_()
    )
    page.check("input[name=strands][value=disability]")
    page.locator("form button.govuk-button").first.click()
    message = page.locator("#st-connection-error")
    expect(message).to_be_visible()
    expect(message).to_be_focused()
    expect(message).to_have_attribute("role", "alert")
    expect(message).to_contain_text("Not sent")
    expect(page.locator("input[name=strands][value=disability]")).to_be_checked()

    page.unroute("**/report/why*")
    # Try again. The GOV.UK button ignores a second click within a second (no double submits): wait it out.
    page.wait_for_timeout(1100)
    page.locator("form button.govuk-button").first.click()  # it goes now, and the message goes
    expect(page.locator("h1")).to_have_text("What happened?")
    expect(message).to_be_hidden()
    expect(page).to_have_url(re.compile(r"/report/what-happened$"))
    expect(page).to_have_title(re.compile("^What happened"))

    page.go_back()  # htmx pushed the step into history; Back loads the previous one from the server
    expect(page.locator("h1, legend h1")).to_contain_text("Why do you think it happened")
    expect(page.locator("input[name=strands][value=disability]")).to_be_checked()
    page.goto(f"{live_server}/report/delete")
    page.locator("form button.govuk-button").first.click()


def test_a_server_error_during_a_swap_says_not_sent(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/centres")

    def fail(route: Route) -> None:
        if route.request.headers.get("hx-request"):
            route.fulfill(status=500, body="<h1>Sorry</h1>")
        else:
            route.continue_()

    page.route("**/centres?*", fail)
    page.get_by_label("Postcode, town or city").fill("CH1 3BA")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#st-connection-error")).to_be_visible()
    expect(page.locator("#centre-results h1, #centre-results h2")).to_have_count(0)  # nothing swapped in
