"""Directory pages: /support and a service's own page."""

from __future__ import annotations

import math
import uuid

from flask import Response, abort, request
from flask_babel import gettext as _
from flask_babel import ngettext

from app import card_cache, hours, page_cache
from app.directory import bp, nations, present, queries, vocab
from app.directory.forms import SupportFilterForm
from app.directory.models import Service
from app.geo import geocode as geo
from app.geo.queries import nation_of
from app.htmx import is_htmx, render
from app.links import url_with_query

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


#: What the directory's form and links put in its address.
QUERY_ARGS = ("q", "type", "strand", "language", "where", "lat", "lon", "open_now", "anonymous", "page")


@bp.get("/support")
@page_cache.kept(QUERY_ARGS)
def support() -> Response:
    form = SupportFilterForm(request.args)
    form.set_choices(
        queries.filter_terms(vocab.SUPPORT_TYPE),
        queries.filter_terms(vocab.STRAND),
        queries.languages_in_use(),
    )
    valid = form.validate() if request.args else True
    place: geo.Place | None = None
    choices: tuple[geo.Place, ...] = ()
    if valid and (form.where.data or form.lat.data):
        result = geo.geocode(form.where.data, form.lat.data, form.lon.data)
        if result.status == "found":
            place = result.place
        elif result.status == "ambiguous":
            choices = result.choices
        elif result.status in place_messages():
            form.where.errors = [place_messages()[result.status]]
    criteria = queries.Criteria(
        text=(form.q.data or "").strip() if valid else "",
        support_types=list(form.type.data or []) if valid else [],
        strand=(form.strand.data or "") if valid else "",
        language=(form.language.data or "") if valid else "",
        anonymous=bool(form.anonymous.data) if valid else False,
    )
    point = _point(place) if place else None
    now = hours.now()
    found = queries.search_services(criteria, point)
    calendars = _calendars([f.service for f in found], place, point)
    if valid and form.open_now.data:
        found = [f for f in found if present.open_now(f.service, now, calendars[f.service.id])]
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
        removals=_removals(form) if not found else [],
        national=queries.national_services() if not found else [],
        search_args=_search_args(),
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
        calendars=calendars,
        present=present,
        vocab=vocab,
        choice_field=card_cache.field,
    )


def _calendars(
    services: list[Service], place: geo.Place | None, point: queries.Point | None
) -> dict[uuid.UUID, str]:
    """Whose bank holidays each service keeps (nations.calendar): where it is, else the person's place."""
    located = queries.located_nations([service.id for service in services])
    place_nation = _place_nation(place, point) if place else None
    return {
        service.id: nations.calendar(service, located.get(service.id), place_nation) for service in services
    }


def _place_nation(place: geo.Place, point: queries.Point | None) -> str | None:
    """E, W, S or N: from the nearest postcode's council (as coverage uses), else the postcode district."""
    if point and point.nation:
        return point.nation
    postcode = place.label if place.kind in ("postcode", "outcode") else None
    calendar = nation_of(postcode, place.latitude, place.longitude)
    return next((code for code, name in nations.CALENDARS.items() if name == calendar), None)


def _point(place: geo.Place) -> queries.Point:
    nation = queries.nation_at(place.latitude, place.longitude)
    return queries.Point(place.latitude, place.longitude, place.local_authority, nation)


def _query_args() -> dict[str, list[str]]:
    """The address's query arguments, less the ones url_for would take as its own options
    (``_anchor``, ``_external``…): no search field starts with an underscore."""
    return {
        key: values for key, values in request.args.to_dict(flat=False).items() if not key.startswith("_")
    }


def _search_args() -> dict[str, list[str]]:
    """This search's filters, carried to a service's page so its Back link returns to the same list."""
    return {key: values for key, values in _query_args().items() if any(values)}


def _without(key: str, value: str | None = None) -> str:
    args = _search_args()
    args.pop("page", None)
    if value is None or key not in args:
        args.pop(key, None)
        if key == "where":
            args.pop("lat", None)
            args.pop("lon", None)
    else:
        args[key] = [v for v in args[key] if v != value]
    return url_with_query("directory.support", args)


def _removals(form: SupportFilterForm) -> list[tuple[str, str]]:
    """(what to remove, the same search without it) for each filter an empty search used."""
    found = []
    if form.q.data:
        found.append((_("the search words “%(words)s”", words=form.q.data), _without("q")))
    for code in form.type.data or []:
        found.append((str(vocab.SUPPORT_TYPES.get(code, code)), _without("type", code)))
    if form.strand.data:
        found.append((str(vocab.STRANDS.get(form.strand.data, form.strand.data)), _without("strand")))
    if form.language.data:
        found.append((vocab.language_name(form.language.data), _without("language")))
    if form.open_now.data:
        found.append((_("Open now"), _without("open_now")))
    if form.anonymous.data:
        found.append((_("contact without giving your name"), _without("anonymous")))
    if form.where.data or form.lat.data:
        found.append((_("the place"), _without("where")))
    return found


def _clean_url() -> str:
    """This search's URL without empty fields, to push into the address bar and share."""
    args = {key: [v for v in values if v] for key, values in _query_args().items()}
    return url_with_query("directory.support", {key: values for key, values in args.items() if values})


def _page_number(total: int) -> int:
    try:
        page = int(request.args.get("page", "1"))
    except ValueError:
        return 1
    return min(max(page, 1), max(1, math.ceil(total / PER_PAGE)))


def _page_url(page: int) -> str:
    args = _query_args()
    args["page"] = [str(page)]
    return url_with_query("directory.support", args)


def _choice_url(choice: geo.Place) -> str:
    """The same search at one of several places with the name the user typed."""
    args = _query_args()
    args.update(where=[choice.label], lat=[f"{choice.latitude:.5f}"], lon=[f"{choice.longitude:.5f}"])
    args.pop("page", None)
    return url_with_query("directory.support", args)


def _searched_place() -> tuple[geo.Place | None, queries.Point | None]:
    """The place of the search a service's page was opened from (its link carries the search)."""
    where, lat, lon = request.args.get("where", ""), request.args.get("lat", ""), request.args.get("lon", "")
    if not (where or lat):
        return None, None
    result = geo.geocode(where, lat, lon)
    return (result.place, _point(result.place)) if result.status == "found" and result.place else (None, None)


@bp.get("/support/<uuid:service_id>")
@page_cache.kept(QUERY_ARGS)
def service(service_id: uuid.UUID) -> str:
    from flask import render_template

    found = queries.get_service(service_id)
    back_args = _search_args()
    if found is None or found.status == "defunct":
        abort(404)
    points = queries.location_points([link.location_id for link in found.service_locations])
    now = hours.now()
    return render_template(
        "directory/service.html",
        service=found,
        calendar=_calendars([found], *_searched_place())[found.id],
        back_url=url_with_query("directory.support", back_args),
        points=points,
        now=now,
        week_start=now.date(),
        present=present,
        vocab=vocab,
        hours=hours,
    )
