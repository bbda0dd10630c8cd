"""Administrators: staff accounts, areas and the audit log."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from app.staff import auth, bp
from app.staff.forms import ROLE_LABELS, AuditFilterForm, ConfirmForm, UserForm
from app.staff.models import StaffUser
from app.staff.queries import accounts, audit, routing
from app.staff.queries import centre as centre_queries


def _user_or_404(user_id: int):
    user = accounts.view_user(current_user, user_id)
    if user is None:
        abort(404)
    return user


def _makes_admin(form: UserForm, user: StaffUser | None) -> bool:
    """True when this save would give administrator rights to someone who does not have them: the
    signed-in admin must give their password again (a hijacked session alone cannot make admins)."""
    if form.role.data != "admin" or (user is not None and user.role == "admin"):
        return False
    if auth.check_password(current_user.password_hash, form.your_password.data or ""):
        return False
    form.your_password.errors.append(_("Enter your password to make someone an administrator"))
    return True


def _user_form(**kwargs: object) -> UserForm:
    form = UserForm(**kwargs)
    form.areas.choices = [(area.id, area.name) for area in routing.list_areas()]
    form.centre.choices = [("", _("None"))] + [(str(i), name) for i, name in centre_queries.centre_choices()]
    return form


@bp.get("/users")
@auth.roles("admin")
def users() -> str:
    return render_template(
        "staff/users.html", users=accounts.list_users(current_user), role_labels=ROLE_LABELS
    )


@bp.route("/users/new", methods=["GET", "POST"])
@auth.roles("admin")
def new_user() -> BaseResponse | str:
    form = _user_form()
    if form.validate_on_submit():
        if accounts.user_by_email(form.email.data):
            form.email.errors.append(_("There is already an account with this email address"))
        elif _makes_admin(form, None):
            pass
        else:
            password = auth.new_one_time_password()
            user = accounts.create_user(
                current_user,
                form.email.data,
                form.role.data,
                auth.hash_password(password),
                routing.areas_by_ids(form.areas.data),
                active=bool(form.active.data),
                centre_id=form.centre_id(),
            )
            return render_template("staff/one_time_password.html", user=user, password=password)
    return render_template("staff/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@auth.roles("admin")
def edit_user(user_id: int) -> BaseResponse | str:
    user = _user_or_404(user_id)
    form = _user_form(obj=user) if request.method == "GET" else _user_form()
    if request.method == "GET":
        form.areas.data = [area.id for area in user.areas]
        form.centre.data = str(user.centre_id) if user.centre_id else ""
    if form.validate_on_submit():
        other = accounts.user_by_email(form.email.data)
        if other is not None and other.id != user.id:
            form.email.errors.append(_("There is already an account with this email address"))
        elif user.id == current_user.id and (form.role.data != "admin" or not form.active.data):
            form.role.errors.append(_("You cannot remove your own administrator access"))
        elif _makes_admin(form, user):
            pass
        else:
            accounts.update_user(
                current_user,
                user,
                email=form.email.data,
                role=form.role.data,
                active=bool(form.active.data),
                areas=routing.areas_by_ids(form.areas.data),
                centre_id=form.centre_id(),
            )
            flash(_("Account saved"), "success")
            return redirect(url_for("staff.users"))
    return render_template("staff/user_form.html", form=form, user=user, reset_form=ConfirmForm())


@bp.post("/users/<int:user_id>/reset")
@auth.roles("admin")
def reset_user(user_id: int) -> str:
    user = accounts.get_user(user_id)
    if user is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    password = auth.new_one_time_password()
    accounts.reset_password(current_user, user, auth.hash_password(password))
    return render_template("staff/one_time_password.html", user=user, password=password)


@bp.get("/areas")
@auth.roles("admin")
def areas() -> str:
    return render_template(
        "staff/areas.html",
        areas=routing.list_areas(),
        counts=routing.area_report_counts(),
        form=ConfirmForm(),
    )


@bp.post("/areas/<int:area_id>/default")
@auth.roles("admin")
def default_area(area_id: int) -> BaseResponse:
    area = next((a for a in routing.list_areas() if a.id == area_id), None)
    if area is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    routing.set_default_area(current_user, area)
    flash(_("%(name)s now receives reports without a location", name=area.name), "success")
    return redirect(url_for("staff.areas"))


@bp.get("/audit")
@auth.roles("admin")
def audit_log() -> str:
    form = AuditFilterForm(request.args, meta={"csrf": False})
    form.action.choices = [("", _("Any"))] + [(a, a) for a in audit.audit_actions()]
    form.actor.choices = [("", _("Anyone"))] + [(str(i), email) for i, email in accounts.user_choices()]
    filters = audit.AuditFilter()
    if form.validate():
        filters = audit.AuditFilter(
            action=form.action.data or None,
            actor_id=int(form.actor.data) if form.actor.data else None,
            object_id=(form.record.data or "").strip() or None,
            since=form.since.data,
            until=form.until.data,
        )
    page = audit.audit_events(current_user, filters)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("staff/audit.html", form=form, events=page.items, listing=page, args=args)
