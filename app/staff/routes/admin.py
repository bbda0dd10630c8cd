"""Administrators: staff accounts, areas and the audit log."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.staff import auth, bp, queries
from app.staff.forms import ROLE_LABELS, AuditFilterForm, ConfirmForm, UserForm


def _user_or_404(user_id: int):
    user = queries.get_user(user_id)
    if user is None:
        abort(404)
    return user


def _user_form(**kwargs: object) -> UserForm:
    form = UserForm(**kwargs)
    form.areas.choices = [(area.id, area.name) for area in queries.list_areas()]
    return form


@bp.get("/users")
@auth.roles("admin")
def users() -> str:
    return render_template("staff/users.html", users=queries.list_users(), role_labels=ROLE_LABELS)


@bp.route("/users/new", methods=["GET", "POST"])
@auth.roles("admin")
def new_user() -> Response | str:
    form = _user_form()
    if form.validate_on_submit():
        if queries.user_by_email(form.email.data):
            form.email.errors.append(_("There is already an account with this email address"))
        else:
            password = auth.new_one_time_password()
            user = queries.create_user(
                form.email.data,
                form.role.data,
                auth.hash_password(password),
                queries.areas_by_ids(form.areas.data),
            )
            user.active = bool(form.active.data)
            queries.audit(current_user, "user_created", "staff_user", user.id, role=user.role)
            db.session.commit()
            return render_template("staff/one_time_password.html", user=user, password=password)
    return render_template("staff/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@auth.roles("admin")
def edit_user(user_id: int) -> Response | str:
    user = _user_or_404(user_id)
    form = _user_form(obj=user) if request.method == "GET" else _user_form()
    if request.method == "GET":
        form.areas.data = [area.id for area in user.areas]
    if form.validate_on_submit():
        other = queries.user_by_email(form.email.data)
        if other is not None and other.id != user.id:
            form.email.errors.append(_("There is already an account with this email address"))
        elif user.id == current_user.id and (form.role.data != "admin" or not form.active.data):
            form.role.errors.append(_("You cannot remove your own administrator access"))
        else:
            changed = {"role": form.role.data != user.role, "active": bool(form.active.data) != user.active}
            user.email = form.email.data.strip().lower()
            user.role = form.role.data
            user.active = bool(form.active.data)
            user.areas = queries.areas_by_ids(form.areas.data)
            if changed["role"] or changed["active"]:
                queries.sign_out_everywhere(user)  # new rights take effect at once
            queries.audit(
                current_user, "user_updated", "staff_user", user.id, role=user.role, active=user.active
            )
            db.session.commit()
            flash(_("Account saved"), "success")
            return redirect(url_for("staff.users"))
    return render_template("staff/user_form.html", form=form, user=user, reset_form=ConfirmForm())


@bp.post("/users/<int:user_id>/reset")
@auth.roles("admin")
def reset_user(user_id: int) -> str:
    user = _user_or_404(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    password = auth.new_one_time_password()
    queries.reset_password(user, auth.hash_password(password), must_change=True)
    user.totp_enabled, user.totp_secret, user.totp_last_step = False, None, None
    queries.audit(current_user, "user_reset", "staff_user", user.id)
    db.session.commit()
    return render_template("staff/one_time_password.html", user=user, password=password)


@bp.get("/areas")
@auth.roles("admin")
def areas() -> str:
    return render_template(
        "staff/areas.html",
        areas=queries.list_areas(),
        counts=queries.area_report_counts(),
        form=ConfirmForm(),
    )


@bp.post("/areas/<int:area_id>/default")
@auth.roles("admin")
def default_area(area_id: int) -> Response:
    area = next((a for a in queries.list_areas() if a.id == area_id), None)
    if area is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    queries.set_default_area(area)
    queries.audit(current_user, "area_default", "staff_area", area.id)
    db.session.commit()
    flash(_("%(name)s now receives reports without a location", name=area.name), "success")
    return redirect(url_for("staff.areas"))


@bp.get("/audit")
@auth.roles("admin")
def audit_log() -> str:
    form = AuditFilterForm(request.args, meta={"csrf": False})
    form.action.choices = [("", _("Any"))] + [(a, a) for a in queries.audit_actions()]
    form.actor.choices = [("", _("Anyone"))] + [(str(u.id), u.email) for u in queries.list_users()]
    filters = queries.AuditFilter()
    if form.validate():
        filters = queries.AuditFilter(
            action=form.action.data or None,
            actor_id=int(form.actor.data) if form.actor.data else None,
            object_id=(form.record.data or "").strip() or None,
            since=form.since.data,
            until=form.until.data,
        )
    value = request.args.get("page", "1")
    page = max(1, int(value)) if value.isdigit() else 1
    events, total = queries.audit_events(filters, page)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "staff/audit.html",
        form=form,
        events=events,
        total=total,
        page=page,
        pages=max(1, -(-total // queries.PER_PAGE)),
        args=args,
    )
