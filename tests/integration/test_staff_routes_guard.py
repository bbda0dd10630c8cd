"""Every registered ``staff.*`` endpoint refuses the anonymous, the wrong role and the wrong area.

Endpoints come from ``app.url_map``, so a new route is covered the day it is added; URL arguments are
filled with real ids. Set STAFF_ROUTE_TABLE=1 (with ``-s``) to print what each anonymous request got.
"""

from __future__ import annotations

import os
import sys
import uuid

import pytest
from flask import Flask
from werkzeug.routing import Rule

from app.centres.models import Centre
from app.directory.models import Organisation, Service
from app.extensions import db
from app.staff import auth
from tests.fixtures import staff as f

ROLES = ("admin", "reviewer", "editor")
staff_db, staff_client = f.staff_db, f.staff_client  # fixtures


def staff_rules(app: Flask) -> list[Rule]:
    return sorted(
        (r for r in app.url_map.iter_rules() if r.endpoint.startswith("staff.")), key=lambda r: r.rule
    )


@pytest.fixture
def world(staff_db) -> dict:
    """Two areas' worth of data: a West report, an East reviewer, a centre, a service, users."""
    areas = f.load_areas()
    report = f.make_report(f.CHESTER)  # West only
    centre = Centre(
        slug=f"guard-{uuid.uuid4().hex[:8]}",
        name="Guard test centre",
        location="SRID=4326;POINT(-2.88 53.19)",
    )
    organisation = Organisation(name="Guard test organisation")
    service = Service(organisation=organisation, name="Guard test service", status="active")
    db.session.add_all([centre, organisation, service])
    db.session.flush()
    users = {
        "admin": f.make_user("admin"),
        "reviewer": f.make_user("reviewer", [areas[f.WEST]]),
        "editor": f.make_user("editor"),
        "other_reviewer": f.make_user("reviewer", [areas[f.EAST]]),
    }
    values = {
        "report_id": report.id,
        "user_id": users["editor"].id,
        "centre_id": centre.id,
        "service_id": service.id,
        "area_id": areas[f.EAST].id,
        "kind": "centres",
    }
    return {"users": users, "values": values, "report": report}


def url_for_rule(app: Flask, rule: Rule, values: dict) -> str:
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **{name: values[name] for name in rule.arguments})


def methods(rule: Rule) -> list[str]:
    return sorted(m for m in (rule.methods or set()) if m in {"GET", "POST"})


def request(client, method: str, url: str, token: str):
    if method == "GET":
        return client.get(url)
    return client.post(url, data={"csrf_token": token})


def test_every_staff_endpoint_refuses_anonymous_users(app: Flask, staff_client, world) -> None:
    token = f.csrf(staff_client, "/staff/sign-in")
    table, checked = [], 0
    for rule in staff_rules(app):
        url = url_for_rule(app, rule, world["values"])
        for method in methods(rule):
            response = request(staff_client, method, url, token)
            table.append((method, rule.rule, response.status_code, response.location or ""))
            checked += 1
            if rule.endpoint in auth.PUBLIC:
                # The sign-in pages themselves: shown, or back to sign-in when there is no password step.
                assert response.status_code in {200, 302}, (method, url, response.status_code)
                if response.status_code == 302:
                    assert response.location.startswith("/staff/sign-in")
                continue
            assert response.status_code in {302, 401, 403}, (method, url, response.status_code)
            if response.status_code == 302:
                assert response.location.startswith("/staff/sign-in"), (method, url, response.location)
    assert checked >= 38 and len(staff_rules(app)) >= 35
    if os.environ.get("STAFF_ROUTE_TABLE"):
        out = [f"{len(staff_rules(app))} endpoints, {checked} method/URL pairs (anonymous):"]
        out += [f"{m:4} {rule:48} {status} {where}" for m, rule, status, where in table]
        sys.stdout.write("\n".join(out) + "\n")


@pytest.mark.parametrize("role", ROLES)
def test_every_staff_endpoint_refuses_the_wrong_role(app: Flask, staff_client, world, role: str) -> None:
    user = world["users"][role]
    f.sign_in(staff_client, user)
    token = f.csrf(staff_client, "/staff/")
    refused = allowed = 0
    for rule in staff_rules(app):
        if rule.endpoint in auth.PUBLIC or rule.endpoint in {"staff.sign_out", "staff.sign_out_everywhere"}:
            continue
        view = app.view_functions[rule.endpoint]
        roles = getattr(view, "staff_roles", None)
        assert roles, f"{rule.endpoint} declares no roles"
        url = url_for_rule(app, rule, world["values"])
        for method in methods(rule):
            response = request(staff_client, method, url, token)
            if role in roles:
                assert response.status_code not in {401, 403}, (role, method, url)
                assert not (response.location or "").startswith("/staff/sign-in"), (role, method, url)
                allowed += 1
            else:
                assert response.status_code == 403, (role, method, url, response.status_code)
                refused += 1
    assert allowed and (refused or role == "admin")


def test_report_endpoints_refuse_a_reviewer_of_another_area(app: Flask, staff_client, world) -> None:
    f.sign_in(staff_client, world["users"]["other_reviewer"])
    token = f.csrf(staff_client, "/staff/")
    report_rules = [r for r in staff_rules(app) if "report_id" in r.arguments]
    assert len(report_rules) >= 4
    for rule in report_rules:
        url = url_for_rule(app, rule, world["values"])
        for method in methods(rule):
            response = request(staff_client, method, url, token)
            assert response.status_code in {403, 404}, (method, url, response.status_code)
    db.session.expire_all()
    assert world["report"].id  # still there, untouched
