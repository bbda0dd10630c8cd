"""The finder in a real browser: HTMX, location, map, and no JavaScript (axe: test_a11y_pages.py)."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import new_context


def test_searching_swaps_only_the_results_moves_focus_and_pushes_the_url(
    page: Page, live_server: str
) -> None:
    page.goto(f"{live_server}/centres")
    page.get_by_label("Postcode, town or city").fill("ch1 3ba")
    page.get_by_role("button", name="Search").click()
    heading = page.get_by_role("heading", name="Reporting centres near CH1 3BA")
    expect(heading).to_be_focused()
    expect(page).to_have_url(re.compile(r"/centres\?q=ch1(\+|%20)3ba"))
    expect(page).to_have_title(re.compile("^Reporting centres near CH1 3BA"))
    expect(page.locator(".st-centres__item")).to_have_count(10)
    assert "Example" in page.locator(".st-centres__item").first.inner_text()

    page.get_by_role("link", name="Show map").click()
    frame = page.frame_locator("iframe[title='Map of the centres listed below']")
    expect(frame.locator(".leaflet-marker-icon")).to_have_count(10)
    page.go_back()
    expect(page.locator("iframe")).to_have_count(0)


def test_use_my_location_searches_from_the_browser_position(browser: Browser, live_server: str) -> None:
    context = new_context(
        browser, geolocation={"latitude": 53.2588, "longitude": -2.5203}, permissions=["geolocation"]
    )
    try:
        page = context.new_page()
        page.goto(f"{live_server}/centres")
        page.get_by_role("button", name="Use my location").click()
        expect(page.get_by_role("heading", name="Reporting centres near your location")).to_be_visible()
        first = page.locator(".st-centres__item h3").first
        expect(first).to_have_text("Northwich Mosque Welfare Office")
    finally:
        context.close()


def test_without_javascript_the_same_form_gives_a_full_page(nojs_page: Page, live_server: str) -> None:
    nojs_page.goto(f"{live_server}/centres")
    expect(nojs_page.get_by_role("button", name="Use my location")).to_be_hidden()
    nojs_page.get_by_label("Postcode, town or city").fill("Mold")
    nojs_page.get_by_role("button", name="Search").click()
    expect(nojs_page).to_have_url(re.compile(r"/centres\?q=Mold"))
    expect(nojs_page.get_by_role("heading", level=1)).to_have_text("Find a reporting centre")
    expect(nojs_page.locator(".st-centres__item").first.locator("h3")).to_have_text("Mold Community Centre")


def test_with_javascript_an_error_shows_beside_the_box_and_the_page_follows_the_search(
    page: Page, live_server: str
) -> None:
    page.goto(f"{live_server}/centres")
    box = page.get_by_label("Postcode, town or city")
    box.fill("CH1 3")
    page.get_by_role("button", name="Search").click()
    summary = page.locator("#finder-errors .govuk-error-summary")
    expect(summary).to_be_focused()
    expect(page.locator("#q-error")).to_have_text(
        re.compile("Enter a full postcode, like CH1 2HS, or the first part, like CH1")
    )
    expect(page).to_have_title(re.compile("^Error: Find a reporting centre"))

    box.fill("CH1 3BA")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="Reporting centres near CH1 3BA")).to_be_focused()
    expect(page.locator("#finder-errors .govuk-error-summary")).to_have_count(0)
    expect(page.locator("#q-error")).to_have_count(0)
    expect(page.get_by_role("status").filter(has_text="centres near")).to_have_text("10 centres near CH1 3BA")
    welsh = page.get_by_role("link", name="Cymraeg")
    expect(welsh).to_have_attribute("href", re.compile(r"q=CH1(\+|%20)3BA.*lang=cy"))

    box.fill("")  # a cleared box: the title no longer names the old place
    box.press("Enter")
    expect(page).to_have_title(re.compile("Find a reporting centre – "))
    expect(page.locator(".st-centres__item")).to_have_count(0)


def test_typing_a_place_after_using_my_location_drops_the_position(
    browser: Browser, live_server: str
) -> None:
    context = new_context(
        browser, geolocation={"latitude": 53.2588, "longitude": -2.5203}, permissions=["geolocation"]
    )
    try:
        page = context.new_page()
        page.goto(f"{live_server}/centres")
        page.get_by_role("button", name="Use my location").click()
        heading = page.get_by_role("heading", name=re.compile("^Reporting centres near your location, near "))
        expect(heading).to_be_focused()
        expect(page.locator("input[name=lat]")).to_have_value("53.259")
        page.get_by_label("Postcode, town or city").fill("Mold")
        page.get_by_role("button", name="Search").click()
        expect(page.get_by_role("heading", name=re.compile("^Reporting centres near Mold"))).to_be_focused()
        expect(page.locator("input[name=lat]")).to_have_value("")
        expect(page).to_have_url(re.compile(r"/centres\?q=Mold(&search=Search)?$"))
        assert "lat=" not in page.get_by_role("link", name="Cymraeg").get_attribute("href")
    finally:
        context.close()
