"""Thin views for the home page and the plain-English information pages."""

from __future__ import annotations

from datetime import date

from flask import Response, current_app, redirect, render_template, session
from sqlalchemy import text

from app.extensions import db
from app.main import bp
from app.signals import session_exited

# Information pages: URL slug → template. Their words live in the templates, marked for translation.
PAGES = {
    "hate-crime": "main/hate_crime.html",
    "ways-to-report": "main/ways_to_report.html",
    "after-you-report": "main/after_you_report.html",
    "privacy": "main/privacy.html",
    "accessibility": "main/accessibility.html",
    "cookies": "main/cookies.html",
}
# Changed whenever the accessibility statement's facts are checked again.
STATEMENT_DATE = date(2026, 11, 27)


@bp.get("/")
def index() -> str:
    return render_template("main/index.html")


@bp.get("/<any(" + ",".join(f'"{slug}"' for slug in PAGES) + "):slug>")
def page(slug: str) -> str:
    return render_template(PAGES[slug], statement_date=STATEMENT_DATE)


@bp.route("/exit", methods=["GET", "POST"])
def exit_page() -> Response:
    """Leave quickly: forget everything this browser has with us, then go somewhere neutral."""
    session_exited.send(current_app._get_current_object(), session=session)  # type: ignore[attr-defined]
    session.clear()
    response = redirect(current_app.config["EXIT_URL"], code=303)
    response.delete_cookie(current_app.config["SESSION_COOKIE_NAME"])
    response.headers["Clear-Site-Data"] = '"cookies", "storage"'
    return response


@bp.get("/healthz")
def healthz() -> tuple[dict, int]:
    """For load balancers: the app answers and the database is reachable."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:
        current_app.logger.exception("health check: database unreachable")
        return {"status": "error", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}, 200
