"""Load postcodes and place names into PostGIS with COPY: re-runnable (updates, never duplicates).

The files are read by :mod:`app.geo.formats`; everything here runs in the caller's transaction, so a
failed import leaves nothing.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text

from app.extensions import db, rows_affected
from app.geo.formats import (
    COUNTRIES,
    ImportFormatError,
    PlaceIn,
    Progress,
    open_text,
    postcode_columns,
    postcode_copy_chunks,
    read_outcodes,
)
from app.geo.place_lines import PLACE_COPY_COLUMNS, copy_chunks, place_copy_line, place_copy_lines
from app.page_cache import bump_content_version

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
    _bulk_memory()
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
    bump_content_version()
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


#: Memory for this transaction's sorts and index builds: a national load sorts millions of rows, which
#: the server's defaults (4 MB, 64 MB) would spill to disk.
BULK_SETTINGS = {"work_mem": "256MB", "maintenance_work_mem": "512MB"}


def _bulk_memory() -> None:
    for name, value in BULK_SETTINGS.items():
        db.session.execute(text("SELECT set_config(:name, :value, true)"), {"name": name, "value": value})


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
    """Upsert places by source key; see :func:`_load_place_lines`."""
    return _load_place_lines(map(place_copy_line, places), progress)


def import_places(path: Path, progress: Progress | None = None) -> ImportCount:
    with open_text(path, progress) as handle:
        return _load_place_lines(place_copy_lines(handle), progress)


#: The place's position, from latitude and longitude or else from OSGB36 National Grid metres (PostGIS's
#: Helmert transformation: a few metres out, plenty here).
_STAGED_LOCATION = (
    "CASE WHEN s.lat IS NOT NULL THEN ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4326)::geography"
    " ELSE ST_Transform(ST_SetSRID(ST_MakePoint(s.easting, s.northing), 27700), 4326)::geography END"
)
#: The nearest large town (from ``big_place``) of a place at ``location`` called ``search_name``, within
#: reach and not of its own name; none for a large town. On geography ``<->`` is the sphere distance, the
#: same as ST_Distance(…, false): the same order.
_NEAREST_TOWN = (
    "CASE WHEN coalesce({population}, 0) >= :population THEN NULL ELSE ("
    "  SELECT b.name FROM big_place b"
    "  WHERE b.search_name <> {search_name} AND ST_DWithin(b.location, {location}, :metres, false)"
    "  ORDER BY b.location <-> {location} LIMIT 1) END"
)

_PLACE_UPSERT = (
    " ON CONFLICT (source_key) DO UPDATE SET name = EXCLUDED.name,"
    "   search_name = EXCLUDED.search_name,"
    "   alt_search_name = EXCLUDED.alt_search_name, kind = EXCLUDED.kind, county = EXCLUDED.county,"
    "   country = EXCLUDED.country, district = EXCLUDED.district, population = EXCLUDED.population,"
    "   other_search_names = EXCLUDED.other_search_names,"
    "   location = EXCLUDED.location, near = EXCLUDED.near"
)


def _load_place_lines(lines: Iterable[str | None], progress: Progress | None = None) -> ImportCount:
    """COPY the places into a staging table, then one INSERT … ON CONFLICT that also names each one's
    nearest large town (to tell same-named places apart).

    The large towns after the load (those in the file, and those already stored that the file does not
    give) go first into a small GiST-indexed table, so each place finds its nearest by a KNN walk as it
    is inserted. Stored places the file does not give are named again only when the large towns changed.
    """
    db.session.execute(
        text(
            "CREATE TEMP TABLE place_stage (source_key text, name text, search_name text,"
            " alt_search_name text, kind text, county text, country text, district text, population int,"
            " lat float8, lon float8, easting float8, northing float8, other_names text[]) ON COMMIT DROP"
        )
    )
    tally, keys = [0, 0], set[str]()
    _copy_text("place_stage", PLACE_COPY_COLUMNS, copy_chunks(lines, tally, progress, keys))
    staged = tally[0] - tally[1]
    if staged > len(keys):  # a key given twice: the last one counts (COPY keeps the file's order)
        db.session.execute(
            text(
                "DELETE FROM place_stage s USING place_stage t"
                " WHERE t.source_key = s.source_key AND t.ctid > s.ctid"
            )
        )
    limits = {"population": NEAR_TOWN_POPULATION, "metres": NEAR_TOWN_METRES}
    stored_before = db.session.execute(text("SELECT EXISTS (SELECT 1 FROM place)")).scalar_one()
    if stored_before:
        db.session.execute(
            text(
                "CREATE TEMP TABLE big_place_before ON COMMIT DROP AS"
                " SELECT name, search_name, location FROM place WHERE population >= :population"
            ),
            limits,
        )
    db.session.execute(
        text(
            "CREATE TEMP TABLE big_place ON COMMIT DROP AS"  # noqa: S608 (constants)
            f" SELECT s.name, s.search_name, {_STAGED_LOCATION} AS location FROM place_stage s"
            " WHERE s.population >= :population"
            + (
                " UNION ALL SELECT p.name, p.search_name, p.location FROM place p"
                " WHERE p.population >= :population"
                "   AND NOT EXISTS (SELECT 1 FROM place_stage s WHERE s.source_key = p.source_key)"
                if stored_before
                else ""
            )
        ),
        limits,
    )
    # Small leaves: each place's walk measures the distance to every entry of the pages it opens, and
    # with a few hundred towns full pages mean hundreds of sphere distances a place (a third faster).
    db.session.execute(text("CREATE INDEX ON big_place USING gist (location) WITH (fillfactor = 10)"))
    db.session.execute(text("ANALYZE big_place"))
    indexes = _drop_indexes_for_large_load("place", staged=staged)
    _bulk_memory()
    # The planner rates a KNN walk for each place dear enough to JIT-compile the insert, which costs
    # more than it saves (about 0.7 s for 300,000 places); this transaction only.
    jit = db.session.execute(
        text("SELECT current_setting('jit'), set_config('jit', 'off', true)")
    ).scalar_one()
    nearest = _NEAREST_TOWN.format(
        population="s.population", search_name="s.search_name", location="l.location"
    )
    loaded = rows_affected(
        text(
            "INSERT INTO place (source_key, name, search_name, alt_search_name, kind, county, country,"  # noqa: S608
            "   district, population, other_search_names, location, near)"
            " SELECT s.source_key, s.name, s.search_name, s.alt_search_name, s.kind, s.county, s.country,"
            f"   s.district, s.population, coalesce(s.other_names, '{{}}'), l.location, {nearest}"
            f" FROM place_stage s CROSS JOIN LATERAL (SELECT {_STAGED_LOCATION} AS location) l"
            # Into an empty gazetteer (the staged keys are distinct) a plain insert does the same, cheaper.
            + (_PLACE_UPSERT if stored_before else "")
        ).bindparams(**limits)
    )
    # Places this file does not give may now have another nearest large town (or lost theirs).
    towns_changed = (
        stored_before
        and db.session.execute(
            text(
                "SELECT EXISTS (SELECT name, search_name, ST_AsBinary(location) FROM big_place"
                "   EXCEPT ALL SELECT name, search_name, ST_AsBinary(location) FROM big_place_before)"
                " OR EXISTS (SELECT name, search_name, ST_AsBinary(location) FROM big_place_before"
                "   EXCEPT ALL SELECT name, search_name, ST_AsBinary(location) FROM big_place)"
            )
        ).scalar_one()
    )
    if towns_changed:
        nearest = _NEAREST_TOWN.format(
            population="q.population", search_name="q.search_name", location="q.location"
        )
        db.session.execute(
            text(
                f"UPDATE place p SET near = n.near FROM (SELECT q.id, {nearest} AS near FROM place q"  # noqa: S608
                "   WHERE NOT EXISTS (SELECT 1 FROM place_stage s WHERE s.source_key = q.source_key)) n"
                " WHERE p.id = n.id AND p.near IS DISTINCT FROM n.near"
            ),
            limits,
        )
    db.session.execute(text("SELECT set_config('jit', :jit, true)"), {"jit": jit})
    db.session.execute(text("DROP TABLE place_stage, big_place"))
    if stored_before:
        db.session.execute(text("DROP TABLE big_place_before"))
    _rebuild_indexes("place", indexes)
    bump_content_version()
    return ImportCount(read=tally[0], loaded=loaded, skipped=tally[1])


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
    bump_content_version()
    return ImportCount(read=tally[0], loaded=loaded, skipped=tally[1])
