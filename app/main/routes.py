"""Thin views for the home page and the plain-English information pages."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from flask import current_app, redirect, render_template, session
from sqlalchemy import text
from werkzeug.wrappers import Response

from app import page_cache
from app.extensions import db
from app.main import bp
from app.signals import sender, session_exited

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


def information_page(template: str) -> str:
    return render_template(template, statement_date=STATEMENT_DATE)


# The home and information pages show nothing of the person: each is kept (app/page_cache.py).
@bp.get("/")
@page_cache.kept()
def index() -> str:
    return information_page("main/index.html")


@bp.get("/<any(" + ",".join(f'"{slug}"' for slug in PAGES) + "):slug>")
@page_cache.kept()
def page(slug: str) -> str:
    return information_page(PAGES[slug])


@bp.route("/exit", methods=["GET", "POST"])
def exit_page() -> Response:
    """Leave quickly: forget everything this browser has with us, then go somewhere neutral."""
    session_exited.send(sender(), session=session)
    session.clear()
    response = redirect(current_app.config["EXIT_URL"], code=303)
    response.delete_cookie(current_app.config["SESSION_COOKIE_NAME"])
    response.headers["Clear-Site-Data"] = '"cookies", "storage"'
    return response


@bp.get("/healthz")
def healthz() -> tuple[dict, int]:
    """For load balancers: the app answers, the database is reachable and its schema is at the
    migrations' head (503 with the reason otherwise; nothing else is said, so nothing leaks)."""
    try:
        applied = set(db.session.scalars(text("SELECT version_num FROM alembic_version")))
    except Exception as error:
        db.session.rollback()
        current_app.logger.error("health check: database unreachable (%s)", type(error).__name__)
        return {"status": "error", "database": "unreachable", "migrations": "unknown"}, 503
    if applied != migration_heads():
        current_app.logger.error("health check: database schema is not at the migrations' head")
        return {"status": "error", "database": "ok", "migrations": "not current"}, 503
    return {"status": "ok", "database": "ok", "migrations": "current"}, 200


def migration_heads() -> set[str]:
    """The head revision(s) of the migration scripts this code ships with (read once per process)."""
    return set(_heads(current_app.extensions["migrate"].directory))


@lru_cache(maxsize=2)
def _heads(directory: str) -> tuple[str, ...]:
    from alembic.config import Config as AlembicConfig
    from alembic.script import ScriptDirectory

    config = AlembicConfig()
    config.set_main_option("script_location", directory)
    return tuple(ScriptDirectory.from_config(config).get_heads())
