"""A centre worker trying to reach what is not theirs: other staff pages, any report's content, another
centre's listing (by id or slug in the address or the form), a forged role, a missing CSRF token. Every
refusal is "not found" (nothing is said about what exists) and leaves an audit row. Signing out, by
hand, everywhere or by the idle timeout, leaves nothing of a victim's report in the browser."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.staff.models import AuditEvent, StaffUser
from tests.fixtures import staff as f
from tests.pages import PageClient

staff_db, staff_client = f.staff_db, f.staff_client  # fixtures


@pytest.fixture
def setting(staff_db) -> dict:
    areas = f.load_areas()
    a, b = f.make_centre("Centre A"), f.make_centre("Centre B", point=f.CREWE)
    worker = f.make_user("centre", centre=a)
    own = f.make_report(f.CHESTER, name="Alex Victim")
    own.channel, own.centre_id, own.assisted_by_id = "assisted", a.id, worker.id
    other = f.make_report(f.CREWE)
    other.channel, other.centre_id = "assisted", b.id
    db.session.flush()
    return {"a": a, "b": b, "worker": worker, "own": own, "other": other, "areas": areas}


@pytest.fixture
def worker(staff_client: FlaskClient, setting: dict) -> FlaskClient:
    f.sign_in(staff_client, setting["worker"])
    return staff_client


def _token(client: FlaskClient) -> str:
    return PageClient(client).get("/staff/centre").csrf_token()


def test_other_staff_pages_are_not_found(worker: FlaskClient, setting: dict) -> None:
    own, other, b = setting["own"], setting["other"], setting["b"]
    for url in (
        "/staff/reports",
        f"/staff/reports/{own.id}",  # the centre's own report: its content is never theirs to read
        f"/staff/reports/{other.id}",
        "/staff/reports/export.csv",
        "/staff/reports/export-personal",
        "/staff/centres",
        f"/staff/centres/{b.id}",
        f"/staff/centres/{setting['a'].id}",  # their own centre, but through the editors' page
        "/staff/directory",
        "/staff/users",
        f"/staff/users/{setting['worker'].id}",
        "/staff/areas",
        "/staff/statistics",
        "/staff/statistics/open-data.csv",
        "/staff/audit",
    ):
        response = worker.get(url)
        assert response.status_code == 404, (url, response.status_code)
        assert "Alex Victim" not in response.get_data(as_text=True)
    token = _token(worker)
    for url, data in (
        (f"/staff/reports/{own.id}/status", {"status": "closed"}),
        (f"/staff/reports/{own.id}/notes", {"note": "hello"}),
        (f"/staff/centres/{b.id}", {"name": "Taken over", "postcode": "CH1 3BA"}),
        (f"/staff/centres/{b.id}/confirm", {}),
        ("/staff/users/new", {"email": "evil@example.org", "role": "admin"}),
        (f"/staff/users/{setting['worker'].id}", {"email": setting["worker"].email, "role": "admin"}),
    ):
        response = worker.post(url, data={"csrf_token": token, **data})
        assert response.status_code == 404, (url, response.status_code)
    db.session.expire_all()
    assert setting["b"].name == "Centre B" and setting["b"].last_checked is None
    assert setting["worker"].role == "centre"
    assert db.session.scalar(select(StaffUser).where(StaffUser.email == "evil@example.org")) is None
    refusals = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "access_refused", AuditEvent.actor_id == setting["worker"].id
        )
    ).all()
    assert {row.detail["status"] for row in refusals} == {404} and len(refusals) >= 21


def test_another_centres_listing_cannot_be_changed_by_naming_it(worker: FlaskClient, setting: dict) -> None:
    a, b = setting["a"], setting["b"]
    token = _token(worker)
    forged = {"centre_id": str(b.id), "centre": b.slug, "slug": b.slug, "id": str(b.id)}
    query = f"?centre_id={b.id}&centre={b.slug}"
    worker.post(
        f"/staff/centre/listing/access{query}",
        data={"csrf_token": token, "accessibility": ["parking"], "languages": ["pl"], **forged},
    )
    worker.post(f"/staff/centre/listing/still-right{query}", data={"csrf_token": token, **forged})
    hours = {"csrf_token": token, "bank_holidays": "open", **forged}
    for day in ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"):
        hours[f"{day}_open"] = "closed"
    worker.post(f"/staff/centre/listing/hours{query}", data=hours)
    worker.post(f"/staff/centre/listing/hours/check{query}", data={"csrf_token": token, **forged})
    db.session.expire_all()
    assert (a.accessibility, a.languages, a.opening_hours) == (["parking"], ["pl"], "off")
    assert a.last_checked is not None
    assert (b.accessibility, b.languages, b.opening_hours, b.last_checked) == (
        [],
        [],
        "Mo-Fr 09:00-17:00",
        None,
    )


def test_a_centre_address_does_not_exist(worker: FlaskClient, setting: dict) -> None:
    for url in (f"/staff/centre/{setting['b'].id}", f"/staff/centre/listing/{setting['b'].slug}"):
        assert worker.get(url).status_code == 404


def test_a_forged_role_in_a_form_changes_nothing(worker: FlaskClient, setting: dict) -> None:
    token = _token(worker)
    response = worker.post(
        "/staff/centre/listing/access",
        data={
            "csrf_token": token,
            "role": "admin",
            "centre_id": str(setting["b"].id),
            "accessibility": ["bsl"],
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert setting["worker"].role == "centre" and setting["worker"].centre_id == setting["a"].id
    assert worker.get("/staff/users").status_code == 404


def test_without_the_csrf_token_nothing_is_changed(worker: FlaskClient, setting: dict) -> None:
    for url, data in (
        ("/staff/centre/listing/access", {"accessibility": ["parking"]}),
        ("/staff/centre/listing/still-right", {}),
        ("/staff/centre/listing/hours/check", {}),
    ):
        response = worker.post(url, data=data)
        assert response.status_code == 400, url
        assert "This form was open for too long" in response.get_data(as_text=True)
    db.session.expire_all()
    assert setting["a"].accessibility == [] and setting["a"].last_checked is None


def test_a_worker_of_another_role_cannot_use_the_centre_pages(
    staff_client: FlaskClient, setting: dict
) -> None:
    f.sign_in(staff_client, f.make_user("editor"))
    for url in ("/staff/centre", "/staff/centre/listing", "/staff/centre/listing/hours"):
        assert staff_client.get(url).status_code == 403, url


# --- signing out leaves nothing in the browser ------------------------------------------------------------


def _plant_draft(client: FlaskClient) -> None:
    with client.session_transaction() as session:
        session["report_draft"] = "a-draft-token"
        session["report_submitted"] = "HC-ABCD-EFGH"


def _session_keys(client: FlaskClient) -> set[str]:
    with client.session_transaction() as session:
        return set(session.keys())


def test_sign_out_clears_the_session_and_the_site_data(worker: FlaskClient) -> None:
    token = _token(worker)
    _plant_draft(worker)
    response = worker.post("/staff/sign-out", data={"csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
    assert not {key for key in _session_keys(worker) if key.startswith("report_") or key == "_user_id"}


def test_sign_out_everywhere_clears_the_session_and_the_site_data(worker: FlaskClient) -> None:
    token = _token(worker)
    _plant_draft(worker)
    response = worker.post("/staff/account/sign-out-everywhere", data={"csrf_token": token})
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
    assert not {key for key in _session_keys(worker) if key.startswith("report_") or key == "_user_id"}


def test_the_idle_timeout_clears_the_session_and_the_site_data(
    staff_client: FlaskClient, setting: dict
) -> None:
    start = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        f.sign_in(staff_client, setting["worker"])
        _plant_draft(staff_client)
        clock.shift(timedelta(minutes=31))
        response = staff_client.get("/staff/centre")
        assert response.status_code == 302 and response.location.startswith("/staff/sign-in")
        # The cache, not the tab's storage: that keeps a staff note being typed over the new sign-in.
        assert response.headers["Clear-Site-Data"] == '"cache"'
        assert not {key for key in _session_keys(staff_client) if key.startswith("report_")}
        assert "inactive" in PageClient(staff_client).get(response.location).text
