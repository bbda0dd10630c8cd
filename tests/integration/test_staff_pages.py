"""Every staff page an admin or editor can open passes the whole-app page checks; the demo seed works."""

from __future__ import annotations

from flask import Flask

from app.staff import demo
from tests.fixtures import staff as f
from tests.pages import PageClient

staff_db, staff_client = f.staff_db, f.staff_client  # fixtures


def test_staff_pages_pass_the_page_checks(app: Flask, staff_client) -> None:
    areas = f.load_areas()
    report = f.make_report(f.CHESTER)
    admin = f.make_user("admin")
    f.sign_in(staff_client, admin)
    pages = PageClient(staff_client)
    urls = [
        "/staff/",
        "/staff/reports",
        "/staff/reports?status=new&strand=race",
        "/staff/reports?received_from=2026-02-31&sort=oldest",
        "/staff/reports/export-personal",
        f"/staff/reports/{report.id}",
        "/staff/users",
        "/staff/users/new",
        f"/staff/users/{admin.id}",
        "/staff/areas",
        "/staff/audit",
        "/staff/centres",
        "/staff/centres?stale=1",
        "/staff/centres/new",
        "/staff/directory",
        "/staff/directory?stale=1",
        "/staff/import/centres",
        "/staff/import/services",
        "/staff/statistics",
        "/staff/statistics?map=1",
        "/staff/account/password",
        "/staff/account/two-factor",
    ]
    for url in urls:
        page = pages.get(url)
        assert page.h1, url
        assert page.response.headers["Cache-Control"] == "no-store"
    assert report.reference in pages.get("/staff/reports?strand=race&incident_type=threats").text
    assert report.reference not in pages.get("/staff/reports?strand=disability").text
    assert report.reference not in pages.get("/staff/reports?status=closed").text
    assert areas


def test_demo_seed_gives_a_fresh_one_time_password_each_time(app: Flask, staff_db) -> None:
    first, second = demo.seed(), demo.seed()
    password = first.split("one-time password ")[1].split()[0]
    assert password != second.split("one-time password ")[1].split()[0]
    assert demo.DEMO_ADMIN in first and "example areas" in first


def test_staff_pages_have_no_exit_button_or_999_strip_but_public_pages_do(staff_client) -> None:
    f.sign_in(staff_client, f.make_user("editor"))
    pages = PageClient(staff_client)
    staff = pages.get("/staff/centres")
    assert "Exit this page" not in staff.text and "999" not in staff.text
    public = pages.get("/")
    assert "Exit this page" in public.text and "999" in public.text
