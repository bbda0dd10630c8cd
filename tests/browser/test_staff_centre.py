"""A centre worker's pages in Chromium: home, listing, the hours form (also with errors) and the access
form pass axe in every language with JavaScript on and off; the keyboard reaches "Start an assisted
report" and it starts the report."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from app.extensions import db
from tests.browser.conftest import new_context
from tests.browser.test_a11y_pages import axe_violations
from tests.browser.test_staff import committed_user, fill_sign_in
from tests.fixtures import staff as f
from tests.public_pages import LANGUAGES, RTL

pytestmark = pytest.mark.browser


@pytest.fixture
def worker(live_app: Flask) -> Iterator[tuple[str, str]]:
    """A committed centre worker (with TOTP) at a centre of its own; deactivated afterwards."""
    with live_app.app_context():
        centre_id = f.make_centre(f"Browser centre {uuid.uuid4().hex[:8]}").id
        db.session.commit()
    yield from committed_user(live_app, "centre", centre_id)


def sign_in(page: Page, base: str, email: str, secret: str) -> None:
    fill_sign_in(page, base, email, secret)
    page.wait_for_load_state("load")
    assert page.url.endswith("/staff/centre"), page.url


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_centre_pages_pass_axe_in_every_language(
    browser: Browser, live_server: str, live_app: Flask, worker, javascript: bool
) -> None:
    live_app.config["LANGUAGES"] = LANGUAGES
    context = new_context(browser, java_script_enabled=javascript)
    page = context.new_page()
    sign_in(page, live_server, *worker)
    problems: list[str] = []
    for lang in LANGUAGES:
        for path in ("/staff/centre", "/staff/centre/listing", "/staff/centre/listing/access"):
            page.goto(f"{live_server}{path}?lang={lang}")
            html = page.locator("html")
            assert html.get_attribute("lang") == lang
            assert html.get_attribute("dir") == ("rtl" if lang in RTL else "ltr")
            problems += [f"{lang} {path}: {v}" for v in axe_violations(page, javascript)]
        page.goto(f"{live_server}/staff/centre/listing/hours?lang={lang}")
        problems += [f"{lang} hours: {v}" for v in axe_violations(page, javascript)]
        page.fill("#Mo_to_1", "")
        page.fill("#Tu_from_1", "5pm")
        page.locator("main form button[type=submit]").last.click()
        page.wait_for_load_state("load")
        summary = page.locator(".govuk-error-summary:not([hidden])")
        expect(summary).to_be_visible()
        expect(summary.locator("li")).to_have_count(2)
        if javascript:
            expect(summary).to_be_focused()
        problems += [f"{lang} hours with errors: {v}" for v in axe_violations(page, javascript)]
    context.close()
    assert not problems, "\n".join(problems)


def test_keyboard_reaches_start_an_assisted_report(page: Page, live_server: str, worker) -> None:
    sign_in(page, live_server, *worker)
    start = page.locator("#st-start-assisted")
    for _ in range(40):
        page.keyboard.press("Tab")
        if start.evaluate("element => element === document.activeElement"):
            break
    expect(start).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url("**/report/**")
    assert "/staff/" not in page.url
    expect(page.locator("h1")).to_be_visible()
