"""Staff accounts (each change audited) and the sign-in throttle."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert

from app.extensions import db
from app.staff.models import Area, SignInThrottle, StaffUser
from app.staff.queries import audit, sessions

# --- reading accounts ------------------------------------------------------------------------------


def user_by_email(email: str) -> StaffUser | None:
    return db.session.scalar(select(StaffUser).where(StaffUser.email == email.strip().lower()))


def get_user(user_id: int) -> StaffUser | None:
    return db.session.get(StaffUser, user_id)


def user_for_pending(user_id: int, version: int) -> StaffUser | None:
    """The user a half-finished sign-in names, only while active and with no password change since."""
    return db.session.scalar(
        select(StaffUser).where(
            StaffUser.id == user_id, StaffUser.session_version == version, StaffUser.active.is_(True)
        )
    )


def list_users(actor: StaffUser) -> list[StaffUser]:
    """Every account (their email addresses are personal data: the listing is audited)."""
    users = list(db.session.scalars(select(StaffUser).order_by(StaffUser.role, StaffUser.email)))
    audit.record(actor, "users_listed", "staff_user", None, count=len(users))
    return users


def user_choices() -> list[tuple[int, str]]:
    """(id, email) of every account, for the audit log's filter."""
    rows = db.session.execute(select(StaffUser.id, StaffUser.email).order_by(StaffUser.email))
    return [(row[0], row[1]) for row in rows]


def view_user(actor: StaffUser, user_id: int) -> StaffUser | None:
    user = get_user(user_id)
    if user is not None:
        audit.record(actor, "user_viewed", "staff_user", user.id)
    return user


# --- changing accounts ---------------------------------------------------------------------------------


def create_user(
    actor: StaffUser | None,
    email: str,
    role: str,
    password_hash: str,
    areas: list[Area] | None = None,
    *,
    active: bool = True,
    by: str | None = None,
    centre_id: int | None = None,
) -> StaffUser:
    """A new account; a ``centre`` worker is tied to ``centre_id`` (every other role to none)."""
    user = StaffUser(
        email=email.strip().lower(),
        role=role,
        centre_id=centre_id if role == "centre" else None,
        password_hash=password_hash,
        must_change_password=True,
        active=active,
        areas=list(areas or []),
    )
    db.session.add(user)
    db.session.flush()
    audit.record(actor, "user_created", "staff_user", user.id, role=role, **({"by": by} if by else {}))
    return user


def update_user(
    actor: StaffUser,
    user: StaffUser,
    *,
    email: str,
    role: str,
    active: bool,
    areas: list[Area],
    centre_id: int | None = None,
) -> None:
    """Save an account; a change of role, access, areas or centre ends all the user's sessions at once.
    Only a ``centre`` worker keeps a centre."""
    centre_id = centre_id if role == "centre" else None
    rights_changed = (
        role != user.role
        or active != user.active
        or {a.id for a in areas} != {a.id for a in user.areas}
        or centre_id != user.centre_id
    )
    with db.session.no_autoflush:  # role and centre change together (a database rule ties them)
        user.email, user.role, user.centre_id = email.strip().lower(), role, centre_id
        user.active, user.areas = active, areas
    if rights_changed:
        user.session_version += 1
        sessions.end_all_sessions(user)
    db.session.flush()
    audit.record(
        actor, "user_updated", "staff_user", user.id, role=role, active=active, signed_out=rights_changed
    )


def reset_password(
    actor: StaffUser | None, user: StaffUser, password_hash: str, *, by: str | None = None
) -> None:
    """An administrator's reset: a one-time password, two-step sign-in set up again, every session ended."""
    user.password_hash = password_hash
    user.must_change_password = True
    user.totp_enabled, user.totp_secret, user.totp_last_step = False, None, None
    user.recovery_codes = []
    user.session_version += 1
    sessions.end_all_sessions(user)
    audit.record(actor, "user_reset", "staff_user", user.id, **({"by": by} if by else {}))


def change_own_password(user: StaffUser, password_hash: str, keep_session: str | None) -> None:
    """The user's own change: every other session ends, this one carries on."""
    user.password_hash = password_hash
    user.must_change_password = False
    user.session_version += 1
    sessions.end_all_sessions(user, keep=keep_session)
    audit.record(user, "password_changed", "staff_user", user.id)


def sign_out_everywhere(user: StaffUser) -> None:
    user.session_version += 1
    ended = sessions.end_all_sessions(user)
    audit.record(user, "sign_out_everywhere", "staff_user", user.id, sessions=ended)


def sign_out(user: StaffUser, token: str | None) -> None:
    if token:
        sessions.end_session(token)
    audit.record(user, "sign_out", "staff_user", user.id)


def record_sign_in(user: StaffUser, when: datetime) -> str:
    """Start a server-side session for a user who passed every factor; returns its token."""
    user.last_sign_in_at = when
    audit.record(user, "sign_in", "staff_user", user.id)
    return sessions.start_session(user, when)


def record_failed_sign_in(user: StaffUser | None, factor: str) -> None:
    audit.record(user, "sign_in_failed", "staff_user", user.id if user else None, factor=factor)


def store_totp_secret(user: StaffUser, encrypted_secret: str) -> None:
    user.totp_secret = encrypted_secret
    db.session.flush()


def enable_two_factor(user: StaffUser, step: int, recovery_hashes: list[str]) -> None:
    user.totp_enabled = True
    user.totp_last_step = step
    user.recovery_codes = recovery_hashes
    audit.record(user, "two_factor_enabled", "staff_user", user.id)


def use_recovery_code(user: StaffUser, code_hash: str) -> bool:
    """Spend one recovery code (each works once); True if it was one of the user's."""
    if code_hash not in (user.recovery_codes or []):
        return False
    user.recovery_codes = [value for value in user.recovery_codes if value != code_hash]
    audit.record(user, "recovery_code_used", "staff_user", user.id, left=len(user.recovery_codes))
    return True


# --- sign-in throttle ----------------------------------------------------------------------------------


def locked_until(key: str) -> datetime | None:
    return db.session.scalar(select(SignInThrottle.locked_until).where(SignInThrottle.key == key))


def record_failure(key: str, now: datetime, lock_for: Callable[[int], timedelta]) -> int:
    """Count one more failure under ``key`` and lock it for ``lock_for(failures)``."""
    statement = insert(SignInThrottle).values(key=key, failures=1, last_failure_at=now)
    row = db.session.execute(
        statement.on_conflict_do_update(
            index_elements=[SignInThrottle.key],
            set_={"failures": SignInThrottle.failures + 1, "last_failure_at": now},
        ).returning(SignInThrottle.failures)
    ).scalar_one()
    wait = lock_for(row)
    db.session.execute(
        update(SignInThrottle)
        .where(SignInThrottle.key == key)
        .values(locked_until=now + wait if wait else None)
    )
    return row


def clear_failures(key: str) -> None:
    db.session.execute(delete(SignInThrottle).where(SignInThrottle.key == key))
