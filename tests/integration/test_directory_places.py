"""The directory finds a council's local services for what a person types, through the real geocoder:
a postcode, a town, the API's ``postcode=``, on real postcode data and on a fresh install's districts."""

from __future__ import annotations

import pytest

from app.directory import demo, queries
from app.geo.geocode import geocode
from tests.fakes.finder_data import load_geography

ADVOCACY = (
    "Example: Cheshire West disability hate crime advocacy"  # local_authorities: Cheshire West and Chester
)
WELSH = "Example: Welsh-language listening line, Wrexham"  # local_authorities: Wrexham


@pytest.fixture
def directory(db_session):
    demo.seed()
    db_session.commit()
    yield db_session
    db_session.rollback()
    queries.remove_services_except(set())
    db_session.commit()


@pytest.fixture
def postcodes(directory, test_data) -> None:
    """Code-Point Open postcodes and GeoNames places around Cheshire (councils as Code-Point names them)."""
    load_geography(test_data)
    directory.commit()


@pytest.mark.parametrize("where", ["CH1 3BA", "ch1-3ba", "Chester", "CH1"])
def test_a_place_in_cheshire_west_and_chester_gets_the_councils_service(postcodes, pages, where) -> None:
    assert ADVOCACY in pages.get(f"/support?where={where}").text
    assert ADVOCACY not in pages.get("/support?where=SK1 1RE").text  # Stockport: another council


def test_the_geocoder_hands_over_the_council_it_knows(postcodes) -> None:
    place = geocode("CH1 3BA").place
    assert (place.district, place.local_authority) == ("CH1", "Cheshire West and Chester")
    assert geocode("Chester").place.local_authority == "Cheshire West and Chester"
    assert geocode("CH7 1AA").place.local_authority == "Flintshire"  # Code-Point: "Sir y Fflint - Flintshire"


def test_the_api_postcode_parameter_finds_the_councils_service(postcodes, client) -> None:
    found = client.get("/api/openreferral/services?postcode=CH1+3BA&per_page=50").get_json()
    assert ADVOCACY in {service["name"] for service in found["contents"]}
    elsewhere = client.get("/api/openreferral/services?postcode=SK1+1RE&per_page=50").get_json()
    assert ADVOCACY not in {service["name"] for service in elsewhere["contents"]}


def test_on_a_fresh_install_the_shipped_districts_know_the_council(directory, pages) -> None:
    # No postcode file loaded: LL11 is placed by the district table, whose council is Wrexham.
    assert WELSH in pages.get("/support?where=LL11 1AY").text
    assert ADVOCACY in pages.get("/support?where=CH2 9ZZ").text
    assert ADVOCACY not in pages.get("/support?where=LL11 1AY").text
