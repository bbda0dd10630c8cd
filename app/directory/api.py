"""The read-only Open Referral UK API (HSDS 3.0): public, no personal data, cacheable and conditional."""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from typing import Any, TypeVar

from flask import Response, jsonify, request, url_for

from app.directory import api_queries, bp, openreferral, queries
from app.directory.openreferral.schema import SCHEMAS
from app.geo import geocode as geo
from app.geo.postcodes import parse_postcode

T = TypeVar("T")

PER_PAGE = 20
MAX_PER_PAGE = 100
PAGING = ("page", "per_page", "search")
SEARCH = ("taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after", "postcode", "proximity")
#: The query parameters each list answers to; any other is refused with 400 (never silently ignored).
PARAMETERS: dict[str, tuple[str, ...]] = {
    "/services": (*PAGING, "text", *SEARCH),
    "/taxonomies": PAGING,
    "/taxonomy_terms": (*PAGING, "taxonomy_id", "parent_id", "top_only"),
    "/organizations": PAGING,
    "/service_at_locations": (*PAGING, *SEARCH),
}


class BadRequest(ValueError):
    """A parameter the API cannot use; the message names it."""


def _error(status: int, message: str) -> Response:
    response = jsonify({"error": message})
    response.status_code = status
    return response


def _answer(data: Any) -> Response:
    """JSON with an ETag and Last-Modified; 304 when the client's copy is current."""
    response = jsonify(data)
    changed = api_queries.last_modified()
    if changed:
        response.last_modified = changed
    response.add_etag()
    response.make_conditional(request)
    return response


def _checked(path: str) -> None:
    unknown = sorted(set(request.args) - set(PARAMETERS[path]))
    if unknown:
        raise BadRequest(
            f"unsupported parameter(s): {', '.join(unknown)}; this list takes {', '.join(PARAMETERS[path])}"
        )


def _int(name: str, default: int, low: int, high: int) -> int:
    value = request.args.get(name, "")
    if value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise BadRequest(f"{name} must be a whole number") from None
    if not low <= number <= high:
        raise BadRequest(f"{name} must be between {low} and {high}")
    return number


def _uuid(name: str) -> uuid.UUID | None:
    value = request.args.get(name, "")
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        raise BadRequest(f"{name} must be a UUID") from None


def _paging() -> tuple[int, int, str]:
    page = _int("page", 1, 1, 100_000)
    per_page = _int("per_page", PER_PAGE, 1, MAX_PER_PAGE)
    return page, per_page, (request.args.get("search") or request.args.get("text") or "").strip()[:200]


def _filters() -> tuple[queries.Criteria, api_queries.ApiFilters]:
    page_text = _paging()[2]
    criteria = queries.Criteria(text=page_text, term_id=_uuid("taxonomy_term_id"))
    taxonomy_id = _uuid("taxonomy_id")
    taxonomy = api_queries.taxonomy_names().get(taxonomy_id) if taxonomy_id else None
    if taxonomy_id and taxonomy is None:
        taxonomy = "-"  # an unknown taxonomy matches nothing
    modified = request.args.get("modified_after", "")
    try:
        after = datetime.fromisoformat(modified.replace("Z", "+00:00")) if modified else None
    except ValueError:
        raise BadRequest("modified_after must be a date and time like 2026-11-30T09:00:00Z") from None
    if after and after.tzinfo is None:
        after = after.replace(tzinfo=UTC)
    return criteria, api_queries.ApiFilters(_uuid("organization_id"), taxonomy, after)


def _place() -> tuple[queries.Point | None, float | None]:
    value = request.args.get("proximity", "")
    proximity = None
    if value:
        try:
            proximity = float(value)
        except ValueError:
            raise BadRequest("proximity must be a number of metres") from None
        if not 0 < proximity <= 1_000_000:
            raise BadRequest("proximity must be between 1 and 1000000 metres")
    text = (request.args.get("postcode") or "").strip()
    if not text:
        if proximity is not None:
            raise BadRequest("proximity needs a postcode")
        return None, None
    postcode = parse_postcode(text)
    if postcode is None:
        raise BadRequest("postcode is not a UK postcode")
    result = geo.geocode(postcode.normalised)
    if result.status != "found" or result.place is None:
        raise LookupError("service_unavailable" if result.status == "service_unavailable" else "not_found")
    place = result.place
    nation = queries.nation_at(place.latitude, place.longitude)
    return queries.Point(place.latitude, place.longitude, place.local_authority, nation), proximity


def _guarded(path: str, build: Callable[[], Any]) -> Response:
    try:
        _checked(path)
        return _answer(build())
    except BadRequest as error:
        return _error(400, str(error))
    except LookupError as error:
        return _error(503 if str(error) == "service_unavailable" else 404, "postcode not found")


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
            "openapi_url": url_for("directory.api_openapi", _external=True),
            "services_url": url_for("directory.api_services", _external=True),
        }
    )


def _services_json(rows: list[tuple[Any, float | None]]) -> list[dict]:
    services = [service for service, _distance in rows]
    points = queries.location_points([link.location_id for s in services for link in s.service_locations])
    areas = queries.area_geojson([service.id for service in services])
    found = []
    for service, distance in rows:
        data = openreferral.service_json(service, points, areas)
        if distance is not None:
            data["distance"] = round(distance)
        found.append(data)
    return found


@bp.get("/api/openreferral/services")
def api_services() -> Response:
    def build() -> dict:
        page, per_page, _text = _paging()
        criteria, filters = _filters()
        point, proximity = _place()
        total, rows = api_queries.services_page(criteria, filters, point, proximity, page, per_page)
        return openreferral.page_json(_services_json(rows), total, page, per_page)

    return _guarded("/services", build)


@bp.get("/api/openreferral/services/<service_id>")
def api_service(service_id: str) -> Response:
    key = _id(service_id)
    found = queries.get_service(key) if key else None
    if found is None:
        return _error(404, "no service with that id")
    return _answer(_services_json([(found, None)])[0])


def _one(
    item_id: str, what: str, find: Callable[[uuid.UUID], T | None], to_json: Callable[[T], Any]
) -> Response:
    """One record by its id as HSDS JSON, or 404 naming what was asked for."""
    key = _id(item_id)
    found = find(key) if key else None
    if found is None:
        return _error(404, f"no {what} with that id")
    return _answer(to_json(found))


def _id(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


@bp.get("/api/openreferral/organizations")
def api_organizations() -> Response:
    def build() -> dict:
        page, per_page, text = _paging()
        total, rows = api_queries.organisations_page(text, page, per_page)
        return openreferral.page_json(
            [openreferral.organisation_json(o) for o in rows], total, page, per_page
        )

    return _guarded("/organizations", build)


@bp.get("/api/openreferral/organizations/<item_id>")
def api_organization(item_id: str) -> Response:
    return _one(item_id, "organization", api_queries.get_organisation, openreferral.organisation_json)


@bp.get("/api/openreferral/taxonomies")
def api_taxonomies() -> Response:
    def build() -> dict:
        page, per_page, text = _paging()
        names = sorted(n for n in api_queries.taxonomy_names().values() if text.lower() in n.lower())
        shown = names[(page - 1) * per_page : page * per_page]
        return openreferral.page_json(
            [openreferral.taxonomy_json(n) for n in shown], len(names), page, per_page
        )

    return _guarded("/taxonomies", build)


@bp.get("/api/openreferral/taxonomies/<item_id>")
def api_taxonomy(item_id: str) -> Response:
    return _one(item_id, "taxonomy", api_queries.taxonomy_names().get, openreferral.taxonomy_json)


@bp.get("/api/openreferral/taxonomy_terms")
def api_taxonomy_terms() -> Response:
    def build() -> dict:
        page, per_page, text = _paging()
        taxonomy_id = _uuid("taxonomy_id")
        taxonomy = api_queries.taxonomy_names().get(taxonomy_id, "-") if taxonomy_id else None
        top_only = request.args.get("top_only", "").lower() in ("true", "1", "yes")
        total, rows = api_queries.terms_page(taxonomy, _uuid("parent_id"), top_only, text, page, per_page)
        return openreferral.page_json([openreferral.term_json(t) for t in rows], total, page, per_page)

    return _guarded("/taxonomy_terms", build)


@bp.get("/api/openreferral/taxonomy_terms/<item_id>")
def api_taxonomy_term(item_id: str) -> Response:
    return _one(item_id, "taxonomy term", api_queries.get_term, openreferral.term_json)


@bp.get("/api/openreferral/service_at_locations")
def api_service_at_locations() -> Response:
    def build() -> dict:
        page, per_page, _text = _paging()
        criteria, filters = _filters()
        point, proximity = _place()
        total, rows = api_queries.service_at_locations_page(
            criteria, filters, point, proximity, page, per_page
        )
        points = queries.location_points([link.location_id for link, _d in rows])
        contents = [openreferral.service_at_location_json(link, points, distance) for link, distance in rows]
        return openreferral.page_json(contents, total, page, per_page)

    return _guarded("/service_at_locations", build)


@bp.get("/api/openreferral/service_at_locations/<item_id>")
def api_service_at_location(item_id: str) -> Response:
    return _one(
        item_id,
        "service_at_location",
        api_queries.get_service_at_location,
        lambda found: openreferral.service_at_location_json(
            found, queries.location_points([found.location_id])
        ),
    )


@cache
def _hsds_openapi() -> dict:
    return json.loads((SCHEMAS / "openapi.json").read_text(encoding="utf-8"))


def openapi_document(base_url: str) -> dict:
    """HSDS 3.0's OpenAPI description cut to what this API serves: its paths, and for each list the
    parameters in PARAMETERS (so the document and the 400 check cannot drift apart)."""
    document = copy.deepcopy(_hsds_openapi())
    document["info"] = {
        "title": "Stand Together: Open Referral UK directory API",
        "version": "1.0.0",
        "description": "Read-only HSDS 3.0 API of hate crime support services. No personal data.",
        "license": {
            "name": "Open Government Licence v3.0",
            "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        },
    }
    document["servers"] = [{"url": base_url.rstrip("/")}]
    known = document["components"]["parameters"]
    known["text"] = {**known["search"], "name": "text", "description": "Same as search."}
    for name, description in (
        ("parent_id", "Only terms under this parent term."),
        ("top_only", "Only top terms."),
    ):
        kind = {"type": "boolean"} if name == "top_only" else {"type": "string", "format": "uuid"}
        known.setdefault(
            name, {"name": name, "in": "query", "required": False, "description": description, "schema": kind}
        )
    for path in list(document["paths"]):
        base = "/" + path.strip("/").split("/")[0] if path != "/" else "/"
        if path != "/" and base not in PARAMETERS:
            del document["paths"][path]
            continue
        if path in PARAMETERS:
            document["paths"][path]["get"]["parameters"] = [
                {"$ref": f"#/components/parameters/{name}"} for name in PARAMETERS[path]
            ]
    return document


@bp.get("/api/openreferral/openapi.json")
def api_openapi() -> Response:
    return _answer(openapi_document(url_for("directory.api_root", _external=True)))
