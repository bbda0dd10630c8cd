"""Fixtures for the reliability tests: a committed database of their own, live servers and a TCP proxy.

These tests need real commits (several connections, concurrent requests, a server in a thread or under
gunicorn), so they use their own throwaway database per test process, migrated by the real migrations,
with the finder's demo data (so the report's postcode step finds CH1 3BA). Each test empties the report
tables it uses first.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import socket
import threading
import uuid
from collections.abc import Iterator

import flask_migrate
import pytest
from flask import Flask
from sqlalchemy import text
from werkzeug.serving import make_server

from app.centres import demo as centres_demo
from app.extensions import db
from tests.conftest import make_app
from tools import provision


@pytest.fixture(scope="session")
def committed_url() -> Iterator[str]:
    name = f"st_rel_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{uuid.uuid4().hex[:8]}"
    url = provision.create_throwaway_database(name)
    app = make_app(url)
    with app.app_context():
        flask_migrate.upgrade()
        centres_demo.seed()
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    yield url
    provision.drop_database(url)


def empty_reports(app: Flask) -> None:
    with app.app_context():
        db.session.execute(text("TRUNCATE report, report_draft RESTART IDENTITY CASCADE"))
        db.session.commit()
        db.session.remove()


@pytest.fixture
def committed_app(committed_url: str) -> Iterator[Flask]:
    """An app on the committed database (rate limits off); the report tables start empty."""
    app = make_app(committed_url, RATELIMIT_ENABLED=False, SERVER_NAME=None)
    empty_reports(app)
    yield app
    with app.app_context():
        db.engine.dispose()


@contextlib.contextmanager
def serve(app: Flask) -> Iterator[str]:
    """Run ``app`` in a threaded WSGI server on 127.0.0.1 (a real HTTP server, real sockets)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


class TcpProxy:
    """A TCP proxy on 127.0.0.1 to PostgreSQL that can be taken down (and up) like a failed network.

    ``down()`` closes the listening socket and every open connection: the app's next statement fails
    as if the database had restarted, and new connections are refused until ``up()``.
    """

    def __init__(self, target_port: int) -> None:
        self.target = ("127.0.0.1", target_port)
        self.port = 0
        self._listener: socket.socket | None = None
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._lock = threading.Lock()

    def up(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(32)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._pairs.append((client, upstream))
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()

    def _pump(self, a: socket.socket, b: socket.socket) -> None:
        selector = selectors.DefaultSelector()
        selector.register(a, selectors.EVENT_READ, b)
        selector.register(b, selectors.EVENT_READ, a)
        try:
            while True:
                for key, _ in selector.select():
                    data = key.fileobj.recv(65536)  # type: ignore[union-attr]
                    if not data:
                        return
                    key.data.sendall(data)
        except OSError:
            return
        finally:
            for end in (a, b):
                with contextlib.suppress(OSError):
                    end.close()

    def down(self) -> None:
        if self._listener is not None:
            # shutdown() first: a bare close() leaves a thread blocked in accept() still accepting.
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        with self._lock:
            pairs, self._pairs = self._pairs, []
        for pair in pairs:
            for end in pair:
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                    end.close()
