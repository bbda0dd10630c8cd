"""Auditing cannot be forgotten: every ``staff.*`` endpoint (from ``app.url_map``) is either listed here as
showing no personal data, or is used for real and must leave its audit row, with who and from where.

A new endpoint that is in neither list fails the first test, so it has to be classified the day it is added.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyotp
from flask import Flask
from sqlalchemy import select

from app.extensions import db
from app.geo.importers import import_postcodes
from app.report.models import Report
from app.staff.models import AuditEvent
from tests.fixtures import staff as f

staff_db, staff_client, world = f.staff_db, f.staff_client, f.world  # fixtures
CODEPOINT = "geo/codepoint_open_2014_CH_CW_WA_SK_sample.csv"
CSV = (
    "name,address,town,postcode,latitude,longitude,opening_hours\n"
    "Audit Library,1 High St,Chester,CH1 3BA,53.1943,-2.8823,Mo-Fr 09:00-17:00\n"
)

#: Pages and answers without personal data: forms, lists of references and categories, counts, maps of
#: district counts, public centres and services. (Their changes are audited through the POST entries.)
NO_PERSONAL_DATA = {
    ("staff.index", "GET"),
    ("staff.reports", "GET"),  # references, categories and status only
    ("staff.areas", "GET"),
    ("staff.centres", "GET"),
    ("staff.services", "GET"),
    ("staff.new_centre", "GET"),
    ("staff.edit_centre", "GET"),
    ("staff.centre_map", "GET"),
    ("staff.centre_map_script", "GET"),
    ("staff.edit_service", "GET"),
    ("staff.import_upload", "GET"),
    ("staff.new_user", "GET"),
    ("staff.export_personal", "GET"),  # the password form
    ("staff.statistics", "GET"),  # counts for the user's own areas
    ("staff.density_map", "GET"),
    ("staff.density_script", "GET"),  # district counts, small numbers hidden
    ("staff.sign_in", "GET"),
    ("staff.sign_in_code", "GET"),
    ("staff.change_password", "GET"),
    ("staff.two_factor", "GET"),
    ("staff.stay_signed_in", "POST"),  # keeps the user's own session alive; shows nothing
    ("staff.centre_home", "GET"),  # the centre's sent reports: reference, date and progress only
    ("staff.centre_listing", "GET"),
    ("staff.centre_hours", "GET"),
    ("staff.centre_hours", "POST"),  # checks the form only; the check step saves
    ("staff.centre_hours_check", "GET"),
    ("staff.centre_access", "GET"),
}


def _centre_form(w: dict) -> dict:
    return {"name": "Audit Hub", "postcode": "CH1 3BA", "opening_hours": "Mo-Fr 09:00-17:00"}


def _upload(w: dict) -> dict:
    return {"file": (io.BytesIO(CSV.encode()), "centres.csv")}


#: (endpoint, method) → (the action it must record, the form it sends). The form's csrf_token is added.
AUDITED: dict[tuple[str, str], tuple[str, Callable[[dict], dict]]] = {
    ("staff.report", "GET"): ("report_view", lambda w: {}),
    ("staff.export_reports", "GET"): ("report_export", lambda w: {}),
    ("staff.export_personal", "POST"): ("report_export", lambda w: {"password": f.PASSWORD}),
    ("staff.open_data_csv", "GET"): ("statistics_export", lambda w: {}),
    ("staff.open_data_json", "GET"): ("statistics_export", lambda w: {}),
    ("staff.users", "GET"): ("users_listed", lambda w: {}),
    ("staff.edit_user", "GET"): ("user_viewed", lambda w: {}),
    ("staff.audit_log", "GET"): ("audit_viewed", lambda w: {}),
    ("staff.report_status", "POST"): ("report_status", lambda w: {"status": "in_review"}),
    ("staff.report_note", "POST"): ("report_note", lambda w: {"note": "Rang back"}),
    ("staff.report_assign", "POST"): ("report_assign", lambda w: {"assignee": str(w["admin"].id)}),
    ("staff.report_link", "POST"): ("report_linked", lambda w: {}),
    ("staff.new_user", "POST"): (
        "user_created",
        lambda w: {"email": "audit.new@example.org", "role": "editor"},
    ),
    ("staff.edit_user", "POST"): (
        "user_updated",
        lambda w: {"email": w["users"]["editor"].email, "role": "editor", "active": "y"},
    ),
    ("staff.reset_user", "POST"): ("user_reset", lambda w: {}),
    ("staff.default_area", "POST"): ("area_default", lambda w: {}),
    ("staff.new_centre", "POST"): ("centre_created", _centre_form),
    ("staff.edit_centre", "POST"): ("centre_updated", _centre_form),
    ("staff.confirm_centre", "POST"): ("centre_confirmed", lambda w: {}),
    ("staff.centre_active", "POST"): ("centre_deactivated", lambda w: {}),
    ("staff.edit_service", "POST"): (
        "service_updated",
        lambda w: {"name": "Audit service", "status": "active"},
    ),
    ("staff.confirm_service", "POST"): ("service_confirmed", lambda w: {}),
    ("staff.import_upload", "POST"): ("import_previewed", _upload),
    ("staff.import_confirm", "POST"): ("import_confirmed", lambda w: {"token": w["pending"]}),
    ("staff.two_factor", "POST"): ("two_factor_enabled", lambda w: {}),  # own flow below
    ("staff.change_password", "POST"): ("password_changed", lambda w: {}),  # own flow below
    ("staff.sign_in", "POST"): ("sign_in_failed", lambda w: {}),  # own flow below
    ("staff.sign_in_code", "POST"): ("sign_in_failed", lambda w: {}),  # own flow below
    ("staff.sign_out_everywhere", "POST"): ("sign_out_everywhere", lambda w: {}),  # own flow below
    ("staff.sign_out", "POST"): ("sign_out", lambda w: {}),  # own flow below
    ("staff.centre_hours_check", "POST"): ("centre_updated", lambda w: {}),  # a centre worker's, below
    ("staff.centre_access", "POST"): ("centre_updated", lambda w: {"accessibility": "step-free"}),
    ("staff.centre_still_right", "POST"): ("centre_confirmed", lambda w: {}),
}
#: A centre worker's own listing: only they may change it, so they are the actor.
CENTRE_FLOW = {
    ("staff.centre_hours_check", "POST"),
    ("staff.centre_access", "POST"),
    ("staff.centre_still_right", "POST"),
}
#: Signing in and out and the user's own account: checked in their own flow (they change who is signed in).
OWN_FLOW = {
    key
    for key in AUDITED
    if key[0].startswith("staff.sign") or key[0] in {"staff.two_factor", "staff.change_password"}
}


def _pairs(app: Flask) -> set[tuple[str, str]]:
    return {(rule.endpoint, method) for rule in f.staff_rules(app) for method in f.methods(rule)}


def _new_rows(after: int) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.id > after).order_by(AuditEvent.id)))


def _last_id() -> int:
    return db.session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1)) or 0


def test_every_staff_endpoint_is_classified(app: Flask) -> None:
    pairs = _pairs(app)
    unclassified = pairs - NO_PERSONAL_DATA - set(AUDITED)
    assert not unclassified, f"say whether these show or change personal data, and audit them: {unclassified}"
    assert not (NO_PERSONAL_DATA & set(AUDITED))
    assert not (set(AUDITED) | NO_PERSONAL_DATA) - pairs, "entries for endpoints that no longer exist"


def test_every_endpoint_that_reveals_or_changes_data_leaves_an_audit_row(
    app: Flask, staff_client, world: dict, test_data: Path
) -> None:
    import_postcodes(test_data / CODEPOINT)
    admin = world["users"]["admin"]
    # The whole session from one browser (a new user agent mid-session would end it: session protection).
    staff_client.environ_base["HTTP_USER_AGENT"] = "AuditCheck/1.0"
    f.sign_in(staff_client, admin)
    token = f.csrf(staff_client, "/staff/")
    state: dict[str, Any] = {**world, "admin": admin}
    ordered = sorted(
        set(AUDITED) - OWN_FLOW - CENTRE_FLOW, key=lambda key: key != ("staff.import_upload", "POST")
    )
    for endpoint, method in ordered:
        action, form = AUDITED[(endpoint, method)]
        if endpoint == "staff.import_confirm":
            assert "pending" in state, "the upload runs first"
        rule = next(r for r in f.staff_rules(app) if r.endpoint == endpoint)
        url = f.url_for_rule(app, rule, world["values"])
        before = _last_id()
        if method == "GET":
            response = staff_client.get(url)
        else:
            response = staff_client.post(url, data={"csrf_token": token, **form(state)})
        assert response.status_code < 400, (endpoint, method, response.status_code)
        if endpoint == "staff.import_upload":
            assert 'name="token"' in response.get_data(as_text=True), response.get_data(as_text=True)[-3000:]
            state["pending"] = response.get_data(as_text=True).split('name="token" value="')[1].split('"')[0]
        rows = [row for row in _new_rows(before) if row.action == action]
        assert rows, f"{method} {endpoint} left no {action!r} audit row"
        assert rows[0].actor_id == admin.id and rows[0].user_agent == "AuditCheck/1.0", endpoint
        assert str(rows[0].source_address) == "127.0.0.1", endpoint
    # The export records which reports it held: an administrator's export holds every report there is
    # (this test's two, and any that other tests committed to the same database).
    exports = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "report_export")).all()
    every = tuple(sorted(db.session.scalars(select(Report.id))))
    assert {world["report"].id, world["other"].id} <= set(every)
    assert {(row.detail["personal"], tuple(sorted(row.detail["ids"]))) for row in exports} == {
        (False, every),
        (True, every),
    }


def test_signing_in_and_out_and_account_changes_are_audited(app: Flask, staff_client) -> None:
    f.load_areas()
    user = f.make_user("reviewer", totp=False)
    before = _last_id()
    bad = app.test_client()
    bad.post(
        "/staff/sign-in",
        data={"csrf_token": f.csrf(bad, "/staff/sign-in"), "email": user.email, "password": "wrong one"},
    )
    f.sign_in(staff_client, user)
    pages_token = f.csrf(staff_client, "/staff/account/two-factor")
    secret = staff_client.get("/staff/account/two-factor").get_data(as_text=True)
    secret = secret.split('id="totp-secret">')[1].split("<")[0].replace(" ", "")
    staff_client.post(
        "/staff/account/two-factor", data={"csrf_token": pages_token, "code": pyotp.TOTP(secret).now()}
    )
    staff_client.post(
        "/staff/account/password",
        data={"csrf_token": pages_token, "current": f.PASSWORD, "new": "a fresh long passphrase 31"},
    )
    code_client = app.test_client()
    code_client.post(
        "/staff/sign-in",
        data={
            "csrf_token": f.csrf(code_client, "/staff/sign-in"),
            "email": user.email,
            "password": "a fresh long passphrase 31",
        },
    )
    code_client.post(
        "/staff/sign-in/code",
        data={"csrf_token": f.csrf(code_client, "/staff/sign-in/code"), "code": "000000"},
    )
    staff_client.post("/staff/account/sign-out-everywhere", data={"csrf_token": pages_token})
    rows = [
        (row.action, row.detail.get("factor")) for row in _new_rows(before) if row.object_id == str(user.id)
    ]
    for expected in (
        ("sign_in_failed", "password"),
        ("sign_in", None),
        ("two_factor_enabled", None),
        ("password_changed", None),
        ("sign_in_failed", "totp"),
        ("sign_out_everywhere", None),
    ):
        assert expected in rows, expected
    # Plain sign-out.
    other = f.make_user("editor")
    f.sign_in(staff_client, other)
    staff_client.post("/staff/sign-out", data={"csrf_token": f.csrf(staff_client, "/staff/")})
    assert ("sign_out", None) in [(r.action, None) for r in _new_rows(before) if r.object_id == str(other.id)]


def test_a_centre_workers_listing_changes_are_audited(app: Flask, staff_client, world: dict) -> None:
    worker = world["users"]["centre"]
    staff_client.environ_base["HTTP_USER_AGENT"] = "AuditCheck/1.0"
    f.sign_in(staff_client, worker)
    token = f.csrf(staff_client, "/staff/centre")
    hours = {"csrf_token": token, "bank_holidays": "closed"}
    for day in ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"):
        hours[f"{day}_open"] = "closed"
    assert staff_client.post("/staff/centre/listing/hours", data=hours).status_code == 303
    for endpoint, method in sorted(CENTRE_FLOW):
        action, form = AUDITED[(endpoint, method)]
        rule = next(r for r in f.staff_rules(app) if r.endpoint == endpoint)
        before = _last_id()
        url = f.url_for_rule(app, rule, {})
        response = staff_client.post(url, data={"csrf_token": token, **form(world)})
        assert response.status_code < 400, (endpoint, response.status_code)
        rows = [row for row in _new_rows(before) if row.action == action]
        assert rows, f"{method} {endpoint} left no {action!r} audit row"
        assert rows[0].actor_id == worker.id and rows[0].object_id == str(worker.centre_id), endpoint
        assert rows[0].detail["by"] == "centre" and rows[0].user_agent == "AuditCheck/1.0", endpoint
