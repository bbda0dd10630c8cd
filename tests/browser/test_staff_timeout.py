"""The staff timeout warning in a browser: it appears before the idle timeout with focus and an
announcement, "Stay signed in" keeps the session, and a note being typed survives expiry and sign-in
(kept in this tab's sessionStorage, forgotten once sent and on sign-out)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pyotp
import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from app.extensions import db
from app.staff.queries import accounts
from tests.browser.test_staff import PASSWORD, admin, example_report_id, sign_in

__all__ = ["admin"]  # a fixture

IDLE_MINUTES = 0.3  # 18 seconds
WARNING_SECONDS = 8
NOTE = "Rang the person back; they would like a call after 5pm."
DRAFTS = "Object.keys(sessionStorage).filter((key) => key.startsWith('st-draft:'))"


@pytest.fixture
def short_idle(live_app: Flask) -> Iterator[None]:
    saved = {key: live_app.config.get(key) for key in ("STAFF_IDLE_MINUTES", "STAFF_IDLE_WARNING_SECONDS")}
    live_app.config.update(STAFF_IDLE_MINUTES=IDLE_MINUTES, STAFF_IDLE_WARNING_SECONDS=WARNING_SECONDS)
    yield
    for key, value in saved.items():
        if value is None:
            live_app.config.pop(key, None)
        else:
            live_app.config[key] = value


def next_code(live_app: Flask, email: str, secret: str) -> str:
    """A code the server accepts for a second sign-in: one step after the last used (drift allows it)."""
    with live_app.app_context():
        last = accounts.user_by_email(email).totp_last_step or 0
        db.session.remove()
    totp = pyotp.TOTP(secret)
    return totp.generate_otp(max(last + 1, totp.timecode(datetime.now(UTC))))


def test_warning_then_stay_signed_in_then_expiry_keeps_the_typed_note(
    page: Page, live_server: str, live_app: Flask, admin, short_idle
) -> None:
    email, secret = admin
    report_id = example_report_id(live_app)
    report_url = f"{live_server}/staff/reports/{report_id}"
    sign_in(page, live_server, email, secret)
    page.goto(report_url)
    page.get_by_label("Add an internal note").fill(NOTE)
    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    expect(dialog).to_be_hidden()

    # The warning: a modal dialog that takes focus and says how long is left.
    expect(dialog).to_be_visible(timeout=15_000)
    assert page.evaluate("document.activeElement.id") == "st-timeout"
    expect(dialog).to_contain_text(re.compile(r"we will sign you out in \d+ seconds"))
    expect(page.locator("[data-st-announce]")).to_have_text(
        re.compile(r"^For your security, we will sign you out in \d+ seconds\. Anything you have typed")
    )
    # Keyboard: Tab reaches "Stay signed in", Enter presses it.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Stay signed in"
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()

    # The warning comes back only after a full idle period since "Stay signed in", and by then the
    # session would have ended without it: the server still knows us.
    expect(dialog).to_be_visible(timeout=15_000)
    assert page.request.get(report_url, max_redirects=0).status == 200
    page.reload()  # that request counted as activity: start the page's clock again too
    expect(page.get_by_label("Add an internal note")).to_have_value(NOTE)  # kept over a reload

    # No answer: the session ends, the page goes to sign-in, and the note is not in the address.
    expect(page).to_have_url(re.compile(r"/staff/sign-in"), timeout=40_000)
    expect(page.locator("main")).to_contain_text("You were signed out because you were inactive")
    assert "Rang" not in page.url and "5pm" not in page.url

    # Sign in again: back on the report with the note as it was typed.
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Security code").fill(next_code(live_app, email, secret))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(report_url)
    expect(page.get_by_label("Add an internal note")).to_have_value(NOTE)

    # Sent: the note is saved and the browser's copy forgotten.
    page.get_by_role("button", name="Add note").click()
    expect(page.locator("#st-notes")).to_contain_text("Note added")
    expect(page.locator("#st-notes")).to_contain_text(NOTE)
    expect(page.get_by_label("Add an internal note")).to_have_value("")
    assert page.evaluate(DRAFTS) == []

    # Signing out forgets unsent text as well.
    page.get_by_label("Add an internal note").fill("Not sent yet")
    assert len(page.evaluate(DRAFTS)) == 1
    page.locator(".st-staff-nav").get_by_role("button", name="Sign out").click()
    expect(page.locator("main")).to_contain_text("You have signed out.")
    assert page.evaluate(DRAFTS) == []


def test_exit_forgets_unsent_text(page: Page, live_server: str, live_app: Flask, admin) -> None:
    """Exit (from any public page in the same tab) clears the site's storage, kept notes included."""
    sign_in(page, live_server, *admin)
    page.goto(f"{live_server}/staff/reports/{example_report_id(live_app)}")
    page.get_by_label("Add an internal note").fill(NOTE)
    assert len(page.evaluate(DRAFTS)) == 1
    page.goto(f"{live_server}/")
    page.get_by_role("button", name="Exit this page").first.click()
    expect(page).to_have_url(f"{live_server}/_test/neutral")
    assert page.evaluate(DRAFTS) == []
