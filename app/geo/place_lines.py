"""Places as COPY text lines for the importer's staging table: from any place file (through
:class:`~app.geo.formats.PlaceIn`), or straight from the GeoNames dump, whose national files have
hundreds of thousands of rows. Pure text work, no SQL."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import IO

from app.geo import formats
from app.geo.formats import (
    _COPY_ESCAPES,
    _GEONAMES,
    _NULL,
    COUNTRIES,
    PlaceIn,
    Progress,
    _float,
    _int,
    _is_geonames_dump,
    _read_places,
    other_names,
)
from app.geo.geocode import UK_BOUNDS, parse_coordinates
from app.geo.names import MAX_NAME_CHARS, search_key

# What the importer stages for each place, in this order (a COPY text line each): only what it stores.
PLACE_COPY_COLUMNS = (
    "source_key",
    "name",
    "search_name",
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
)

_NON_WORD = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=65_536)
def _search_key(name: str | None) -> str:
    """``search_key``, folded once for each name (a national file has thousands of Newtons and
    Ashleys); a name in ASCII has no accents to take off, so it goes the short way round."""
    if name and name.isascii():
        folded = name[: MAX_NAME_CHARS * 2].replace("'", "").lower()
        return _NON_WORD.sub(" ", folded).strip()[:MAX_NAME_CHARS]
    return search_key(name)


def _field(value: str | None) -> str:
    if value is None:
        return _NULL
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return value.translate(_COPY_ESCAPES)
    return value


def _number(value: float | None) -> str:
    return _NULL if value is None else repr(value)


def _other_keys(names: Iterable[str], name_key: str) -> str:
    """The other names' search keys as a COPY array field. Keys are only a-z, 0-9 and spaces."""
    keys = sorted({key for key in map(_search_key, names) if key and key != name_key})
    return '{"' + '","'.join(keys) + '"}' if keys else "{}"


def place_copy_line(place: PlaceIn) -> str | None:
    """The staging table's COPY line for ``place``, or None when it has no searchable name or no
    position (a latitude and longitude inside the UK, or National Grid metres)."""
    name_key = _search_key(place.name)
    has_point = parse_coordinates(place.latitude, place.longitude) is not None or (
        place.easting is not None and place.northing is not None
    )
    if not name_key or not has_point:
        return None
    return (
        "\t".join(
            (
                _field(place.source_key[:60]),
                _field(place.name.strip()[:120]),
                name_key,
                _field(_search_key(place.alt_name) or None),
                _field(place.kind[:40]),
                _field((place.county or "")[:120] or None),
                _field((place.country or "")[:40] or None),
                _field((place.district or "")[:10] or None),
                _number(place.population),
                _number(place.latitude),
                _number(place.longitude),
                _number(place.easting),
                _number(place.northing),
                _other_keys(place.other_names, name_key),
            )
        )
        + "\n"
    )


_SOUTH, _NORTH, _WEST, _EAST = (UK_BOUNDS[side] for side in ("south", "north", "west", "east"))
_COUNTRY_FIELDS = {code: _field(name) for code, name in COUNTRIES.items()}


@lru_cache(maxsize=1_024)
def _kind_field(code: str) -> str:
    return _field((code or "place")[:40])


def _geonames_dump_lines(lines: Iterator[str]) -> Iterator[str | None]:
    """What ``place_copy_line`` makes of each place ``_geonames_dump`` reads, without the detour
    through a dict and a PlaceIn for each row (a national dump has hundreds of thousands)."""
    width = len(_GEONAMES)
    for line in lines:
        values = line.rstrip("\r\n").split("\t")
        if len(values) < width:
            values += [""] * (width - len(values))
        if values[6] != "P":
            continue
        name = values[1]
        name_key = _search_key(name)
        latitude, longitude = _float(values[4]), _float(values[5])
        if (
            not name_key
            or latitude is None
            or longitude is None
            or not (_SOUTH <= latitude <= _NORTH and _WEST <= longitude <= _EAST)
        ):
            yield None
            continue
        population = _int(values[14])
        alternates = values[3]
        yield (
            f"{_field(('geonames:' + values[0])[:60])}\t{_field(name.strip()[:120])}\t{name_key}\t\\N\t"
            f"{_kind_field(values[7])}\t\\N\t{_COUNTRY_FIELDS.get(values[10], _NULL)}\t\\N\t"
            f"{_NULL if population is None else population}\t{latitude!r}\t{longitude!r}\t\\N\t\\N\t"
            f"{_other_keys(other_names(alternates, name), name_key) if alternates else '{}'}\n"
        )


def place_copy_lines(handle: IO[str]) -> Iterator[str | None]:
    """Recognise the format from the first line; a COPY line (``place_copy_line``) for each populated
    place, None for each that cannot be loaded."""
    first = handle.readline()
    lines = itertools.chain([first], handle)
    if _is_geonames_dump(first):
        return _geonames_dump_lines(lines)
    return map(place_copy_line, _read_places(first, lines))


def copy_chunks(
    lines: Iterable[str | None],
    tally: list[int],
    progress: Progress | None = None,
    keys: set[str] | None = None,
) -> Iterator[str]:
    """Join COPY lines into chunks; a None is a row read and skipped. ``tally`` counts [read, skipped];
    ``keys`` (when given) collects each line's first field, to tell whether any came twice."""
    chunk: list[str] = []
    read = skipped = 0
    for line in lines:
        read += 1
        if line is None:
            skipped += 1
            continue
        chunk.append(line)
        if keys is not None:
            keys.add(line[: line.index("\t")])
        if len(chunk) == formats.COPY_CHUNK_ROWS:  # (looked up here: tests make it smaller)
            yield "".join(chunk)
            chunk.clear()
            if progress:
                progress.rows(read - tally[0])
            tally[:] = [read, skipped]
    if chunk:
        yield "".join(chunk)
    if progress:
        progress.rows(read - tally[0])
    tally[:] = [read, skipped]
