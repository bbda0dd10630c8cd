"""Finder pages: the search form and results (one route, full page or HTMX fragment), centre details,
and the map document with its script served separately (so no page needs inline script)."""

from __future__ import annotations

from flask import Response, abort, current_app, redirect, render_template, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response as BaseResponse

from app import card_cache, htmx, maps, page_cache
from app.centres import bp, cards, mapping, present, queries, search
from app.centres.forms import FinderForm
from app.centres.vocab import ACCESSIBILITY_LABELS, SERVICE_LABELS, language_name
from app.extensions import limiter
from app.links import url_with_query


def _form() -> FinderForm:
    form = FinderForm(request.args)
    languages = [(code, language_name(code)) for code in queries.languages_offered()]
    form.set_choices(sorted(languages, key=lambda item: item[1]))
    return form


def _search_args(form: FinderForm | None = None) -> dict[str, list[str]]:
    """The search as it goes into links and the address bar. The person's coordinates only while they
    are what the results are near: once a place is typed they are dropped."""
    drop = set() if form is None or form.use_location else {"lat", "lon", "near"}
    return {
        key: values
        for key, values in request.args.lists()
        if key in search.SEARCH_KEYS and key not in drop and any(values)
    }


def _searched() -> bool:
    return any(request.args.get(key) for key in ("q", "lat", "lon")) or "search" in request.args


def _page_title(form: FinderForm, found: search.Search | None) -> str:
    if found is None or form.errors:
        return _("Find a reporting centre")
    if found.status == "ambiguous":
        return (
            _("Did you mean one of these places?") if found.result.fuzzy else _("Which place did you mean?")
        )
    return _("Reporting centres near %(place)s", place=found.place.label if found.place else "")


def _context(**extra: object) -> dict:
    return {
        "present": present,
        "accessibility_labels": ACCESSIBILITY_LABELS,
        "service_labels": SERVICE_LABELS,
        "language_name": language_name,
        "centre_card": cards.card,
        "finder_field": card_cache.field,
        **extra,
    }


# Generous for people, but a brake on scripts that would walk the postcode API through us.
SEARCH_LIMIT = "120/minute"


#: What the finder's form and links put in its address.
QUERY_ARGS = (*search.SEARCH_KEYS, "search", "map")


@bp.get("/centres")
@limiter.limit(SEARCH_LIMIT)
@page_cache.kept(QUERY_ARGS)
def finder() -> BaseResponse:
    form = _form()
    args = _search_args(form)
    # "search" too, so that reloading the address shows what this answer shows (an empty box's error).
    pushed = {**args, "search": request.args.getlist("search")} if "search" in request.args else args
    if not form.use_location and (request.args.get("lat") or request.args.get("lon")):
        # A place was typed after "Use my location": the old position leaves the address (and the
        # language links, Back and history) before anything is shown.
        return redirect(url_with_query("centres.finder", pushed))
    found = search.run(form) if _searched() else None
    title = _page_title(form, found)
    document_title = (
        _("Error:") + " " if form.errors else ""
    ) + f"{title} – {current_app.config['SERVICE_NAME']}"
    return htmx.render(
        "centres/finder.html",
        "centres/_results.html",
        push_url=url_with_query("centres.finder", pushed),
        **_context(
            form=form,
            search=found,
            page_title=title,
            document_title=document_title,
            status_text=search.status_text(found, form) if found else "",
            location_used=bool(found and found.place and found.place.kind == "coordinates"),
            search_args=args,
            show_map=request.args.get("map") == "1",
            in_fragment=htmx.is_htmx(),
        ),
    )


@bp.get("/centres/<slug>")
@page_cache.kept(QUERY_ARGS)
def detail(slug: str) -> str:
    found = queries.centre_by_slug(slug)
    if found is None:
        abort(404)
    return render_template("centres/detail.html", **_context(item=found, search_args=_search_args()))


def _map_search() -> search.Search:
    form = _form()
    if not _searched():
        abort(404)
    found = search.run(form)
    if found.status != "found":
        abort(404)
    return found


@bp.get("/centres/map")
@limiter.limit(SEARCH_LIMIT)
def map_document() -> Response:
    """A small document shown in an iframe: Leaflet from static/, the script from map_script below."""
    _map_search()
    return maps.document(
        mapping.MAP_NAME,
        title=_("Map of reporting centres"),
        script_url=url_with_query("centres.map_script", _search_args()),
        noscript=_("The map needs JavaScript. Every centre is in the list beside the map."),
    )


@bp.get("/centres/map.js")
@limiter.limit(SEARCH_LIMIT)
def map_script() -> Response:
    found = _map_search()
    origin = (found.place.latitude, found.place.longitude) if found.place else None
    labels = {"origin": found.place.label if found.place else "", "example": _("Example: not a real centre")}
    return mapping.map_script(found.centres, origin, labels)


@bp.get("/centres/map.css")
def map_css() -> Response:
    response = current_app.response_class(render_template("centres/map.css"), mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response
