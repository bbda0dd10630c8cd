"""Place-name folding and coordinate checks (pure functions of the geography package)."""

from __future__ import annotations

import pytest

from app.geo.geocode import haversine_metres, parse_coordinates
from app.geo.names import search_key


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Chester-le-Street", "chester le street"),
        ("St. Helens", "st helens"),
        ("Bishop's Stortford", "bishops stortford"),
        ("Bishop’s Stortford", "bishops stortford"),
        ("Ynys Môn", "ynys mon"),
        ("  NEWPORT  ", "newport"),
        ("", ""),
        (None, ""),
    ],
)
def test_search_key_folds_case_accents_and_punctuation(name, key) -> None:
    assert search_key(name) == key


def test_search_key_is_bounded() -> None:
    assert len(search_key("a" * 10_000)) <= 100


@pytest.mark.parametrize(
    ("lat", "lon", "expected"),
    [
        ("53.19", "-2.89", (53.19, -2.89)),
        (" 60.15 ", "-1.14", (60.15, -1.14)),  # Lerwick
        ("49.21", "-2.13", (49.21, -2.13)),  # Jersey
        ("54.6", "-5.93", (54.6, -5.93)),  # Belfast
        ("48.85", "2.35", None),  # Paris
        ("nan", "0", None),
        ("1e999", "0", None),
        ("", "", None),
        (None, "1", None),
        ("53,19", "-2,89", None),
    ],
)
def test_coordinates_must_be_finite_and_in_the_uk(lat, lon, expected) -> None:
    assert parse_coordinates(lat, lon) == expected


def test_haversine_matches_a_known_distance() -> None:
    # London (51.5074, -0.1278) to Edinburgh (55.9533, -3.1883): about 534 km on the sphere.
    assert haversine_metres(51.5074, -0.1278, 55.9533, -3.1883) == pytest.approx(534_000, rel=0.005)
