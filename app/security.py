"""Security headers on every response, including errors (strict CSP, no inline script or style)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from flask import Flask, Response, current_app, request

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

PERMISSIONS_POLICY = (
    "geolocation=(self), camera=(), microphone=(), payment=(), usb=(), "
    "accelerometer=(), gyroscope=(), magnetometer=(), interest-cohort=()"
)


def content_security_policy(
    script_src: str = "'self'", img_src: str = "'self' data:", style_src: str = "'self'"
) -> str:
    """The site's CSP. Only the map document widens script/img sources, through these arguments."""
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {script_src}",
            f"style-src {style_src}",
            f"img-src {img_src}",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'self'",
            "form-action 'self'",
        ]
    )


#: The policy of every page but the map document, written once.
DEFAULT_POLICY = content_security_policy()


def set_security_headers(response: Response) -> Response:
    headers = response.headers
    # A view that needs a different policy (the map document) sets its own; all others get this.
    headers.setdefault("Content-Security-Policy", DEFAULT_POLICY)
    headers["X-Content-Type-Options"] = "nosniff"
    # The map document sets its own (OpenStreetMap's tile policy needs a referrer); all others send none.
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers["Permissions-Policy"] = PERMISSIONS_POLICY
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    if request.is_secure or current_app.config["SESSION_COOKIE_SECURE"]:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if "Cache-Control" not in headers and response.mimetype == "text/html":
        # Pages may hold what a person typed: never keep them in shared caches.
        headers["Cache-Control"] = "no-store"
    return response


class PercentEncodeQuery:
    """WSGI middleware: raw non-ASCII bytes in the query string (invalid UTF-8 from a robot or a proxy
    that passes them on) are percent-encoded, so Werkzeug decodes them leniently instead of raising
    UnicodeDecodeError (a 500) the first time anything reads ``request.args``."""

    def __init__(self, wsgi_app: WSGIApplication) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        query = environ.get("QUERY_STRING", "")
        if query and not query.isascii():
            raw = query.encode("latin-1", "replace")
            environ["QUERY_STRING"] = "".join(chr(b) if b < 0x80 else f"%{b:02X}" for b in raw)
        return self.wsgi_app(environ, start_response)


def allow_uploads() -> None:
    """Staff file imports may be larger than a public form (MAX_CONTENT_LENGTH, answered with 413)."""
    if request.endpoint in current_app.config.get("UPLOAD_ENDPOINTS", ()):
        request.max_content_length = current_app.config["UPLOAD_MAX_CONTENT_LENGTH"]


def init_app(app: Flask) -> None:
    app.before_request(allow_uploads)
    app.after_request(set_security_headers)
    # Wrapping wsgi_app is how Flask documents adding middleware; mypy forbids assigning to a method.
    app.wsgi_app = PercentEncodeQuery(app.wsgi_app)  # type: ignore[method-assign]
