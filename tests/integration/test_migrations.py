"""The migrations build exactly the schema the models describe (so autogenerate stays clean)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from geoalchemy2 import alembic_helpers

from app.extensions import db


def test_models_and_migrations_agree(db_session) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"include_object": alembic_helpers.include_object, "compare_type": True},
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == [], f"models differ from migrations: {differences}"


def test_extensions_are_installed(db_session) -> None:
    with db.engine.connect() as connection:
        names = {row[0] for row in connection.exec_driver_sql("SELECT extname FROM pg_extension")}
    assert {"postgis", "pg_trgm"} <= names
