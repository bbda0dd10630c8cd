"""The report step's floor (``bench/step_floor.py``) must keep the safeguards it claims, or the figure
it gives for issue 16 would flatter the real step: CSRF refused, nothing saved unanswered, the draft
stored encrypted under the token's hash and updated in place by the next answer."""

from __future__ import annotations

import json
from collections.abc import Iterator

import psycopg
import pytest
from flask.testing import FlaskClient

from app.report.queries import hash_token
from bench import step_floor
from bench.journey import token
from tools import provision

STEP = "/report/reporting-as"


@pytest.fixture
def floor(committed_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[FlaskClient]:
    monkeypatch.setenv("DATABASE_URL", committed_url)
    monkeypatch.setattr(step_floor, "_connection", None)
    yield step_floor.app.test_client()
    if step_floor._connection is not None:
        step_floor._connection.close()


def _drafts(url: str) -> dict[str, str]:
    """Every stored draft by its token's hash (the database is shared with other reliability tests)."""
    with psycopg.connect(provision.libpq_url(url)) as connection:
        return dict(connection.execute("SELECT token_hash, answers FROM report_draft").fetchall())


def _answers(stored: str) -> dict:
    return json.loads(step_floor.FERNET.decrypt(stored.encode("ascii")))


def test_the_step_floor_keeps_the_real_steps_safeguards(floor: FlaskClient, committed_url: str) -> None:
    before = _drafts(committed_url)
    page = floor.get(STEP)
    assert page.status_code == 200
    assert floor.post(STEP, data={"role": "witness"}).status_code == 400  # no CSRF token
    csrf = token(page.text)
    assert floor.post(STEP, data={"csrf_token": csrf}).status_code == 200  # unanswered: asked again
    assert _drafts(committed_url) == before

    sent = floor.post(STEP, data={"csrf_token": csrf, "role": "witness"})
    assert (sent.status_code, sent.headers["Location"]) == (303, "/report/why")
    with floor.session_transaction() as session:
        mine = hash_token(session["draft"])
    drafts = _drafts(committed_url)
    assert drafts.keys() - before.keys() == {mine}
    assert "witness" not in drafts[mine]
    assert _answers(drafts[mine]) == {"role": "witness"}

    floor.post(STEP, data={"csrf_token": csrf, "role": "victim"})
    again = _drafts(committed_url)
    assert again.keys() == drafts.keys()  # the same draft, updated in place
    assert _answers(again[mine]) == {"role": "victim"}
