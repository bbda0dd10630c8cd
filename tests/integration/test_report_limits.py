"""Limits that protect the service, not against real people: request size, shared rate-limit counters
(also across gunicorn workers), sending limited per draft, and a 429 page that says the real wait."""

from __future__ import annotations

import http.cookiejar
import math
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from flask import Flask
from sqlalchemy import text

from app.extensions import db
from tests.integration.test_report_journey import at_check, seed
from tests.pages import CSRF_INPUT, PageClient, check_page

ROOT = Path(__file__).resolve().parents[2]
WRONG_CODE = "AAAA-AAAA"
NOON = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def test_a_huge_post_gets_the_sites_own_413_page(pages: PageClient, db_session) -> None:
    seed(pages, upto="describe")
    form = pages.get("/report/describe")
    response = pages.client.post(
        "/report/describe", data={"csrf_token": form.csrf_token(), "description": "x" * (300 * 1024)}
    )
    assert response.status_code == 413
    page = check_page(response)
    assert page.h1 == "What you sent is too large"
    assert "make your answer shorter" in page.text
    # The longest answer the form allows, in 4-byte characters, is well inside the limit.
    allowed = pages.client.post(
        "/report/describe", data={"csrf_token": form.csrf_token(), "description": "😀" * 5000}
    )
    assert allowed.status_code == 303


def wrong_codes(pages: PageClient, times: int) -> list:
    form = pages.get("/report/resume")
    return [
        pages.client.post("/report/resume", data={"csrf_token": form.csrf_token(), "code": WRONG_CODE})
        for _ in range(times)
    ]


def test_the_429_page_says_the_same_wait_as_retry_after(pages: PageClient, db_session) -> None:
    with time_machine.travel(NOON, tick=False):
        responses = wrong_codes(pages, 11)
        assert [r.status_code for r in responses] == [200] * 10 + [429]
        refused = responses[-1]
        assert refused.headers["Retry-After"] == "3600"
        assert "Wait 60 minutes, then try again." in check_page(refused).text
    with time_machine.travel(NOON + timedelta(minutes=50, seconds=30), tick=False):
        later = wrong_codes(pages, 1)[0]
        seconds = int(later.headers["Retry-After"])
        assert later.status_code == 429 and seconds == 570
        assert f"Wait {math.ceil(seconds / 60)} minutes, then try again." in check_page(later).text
    with time_machine.travel(NOON + timedelta(hours=1, seconds=1), tick=False):
        assert wrong_codes(pages, 1)[0].status_code == 200  # a new hour, a new allowance


def test_counters_live_in_the_database_shared_by_every_worker(pages: PageClient, db_session) -> None:
    wrong_codes(pages, 3)
    with db.engine.connect() as connection:
        counts = connection.execute(text("SELECT key, count FROM rate_limit")).all()
    assert [count for key, count in counts if "resume" in key] == [3]


def test_sending_is_limited_per_draft_not_per_address(app: Flask, pages: PageClient, db_session) -> None:
    check = at_check(pages)
    token = check.csrf_token()
    # A robot filling the honeypot is refused each time, and soon paused: for this draft only.
    statuses = [
        pages.client.post("/report/check-answers", data={"csrf_token": token, "nickname": "x"}).status_code
        for _ in range(6)
    ]
    assert statuses == [400] * 5 + [429]
    # Someone else at the same address (a reporting centre, a library) sends their report.
    other = PageClient(app.test_client())
    other_check = at_check(other)
    sent = other.client.post("/report/check-answers", data={"csrf_token": other_check.csrf_token()})
    assert sent.status_code == 303 and sent.headers["Location"].endswith("/report/confirmation")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def attempts_before_429(base: str, tries: int) -> list[int]:
    """Wrong resume codes from one address, each on a new connection (so any worker may answer)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(f"{base}/report/resume", timeout=60).read().decode()
    found = CSRF_INPUT.search(html)
    assert found
    body = urllib.parse.urlencode({"csrf_token": found.group(1) or found.group(2), "code": WRONG_CODE})
    statuses = []
    for _ in range(tries):
        try:
            statuses.append(opener.open(f"{base}/report/resume", data=body.encode(), timeout=60).status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)
    return statuses


@pytest.mark.parametrize("workers", [4])
def test_the_limit_holds_across_gunicorn_workers(app: Flask, database_url: str, workers: int) -> None:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "a-test-secret-key-that-is-long-enough-0123456789",
        "WEB_CONCURRENCY": str(workers),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "RATELIMIT_ENABLED": "1",
        "DEMO_DATA": "0",
    }
    env.pop("RATELIMIT_STORAGE_URI", None)  # the default: counters in PostgreSQL
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        booted = 0
        deadline = time.monotonic() + 120
        while booted < workers and time.monotonic() < deadline:
            line = server.stderr.readline()
            booted += bool(re.search(r"Booting worker", line))
        assert booted == workers, "gunicorn did not start its workers"
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        statuses = attempts_before_429(base, 14)
    finally:
        server.terminate()
        server.wait(timeout=30)
    allowed = statuses.index(429) if 429 in statuses else len(statuses)
    print(f"{workers} gunicorn workers: {allowed} wrong codes before the first 429")  # noqa: T201
    assert statuses[:10] == [200] * 10 and set(statuses[10:]) == {429}
