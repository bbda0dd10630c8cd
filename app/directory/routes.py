"""Directory pages (/support) and the read-only Open Referral API."""

from __future__ import annotations

import math
import uuid

from flask import Response, abort, jsonify, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from app import hours
from app.directory import bp, openreferral, present, queries, vocab
from app.directory.forms import SupportFilterForm
from app.geo import geocode as geo
from app.geo.postcodes import parse_postcode
from app.htmx import is_htmx, render

PER_PAGE = 10
API_PER_PAGE = 20
API_MAX_PER_PAGE = 100


def place_messages() -> dict[str, str]:
    return {
        "invalid_postcode": _("Enter a real postcode, like CH1 2HS"),
        "postcode_not_found": _("We could not find that postcode. Check it, or enter a town or city instead"),
        "not_found": _("We could not find that place. Check the spelling, or enter a postcode instead"),
        "service_unavailable": _(
            "We cannot look up places at the moment. Try a town name, or search without a place"
        ),
    }


@bp.get("/support")
def support() -> Response:
    form = SupportFilterForm(request.args)
    form.set_choices(
        queries.filter_terms(vocab.SUPPORT_TYPE),
        queries.filter_terms(vocab.STRAND),
        queries.languages_in_use(),
    )
    valid = form.validate() if request.args else True
    place, choices = None, ()
    if valid and (form.where.data or form.lat.data):
        result = geo.geocode(form.where.data, form.lat.data, form.lon.data)
        if result.status == "found":
            place = result.place
        elif result.status == "ambiguous":
            choices = result.choices
        elif result.status in place_messages():
            form.where.errors = [place_messages()[result.status]]
    criteria = queries.Criteria(
        support_types=list(form.type.data or []) if valid else [],
        strand=(form.strand.data or "") if valid else "",
        language=(form.language.data or "") if valid else "",
        anonymous=bool(form.anonymous.data) if valid else False,
    )
    point = queries.Point(place.latitude, place.longitude, place.local_authority) if place else None
    now = hours.now()
    found = queries.search_services(criteria, point)
    if valid and form.open_now.data:
        found = [f for f in found if present.open_now(f.service, now)]
    page = _page_number(len(found))
    shown = found[(page - 1) * PER_PAGE : page * PER_PAGE]
    total_pages = max(1, math.ceil(len(found) / PER_PAGE))
    count_text = ngettext("%(num)d service found", "%(num)d services found", len(found))
    if place:
        count_text = ngettext(
            "%(num)d service for %(place)s", "%(num)d services for %(place)s", len(found), place=place.label
        )
    return render(
        "directory/support.html",
        "directory/_results.html",
        push_url=_clean_url(),
        form=form,
        page_has_errors=bool(form.errors),
        htmx_request=is_htmx(),
        results=shown,
        total=len(found),
        count_text=count_text,
        page_number=page,
        total_pages=total_pages,
        page_url=_page_url,
        place=place,
        choices=choices,
        choice_url=_choice_url,
        now=now,
        present=present,
        vocab=vocab,
    )


def _clean_url() -> str:
    """This search's URL without empty fields, to push into the address bar and share."""
    args = {key: [v for v in values if v] for key, values in request.args.to_dict(flat=False).items()}
    return url_for("directory.support", **{key: values for key, values in args.items() if values})


def _page_number(total: int) -> int:
    try:
        page = int(request.args.get("page", "1"))
    except ValueError:
        return 1
    return min(max(page, 1), max(1, math.ceil(total / PER_PAGE)))


def _page_url(page: int) -> str:
    args = request.args.to_dict(flat=False)
    args["page"] = [str(page)]
    return url_for("directory.support", **args)


def _choice_url(choice: geo.Place) -> str:
    """The same search at one of several places with the name the user typed."""
    args = request.args.to_dict(flat=False)
    args.update(where=[choice.label], lat=[f"{choice.latitude:.5f}"], lon=[f"{choice.longitude:.5f}"])
    args.pop("page", None)
    return url_for("directory.support", **args)


@bp.get("/support/<uuid:service_id>")
def service(service_id: uuid.UUID) -> str:
    from flask import render_template

    found = queries.get_service(service_id)
    if found is None or found.status == "defunct":
        abort(404)
    points = queries.location_points([link.location_id for link in found.service_locations])
    now = hours.now()
    return render_template(
        "directory/service.html",
        service=found,
        points=points,
        now=now,
        week_start=now.date(),
        present=present,
        vocab=vocab,
        hours=hours,
    )


# --- the Open Referral API (read-only, public, no personal data) -------------------------------------------


def _api_error(status: int, message: str) -> Response:
    response = jsonify({"error": message})
    response.status_code = status
    return response


@bp.after_request
def api_headers(response: Response) -> Response:
    if request.path.startswith("/api/openreferral"):
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers.setdefault("Cache-Control", "public, max-age=300")
        response.vary.add("Accept-Encoding")
    return response


@bp.get("/api/openreferral/")
def api_root() -> Response:
    return jsonify(
        {
            "version": openreferral.HSDS_VERSION,
            "profile": openreferral.PROFILE,
            "services_url": url_for("directory.api_services", _external=True),
        }
    )


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    value = request.args.get(name, "")
    if value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"{name} must be a whole number") from None
    if not low <= number <= high:
        raise ValueError(f"{name} must be between {low} and {high}")
    return number


@bp.get("/api/openreferral/services")
def api_services() -> Response:
    try:
        page = _int_arg("page", 1, 1, 100_000)
        per_page = _int_arg("per_page", API_PER_PAGE, 1, API_MAX_PER_PAGE)
        term_id = request.args.get("taxonomy_term_id") or None
        criteria = queries.Criteria(
            text=(request.args.get("text") or request.args.get("search") or "").strip()[:200],
            term_id=uuid.UUID(term_id) if term_id else None,
        )
        proximity = _proximity()
    except ValueError as error:
        message = str(error) if "taxonomy" not in str(error) and "UUID" not in str(error) else ""
        return _api_error(400, message or "taxonomy_term_id must be a UUID")
    point = None
    postcode_text = (request.args.get("postcode") or "").strip()
    if postcode_text:
        postcode = parse_postcode(postcode_text)
        if postcode is None:
            return _api_error(400, "postcode is not a UK postcode")
        result = geo.geocode(postcode.normalised)
        if result.status != "found" or result.place is None:
            return _api_error(404 if result.status != "service_unavailable" else 503, "postcode not found")
        point = queries.Point(result.place.latitude, result.place.longitude, result.place.local_authority)
    elif proximity is not None:
        return _api_error(400, "proximity needs a postcode")
    total, services = queries.api_page(criteria, point, proximity, page, per_page)
    contents = _services_json(services)
    return jsonify(openreferral.page_json(contents, total, page, per_page))


def _proximity() -> float | None:
    value = request.args.get("proximity", "")
    if value == "":
        return None
    try:
        metres = float(value)
    except ValueError:
        raise ValueError("proximity must be a number of metres") from None
    if not 0 < metres <= 1_000_000:
        raise ValueError("proximity must be between 1 and 1000000 metres")
    return metres


def _services_json(services: list) -> list[dict]:
    points = queries.location_points(
        [link.location_id for service in services for link in service.service_locations]
    )
    areas = queries.area_geojson([service.id for service in services])
    return [openreferral.service_json(service, points, areas) for service in services]


@bp.get("/api/openreferral/services/<service_id>")
def api_service(service_id: str) -> Response:
    try:
        found = queries.get_service(uuid.UUID(service_id))
    except ValueError:
        found = None
    if found is None:
        return _api_error(404, "no service with that id")
    return jsonify(_services_json([found])[0])
