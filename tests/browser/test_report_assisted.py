"""The assisted report's own pages in Chromium: the victim's consent to the centre sending, nothing sent,
the worker signed out, and the printable receipt pass axe in every language with JavaScript on and
off; the receipt's "Print this page" button appears only with JavaScript, and prints."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from playwright.sync_api import Browser, BrowserContext, Route, expect
from sqlalchemy import select

from app.centres.models import Centre
from app.extensions import db
from tests.browser.conftest import new_context
from tests.browser.test_a11y_pages import axe_violations
from tests.fixtures import staff as f
from tests.integration.test_report_assisted import ASSISTED_NOT_SENT, SIGNED_OUT, helped_to_check
from tests.integration.test_report_journey import send
from tests.pages import PageClient
from tests.public_pages import (
    LANGUAGES,
    RTL,
    StepPage,
    answered_before,
    assisted_answers,
    give_draft,
    with_lang,
)

pytestmark = pytest.mark.browser
#: The user agent of every browser here, and of the test client that signs the worker in for them.
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) StandTogetherBrowserTest"


def cookie_of(live_app: Flask, client: FlaskClient) -> dict[str, str]:
    name = live_app.config["SESSION_COOKIE_NAME"]
    cookie = client.get_cookie(name)
    assert cookie is not None
    return {"name": name, "value": cookie.value}


@pytest.fixture(scope="module")
def browsers_session(live_app: Flask) -> dict[str, dict[str, str]]:
    """Session cookies made through the real app (committed in the live app's database): one whose
    browser is on the centre-consent question, one whose worker has just sent a report (the receipt)."""
    with live_app.app_context():
        centre = db.session.scalar(select(Centre).where(Centre.active.is_(True)).order_by(Centre.id).limit(1))
        helping, worker = f.make_user("centre", centre=centre), f.make_user("centre", centre=centre)
        db.session.commit()
        # An assisted report's pages open only while a worker of its centre is signed in there.
        asking = live_app.test_client()
        # Flask-Login's strong session protection ties a sign-in to its browser: the same user agent.
        asking.environ_base["HTTP_USER_AGENT"] = USER_AGENT
        f.sign_in(asking, helping)
        answers = assisted_answers(centre.id)
        answers.centre_agrees = None  # not answered yet
        give_draft(asking, answered_before(StepPage("centre-consent", answers)))
        sending = live_app.test_client()
        f.sign_in(sending, worker)
        pages = PageClient(sending)
        receipt = send(pages, helped_to_check(pages))
        assert receipt.response.request.path == "/report/receipt"
        db.session.commit()
        return {"consent": cookie_of(live_app, asking), "receipt": cookie_of(live_app, sending)}


def no_scripts(route: Route) -> None:
    if route.request.resource_type == "script":
        route.abort()
    else:
        route.fallback()


def with_cookie(
    browser: Browser, live_server: str, cookie: dict[str, str] | None, javascript: bool, axe: bool = False
) -> BrowserContext:
    """A browser holding ``cookie``. Without JavaScript for axe, our scripts are refused instead of
    JavaScript being turned off: this Chromium never runs a timer with JavaScript off, so axe-core
    (which uses timers) would never finish; the page is the same either way, as no script runs."""
    if javascript or not axe:
        context = new_context(browser, java_script_enabled=javascript, user_agent=USER_AGENT)
    else:
        context = new_context(browser, user_agent=USER_AGENT)
        context.route("**/*", no_scripts)
    if cookie:
        context.add_cookies([{**cookie, "url": live_server}])
    return context


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_assisted_pages_pass_axe_in_every_language(
    browser: Browser,
    live_server: str,
    live_app: Flask,
    browsers_session: dict[str, dict[str, str]],
    javascript: bool,
) -> None:
    live_app.config["LANGUAGES"] = LANGUAGES
    visits = [
        ("centre consent", "/report/centre-consent", browsers_session["consent"]),
        ("not sent", ASSISTED_NOT_SENT, None),
        ("signed out", SIGNED_OUT, None),
        ("receipt", "/report/receipt", browsers_session["receipt"]),
    ]
    problems: list[str] = []
    for lang in LANGUAGES:
        for name, path, cookie in visits:
            context = with_cookie(browser, live_server, cookie, javascript, axe=True)
            page = context.new_page()
            page.goto(f"{live_server}{with_lang(path, lang)}")
            assert page.url.endswith(with_lang(path, lang)), f"{name} ({lang}) went to {page.url}"
            html = page.locator("html")
            assert html.get_attribute("lang") == lang
            assert html.get_attribute("dir") == ("rtl" if lang in RTL else "ltr")
            if not javascript and name == "receipt":
                expect(page.locator("[data-st-print]")).to_be_hidden()  # our scripts did not run
            problems += [f"{lang} {name}: {v}" for v in axe_violations(page)]
            if name == "centre consent":
                page.locator("main form button").first.click()  # Continue with nothing chosen
                page.wait_for_load_state("load")
                summary = page.locator(".govuk-error-summary:not([hidden])")
                expect(summary).to_be_visible()
                if javascript:
                    expect(summary).to_be_focused()
                problems += [f"{lang} {name} error: {v}" for v in axe_violations(page)]
            context.close()
    assert not problems, "\n".join(problems)


def test_the_receipt_print_button_needs_javascript_and_prints(
    browser: Browser, live_server: str, browsers_session: dict[str, dict[str, str]]
) -> None:
    without = with_cookie(browser, live_server, browsers_session["receipt"], javascript=False)
    page = without.new_page()
    page.goto(f"{live_server}/report/receipt")
    expect(page.get_by_role("button", name="Print this page")).to_be_hidden()
    expect(page.locator("main")).to_contain_text("print it or write down the reference and progress code")
    without.close()

    context = with_cookie(browser, live_server, browsers_session["receipt"], javascript=True)
    page = context.new_page()
    page.goto(f"{live_server}/report/receipt")
    button = page.get_by_role("button", name="Print this page")
    expect(button).to_be_visible()
    page.evaluate("() => { window.print = () => { document.body.dataset.printed = 'yes' } }")
    button.click()
    expect(page.locator("body")).to_have_attribute("data-printed", "yes")
    # Printed, the page keeps the receipt and drops the buttons and the site's navigation.
    page.emulate_media(media="print")
    expect(button).to_be_hidden()
    expect(page.get_by_role("button", name="Finish")).to_be_hidden()
    expect(page.locator(".govuk-panel")).to_be_visible()
    context.close()
