"""The page frame in a browser: exit this page (keys, no JS) and the skip link (axe: test_a11y_pages.py)."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def test_first_tab_reaches_the_skip_link(page: Page, live_server: str) -> None:
    page.goto(live_server + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_pressing_shift_three_times_leaves_and_forgets_the_session(page: Page, live_server: str) -> None:
    page.goto(live_server + "/hate-crime")
    expect(page.locator("body")).to_have_class("govuk-template__body govuk-frontend-supported")
    page.context.add_cookies([{"name": "st_session", "value": "something", "url": live_server}])
    with page.expect_navigation(url="**/_test/neutral"):
        for _ in range(3):
            page.keyboard.press("Shift")
    names = {cookie["name"] for cookie in page.context.cookies(live_server)}
    assert "st_session" not in names


def test_exit_button_works_without_javascript(nojs_page: Page, live_server: str) -> None:
    nojs_page.goto(live_server + "/privacy")
    nojs_page.get_by_role("button", name="Emergency Exit this page").click()
    nojs_page.wait_for_url("**/_test/neutral")
    assert nojs_page.locator("h1").text_content() == "Weather"
