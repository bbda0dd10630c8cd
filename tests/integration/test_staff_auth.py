"""Signing in: one answer for unknown and wrong, throttling, TOTP, forced set-up, idle timeout, sign-out."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pyotp
import time_machine
from flask import Flask
from sqlalchemy import func, select

from app.extensions import db
from app.staff import auth
from app.staff.models import SignInThrottle
from tests.fixtures import staff as f
from tests.pages import PageClient

staff_db, staff_client = f.staff_db, f.staff_client  # fixtures
WRONG = "The email address or password is not right"


def attempt(client, email: str, password: str):
    pages = PageClient(client)
    token = pages.get("/staff/sign-in").csrf_token()
    return client.post("/staff/sign-in", data={"csrf_token": token, "email": email, "password": password})


def test_unknown_address_and_wrong_password_get_the_same_answer(staff_client) -> None:
    user = f.make_user("editor")
    unknown = attempt(staff_client, "nobody@example.org", f.PASSWORD).get_data(as_text=True)
    wrong = attempt(staff_client, user.email, "not the password at all").get_data(as_text=True)
    assert WRONG in unknown and WRONG in wrong
    assert "Error: Sign in" in unknown
    # The throttle table keeps no address, only a keyed hash of it.
    keys = db.session.scalars(select(SignInThrottle.key)).all()
    assert keys and all("@" not in key and len(key) == 64 for key in keys)


def test_password_field_allows_paste_and_password_managers(staff_client) -> None:
    page = PageClient(staff_client).get("/staff/sign-in")
    password = page.select("input", name="password")[0]
    assert password.get("autocomplete") == "current-password" and password.get("type") == "password"
    assert page.select("input", name="email")[0].get("autocomplete") == "username"
    assert "onpaste" not in page.html


def test_repeated_failures_lock_the_account_name_even_for_the_right_password(staff_client) -> None:
    user = f.make_user("editor")
    for _ in range(auth.FREE_FAILURES):
        assert WRONG in attempt(staff_client, user.email, "wrong password!!").get_data(as_text=True)
    locked = attempt(staff_client, user.email, f.PASSWORD)
    assert locked.status_code == 200 and "Too many failed attempts" in locked.get_data(as_text=True)
    # An unknown address is locked in the same way, so the lock says nothing about who has an account.
    for _ in range(auth.FREE_FAILURES):
        attempt(staff_client, "ghost@example.org", "whatever it is")
    assert "Too many failed attempts" in attempt(staff_client, "ghost@example.org", "x").get_data(
        as_text=True
    )


def test_the_lock_grows_with_each_failure() -> None:
    waits = [auth.lock_for(n).total_seconds() for n in range(1, 12)]
    assert waits[: auth.FREE_FAILURES - 1] == [0, 0]
    assert waits == sorted(waits) and waits[-1] == auth.MAX_LOCK.total_seconds()


def test_sign_in_posts_are_rate_limited_per_address(app: Flask, staff_client) -> None:
    statuses = [
        attempt(staff_client, f"rate{n}@example.org", "nope nope nope").status_code for n in range(12)
    ]
    assert statuses[:10] == [200] * 10 and statuses[-1] == 429


def test_totp_is_asked_after_the_password_and_a_code_works_once(staff_client) -> None:
    user = f.make_user("reviewer", totp=True)
    response = attempt(staff_client, user.email, f.PASSWORD)
    assert response.location.startswith("/staff/sign-in/code")
    assert staff_client.get("/staff/").status_code == 302  # not signed in yet
    pages = PageClient(staff_client)
    token = pages.get("/staff/sign-in/code").csrf_token()
    bad = staff_client.post("/staff/sign-in/code", data={"csrf_token": token, "code": "000000"})
    assert "security code is not right" in bad.get_data(as_text=True)
    code = f.current_code(user)
    assert (
        staff_client.post("/staff/sign-in/code", data={"csrf_token": token, "code": code}).status_code == 302
    )
    assert staff_client.get("/staff/").status_code == 200
    # The same code cannot be replayed in a second sign-in.
    other = staff_client.application.test_client()
    attempt(other, user.email, f.PASSWORD)
    token = PageClient(other).get("/staff/sign-in/code").csrf_token()
    replay = other.post("/staff/sign-in/code", data={"csrf_token": token, "code": code})
    assert replay.status_code == 200 and "already used" in replay.get_data(as_text=True)


def test_totp_steps_accept_clock_drift_of_one_step_only() -> None:
    secret = pyotp.random_base32()
    totp, now = pyotp.TOTP(secret), time.time()
    assert auth.totp_step(secret, totp.at(now - 30), None, now) is not None
    assert auth.totp_step(secret, totp.at(now - 90), None, now) is None
    step = auth.totp_step(secret, totp.at(now), None, now)
    assert auth.totp_step(secret, totp.at(now), step, now) is None  # replay


def test_admin_must_change_password_then_set_up_totp(staff_client) -> None:
    user = f.make_user("admin", totp=False)
    user.must_change_password = True
    db.session.flush()
    attempt(staff_client, user.email, f.PASSWORD)
    assert staff_client.get("/staff/reports").location == "/staff/account/password"
    pages = PageClient(staff_client)
    token = pages.get("/staff/account/password").csrf_token()
    short = pages.post(
        "/staff/account/password", {"csrf_token": token, "current": f.PASSWORD, "new": "short"}
    )
    assert "12 characters or more" in short.text
    new = "another long password 99"
    response = staff_client.post(
        "/staff/account/password", data={"csrf_token": token, "current": f.PASSWORD, "new": new}
    )
    assert response.status_code == 302
    assert staff_client.get("/staff/reports").location == "/staff/account/two-factor"
    page = pages.get("/staff/account/two-factor")
    secret = page.select("p", id="totp-secret")[0].text.replace(" ", "")
    assert "http" not in page.html.split("totp-secret")[1].split("</p>")[0]  # the key is text, no QR service
    qr = [svg for svg in page.doc.iter("{http://www.w3.org/2000/svg}svg") if svg.get("class") == "staff-qr"]
    assert qr and qr[0].get("role") == "img", "the set-up page shows a QR code (inline SVG)"
    done = pages.post(
        "/staff/account/two-factor", {"csrf_token": page.csrf_token(), "code": pyotp.TOTP(secret).now()}
    )
    assert "Your recovery codes" in done.text and "shown only once" in done.text
    codes = [" ".join(li.itertext()).strip() for li in done.doc.findall('.//ul[@id="recovery-codes"]/li')]
    assert len(set(codes)) == 10
    assert staff_client.get("/staff/reports").status_code == 200


def test_idle_sessions_end(staff_client) -> None:
    user = f.make_user("editor")
    with time_machine.travel(datetime(2026, 11, 30, 9, 0, tzinfo=UTC), tick=False) as clock:
        f.sign_in(staff_client, user)
        assert staff_client.get("/staff/centres").status_code == 200
        clock.shift(timedelta(minutes=29))
        assert staff_client.get("/staff/centres").status_code == 200  # activity keeps it alive
        clock.shift(timedelta(minutes=31))
        response = staff_client.get("/staff/centres")
        assert response.status_code == 302 and response.location.startswith("/staff/sign-in")
        assert "inactive" in PageClient(staff_client).get(response.location).text
        clock.shift(timedelta(seconds=-3600))  # even with the clock turned back, the session is gone
        assert staff_client.get("/staff/centres").status_code == 302


def test_sign_out_everywhere_ends_other_sessions(app: Flask, staff_client) -> None:
    user = f.make_user("editor")
    other = app.test_client()
    f.sign_in(staff_client, user)
    f.sign_in(other, user)
    assert other.get("/staff/centres").status_code == 200
    token = PageClient(staff_client).get("/staff/").csrf_token()
    staff_client.post("/staff/account/sign-out-everywhere", data={"csrf_token": token})
    assert other.get("/staff/centres").status_code == 302
    assert staff_client.get("/staff/centres").status_code == 302


def test_next_only_leads_inside_the_staff_area(staff_client) -> None:
    user = f.make_user("editor")
    pages = PageClient(staff_client)
    token = pages.get("/staff/sign-in").csrf_token()
    response = staff_client.post(
        "/staff/sign-in?next=https://evil.example/staff/",
        data={"csrf_token": token, "email": user.email, "password": f.PASSWORD},
    )
    assert response.location == "/staff/"


def test_create_staff_prints_a_one_time_password(app: Flask, staff_db) -> None:
    f.load_areas()
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["create-staff", "new.reviewer@example.org", "--role", "reviewer", "--area", f.EAST]
    )
    assert result.exit_code == 0, result.output
    password = result.output.split("One-time password: ")[1].split()[0]
    user = db.session.scalar(select(f.StaffUser).where(f.StaffUser.email == "new.reviewer@example.org"))
    assert user.must_change_password and auth.check_password(user.password_hash, password)
    assert [area.name for area in user.areas] == [f.EAST]
    again = runner.invoke(args=["create-staff", "x@example.org", "--role", "reviewer"])
    assert again.exit_code != 0 and "needs at least one --area" in again.output
    assert db.session.scalar(select(func.count()).select_from(f.StaffUser)) >= 1
