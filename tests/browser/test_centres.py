"""The finder in a real browser: accessibility (English and Welsh), HTMX, location, map, and no JavaScript."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.conftest import new_context


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_finder_pages_pass_axe(page: Page, live_server: str, lang: str) -> None:
    for path in (
        "/centres",
        "/centres?q=CH1+3BA",
        "/centres?q=Newport",
        "/centres?q=CH1+3",
        "/centres/example-mold-community-centre",
    ):
        page.goto(f"{live_server}{path}{'&' if '?' in path else '?'}lang={lang}")
        for details in page.locator("details").all():
            details.evaluate("element => element.open = true")  # check the hours tables too
        assert_accessible(page)


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
