"""Fixtures: a throwaway PostGIS database built by the real migrations, app, client, page checks."""

from __future__ import annotations

import contextvars
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import flask_migrate
import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient
from flask_sqlalchemy.session import _app_ctx_id
from sqlalchemy.orm import Session, scoped_session, sessionmaker
from werkzeug.test import TestResponse

from app import create_app
from app.config import owner_url_for
from app.extensions import db, limiter
from app.geo import geocode
from app.ratelimit import DatabaseStorage
from tests.pages import PageClient
from tools import provision

ROOT = Path(__file__).resolve().parents[1]
#: Real public data the tests read (samples, with their sources and licences in tests/data/SOURCES.md).
TEST_DATA = ROOT / "tests" / "data"
#: The instant tests run at when what they check depends on the time (opening-hours status, "today"):
#: a Wednesday late morning, when most demo centres are open and some closed, so both kinds of
#: status line ("open until", "opens at") show.
FIXED_NOW = datetime(2026, 11, 25, 11, 0, tzinfo=ZoneInfo("Europe/London"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Browser tests are slowest: run them last so quick failures show first.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session")
def test_data() -> Path:
    return TEST_DATA


@contextmanager
def frozen_clock(when: datetime = FIXED_NOW) -> Iterator[time_machine.Traveller]:
    """Python's clock stands still at ``when`` (PostgreSQL's ``now()`` is not affected)."""
    with time_machine.travel(when, tick=False) as traveller:
        yield traveller


@pytest.fixture
def fixed_now() -> Iterator[time_machine.Traveller]:
    """The test runs at ``FIXED_NOW``, with the clock standing still."""
    with frozen_clock() as traveller:
        yield traveller


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    """One fresh database per test process (and per xdist worker), dropped at the end.

    Its URL is the app's runtime login, as in production: it cannot edit the audit trail (the owner
    runs the migrations and grants it its rights)."""
    name = f"st_test_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{uuid.uuid4().hex[:8]}"
    url = provision.create_throwaway_database(name)
    yield provision.runtime_url(url)
    provision.drop_database(url)


class IsolatedClient(FlaskClient):
    """Each request runs as in production, in its own app context, even while a test holds one open.

    Flask would otherwise reuse the test's app context, so ``g`` (and everything cached there, like
    the chosen locale or the signed-in user) would leak from one request to the next.
    """

    def open(self, *args: Any, **kwargs: Any) -> TestResponse:
        if self.preserve_context:  # ``with client:`` keeps the request's context on purpose
            return super().open(*args, **kwargs)
        return contextvars.Context().run(super().open, *args, **kwargs)


def make_app(database_url: str, **overrides: object) -> Flask:
    settings = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SERVER_NAME": "localhost",
        "EXIT_URL": "https://www.bbc.co.uk/weather",
        "POSTCODE_API_URL": "",
        # Tests change the database between requests: kept pages check the content version every time.
        "PAGE_CACHE_POLL_SECONDS": 0,
        # Cheap argon2 so fixtures can make many staff users; production uses the config defaults.
        "PASSWORD_HASH_TIME_COST": 1,
        "PASSWORD_HASH_MEMORY_KIB": 1024,
    }
    settings.update(overrides)
    if not settings.get("MIGRATION_DATABASE_URL"):
        settings["MIGRATION_DATABASE_URL"] = owner_url_for(database_url)
    app = create_app(settings)
    app.test_client_class = IsolatedClient
    return app


@pytest.fixture(scope="session")
def app(database_url: str) -> Iterator[Flask]:
    app = make_app(database_url)

    @app.get("/_test/boom")
    def boom() -> str:
        raise RuntimeError("a deliberate failure for the 500 page test")

    with app.app_context():
        flask_migrate.upgrade()  # the real migrations, so they are tested too
    # No app context stays pushed: each request gets its own, as in production (else `g` leaks).
    yield app
    with app.app_context():
        db.engine.dispose()
    # The rate limiter keeps its own pool: closed too, or the database could not be dropped after.
    DatabaseStorage.dispose(str(app.config["SQLALCHEMY_DATABASE_URI"]))


@contextmanager
def rolled_back_session(app: Flask) -> Iterator[Session]:
    """Swap ``db.session`` for one inside a transaction that is rolled back at the end.

    The app's own commits (one per request, CLI code, importers) become savepoints inside it, so
    everything they write is visible until the end and then gone. The one place tests swap sessions:
    the ``db_session`` fixture (one test) and ``tests.public_pages.demo_data`` (one module) use it.
    """
    context = app.app_context()
    context.push()
    connection = db.engine.connect()
    transaction = connection.begin()
    original = db.session
    # A plain SQLAlchemy session: Flask-SQLAlchemy's own Session.get_bind() ignores a session-level
    # bind and would commit through the engine, outside the test's transaction.
    db.session = scoped_session(
        sessionmaker(bind=connection, join_transaction_mode="create_savepoint"), scopefunc=_app_ctx_id
    )
    try:
        yield db.session
    finally:
        db.session.remove()
        db.session = original
        transaction.rollback()
        connection.close()
        context.pop()


@pytest.fixture
def db_session(app: Flask) -> Iterator[Session]:
    """Every test runs inside a transaction that is rolled back; commits become savepoints."""
    with rolled_back_session(app) as session:
        yield session


@pytest.fixture(autouse=True)
def _reset_rate_limits(request: pytest.FixtureRequest) -> None:
    if "app" in request.fixturenames:
        limiter.reset()


@pytest.fixture(autouse=True)
def _postcode_api_not_paused() -> None:
    """A postcode API outage in one test must not pause the API for the next (app.geo.geocode)."""
    geocode.resume_api()


@pytest.fixture
def client(app: Flask, db_session: Session) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def pages(client: FlaskClient) -> PageClient:
    """Fetch pages with the whole-app checks (valid HTML, one title and h1, unique ids, no inline code)."""
    return PageClient(client)
