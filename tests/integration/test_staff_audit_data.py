"""Audit rows for every action (append-only, no personal data), imports previewed before writing,
centre editing, statistics with small numbers suppressed, and retention."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
import sqlalchemy
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from app import crypto
from app.centres.models import Centre
from app.directory.models import Service
from app.extensions import db
from app.report.models import Report
from app.staff.models import AuditEvent, ReportNote, ReportTriage
from app.staff.queries import catalogue, routing, stats, triage
from tests.fixtures import staff as f
from tests.pages import PageClient

staff_db, staff_client = f.staff_db, f.staff_client  # fixtures

CSV_HEADER = "name,address,town,postcode,latitude,longitude,opening_hours\n"


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_each_action_writes_an_audit_row_without_personal_data(staff_client) -> None:
    areas = f.load_areas()
    report = f.make_report(f.CHESTER, name="Jordan Secretname")
    admin = f.make_user("admin")
    f.sign_in(staff_client, admin)
    pages = PageClient(staff_client)
    token = pages.get(f"/staff/reports/{report.id}").csrf_token()
    staff_client.post(f"/staff/reports/{report.id}/status", data={"csrf_token": token, "status": "in_review"})
    staff_client.post(
        f"/staff/reports/{report.id}/notes", data={"csrf_token": token, "note": "Jordan rang back"}
    )
    staff_client.post(
        f"/staff/reports/{report.id}/assign", data={"csrf_token": token, "assignee": str(admin.id)}
    )
    staff_client.post("/staff/reports/export-personal", data={"csrf_token": token, "password": f.PASSWORD})
    staff_client.get("/staff/statistics/open-data.csv")
    other = staff_client.application.test_client()
    other.post(
        "/staff/sign-in",
        data={
            "csrf_token": f.csrf(other, "/staff/sign-in"),
            "email": admin.email,
            "password": "wrong password here",
        },
    )
    logged = actions()
    for action in (
        "sign_in",
        "report_view",
        "report_status",
        "report_note",
        "report_assign",
        "report_export",
        "statistics_export",
        "sign_in_failed",
    ):
        assert action in logged, action
    rows = db.session.scalars(
        select(AuditEvent).where(AuditEvent.object_type == "report", AuditEvent.object_id == str(report.id))
    ).all()
    assert {row.actor_id for row in rows} == {admin.id}
    status = next(row for row in rows if row.action == "report_status")
    assert status.detail == {"old": "new", "new": "in_review"}
    dump = json.dumps([[r.action, r.object_id, r.detail] for r in db.session.scalars(select(AuditEvent))])
    assert "Jordan" not in dump and "@" not in dump and "CH1" not in dump
    # The admin can read and filter the log.
    page = pages.get("/staff/audit?action=report_status")
    cells = [" ".join(td.itertext()) for td in page.doc.iter("td")]
    assert "1 event" in page.text and "report_status" in cells and "report_note" not in cells
    del areas


def test_the_audit_log_refuses_update_and_delete(app) -> None:
    # The app's own login may not even try (tests/integration/test_staff_audit_role.py); the trigger
    # stops the tables' owner too, unless it is switched off on purpose.
    owner_url = app.config["MIGRATION_DATABASE_URL"] or app.config["SQLALCHEMY_DATABASE_URI"]
    engine = sqlalchemy.create_engine(owner_url, poolclass=sqlalchemy.pool.NullPool)
    with engine.connect() as owner:
        owner.execute(text("INSERT INTO audit_event (action, object_type) VALUES ('test_event', 'thing')"))
        for statement in ("UPDATE audit_event SET action = 'changed'", "DELETE FROM audit_event"):
            with pytest.raises(DBAPIError, match="append-only"), owner.begin_nested():
                owner.execute(text(statement))
        owner.rollback()


def test_centre_import_preview_writes_nothing_until_confirmed(staff_client) -> None:
    f.sign_in(staff_client, f.make_user("editor"))
    before = db.session.scalar(select(func.count()).select_from(Centre))
    body = (
        CSV_HEADER + "Test Library One,1 High St,Chester,CH1 3BA,53.1943,-2.8823,Mo-Fr 09:00-17:00\n"
        "Test Library Two,2 Low St,Crewe,CW1 2AP,53.0992,-2.4354,Mo-Fr 25:00-26:00\n"
    )
    pages = PageClient(staff_client)
    token = pages.get("/staff/import/centres").csrf_token()
    response = staff_client.post(
        "/staff/import/centres",
        data={"csrf_token": token, "file": (io.BytesIO(body.encode()), "centres.csv")},
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert "line 3: opening_hours" in html and "Import these entries" not in html
    assert db.session.scalar(select(func.count()).select_from(Centre)) == before
    good = body.splitlines(keepends=True)[:2]
    response = staff_client.post(
        "/staff/import/centres",
        data={"csrf_token": token, "file": (io.BytesIO("".join(good).encode()), "centres.csv")},
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert "1 entry to add" in html and "Test Library One" in html
    assert db.session.scalar(select(func.count()).select_from(Centre)) == before
    pending = html.split('name="token" value="')[1].split('"')[0]
    staff_client.post("/staff/import/centres/confirm", data={"csrf_token": token, "token": pending})
    assert db.session.scalar(select(func.count()).select_from(Centre)) == before + 1
    # The same file again: now a change, not an addition.
    response = staff_client.post(
        "/staff/import/centres",
        data={"csrf_token": token, "file": (io.BytesIO("".join(good).encode()), "centres.csv")},
        content_type="multipart/form-data",
    )
    assert "1 entry to change" in response.get_data(as_text=True)


def test_open_referral_import_preview_writes_nothing_until_confirmed(staff_client, test_data) -> None:
    f.sign_in(staff_client, f.make_user("editor"))
    service = {
        "id": "6a3e1c7e-2d0c-4a53-9c47-0f1d6f0b5a11",
        "name": "Test listening service",
        "status": "active",
        "organization": {"id": "0b6f1c4e-7a3e-4f6c-9c1d-3b2a5e7d9f10", "name": "Test organisation"},
    }
    before = db.session.scalar(select(func.count()).select_from(Service))
    token = PageClient(staff_client).get("/staff/import/services").csrf_token()
    response = staff_client.post(
        "/staff/import/services",
        data={"csrf_token": token, "file": (io.BytesIO(json.dumps([service]).encode()), "services.json")},
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert "1 entry to add" in html, html[-2000:]
    assert db.session.scalar(select(func.count()).select_from(Service)) == before
    pending = html.split('name="token" value="')[1].split('"')[0]
    staff_client.post("/staff/import/services/confirm", data={"csrf_token": token, "token": pending})
    assert db.session.scalar(select(func.count()).select_from(Service)) == before + 1
    # The HSDS example file (placeholder coordinates) is refused with the reasons, and writes nothing.
    example = next((test_data / "openreferral").rglob("*.json"), None)
    if example is not None:
        response = staff_client.post(
            "/staff/import/services",
            data={"csrf_token": token, "file": (io.BytesIO(example.read_bytes()), "example.json")},
            content_type="multipart/form-data",
        )
        assert response.status_code == 200
        assert db.session.scalar(select(func.count()).select_from(Service)) == before + 1


def test_editing_a_centre_validates_hours_geocodes_and_confirms(staff_client) -> None:
    db.session.execute(
        text(
            "INSERT INTO postcode (postcode, outward, location, source) VALUES "
            "('CH1 3BA', 'CH1', ST_SetSRID(ST_MakePoint(-2.882315, 53.194354), 4326)::geography, 'test') "
            "ON CONFLICT DO NOTHING"
        )
    )
    f.sign_in(staff_client, f.make_user("editor"))
    pages = PageClient(staff_client)
    token = pages.get("/staff/centres/new").csrf_token()
    data = {"csrf_token": token, "name": "Test Hub", "postcode": "ch1 3ba", "opening_hours": "Mo-Fr 9-99"}
    page = pages.post("/staff/centres/new", data)
    assert "Opening hours are not in a form we understand" in page.text
    data["opening_hours"] = "Mo-Fr 09:00-17:00; PH off"
    response = staff_client.post("/staff/centres/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
    centre = db.session.scalar(select(Centre).where(Centre.name == "Test Hub"))
    assert centre.postcode == "CH1 3BA" and centre.last_checked is None
    assert centre.id in {c.id for c in catalogue.list_centres(f.now().date(), stale_only=True).items}
    edit_page = pages.get(f"/staff/centres/{centre.id}")
    preview = edit_page.select("iframe", class_="st-map")[0]
    assert preview.get("title") == "Map of Test Hub"
    document = staff_client.get(preview.get("src"))
    policy = document.headers["Content-Security-Policy"]
    assert "img-src 'self' data: https://tile.openstreetmap.org" in policy
    assert "<script>" not in document.get_data(as_text=True)
    script = staff_client.get(f"/staff/centres/{centre.id}/map.js").get_data(as_text=True)
    assert "53.194354" in script and "-2.882315" in script
    staff_client.post(f"/staff/centres/{centre.id}/confirm", data={"csrf_token": token})
    db.session.expire_all()
    assert db.session.get(Centre, centre.id).last_checked == f.now().date()
    staff_client.post(f"/staff/centres/{centre.id}/active", data={"csrf_token": token})
    db.session.expire_all()
    assert db.session.get(Centre, centre.id).active is False
    assert {"centre_created", "centre_confirmed", "centre_deactivated"} <= set(actions())


def test_entries_not_checked_for_a_year_are_listed(staff_db) -> None:
    today = f.now().date()
    fresh = Centre(slug="fresh-x", name="Fresh", location="SRID=4326;POINT(-2.9 53.2)", last_checked=today)
    old = Centre(
        slug="old-x",
        name="Old",
        location="SRID=4326;POINT(-2.9 53.2)",
        last_checked=today - timedelta(days=400),
    )
    db.session.add_all([fresh, old])
    db.session.flush()
    stale = {c.slug for c in catalogue.list_centres(today, stale_only=True, search="").items}
    assert "old-x" in stale and "fresh-x" not in stale


def test_small_numbers_are_suppressed_in_open_data(staff_client) -> None:
    f.load_areas()
    for _ in range(6):
        f.make_report(f.CHESTER, strands=["race"])
    for _ in range(2):
        f.make_report(f.CHESTER, strands=["disability"])
    assert [stats.suppress(n) for n in (0, 1, 4, 5, 12)] == [0, None, None, 5, 12]
    f.sign_in(staff_client, f.make_user("admin"))
    month = f.now().strftime("%Y-%m")
    rows = list(
        csv.DictReader(
            io.StringIO(staff_client.get("/staff/statistics/open-data.csv").get_data().decode("utf-8-sig"))
        )
    )
    this_month = {(r["dimension"], r["category"]): r for r in rows if r["month"] == month}
    assert this_month[("strand", "race")]["count"] == "6"
    assert this_month[("strand", "disability")] == {
        "month": month,
        "dimension": "strand",
        "category": "disability",
        "count": "",
        "suppressed": "yes",
    }
    body = staff_client.get("/staff/statistics/open-data.json").get_json()
    assert {"month": month, "dimension": "strand", "category": "disability", "count": None} in body["rows"]
    page = PageClient(staff_client).get("/staff/statistics")
    svgs = [el for el in page.doc.iter() if isinstance(el.tag, str) and el.tag.endswith("svg")]
    assert len(svgs) == 4
    for svg in svgs:
        titles = [el for el in svg.iter() if isinstance(el.tag, str) and el.tag.endswith("title")]
        assert svg.get("role") == "img" and svg.get("aria-label") and titles
        assert all(el.get("style") is None for el in svg.iter())
    assert "Reports by reason" in page.text and page.select("table")


def test_retention_anonymises_old_reports_and_keeps_counts(app, staff_db) -> None:
    f.load_areas()
    old = f.make_report(f.CHESTER, submitted_at=f.now() - timedelta(days=3000), name="Old Name")
    new = f.make_report(f.CHESTER, submitted_at=f.now() - timedelta(days=10), name="New Name")
    admin = f.make_user("admin")
    triage.add_note(admin, old.id, "Spoke to Old Name")
    result = app.test_cli_runner().invoke(args=["apply-retention"])
    assert result.exit_code == 0, result.output
    assert "Anonymised 1 report(s)" in result.output
    db.session.expire_all()
    assert crypto.decrypt_json(db.session.get(Report, old.id).details) == {}
    assert "New Name" in crypto.decrypt_json(db.session.get(Report, new.id).details).values()
    assert db.session.get(ReportTriage, old.id).anonymised_at is not None
    assert not db.session.scalars(select(ReportNote).where(ReportNote.report_id == old.id)).all()
    assert routing.report_area_names(old.id) == [f.WEST]  # still counted in its area
    assert db.session.get(Report, old.id).strands == ["race"]
    again = app.test_cli_runner().invoke(args=["apply-retention"])
    assert "Anonymised 0 report(s)" in again.output
