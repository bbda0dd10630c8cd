"""Load postcodes and place names into PostGIS with COPY: re-runnable (updates, never duplicates).

The files are read by :mod:`app.geo.formats`; everything here runs in the caller's transaction, so a
failed import leaves nothing.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text

from app.extensions import db, rows_affected
from app.geo.formats import (
    COPY_CHUNK_ROWS,
    COUNTRIES,
    ImportFormatError,
    PlaceIn,
    Progress,
    open_text,
    postcode_columns,
    postcode_copy_chunks,
    read_outcodes,
    read_places,
)
from app.geo.geocode import parse_coordinates
from app.geo.names import search_key

__all__ = [
    "COUNTRIES",
    "ImportCount",
    "ImportFormatError",
    "PlaceIn",
    "import_outcodes",
    "import_places",
    "import_postcodes",
    "load_places",
]

#: A place this big or bigger names its neighbours' surroundings ("Newport, near Telford").
NEAR_TOWN_POPULATION = 50_000
NEAR_TOWN_METRES = 60_000


@dataclass(frozen=True)
class ImportCount:
    read: int
    loaded: int
    skipped: int


def _copy_text(table: str, columns: Sequence[str], chunks: Iterable[str]) -> None:
    """COPY chunks of text-format lines into a (temporary) table."""
    connection = db.session.connection().connection.driver_connection
    assert connection is not None, "a live psycopg connection"
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for chunk in chunks:
            copy.write(chunk)


def _copy(table: str, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """COPY rows into a (temporary) table on the session's connection; returns how many."""
    connection = db.session.connection().connection.driver_connection
    assert connection is not None, "a live psycopg connection"
    count = 0
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def import_postcodes(path: Path, progress: Progress | None = None) -> ImportCount:
    """Load a postcode file; rows without a usable postcode or position are skipped and counted.

    The rows go by COPY into an unindexed temporary table, then into ``postcode`` in one statement.
    When the file is large beside the table (a first or national load) and the session's role owns
    the table, its secondary indexes are dropped for that statement and built again after: one sorted
    build is far cheaper than millions of single insertions into the spatial index.
    """
    with open_text(path, progress) as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        columns = postcode_columns(header)
        db.session.execute(
            text(
                "CREATE TEMP TABLE postcode_stage (postcode text, outward text, lat float8, lon float8,"
                " terminated_on date, admin_district text) ON COMMIT DROP"
            )
        )
        tally = [0, 0]
        _copy_text(
            "postcode_stage",
            ("postcode", "outward", "lat", "lon", "terminated_on", "admin_district"),
            postcode_copy_chunks(reader, header, columns, tally, progress),
        )
    indexes = _drop_indexes_for_large_load("postcode", staged=tally[0] - tally[1])
    loaded = rows_affected(
        text(
            "INSERT INTO postcode (postcode, outward, location, terminated_on, admin_district, source)"
            " SELECT DISTINCT ON (postcode) postcode, outward,"
            "   ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography, terminated_on, admin_district, :source"
            " FROM postcode_stage ORDER BY postcode, terminated_on DESC NULLS FIRST"
            " ON CONFLICT (postcode) DO UPDATE SET outward = EXCLUDED.outward, location = EXCLUDED.location,"
            "   terminated_on = EXCLUDED.terminated_on,"
            "   admin_district = coalesce(EXCLUDED.admin_district, postcode.admin_district),"
            "   source = EXCLUDED.source, updated_at = now()"
        ).bindparams(source=columns.source)
    )
    db.session.execute(text("DROP TABLE postcode_stage"))
    _rebuild_indexes("postcode", indexes)
    return ImportCount(read=tally[0], loaded=loaded, skipped=tally[1])


#: Below this many staged rows, index upkeep row by row costs less than a rebuild.
REBUILD_INDEXES_FROM_ROWS = 200_000


def _drop_indexes_for_large_load(table: str, staged: int) -> list[str]:
    """When ``staged`` rows are many beside the table's and the session's role owns it, drop its
    indexes that back no constraint; returns the statements that build them again (or none)."""
    # Only the table's owner may drop its indexes; the app's lesser role loads the slower way.
    existing, owner = db.session.execute(
        text(
            "SELECT greatest(reltuples, 0)::bigint, pg_has_role(relowner, 'USAGE')"
            " FROM pg_class WHERE oid = CAST(:table AS regclass)"
        ),
        {"table": table},
    ).one()
    if not owner or staged < REBUILD_INDEXES_FROM_ROWS or staged * 2 < existing:
        return []
    return _drop_secondary_indexes(table)


def _rebuild_indexes(table: str, definitions: list[str]) -> None:
    for definition in definitions:
        db.session.execute(text(definition))
    if definitions:
        db.session.execute(text(f"ANALYZE {table}"))


def _drop_secondary_indexes(table: str) -> list[str]:
    """Drop the table's indexes that back no constraint; returns the statements that rebuild them.

    The primary key and unique keys stay: the upsert needs them to find existing rows.
    """
    definitions = db.session.execute(
        text(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
            " WHERE i.indrelid = CAST(:table AS regclass)"
            "   AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)"
        ),
        {"table": table},
    ).all()
    for name, _definition in definitions:
        db.session.execute(text(f"DROP INDEX {name}"))  # regclass text comes quoted as needed
    return [definition for _name, definition in definitions]


def load_places(places: Iterable[PlaceIn], progress: Progress | None = None) -> ImportCount:
    """Upsert places by source key (COPY into a staging table, then one INSERT … ON CONFLICT)."""
    db.session.execute(
        text(
            "CREATE TEMP TABLE place_stage (source_key text, name text, search_name text, alt_name text,"
            " alt_search_name text, kind text, county text, country text, district text, population int,"
            " lat float8, lon float8, easting float8, northing float8, other_names text[]) ON COMMIT DROP"
        )
    )
    tally = [0, 0]

    def rows() -> Iterator[tuple]:
        for place in places:
            tally[0] += 1
            if progress and tally[0] % COPY_CHUNK_ROWS == 0:
                progress.rows(COPY_CHUNK_ROWS)
            key = name_key = search_key(place.name)
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
                sorted({key for key in map(search_key, place.other_names) if key and key != name_key}),
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
            "other_names",
        ],
        rows(),
    )
    indexes = _drop_indexes_for_large_load("place", staged=tally[0] - tally[1])
    loaded = rows_affected(
        text(
            "INSERT INTO place (source_key, name, search_name, alt_search_name, kind, county, country,"
            "   district, population, other_search_names, location)"
            " SELECT DISTINCT ON (source_key) source_key, name, search_name, alt_search_name, kind, county,"
            "   country, district, population, coalesce(other_names, '{}'),"
            "   CASE WHEN lat IS NOT NULL THEN ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography"
            # OSGB36 National Grid → WGS84 (PostGIS's Helmert transformation: a few metres out, plenty here).
            "   ELSE ST_Transform(ST_SetSRID(ST_MakePoint(easting, northing), 27700), 4326)::geography END"
            " FROM place_stage ORDER BY source_key"
            " ON CONFLICT (source_key) DO UPDATE SET name = EXCLUDED.name,"
            "   search_name = EXCLUDED.search_name,"
            "   alt_search_name = EXCLUDED.alt_search_name, kind = EXCLUDED.kind, county = EXCLUDED.county,"
            "   country = EXCLUDED.country, district = EXCLUDED.district, population = EXCLUDED.population,"
            "   other_search_names = EXCLUDED.other_search_names,"
            "   location = EXCLUDED.location"
        )
    )
    if progress:
        progress.rows(tally[0] % COPY_CHUNK_ROWS)
    db.session.execute(text("DROP TABLE place_stage"))
    # Before the rebuild: this updates every row, and each update would otherwise add index entries.
    _name_nearest_towns()
    _rebuild_indexes("place", indexes)
    return ImportCount(read=tally[0], loaded=loaded, skipped=tally[1])


def _name_nearest_towns() -> None:
    """Give every place the nearest large town, to tell same-named places apart. The few large towns
    are copied into a small indexed table first, so each place finds its nearest by a KNN walk."""
    db.session.execute(
        text(
            "CREATE TEMP TABLE big_place ON COMMIT DROP AS"
            " SELECT name, search_name, location FROM place WHERE population >= :population"
        ),
        {"population": NEAR_TOWN_POPULATION},
    )
    db.session.execute(text("CREATE INDEX ON big_place USING gist (location)"))
    db.session.execute(text("ANALYZE big_place"))
    # On geography ``<->`` is the sphere distance, the same as ST_Distance(…, false): the same order.
    db.session.execute(
        text(
            "UPDATE place p SET near = CASE WHEN coalesce(p.population, 0) >= :population THEN NULL ELSE ("
            "  SELECT b.name FROM big_place b"
            "  WHERE b.search_name <> p.search_name AND ST_DWithin(b.location, p.location, :metres, false)"
            "  ORDER BY b.location <-> p.location LIMIT 1) END"
        ),
        {"population": NEAR_TOWN_POPULATION, "metres": NEAR_TOWN_METRES},
    )
    db.session.execute(text("DROP TABLE big_place"))


def import_places(path: Path, progress: Progress | None = None) -> ImportCount:
    with open_text(path, progress) as handle:
        return load_places(read_places(handle), progress)


def import_outcodes(path: Path, progress: Progress | None = None) -> ImportCount:
    """Load postcode-district centres (the shipped file, or a newer one in the same form); re-running
    updates rows. Districts missing from the file are kept."""
    tally, loaded = [0, 0], 0
    with open_text(path, progress) as handle:
        for district in read_outcodes(handle, tally):
            loaded += 1
            db.session.execute(
                text(
                    "INSERT INTO outcode (outward, location, town, admin_district, country)"
                    " VALUES (:outward, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography, :town,"
                    "   :district, :country)"
                    " ON CONFLICT (outward) DO UPDATE SET location = EXCLUDED.location, town = EXCLUDED.town,"
                    "   admin_district = EXCLUDED.admin_district, country = EXCLUDED.country"
                ),
                {
                    "outward": district.outward,
                    "lat": district.latitude,
                    "lon": district.longitude,
                    "town": district.town,
                    "district": district.admin_district,
                    "country": district.country,
                },
            )
    return ImportCount(read=tally[0], loaded=loaded, skipped=tally[1])
