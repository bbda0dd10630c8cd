"""One place commits: at the end of every request that succeeded (the funding-service pattern).

Views and query functions only add and change; a request answering 2xx or 3xx commits once, anything
else (a 4xx, a 500, an exception) is rolled back when Flask-SQLAlchemy removes the session. A view
that must keep its writes while answering with an error (a counted failed sign-in, an audit row for
refused access) calls :func:`keep_on_error`.
"""

from __future__ import annotations

from flask import Flask, Response, g

from app.extensions import db


def keep_on_error() -> None:
    """Commit this request's writes even though it answers with an error status."""
    g.commit_on_error = True


def commit_on_success(response: Response) -> Response:
    if not db.session.registry.has():
        return response  # this request never used the database (a kept page, a static file)
    if response.status_code < 400 or g.get("commit_on_error"):
        db.session.commit()
    else:
        db.session.rollback()
    return response


def init_app(app: Flask) -> None:
    app.after_request(commit_on_success)
