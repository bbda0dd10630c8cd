"""Stale listings and statistics by channel in Chromium: the public centre page with its "may be out of
date" warning, the staff list of centres not confirmed for 6 months, and the statistics page pass axe in
every language, with JavaScript on and off."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from app.centres.models import Centre
from app.extensions import db
from tests.browser.conftest import new_context
from tests.browser.test_a11y_pages import axe_violations
from tests.browser.test_staff import admin, fill_sign_in
from tests.public_pages import LANGUAGES, RTL, with_lang

pytestmark = pytest.mark.browser
__all__ = ["admin"]  # a fixture


@pytest.fixture(scope="module")
def stale_centre(live_app: Flask) -> Iterator[str]:
    """A committed centre last checked in 2024 (out of date for the public, due a check for staff),
    far from the demo centres; hidden again afterwards."""
    slug = f"stale-browser-{uuid.uuid4().hex[:8]}"
    with live_app.app_context():
        db.session.add(
            Centre(
                slug=slug,
                name="Stale Browser Test Centre",
                address="1 Old Road",
                town="Wallasey",
                postcode="CH44 5UR",
                phone="0151 123 4567",
                opening_hours="Mo-Fr 09:00-17:00",
                last_checked=date(2024, 1, 15),
                location="SRID=4326;POINT(-3.05 53.405)",
            )
        )
        db.session.commit()
    yield slug
    with live_app.app_context():
        centre = db.session.query(Centre).filter_by(slug=slug).one()
        centre.active = False
        db.session.commit()


def sign_in(page: Page, base: str, email: str, secret: str) -> None:
    """Through the form (field ids, since the labels are translated only after the choice)."""
    fill_sign_in(page, base, email, secret)
    expect(page.locator("h1")).to_have_text("Staff area")


def axe(page: Page, javascript: bool) -> list[str]:
    return axe_violations(page, javascript)


def check_language(page: Page, lang: str) -> None:
    html = page.locator("html")
    assert html.get_attribute("lang") == lang
    assert html.get_attribute("dir") == ("rtl" if lang in RTL else "ltr")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_public_centre_page_with_the_stale_warning_passes_axe(
    browser: Browser, live_server: str, live_app: Flask, stale_centre: str, javascript: bool
) -> None:
    live_app.config["LANGUAGES"] = LANGUAGES
    problems: list[str] = []
    for lang in LANGUAGES:
        context = new_context(browser, java_script_enabled=javascript)
        page = context.new_page()
        page.goto(f"{live_server}{with_lang(f'/centres/{stale_centre}', lang)}")
        check_language(page, lang)
        warning = page.locator(".st-centre__out-of-date")
        expect(warning).to_be_visible()
        if lang == "en":
            expect(warning).to_contain_text("These details may be out of date.")
            expect(warning).to_contain_text("They were last checked on 15 January 2024.")
            # Read as a warning: the "!" icon is hidden, the word is there for screen readers.
            assert warning.locator(".govuk-warning-text__icon").get_attribute("aria-hidden") == "true"
            assert warning.locator(".govuk-visually-hidden").inner_text() == "Warning"
        problems += [f"{lang}: {v}" for v in axe(page, javascript)]
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_staff_stale_list_and_statistics_pass_axe(
    browser: Browser,
    live_server: str,
    live_app: Flask,
    stale_centre: str,
    admin: tuple[str, str],
    javascript: bool,
) -> None:
    live_app.config["LANGUAGES"] = LANGUAGES
    context = new_context(browser, java_script_enabled=javascript)
    page = context.new_page()
    sign_in(page, live_server, *admin)
    problems: list[str] = []
    for lang in LANGUAGES:
        page.goto(f"{live_server}/staff/?lang={lang}")  # the choice is kept in a cookie
        check_language(page, lang)
        problems += [f"{lang} home: {v}" for v in axe(page, javascript)]
        # From the home page's count to the filtered list, as a person would.
        page.locator("main a[href$='/staff/centres?stale=1']").click()
        page.wait_for_load_state("load")
        assert page.url.endswith("/staff/centres?stale=1")
        expect(page.locator("#stale")).to_be_checked()
        expect(page.locator("main table")).to_contain_text("Stale Browser Test Centre")
        if lang == "en":
            expect(page.locator("h1")).to_have_text("Reporting centres not confirmed for 6 months")
            expect(page.locator("main table")).to_contain_text("Not confirmed since 15 Jan 2024")
        problems += [f"{lang} centres: {v}" for v in axe(page, javascript)]
        page.goto(f"{live_server}/staff/statistics")
        check_language(page, lang)
        for key in ("channel", "centre"):
            expect(page.locator(f"#stats-{key} + table caption")).to_have_count(1)
        problems += [f"{lang} statistics: {v}" for v in axe(page, javascript)]
    context.close()
    assert not problems, "\n".join(problems)
