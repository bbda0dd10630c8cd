"""A reporting centre's worker: their home page (start an assisted report, the reports their centre
sent) and their own centre's listing (hours, access, languages, "still right"). The centre is always
the worker's own: no address here names a centre."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from app import hours, hours_words
from app.centres.models import Centre
from app.centres.vocab import ACCESSIBILITY_LABELS, language_name
from app.report.vocab import PROGRESS
from app.staff import auth, bp
from app.staff.forms import ConfirmForm
from app.staff.listing_forms import DAY_LABELS, AccessForm, HoursForm
from app.staff.queries import centre as centre_queries

#: The checked hours between the form and "Save these hours": (centre id, expression), no personal data.
PENDING_HOURS = "staff_centre_hours"


def _today() -> date:
    return date.today()


def _own_centre() -> Centre:
    centre = centre_queries.own_centre(current_user)
    if centre is None:
        abort(404)
    return centre


def _listing(centre: Centre) -> dict:
    """What the listing pages show of a centre's details."""
    return {
        "centre": centre,
        "hours_words": hours_words.expression_words(centre.opening_hours, _today()),
        "access": [
            ACCESSIBILITY_LABELS[code] for code in centre.accessibility or [] if code in ACCESSIBILITY_LABELS
        ],
        "languages": sorted(language_name(code) for code in centre.languages or []),
        "needs_checking": centre_queries.needs_checking(centre, _today()),
        "confirm": ConfirmForm(),
    }


@bp.get("/centre")
@auth.roles("centre")
def centre_home() -> str:
    centre = _own_centre()
    page = centre_queries.sent_reports(centre)
    return render_template(
        "staff/centre_home.html",
        reports=page.items,
        listing=page,
        progress=dict(PROGRESS),
        **_listing(centre),
    )


@bp.get("/centre/listing")
@auth.roles("centre")
def centre_listing() -> str:
    return render_template("staff/centre_listing.html", **_listing(_own_centre()))


@bp.route("/centre/listing/hours", methods=["GET", "POST"])
@auth.roles("centre")
def centre_hours() -> BaseResponse | str:
    centre = _own_centre()
    form = HoursForm()
    if form.validate_on_submit() and form.week is not None:
        session[PENDING_HOURS] = [centre.id, hours_words.expression(form.week)]
        return redirect(url_for("staff.centre_hours_check"), 303)
    exact = True
    if request.method == "GET":
        pending = session.get(PENDING_HOURS) or [None, None]
        changing = request.args.get("change") == "1" and pending[0] == centre.id
        try:
            week, exact = hours_words.week_of(pending[1] if changing else centre.opening_hours, _today())
        except hours.HoursError:
            week, exact = hours_words.Week(), False
        form.fill(week)
    return render_template(
        "staff/centre_hours.html",
        form=form,
        centre=centre,
        exact=exact,
        days=hours_words.DAYS,
        day_labels=DAY_LABELS,
        page_has_errors=bool(form.errors),
    )


@bp.route("/centre/listing/hours/check", methods=["GET", "POST"])
@auth.roles("centre")
def centre_hours_check() -> BaseResponse | str:
    centre = _own_centre()
    pending = session.get(PENDING_HOURS)
    if not pending or pending[0] != centre.id or hours.problem(pending[1]):
        return redirect(url_for("staff.centre_hours"))
    form = ConfirmForm()
    if form.validate_on_submit():
        centre_queries.save_hours(current_user, centre, pending[1])
        session.pop(PENDING_HOURS, None)
        flash(_("Opening hours saved"), "success")
        return redirect(url_for("staff.centre_listing"))
    week, _exact = hours_words.week_of(pending[1], _today())
    return render_template(
        "staff/centre_hours_check.html", form=form, centre=centre, words=hours_words.words(week)
    )


@bp.route("/centre/listing/access", methods=["GET", "POST"])
@auth.roles("centre")
def centre_access() -> BaseResponse | str:
    centre = _own_centre()
    form = AccessForm()
    form.set_languages(centre.languages)
    if form.validate_on_submit():
        centre_queries.save_access(
            current_user, centre, form.accessibility.data or [], form.languages.data or []
        )
        flash(_("Access and languages saved"), "success")
        return redirect(url_for("staff.centre_listing"))
    if request.method == "GET":
        form.accessibility.data = list(centre.accessibility or [])
        form.languages.data = list(centre.languages or [])
    return render_template(
        "staff/centre_access.html", form=form, centre=centre, page_has_errors=bool(form.errors)
    )


@bp.post("/centre/listing/still-right")
@auth.roles("centre")
def centre_still_right() -> BaseResponse:
    centre = _own_centre()
    if not ConfirmForm().validate_on_submit():
        abort(400)
    centre_queries.confirm(current_user, centre, _today())
    flash(_("Thank you. Your listing is marked as checked today."), "success")
    return redirect(url_for("staff.centre_listing"))
