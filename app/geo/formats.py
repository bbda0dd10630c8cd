"""Read the postcode and place-name files people download, as published: pure parsing, no SQL.

Postcodes: the ONS Postcode Directory (``pcds``, ``lat``, ``long``, ``doterm``) or any CSV with at least
``postcode``, ``latitude``, ``longitude``. Places: OS Open Names (headerless CSV as published), the
GeoNames dump (``GB.txt``, tab-separated) or a CSV with ``name``, ``latitude``, ``longitude``.
Files may be gzipped. :mod:`app.geo.importers` loads what these readers yield.
"""

from __future__ import annotations

import csv
import gzip
import io
import itertools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import IO, Protocol

from app.geo.geocode import parse_coordinates
from app.geo.names import council_name
from app.geo.postcodes import parse_outward, parse_postcode


class Progress(Protocol):
    """Told how far a load has got: bytes of the file read, and rows parsed."""

    def read(self, size: int) -> None: ...

    def rows(self, count: int) -> None: ...


MAX_OTHER_NAMES = 40
COUNTRIES = {"ENG": "England", "SCT": "Scotland", "WLS": "Wales", "NIR": "Northern Ireland"}


class ImportFormatError(ValueError):
    """The file is not in a format this importer knows; the message says what was expected."""


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
            self.progress.read(len(data))
        return len(data)


def open_text(path: Path, progress: Progress | None = None) -> IO[str]:
    """Open a plain or gzipped UTF-8 file (a byte-order mark is dropped)."""
    raw = path.open("rb")
    counted = io.BufferedReader(_CountingReader(raw, progress))
    stream: IO[bytes] = gzip.GzipFile(fileobj=counted) if raw.read(2) == b"\x1f\x8b" else counted  # type: ignore[assignment]
    raw.seek(0)
    return io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")


# ---------------------------------------------------------------- postcodes


@dataclass(frozen=True)
class PostcodeColumns:
    postcode: str
    latitude: str
    longitude: str
    terminated: str | None
    district: str | None
    source: str


def postcode_columns(header: Sequence[str]) -> PostcodeColumns:
    names = {name.strip().lower(): name for name in header}
    if {"pcds", "lat", "long"} <= names.keys():
        return PostcodeColumns(
            names["pcds"], names["lat"], names["long"], names.get("doterm"), names.get("oslaua"), "onspd"
        )
    if {"postcode", "latitude", "longitude"} <= names.keys():
        district = names.get("admin_district") or names.get("admin_district_name")
        terminated = names.get("terminated") or names.get("doterm")
        return PostcodeColumns(
            names["postcode"], names["latitude"], names["longitude"], terminated, district, "csv"
        )
    raise ImportFormatError(
        "The first line must name the columns: pcds, lat, long (ONS Postcode Directory) "
        "or postcode, latitude, longitude."
    )


_SHAPE = re.compile(r"([A-Z0-9]{2,4}) ([0-9][A-Z]{2})")


@lru_cache(maxsize=16_384)
def _outward_as_given(outward: str) -> bool:
    return parse_outward(outward) == outward


@lru_cache(maxsize=4_096)
def _inward_as_given(inward: str) -> bool:
    parsed = parse_postcode("A1 " + inward)
    return parsed is not None and parsed.inward == inward


def _normalised_postcode(text: str) -> str | None:
    """What ``parse_postcode(text).normalised`` gives, quickly for bulk files.

    Published files give postcodes in the normalised form already ("CH1 3BA"); such text is valid
    exactly when its outward and inward halves are valid as given, and a national file has only a few
    thousand of each, so each half is checked once. Anything else goes the long way round.
    """
    shape = _SHAPE.fullmatch(text)
    if shape and _outward_as_given(shape[1]) and _inward_as_given(shape[2]):
        return text
    parsed = parse_postcode(text)
    return parsed.normalised if parsed else None


@lru_cache(maxsize=4096)
def _terminated(value: str | None) -> date | None:
    """ONS ``doterm`` is YYYYMM; other files may give an ISO date. Anything else means live."""
    value = (value or "").strip()
    try:
        if len(value) == 6 and value.isdigit():
            return date(int(value[:4]), int(value[4:]), 1)
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


@lru_cache(maxsize=4096)
def _district_field(value: str | None) -> str:
    """The council name as a COPY text field (``\\N`` for none); a national file repeats a few hundred."""
    district = (council_name(value) or "")[:100]
    return district.translate(_COPY_ESCAPES) if district else "\\N"


@lru_cache(maxsize=4096)
def _terminated_field(value: str | None) -> str:
    terminated = _terminated(value)
    return terminated.isoformat() if terminated else "\\N"


_NULL = "\\N"
#: Rows per chunk handed to COPY (and to the progress meter).
COPY_CHUNK_ROWS = 20_000


def postcode_copy_chunks(
    reader: Iterator[list[str]],
    header: Sequence[str],
    columns: PostcodeColumns,
    tally: list[int],
    progress: Progress | None = None,
) -> Iterator[str]:
    """COPY text-format lines (postcode, outward, lat, lon, terminated_on, admin_district) in chunks.

    Only the used columns are looked at: an ONSPD row has about fifty. ``tally`` counts [read, skipped].
    """
    index = {name: number for number, name in enumerate(header)}
    at_postcode, at_lat, at_lon = index[columns.postcode], index[columns.latitude], index[columns.longitude]
    at_term = index[columns.terminated] if columns.terminated else None
    at_district = index[columns.district] if columns.district else None
    needed = max(i for i in (at_postcode, at_lat, at_lon, at_term, at_district) if i is not None)
    lines: list[str] = []
    read = skipped = 0
    for record in reader:
        read += 1
        if len(record) <= needed:
            record = record + [""] * (needed + 1 - len(record))
        postcode = _normalised_postcode(record[at_postcode])
        # ONS gives 99.999999 / 0 for postcodes without a grid reference: parse_coordinates drops them.
        point = parse_coordinates(record[at_lat], record[at_lon])
        if postcode is None or point is None:
            skipped += 1
            continue
        terminated = _terminated_field(record[at_term]) if at_term is not None else _NULL
        district = _district_field(record[at_district]) if at_district is not None else _NULL
        lines.append(f"{postcode}\t{postcode[:-4]}\t{point[0]!r}\t{point[1]!r}\t{terminated}\t{district}\n")
        if len(lines) == COPY_CHUNK_ROWS:
            yield "".join(lines)
            lines.clear()
            if progress:
                progress.rows(read - tally[0])
            tally[:] = [read, skipped]
    if lines:
        yield "".join(lines)
    if progress:
        progress.rows(read - tally[0])
    tally[:] = [read, skipped]


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
    # Other names people use for the place (GeoNames' alternate names: "Caerdydd" for Cardiff).
    other_names: tuple[str, ...] = ()


def other_names(values: str | list[str] | None, name: str) -> tuple[str, ...]:
    """The alternate names worth matching exactly: written names in Latin script ("Caerdydd",
    "Casnewydd"), not codes ("CWL"), lower-case transliterations ("kadiff") or the name itself."""
    # The GeoNames dump separates them with commas; CSV extracts often with "|".
    items = re.split(r"[,|]", values) if isinstance(values, str) else (values or [])
    kept: list[str] = []
    for item in (value.strip() for value in items):
        # Letters in ASCII are all Latin: only other text needs looking at letter by letter.
        latin = item.isascii() or all(
            unicodedata.name(char, "").startswith("LATIN") or not char.isalpha() for char in item
        )
        if len(item) < 3 or not latin or not item[0].isupper() or item.isupper() or item == name:
            continue
        if item not in kept:
            kept.append(item)
    return tuple(kept[:MAX_OTHER_NAMES])


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
            other_names=other_names(record.get("alternatenames"), record["name"]),
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
            other_names=other_names(get(record, "alternatenames"), get(record, "name") or ""),
        )


def _is_geonames_dump(first: str) -> bool:
    return not first.startswith("osgb") and first.count("\t") >= 14


def _read_places(first: str, lines: Iterator[str]) -> Iterator[PlaceIn]:
    if first.startswith("osgb"):
        return _os_open_names(csv.reader(lines))
    if _is_geonames_dump(first):
        return _geonames_dump(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    return _headed_csv(csv.DictReader(lines))


def read_places(handle: IO[str]) -> Iterator[PlaceIn]:
    """Recognise the format from the first line and yield its populated places."""
    first = handle.readline()
    lines = itertools.chain([first], handle)  # the stream cannot seek back (it may be gzipped)
    return _read_places(first, lines)


# ---------------------------------------------------------------- postcode districts

#: Regions the published gibbs/uk-postcodes file gives that are not councils (app/geo/data/SOURCES.md).
NOT_COUNCILS = frozenset({"Greater London", "Greater Manchester"})
#: Districts the published gibbs/uk-postcodes file puts in the wrong nation (app/geo/data/SOURCES.md).
NATION_CORRECTIONS = {"CH4": "WLS", "CH5": "WLS", "CH6": "WLS", "CH7": "WLS", "CH8": "WLS", "TD15": "ENG"}
_NATION_CODES = {
    **{code: code for code in ("ENG", "WLS", "SCT", "NIR", "GG", "JE", "IM")},
    **{name.casefold(): code for code, name in COUNTRIES.items()},
    "guernsey": "GG",
    "jersey": "JE",
    "isle of man": "IM",
}


@dataclass(frozen=True)
class OutcodeIn:
    outward: str
    latitude: float
    longitude: float
    town: str | None
    admin_district: str | None
    country: str


def _nation(*values: str | None) -> str | None:
    for value in values:
        code = _NATION_CODES.get((value or "").strip()) or _NATION_CODES.get((value or "").strip().casefold())
        if code:
            return code
    return None


def read_outcodes(handle: IO[str], tally: list[int] | None = None) -> Iterator[OutcodeIn]:
    """District centres from the shipped file (outward, latitude, longitude, town, admin_district,
    country) or the published gibbs/uk-postcodes CSV (postcode, …, town, region, uk_region, country,
    country_string). Rows without a usable outward code, position or nation are skipped; ``tally``
    counts [read, skipped]."""
    tally = tally if tally is not None else [0, 0]
    reader = csv.DictReader(handle)
    names = {name.strip().lower() for name in reader.fieldnames or []}
    if not ({"outward", "postcode"} & names and {"latitude", "longitude"} <= names):
        raise ImportFormatError(
            "The first line must name the columns: outward (or postcode), latitude, longitude, "
            "town, admin_district (or region), country."
        )
    for record in reader:
        tally[0] += 1
        outward = parse_outward(record.get("outward") or record.get("postcode"))
        point = parse_coordinates(record.get("latitude"), record.get("longitude"))
        crown = "IM" if record.get("uk_region") == "IOM" else None
        nation = crown or _nation(record.get("country"), record.get("country_string"))
        if outward is None or point is None or nation is None:
            tally[1] += 1
            continue
        yield OutcodeIn(
            outward,
            point[0],
            point[1],
            (record.get("town") or "").strip()[:100] or None,
            council
            if (council := council_name(record.get("admin_district") or record.get("region")))
            not in NOT_COUNCILS
            else None,
            NATION_CORRECTIONS.get(outward, nation),
        )
