"""The report step's floor (``bench/step_floor.py``) must keep the safeguards it claims, or the figure
it gives for issue 16 would flatter the real step: CSRF refused, nothing saved unanswered, the draft
stored encrypted under the token's hash and updated in place by the next answer."""

from __future__ import annotations

import json
from collections.abc import Iterator

import psycopg
import pytest
from flask.testing import FlaskClient

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


def _drafts(url: str) -> list[str]:
    with psycopg.connect(provision.libpq_url(url)) as connection:
        return [row[0] for row in connection.execute("SELECT answers FROM report_draft")]


def test_the_step_floor_keeps_the_real_steps_safeguards(floor: FlaskClient, committed_url: str) -> None:
    page = floor.get(STEP)
    assert page.status_code == 200
    assert floor.post(STEP, data={"role": "witness"}).status_code == 400  # no CSRF token
    csrf = token(page.text)
    assert floor.post(STEP, data={"csrf_token": csrf}).status_code == 200  # unanswered: asked again
    assert _drafts(committed_url) == []

    sent = floor.post(STEP, data={"csrf_token": csrf, "role": "witness"})
    assert (sent.status_code, sent.headers["Location"]) == (303, "/report/why")
    [stored] = _drafts(committed_url)
    assert "witness" not in stored
    assert json.loads(step_floor.FERNET.decrypt(stored.encode("ascii"))) == {"role": "witness"}

    floor.post(STEP, data={"csrf_token": csrf, "role": "victim"})
    [again] = _drafts(committed_url)
    assert json.loads(step_floor.FERNET.decrypt(again.encode("ascii"))) == {"role": "victim"}
