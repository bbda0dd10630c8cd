"""Reading where a service works: its service areas (national, polygon, councils) and its locations."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

from app.directory import nations
from app.directory.openreferral.checks import Checker
from app.directory.openreferral.records import (
    NATIONAL_NAMES,
    UK_BOUNDS,
    UK_URI,
    LocationRecord,
    ServiceRecord,
)
from app.geo.postcodes import parse_postcode

#: (latitude, longitude) of a normalised postcode from the postcode table, or None.
PostcodeLookup = Callable[[str], "tuple[float, float] | None"]


def areas(check: Checker, where: str, items: list, record: ServiceRecord) -> None:
    polygons = []
    for index, area in enumerate(items):
        here = f"{where} service_areas[{index}]"
        if not isinstance(area, dict):
            check.error(here, "is not a JSON object")
            continue
        check.uuid(f"{here} id", area.get("id"))
        name = check.text(area, "name")
        extent_type = check.text(area, "extent_type").lower()
        extent = area.get("extent")
        nation = nations.from_area(name, str(area.get("uri") or ""))
        if str(area.get("uri") or "").rstrip("/") == UK_URI or name.lower() in NATIONAL_NAMES:
            record.national = True
        elif nation:
            record.nations = sorted({*record.nations, nation}, key="EWSN".index)
        elif extent_type == "geojson" and extent:
            geometry = _geojson(check, f"{here} extent", extent)
            if geometry:
                polygons.append(geometry)
                record.area_name = record.area_name or name
        elif name:
            record.local_authorities.append(name)
        else:
            check.error(here, "has neither a name nor a GeoJSON extent")
    if polygons:
        record.area_geojson = json.dumps(_merge(polygons))
    if len(record.nations) == 4:
        record.national, record.nations = True, []


def _geojson(check: Checker, where: str, extent: Any) -> dict | None:
    try:
        geometry = json.loads(extent) if isinstance(extent, str) else extent
    except json.JSONDecodeError:
        check.error(where, f"{str(extent)[:40]!r} is not GeoJSON")
        return None
    if isinstance(geometry, dict) and geometry.get("type") == "Feature":
        geometry = geometry.get("geometry")
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        check.error(where, "must be a GeoJSON Polygon or MultiPolygon")
        return None
    problem = check.geojson_problem(json.dumps(geometry))
    if problem:
        check.error(where, f"is not a usable polygon ({problem})")
        return None
    return geometry


def _merge(polygons: list[dict]) -> dict:
    coordinates: list[list[Any]] = []  # per polygon, its rings
    for geometry in polygons:
        coordinates += [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return {"type": "MultiPolygon", "coordinates": coordinates}


def locations(
    check: Checker,
    where: str,
    links: list,
    record: ServiceRecord,
    hours_of: Callable[[Checker, str, Any], str],
    postcode_point: PostcodeLookup | None,
) -> None:
    for index, link in enumerate(links):
        here = f"{where} service_at_locations[{index}]"
        if not isinstance(link, dict) or not isinstance(link.get("location"), dict):
            check.error(here, "needs a nested location object")
            continue
        link_id = check.uuid(f"{here} id", link.get("id"))
        location = link["location"]
        here = f"{here} location"
        if location.get("location_type", "physical") != "physical":
            check.warn(here, f"a {location.get('location_type')} location is not a place to visit; left out")
            continue
        location_id = check.uuid(f"{here} id", location.get("id"))
        latitude, longitude = _coordinates(check, here, location)
        place = LocationRecord(
            id=location_id or uuid.uuid4(),
            link_id=link_id or uuid.uuid4(),
            name=check.text(location, "name"),
            description=check.description(here, location, "description"),
            latitude=latitude,
            longitude=longitude,
            opening_hours=hours_of(check, here, location.get("attributes")),
        )
        addresses = [a for a in location.get("addresses") or [] if isinstance(a, dict)]
        if addresses:
            _address(check, f"{here} addresses[0]", addresses[0], place)
        given = location.get("latitude") is not None or any(a.get("postal_code") for a in addresses)
        if not given:
            check.error(here, "needs a latitude and longitude or a postcode")
        elif place.latitude is None and place.postcode and location.get("latitude") is None:
            _place_from_postcode(check, here, place, postcode_point)
        record.locations.append(place)


def _place_from_postcode(
    check: Checker, where: str, place: LocationRecord, postcode_point: PostcodeLookup | None
) -> None:
    found = postcode_point(place.postcode) if postcode_point else None
    if found is None:
        check.warn(where, f"postcode {place.postcode} is not in the postcode table, so it is not on the map")
        return
    place.latitude, place.longitude = found
    check.changed(where, f"placed at the centre of postcode {place.postcode}")


def _coordinates(check: Checker, where: str, location: dict) -> tuple[float | None, float | None]:
    latitude, longitude = location.get("latitude"), location.get("longitude")
    if latitude is None and longitude is None:
        return None, None
    values = {}
    for key, value in (("latitude", latitude), ("longitude", longitude)):
        number = _number(value)
        if number is None:
            check.error(f"{where} {key}", f"{value!r} is not a number")
            continue
        limit = 90 if key == "latitude" else 180
        low, high = UK_BOUNDS[key]
        if not -limit <= number <= limit:
            check.error(f"{where} {key}", f"{value} is not a {key} (it must be between -{limit} and {limit})")
        elif not low <= number <= high:
            check.error(f"{where} {key}", f"{value} is outside the UK ({low} to {high})")
        else:
            values[key] = number
    if len(values) < 2:
        return None, None
    return values["latitude"], values["longitude"]


def _number(value: object) -> float | None:
    """A JSON value as a float: a number, or text that reads as one; None for anything else."""
    if not isinstance(value, int | float | str):
        return None
    try:
        return float(value)
    except ValueError:
        return None


def _address(check: Checker, where: str, address: dict, place: LocationRecord) -> None:
    country = check.text(address, "country").upper()
    if country and country not in ("GB", "UK"):
        check.error(f"{where} country", f"{country!r} is not the UK (use the ISO code GB)")
    raw = check.text(address, "postal_code")
    if raw:
        postcode = parse_postcode(raw)
        if postcode is None:
            check.error(f"{where} postal_code", f"{raw!r} is not a UK postcode")
        else:
            place.postcode = postcode.normalised
    place.address_1 = check.text(address, "address_1")
    place.address_2 = check.text(address, "address_2")
    place.city = check.text(address, "city")
