"""Checking a report's progress in Chromium: every state (form, error, result) passes axe in every
language, with JavaScript on and off; the error summary takes focus when JavaScript is on."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import new_context
from tests.browser.test_a11y_pages import axe_violations
from tests.integration.test_report_journey import REFERENCE, send, walk
from tests.integration.test_report_progress import CODE
from tests.pages import PageClient
from tests.public_pages import LANGUAGES, RTL, with_lang

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def sent(live_app: Flask) -> tuple[str, str]:
    """A report sent through the real journey (committed in the live app's database): its reference
    and the progress code its confirmation page gave."""
    with live_app.app_context():
        pages = PageClient(live_app.test_client())
        done = send(pages, walk(pages))
    reference, code = REFERENCE.search(done.text), CODE.search(done.text)
    assert reference and code
    return reference.group(0), code.group(1)


def submit(page: Page, reference: str, code: str) -> None:
    page.fill("#reference", reference)
    page.fill("#secret", code)
    page.locator("main form button").click()
    page.wait_for_load_state("load")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_progress_pages_pass_axe_in_every_language(
    browser: Browser, live_server: str, live_app: Flask, sent: tuple[str, str], javascript: bool
) -> None:
    live_app.config["LANGUAGES"] = LANGUAGES
    reference, code = sent
    problems: list[str] = []
    for lang in LANGUAGES:
        context = new_context(browser, java_script_enabled=javascript)
        page = context.new_page()
        page.goto(f"{live_server}{with_lang('/report/progress', lang)}")
        html = page.locator("html")
        assert html.get_attribute("lang") == lang
        assert html.get_attribute("dir") == ("rtl" if lang in RTL else "ltr")
        problems += [f"{lang} form: {v}" for v in axe_violations(page, javascript)]

        submit(page, reference, "AAA-AAA")
        summary = page.locator(".govuk-error-summary:not([hidden])")
        expect(summary).to_be_visible()
        if javascript:
            expect(summary).to_be_focused()
        assert page.locator("#reference").input_value() == reference  # what was typed is kept
        problems += [f"{lang} error: {v}" for v in axe_violations(page, javascript)]

        submit(page, reference, code.lower())
        assert REFERENCE.search(page.locator("main").inner_text())
        if lang == "en":
            expect(page.locator("main dl")).to_contain_text("Received")
        problems += [f"{lang} result: {v}" for v in axe_violations(page, javascript)]
        context.close()
    assert not problems, "\n".join(problems)


def test_the_result_is_never_in_the_address_or_history(
    browser: Browser, live_server: str, sent: tuple[str, str]
) -> None:
    reference, code = sent
    context = new_context(browser)
    page = context.new_page()
    page.goto(f"{live_server}/report/progress")
    submit(page, reference, code)
    assert re.fullmatch(r".*/report/progress", page.url)
    assert reference not in page.url and code not in page.url
    assert reference not in page.title()
    context.close()
