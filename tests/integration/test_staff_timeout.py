"""The timeout warning on staff pages and its "Stay signed in" endpoint (CSRF, refused once ended)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine

from tests.fixtures import staff as f
from tests.pages import PageClient

staff_db, staff_client = f.staff_db, f.staff_client  # fixtures
STAY = "/staff/account/stay-signed-in"
JSON = {"Accept": "application/json"}
START = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def test_signed_in_pages_carry_the_warning_with_both_choices(staff_client) -> None:
    f.sign_in(staff_client, f.make_user("editor"))
    page = PageClient(staff_client).get("/staff/centres")
    (dialog,) = page.select("dialog", id="st-timeout")
    assert dialog.get("data-idle-seconds") == "1800" and dialog.get("data-warn-seconds") == "120"
    assert dialog.get("data-return") == "/staff/centres"
    text = " ".join("".join(dialog.itertext()).split())
    assert "You’re about to be signed out" in text and "we will sign you out in" in text
    forms = dialog.findall(".//form")
    assert [form.get("action") for form in forms] == [STAY, "/staff/sign-out"]
    assert all(form.find(".//input[@name='csrf_token']").get("value") for form in forms)
    assert [" ".join("".join(b.itertext()).split()) for b in dialog.iter("button")] == [
        "Stay signed in",
        "Sign out",
    ]


def test_sign_in_page_has_no_warning(staff_client) -> None:
    assert not PageClient(staff_client).get("/staff/sign-in").select("dialog")


def test_stay_signed_in_keeps_the_session_past_the_old_timeout(staff_client) -> None:
    with time_machine.travel(START, tick=False) as clock:
        f.sign_in(staff_client, f.make_user("editor"))
        token = PageClient(staff_client).get("/staff/centres").csrf_token()
        clock.shift(timedelta(minutes=29))
        response = staff_client.post(STAY, data={"csrf_token": token}, headers=JSON)
        assert response.status_code == 200 and response.json == {"idle_seconds": 1800}
        clock.shift(timedelta(minutes=29))  # 58 minutes after the last page: alive thanks to the POST
        assert staff_client.get("/staff/centres").status_code == 200


def test_without_the_warning_the_session_would_have_ended(staff_client) -> None:
    with time_machine.travel(START, tick=False) as clock:
        f.sign_in(staff_client, f.make_user("editor"))
        clock.shift(timedelta(minutes=58))
        assert staff_client.get("/staff/centres").status_code == 302


def test_stay_signed_in_is_refused_once_the_session_ended(staff_client) -> None:
    with time_machine.travel(START, tick=False) as clock:
        f.sign_in(staff_client, f.make_user("editor"))
        token = PageClient(staff_client).get("/staff/centres").csrf_token()
        clock.shift(timedelta(minutes=31))
        response = staff_client.post(STAY, data={"csrf_token": token, "next": "/staff/centres"}, headers=JSON)
        assert response.status_code == 302 and response.location.startswith("/staff/sign-in")
        assert "inactive" in PageClient(staff_client).get(response.location).text
        # Signing in again is the only way back: the ended session stays ended. (The timeout cleared the
        # whole session, the form token with it, so the old token is now refused as too old.)
        assert staff_client.post(STAY, data={"csrf_token": token}, headers=JSON).status_code == 400
        assert staff_client.get("/staff/centres").location.startswith("/staff/sign-in")


def test_stay_signed_in_needs_the_csrf_token(staff_client) -> None:
    f.sign_in(staff_client, f.make_user("editor"))
    response = staff_client.post(STAY, data={}, headers=JSON)
    assert response.status_code == 400
    assert "This form was open for too long" in response.get_data(as_text=True)


def test_stay_signed_in_is_refused_when_not_signed_in(staff_client) -> None:
    token = PageClient(staff_client).get("/staff/sign-in").csrf_token()
    response = staff_client.post(STAY, data={"csrf_token": token}, headers=JSON)
    assert response.status_code == 302 and response.location.startswith("/staff/sign-in")


def test_without_javascript_the_form_goes_back_to_the_page(staff_client) -> None:
    f.sign_in(staff_client, f.make_user("editor"))
    token = PageClient(staff_client).get("/staff/centres").csrf_token()
    response = staff_client.post(STAY, data={"csrf_token": token, "next": "/staff/centres"})
    assert response.status_code == 302 and response.location == "/staff/centres"
    assert "You are still signed in." in PageClient(staff_client).get(response.location).text
    # Only a page inside the staff area is followed.
    response = staff_client.post(STAY, data={"csrf_token": token, "next": "https://example.com/staff/"})
    assert response.location == "/staff/"
