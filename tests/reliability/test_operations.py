"""Operations: /healthz, JSON logs with request ids (and no personal data), backup and restore with
pg_dump/pg_restore, and report key rotation."""

from __future__ import annotations

import io
import json
import logging
import subprocess
import uuid

import psycopg
import pytest
from cryptography.fernet import Fernet, InvalidToken
from flask import Flask
from sqlalchemy import select, text

from app import crypto
from app import logging as app_logging
from app.extensions import db
from app.report.models import Report, ReportDraft
from tests.conftest import make_app
from tests.reliability.test_report_faults import to_check_answers, token
from tools import provision

TABLES = ("report", "report_draft", "centre", "postcode", "place")


def test_healthz_says_up_database_and_migrations(committed_app: Flask, committed_url: str) -> None:
    client = committed_app.test_client()
    ok = client.get("/healthz")
    assert ok.status_code == 200
    assert ok.json == {"status": "ok", "database": "ok", "migrations": "current"}
    with psycopg.connect(provision.libpq_url(committed_url), autocommit=True) as conn:
        (head,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        conn.execute("UPDATE alembic_version SET version_num = '0004'")
        try:
            behind = client.get("/healthz")
        finally:
            conn.execute("UPDATE alembic_version SET version_num = %s", (head,))
    assert behind.status_code == 503 and behind.json["migrations"] == "not current"
    closed = make_app(committed_url.replace(":5432/", ":1/"), SERVER_NAME=None)
    down = closed.test_client().get("/healthz")
    assert down.status_code == 503 and down.json["database"] == "unreachable"


def test_logs_are_json_lines_with_request_ids_and_no_personal_data(committed_app: Flask) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(app_logging.JsonFormatter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        client = committed_app.test_client()
        given = client.get("/centres?q=CH1+3BA", headers={"X-Request-Id": "lb-abcdef12"})
        assert given.headers["X-Request-Id"] == "lb-abcdef12"
        forged = client.get("/", headers={"X-Request-Id": '"}, "level": "FAKE'})
        assert len(forged.headers["X-Request-Id"]) == 32  # a fresh id: no forged log fields
        check = to_check_answers(client)  # types the bench journey's answers, incl. free text
        client.post("/report/check-answers", data={"csrf_token": token(check)})
        client.post("/report/check-answers", data={})  # a CSRF failure is logged too
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    lines = [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]
    access = [line for line in lines if line["logger"] == "stand_together.access"]
    assert len(access) >= 20
    for line in access:
        assert {"time", "level", "request_id", "method", "path", "status", "duration_ms"} <= line.keys()
        assert "?" not in line["path"]
    assert any(line["request_id"] == "lb-abcdef12" for line in access)
    everything = stream.getvalue()
    from bench.journey import ANSWERS

    typed = [v for step in ANSWERS.values() for v in step.values() if isinstance(v, str) and len(v) > 4]
    typed += ["CH1 3BA", "CH1+3BA", "Watergate", "kicked the door", "Door panel"]
    for secret in typed:
        assert secret not in everything, f"{secret!r} was logged"


def _dump_restore(source_url: str) -> str:
    """docs/operations.md's backup and restore, step by step, into a new empty database."""
    target = provision.create_throwaway_database(f"st_restore_{uuid.uuid4().hex[:8]}")
    source = provision.libpq_url(source_url)
    dump = ["pg_dump", "--format=custom", "--no-owner", "--no-acl", "--no-comments"]
    # PostGIS's spatial_ref_sys belongs to the extension (created with it), not to the backup.
    dump += ["--exclude-table-data=public.spatial_ref_sys", f"--dbname={source}"]
    backup = subprocess.run(dump, capture_output=True, check=True).stdout
    restore = ["pg_restore", "--no-owner", "--no-acl", "--exit-on-error", "--single-transaction"]
    subprocess.run(
        [*restore, f"--dbname={provision.libpq_url(target)}"], input=backup, capture_output=True, check=True
    )
    return target


def _counts(url: str) -> dict[str, int]:
    with psycopg.connect(provision.libpq_url(url)) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def test_backup_restores_into_an_empty_database_and_every_report_decrypts(
    committed_app: Flask, committed_url: str
) -> None:
    for _ in range(3):
        client = committed_app.test_client()
        check = to_check_answers(client)
        client.post("/report/check-answers", data={"csrf_token": token(check)})
    to_check_answers(committed_app.test_client())  # and a draft in progress
    restored = _dump_restore(committed_url)
    try:
        assert _counts(restored) == _counts(committed_url)
        assert _counts(restored)["report"] == 3 and _counts(restored)["report_draft"] == 1
        app = make_app(restored, REPORT_KEYS=committed_app.config["REPORT_KEYS"], SERVER_NAME=None)
        with app.app_context():
            reports = db.session.scalars(select(Report)).all()
            assert all("Watergate" in crypto.decrypt(r.details) for r in reports)
            assert all(crypto.decrypt_json(d.answers) for d in db.session.scalars(select(ReportDraft)))
            heads = db.session.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
            db.session.remove()
            db.engine.dispose()
        assert app.test_client().get("/healthz").json["migrations"] == "current", heads
    finally:
        provision.drop_database(restored)


def test_key_rotation_reencrypts_without_loss(committed_app: Flask, committed_url: str) -> None:
    old_key = committed_app.config["REPORT_KEYS"].split(",")[0]
    for _ in range(2):
        client = committed_app.test_client()
        check = to_check_answers(client)
        client.post("/report/check-answers", data={"csrf_token": token(check)})
    to_check_answers(committed_app.test_client())
    with committed_app.app_context():
        before = {r.id: crypto.decrypt(r.details) for r in db.session.scalars(select(Report))}
        drafts_before = {d.id: crypto.decrypt(d.answers) for d in db.session.scalars(select(ReportDraft))}
        db.session.remove()
    new_key = Fernet.generate_key().decode()
    rotated = make_app(committed_url, REPORT_KEYS=f"{new_key},{old_key}", SERVER_NAME=None)
    result = rotated.test_cli_runner().invoke(args=["rotate-report-keys"])
    assert result.exit_code == 0 and "2 report(s)" in result.output and "1 draft(s)" in result.output
    new_only = make_app(committed_url, REPORT_KEYS=new_key, SERVER_NAME=None)
    with new_only.app_context():
        assert {r.id: crypto.decrypt(r.details) for r in db.session.scalars(select(Report))} == before
        assert {
            d.id: crypto.decrypt(d.answers) for d in db.session.scalars(select(ReportDraft))
        } == drafts_before
        db.session.remove()
        db.engine.dispose()
    old_only = make_app(committed_url, REPORT_KEYS=old_key, SERVER_NAME=None)
    with old_only.app_context():
        for report in db.session.scalars(select(Report)):
            with pytest.raises(InvalidToken):
                crypto.decrypt(report.details)
        db.session.remove()
        db.engine.dispose()
    with rotated.app_context():
        db.engine.dispose()


def test_the_home_and_information_pages_answer_while_the_database_is_away(committed_url: str) -> None:
    """They need no database; reading the kept pages' content version must not make them need one."""
    closed = make_app(committed_url.replace(":5432/", ":1/"), SERVER_NAME=None)
    client = closed.test_client()
    for url in ("/", "/hate-crime", "/ways-to-report?lang=cy"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "<h1" in response.get_data(as_text=True)
