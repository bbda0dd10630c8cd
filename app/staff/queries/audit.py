"""The audit trail: rows appended by the query functions that reveal or change data, and the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import has_request_context, request
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Connection, select, text

from app.extensions import db
from app.staff import paging
from app.staff.models import AuditEvent, StaffUser

#: Longest user agent kept; longer ones are cut (they identify a browser, not a person).
AGENT_LENGTH = 300


def record(
    actor: StaffUser | int | None,
    action: str,
    object_type: str | None = None,
    object_id: object = None,
    **detail: Any,
) -> None:
    """Append one row, with the request's source address and user agent when there is a request.
    ``detail`` holds codes, ids and counts only, never names, addresses or free text."""
    actor_id = actor.id if isinstance(actor, StaffUser) else actor
    address = agent = None
    if has_request_context():
        address = request.remote_addr
        agent = (request.user_agent.string or "")[:AGENT_LENGTH] or None
    db.session.add(
        AuditEvent(
            actor_id=actor_id,
            action=action,
            object_type=object_type,
            object_id=None if object_id is None else str(object_id),
            detail=detail,
            source_address=address,
            user_agent=agent,
        )
    )
    db.session.flush()


@dataclass
class AuditFilter:
    action: str | None = None
    actor_id: int | None = None
    object_id: str | None = None
    since: date | None = None
    until: date | None = None


def audit_events(reader: StaffUser, filters: AuditFilter) -> Pagination:
    """A page of events, newest first; items are (event, actor's email). Reading the trail is itself
    recorded (it names staff and what they looked at)."""
    query = select(AuditEvent, StaffUser.email).outerjoin(StaffUser, StaffUser.id == AuditEvent.actor_id)
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.actor_id:
        query = query.where(AuditEvent.actor_id == filters.actor_id)
    if filters.object_id:
        query = query.where(AuditEvent.object_id == filters.object_id)
    if filters.since:
        query = query.where(AuditEvent.at >= filters.since)
    if filters.until:
        query = query.where(AuditEvent.at < filters.until + timedelta(days=1))
    page = paging.paginate(query.order_by(AuditEvent.id.desc()), rows=True)
    record(reader, "audit_viewed", "audit_event", None, page=page.page)
    return page


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))


def grant_runtime_role(connection: Connection, role: str) -> None:
    """Run as the tables' owner: let ``role`` (the app's own login) read and change the service's tables
    but only add to and read the audit trail. Not owning the tables, it can neither edit nor delete audit
    rows, nor switch off or drop the trigger that keeps them append-only."""
    name = connection.dialect.identifier_preparer.quote(role)
    for statement in (
        f"GRANT USAGE ON SCHEMA public TO {name}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {name}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {name}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM {name}",
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON alembic_version FROM {name}",
    ):
        connection.execute(text(statement))
