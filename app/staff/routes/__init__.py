"""Staff routes, one module per part of the area; the guard runs before every one of them."""

from __future__ import annotations

from typing import Any

from flask_wtf.csrf import CSRFError

from app.staff import auth, bidi, bp


@bp.record_once
def _set_up_login(state: Any) -> None:
    auth.init_login(state.app, auth.load_user)


bp.before_request(auth.guard)
bp.register_error_handler(CSRFError, auth.form_too_old)
bp.after_request(auth.no_store)
bp.after_request(auth.record_refusal)
bp.after_request(bidi.neutralise_response)

from app.staff import commands  # noqa: E402,F401
from app.staff.routes import account, admin, centre, data, reports, stats  # noqa: E402,F401
