"""Triage: the filtered list, a report's page (every view audited), status, notes, assignment, export."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response as BaseResponse
from wtforms import Field

from app.htmx import is_htmx, render
from app.links import url_with_query
from app.report import queries as report_queries
from app.report.models import Report
from app.report.vocab import STRANDS
from app.staff import auth, bp, deadlines
from app.staff.forms import (
    STATUS_LABELS,
    AssignForm,
    ConfirmForm,
    NoteForm,
    ReauthForm,
    ReportFilterForm,
    StatusForm,
)
from app.staff.queries import accounts, related, routing, triage

TRIAGE = ("admin", "reviewer")


def _filter_form(source: MultiDict | None = None) -> tuple[ReportFilterForm, triage.ReportFilter]:
    """The list's filters from the address (or ``source``). A filter with an error is left out and its
    error shown; the others still apply."""
    form = ReportFilterForm(request.args if source is None else source, meta={"csrf": False})
    form.set_choices([(area.id, area.name) for area in _visible_areas()])
    form.validate()

    def text(field: Field) -> str | None:
        return None if field.errors or not field.data else str(field.data)

    def day(field: Field) -> date | None:
        return field.data if not field.errors and isinstance(field.data, date) else None

    def flag(field: Field) -> bool:
        return not field.errors and bool(field.data)

    area = text(form.area)
    filters = triage.ReportFilter(
        status=text(form.status),
        strand=text(form.strand),
        incident_type=text(form.incident_type),
        received_from=day(form.received_from),
        received_to=day(form.received_to),
        area_id=int(area) if area else None,
        assigned_to_me=flag(form.mine),
        unrouted=flag(form.unrouted) and current_user.is_admin,
        reference=(text(form.reference) or "").strip() or None,
        oldest_first=text(form.sort) == "oldest",
    )
    return form, filters


def _visible_areas() -> list:
    return routing.list_areas() if current_user.is_admin else list(current_user.areas)


FLAG_LABELS = {
    "still_happening": _l("Still happening"),
    "injured": _l("Someone hurt"),
    "wants_police": _l("Wants police to investigate"),
}


def _ages(rows: list) -> dict[int, tuple[int, bool]]:
    """Report id → (working days since it came in, overdue against the reply target)."""
    now = datetime.now(UTC)
    target = int(current_app.config.get("STAFF_TARGET_WORKING_DAYS", deadlines.DEFAULT_TARGET))
    return {
        row.id: (
            deadlines.working_days_since(row.submitted_at, now),
            deadlines.is_overdue(row.submitted_at, row.status, now, target),
        )
        for row in rows
    }


def _page_arg(page: int) -> dict[str, int]:
    return {"page": page} if page > 1 else {}


@bp.get("/reports")
@auth.roles(*TRIAGE)
def reports() -> BaseResponse:
    form, filters = _filter_form()
    page = triage.list_reports(current_user, filters)
    return render(
        "staff/reports.html",
        "staff/_report_list.html",
        form=form,
        rows=page.items,
        ages=_ages(page.items),
        flag_labels=FLAG_LABELS,
        listing=page,
        args=filters.as_args(),
        status_labels=STATUS_LABELS,
        strand_labels=dict(STRANDS),
        push_url=url_with_query("staff.reports", {**filters.as_args(), **_page_arg(page.page)}),
    )


@bp.get("/reports/export.csv")
@auth.roles(*TRIAGE)
def export_reports() -> BaseResponse:
    _form, filters = _filter_form()
    if request.args.get("personal") in {"y", "1", "true", "on"}:
        if not current_user.is_admin:
            abort(403)
        # Personal details only after the password is given again (a POST, so it never enters a URL).
        return redirect(url_with_query("staff.export_personal", filters.as_args()))
    return _csv(*triage.export_csv(current_user, filters, False))


@bp.route("/reports/export-personal", methods=["GET", "POST"])
@auth.roles("admin")
def export_personal() -> BaseResponse | str:
    """The filtered list with personal details, after the admin gives their password again."""
    _form, filters = _filter_form(request.form if request.method == "POST" else None)
    form = ReauthForm()
    if form.validate_on_submit():
        if auth.check_password(current_user.password_hash, form.password.data):
            return _csv(*triage.export_csv(current_user, filters, True))
        form.password.errors.append(_("Your password is not right"))
        accounts.record_failed_sign_in(current_user, "reauth")
    return render_template("staff/export_personal.html", form=form, args=filters.as_args())


def _csv(text: str, _count: int) -> BaseResponse:
    stamp = datetime.now().strftime("%Y%m%d-%H%M")
    response = current_app.response_class(text, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="reports-{stamp}.csv"'
    return response


def _report_or_404(report_id: int, *, view: bool = False) -> tuple[Report, str, str | None]:
    """The report if this user may see it, else 404; ``view`` audits it as shown to the user."""
    found = (triage.view_report if view else triage.get_report)(current_user, report_id)
    if found is None:
        abort(404)  # the same for "no such report" and "not one of your areas"
    return found


def _detail_context(
    report_id: int,
    *,
    view: bool = False,
    status_form: StatusForm | None = None,
    note_form: NoteForm | None = None,
    assign_form: AssignForm | None = None,
) -> dict[str, Any]:
    report, status, assignee = _report_or_404(report_id, view=view)
    anonymised = triage.anonymised_at(report_id)
    assign_form = assign_form or AssignForm()
    assign_form.assignee.choices = [("", _("Nobody"))] + [
        (str(user.id), user.email) for user in triage.assignable_users(report_id)
    ]
    if not assign_form.is_submitted():
        current = next((value for value, label in assign_form.assignee.choices if label == assignee), "")
        assign_form.assignee.data = current
    status_form = status_form or StatusForm(status=status)
    return {
        "report": report,
        "status": status,
        "assignee": assignee,
        "anonymised": anonymised,
        "rows": [] if anonymised else report_queries.answer_rows(triage.report_answers(report)),
        "areas": routing.report_area_names(report_id),
        "notes": triage.notes(current_user, report_id),
        "status_form": status_form,
        "note_form": note_form or NoteForm(),
        "assign_form": assign_form,
        "status_labels": STATUS_LABELS,
        "referrals": triage.referrals(report_id),
        "linked": related.linked(current_user, report_id),
        "suggested": related.suggestions(current_user, report),
        "link_form": ConfirmForm(),
        "reason_needed": triage.needs_referral_reason(report),
    }


@bp.get("/reports/<int:report_id>")
@auth.roles(*TRIAGE)
def report(report_id: int) -> str:
    context = _detail_context(report_id, view=True)
    return render_template("staff/report.html", **context)


def _reason_missing(form: StatusForm, report: Report) -> bool:
    """Referring to the police a report whose author asked for information only needs a reason."""
    if form.status.data != "referred_police" or not triage.needs_referral_reason(report):
        return False
    if (form.reason.data or "").strip():
        return False
    form.reason.errors.append(
        _("The reporter asked for information only. Give the reason for referring it to the police")
    )
    return True


def _triage_response(
    report_id: int,
    fragment: str,
    message: str | None,
    *,
    status_form: StatusForm | None = None,
    note_form: NoteForm | None = None,
    assign_form: AssignForm | None = None,
) -> BaseResponse | str:
    """HTMX: the updated panel only. Without JavaScript: back to the report page (POST-redirect-GET),
    or the page again with the errors if the form had any."""
    forms = {"status_form": status_form, "note_form": note_form, "assign_form": assign_form}
    has_errors = any(form is not None and form.errors for form in forms.values())
    if is_htmx():
        return render_template(
            fragment,
            message=message,
            **_detail_context(
                report_id, status_form=status_form, note_form=note_form, assign_form=assign_form
            ),
        )
    if has_errors:
        return render_template(
            "staff/report.html",
            **_detail_context(
                report_id, view=True, status_form=status_form, note_form=note_form, assign_form=assign_form
            ),
            page_has_errors=True,
        )
    if message:
        flash(message, "success")
    return redirect(url_for("staff.report", report_id=report_id))


@bp.post("/reports/<int:report_id>/status")
@auth.roles(*TRIAGE)
def report_status(report_id: int) -> BaseResponse | str:
    report = _report_or_404(report_id)[0]
    form = StatusForm()
    message = None
    if form.validate_on_submit() and not _reason_missing(form, report):
        if form.status.data == "referred_police":
            referral = triage.Referral(
                force=form.force.data.strip(),
                referred_on=datetime.now(UTC).date(),
                crime_reference=(form.crime_reference.data or "").strip() or None,
                reason=(form.reason.data or "").strip() or None,
            )
            changed = triage.refer_to_police(current_user, report_id, referral)
        else:
            changed = triage.set_status(current_user, report_id, form.status.data)
        if changed is None:
            abort(404)
        message = _("Status changed to %(status)s", status=STATUS_LABELS[form.status.data])
    return _triage_response(report_id, "staff/_triage.html", message, status_form=form)


@bp.post("/reports/<int:report_id>/notes")
@auth.roles(*TRIAGE)
def report_note(report_id: int) -> BaseResponse | str:
    _report_or_404(report_id)
    form = NoteForm()
    message = None
    if form.validate_on_submit():
        if triage.add_note(current_user, report_id, form.note.data.strip()) is None:
            abort(404)
        message = _("Note added")
        form = NoteForm(formdata=None)
    return _triage_response(report_id, "staff/_notes.html", message, note_form=form)


@bp.post("/reports/<int:report_id>/assign")
@auth.roles(*TRIAGE)
def report_assign(report_id: int) -> BaseResponse | str:
    _report_or_404(report_id)
    form = AssignForm()
    form.assignee.choices = [("", "")] + [(str(u.id), u.email) for u in triage.assignable_users(report_id)]
    message = None
    if form.validate_on_submit():
        assignee = int(form.assignee.data) if form.assignee.data else None
        if not triage.assign(current_user, report_id, assignee):
            abort(404)
        message = _("Assignment saved")
    return _triage_response(report_id, "staff/_triage.html", message, assign_form=form)


@bp.post("/reports/<int:report_id>/links/<int:other_id>")
@auth.roles(*TRIAGE)
def report_link(report_id: int, other_id: int) -> BaseResponse:
    """Link (or, with ``unlink``, unlink) two reports the user may both see."""
    _report_or_404(report_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if request.form.get("action") == "unlink":
        related.unlink(current_user, report_id, other_id)
        flash(_("The reports are no longer linked"), "success")
    elif related.link(current_user, report_id, other_id):
        flash(_("The reports are linked"), "success")
    else:
        abort(404)
    return redirect(url_for("staff.report", report_id=report_id))
