"""Editors: reporting centres and directory services (edit, confirm still correct, deactivate) and bulk
imports from the browser, previewed before anything is written."""

from __future__ import annotations

import uuid
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from app import maps
from app.centres import queries as centre_queries
from app.geo.geocode import geocode
from app.staff import auth, bp, mapping
from app.staff.forms import CentreForm, ConfirmForm, ImportForm, ServiceForm
from app.staff.queries import catalogue

EDIT = ("admin", "editor")
MAX_UPLOAD = 5 * 1024 * 1024
IMPORT_KINDS = {"centres": (".csv",), "services": (".json",)}


def _today() -> date:
    return date.today()


@bp.get("/centres")
@auth.roles(*EDIT)
def centres() -> str:
    stale = request.args.get("stale") == "1"
    search = (request.args.get("q") or "").strip()[:100]
    page = catalogue.list_centres(_today(), stale_only=stale, search=search)
    return render_template(
        "staff/centres.html",
        centres=page.items,
        listing=page,
        args={key: value for key, value in {"stale": "1" if stale else "", "q": search}.items() if value},
        stale=stale,
        search=search,
        stale_before=centre_queries.checked_on_or_before(_today(), centre_queries.CHECK_AFTER_MONTHS),
        today=_today(),
        needs_checking=centre_queries.needs_checking,
    )


def _centre_or_404(centre_id: int):
    centre = catalogue.get_centre(centre_id)
    if centre is None:
        abort(404)
    return centre


def _centre_values(form: CentreForm) -> dict:
    return {
        "name": form.name.data.strip(),
        "address": "\n".join(line.strip() for line in (form.address.data or "").splitlines() if line.strip()),
        "town": (form.town.data or "").strip(),
        "phone": (form.phone.data or "").strip() or None,
        "email": (form.email.data or "").strip() or None,
        "website": (form.website.data or "").strip() or None,
        "opening_hours": (form.opening_hours.data or "").strip() or None,
        "hours_note": (form.hours_note.data or "").strip() or None,
        "accessibility": list(form.accessibility.data or []),
        "services": list(form.services.data or []),
        "languages": form.language_codes(),
    }


def _edit_centre(centre) -> BaseResponse | str:
    form = CentreForm(obj=centre) if request.method == "GET" and centre else CentreForm()
    if request.method == "GET" and centre:
        form.languages.data = ", ".join(centre.languages or [])
    if form.validate_on_submit():
        found = geocode(form.postcode.data)
        if not found.found or found.place is None or found.place.kind not in {"postcode", "outcode"}:
            form.postcode.errors.append(_("We could not find this postcode. Check it and try again."))
        else:
            values = _centre_values(form)
            values["postcode"] = (
                found.place.label if found.place.kind == "postcode" else form.postcode.data.upper()
            )
            saved = catalogue.save_centre(
                current_user, centre, values, found.place.latitude, found.place.longitude
            )
            flash(_("%(name)s saved", name=saved.name), "success")
            return redirect(url_for("staff.edit_centre", centre_id=saved.id))
    point = catalogue.centre_point(centre.id) if centre else None
    return render_template(
        "staff/centre_form.html", form=form, centre=centre, point=point, confirm=ConfirmForm()
    )


@bp.route("/centres/new", methods=["GET", "POST"])
@auth.roles(*EDIT)
def new_centre() -> BaseResponse | str:
    return _edit_centre(None)


@bp.route("/centres/<int:centre_id>", methods=["GET", "POST"])
@auth.roles(*EDIT)
def edit_centre(centre_id: int) -> BaseResponse | str:
    return _edit_centre(_centre_or_404(centre_id))


@bp.get("/centres/<int:centre_id>/map")
@auth.roles(*EDIT)
def centre_map(centre_id: int) -> BaseResponse:
    """A small map preview of where the centre is placed (shown in an iframe on its edit page)."""
    centre = _centre_or_404(centre_id)
    return maps.document(
        mapping.CENTRE_MAP_NAME,
        title=_("Map of %(name)s", name=centre.name),
        script_url=url_for("staff.centre_map_script", centre_id=centre.id),
        noscript=_("The map needs JavaScript. The coordinates are on the page."),
    )


@bp.get("/centres/<int:centre_id>/map.js")
@auth.roles(*EDIT)
def centre_map_script(centre_id: int) -> BaseResponse:
    centre = _centre_or_404(centre_id)
    point = catalogue.centre_point(centre.id)
    if point is None:
        abort(404)
    return mapping.centre_script(centre.name, point)


@bp.post("/centres/<int:centre_id>/confirm")
@auth.roles(*EDIT)
def confirm_centre(centre_id: int) -> BaseResponse:
    centre = _centre_or_404(centre_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    catalogue.confirm_centre(current_user, centre, _today())
    flash(_("%(name)s marked as checked today", name=centre.name), "success")
    if request.form.get("back") == "list":
        return redirect(url_for("staff.centres", stale="1"))
    return redirect(url_for("staff.edit_centre", centre_id=centre.id))


@bp.post("/centres/<int:centre_id>/active")
@auth.roles(*EDIT)
def centre_active(centre_id: int) -> BaseResponse:
    centre = _centre_or_404(centre_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    catalogue.toggle_centre(current_user, centre)
    flash(
        _("%(name)s is shown in the finder again", name=centre.name)
        if centre.active
        else _("%(name)s is no longer shown in the finder", name=centre.name),
        "success",
    )
    return redirect(url_for("staff.edit_centre", centre_id=centre.id))


@bp.get("/directory")
@auth.roles(*EDIT)
def services() -> str:
    stale = request.args.get("stale") == "1"
    page = catalogue.list_services(_today(), stale_only=stale)
    return render_template(
        "staff/services.html",
        services=page.items,
        listing=page,
        args={"stale": "1"} if stale else {},
        stale=stale,
        stale_before=_today() - catalogue.STALE_AFTER,
    )


def _service_or_404(service_id: uuid.UUID):
    service = catalogue.get_service(service_id)
    if service is None:
        abort(404)
    return service


@bp.route("/directory/<uuid:service_id>", methods=["GET", "POST"])
@auth.roles(*EDIT)
def edit_service(service_id: uuid.UUID) -> BaseResponse | str:
    service = _service_or_404(service_id)
    form = ServiceForm(obj=service) if request.method == "GET" else ServiceForm()
    if form.validate_on_submit():
        catalogue.update_service(
            current_user,
            service,
            {
                "name": form.name.data.strip(),
                "description": (form.description.data or "").strip(),
                "eligibility": (form.eligibility.data or "").strip(),
                "status": form.status.data,
            },
        )
        flash(_("%(name)s saved", name=service.name), "success")
        return redirect(url_for("staff.edit_service", service_id=service.id))
    return render_template("staff/service_form.html", form=form, service=service, confirm=ConfirmForm())


@bp.post("/directory/<uuid:service_id>/confirm")
@auth.roles(*EDIT)
def confirm_service(service_id: uuid.UUID) -> BaseResponse:
    service = _service_or_404(service_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    catalogue.confirm_service(current_user, service, _today())
    flash(_("%(name)s marked as checked today", name=service.name), "success")
    return redirect(url_for("staff.edit_service", service_id=service.id))


def _preview(kind: str, content: bytes, name: str) -> catalogue.Preview | catalogue.FeedCheck:
    # An Open Referral upload is a feed named after its file: re-uploading it updates the same services.
    return (
        catalogue.preview_centres(content) if kind == "centres" else catalogue.preview_services(content, name)
    )


@bp.route("/import/<any(centres, services):kind>", methods=["GET", "POST"])
@auth.roles(*EDIT)
def import_upload(kind: str) -> BaseResponse | str:
    """Step 1: upload and check. Nothing is written except the pending file, kept for step 2."""
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        content = upload.read(MAX_UPLOAD + 1)
        name = upload.filename or "upload"
        if len(content) > MAX_UPLOAD:
            form.file.errors.append(_("The file must be smaller than 5 MB"))
        elif not name.lower().endswith(IMPORT_KINDS[kind]):
            form.file.errors.append(
                _("The file must be a CSV file") if kind == "centres" else _("The file must be a JSON file")
            )
        else:
            preview = _preview(kind, content, name)
            token = catalogue.save_pending_import(current_user, kind, name, content, preview)
            return render_template(
                "staff/import_preview.html",
                kind=kind,
                preview=preview,
                token=token,
                filename=name,
                confirm=ConfirmForm(),
            )
    return render_template("staff/import.html", kind=kind, form=form)


@bp.post("/import/<any(centres, services):kind>/confirm")
@auth.roles(*EDIT)
def import_confirm(kind: str) -> BaseResponse:
    """Step 2: the same file, checked again, written in one transaction."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    pending = catalogue.pending_import(current_user, kind, request.form.get("token", ""))
    if pending is None:
        flash(_("That import has expired. Upload the file again."), "info")
        return redirect(url_for("staff.import_upload", kind=kind))
    preview = _preview(kind, pending.content, pending.filename)
    if not preview.ok:
        abort(400)
    count = catalogue.finish_import(current_user, pending, preview)
    flash(_("%(count)d entries imported", count=count), "success")
    return redirect(url_for("staff.centres" if kind == "centres" else "staff.services"))
