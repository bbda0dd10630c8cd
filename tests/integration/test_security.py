"""Security baseline: headers on every response, CSRF, exit this page, production settings."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from app.config import Config
from app.signals import session_exited
from tests.pages import PageClient

CSP_MUST = [
    "default-src 'self'",
    "script-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'self'",
    "form-action 'self'",
]


def public_get_urls(app: Flask) -> list[str]:
    """Every GET route without arguments, so new pages are covered automatically."""
    return sorted(
        str(rule.rule)
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or set())
        and not rule.arguments
        and not rule.rule.startswith("/_test")
        and rule.endpoint not in {"main.exit_page"}
    )


def assert_security_headers(response) -> None:
    csp = response.headers.get("Content-Security-Policy", "")
    for part in CSP_MUST:
        assert part in csp, f"CSP lacks {part!r}: {csp}"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "geolocation=(self)" in response.headers["Permissions-Policy"]


def test_every_response_has_the_security_headers(app: Flask, client) -> None:
    urls = public_get_urls(app) + ["/no-such-page", "/hate-crime", "/privacy"]
    for url in urls:
        assert_security_headers(client.get(url))
    assert_security_headers(client.post("/"))  # 405
    assert_security_headers(client.post("/exit"))  # CSRF failure, 400


def test_no_inline_script_or_style_in_any_template() -> None:
    from tests.conftest import ROOT

    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        if (
            re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text)
            or re.search(r"\sstyle=", text)
            or "<style" in text
        ):
            offenders.append(str(path.relative_to(ROOT)))
        if re.search(r"\son[a-z]+=", text):
            offenders.append(f"{path.relative_to(ROOT)} (inline event handler)")
    assert not offenders


def test_post_without_csrf_token_is_refused(client) -> None:
    response = client.post("/exit")
    assert response.status_code == 400
    page = PageClient(client)
    assert "was open for too long" in page.post("/exit", status=400).text


def test_exit_this_page_clears_the_session_and_leaves(app: Flask, client) -> None:
    with client.session_transaction() as session:
        session["report_draft"] = "a-random-token"
    seen = []

    def receiver(sender, session):
        seen.append(dict(session))

    with session_exited.connected_to(receiver, app):
        response = client.get("/exit")
    assert response.status_code == 303
    assert response.headers["Location"] == app.config["EXIT_URL"]
    assert '"cookies"' in response.headers["Clear-Site-Data"]
    assert seen == [{"report_draft": "a-random-token"}], "features are told before the session goes"
    with client.session_transaction() as session:
        assert dict(session) == {}


def test_session_cookie_is_httponly_and_samesite(client) -> None:
    with client.session_transaction() as session:
        session["x"] = 1
    response = client.get("/")
    cookie = next((c for c in response.headers.getlist("Set-Cookie") if c.startswith("st_session")), None)
    if cookie:
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_pages_holding_typed_text_are_never_cached(client) -> None:
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_production_refuses_to_start_without_a_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        Config()
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(RuntimeError, match="too short"):
        Config()


def test_production_uses_secure_cookies(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("REPORT_KEYS", "k")
    assert Config().SESSION_COOKIE_SECURE is True


def test_staff_passwords_use_argon2id_at_full_cost_outside_tests(database_url: str) -> None:
    from app.staff import auth
    from tests.conftest import make_app

    defaults = Config()
    app = make_app(
        database_url,
        PASSWORD_HASH_TIME_COST=defaults.PASSWORD_HASH_TIME_COST,
        PASSWORD_HASH_MEMORY_KIB=defaults.PASSWORD_HASH_MEMORY_KIB,
    )
    with app.app_context():
        stored = auth.hash_password("correct horse battery staple")
        assert stored.startswith("$argon2id$v=19$m=65536,t=3,")
        assert auth.check_password(stored, "correct horse battery staple")
        assert not auth.check_password(stored, "wrong")
        assert not auth.check_password(None, "anything")
