"""Turn what a person typed (or their location) into a point and the council it is in.

coordinates → full postcode in the ``postcode`` table → optional postcodes.io-compatible API
(``POSTCODE_API_URL``) → the postcode's district (its stored postcodes, else the shipped ``outcode``
table) → place gazetteer: exact names and other names, then similar names offered as choices.
"""

from __future__ import annotations

import json
import logging
import math
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, replace
from datetime import date

from flask import current_app, has_app_context, has_request_context
from flask_babel import gettext

from app import page_cache
from app.geo import queries
from app.geo.names import council_name, search_key
from app.geo.postcodes import Postcode, looks_like_postcode, parse_outward, parse_postcode

log = logging.getLogger(__name__)

API_TIMEOUT_SECONDS = 2.0
#: When the API at each address last failed in this worker (``time.monotonic()``). For the next
#: ``POSTCODE_API_PAUSE_SECONDS`` it is not asked: on a busy day an outage would otherwise hold a
#: worker for up to the timeout on every search for a postcode we do not hold, instead of falling
#: back to the district at once.
_api_failed_at: dict[str, float] = {}
#: Generous bounds round the UK, the Isle of Man and the Channel Islands.
UK_BOUNDS = {"south": 49.0, "north": 61.5, "west": -9.0, "east": 2.5}
#: Places with one name closer than this are one place listed twice (two sources), not a choice.
SAME_PLACE_METRES = 3000
MAX_CHOICES = 10


@dataclass(frozen=True)
class Place:
    label: str  # what to show: "CH1 2AB", "Chester", "your location"
    latitude: float
    longitude: float
    kind: str  # "postcode" | "outcode" | "place" | "coordinates"
    district: str | None = None  # outward code or admin district when known (for statistics)
    local_authority: str | None = None  # the council (admin district) when known


@dataclass(frozen=True)
class GeocodeResult:
    # "found" | "ambiguous" | "invalid_postcode" | "postcode_not_found" | "not_found"
    # | "service_unavailable" | "empty"
    status: str
    place: Place | None = None
    choices: tuple[Place, ...] = ()
    # True when the choices are only similar names: "Did you mean …?"
    fuzzy: bool = False

    @property
    def found(self) -> bool:
        return self.status == "found"


def _(message: str, **values: str) -> str:
    """Translated in a request (the reader's language); plain English elsewhere, e.g. in an importer."""
    return gettext(message, **values) if has_request_context() else message % values


class ServiceUnavailable(Exception):
    """The postcode API did not answer in time or answered nonsense."""


def _answer_not_kept() -> None:
    """A page made while the postcode API is down is not kept: the next request may find it back."""
    if has_request_context():
        page_cache.not_kept()


def geocode(query: str | None, lat: str | None = None, lon: str | None = None) -> GeocodeResult:
    """Find where ``query`` (postcode, outward code or place name) or ``lat``/``lon`` is. Never raises
    for bad input or an API outage: the status says what went wrong, for a message to the user."""
    point = parse_coordinates(lat, lon)
    if point is not None:
        council = queries.council_near(point[0], point[1])
        place = Place(_where(point[0], point[1]), point[0], point[1], "coordinates", local_authority=council)
        return GeocodeResult("found", place)
    text = " ".join((query or "").split())
    if not text:
        # Coordinates that were sent but were unusable are "not found", not an empty search.
        return GeocodeResult("not_found" if (lat or lon) else "empty")
    postcode = parse_postcode(text)
    if postcode is not None:
        return _geocode_postcode(postcode)
    outward = parse_outward(text)
    if outward is not None:
        return _geocode_outward(outward)
    if looks_like_postcode(text):
        return GeocodeResult("invalid_postcode")
    return geocode_place_name(text)


def _where(latitude: float, longitude: float) -> str:
    """ "your location, near Hoole, Chester": from our own gazetteer, so the position goes nowhere else."""
    row = queries.nearest_place(latitude, longitude)
    if row is None:
        return _("your location")
    name = row.name
    if row.near and search_key(row.near) != search_key(row.name):
        name = _("%(name)s, %(county)s", name=row.name, county=row.near)
    return _("your location, near %(place)s", place=name)


def parse_coordinates(lat: str | float | None, lon: str | float | None) -> tuple[float, float] | None:
    """A (latitude, longitude) pair when both are finite numbers inside the UK, else None."""
    if lat is None or lon is None or lat == "" or lon == "":
        return None
    try:
        latitude, longitude = float(lat), float(lon)
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        return None
    inside = (
        UK_BOUNDS["south"] <= latitude <= UK_BOUNDS["north"]
        and UK_BOUNDS["west"] <= longitude <= UK_BOUNDS["east"]
    )
    return (round(latitude, 6), round(longitude, 6)) if inside else None


# ---------------------------------------------------------------- postcodes


def _geocode_postcode(postcode: Postcode) -> GeocodeResult:
    if postcode.is_non_geographic:
        # PO boxes and bulk-mail codes are valid but have no place on a map.
        return GeocodeResult("postcode_not_found")
    row = queries.postcode_point(postcode.normalised)
    if row is not None:
        council = council_name(row.district) or _district_council(postcode.outward)
        return _found(postcode.normalised, row.latitude, row.longitude, "postcode", postcode.outward, council)
    try:
        answer = _api_postcode(postcode.normalised)
    except ServiceUnavailable:
        _answer_not_kept()
        # The district still gets the person close; only with nothing at all do we say the lookup is down.
        district = _district_result(postcode.outward)
        return district or GeocodeResult("service_unavailable")
    if answer is not None:
        queries.cache_postcode(
            postcode.normalised, postcode.outward, answer[0], answer[1], answer[2], answer[3]
        )
        council = council_name(answer[2]) or _district_council(postcode.outward)
        return _found(postcode.normalised, answer[0], answer[1], "postcode", postcode.outward, council)
    if _api_url():
        # The API is the authority on which postcodes exist: a typo must not silently become a district.
        return GeocodeResult("postcode_not_found")
    # A real postcode we do not hold finds its district; one whose district does not exist is no postcode.
    return _district_result(postcode.outward) or GeocodeResult("invalid_postcode")


def _district_council(outward: str) -> str | None:
    centroid = queries.outward_centroid(outward)
    return centroid.district if centroid else None


def _district_result(outward: str) -> GeocodeResult | None:
    centroid = queries.outward_centroid(outward)
    if centroid is None:
        return None
    return _found(outward, centroid.latitude, centroid.longitude, "outcode", outward, centroid.district)


def _geocode_outward(outward: str) -> GeocodeResult:
    district = _district_result(outward)
    if district is not None:
        return district
    try:
        answer = _api_outcode(outward)
    except ServiceUnavailable:
        _answer_not_kept()
        return GeocodeResult("service_unavailable")
    if answer is None:
        # Neither the district table nor the API knows this district: it is not a postcode.
        return GeocodeResult("invalid_postcode")
    return _found(
        outward, answer[0], answer[1], "outcode", outward, queries.council_near(answer[0], answer[1])
    )


def _found(
    label: str,
    latitude: float,
    longitude: float,
    kind: str,
    district: str | None,
    council: str | None = None,
) -> GeocodeResult:
    place = Place(label, float(latitude), float(longitude), kind, district, council)
    return GeocodeResult("found", place)


def _api_url() -> str:
    return current_app.config.get("POSTCODE_API_URL", "").rstrip("/") if has_app_context() else ""


def _api_get(path: str) -> dict | None:
    """GET a postcodes.io-style document: its ``result``; None for a 404; else ServiceUnavailable
    (also, without asking, while the API is paused after a failure)."""
    base = _api_url()
    if not base:
        return None
    if not base.startswith(("https://", "http://")):
        raise ServiceUnavailable("POSTCODE_API_URL must be an http(s) URL")
    failed_at = _api_failed_at.get(base)
    if (
        failed_at is not None
        and time.monotonic() - failed_at < current_app.config["POSTCODE_API_PAUSE_SECONDS"]
    ):
        raise ServiceUnavailable("the postcode API failed a moment ago")
    url = f"{base}/{path}"
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310 (scheme checked)
    try:
        with urllib.request.urlopen(request, timeout=API_TIMEOUT_SECONDS) as response:  # noqa: S310
            document = json.loads(response.read(200_000))
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise _api_failed(base, f"HTTP {error.code}") from error
    except (OSError, ValueError) as error:  # timeouts, refused connections, bad JSON
        raise _api_failed(base, type(error).__name__) from error
    _api_failed_at.pop(base, None)
    result = document.get("result") if isinstance(document, dict) else None
    return result if isinstance(result, dict) else None


def _api_failed(base: str, why: str) -> ServiceUnavailable:
    _api_failed_at[base] = time.monotonic()
    pause = current_app.config["POSTCODE_API_PAUSE_SECONDS"]
    log.warning("postcode API unavailable (%s): not asked again for %s s", why, pause)
    return ServiceUnavailable(why)


def resume_api() -> None:
    """Forget every failure: the API is asked again at the next search (each test starts so)."""
    _api_failed_at.clear()


def _api_postcode(postcode: str) -> tuple[float, float, str | None, date | None] | None:
    result = _api_get("postcodes/" + urllib.parse.quote(postcode))
    if result is None:
        return None
    point = parse_coordinates(result.get("latitude"), result.get("longitude"))
    if point is None:
        # postcodes.io gives null coordinates for postcodes it knows but cannot place.
        return None
    district = result.get("admin_district")
    return point[0], point[1], district if isinstance(district, str) else None, None


def _api_outcode(outward: str) -> tuple[float, float] | None:
    result = _api_get("outcodes/" + urllib.parse.quote(outward))
    return parse_coordinates(result.get("latitude"), result.get("longitude")) if result else None


# ---------------------------------------------------------------- place names


def place_label(row: queries.PlaceRow) -> str:
    """A place's name with enough to tell it from others of the same name."""
    if row.county:
        return _("%(name)s, %(county)s", name=row.name, county=row.county)
    if row.near and search_key(row.near) != search_key(row.name):
        return _("%(name)s, near %(town)s", name=row.name, town=row.near)
    if row.country:
        return _("%(name)s, %(country)s", name=row.name, country=row.country)
    return row.name


def _place(row: queries.PlaceRow, label: str | None = None) -> Place:
    return Place(label or row.name, row.latitude, row.longitude, "place", row.district or row.county)


def _with_council(place: Place, row: queries.PlaceRow) -> Place:
    """The chosen place with its council: from the postcodes around it, else the gazetteer's county
    (OS Open Names gives the council there)."""
    council = queries.council_near(place.latitude, place.longitude) or council_name(row.county)
    return replace(place, local_authority=council)


def _distinct(rows: list[queries.PlaceRow]) -> list[queries.PlaceRow]:
    """Drop rows that are the same place from another source (same name, a few kilometres apart)."""
    kept: list[queries.PlaceRow] = []
    for row in rows:
        if not any(_metres(row, other) < SAME_PLACE_METRES for other in kept):
            kept.append(row)
    return kept


def _metres(a: queries.PlaceRow, b: queries.PlaceRow) -> float:
    return haversine_metres(a.latitude, a.longitude, b.latitude, b.longitude)


def haversine_metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance on PostGIS's mean-radius sphere."""
    radius = 6371008.7714
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * radius * math.asin(min(1.0, math.sqrt(h)))


def geocode_place_name(text: str) -> GeocodeResult:
    """Exact name (or another name: "Caerdydd") first; a clearly bigger town wins over hamlets of the
    same name; a qualified label ("Newport, Pembrokeshire") picks one. Similar names are only ever
    offered ("Did you mean …?"), never taken silently."""
    key = search_key(text)
    if not key:
        return GeocodeResult("not_found")
    exact = _by_size(_distinct(queries.places_named(key)))
    if not exact and "," in text:
        # A label from a "which place did you mean?" list. If two places still share it, the bigger one
        # is the best we can do: the person cannot tell them apart either.
        name, _sep, qualifier = text.partition(",")
        named = _by_size(_distinct(queries.places_named(search_key(name))))
        exact = [row for row in named if _qualifies(row, qualifier)][:1]
    if len(exact) == 1 or (exact and _clear_winner(exact)):
        return GeocodeResult("found", _with_council(_place(exact[0]), exact[0]))
    if exact:
        return _ambiguous(exact)
    similar = _distinct(queries.places_like(key))
    if similar:
        return _ambiguous(similar, fuzzy=True)
    return GeocodeResult("not_found")


#: Settlement types, biggest first: OS Open Names' LOCAL_TYPE and GeoNames' feature codes.
_KIND_SIZE = {
    "city": 3, "pplc": 3, "ppla": 3,
    "town": 2, "ppla2": 2, "ppla3": 2,
    "village": 1, "suburban area": 1, "ppl": 1,
    "hamlet": 0, "other settlement": 0, "pplx": 0, "ppll": 0,
}  # fmt: skip


def _size(row: queries.PlaceRow) -> int:
    """0 hamlet, 1 village, 2 town, 3 city: from the population when known, else the settlement type."""
    if row.population:
        return (
            3
            if row.population >= 100_000
            else 2
            if row.population >= 5_000
            else 1
            if row.population >= 1_000
            else 0
        )
    return _KIND_SIZE.get((row.kind or "").lower(), 1)


def _by_size(rows: list[queries.PlaceRow]) -> list[queries.PlaceRow]:
    return sorted(rows, key=lambda row: (-_size(row), -(row.population or 0)))


def _clear_winner(rows: list[queries.PlaceRow]) -> bool:
    """A town or city among hamlets (two sizes smaller or more) of the same name: the town is meant,
    as NHS service finders assume. Two towns of a name still ask."""
    top = _size(rows[0])
    return top >= 2 and all(_size(row) <= top - 2 for row in rows[1:])


def _qualifies(row: queries.PlaceRow, qualifier: str) -> bool:
    """True if the text after the comma names the row's county, country, nearby town or council."""
    wanted = f" {search_key(qualifier)} "
    if any(f" {search_key(v)} " in wanted for v in (row.county, row.country, row.near) if v):
        return True
    council = queries.council_near(row.latitude, row.longitude)
    return bool(council) and f" {search_key(council)} " in wanted


def _qualifiers(row: queries.PlaceRow) -> list[str]:
    """Ways to tell a place apart, most helpful first (each one that names the place itself is dropped)."""
    found = [row.county or ""]
    if row.near and search_key(row.near) != search_key(row.name):
        found.append(_("near %(town)s", town=row.near))
    found += [queries.council_near(row.latitude, row.longitude) or "", row.country or ""]
    return [value for value in found if value and search_key(value) != search_key(row.name)]


def labels(rows: list[queries.PlaceRow]) -> list[str]:
    """One label per place (biggest first), never two the same: where places would share a label, the
    first keeps it and each other one takes the first qualifier (county, nearby town, council,
    country) that no other choice uses. Each label, searched for again, finds its place."""
    chosen: list[str] = []
    for row in rows:
        label = place_label(row)
        if label in chosen:
            for value in _qualifiers(row):
                candidate = _("%(name)s, %(county)s", name=row.name, county=value)
                if candidate not in chosen:
                    label = candidate
                    break
        chosen.append(label)
    return chosen


def _ambiguous(rows: list[queries.PlaceRow], *, fuzzy: bool = False) -> GeocodeResult:
    # Each choice's label, searched for again, finds that place: links can simply carry it as the query.
    rows = rows[:MAX_CHOICES]
    seen: set[str] = set()
    choices = []
    for row, label in zip(rows, labels(rows), strict=True):
        if label not in seen:  # still the same label: the person could not tell them apart either
            seen.add(label)
            choices.append(_place(row, label))
    return GeocodeResult("ambiguous", choices=tuple(choices), fuzzy=fuzzy)
