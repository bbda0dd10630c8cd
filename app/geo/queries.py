"""All SQL of the geography package: postcode points, district centres, councils, gazetteer matches."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import text

from app.extensions import db
from app.geo.names import council_name

#: pg_trgm similarity needed before a place counts as a "did you mean" candidate.
FUZZY_THRESHOLD = 0.35
#: How far a place may be from the stored postcode (or district centre) whose council it takes.
COUNCIL_FROM_POSTCODE_METRES = 2_000
#: Metres on the British National Grid: the centres' and postcodes' KNN indexes hold positions in it
#: (idx_centre_grid, idx_postcode_grid). Walking planar metres costs far less than the sphere, and
#: orders points the same way to within a fraction of a percent across the UK.
GRID_SRID = 27700


def grid(geography_sql: str) -> str:
    """SQL for a geography's position on the grid, written as the indexes' expression is
    (``location::geometry``, not a cast with a type modifier), so PostgreSQL walks them."""
    return f"ST_Transform(({geography_sql})::geometry, {GRID_SRID})"


COUNCIL_FROM_DISTRICT_METRES = 8_000


@dataclass(frozen=True)
class PointRow:
    latitude: float
    longitude: float
    district: str | None = None


@dataclass(frozen=True)
class PlaceRow:
    id: int
    name: str
    kind: str | None
    county: str | None
    country: str | None
    near: str | None
    district: str | None
    population: int | None
    latitude: float
    longitude: float
    similarity: float = 1.0


def postcode_point(postcode: str) -> PointRow | None:
    """The stored centroid of a normalised unit postcode ("CH1 2AB")."""
    row = db.session.execute(
        text(
            "SELECT ST_Y(location::geometry), ST_X(location::geometry), admin_district"
            " FROM postcode WHERE postcode = :postcode"
        ),
        {"postcode": postcode},
    ).first()
    return PointRow(row[0], row[1], row[2]) if row else None


def outward_centroid(outward: str) -> PointRow | None:
    """The middle of a postcode district, with its council: the mean of its stored live postcodes (all
    of them if every one is terminated) and their most common council; else the shipped district table."""
    row = db.session.execute(
        text(
            "SELECT avg(ST_Y(location::geometry)), avg(ST_X(location::geometry)), count(*),"
            "   mode() WITHIN GROUP (ORDER BY admin_district)"
            " FROM postcode WHERE outward = :outward"
            " AND (terminated_on IS NULL OR NOT EXISTS ("
            "   SELECT 1 FROM postcode p2 WHERE p2.outward = :outward AND p2.terminated_on IS NULL))"
        ),
        {"outward": outward},
    ).first()
    district = outcode(outward)
    if row and row[2]:
        council = council_name(row[3]) or (district.district if district else None)
        return PointRow(float(row[0]), float(row[1]), council)
    return district


def outcode(outward: str) -> PointRow | None:
    """A postcode district's centre and council from the shipped district table."""
    row = db.session.execute(
        text(
            "SELECT ST_Y(location::geometry), ST_X(location::geometry), admin_district"
            " FROM outcode WHERE outward = :outward"
        ),
        {"outward": outward},
    ).first()
    return PointRow(row[0], row[1], row[2]) if row else None


def council_near(latitude: float, longitude: float) -> str | None:
    """The council of the nearest stored postcode close by, else of the nearest district centre close by
    (when the district table knows it). Both are KNN walks of a GiST index. Near a boundary this is a
    best guess, which is all a town name or a tap on a map can give."""
    point = "ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography"
    params = {"lat": latitude, "lon": longitude}
    queries = (
        # Postcodes are dense: the nearest one that names its council (walking idx_postcode_grid).
        (
            "postcode WHERE admin_district IS NOT NULL",
            f"{grid('location')} <-> {grid(point)}",
            COUNCIL_FROM_POSTCODE_METRES,
        ),
        # Districts are not: only the nearest one itself, or a neighbour's council would be guessed.
        ("outcode", f"location <-> {point}", COUNCIL_FROM_DISTRICT_METRES),
    )
    for source, nearest_first, metres in queries:
        row = db.session.execute(
            text(
                f"SELECT admin_district, ST_Distance(location, {point}, false) FROM {source}"  # noqa: S608 (constants)
                f" ORDER BY {nearest_first} LIMIT 1"
            ),
            params,
        ).first()
        if row and row[1] <= metres and council_name(row[0]):
            return council_name(row[0])
    return None


def nation_of(postcode: str | None, latitude: float, longitude: float) -> str:
    """ENG, WLS, SCT or NIR (GG, JE, IM in the Crown Dependencies): from the postcode's district when
    it is in the district table, else from the nearest district centre; England if nothing is known."""
    outward = (postcode or "").split(" ")[0]
    row = db.session.execute(
        text(
            "SELECT coalesce((SELECT country FROM outcode WHERE outward = :outward),"
            " (SELECT country FROM outcode"
            "  ORDER BY location <-> ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography LIMIT 1))"
        ),
        {"outward": outward, "lat": latitude, "lon": longitude},
    ).scalar()
    return row or "ENG"


def cache_postcode(
    postcode: str,
    outward: str,
    latitude: float,
    longitude: float,
    district: str | None,
    terminated: date | None,
) -> None:
    """Keep an answer from the postcode API, in its own short transaction (callers are often GETs)."""
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO postcode (postcode, outward, location, terminated_on, admin_district, source)"
                " VALUES (:postcode, :outward, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography,"
                "         :terminated, :district, 'api')"
                " ON CONFLICT (postcode) DO UPDATE SET location = EXCLUDED.location,"
                "   terminated_on = EXCLUDED.terminated_on, admin_district = EXCLUDED.admin_district,"
                "   source = EXCLUDED.source, updated_at = now()"
            ),
            {
                "postcode": postcode,
                "outward": outward,
                "lat": latitude,
                "lon": longitude,
                "terminated": terminated,
                "district": (district or "")[:100] or None,
            },
        )


# A constant column list (no user input) shared by the gazetteer queries below.
_PLACE_COLUMNS = (
    "id, name, kind, county, country, near, district, population,"
    " ST_Y(location::geometry) AS latitude, ST_X(location::geometry) AS longitude"
)


def _places(sql: str, params: dict) -> list[PlaceRow]:
    return [PlaceRow(**row._mapping) for row in db.session.execute(text(sql), params)]


def nearest_place(latitude: float, longitude: float, within_metres: float = 5_000) -> PlaceRow | None:
    """The gazetteer's nearest place within ``within_metres`` (a KNN walk), to say where a point is."""
    found = _places(
        f"SELECT {_PLACE_COLUMNS} FROM place"  # noqa: S608
        " WHERE ST_DWithin(location, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography, :metres)"
        " ORDER BY location <-> ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography LIMIT 1",
        {"lat": latitude, "lon": longitude, "metres": within_metres},
    )
    return found[0] if found else None


def places_named(key: str, limit: int = 20) -> list[PlaceRow]:
    """Places whose name, official second name or another name is exactly ``key`` (a search key),
    biggest first."""
    return _places(
        f"SELECT {_PLACE_COLUMNS} FROM place WHERE search_name = :key OR alt_search_name = :key"  # noqa: S608
        " OR other_search_names @> ARRAY[CAST(:key AS varchar)]"
        " ORDER BY population DESC NULLS LAST, id LIMIT :limit",
        {"key": key, "limit": limit},
    )


def places_like(key: str, limit: int = 8) -> list[PlaceRow]:
    """Places whose name is similar to ``key`` (pg_trgm), most similar then biggest first."""
    return _places(
        f"SELECT {_PLACE_COLUMNS}, similarity(search_name, :key) AS similarity FROM place"  # noqa: S608
        " WHERE search_name % :key AND similarity(search_name, :key) >= :threshold"
        " ORDER BY similarity(search_name, :key) DESC, population DESC NULLS LAST, id LIMIT :limit",
        {"key": key, "limit": limit, "threshold": FUZZY_THRESHOLD},
    )


def store_postcodes(rows: list[tuple[str, float, float, str | None]], source: str) -> None:
    """Add (postcode, latitude, longitude, admin district) rows in the caller's transaction; keep existing."""
    for postcode, latitude, longitude, district in rows:
        db.session.execute(
            text(
                "INSERT INTO postcode (postcode, outward, location, admin_district, source)"
                " VALUES (:postcode, :outward, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography,"
                "         :district, :source)"
                " ON CONFLICT (postcode) DO NOTHING"
            ),
            {
                "postcode": postcode,
                "outward": postcode.split()[0],
                "lat": latitude,
                "lon": longitude,
                "district": district,
                "source": source,
            },
        )
