"""No lost and no duplicated reports: the database failing during submit, ten identical submits at
once against a live server, and a crash after the commit but before the answer reached the browser."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import psycopg
import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event
from sqlalchemy.engine import make_url

from app.extensions import db
from bench.journey import ANSWERS, Person, action, run_together, token
from tests.conftest import make_app
from tests.reliability.conftest import TcpProxy, empty_reports, serve
from tools import provision

REFERENCE = re.compile(r"HC-[234679ACDEFGHJKMNPQRTVWXY]{4}-[234679ACDEFGHJKMNPQRTVWXY]{4}")
KEPT = "Anything you have already saved has been kept"


def reports(url: str) -> list[str]:
    with psycopg.connect(provision.libpq_url(url)) as conn:
        return [row[0] for row in conn.execute("SELECT reference FROM report ORDER BY id")]


def drafts(url: str) -> int:
    with psycopg.connect(provision.libpq_url(url)) as conn:
        return conn.execute("SELECT count(*) FROM report_draft").fetchone()[0]


def to_check_answers(client: FlaskClient) -> str:
    """Answer every question through the real forms; returns the check-answers page's HTML."""
    page = client.get("/report/reporting-as", follow_redirects=True)
    for _ in range(25):
        html = page.get_data(as_text=True)
        if page.request.path == "/report/check-answers":
            return html
        step = page.request.path.rsplit("/", 1)[-1]
        form = {"csrf_token": token(html), **ANSWERS[step]}
        page = client.post(action(html), data=form, follow_redirects=True)
        assert page.status_code == 200, (step, page.status_code)
    raise AssertionError("never reached check answers")


def test_database_lost_during_submit_keeps_the_draft_and_the_retry_makes_one_report(
    committed_url: str,
) -> None:
    proxy = TcpProxy(make_url(committed_url).port or 5432)
    proxy.up()
    through_proxy = make_url(committed_url).set(port=proxy.port).render_as_string(hide_password=False)
    app = make_app(
        through_proxy,
        RATELIMIT_ENABLED=False,
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True, "connect_args": {"connect_timeout": 2}},
    )
    empty_reports(app)
    client = app.test_client()
    check = to_check_answers(client)
    with app.app_context():
        engine = db.engine
    cut = {"armed": True}

    def cut_the_line(conn, cursor, statement, parameters, context, executemany) -> None:
        # The database goes away at the very moment the report row is being written.
        if cut["armed"] and statement.lstrip().startswith("INSERT INTO report "):
            cut["armed"] = False
            proxy.down()

    event.listen(engine, "before_cursor_execute", cut_the_line)
    try:
        failed = client.post("/report/check-answers", data={"csrf_token": token(check)})
        assert failed.status_code == 503
        assert KEPT in failed.get_data(as_text=True)
        assert reports(committed_url) == [] and drafts(committed_url) == 1  # nothing half-written

        # Still down: new connections are refused; the same clear page, nothing lost.
        again = client.post("/report/check-answers", data={"csrf_token": token(check)})
        assert again.status_code == 503 and KEPT in again.get_data(as_text=True)

        proxy.up()  # the database is back
        page = client.get("/report/check-answers")
        assert page.status_code == 200
        assert "Outside the bakery on Watergate Street" in page.get_data(as_text=True)  # the draft is kept
        done = client.post(action(check), data={"csrf_token": token(check)}, follow_redirects=True)
        assert done.request.path == "/report/confirmation"
        shown = REFERENCE.search(done.get_data(as_text=True))
        assert shown and reports(committed_url) == [shown.group(0)]
        assert drafts(committed_url) == 0
    finally:
        event.remove(engine, "before_cursor_execute", cut_the_line)
        proxy.down()
        with app.app_context():
            db.engine.dispose()


def test_ten_identical_submits_at_once_make_one_report(committed_app: Flask, committed_url: str) -> None:
    with serve(committed_app) as base:
        person = Person(base)
        check = person.to_check_answers()
        cookies = person.http.cookies.get_dict()
        form = {"csrf_token": token(check.text)}

        def submit(_index: int) -> requests.Response:
            # Ten tabs (or a frantic double, triple... click) sending the same draft with the same cookie.
            return requests.post(
                base + "/report/check-answers", data=form, cookies=cookies, allow_redirects=False, timeout=60
            )

        answers = run_together(10, submit)
        assert all(isinstance(a, requests.Response) for a in answers), answers
        assert [a.status_code for a in answers] == [303] * 10  # type: ignore[union-attr]
        assert {urlsplit(a.headers["Location"]).path for a in answers} == {"/report/confirmation"}  # type: ignore[union-attr]
        stored = reports(committed_url)
        assert len(stored) == 1
        for answer in answers:
            page = requests.get(base + "/report/confirmation", cookies=answer.cookies or cookies, timeout=30)  # type: ignore[union-attr]
            assert REFERENCE.search(page.text).group(0) == stored[0]  # type: ignore[union-attr]


def test_crash_after_commit_then_retry_shows_the_same_reference(
    committed_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(committed_url, RATELIMIT_ENABLED=False, PROPAGATE_EXCEPTIONS=False)
    empty_reports(app)
    client = app.test_client()
    check = to_check_answers(client)
    # The one commit per request (app/transactions.py) goes through, then the worker dies.
    real_commit = db.session.commit
    crash = {"armed": True}

    def commit_then_die() -> None:
        real_commit()
        if crash["armed"]:
            crash["armed"] = False
            raise RuntimeError("the worker died after the commit, before answering")

    monkeypatch.setattr(db.session, "commit", commit_then_die)
    try:
        lost = client.post("/report/check-answers", data={"csrf_token": token(check)})
        assert lost.status_code == 500
        stored = reports(committed_url)
        assert len(stored) == 1  # committed, but the browser never heard
        retry = client.post("/report/check-answers", data={"csrf_token": token(check)}, follow_redirects=True)
        assert retry.request.path == "/report/confirmation"
        assert REFERENCE.search(retry.get_data(as_text=True)).group(0) == stored[0]
        assert reports(committed_url) == stored
    finally:
        with app.app_context():
            db.engine.dispose()
