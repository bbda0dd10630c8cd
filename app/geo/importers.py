"""Load postcodes and place names into PostGIS with COPY: re-runnable (updates, never duplicates).

Postcodes: the ONS Postcode Directory (``pcds``, ``lat``, ``long``, ``doterm``) or any CSV with at least
``postcode``, ``latitude``, ``longitude``. Places: OS Open Names (headerless CSV as published), the
GeoNames dump (``GB.txt``, tab-separated) or a CSV with ``name``, ``latitude``, ``longitude``.
Files may be gzipped. Everything runs in the caller's transaction, so a failed import leaves nothing.
"""

from __future__ import annotations

import csv
import gzip
import io
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO

from sqlalchemy import text

from app.extensions import db
from app.geo.geocode import parse_coordinates
from app.geo.names import search_key
from app.geo.postcodes import parse_postcode

Progress = Callable[[int], None]
BATCH = 50_000
#: A place this big or bigger names its neighbours' surroundings ("Newport, near Telford").
NEAR_TOWN_POPULATION = 50_000
NEAR_TOWN_METRES = 60_000
COUNTRIES = {"ENG": "England", "SCT": "Scotland", "WLS": "Wales", "NIR": "Northern Ireland"}


class ImportFormatError(ValueError):
    """The file is not in a format this importer knows; the message says what was expected."""


@dataclass(frozen=True)
class ImportCount:
    read: int
    loaded: int
    skipped: int


# ---------------------------------------------------------------- files


class _CountingReader(io.RawIOBase):
    """Reports how many bytes of the (maybe compressed) file have been read, for a progress bar."""

    def __init__(self, raw: IO[bytes], progress: Progress | None) -> None:
        self.raw, self.progress = raw, progress

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        if self.progress and data:
            self.progress(len(data))
        return len(data)


def open_text(path: Path, progress: Progress | None = None) -> IO[str]:
    """Open a plain or gzipped UTF-8 file (a byte-order mark is dropped)."""
    raw = path.open("rb")
    counted = io.BufferedReader(_CountingReader(raw, progress))
    stream: IO[bytes] = gzip.GzipFile(fileobj=counted) if raw.read(2) == b"\x1f\x8b" else counted  # type: ignore[assignment]
    raw.seek(0)
    return io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")


def _copy(table: str, columns: tuple[str, ...], rows: Iterable[tuple]) -> int:
    """COPY rows into a (temporary) table on the session's connection; returns how many."""
    connection = db.session.connection().connection.driver_connection
    count = 0
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


# ---------------------------------------------------------------- postcodes


@dataclass(frozen=True)
class _PostcodeColumns:
    postcode: str
    latitude: str
    longitude: str
    terminated: str | None
    district: str | None
    source: str


def _postcode_columns(header: list[str]) -> _PostcodeColumns:
    names = {name.strip().lower(): name for name in header}
    if {"pcds", "lat", "long"} <= names.keys():
        return _PostcodeColumns(
            names["pcds"], names["lat"], names["long"], names.get("doterm"), names.get("oslaua"), "onspd"
        )
    if {"postcode", "latitude", "longitude"} <= names.keys():
        district = names.get("admin_district") or names.get("admin_district_name")
        terminated = names.get("terminated") or names.get("doterm")
        return _PostcodeColumns(
            names["postcode"], names["latitude"], names["longitude"], terminated, district, "csv"
        )
    raise ImportFormatError(
        "The first line must name the columns: pcds, lat, long (ONS Postcode Directory) "
        "or postcode, latitude, longitude."
    )


def _terminated(value: str | None) -> date | None:
    """ONS ``doterm`` is YYYYMM; other files may give an ISO date. Anything else means live."""
    value = (value or "").strip()
    try:
        if len(value) == 6 and value.isdigit():
            return date(int(value[:4]), int(value[4:]), 1)
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _postcode_rows(reader: Iterator[dict], columns: _PostcodeColumns, tally: list[int]) -> Iterator[tuple]:
    for record in reader:
        tally[0] += 1
        postcode = parse_postcode(record.get(columns.postcode))
        # ONS gives 99.999999 / 0 for postcodes without a grid reference: parse_coordinates drops them.
        point = parse_coordinates(record.get(columns.latitude), record.get(columns.longitude))
        if postcode is None or point is None:
            tally[1] += 1
            continue
        district = (record.get(columns.district) or "").strip()[:100] if columns.district else ""
        terminated = _terminated(record.get(columns.terminated)) if columns.terminated else None
        yield (postcode.normalised, postcode.outward, point[0], point[1], terminated, district or None)


def import_postcodes(path: Path, progress: Progress | None = None) -> ImportCount:
    """Load a postcode file; rows without a usable postcode or position are skipped and counted."""
    with open_text(path, progress) as handle:
        reader = csv.DictReader(handle)
        columns = _postcode_columns(reader.fieldnames or [])
        db.session.execute(
            text(
                "CREATE TEMP TABLE postcode_stage (postcode text, outward text, lat float8, lon float8,"
                " terminated_on date, admin_district text) ON COMMIT DROP"
            )
        )
        tally = [0, 0]
        _copy(
            "postcode_stage",
            ("postcode", "outward", "lat", "lon", "terminated_on", "admin_district"),
            _postcode_rows(reader, columns, tally),
        )
    loaded = db.session.execute(
        text(
            "INSERT INTO postcode (postcode, outward, location, terminated_on, admin_district, source)"
            " SELECT DISTINCT ON (postcode) postcode, outward,"
            "   ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography, terminated_on, admin_district, :source"
            " FROM postcode_stage ORDER BY postcode, terminated_on DESC NULLS FIRST"
            " ON CONFLICT (postcode) DO UPDATE SET outward = EXCLUDED.outward, location = EXCLUDED.location,"
            "   terminated_on = EXCLUDED.terminated_on,"
            "   admin_district = coalesce(EXCLUDED.admin_district, postcode.admin_district),"
            "   source = EXCLUDED.source, updated_at = now()"
        ),
        {"source": columns.source},
    ).rowcount
    db.session.execute(text("DROP TABLE postcode_stage"))
    return ImportCount(read=tally[0], loaded=loaded, skipped=tally[1])


# ---------------------------------------------------------------- places


@dataclass(frozen=True)
class PlaceIn:
    source_key: str
    name: str
    kind: str
    latitude: float | None = None
    longitude: float | None = None
    # OS Open Names gives British National Grid metres instead of latitude/longitude.
    easting: float | None = None
    northing: float | None = None
    alt_name: str | None = None
    county: str | None = None
    country: str | None = None
    district: str | None = None
    population: int | None = None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


# OS Open Names columns (the product's header file, which the data files do not repeat).
_OS_NAMES = [
    "ID",
    "NAMES_URI",
    "NAME1",
    "NAME1_LANG",
    "NAME2",
    "NAME2_LANG",
    "TYPE",
    "LOCAL_TYPE",
    "GEOMETRY_X",
    "GEOMETRY_Y",
    "MOST_DETAIL_VIEW_RES",
    "LEAST_DETAIL_VIEW_RES",
    "MBR_XMIN",
    "MBR_YMIN",
    "MBR_XMAX",
    "MBR_YMAX",
    "POSTCODE_DISTRICT",
    "POSTCODE_DISTRICT_URI",
    "POPULATED_PLACE",
    "POPULATED_PLACE_URI",
    "POPULATED_PLACE_TYPE",
    "DISTRICT_BOROUGH",
    "DISTRICT_BOROUGH_URI",
    "DISTRICT_BOROUGH_TYPE",
    "COUNTY_UNITARY",
    "COUNTY_UNITARY_URI",
    "COUNTY_UNITARY_TYPE",
    "REGION",
    "REGION_URI",
    "COUNTRY",
    "COUNTRY_URI",
    "RELATED_SPATIAL_OBJECT",
    "SAME_AS_DBPEDIA",
    "SAME_AS_GEONAMES",
]
# GeoNames dump columns (readme.txt of download.geonames.org/export/dump).
_GEONAMES = [
    "geonameid",
    "name",
    "asciiname",
    "alternatenames",
    "latitude",
    "longitude",
    "feature_class",
    "feature_code",
    "country_code",
    "cc2",
    "admin1",
    "admin2",
    "admin3",
    "admin4",
    "population",
    "elevation",
    "dem",
    "timezone",
    "modification_date",
]


def _os_open_names(rows: Iterator[list[str]]) -> Iterator[PlaceIn]:
    for values in rows:
        record = dict(zip(_OS_NAMES, values, strict=False))
        if record.get("TYPE") != "populatedPlace" or not record.get("NAME1"):
            continue
        yield PlaceIn(
            source_key="osnames:" + record["ID"][:50],
            name=record["NAME1"],
            alt_name=record.get("NAME2") or None,
            kind=record.get("LOCAL_TYPE") or "place",
            easting=_float(record.get("GEOMETRY_X")),
            northing=_float(record.get("GEOMETRY_Y")),
            county=record.get("COUNTY_UNITARY") or record.get("DISTRICT_BOROUGH") or None,
            country=record.get("COUNTRY") or None,
            district=record.get("POSTCODE_DISTRICT") or None,
        )


def _geonames_dump(rows: Iterator[list[str]]) -> Iterator[PlaceIn]:
    for values in rows:
        record = dict(zip(_GEONAMES, values, strict=False))
        if record.get("feature_class") != "P":
            continue
        yield PlaceIn(
            source_key="geonames:" + record["geonameid"],
            name=record["name"],
            kind=record.get("feature_code") or "place",
            latitude=_float(record.get("latitude")),
            longitude=_float(record.get("longitude")),
            country=COUNTRIES.get(record.get("admin1") or ""),
            population=_int(record.get("population")),
        )


def _headed_csv(reader: csv.DictReader) -> Iterator[PlaceIn]:
    names = {name.strip().lower(): name for name in reader.fieldnames or []}
    if not {"name", "latitude", "longitude"} <= names.keys():
        raise ImportFormatError(
            "Expected OS Open Names (headerless CSV), a GeoNames dump (tab-separated) "
            "or a CSV whose first line names at least: name, latitude, longitude."
        )

    def get(record: dict, key: str) -> str | None:
        return record.get(names[key]) if key in names else None

    for number, record in enumerate(reader, start=2):
        identifier = get(record, "geonameid") or get(record, "id")
        admin1 = get(record, "admin1code") or ""
        yield PlaceIn(
            source_key=f"geonames:{identifier}"
            if get(record, "geonameid")
            else f"csv:{identifier or number}",
            name=get(record, "name") or "",
            kind=get(record, "kind") or "place",
            latitude=_float(get(record, "latitude")),
            longitude=_float(get(record, "longitude")),
            county=get(record, "county") or None,
            country=COUNTRIES.get(admin1) or get(record, "country") or None,
            population=_int(get(record, "population")),
        )


def read_places(handle: IO[str]) -> Iterator[PlaceIn]:
    """Recognise the format from the first line and yield its populated places."""
    first = handle.readline()
    lines = itertools.chain([first], handle)  # the stream cannot seek back (it may be gzipped)
    if first.startswith("osgb"):
        return _os_open_names(csv.reader(lines))
    if first.count("\t") >= 14:
        return _geonames_dump(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    return _headed_csv(csv.DictReader(lines))


def load_places(places: Iterable[PlaceIn]) -> ImportCount:
    """Upsert places by source key (COPY into a staging table, then one INSERT … ON CONFLICT)."""
    db.session.execute(
        text(
            "CREATE TEMP TABLE place_stage (source_key text, name text, search_name text, alt_name text,"
            " alt_search_name text, kind text, county text, country text, district text, population int,"
            " lat float8, lon float8, easting float8, northing float8) ON COMMIT DROP"
        )
    )
    tally = [0, 0]

    def rows() -> Iterator[tuple]:
        for place in places:
            tally[0] += 1
            key = search_key(place.name)
            has_point = parse_coordinates(place.latitude, place.longitude) is not None or (
                place.easting is not None and place.northing is not None
            )
            if not key or not has_point:
                tally[1] += 1
                continue
            yield (
                place.source_key[:60],
                place.name.strip()[:120],
                key,
                place.alt_name,
                search_key(place.alt_name) or None,
                place.kind[:40],
                (place.county or "")[:120] or None,
                (place.country or "")[:40] or None,
                (place.district or "")[:10] or None,
                place.population,
                place.latitude,
                place.longitude,
                place.easting,
                place.northing,
            )

    _copy(
        "place_stage",
        [
            "source_key",
            "name",
            "search_name",
            "alt_name",
            "alt_search_name",
            "kind",
            "county",
            "country",
            "district",
            "population",
            "lat",
            "lon",
            "easting",
            "northing",
        ],
        rows(),
    )
    loaded = db.session.execute(
        text(
            "INSERT INTO place (source_key, name, search_name, alt_search_name, kind, county, country,"
            "   district, population, location)"
            " SELECT DISTINCT ON (source_key) source_key, name, search_name, alt_search_name, kind, county,"
            "   country, district, population,"
            "   CASE WHEN lat IS NOT NULL THEN ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography"
            # OSGB36 National Grid → WGS84 (PostGIS's Helmert transformation: a few metres out, plenty here).
            "   ELSE ST_Transform(ST_SetSRID(ST_MakePoint(easting, northing), 27700), 4326)::geography END"
            " FROM place_stage ORDER BY source_key"
            " ON CONFLICT (source_key) DO UPDATE SET name = EXCLUDED.name,"
            "   search_name = EXCLUDED.search_name,"
            "   alt_search_name = EXCLUDED.alt_search_name, kind = EXCLUDED.kind, county = EXCLUDED.county,"
            "   country = EXCLUDED.country, district = EXCLUDED.district, population = EXCLUDED.population,"
            "   location = EXCLUDED.location"
        )
    ).rowcount
    db.session.execute(text("DROP TABLE place_stage"))
    _name_nearest_towns()
    return ImportCount(read=tally[0], loaded=loaded, skipped=tally[1])


def _name_nearest_towns() -> None:
    """Give every place the nearest large town, to tell same-named places apart. The few large towns
    are materialised first, so each place compares with them only."""
    db.session.execute(
        text(
            "WITH big AS MATERIALIZED ("
            "  SELECT name, search_name, location FROM place WHERE population >= :population)"
            " UPDATE place p SET near = CASE WHEN coalesce(p.population, 0) >= :population THEN NULL ELSE ("
            "  SELECT b.name FROM big b"
            "  WHERE b.search_name <> p.search_name AND ST_DWithin(b.location, p.location, :metres, false)"
            "  ORDER BY ST_Distance(b.location, p.location, false) LIMIT 1) END"
        ),
        {"population": NEAR_TOWN_POPULATION, "metres": NEAR_TOWN_METRES},
    )


def import_places(path: Path, progress: Progress | None = None) -> ImportCount:
    with open_text(path, progress) as handle:
        return load_places(read_places(handle))
