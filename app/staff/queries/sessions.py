"""Server-side staff sessions: started at sign-in, touched on each request, ended by sign-out, "sign out
everywhere", a password, role or access change, the idle timeout or the absolute lifetime."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import CursorResult, delete, select

from app.extensions import db
from app.staff.models import StaffSession, StaffUser


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: StaffUser, now: datetime) -> str:
    """A new session for ``user``; returns the token for the cookie (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    db.session.add(StaffSession(token_hash=_hash(token), user_id=user.id, created_at=now, last_seen_at=now))
    db.session.flush()
    return token


def user_for_token(token: str, now: datetime, idle: timedelta, lifetime: timedelta) -> StaffUser | None:
    """The active user whose live session this token is, touching it; an expired session is deleted."""
    found = db.session.execute(
        select(StaffSession, StaffUser)
        .join(StaffUser, StaffUser.id == StaffSession.user_id)
        .where(StaffSession.token_hash == _hash(token))
    ).first()
    if found is None:
        return None
    staff_session, user = found
    if (
        not user.active
        or now - staff_session.last_seen_at > idle
        or now - staff_session.created_at > lifetime
    ):
        db.session.delete(staff_session)
        db.session.flush()
        return None
    staff_session.last_seen_at = now
    return user


def end_session(token: str) -> None:
    db.session.execute(delete(StaffSession).where(StaffSession.token_hash == _hash(token)))


def end_all_sessions(user: StaffUser, *, keep: str | None = None) -> int:
    """End every session of ``user`` (all but the one with token ``keep``); returns how many ended."""
    statement = delete(StaffSession).where(StaffSession.user_id == user.id)
    if keep is not None:
        statement = statement.where(StaffSession.token_hash != _hash(keep))
    result: CursorResult = db.session.execute(statement)  # type: ignore[assignment]
    return result.rowcount or 0


def live_sessions(user: StaffUser) -> int:
    return len(
        db.session.scalars(select(StaffSession.token_hash).where(StaffSession.user_id == user.id)).all()
    )
