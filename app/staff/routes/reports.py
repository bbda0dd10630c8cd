"""Triage: the filtered list, a report's page (every view audited), status, notes, assignment, export."""

from __future__ import annotations

from datetime import datetime

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.htmx import is_htmx, render
from app.report import summary
from app.report.vocab import STRANDS
from app.staff import auth, bp, queries
from app.staff.forms import STATUS_LABELS, AssignForm, ExportForm, NoteForm, ReportFilterForm, StatusForm

TRIAGE = ("admin", "reviewer")


def _filter_form() -> tuple[ReportFilterForm, queries.ReportFilter]:
    form = ReportFilterForm(request.args, meta={"csrf": False})
    form.set_choices([(area.id, area.name) for area in _visible_areas()])
    filters = queries.ReportFilter()
    if form.validate():
        filters = queries.ReportFilter(
            status=form.status.data or None,
            strand=form.strand.data or None,
            incident_type=form.incident_type.data or None,
            received_from=form.received_from.data,
            received_to=form.received_to.data,
            area_id=int(form.area.data) if form.area.data else None,
            assigned_to_me=bool(form.mine.data),
        )
    return form, filters


def _visible_areas() -> list:
    return queries.list_areas() if current_user.is_admin else list(current_user.areas)


def _page() -> int:
    value = request.args.get("page", "1")
    return max(1, min(int(value), 10_000)) if value.isdigit() else 1


@bp.get("/reports")
@auth.roles(*TRIAGE)
def reports() -> Response:
    form, filters = _filter_form()
    page = _page()
    rows, total = queries.list_reports(current_user, filters, page)
    pages = max(1, -(-total // queries.PER_PAGE))
    return render(
        "staff/reports.html",
        "staff/_report_list.html",
        form=form,
        rows=rows,
        total=total,
        current_page=page,
        pages=pages,
        args=filters.as_args(),
        status_labels=STATUS_LABELS,
        strand_labels=dict(STRANDS),
        export_form=ExportForm(meta={"csrf": False}),
        push_url=url_for("staff.reports", **filters.as_args(), **({"page": page} if page > 1 else {})),
    )


@bp.get("/reports/export.csv")
@auth.roles(*TRIAGE)
def export_reports() -> Response:
    _form, filters = _filter_form()
    personal = request.args.get("personal") in {"y", "1", "true", "on"}
    if personal and not current_user.is_admin:
        abort(403)
    text, count = queries.export_csv(current_user, filters, personal)
    queries.audit(
        current_user, "report_export", "report", None, rows=count, personal=personal, **filters.as_args()
    )
    db.session.commit()
    stamp = datetime.now().strftime("%Y%m%d-%H%M")
    response = current_app.response_class(text, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="reports-{stamp}.csv"'
    return response


def _report_or_404(report_id: int) -> tuple:
    found = queries.get_report(current_user, report_id)
    if found is None:
        abort(404)  # the same for "no such report" and "not one of your areas"
    return found


def _detail_context(report_id: int, **forms: object) -> dict:
    report, status, assignee = _report_or_404(report_id)
    anonymised = queries.anonymised_at(report_id)
    assign_form = forms.get("assign_form") or AssignForm()
    assign_form.assignee.choices = [("", _("Nobody"))] + [
        (str(user.id), user.email) for user in queries.assignable_users(report_id)
    ]
    if not assign_form.is_submitted():
        current = next((value for value, label in assign_form.assignee.choices if label == assignee), "")
        assign_form.assignee.data = current
    status_form = forms.get("status_form") or StatusForm(status=status)
    return {
        "report": report,
        "status": status,
        "assignee": assignee,
        "anonymised": anonymised,
        "rows": [] if anonymised else summary.rows(queries.report_answers(report)),
        "areas": queries.report_area_names(report_id),
        "notes": queries.notes(current_user, report_id),
        "status_form": status_form,
        "note_form": forms.get("note_form") or NoteForm(),
        "assign_form": assign_form,
        "status_labels": STATUS_LABELS,
    }


@bp.get("/reports/<int:report_id>")
@auth.roles(*TRIAGE)
def report(report_id: int) -> str:
    context = _detail_context(report_id)
    queries.audit(current_user, "report_view", "report", report_id)
    db.session.commit()
    return render_template("staff/report.html", **context)


def _triage_response(report_id: int, fragment: str, message: str | None, **forms: object) -> Response | str:
    """HTMX: the updated panel only. Without JavaScript: back to the report page (POST-redirect-GET),
    or the page again with the errors if the form had any."""
    has_errors = any(getattr(form, "errors", None) for form in forms.values())
    if is_htmx():
        return render_template(fragment, message=message, **_detail_context(report_id, **forms))
    if has_errors:
        return render_template(
            "staff/report.html", **_detail_context(report_id, **forms), page_has_errors=True
        )
    if message:
        flash(message, "success")
    return redirect(url_for("staff.report", report_id=report_id))


@bp.post("/reports/<int:report_id>/status")
@auth.roles(*TRIAGE)
def report_status(report_id: int) -> Response | str:
    _report_or_404(report_id)
    form = StatusForm()
    message = None
    if form.validate_on_submit():
        old = queries.set_status(current_user, report_id, form.status.data)
        if old is None:
            abort(404)
        queries.audit(current_user, "report_status", "report", report_id, old=old, new=form.status.data)
        db.session.commit()
        message = _("Status changed to %(status)s", status=STATUS_LABELS[form.status.data])
    return _triage_response(report_id, "staff/_triage.html", message, status_form=form)


@bp.post("/reports/<int:report_id>/notes")
@auth.roles(*TRIAGE)
def report_note(report_id: int) -> Response | str:
    _report_or_404(report_id)
    form = NoteForm()
    message = None
    if form.validate_on_submit():
        note = queries.add_note(current_user, report_id, form.note.data.strip())
        if note is None:
            abort(404)
        queries.audit(current_user, "report_note", "report", report_id, note=note.id)
        db.session.commit()
        message = _("Note added")
        form = NoteForm(formdata=None)
    return _triage_response(report_id, "staff/_notes.html", message, note_form=form)


@bp.post("/reports/<int:report_id>/assign")
@auth.roles(*TRIAGE)
def report_assign(report_id: int) -> Response | str:
    _report_or_404(report_id)
    form = AssignForm()
    form.assignee.choices = [("", "")] + [(str(u.id), u.email) for u in queries.assignable_users(report_id)]
    message = None
    if form.validate_on_submit():
        assignee = int(form.assignee.data) if form.assignee.data else None
        if not queries.assign(current_user, report_id, assignee):
            abort(404)
        queries.audit(current_user, "report_assign", "report", report_id, assignee=assignee)
        db.session.commit()
        message = _("Assignment saved")
    return _triage_response(report_id, "staff/_triage.html", message, assign_form=form)
