"""The test harness itself: what one test commits, the next never sees (one test, so order cannot matter)."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import text

from app.extensions import db
from tests.conftest import rolled_back_session

# A row rather than a table: the app's login (which tests use, as production does) may not create tables.
PROBE = "INSERT INTO audit_event (action, object_type) VALUES ('harness_probe', 'harness')"


def probe_rows() -> int:
    return db.session.execute(
        text("SELECT count(*) FROM audit_event WHERE action = 'harness_probe'")
    ).scalar()


def test_what_one_test_commits_the_next_never_sees(app: Flask) -> None:
    with rolled_back_session(app):  # as the db_session fixture gives one test
        db.session.execute(text(PROBE))
        db.session.commit()
        db.session.execute(text(PROBE))
        db.session.commit()  # a second commit in the same test still sees the first
        assert probe_rows() == 2
    with rolled_back_session(app):  # the next test
        assert probe_rows() == 0, "a commit in an earlier test leaked into this one"
