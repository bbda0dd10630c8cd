"""Staff pages in a browser, signed in through the form (password, then TOTP): axe in English and Welsh,
and triage with and without JavaScript."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pyotp
import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.extensions import db
from app.report.models import Report
from app.staff import auth
from app.staff.queries import accounts
from tests.browser.axe import axe_violations

PASSWORD = "browser test password 7"


def committed_user(
    live_app: Flask, role: str = "admin", centre_id: int | None = None
) -> Iterator[tuple[str, str]]:
    """A real (committed) staff user with TOTP, (email, TOTP secret); deactivated afterwards (audit
    rows keep their actor)."""
    email = f"browser-{uuid.uuid4().hex[:8]}@example.org"
    secret = pyotp.random_base32()
    with live_app.app_context():
        user = accounts.create_user(None, email, role, auth.hash_password(PASSWORD), centre_id=centre_id)
        user.must_change_password = False
        user.totp_secret, user.totp_enabled = auth.encrypt_secret(secret), True
        db.session.commit()
    yield email, secret
    with live_app.app_context():
        accounts.user_by_email(email).active = False
        db.session.commit()


def _admin(live_app: Flask) -> Iterator[tuple[str, str]]:
    yield from committed_user(live_app)


def fill_sign_in(page: Page, base: str, email: str, secret: str) -> None:
    """Sign in through the form in English, by field ids (password, then the TOTP code)."""
    page.goto(f"{base}/staff/sign-in?lang=en")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.fill("#code", pyotp.TOTP(secret).now())
    page.locator("main form button[type=submit]").click()


@pytest.fixture
def admin(live_app: Flask) -> Iterator[tuple[str, str]]:
    yield from _admin(live_app)


@pytest.fixture
def second_admin(live_app: Flask) -> Iterator[tuple[str, str]]:
    """Another account: one TOTP code cannot sign in twice, so the no-JS browser needs its own."""
    yield from _admin(live_app)


def sign_in(page: Page, base: str, email: str, secret: str) -> None:
    page.goto(f"{base}/staff/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Security code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Staff area")


def example_report_id(live_app: Flask) -> int:
    with live_app.app_context():
        return db.session.scalar(select(Report.id).where(Report.reference.like("EX-%")).order_by(Report.id))


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_staff_pages_have_no_axe_violations(
    page: Page, live_server: str, live_app: Flask, admin, lang
) -> None:
    problems = {}
    page.goto(f"{live_server}/staff/sign-in?lang={lang}")
    problems["sign-in"] = axe_violations(page)
    page.goto(f"{live_server}/staff/sign-in?lang=en")  # the helper finds fields by their English labels
    sign_in(page, live_server, *admin)
    page.goto(f"{live_server}/staff/?lang={lang}")  # the choice is kept in a cookie
    report_id = example_report_id(live_app)
    for path in (
        "/staff/",
        "/staff/reports",
        "/staff/reports?received_from=2026-02-31",
        f"/staff/reports/{report_id}",
        "/staff/reports/export-personal",
        "/staff/statistics",
        "/staff/users",
    ):
        page.goto(f"{live_server}{path}")
        problems[path] = axe_violations(page)
    assert not any(problems.values()), f"axe violations: {problems}"


def test_status_change_inline_with_htmx_and_by_reload_without(
    page: Page, nojs_page: Page, live_server: str, live_app: Flask, admin, second_admin
) -> None:
    report_id = example_report_id(live_app)
    sign_in(page, live_server, *admin)
    page.goto(f"{live_server}/staff/reports/{report_id}")
    page.evaluate("window.stMarker = 1")
    page.locator("#st-triage").get_by_label("In review").check()
    page.get_by_role("button", name="Change status").click()
    expect(page.locator("#st-triage")).to_contain_text("Status changed to In review")
    assert page.evaluate("window.stMarker") == 1  # swapped in place, no reload
    sign_in(nojs_page, live_server, *second_admin)
    nojs_page.goto(f"{live_server}/staff/reports/{report_id}")
    nojs_page.get_by_label("New", exact=True).check()
    nojs_page.get_by_role("button", name="Change status").click()
    expect(nojs_page.locator(".govuk-notification-banner")).to_contain_text("Status changed to New")
