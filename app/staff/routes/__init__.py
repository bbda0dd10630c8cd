"""Staff routes, one module per part of the area; the guard runs before every one of them."""

from __future__ import annotations

from typing import Any

from app.staff import auth, bp, queries


def load_user(session_id: str) -> Any:
    """Flask-Login's loader: the id in the session is ``user:version``, so raising the version (sign
    out everywhere, a password change) ends every other session at its next request."""
    user_id, _sep, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    return queries.user_for_session(int(user_id), int(version))


@bp.record_once
def _set_up_login(state: Any) -> None:
    auth.init_login(state.app, load_user)


bp.before_request(auth.guard)
bp.after_request(auth.no_store)

from app.staff import commands  # noqa: E402,F401
from app.staff.routes import account, admin, data, reports, stats  # noqa: E402,F401
