"""The audit trail cannot be edited by the app's own login: it runs as a role that may only add to and read
the audit table, while the owner (migrations) keeps the rest. Tried as an attacker holding the app's
database login would."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.exc import DBAPIError

from app.extensions import db
from app.staff.models import AuditEvent
from app.staff.queries import audit
from tests.fixtures import staff as f
from tools import provision

staff_db = f.staff_db  # fixture


@pytest.fixture(scope="module")
def runtime_role(app) -> Iterator[str]:
    """A role like production's runtime login, made by the local superuser (roles are server-wide).
    Module-scoped, so it is dropped only after the test's transaction (which granted it rights) ended."""
    try:
        admin = provision.admin_for_local_server(make_url(app.config["SQLALCHEMY_DATABASE_URI"]).port or 5432)
    except (provision.ProvisionError, OSError) as error:
        pytest.skip(f"needs the local PostgreSQL superuser to create a role: {error}")
    role = f"st_runtime_{uuid.uuid4().hex[:8]}"
    owner = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).username
    admin.run(f'CREATE ROLE "{role}" NOLOGIN')
    admin.run(f'GRANT "{role}" TO "{owner}"')  # so the test's connection may act as it
    yield role
    database = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database
    admin.run(f'DROP OWNED BY "{role}"', database)  # the grants the command committed
    admin.run(f'DROP ROLE "{role}"')


def _refused(statement: str) -> str:
    with pytest.raises(DBAPIError) as refused, db.session.begin_nested():
        db.session.execute(text(statement))
    return str(refused.value)


def test_the_owner_could_switch_off_the_trigger_but_the_runtime_role_cannot(
    staff_db, runtime_role: str
) -> None:
    audit.record(None, "before_attack", "thing", 1)
    connection = db.session.connection()
    # As the tables' owner (the app's login before), the append-only trigger is no protection:
    with db.session.begin_nested() as attack:
        db.session.execute(text("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_or_delete"))
        db.session.execute(text("UPDATE audit_event SET action = 'rewritten'"))
        attack.rollback()
    role = runtime_role
    audit.grant_runtime_role(connection, role)
    db.session.execute(text(f'SET LOCAL ROLE "{role}"'))
    for statement in (
        "ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_or_delete",
        "DROP TRIGGER audit_event_no_update_or_delete ON audit_event",
        "UPDATE audit_event SET action = 'rewritten'",
        "DELETE FROM audit_event",
        "TRUNCATE audit_event",
        "UPDATE alembic_version SET version_num = 'x'",
    ):
        assert "permission denied" in _refused(statement) or "must be owner" in _refused(statement), statement
    # What the app needs still works: adding to and reading the trail, and its other tables.
    audit.record(None, "after_attack", "thing", 2)
    actions = set(db.session.scalars(db.select(AuditEvent.action)))
    assert {"before_attack", "after_attack"} <= actions and "rewritten" not in actions
    areas = f.load_areas()
    assert f.make_user("reviewer", [areas[f.WEST]]).id
    db.session.execute(text("RESET ROLE"))


def test_the_grant_command_runs_as_the_owner(app, runtime_role: str) -> None:
    result = app.test_cli_runner().invoke(args=["grant-runtime-role", runtime_role])
    assert result.exit_code == 0, result.output
    assert "only to add to and read" in result.output
    grants = text(
        "SELECT privilege_type FROM information_schema.role_table_grants"
        " WHERE grantee = :role AND table_name = 'audit_event'"
    )
    with app.app_context(), db.engine.connect() as connection:
        rights = set(connection.execute(grants, {"role": runtime_role}).scalars())
    assert rights == {"SELECT", "INSERT"}
