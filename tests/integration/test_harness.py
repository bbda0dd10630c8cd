"""The test harness itself: what one test commits, the next never sees (one test, so order cannot matter)."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import text

from app.extensions import db
from tests.conftest import rolled_back_session


def probe_table() -> str | None:
    return db.session.execute(text("SELECT to_regclass('harness_probe')")).scalar()


def test_what_one_test_commits_the_next_never_sees(app: Flask) -> None:
    with rolled_back_session(app):  # as the db_session fixture gives one test
        db.session.execute(text("CREATE TABLE harness_probe (id int)"))
        db.session.execute(text("INSERT INTO harness_probe VALUES (1)"))
        db.session.commit()
        db.session.execute(text("INSERT INTO harness_probe VALUES (2)"))
        db.session.commit()  # a second commit in the same test still sees the first
        assert db.session.execute(text("SELECT count(*) FROM harness_probe")).scalar() == 2
    with rolled_back_session(app):  # the next test
        assert probe_table() is None, "a commit in an earlier test leaked into this one"
