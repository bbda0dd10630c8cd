"""The audit trail cannot be edited by the app's own login: set-up provisions the app as a role that may
only add to and read the audit table, while the owner (migrations) keeps the rest. Tried as an attacker
holding the app's database login would: through the test app's own connection, which set-up made the
production way (tools/provision.py, then the real migrations as the owner)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy
from flask import Flask
from sqlalchemy import make_url, text
from sqlalchemy.exc import DBAPIError

from app.extensions import db
from app.staff.models import AuditEvent
from app.staff.queries import audit
from tests.fixtures import staff as f
from tools import provision

staff_db = f.staff_db  # fixture

ATTACKS = (
    "ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_or_delete",
    "ALTER TABLE audit_event DISABLE TRIGGER ALL",
    "DROP TRIGGER audit_event_no_update_or_delete ON audit_event",
    "UPDATE audit_event SET action = 'rewritten'",
    "DELETE FROM audit_event",
    "TRUNCATE audit_event",
    "UPDATE alembic_version SET version_num = 'x'",
    f'SET ROLE "{provision.APP_ROLE}"',
)


@pytest.fixture(scope="module")
def owner_url(app: Flask) -> str:
    url = app.config.get("MIGRATION_DATABASE_URL")
    if not url and os.environ.get("DATABASE_URL"):
        pytest.skip("DATABASE_URL is set without MIGRATION_DATABASE_URL: one role does both")
    assert url, "the set-up left the test app running as the tables' owner"
    return url


def _refused(statement: str) -> str:
    with pytest.raises(DBAPIError) as refused, db.session.begin_nested():
        db.session.execute(text(statement))
    return str(refused.value)


def test_the_owner_could_switch_off_the_trigger_so_the_app_does_not_run_as_the_owner(
    app: Flask, owner_url: str
) -> None:
    # The app's login before: the append-only trigger is no protection against the tables' owner.
    engine = sqlalchemy.create_engine(owner_url, poolclass=sqlalchemy.pool.NullPool)
    with engine.connect() as owner:
        owner.execute(text("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_or_delete"))
        owner.rollback()
    with app.app_context(), db.engine.connect() as connection:
        me, table_owner = connection.execute(
            text("SELECT current_user, tableowner FROM pg_tables WHERE tablename = 'audit_event'")
        ).one()
    assert me == make_url(app.config["SQLALCHEMY_DATABASE_URI"]).username == provision.RUNTIME_ROLE
    assert table_owner == make_url(owner_url).username == provision.APP_ROLE


def test_the_apps_own_login_cannot_edit_the_audit_trail_but_adds_to_and_reads_it(staff_db, owner_url) -> None:
    audit.record(None, "before_attack", "thing", 1)
    for statement in ATTACKS:
        reason = _refused(statement)
        assert "permission denied" in reason or "must be owner" in reason, (statement, reason)
    role = db.session.execute(
        text(
            "SELECT rolsuper, rolcreatedb, rolcreaterole, rolbypassrls"
            " FROM pg_roles WHERE rolname = current_user"
        )
    ).one()
    assert tuple(role) == (False, False, False, False)
    # What the app needs still works: adding to and reading the trail, and its other tables.
    audit.record(None, "after_attack", "thing", 2)
    actions = set(db.session.scalars(db.select(AuditEvent.action)))
    assert {"before_attack", "after_attack"} <= actions and "rewritten" not in actions
    areas = f.load_areas()
    assert f.make_user("reviewer", [areas[f.WEST]]).id


def test_every_upgrade_grants_the_runtime_role_its_rights_again(app: Flask, owner_url: str) -> None:
    engine = sqlalchemy.create_engine(owner_url, poolclass=sqlalchemy.pool.NullPool)
    runtime = provision.RUNTIME_ROLE
    check = text("SELECT has_table_privilege(:role, 'staff_user', 'SELECT')")
    try:
        with engine.begin() as owner:  # as a migration adding a table leaves it: the owner's alone
            owner.execute(text(f'REVOKE ALL ON staff_user FROM "{runtime}"'))
            assert owner.execute(check, {"role": runtime}).scalar() is False
        result = app.test_cli_runner().invoke(args=["db", "upgrade"])
        assert result.exit_code == 0, result.output
        with engine.connect() as owner:
            assert owner.execute(check, {"role": runtime}).scalar() is True
    finally:
        with engine.begin() as owner:
            audit.grant_runtime_role(owner, runtime)


@pytest.fixture(scope="module")
def other_role(app: Flask) -> Iterator[str]:
    """A role like a production runtime login, made by the local superuser (roles are server-wide)."""
    try:
        admin = provision.admin_for_local_server(make_url(app.config["SQLALCHEMY_DATABASE_URI"]).port or 5432)
    except (provision.ProvisionError, OSError) as error:
        pytest.skip(f"needs the local PostgreSQL superuser to create a role: {error}")
    role = f"st_runtime_{uuid.uuid4().hex[:8]}"
    admin.run(f'CREATE ROLE "{role}" NOLOGIN')
    yield role
    database = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database
    admin.run(f'DROP OWNED BY "{role}"', database)  # the grants the command committed
    admin.run(f'DROP ROLE "{role}"')


def test_the_grant_command_runs_as_the_owner(app: Flask, owner_url: str, other_role: str) -> None:
    result = app.test_cli_runner().invoke(args=["grant-runtime-role", other_role])
    assert result.exit_code == 0, result.output
    assert "only to add to and read" in result.output
    privilege = text("SELECT has_table_privilege(:role, 'audit_event', :what)")
    with app.app_context(), db.engine.connect() as connection:
        rights = {
            what
            for what in ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE")
            if connection.execute(privilege, {"role": other_role, "what": what}).scalar()
        }
    assert rights == {"SELECT", "INSERT"}
