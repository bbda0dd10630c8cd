"""Every registered ``staff.*`` endpoint refuses the anonymous, the wrong role and the wrong area.

Endpoints come from ``app.url_map``, so a new route is covered the day it is added; URL arguments are
filled with real ids. Set STAFF_ROUTE_TABLE=1 (with ``-s``) to print what each anonymous request got.
"""

from __future__ import annotations

import os
import sys

import pytest
from flask import Flask

from app.extensions import db
from app.staff import auth
from tests.fixtures import staff as f

ROLES = ("admin", "reviewer", "editor", "centre")
#: A centre worker is refused with "not found", so the answer says nothing of what exists.
REFUSED = {"centre": 404}
#: A page of each role's own with a form on it (a centre worker's staff home is a redirect).
FORM_PAGE = {"centre": "/staff/centre"}
staff_db, staff_client, world = f.staff_db, f.staff_client, f.world  # fixtures
staff_rules, url_for_rule, methods, request = f.staff_rules, f.url_for_rule, f.methods, f.request


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
    token = f.csrf(staff_client, FORM_PAGE.get(role, "/staff/"))
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
                assert response.status_code == REFUSED.get(role, 403), (
                    role,
                    method,
                    url,
                    response.status_code,
                )
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
