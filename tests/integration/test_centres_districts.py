"""A fresh install places every real UK postcode: the shipped district table, hyphens, far-away advice."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import text

from app.extensions import db
from tests.fakes.finder_data import committed

SHIPPED = Path(__file__).resolve().parents[2] / "app" / "geo" / "data" / "outcodes.csv"


@pytest.fixture(scope="module")
def _finder_data(app: Flask, test_data, tmp_path_factory) -> Iterator[None]:
    with committed(app, test_data, tmp_path_factory.mktemp("districts"), libraries=True, examples=True):
        yield


@pytest.fixture
def finder(_finder_data, db_session) -> None:
    """Cheshire's libraries and the example centres; only the district table knows M1 or SW1A."""


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def test_the_shipped_districts_are_the_published_ones_with_the_documented_corrections(test_data) -> None:
    published = {row["postcode"]: row for row in _read(test_data / "geo" / "outcode_centroids_gibbs_cc0.csv")}
    shipped = {row["outward"]: row for row in _read(SHIPPED)}
    assert len(shipped) == len(published) == 2856
    for code, row in shipped.items():
        source = published[code]
        council = "" if source["region"] in ("Greater London", "Greater Manchester") else source["region"]
        assert (row["latitude"], row["longitude"], row["town"], row["admin_district"]) == (
            source["latitude"],
            source["longitude"],
            source["town"],
            council,
        ), code
    wales = {code for code, row in shipped.items() if row["country"] == "WLS"}
    assert {"CH4", "CH5", "CH6", "CH7", "CH8", "LL11", "CF10"} <= wales and "CH1" not in wales
    assert shipped["TD15"]["country"] == "ENG" and shipped["EH1"]["country"] == "SCT"
    assert {row["country"] for row in shipped.values()} == {"ENG", "WLS", "SCT", "NIR", "GG", "JE", "IM"}


def test_the_migration_loads_every_district(db_session) -> None:
    assert db.session.execute(text("SELECT count(*) FROM outcode")).scalar() == 2856
    council, country = db.session.execute(
        text("SELECT admin_district, country FROM outcode WHERE outward = 'CH7'")
    ).one()
    assert (council, country) == ("Flintshire", "WLS")


@pytest.mark.parametrize(("query", "district"), [("M1 1AE", "M1"), ("SW1A 1AA", "SW1A"), ("sw1a", "SW1A")])
def test_a_real_postcode_we_do_not_hold_finds_centres_from_its_district(
    finder, pages, query, district
) -> None:
    page = pages.get(f"/centres?q={query}")
    assert page.title.startswith(f"Reporting centres near {district}")
    assert f"Distances are from the middle of the {district} postcode area." in page.text
    assert len(page.select("li", class_="st-centres__item")) == 10


def test_a_hyphenated_postcode_is_understood(finder, pages) -> None:
    page = pages.get("/centres?q=CH1-3BA")
    assert page.title.startswith("Reporting centres near CH1 3BA")


def test_far_away_the_page_first_offers_reporting_without_travelling(finder, pages) -> None:
    page = pages.get("/centres?q=SW1A+1AA")
    text_ = page.text
    notice = text_.index("The nearest reporting centre is")
    assert notice < text_.index("centres, nearest first")
    assert "report hate crime online" in text_ and "talk to a national support line" in text_
    links = page.links()
    assert links["report hate crime online"] == "/report"
    assert links["talk to a national support line"] == "/support"
    near = pages.get("/centres?q=CH1+3BA")
    assert "The nearest reporting centre is" not in near.text


def test_the_published_file_loads_with_the_same_corrections_as_the_shipped_one(
    app, db_session, test_data
) -> None:
    db.session.execute(text("DELETE FROM outcode WHERE outward <> 'W1M'"))
    result = app.test_cli_runner().invoke(
        args=["import-outcodes", str(test_data / "geo" / "outcode_centroids_gibbs_cc0.csv")]
    )
    assert result.exit_code == 0, result.output
    # W1M is in the published file but no longer a postcode district (the parser's format rules refuse it).
    assert "2,855 postcode districts loaded (2,856 rows read, 1 skipped)" in result.output
    shipped = {row["outward"]: (row["admin_district"] or None, row["country"]) for row in _read(SHIPPED)}
    del shipped["W1M"]
    loaded = dict(
        (
            (outward, (district, country))
            for outward, district, country in db.session.execute(
                text("SELECT outward, admin_district, country FROM outcode WHERE outward <> 'W1M'")
            )
        )
    )
    assert loaded == shipped
