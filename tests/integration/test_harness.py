"""The test harness itself: what one test commits, the next never sees."""

from __future__ import annotations

from sqlalchemy import text

from app.extensions import db


def test_1_a_test_commits_a_row(db_session) -> None:
    db.session.execute(text("CREATE TABLE harness_probe (id int)"))
    db.session.execute(text("INSERT INTO harness_probe VALUES (1)"))
    db.session.commit()
    assert db.session.execute(text("SELECT count(*) FROM harness_probe")).scalar() == 1


def test_2_the_next_test_starts_clean(db_session) -> None:
    found = db.session.execute(text("SELECT to_regclass('harness_probe')")).scalar()
    assert found is None, "a commit in an earlier test leaked into this one"
