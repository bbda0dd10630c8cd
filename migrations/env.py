"""Alembic environment for Flask-Migrate, with GeoAlchemy2's helpers.

Without the helpers, autogenerate would drop PostGIS's ``spatial_ref_sys`` and duplicate the
GiST indexes that geography columns create for themselves (DESIGN.md "Database").
"""

import logging
from logging.config import fileConfig

import sqlalchemy
from alembic import context
from flask import current_app
from geoalchemy2 import alembic_helpers

from app.config import owner_url_for
from app.staff.queries.audit import grant_runtime_role

config = context.config
if config.config_file_name:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db
app_url = current_app.config["SQLALCHEMY_DATABASE_URI"]
owner_url = current_app.config.get("MIGRATION_DATABASE_URL") or owner_url_for(app_url)
config.set_main_option(
    "sqlalchemy.url",
    (owner_url or target_db.engine.url.render_as_string(hide_password=False)).replace("%", "%%"),
)


def process_revision_directives(context, revision, directives):
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        logger.info("No changes in schema detected.")
        return
    alembic_helpers.writer(context, revision, directives)


def configure_args() -> dict:
    args = dict(current_app.extensions["migrate"].configure_args)
    args.setdefault("process_revision_directives", process_revision_directives)
    args.setdefault("include_object", alembic_helpers.include_object)
    args.setdefault("render_item", alembic_helpers.render_item)
    return args


def run_migrations_offline():
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_db.metadata,
        literal_binds=True,
        **configure_args(),
    )
    with context.begin_transaction():
        context.run_migrations()


def _engine():
    """The owner's connection when MIGRATION_DATABASE_URL is set (the app may run as a lesser role)."""
    if owner_url:
        return sqlalchemy.create_engine(owner_url, poolclass=sqlalchemy.pool.NullPool)
    return target_db.engine


def runtime_role() -> str | None:
    """The app's own login when it differs from the owner that migrates (else nothing to grant)."""
    app_role = sqlalchemy.make_url(app_url).username
    if owner_url and app_role and app_role != sqlalchemy.make_url(owner_url).username:
        return app_role
    return None


def grant_to_runtime_role(connection) -> None:
    """Tables a migration adds belong to the owner: give the app's login its rights on them, the audit
    trail only to add to and read, in the migration's own transaction (so it is never left without)."""
    role = runtime_role()
    if role and sqlalchemy.inspect(connection).has_table("audit_event"):
        grant_runtime_role(connection, role)
        logger.info("Granted %s the tables; the audit trail only to add to and read.", role)


def run_migrations_online():
    with _engine().connect() as connection:
        context.configure(connection=connection, target_metadata=target_db.metadata, **configure_args())
        with context.begin_transaction():
            context.run_migrations()
            grant_to_runtime_role(connection)


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
