"""The GeoNames dump's short way into COPY lines gives what the long way (a PlaceIn per row) gives."""

from __future__ import annotations

import csv
import io

from app.geo.formats import _geonames_dump
from app.geo.names import search_key
from app.geo.place_lines import (
    _geonames_dump_lines,
    _search_key,
    copy_chunks,
    place_copy_line,
    place_copy_lines,
)


def _row(*values: str) -> str:
    return "\t".join(values)


FULL = ["", "", "", "", "", "", "P", "PPL", "GB", "", "ENG", "", "", "", "", "", "", "Europe/London", ""]


def _dump_row(**changes: str) -> str:
    names = ["geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude", "feature_class"]
    names += ["feature_code", "country_code", "cc2", "admin1", "admin2", "admin3", "admin4", "population"]
    values = dict(zip(names, FULL, strict=False)) | {"geonameid": "1", "name": "Chester"}
    values |= {"latitude": "53.1905", "longitude": "-2.89189", "population": "90524"} | changes
    return _row(*(values.get(name, "") for name in names), "", "20", "Europe/London", "2020-01-01")


LINES = [
    _dump_row() + "\n",
    _dump_row(geonameid="2", name="Ystradgynlais", alternatenames="Ystradgynlais,YGL,ystrad,Ystrad Gynlais")
    + "\r\n",
    _dump_row(geonameid="3", name="Bryn-côch", alternatenames="Bryn Coch,Брин,Brŷn-côch,Àird,Ab") + "\n",
    _dump_row(geonameid="4", name="St. Helen's", population="", admin1="WLS") + "\n",
    _dump_row(geonameid="5", name="Back\\slash", feature_code="", population="many", admin1="XX") + "\n",
    _dump_row(geonameid="6", name="Paris", latitude="48.85", longitude="2.35") + "\n",  # outside the UK
    _dump_row(geonameid="7", name="???", latitude="53.0", longitude="-2.0") + "\n",  # no searchable name
    _dump_row(geonameid="8", name="Nowhere", latitude="", longitude="-2.0") + "\n",
    _dump_row(geonameid="9", name="Nan", latitude="nan", longitude="-2.0") + "\n",
    _dump_row(geonameid="10", name="River Dee", feature_class="H", feature_code="STM") + "\n",
    "\n",
    "11\tShort\tShort\n",
    _dump_row(geonameid="12", name="  Padded  ", alternatenames=" Padded ,Pàdded") + "\n",
    _dump_row(geonameid="13", name="Zeroes", population="007") + "\n",
    _dump_row(geonameid="14", name="Spaced", population=" 12", latitude=" 53.1 ") + "\n",
    _dump_row(geonameid="15", name="Minus", population="-5", longitude="-2.5e0") + "\n",
    _dump_row(geonameid="16", name="Arabic", population="١٢") + "\n",
    _dump_row(geonameid="17", name="Zero", population="0") + "\n",
]


def test_the_short_way_gives_the_long_ways_copy_lines_row_for_row() -> None:
    short = list(_geonames_dump_lines(iter(LINES)))
    long = [
        place_copy_line(place)
        for place in _geonames_dump(csv.reader(LINES, delimiter="\t", quoting=csv.QUOTE_NONE))
    ]
    assert short == long
    assert len(short) == 15  # the river, the blank line and the short row are not places at all
    assert short.count(None) == 4  # Paris, "???", no latitude, not a number
    assert short[0] == (
        "geonames:1\tChester\tchester\t\\N\tPPL\t\\N\tEngland\t\\N\t90524\t53.1905\t-2.89189\t\\N\t\\N\t{}\n"
    )
    assert short[1].endswith('\t{"ystrad gynlais"}\n')  # the code, the lower-case form and itself dropped
    assert "Back\\\\slash" in short[4] and "\tplace\t" in short[4]


def test_the_dump_is_recognised_and_read_the_short_way() -> None:
    handle = io.StringIO("".join(LINES))
    assert list(place_copy_lines(handle)) == list(_geonames_dump_lines(iter(LINES)))


def test_names_in_ascii_fold_the_short_way_as_search_key_does() -> None:
    for name in [
        "St. Helen's",
        "Chester-le-Street",
        "  Bishop’s Stortford ",
        "Ab'c  D--e",
        "",
        "X" * 300,
        "Bryn-côch",
    ]:
        assert _search_key(name) == search_key(name)


def test_copy_chunks_count_rows_read_and_skipped_and_collect_the_keys() -> None:
    tally, keys = [0, 0], set[str]()
    chunks = list(copy_chunks(iter(["a\tx\n", None, "b\ty\n", "a\tz\n"]), tally, keys=keys))
    assert chunks == ["a\tx\nb\ty\na\tz\n"]
    assert tally == [4, 1] and keys == {"a", "b"}
