"""The geocoding chain against real PostGIS and real public postcodes and places (tests/data)."""

from __future__ import annotations

import csv
import time
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import text

from app.extensions import db
from app.geo.geocode import API_TIMEOUT_SECONDS, geocode, haversine_metres
from tests.fakes.finder_data import committed
from tests.fakes.postcodes_io import FakePostcodesIO


@pytest.fixture(scope="module")
def _geography_loaded(app: Flask, test_data, tmp_path_factory) -> Iterator[None]:
    with committed(app, test_data, tmp_path_factory.mktemp("geo")):
        yield


@pytest.fixture
def geography(_geography_loaded, db_session, test_data) -> dict[str, dict]:
    with (test_data / "geo" / "codepoint_open_2014_CH_CW_WA_SK_sample.csv").open() as handle:
        return {row["postcode"]: row for row in csv.DictReader(handle)}


def _at(result, row: dict) -> bool:
    return (
        haversine_metres(
            result.place.latitude, result.place.longitude, float(row["latitude"]), float(row["longitude"])
        )
        < 1
    )


@pytest.mark.parametrize("typed", ["CH1 3BA", "ch13ba", "ch1 3ba", "  Ch1   3bA ", "CHI 3BA"])
def test_a_full_postcode_is_found_however_it_is_typed(geography, typed: str) -> None:
    result = geocode(typed)
    assert result.status == "found"
    assert result.place.label == "CH1 3BA"
    assert result.place.kind == "postcode"
    assert result.place.district == "CH1"
    assert _at(result, geography["CH1 3BA"])


def test_an_outward_code_alone_finds_the_middle_of_its_postcodes(geography) -> None:
    result = geocode("ch64")
    members = [row for code, row in geography.items() if code.startswith("CH64 ")]
    assert members
    mean_lat = sum(float(r["latitude"]) for r in members) / len(members)
    mean_lon = sum(float(r["longitude"]) for r in members) / len(members)
    assert result.status == "found" and result.place.kind == "outcode" and result.place.label == "CH64"
    assert haversine_metres(result.place.latitude, result.place.longitude, mean_lat, mean_lon) < 1


def test_an_unknown_postcode_in_a_known_district_falls_back_to_the_district_without_an_api(geography) -> None:
    result = geocode("CH1 9ZZ")
    assert result.status == "found"
    assert (result.place.kind, result.place.label) == ("outcode", "CH1")


def test_postcode_problems_have_their_own_statuses(geography) -> None:
    assert geocode("CH1 3").status == "invalid_postcode"
    assert geocode("QX1 1AA").status == "invalid_postcode"
    assert geocode("CH9 1AA").status == "invalid_postcode"  # well formed, but there is no CH9 district
    assert geocode("CH9").status == "invalid_postcode"
    assert geocode("CH25 1AA").status == "postcode_not_found"  # a PO box district has no place
    assert geocode("").status == "empty" and geocode(None).status == "empty"


def test_a_place_name_is_found_exactly_in_any_case(geography) -> None:
    result = geocode("northwich")
    assert result.status == "found"
    assert result.place.label == "Northwich" and result.place.kind == "place"
    assert haversine_metres(result.place.latitude, result.place.longitude, 53.25882, -2.52025) < 1


def test_a_misspelt_place_is_matched_by_similarity(geography) -> None:
    result = geocode("Northwitch")
    assert result.status in {"found", "ambiguous"}
    labels = [result.place.label] if result.status == "found" else [c.label for c in result.choices]
    assert any(label.startswith("Northwich") for label in labels)


def test_a_name_shared_by_two_places_asks_which_one_and_each_choice_finds_its_place(geography) -> None:
    result = geocode("Eccleston")
    assert result.status == "ambiguous"
    assert len(result.choices) == 2
    labels = [choice.label for choice in result.choices]
    assert len(set(labels)) == 2, labels
    for choice in result.choices:
        again = geocode(choice.label)
        assert again.status == "found"
        assert (again.place.latitude, again.place.longitude) == (choice.latitude, choice.longitude)


def test_nothing_matching_is_not_found(geography) -> None:
    assert geocode("Qwzxv").status == "not_found"


@pytest.mark.parametrize(
    ("lat", "lon", "status"),
    [
        ("53.19", "-2.89", "found"),
        ("53.190001", "-2.890001", "found"),
        ("nan", "-2.89", "not_found"),
        ("inf", "1", "not_found"),
        ("48.85", "2.35", "not_found"),  # Paris
        ("91", "0", "not_found"),
        ("53.19", "", "not_found"),
        ("x", "y", "not_found"),
    ],
)
def test_coordinates_are_used_only_when_they_are_a_place_in_the_uk(app, db_session, lat, lon, status) -> None:
    result = geocode(None, lat, lon)
    assert result.status == status
    if status == "found":
        assert result.place.kind == "coordinates"


def test_coordinates_win_over_the_query_when_both_are_given(geography) -> None:
    result = geocode("Northwich", "53.19", "-2.89")
    assert result.place.kind == "coordinates"


# ---------------------------------------------------------------- the optional postcodes.io lookup

FAKE_POSTCODES = {"SW1A 1AA": (51.501009, -0.141588, "Westminster")}
FAKE_OUTCODES = {"SW1A": (51.50191, -0.13949)}


@pytest.fixture
def postcode_api(app: Flask, db_session, monkeypatch) -> Iterator[FakePostcodesIO]:
    with FakePostcodesIO(FAKE_POSTCODES, FAKE_OUTCODES) as fake:
        monkeypatch.setitem(app.config, "POSTCODE_API_URL", fake.url)
        yield fake
    # The cache is written in its own transaction (not the test's), so remove it here.
    with db.engine.begin() as connection:
        connection.execute(text("DELETE FROM postcode WHERE source = 'api'"))


def test_the_api_answers_a_postcode_we_do_not_hold_and_the_answer_is_kept(postcode_api) -> None:
    result = geocode("sw1a1aa")
    assert result.status == "found"
    assert (result.place.label, result.place.latitude, result.place.longitude) == (
        "SW1A 1AA",
        51.501009,
        -0.141588,
    )
    postcode_api.mode = "error"  # cached now: no second request needed
    assert geocode("SW1A 1AA").status == "found"
    assert postcode_api.requests == ["/postcodes/SW1A%201AA"]


def test_the_api_is_the_authority_on_postcodes_that_do_not_exist(postcode_api) -> None:
    assert geocode("SW1A 9ZZ").status == "postcode_not_found"


def test_an_outward_code_we_do_not_hold_is_asked_of_the_api(postcode_api) -> None:
    result = geocode("SW1A")
    assert result.status == "found" and result.place.kind == "outcode"


def test_an_api_outage_is_a_clear_status_never_an_exception(postcode_api) -> None:
    postcode_api.mode = "error"
    assert geocode("CH9 2AA").status == "service_unavailable"  # no district to fall back on
    nearby = geocode("SW1A 2AA")  # the shipped district table still places it
    assert nearby.status == "found" and (nearby.place.label, nearby.place.kind) == ("SW1A", "outcode")


def test_an_api_that_hangs_is_given_up_after_the_timeout(postcode_api) -> None:
    postcode_api.mode = "slow"
    assert geocode("CH9 2AB").status == "service_unavailable"


def test_an_outage_still_finds_the_district_when_we_hold_it(postcode_api, geography) -> None:
    postcode_api.mode = "error"
    result = geocode("CH1 9ZZ")
    assert result.status == "found" and result.place.label == "CH1"


def test_after_a_failure_the_api_is_left_alone_for_the_pause_then_asked_again(
    postcode_api, geography, app: Flask, monkeypatch
) -> None:
    postcode_api.mode = "error"
    assert geocode("CH1 9ZZ").place.label == "CH1"  # asked, failed: the district instead
    postcode_api.mode = "ok"
    during = geocode("SW1A 1AA")
    assert (during.status, during.place.label, during.place.kind) == ("found", "SW1A", "outcode")
    assert len(postcode_api.requests) == 1  # not asked during the pause
    monkeypatch.setitem(app.config, "POSTCODE_API_PAUSE_SECONDS", 0)  # the pause is over
    after = geocode("SW1A 1AA")
    assert (after.place.label, after.place.kind) == ("SW1A 1AA", "postcode")
    assert len(postcode_api.requests) == 2


def test_a_hanging_api_holds_only_the_first_search_of_the_pause(postcode_api) -> None:
    postcode_api.mode = "slow"
    started = time.monotonic()
    assert geocode("CH9 2AB").status == "service_unavailable"
    first = time.monotonic() - started
    started = time.monotonic()
    assert geocode("CH9 2AD").status == "service_unavailable"
    second = time.monotonic() - started
    assert first >= API_TIMEOUT_SECONDS
    assert second < 0.5
    assert len(postcode_api.requests) == 1


def test_the_nearest_postcode_is_found_by_walking_the_grid_index(db_session) -> None:
    """council_near and the directory's nation_at walk idx_postcode_grid (British National Grid)."""
    from app.geo.queries import grid

    connection = db_session.connection()
    for plan_kind in ("seqscan", "bitmapscan", "sort"):  # a test table is small enough to scan
        connection.exec_driver_sql(f"SET LOCAL enable_{plan_kind} = off")
    point = "ST_SetSRID(ST_MakePoint(-2.89, 53.19), 4326)::geography"
    rows = connection.exec_driver_sql(
        f"EXPLAIN SELECT admin_district FROM postcode ORDER BY {grid('location')} <-> {grid(point)} LIMIT 1"
    )
    plan = "\n".join(row[0] for row in rows)
    assert "Index Scan using idx_postcode_grid on postcode" in plan, plan
