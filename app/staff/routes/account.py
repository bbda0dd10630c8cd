"""Signing in and out, the second factor, the staff home page and the user's own account."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response as BaseResponse

from app.centres import queries as centre_queries
from app.extensions import limiter
from app.staff import auth, bp, deadlines
from app.staff.forms import STATUS_LABELS, CodeForm, ConfirmForm, PasswordForm, SignInCodeForm, SignInForm
from app.staff.queries import accounts, routing, triage

SIGN_IN_LIMIT = "10/minute"


def _wait_message(minutes: int) -> str:
    return ngettext(
        "Too many failed attempts. Wait %(num)d minute, then try again.",
        "Too many failed attempts. Wait %(num)d minutes, then try again.",
        minutes,
    )


def _after_sign_in() -> BaseResponse:
    target = auth.safe_next(request.args.get("next"))
    return redirect(target or url_for("staff.index"))


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"])
def sign_in() -> BaseResponse | str:
    if current_user.is_authenticated:
        return redirect(url_for("staff.index"))
    form = SignInForm()
    problem = None
    if form.validate_on_submit():
        attempt = auth.check_sign_in(form.email.data, form.password.data)
        if attempt.outcome == "ok":
            auth.complete_sign_in(attempt.user)
            return _after_sign_in()
        if attempt.outcome == "code":
            auth.remember_pending(attempt.user)
            return redirect(url_for("staff.sign_in_code", next=request.args.get("next")))
        problem = (
            _wait_message(attempt.wait_minutes)
            if attempt.outcome == "locked"
            else _("The email address or password is not right")
        )
    return render_template("staff/sign_in.html", form=form, problem=problem, page_has_errors=bool(problem))


@bp.route("/sign-in/code", methods=["GET", "POST"])
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"])
def sign_in_code() -> BaseResponse | str:
    user = auth.pending_user()
    if user is None:
        flash(_("Sign in again: the security code page was open for too long."), "info")
        return redirect(url_for("staff.sign_in"))
    form = SignInCodeForm()
    problem = None
    if form.validate_on_submit():
        attempt = auth.check_code(user, form.code.data)
        if attempt.outcome == "ok":
            auth.complete_sign_in(user)
            return _after_sign_in()
        problem = (
            _wait_message(attempt.wait_minutes)
            if attempt.outcome == "locked"
            else _("The security code is not right, or was already used. Enter the newest code.")
        )
    return render_template(
        "staff/sign_in_code.html", form=form, problem=problem, page_has_errors=bool(problem)
    )


@bp.post("/sign-out")
@auth.roles(*auth.ALL_ROLES)
def sign_out() -> BaseResponse:
    auth.sign_out()
    flash(_("You have signed out."), "info")
    return auth.clear_site_data(redirect(url_for("staff.sign_in")))


@bp.get("/")
@auth.roles(*auth.ALL_ROLES)
def index() -> BaseResponse | str:
    if current_user.role == "centre":
        return redirect(url_for("staff.centre_home"))
    unrouted = routing.unrouted_count() if current_user.is_admin else 0
    counts = None
    if current_user.role in auth.TWO_STEP_ROLES:
        target = int(current_app.config.get("STAFF_TARGET_WORKING_DAYS", deadlines.DEFAULT_TARGET))
        counts = triage.home_counts(current_user, deadlines.overdue_before(datetime.now(UTC), target))
    # Editors keep the listings: they see how many centres are due a check.
    editor = current_user.role in ("admin", "editor")
    stale_centres = centre_queries.count_needing_check(date.today()) if editor else 0
    return render_template(
        "staff/index.html",
        form=ConfirmForm(),
        unrouted=unrouted,
        counts=counts,
        status_labels=STATUS_LABELS,
        stale_centres=stale_centres,
    )


@bp.route("/account/password", methods=["GET", "POST"])
@auth.roles(*auth.ALL_ROLES)
def change_password() -> BaseResponse | str:
    form = PasswordForm(email=current_user.email)
    if form.validate_on_submit():
        if not auth.check_password(current_user.password_hash, form.current.data):
            form.current.errors.append(_("Your current password is not right"))
        else:
            accounts.change_own_password(
                current_user._get_current_object(), auth.hash_password(form.new.data), auth.session_token()
            )
            flash(_("Your password has been changed. Other sessions have been signed out."), "success")
            return redirect(url_for("staff.index"))
    return render_template("staff/password.html", form=form)


def _grouped(secret: str) -> str:
    return " ".join(re.findall(".{1,4}", secret))


@bp.route("/account/two-factor", methods=["GET", "POST"])
@auth.roles(*auth.ALL_ROLES)
def two_factor() -> BaseResponse | str:
    if current_user.totp_enabled:
        return render_template("staff/two_factor_done.html")
    if not current_user.totp_secret:
        accounts.store_totp_secret(current_user, auth.encrypt_secret(auth.new_totp_secret()))
    secret = auth.decrypt_secret(current_user.totp_secret)
    form = CodeForm()
    if form.validate_on_submit():
        step = auth.totp_step(secret, form.code.data, None)
        if step is None:
            form.code.errors.append(
                _("The security code is not right. Check the time on your phone is correct.")
            )
        else:
            codes = auth.new_recovery_codes()
            accounts.enable_two_factor(
                current_user, step, [auth.recovery_hash(current_user.id, code) for code in codes]
            )
            # The codes are shown this once (never stored in the clear), so this page is not a redirect.
            return render_template("staff/two_factor_done.html", recovery_codes=codes)
    uri = auth.totp_uri(secret, current_user.email)
    return render_template(
        "staff/two_factor.html",
        form=form,
        secret=_grouped(secret),
        uri=uri,
        # segno builds the SVG from the URI and escapes its title: no user input becomes markup.
        qr_code=Markup(auth.totp_qr_svg(uri, _("QR code to set up two-step sign-in"))),  # noqa: S704
        issuer=current_app.config.get("SERVICE_NAME", "Stand Together"),
    )


@bp.post("/account/sign-out-everywhere")
@auth.roles(*auth.ALL_ROLES)
def sign_out_everywhere() -> BaseResponse:
    form = ConfirmForm()
    if form.validate_on_submit():
        accounts.sign_out_everywhere(current_user)
    auth.leave()
    flash(_("You have been signed out on every device."), "info")
    return auth.clear_site_data(redirect(url_for("staff.sign_in")))


@bp.post("/account/stay-signed-in")
@auth.roles(*auth.ALL_ROLES)
def stay_signed_in() -> BaseResponse | tuple[dict, int]:
    """The timeout warning's "Stay signed in": loading the user for this request already touched the
    server-side session, so this only confirms it. The warning's script asks for JSON (seconds until the
    idle timeout); a plain form goes back to the page it came from. An ended session never gets here:
    the guard sends it to sign-in."""
    if request.accept_mimetypes.best == "application/json":
        return {"idle_seconds": int(auth.idle_limit().total_seconds())}, 200
    flash(_("You are still signed in."), "success")
    return redirect(auth.safe_next(request.form.get("next")) or url_for("staff.index"))
