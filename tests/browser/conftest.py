"""Headless Chromium (the system's /usr/bin/chromium) driven by Playwright against a live server."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Route, sync_playwright
from werkzeug.serving import make_server

from app import demo
from app.extensions import db
from tests.conftest import make_app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Chromium's own background traffic would be refused on our closed network; keep it quiet.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NEUTRAL_PAGE = "<!DOCTYPE html><html lang=en><title>Weather</title><main><h1>Weather</h1></main></html>"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_app(app: Flask, database_url: str) -> Iterator[Flask]:
    """A second app on the same (already migrated) database; its writes are real commits. Its pool
    is closed at the end, or the test database could not be dropped (its connections are the runtime
    role's, which the owner may not end)."""
    live = make_app(database_url, RATELIMIT_ENABLED=False, SERVER_NAME=None)

    @live.get("/_test/neutral")
    def neutral() -> str:
        """Stands in for the neutral site "Exit this page" goes to (no internet here)."""
        return NEUTRAL_PAGE

    with live.app_context():
        for _ in demo.seed_all():
            pass
        db.session.remove()
    yield live
    with live.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(live_app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    live_app.config["EXIT_URL"] = f"{base}/_test/neutral"
    yield base
    server.shutdown()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def keep_traffic_local(route: Route) -> None:
    """Only our own server is reachable (map tiles and the like are refused at once)."""
    if route.request.url.startswith("http://127.0.0.1"):
        route.continue_()
    else:
        route.abort()


def new_context(browser: Browser, **options: object) -> BrowserContext:
    context = browser.new_context(**options)
    context.route("**/*", keep_traffic_local)
    return context


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = new_context(browser)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    page = context.new_page()
    page.csp_errors = []  # type: ignore[attr-defined]
    page.on(
        "console",
        lambda msg: (
            page.csp_errors.append(msg.text)  # type: ignore[attr-defined]
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    yield page
    assert not page.csp_errors, f"CSP violations: {page.csp_errors}"  # type: ignore[attr-defined]


@pytest.fixture
def nojs_page(browser: Browser) -> Iterator[Page]:
    context = new_context(browser, java_script_enabled=False)
    yield context.new_page()
    context.close()
