"""Access: the public reaches no report data (API, export, another browser's confirmation, header
sign-in); CSRF on every POST route; rate limits on sign-in, resume codes and submission; security
headers on every response, errors included. Staff route guards: test_staff_routes_guard.py.
"""

from __future__ import annotations

import base64
import uuid

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from app.extensions import limiter
from tests.integration.test_security import assert_security_headers
from tests.reliability.test_report_faults import to_check_answers, token

VALUES = {"report_id": 1, "other_id": 2, "user_id": 1, "centre_id": 1, "area_id": 1, "kind": "centres",
          "service_id": uuid.UUID(int=1), "name": "reporting-as", "slug": "privacy", "version": "x",
          "filename": "css/main.css", "item_id": uuid.UUID(int=1)}  # fmt: skip


def url(app: Flask, rule: Rule) -> str:
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **{arg: VALUES[arg] for arg in rule.arguments})


def test_public_never_sees_a_report(committed_app: Flask) -> None:
    reporter = committed_app.test_client()
    check = to_check_answers(reporter)
    reporter.post("/report/check-answers", data={"csrf_token": token(check)})
    secret = "Outside the bakery on Watergate Street"
    assert secret in reporter.get("/report/confirmation/copy").get_data(
        as_text=True
    )  # the reporter's own copy
    stranger = committed_app.test_client()
    paths = ["/report/confirmation", "/report/confirmation/copy", "/staff/reports/export.csv",
             "/staff/reports/1", "/api/openreferral/services",
             "/api/openreferral/services?text=Watergate"]  # fmt: skip
    for path in paths:
        response = stranger.get(path)
        assert secret not in response.get_data(as_text=True), path
        assert response.status_code in {200, 302, 303, 401, 403, 404}, (path, response.status_code)
    # No header or basic-auth sign-in: staff sign in through the form only.
    basic = base64.b64encode(b"admin@example.org:a long test password 42").decode()
    for header in ({"Authorization": f"Basic {basic}"}, {"Authorization": "Bearer x"}, {"X-Api-Key": "x"}):
        response = stranger.get("/staff/reports/export.csv", headers=header)
        assert response.status_code in {302, 401, 403} and secret not in response.get_data(as_text=True)


def test_every_post_route_refuses_a_missing_or_wrong_csrf_token(app: Flask, client: FlaskClient) -> None:
    rules = [r for r in app.url_map.iter_rules() if "POST" in (r.methods or set())]
    assert len(rules) >= 25
    other = app.test_client()
    foreign = other.get("/report/reporting-as").get_data(as_text=True)
    for rule in rules:
        target = url(app, rule)
        for data in ({}, {"csrf_token": "not-a-token"}, {"csrf_token": token(foreign)}):
            response = client.post(target, data=data)
            assert response.status_code == 400, (target, data, response.status_code)
            assert_security_headers(response)


def test_rate_limits_trip_on_sign_in_resume_and_submission(app: Flask, client: FlaskClient) -> None:
    limiter.enabled = True
    limiter.reset()
    cases = [("/staff/sign-in", {"email": "x@example.org", "password": "wrong"}, 10),
             ("/report/resume", {"code": "AAAA-AAAA"}, 10),
             ("/report/check-answers", {}, 5)]  # fmt: skip
    # Sending is limited per draft (5 an hour); this browser has none, so its address stands in.
    for path, data, allowed in cases:
        page = client.get(path if path != "/report/check-answers" else "/report/resume")
        form = {"csrf_token": token(page.get_data(as_text=True)), **data}
        statuses = [client.post(path, data=form).status_code for _ in range(allowed + 1)]
        assert 429 not in statuses[:allowed] and statuses[-1] == 429, (path, statuses)
        assert_security_headers(client.post(path, data=form))
    limiter.reset()


def test_security_headers_on_every_response_including_errors(app: Flask, client: FlaskClient) -> None:
    seen = set()
    for rule in app.url_map.iter_rules():
        if "GET" in (rule.methods or set()) and not rule.rule.startswith("/_test"):
            response = client.get(url(app, rule))
            seen.add(response.status_code)
            assert_security_headers(response)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer the deliberate failure with the 500 page
    try:
        boom = client.get("/_test/boom")
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert boom.status_code == 500
    for response in (boom, client.get("/no-such"), client.post("/"),
                     client.get("/healthz"), client.get("/api/openreferral/services?page=x")):  # fmt: skip
        seen.add(response.status_code)
        assert_security_headers(response)
    assert {200, 302, 400, 404, 405} <= seen
