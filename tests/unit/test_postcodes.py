"""Unit tests for app.geo.postcodes: shared upstream fixtures, real Code-Point postcodes and edge cases."""

import csv
import dataclasses
from functools import cache
from pathlib import Path

import pytest

from app.geo.postcodes import (
    NON_GEOGRAPHIC_OUTWARD_CODES,
    Postcode,
    looks_like_postcode,
    parse_outward,
    parse_postcode,
)

# Real public data kept in the repository (see tests/data/SOURCES.md).
DATA_DIR = Path(__file__).resolve().parents[1] / "data"
PARSE_CASES_CSV = DATA_DIR / "postcodes" / "ideal_postcodes_parse_cases.csv"
CODEPOINT_CSV = DATA_DIR / "geo" / "codepoint_open_2014_CH_CW_WA_SK_sample.csv"
CENTROIDS_CSV = DATA_DIR / "geo" / "outcode_centroids_gibbs_cc0.csv"

# Fixture column -> Postcode attribute.
CSV_COLUMNS = {
    "normalised": "normalised",
    "outcode": "outward",
    "incode": "inward",
    "area": "area",
    "district": "district",
    "sub_district": "sub_district",
    "sector": "sector",
    "unit": "unit",
}


@cache
def read_csv(path: Path) -> tuple[dict[str, str], ...]:
    # utf-8-sig and newline="" because the fixture files carry CRLF endings and may carry a BOM.
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return tuple(csv.DictReader(handle))


PARSE_CASES = read_csv(PARSE_CASES_CSV)


def test_parse_case_fixture_has_the_expected_columns() -> None:
    # A renamed column would otherwise read as "blank = no expectation" and silently test nothing.
    assert PARSE_CASES
    assert {"input", "valid", *CSV_COLUMNS} <= set(PARSE_CASES[0])


@pytest.mark.parametrize("row", PARSE_CASES, ids=[row["input"] for row in PARSE_CASES])
def test_ideal_postcodes_fixture(row: dict[str, str]) -> None:
    result = parse_postcode(row["input"])
    if row["valid"] == "false":
        assert result is None
        return
    if row["valid"] == "true":
        assert result is not None
        assert looks_like_postcode(row["input"])
    for column, attribute in CSV_COLUMNS.items():
        expected = row[column]
        if expected == "":  # blank: no expectation upstream
            continue
        actual = None if result is None else getattr(result, attribute)
        assert actual == (None if expected == "NULL" else expected), column


def test_every_codepoint_sample_postcode_normalises_to_itself() -> None:
    rows = read_csv(CODEPOINT_CSV)
    assert len(rows) == 2372
    wrong = []
    for row in rows:
        text = row["postcode"]
        parsed = parse_postcode(text)
        squashed = parse_postcode(text.replace(" ", "").lower())
        if (
            parsed is None
            or (parsed.normalised, parsed.outward, parsed.inward) != (text, row["outcode"], row["incode"])
            or squashed != parsed
            or parse_outward(row["outcode"]) != row["outcode"]
        ):
            wrong.append(text)
    assert wrong == []


def test_non_geographic_list_matches_the_gap_in_the_geographic_centroids() -> None:
    # The centroid file holds geographic outward codes only, so sample codes missing from it are exactly
    # the PO box / bulk mail districts; every code on our list must be backed by this evidence.
    sample_outwards = {row["outcode"] for row in read_csv(CODEPOINT_CSV)}
    geographic = {row["postcode"] for row in read_csv(CENTROIDS_CSV)}
    flagged = {code for code in sample_outwards if Postcode(code, "9AA").is_non_geographic}
    assert flagged == sample_outwards - geographic
    assert sample_outwards >= NON_GEOGRAPHIC_OUTWARD_CODES


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # spacing, case and invisible characters
        ("SW1A 1AA", "SW1A 1AA"),
        ("sw1a1aa", "SW1A 1AA"),
        ("  Sw1A     1aA  ", "SW1A 1AA"),
        ("SW1A\t1AA", "SW1A 1AA"),
        ("\n\tch1 4aa\r\n", "CH1 4AA"),
        ("SW1A\u00a01AA", "SW1A 1AA"),
        # a hyphen or dash between the halves
        ("CH1-3BA", "CH1 3BA"),
        ("ch1 - 3ba", "CH1 3BA"),
        ("CH1\u20133BA", "CH1 3BA"),
        ("SW1A\u20111AA", "SW1A 1AA"),
        ("\u00a0CH64\u00a09PB\u00a0", "CH64 9PB"),
        ("CH64\u202f9PB", "CH64 9PB"),
        ("CH64\u200b9PB", "CH64 9PB"),
        ("\ufeffCH64 9PB", "CH64 9PB"),
        ("ＣＨ６４ ９ＰＢ", "CH64 9PB"),
        ("S W 1 A 1 A A", "SW1A 1AA"),
        ("CH14 AA", "CH1 4AA"),
        # surrounding punctuation and emoji
        ("(CH64 9PB)", "CH64 9PB"),
        ("CH64 9PB.", "CH64 9PB"),
        ('"ch2 1ae",', "CH2 1AE"),
        ("SW1A 1AA;", "SW1A 1AA"),
        ("📮 CH1 4AA", "CH1 4AA"),
        # O/0 and I/1 where the position allows only a digit (or, for the area, only a real area)
        ("SW1A OAA", "SW1A 0AA"),
        ("SW1A IAA", "SW1A 1AA"),
        ("SWIA 1AA", "SW1A 1AA"),
        ("SWIA OAA", "SW1A 0AA"),
        ("CHI 4AA", "CH1 4AA"),
        ("CHO 4AA", "CH0 4AA"),
        ("CH6O 1AA", "CH60 1AA"),
        ("WAIO 1AA", "WA10 1AA"),
        ("W1O 1AA", "W10 1AA"),
        ("MI 1AA", "M1 1AA"),
        ("0X1 1AA", "OX1 1AA"),
        ("0L1 1AA", "OL1 1AA"),
        ("1P1 1AA", "IP1 1AA"),
        ("1m1 1aa", "IM1 1AA"),
        # letters that are already legal are never "fixed"
        ("CO4 3SQ", "CO4 3SQ"),
        ("SO14 7DU", "SO14 7DU"),
        ("OX1 2JD", "OX1 2JD"),
        ("IG1 1AA", "IG1 1AA"),
        ("O1 1AA", "O1 1AA"),
        # Girobank
        ("GIR 0AA", "GIR 0AA"),
        ("gir0aa", "GIR 0AA"),
        ("GIR OAA", "GIR 0AA"),
        # Northern Ireland and the Crown Dependencies
        ("bt1 5gs", "BT1 5GS"),
        ("BT358GE", "BT35 8GE"),
        ("gy1 1aa", "GY1 1AA"),
        ("JE2 4WD", "JE2 4WD"),
        ("IM2 4NN", "IM2 4NN"),
        # London sub-districts
        ("ec1a1bb", "EC1A 1BB"),
        ("W1A 0AX", "W1A 0AX"),
        ("N1C 4AG", "N1C 4AG"),
        ("NW1W 7AA", "NW1W 7AA"),
        ("E1W 1AA", "E1W 1AA"),
        # format-valid although the area does not exist (as upstream decides for MA1 1AA)
        ("MA1 1AA", "MA1 1AA"),
    ],
)
def test_parse_postcode_normalises(text: str, expected: str) -> None:
    parsed = parse_postcode(text)
    assert parsed is not None
    assert parsed.normalised == expected
    assert parse_postcode(parsed.normalised) == parsed
    assert looks_like_postcode(text)


@pytest.mark.parametrize(
    "text",
    [
        # empty and None-like
        "",
        "   ",
        "\u00a0",
        "None",
        "null",
        "NULL",
        "undefined",
        "NaN",
        "N/A",
        "-",
        "🏠",
        "🏳️‍🌈",
        # ambiguous or impossible look-alikes that must not be repaired
        "SW1A 1AO",
        "SW1A 1A0",
        "CH1 4A1",
        "BO 1AA",
        "0A1 1AA",
        "101AA",
        "11 1AA",
        "CHl 4AA",
        # letters forbidden at their position
        "XM4 5HQ",
        "QA1 1AA",
        "AJ1 1AA",
        "AZ1 1AA",
        "W1L 1AA",
        "SW1C 1AA",
        "SW1A 1AC",
        "SW1A 1KA",
        # too short or too long
        "SW1A",
        "SW1A 1",
        "SW1A 1A",
        "A1 1A",
        "SW1A 1AAA",
        "SW1AA 1AA",
        "CH1 4AA CH2 1AE",
        "CH1 4AA" * 20,
        # internal junk, HTML and SQL
        "SW1A--1AA",
        "SW1-A1AA",
        "SW1A_1AA",
        "CH1📮4AA",
        "SW1A 1AA' OR '1'='1",
        "'; DROP TABLE postcodes; --",
        "<script>alert('CH1 4AA')</script>",
        "CH1 4AA<br>",
        "%CH1%",
        # not UK postcodes
        "BFPO 105",
        "BFPO105",
        "FIQQ 1ZZ",
        "ASCN 1ZZ",
        "ABC 1234",
        "12345",
        "SW1A 1ÅA",
        "ß1 1AA",
    ],
)
def test_parse_postcode_rejects(text: str) -> None:
    assert parse_postcode(text) is None


def test_parse_postcode_rejects_none() -> None:
    assert parse_postcode(None) is None
    assert parse_outward(None) is None
    assert looks_like_postcode(None) is False


@pytest.mark.parametrize(
    ("text", "area", "district", "sub_district", "sector", "unit", "compact"),
    [
        ("SW1A 1AA", "SW", "SW1", "SW1A", "SW1A 1", "AA", "SW1A1AA"),
        ("W1A 0AX", "W", "W1", "W1A", "W1A 0", "AX", "W1A0AX"),
        ("EC1A 1BB", "EC", "EC1", "EC1A", "EC1A 1", "BB", "EC1A1BB"),
        ("CH64 9PB", "CH", "CH64", None, "CH64 9", "PB", "CH649PB"),
        ("M1 1AE", "M", "M1", None, "M1 1", "AE", "M11AE"),
        ("GIR 0AA", "GIR", "GIR", None, "GIR 0", "AA", "GIR0AA"),
    ],
)
def test_postcode_parts(
    text: str, area: str, district: str, sub_district: str | None, sector: str, unit: str, compact: str
) -> None:
    parsed = parse_postcode(text)
    assert parsed is not None
    assert (parsed.area, parsed.district, parsed.sub_district) == (area, district, sub_district)
    assert (parsed.sector, parsed.unit, parsed.compact) == (sector, unit, compact)
    assert str(parsed) == text


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("BT1 5GS", "Northern Ireland"),
        ("GY1 1AA", "Guernsey"),
        ("JE2 4WD", "Jersey"),
        ("IM2 4NN", "Isle of Man"),
        ("CH1 4AA", None),
        ("EH1 1YZ", None),
        ("B1 1AA", None),
    ],
)
def test_country_hint(text: str, hint: str | None) -> None:
    parsed = parse_postcode(text)
    assert parsed is not None
    assert parsed.country_hint == hint


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CH25 9DU", True),
        ("CH34 0AA", True),
        ("CH99 9AA", True),
        ("CW98 1AA", True),
        ("WA55 1AA", True),
        ("BX1 1LT", True),
        ("BF1 3AA", True),
        ("GIR 0AA", True),
        ("CH24 1AA", False),
        ("CH41 1AA", False),
        ("CH1 3BA", False),
        ("WA16 6AA", False),
        ("SW1A 1AA", False),
    ],
)
def test_is_non_geographic(text: str, expected: bool) -> None:
    parsed = parse_postcode(text)
    assert parsed is not None
    assert parsed.is_non_geographic is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CH1", "CH1"),
        ("ch64", "CH64"),
        ("SW1A", "SW1A"),
        (" sw1a.", "SW1A"),
        ("W1A", "W1A"),
        ("M1", "M1"),
        ("CHI", "CH1"),
        ("SWIA", "SW1A"),
        ("0X1", "OX1"),
        ("CH1 4AA", None),
        ("CH1 4", None),
        ("CH", None),
        ("C", None),
        ("CH1AA", None),
        ("SW1C", None),
        ("GIR", None),
        ("1A1", None),
        ("XM4", None),
        ("Chester", None),
        ("", None),
    ],
)
def test_parse_outward(text: str, expected: str | None) -> None:
    assert parse_outward(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CH1 4AA", True),
        ("ch14aa", True),
        ("CH1", True),
        ("CH1 4", True),
        ("CH1 4A", True),
        ("SW1A 1A", True),
        ("SW1A1A", True),
        ("SW1A", True),
        ("EH1 JS", True),
        ("EH 1JS", True),
        ("SW1A 1AAA", True),
        ("SW1A-1AA", True),
        ("CHI 4", True),
        ("0X1 1AA", True),
        ("1A1 1AA", True),
        ("BFPO 105", True),
        ("bfpo", True),
        ("M6", True),
        ("", False),
        ("   ", False),
        ("CH", False),
        ("Chester", False),
        ("Ellesmere Port", False),
        ("Hoole", False),
        ("St Helens", False),
        ("Newcastle-under-Lyme", False),
        ("Definitely wrong", False),
        ("12FSSD", False),
        ("10 Downing Street", False),
        ("CH1 4AA CH2 1AE", False),
        ("None", False),
        ("<script>", False),
        ("'; DROP TABLE postcodes; --", False),
        ("🏠", False),
    ],
)
def test_looks_like_postcode(text: str, expected: bool) -> None:
    assert looks_like_postcode(text) is expected


@pytest.mark.parametrize(("outward", "inward"), [("sw1a", "1aa"), ("SW1A", "OAA"), ("CH1", "4A"), ("", "")])
def test_postcode_rejects_non_canonical_parts(outward: str, inward: str) -> None:
    with pytest.raises(ValueError, match="not a canonical UK postcode"):
        Postcode(outward, inward)


def test_postcode_is_an_immutable_value() -> None:
    parsed = parse_postcode("sw1a 1aa")
    assert parsed == Postcode("SW1A", "1AA")
    assert len({parsed, Postcode("SW1A", "1AA")}) == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        parsed.outward = "W1A"  # type: ignore[misc]


def test_the_bulk_file_shortcut_agrees_with_parse_postcode(test_data) -> None:
    import csv

    from app.geo.formats import _normalised_postcode

    odd = [
        "CH1 3BA",
        "ch1 3ba",
        "CH13BA",
        "SW1A 0AA",
        "SWIA 1AA",
        "SW1A OAA",
        "GIR 0AA",
        "W1A 1AA",
        "EC1A 1BB",
        "XM4 5HQ",
        "SW1C 1AA",
        "CH1 3CA",
        "CH1  3BA",
        " CH1 3BA",
        "0X1 1AA",
        "OX1 1AA",
        "BFPO 105",
        "A1 1AA",
        "AA1A 1AA",
        "",
        "CH1 3B",
        "ZZ99 3WZ",
        "CH99 9ZZ",
    ]
    with (test_data / "geo/codepoint_open_2014_CH_CW_WA_SK_sample.csv").open() as handle:
        published = [row["postcode"] for row in csv.DictReader(handle)]
    for text in odd + published:
        parsed = parse_postcode(text)
        assert _normalised_postcode(text) == (parsed.normalised if parsed else None), text
