"""Triage: the filtered list, a report's page (every view audited), status, notes, assignment, export."""

from __future__ import annotations

from datetime import datetime

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.htmx import is_htmx, render
from app.report import summary
from app.report.forms import STRANDS
from app.staff import auth, bp
from app.staff.forms import STATUS_LABELS, AssignForm, ExportForm, NoteForm, ReportFilterForm, StatusForm
from app.staff.queries import routing, triage

TRIAGE = ("admin", "reviewer")


def _filter_form() -> tuple[ReportFilterForm, triage.ReportFilter]:
    form = ReportFilterForm(request.args, meta={"csrf": False})
    form.set_choices([(area.id, area.name) for area in _visible_areas()])
    filters = triage.ReportFilter()
    if form.validate():
        filters = triage.ReportFilter(
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
    return routing.list_areas() if current_user.is_admin else list(current_user.areas)


def _page_arg(page: int) -> dict[str, int]:
    return {"page": page} if page > 1 else {}


@bp.get("/reports")
@auth.roles(*TRIAGE)
def reports() -> Response:
    form, filters = _filter_form()
    page = triage.list_reports(current_user, filters)
    return render(
        "staff/reports.html",
        "staff/_report_list.html",
        form=form,
        rows=page.items,
        listing=page,
        args=filters.as_args(),
        status_labels=STATUS_LABELS,
        strand_labels=dict(STRANDS),
        export_form=ExportForm(meta={"csrf": False}),
        push_url=url_for("staff.reports", **filters.as_args(), **_page_arg(page.page)),
    )


@bp.get("/reports/export.csv")
@auth.roles(*TRIAGE)
def export_reports() -> Response:
    _form, filters = _filter_form()
    personal = request.args.get("personal") in {"y", "1", "true", "on"}
    if personal and not current_user.is_admin:
        abort(403)
    text, _count = triage.export_csv(current_user, filters, personal)
    stamp = datetime.now().strftime("%Y%m%d-%H%M")
    response = current_app.response_class(text, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="reports-{stamp}.csv"'
    return response


def _report_or_404(report_id: int, *, view: bool = False) -> tuple:
    """The report if this user may see it, else 404; ``view`` audits it as shown to the user."""
    found = (triage.view_report if view else triage.get_report)(current_user, report_id)
    if found is None:
        abort(404)  # the same for "no such report" and "not one of your areas"
    return found


def _detail_context(report_id: int, *, view: bool = False, **forms: object) -> dict:
    report, status, assignee = _report_or_404(report_id, view=view)
    anonymised = triage.anonymised_at(report_id)
    assign_form = forms.get("assign_form") or AssignForm()
    assign_form.assignee.choices = [("", _("Nobody"))] + [
        (str(user.id), user.email) for user in triage.assignable_users(report_id)
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
        "rows": [] if anonymised else summary.rows(triage.report_answers(report)),
        "areas": routing.report_area_names(report_id),
        "notes": triage.notes(current_user, report_id),
        "status_form": status_form,
        "note_form": forms.get("note_form") or NoteForm(),
        "assign_form": assign_form,
        "status_labels": STATUS_LABELS,
    }


@bp.get("/reports/<int:report_id>")
@auth.roles(*TRIAGE)
def report(report_id: int) -> str:
    context = _detail_context(report_id, view=True)
    return render_template("staff/report.html", **context)


def _triage_response(report_id: int, fragment: str, message: str | None, **forms: object) -> Response | str:
    """HTMX: the updated panel only. Without JavaScript: back to the report page (POST-redirect-GET),
    or the page again with the errors if the form had any."""
    has_errors = any(getattr(form, "errors", None) for form in forms.values())
    if is_htmx():
        return render_template(fragment, message=message, **_detail_context(report_id, **forms))
    if has_errors:
        return render_template(
            "staff/report.html", **_detail_context(report_id, view=True, **forms), page_has_errors=True
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
        if triage.set_status(current_user, report_id, form.status.data) is None:
            abort(404)
        message = _("Status changed to %(status)s", status=STATUS_LABELS[form.status.data])
    return _triage_response(report_id, "staff/_triage.html", message, status_form=form)


@bp.post("/reports/<int:report_id>/notes")
@auth.roles(*TRIAGE)
def report_note(report_id: int) -> Response | str:
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
def report_assign(report_id: int) -> Response | str:
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
