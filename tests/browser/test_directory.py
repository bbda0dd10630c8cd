"""/support in a browser: HTMX filtering with URL and title, and no JavaScript (axe: test_a11y_pages.py)."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import new_context


def test_changing_a_filter_updates_results_url_and_title_in_place(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/support")
    page.evaluate("window.stMarker = 1")  # survives only if the page is not reloaded
    page.get_by_label("Support for").select_option("disability")
    expect(page.locator("#st-results-status")).to_have_text("4 services found")
    expect(page).to_have_url(f"{live_server}/support?strand=disability")
    assert page.evaluate("window.stMarker") == 1, "the page was reloaded instead of swapped"
    assert "4 services found" in page.title()
    expect(page.locator("#st-results .st-service h3")).to_have_count(4)


def test_without_javascript_the_same_form_filters_by_reloading(nojs_page: Page, live_server: str) -> None:
    nojs_page.goto(f"{live_server}/support")
    nojs_page.get_by_label("Legal advice").check()
    nojs_page.get_by_role("button", name="Show services").click()
    expect(nojs_page.locator("#st-results-status")).to_have_text("1 service found")
    assert "type=legal-advice" in nojs_page.url


def test_use_my_location_appears_and_searches_from_the_browser_position(
    browser: Browser, live_server: str
) -> None:
    context = new_context(
        browser, geolocation={"latitude": 53.1905, "longitude": -2.8906}, permissions=["geolocation"]
    )
    try:
        page = context.new_page()
        page.goto(f"{live_server}/support")
        page.get_by_role("button", name="Use my location").click()
        expect(page.locator("#st-results-status")).to_contain_text("for your location")
        expect(page.locator("#st-results h3").first).to_contain_text(
            "Example: Chester hate crime support hub"
        )
        assert "lat=53.19" in page.url
    finally:
        context.close()


def test_without_javascript_use_my_location_is_not_offered(nojs_page: Page, live_server: str) -> None:
    nojs_page.goto(f"{live_server}/support")
    expect(nojs_page.get_by_role("button", name="Use my location")).to_be_hidden()


def test_long_web_addresses_wrap_at_200_percent_text_on_a_phone(page: Page, live_server: str) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ("/support?q=True+Vision", "/support?q=Crimestoppers"):
        page.goto(f"{live_server}{path}")
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        link = page.locator(".st-contact a").first
        expect(link).to_be_visible()
        # The address wraps inside its column (GOV.UK's select keeps a minimum width of its own).
        right = page.evaluate(
            "[...document.querySelectorAll('.st-contact a')].map(a => a.getBoundingClientRect().right)"
        )
        assert max(right) <= 360, f"{path}: an address runs off the screen ({max(right)}px)"
