"""Stand Together: find a reporting centre, report hate crime online, find support."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import Any

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix

ROOT = Path(__file__).resolve().parent.parent
#: Feature packages, each with a Blueprint ``bp`` (and optionally ``demo.seed()``).
FEATURES = ("centres", "report", "directory", "staff")


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Build the app; ``overrides`` replace settings (tests use it for their own database)."""
    from app.config import Config

    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    app.config.from_object(Config())
    app.config.update(overrides or {})
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        raise RuntimeError(
            "No database configured. Set DATABASE_URL, or run scripts/run once to provision PostGIS."
        )
    if app.config["PROXY_FIX_HOPS"]:
        hops = app.config["PROXY_FIX_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]

    import_module("app.logging").init_app(app)  # request ids, JSON logs; before the extensions read config
    register_templates(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_cli(app)
    return app


def register_templates(app: Flask) -> None:
    from app import assets, hours, i18n

    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(ROOT / "templates")),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals["hours"] = hours  # the module: templates call hours.status(...) etc.
    assets.init_app(app)
    i18n.init_app(app)


def register_extensions(app: Flask) -> None:
    from govuk_frontend_wtf.main import WTFormsHelpers

    from app import page_cache, ratelimit, security, transactions
    from app.extensions import compress, csrf, db, htmx, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), compare_type=True)
    csrf.init_app(app)
    ratelimit.init_app(app)
    page_cache.init_app(app)  # sets Flask-Compress's cache of compressed copies, read by its init_app
    compress.init_app(app)
    htmx.init_app(app)
    login_manager.init_app(app)
    WTFormsHelpers(app)
    security.init_app(app)
    transactions.init_app(app)


def register_blueprints(app: Flask) -> None:
    from app.main import bp as main_bp

    app.register_blueprint(main_bp)
    for name in FEATURES:
        app.register_blueprint(import_module(f"app.{name}").bp)


def register_errorhandlers(app: Flask) -> None:
    from app.main.errors import register

    register(app)


def register_cli(app: Flask) -> None:
    from app.cli import register

    register(app)
