"""Who may do what: argon2 passwords, TOTP, sign-in throttling, idle timeout and the route guard.

Every ``staff.*`` endpoint is refused unless it is listed in ``PUBLIC`` or declares its roles with
``@roles(...)``: a new route that forgets is closed, not open.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache, wraps
from typing import Any, NoReturn, TypeVar
from urllib.parse import urlsplit

import pyotp
import segno
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import Flask, abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from markupsafe import escape
from zxcvbn import zxcvbn

from app import crypto
from app.extensions import login_manager
from app.htmx import is_htmx
from app.report import queries as report_queries
from app.signals import sender, session_exited
from app.staff.queries import accounts, audit, sessions
from app.transactions import keep_on_error

F = TypeVar("F", bound=Callable[..., Any])

MIN_PASSWORD_LENGTH = 12
#: zxcvbn's score from 0 to 4: 3 is "safely unguessable" against an offline attack on a slow hash.
STRONG_ENOUGH = 3
#: Failures allowed before each further attempt waits; the wait doubles up to ``MAX_LOCK``.
FREE_FAILURES = 3
MAX_LOCK = timedelta(minutes=15)
#: Wrong security codes allowed before the code step locks; counted apart from passwords and never
#: cleared by a correct password, so knowing the password does not buy more guesses.
CODE_FREE_FAILURES = 5
CODE_LOCK = timedelta(hours=1)
CODE_MAX_LOCK = timedelta(hours=24)
#: Roles that read personal data: they must use two-step sign-in.
TWO_STEP_ROLES = frozenset({"admin", "reviewer", "centre"})
RECOVERY_CODES = 10
#: Endpoints reachable without signing in.
PUBLIC = frozenset({"staff.sign_in", "staff.sign_in_code"})
#: Endpoints a signed-in user may reach before finishing a forced set-up step.
SETUP = frozenset({"staff.change_password", "staff.two_factor", "staff.sign_out"})
PENDING_KEY = "staff_pending"
#: The Flask-Login session key: it holds the server-side session's token, not the user's id.
USER_KEY = "_user_id"


@lru_cache(maxsize=4)
def _hasher(time_cost: int, memory_kib: int) -> tuple[PasswordHasher, str]:
    """argon2id with the configured cost, and a dummy hash made with it (checked when the account
    does not exist, so both cases take about as long)."""
    hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib)
    return hasher, hasher.hash(secrets.token_urlsafe(16))


def hasher() -> tuple[PasswordHasher, str]:
    config = current_app.config
    return _hasher(config["PASSWORD_HASH_TIME_COST"], config["PASSWORD_HASH_MEMORY_KIB"])


def hash_password(password: str) -> str:
    return hasher()[0].hash(password)


def check_password(stored_hash: str | None, password: str) -> bool:
    """True if ``password`` matches; with no stored hash a dummy is checked so timing says nothing."""
    argon2, dummy = hasher()
    try:
        return argon2.verify(stored_hash or dummy, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def password_problem(password: str, email: str = "") -> str | None:
    """Why a new password is too easy to guess, or None. Offline: zxcvbn's estimate (common and breached
    passwords, words, patterns, dates), fed the user's email and the service's name, which are also
    refused outright inside the password."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("Password must be 12 characters or more")
    service = current_app.config.get("SERVICE_NAME", "Stand Together")
    own = [email.lower(), email.split("@")[0].lower(), service.lower(), "standtogether"]
    squashed = "".join(ch for ch in password.lower() if ch.isalnum())
    mine = any(len(word) >= 4 and "".join(c for c in word if c.isalnum()) in squashed for word in own if word)
    if mine or zxcvbn(password[:100], user_inputs=[*own, *service.lower().split()])["score"] < STRONG_ENOUGH:
        return _(
            "Choose a password that is harder to guess. Do not use common passwords, repeated words, "
            "your email address or the name of this service. A few random words together work well."
        )
    return None


def new_one_time_password() -> str:
    """A random password to hand over once; the user must change it at first sign-in."""
    return "-".join(secrets.token_hex(3) for _ in range(4))


def throttle_key(email: str, factor: str = "password") -> str:
    """A keyed hash of the account name (and factor): the throttle table never holds an email address."""
    secret = current_app.config["SECRET_KEY"].encode()
    name = email.strip().lower() if factor == "password" else f"{factor}:{email.strip().lower()}"
    return hmac.new(secret, name.encode(), hashlib.sha256).hexdigest()


def lock_for(failures: int) -> timedelta:
    """How long to wait after ``failures`` failed attempts in a row: none at first, then doubling."""
    if failures < FREE_FAILURES:
        return timedelta(0)
    return min(MAX_LOCK, timedelta(seconds=15 * 2 ** (failures - FREE_FAILURES)))


def code_lock_for(failures: int) -> timedelta:
    """Wrong codes in a row: a few are free, then an hour's lock that doubles up to a day."""
    if failures < CODE_FREE_FAILURES:
        return timedelta(0)
    return min(CODE_MAX_LOCK, CODE_LOCK * 2 ** min(failures - CODE_FREE_FAILURES, 10))


# --- TOTP --------------------------------------------------------------------------------------------


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(
        name=email, issuer_name=current_app.config.get("SERVICE_NAME", "Stand Together")
    )


def totp_step(secret: str, code: str, last_step: int | None, now: float | None = None) -> int | None:
    """The time step ``code`` belongs to (±1 step of clock drift), or None. A step at or before
    ``last_step`` was used already: refused, so an overheard code cannot be replayed."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    moment = time.time() if now is None else now
    current = totp.timecode(datetime.fromtimestamp(moment, UTC))
    for step in (current - 1, current, current + 1):
        if hmac.compare_digest(totp.generate_otp(step), code) and (last_step is None or step > last_step):
            return step
    return None


def totp_qr_svg(uri: str, title: str) -> str:
    """The set-up link as an inline SVG QR code (no image service, nothing our CSP would block)."""
    svg = segno.make(uri, error="m").svg_inline(scale=4, border=4, title=title, svgclass="staff-qr")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" ', 1)


def new_recovery_codes() -> list[str]:
    """One-time codes for when the phone is lost, shown once: ``xxxxx-xxxxx`` (about 50 bits each)."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return [
        "-".join("".join(secrets.choice(alphabet) for _ in range(5)) for _ in range(2))
        for _ in range(RECOVERY_CODES)
    ]


def recovery_hash(user_id: int, code: str) -> str:
    """A keyed hash of a recovery code (spaces and case ignored), so the table holds no usable code."""
    secret = current_app.config["SECRET_KEY"].encode()
    clean = "".join(code.lower().split())
    return hmac.new(secret, f"{user_id}:{clean}".encode(), hashlib.sha256).hexdigest()


def decrypt_secret(encrypted: str) -> str:
    return crypto.decrypt(encrypted)


def encrypt_secret(secret: str) -> str:
    return crypto.encrypt(secret)


# --- guard -------------------------------------------------------------------------------------------


def roles(*allowed: str) -> Callable[[F], F]:
    """Declare who may use a view. The blueprint's guard reads this before the view runs."""

    def decorate(view: F) -> F:
        view.staff_roles = frozenset(allowed)  # type: ignore[attr-defined]

        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated or current_user.role not in allowed:
                refuse()
            return view(*args, **kwargs)

        wrapped.staff_roles = frozenset(allowed)  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorate


def idle_limit() -> timedelta:
    return timedelta(minutes=float(current_app.config.get("STAFF_IDLE_MINUTES", 30)))


def session_lifetime() -> timedelta:
    return timedelta(hours=float(current_app.config.get("STAFF_SESSION_HOURS", 12)))


def load_user(token: str) -> Any:
    """Flask-Login's loader: the cookie names a server-side session; only a live one signs the user in.
    An ended or expired session is remembered for this request, so the guard can say why."""
    user = sessions.user_for_token(token, utcnow(), idle_limit(), session_lifetime())
    if user is None:
        g.staff_session_ended = True
    return user


def session_token() -> str | None:
    return session.get(USER_KEY)


def guard() -> Any:
    """Run before every staff request: sign-in, idle timeout, forced set-up, then the view's roles."""
    endpoint = request.endpoint or ""
    if endpoint in PUBLIC:
        return None
    if not current_user.is_authenticated:
        if g.get("staff_session_ended"):
            draft = _live_assisted_draft()
            logout_user()
            session.clear()
            if draft:
                # Kept for the worker's return (complete_sign_in keeps it only for a worker of the
                # same centre); meanwhile the report's pages show nothing of it (report.routes.unattended).
                session[report_queries.DRAFT_SESSION_KEY] = draft
            flash(_("You were signed out because you were inactive. Sign in again."), "info")
            # The cache only: the tab's storage keeps a staff note being typed over the new sign-in
            # (static/js/staff.js), and holds nothing of a victim's (report pages store nothing).
            response = _to_sign_in()
            response.headers["Clear-Site-Data"] = '"cache"'
            return response
        if is_htmx():
            flash(str(LOGIN_MESSAGE), "info")
            return _to_sign_in()
        return login_manager.unauthorized()
    if endpoint not in SETUP:
        if current_user.must_change_password:
            return redirect(url_for("staff.change_password"))
        if current_user.role in TWO_STEP_ROLES and not current_user.totp_enabled:
            return redirect(url_for("staff.two_factor"))
    view = current_app.view_functions.get(endpoint)
    allowed = getattr(view, "staff_roles", None)
    if allowed is None or current_user.role not in allowed:
        refuse()
    return None


#: Roles refused with "not found": a centre worker is not told what else the staff area holds.
HIDDEN_FROM = frozenset({"centre"})


def refuse() -> NoReturn:
    """Refuse the signed-in user a page their role may not use: 403, or 404 for a centre worker."""
    hidden = current_user.is_authenticated and current_user.role in HIDDEN_FROM
    abort(404 if hidden else 403)


#: Sent with every sign-out: the browser drops its cache and storage for the site, so nothing of a
#: victim's assisted report stays on a shared computer.
CLEAR_SITE_DATA = '"cache", "storage"'


def clear_site_data(response: Any) -> Any:
    response.headers["Clear-Site-Data"] = CLEAR_SITE_DATA
    return response


def record_refusal(response: Any) -> Any:
    """Refused access to a staff page (401, 403, 404) leaves an audit row, kept although the answer is
    an error: the endpoint, method and the ids in the address, never the address itself."""
    if response.status_code in {401, 403, 404} and request.endpoint:
        actor = current_user if current_user.is_authenticated else None
        ids = {key: str(value) for key, value in (request.view_args or {}).items()}
        audit.record(
            actor,
            "access_refused",
            "endpoint",
            request.endpoint,
            status=response.status_code,
            method=request.method,
            **ids,
        )
        keep_on_error()
    return response


def _back_after_sign_in() -> str | None:
    """Where to come back to after signing in: this page, or for a form sent from a page (HTMX or not)
    that page, so the person returns to what they were doing."""
    if request.method == "GET" and not is_htmx():
        return request.full_path
    return safe_next(request.headers.get("HX-Current-URL") or request.referrer)


def _to_sign_in() -> Any:
    """To the sign-in page. An HTMX request navigates the whole window (``HX-Redirect``), so a sign-in
    page is never dropped into a panel."""
    target = url_for("staff.sign_in", next=_back_after_sign_in())
    if is_htmx():
        response = current_app.response_class(status=204)
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target)


def form_too_old(error: Any) -> Any:
    """A form whose security token expired or is missing (an old tab, a session that ended): refused
    (400) with a clear message and a way back to the page it came from. By HTMX, the whole window goes
    back to that page, which shows the message (never a silent failure inside a panel)."""
    message = _("This form was open for too long, so nothing was saved. Please try again.")
    target = safe_next(request.headers.get("HX-Current-URL") or request.referrer) or url_for("staff.index")
    if is_htmx():
        flash(message, "error")
        response = current_app.response_class(status=400)
        response.headers["HX-Redirect"] = target
        return response
    return render_template("staff/form_too_old.html", message=message, back=target), 400


def no_store(response: Any) -> Any:
    """Staff pages hold report data: never cached anywhere, whatever their type (CSV, JSON, SVG)."""
    response.headers["Cache-Control"] = "no-store"
    response.headers.setdefault("X-Robots-Tag", "noindex, nofollow")
    return response


LOGIN_MESSAGE = _l("Sign in to use the staff area.")


def safe_next(target: str | None) -> str | None:
    """Only a path inside the staff area is followed after sign-in (no open redirect)."""
    if not target:
        return None
    parts = urlsplit(target)
    foreign = (parts.scheme or parts.netloc) and parts.netloc != request.host
    if foreign or not parts.path.startswith("/staff/") or "\\" in target:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def init_login(app: Flask, load_user: Callable[[str], Any]) -> None:
    login_manager.user_loader(load_user)
    login_manager.login_view = "staff.sign_in"
    login_manager.login_message = LOGIN_MESSAGE
    login_manager.login_message_category = "info"
    login_manager.localize_callback = str  # flash a plain string (a lazy one cannot go in the session)


def utcnow() -> datetime:
    return datetime.now(UTC)


# --- signing in ----------------------------------------------------------------------------------------

ALL_ROLES = ("admin", "reviewer", "editor", "centre")
PENDING_SECONDS = 300


@dataclass(frozen=True)
class Attempt:
    outcome: str  # "ok" | "code" (password right, TOTP next) | "bad" | "locked"
    user: Any = None
    wait_minutes: int = 0


def _locked(key: str, now: datetime) -> int:
    """Minutes left on a lock for this key (0 if none)."""
    until = accounts.locked_until(key)
    if until is None or until <= now:
        return 0
    return max(1, math.ceil((until - now).total_seconds() / 60))


def check_sign_in(email: str, password: str) -> Attempt:
    """Check a password. Unknown address and wrong password look the same, take about as long, and
    both count towards the same lock, which is kept per account name."""
    key = throttle_key(email)
    now = utcnow()
    if wait := _locked(key, now):
        check_password(None, password)
        return Attempt("locked", wait_minutes=wait)
    user = accounts.user_by_email(email)
    known = user if user is not None and user.active else None
    if not check_password(known.password_hash if known is not None else None, password) or known is None:
        accounts.record_failure(key, now, lock_for)
        accounts.record_failed_sign_in(user, "password")
        return Attempt("bad")
    accounts.clear_failures(key)  # the password's count only: wrong codes stay counted
    return Attempt("code" if known.totp_enabled else "ok", known)


def check_code(user: Any, code: str) -> Attempt:
    """Check a TOTP code or, failing that, a recovery code. Failures count under their own key, locked
    after ``CODE_FREE_FAILURES``; only a right code clears them."""
    key = throttle_key(user.email, "code")
    now = utcnow()
    if wait := _locked(key, now):
        return Attempt("locked", wait_minutes=wait)
    step = (
        totp_step(decrypt_secret(user.totp_secret), code, user.totp_last_step) if user.totp_secret else None
    )
    if step is not None:
        user.totp_last_step = step
    elif not (len(code.strip()) > 6 and accounts.use_recovery_code(user, recovery_hash(user.id, code))):
        accounts.record_failure(key, now, code_lock_for)
        accounts.record_failed_sign_in(user, "totp")
        return Attempt("bad")
    accounts.clear_failures(key)
    return Attempt("ok", user)


def complete_sign_in(user: Any) -> None:
    """Start the signed-in session (a fresh one: nothing from before sign-in is carried over, except an
    assisted report's draft when a worker of the centre that started it signs in again after a
    timeout, so the victim beside them does not lose their answers). The cookie holds the
    server-side session's token where Flask-Login keeps the user's id."""
    draft = _assisted_draft_for(user)
    session.clear()
    token = accounts.record_sign_in(user, utcnow())
    login_user(user)
    session[USER_KEY] = token
    if draft:
        session[report_queries.DRAFT_SESSION_KEY] = draft


def _live_assisted_draft() -> str | None:
    """This browser's draft token if it opens a live assisted report (of any centre)."""
    token = session.get(report_queries.DRAFT_SESSION_KEY)
    if not token:
        return None
    centre = report_queries.assisted_draft_centre(token, current_app.config["DRAFT_TTL"])
    return token if centre is not None else None


def _assisted_draft_for(user: Any) -> str | None:
    """This browser's draft token if it opens a live assisted report started by ``user``'s centre."""
    token = session.get(report_queries.DRAFT_SESSION_KEY)
    if not token or user.role != "centre" or user.centre_id is None:
        return None
    centre = report_queries.assisted_draft_centre(token, current_app.config["DRAFT_TTL"])
    return token if centre == user.centre_id else None


def sign_out() -> None:
    """End this session server-side (every copy of the cookie stops working) and clear the cookie."""
    accounts.sign_out(current_user._get_current_object(), session_token())
    leave()


def leave() -> None:
    """Sign out of this browser, leaving nothing behind: what the public side keeps for this session
    (an assisted report's draft, which has no resume code) is deleted as "Exit this page" deletes it,
    then the session is cleared. (An idle timeout does not come here: its worker may sign in again
    and carry on with the victim.)"""
    session_exited.send(sender(), session=session)
    logout_user()
    session.clear()


def remember_pending(user: Any) -> None:
    session[PENDING_KEY] = {"id": user.id, "v": user.session_version, "at": time.time()}


def pending_user() -> Any:
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict) or time.time() - float(pending.get("at", 0)) > PENDING_SECONDS:
        return None
    return accounts.user_for_pending(int(pending["id"]), int(pending["v"]))
