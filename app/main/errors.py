"""Error pages in the site's own layout, in the user's language, with the security headers."""

from __future__ import annotations

import math

from flask import Flask, render_template, request
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from app import ratelimit

MESSAGES = {
    400: (_l("Sorry, there is a problem with that request"), _l("Go back and try again.")),
    403: (_l("You do not have permission to see this page"), _l("If you think this is wrong, contact us.")),
    404: (_l("Page not found"), _l("If you typed the web address, check it is correct.")),
    405: (_l("Sorry, that cannot be done here"), _l("Go back and try again.")),
    413: (
        _l("What you sent is too large"),
        _l("Go back, make your answer shorter, and try again. Nothing you saved before has been lost."),
    ),
    429: (_l("Too many attempts"), _l("You have tried this too many times. Try again later.")),
    500: (
        _l("Sorry, there is a problem with the service"),
        _l("Try again later. Anything you have already saved has been kept."),
    ),
    503: (
        _l("Sorry, the service is unavailable"),
        _l("Try again later. Anything you have already saved has been kept."),
    ),
}
CSRF_MESSAGE = _l(
    "This page was open for too long or was sent twice. Go back, reload the page and try again. "
    "Nothing you saved before has been lost."
)


def render_error(code: int, detail: str | None = None) -> tuple[str, int]:
    title, message = MESSAGES.get(code, MESSAGES[500])
    return render_template("errors/error.html", code=code, title=title, message=detail or message), code


def too_many(error: RateLimitExceeded) -> tuple[str, int, list[tuple[str, str]]]:
    """429, saying how long to wait: the same wait as its Retry-After header, rounded up to minutes."""
    seconds = ratelimit.retry_after_seconds()
    minutes = math.ceil(seconds / 60)
    if minutes < 90:
        wait = ngettext(
            "You have tried this too many times. Wait %(num)d minute, then try again.",
            "You have tried this too many times. Wait %(num)d minutes, then try again.",
            minutes,
        )
    else:
        hours = math.ceil(minutes / 60)
        wait = ngettext(
            "You have tried this too many times. Wait %(num)d hour, then try again.",
            "You have tried this too many times. Wait %(num)d hours, then try again.",
            hours,
        )
    body, code = render_error(429, wait)
    return body, code, [("Retry-After", str(seconds))]


def register(app: Flask) -> None:
    app.register_error_handler(RateLimitExceeded, too_many)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        app.logger.warning("CSRF rejected on %s", request.path)
        return render_error(400, str(CSRF_MESSAGE))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        body, code = render_error(error.code if error.code in MESSAGES else 400)
        allow = error.get_headers()
        return body, code, [(k, v) for k, v in allow if k == "Allow"]

    @app.errorhandler(OperationalError)
    def database_unavailable(error: DBAPIError) -> tuple[str, int]:
        # Never log the statement's parameters: they may hold what someone typed.
        app.logger.error("database unavailable: %s", type(error.orig).__name__)
        return render_error(503)

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError) -> tuple[str, int]:
        return render_error(500)
