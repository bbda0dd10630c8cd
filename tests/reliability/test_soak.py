"""A short load soak in the test command: mixed traffic against gunicorn, 0 errors, flat memory.

20 seconds by default (SOAK_SECONDS to lengthen); the 2-minute run is bench/soak.py (scripts/bench).
"""

from __future__ import annotations

import os

from app.directory import demo as directory_demo
from app.extensions import db
from bench import common
from bench.soak import soak
from tests.conftest import make_app


def test_short_soak_has_no_errors_and_flat_memory(committed_url: str) -> None:
    app = make_app(committed_url)
    with app.app_context():
        directory_demo.seed()  # services for the /support and API traffic (idempotent)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    seconds = float(os.environ.get("SOAK_SECONDS", "20"))
    with common.gunicorn("wsgi:app", committed_url, workers=2) as server:
        result = soak(server, seconds, threads=4, warmup=3)
    assert result["requests"] > 50
    assert result["errors"] == 0, result["error_examples"]
    assert result["memory_flat"], (result["rss_first_third_mib"], result["rss_last_third_max_mib"])
