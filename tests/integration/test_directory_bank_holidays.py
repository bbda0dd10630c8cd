"""/support and a service's page keep the bank holidays of the nation each service is in (from its
address, drawn area or council), and for a UK-wide line those of the person's place, else only the days
the whole UK keeps. Places through the real geocoder, postcode table and shipped district table."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from pathlib import Path

import pytest
import time_machine

from app import bank_holidays, hours
from app.directory import demo, queries
from app.directory.openreferral import OrganisationRecord, ServiceRecord
from app.directory.openreferral.records import ChannelRecord, LocationRecord
from app.geo.importers import import_postcodes

CODEPOINT = "geo/codepoint_open_2014_CH_CW_WA_SK_sample.csv"
WEEKDAYS = "Mo-Fr 09:00-17:00; PH off"
GALOP = "Galop LGBT+ hate crime helpline"  # UK-wide, "Mo-Fr 10:00-16:00; PH off", no address
# Somewhere inside Edinburgh, drawn as a service's area (no address).
EDINBURGH_AREA = {
    "type": "MultiPolygon",
    "coordinates": [[[[-3.30, 55.90], [-3.10, 55.90], [-3.10, 55.99], [-3.30, 55.99], [-3.30, 55.90]]]],
}


def _id(name: str) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"test:bank-holidays:{name}")


def _service(key: str, name: str, **where) -> ServiceRecord:
    organisation = OrganisationRecord(_id(f"org:{key}"), f"{name} trust", "A test organisation.")
    channel = ChannelRecord(_id(f"channel:{key}"), "phone", "01632 960000", "voice", "", WEEKDAYS)
    return ServiceRecord(_id(key), organisation, name, "active", channels=[channel], **where)


def _address(key: str, postcode: str, latitude: float, longitude: float) -> list[LocationRecord]:
    return [
        LocationRecord(
            _id(f"location:{key}"),
            _id(f"link:{key}"),
            postcode=postcode,
            latitude=latitude,
            longitude=longitude,
        )
    ]


@pytest.fixture(autouse=True)
def directory(db_session, test_data: Path):
    import_postcodes(test_data / CODEPOINT)
    demo.seed()
    for record in (
        _service(
            "edinburgh",
            "Holiday test Edinburgh office",
            local_authorities=["City of Edinburgh"],
            locations=_address("edinburgh", "EH1 1YZ", 55.9500, -3.1900),
        ),
        _service(
            "cardiff",
            "Holiday test Cardiff office",
            local_authorities=["Cardiff"],
            locations=_address("cardiff", "CF10 5AL", 51.4700, -3.1700),
        ),
        _service(
            "belfast",
            "Holiday test Belfast office",
            local_authorities=["Belfast"],
            locations=_address("belfast", "BT1 5GS", 54.5970, -5.9300),
        ),
        _service("glasgow", "Holiday test Glasgow council line", local_authorities=["Glasgow City"]),
        _service(
            "lothian",
            "Holiday test Edinburgh area line",
            area_geojson=json.dumps(EDINBURGH_AREA),
            area_name="Edinburgh",
        ),
    ):
        queries.save_service(record)
    return db_session


def results(pages, url: str) -> dict[str, str]:
    """Each listed service's name and what a person reads in its result."""
    page = pages.get(url)
    found = {}
    for item in page.select("li", class_="st-service"):
        name = " ".join(" ".join(item.find(".//h3").itertext()).split()).removesuffix(" Example")
        found[name] = " ".join(" ".join(item.itertext()).split())
    return found


def main_text(page) -> str:
    return " ".join(" ".join(page.doc.find(".//main").itertext()).split())


@time_machine.travel(datetime(2026, 11, 30, 11, 0, tzinfo=hours.LONDON), tick=False)
def test_st_andrews_day_closes_scottish_services_only(pages) -> None:
    found = results(pages, "/support?q=Holiday+test")
    for scottish in ("Edinburgh office", "Glasgow council line", "Edinburgh area line"):
        assert "Closed now, opens Tuesday 09:00" in found[f"Holiday test {scottish}"], scottish
    for other in ("Cardiff office", "Belfast office"):
        assert "Open now, until 17:00" in found[f"Holiday test {other}"], other
    open_now = results(pages, "/support?q=Holiday+test&open_now=y")
    assert sorted(open_now) == ["Holiday test Belfast office", "Holiday test Cardiff office"]


@time_machine.travel(datetime(2026, 11, 30, 11, 0, tzinfo=hours.LONDON), tick=False)
def test_a_services_page_shows_its_own_nations_bank_holiday(pages) -> None:
    edinburgh = main_text(pages.get(f"/support/{_id('edinburgh')}"))
    assert "Closed now, opens Tuesday 09:00" in edinburgh
    assert "Today (Monday 30 November) (bank holiday) Closed" in edinburgh
    cardiff = main_text(pages.get(f"/support/{_id('cardiff')}"))
    assert "Open now, until 17:00" in cardiff
    assert "Today (Monday 30 November) 09:00 to 17:00" in cardiff and "(bank holiday)" not in cardiff


@time_machine.travel(datetime(2027, 3, 29, 11, 0, tzinfo=hours.LONDON), tick=False)
def test_easter_monday_closes_services_in_wales_and_northern_ireland_not_scotland(pages) -> None:
    found = results(pages, "/support?q=Holiday+test")
    assert "Closed now, opens Tuesday 09:00" in found["Holiday test Cardiff office"]
    assert "Closed now, opens Tuesday 09:00" in found["Holiday test Belfast office"]
    assert "Open now, until 17:00" in found["Holiday test Edinburgh office"]


@time_machine.travel(datetime(2027, 3, 17, 11, 0, tzinfo=hours.LONDON), tick=False)
def test_st_patricks_day_closes_services_in_northern_ireland(pages) -> None:
    found = results(pages, "/support?q=Holiday+test&open_now=y")
    assert "Holiday test Belfast office" not in found
    assert {"Holiday test Cardiff office", "Holiday test Edinburgh office"} <= set(found)


@time_machine.travel(datetime(2026, 11, 30, 11, 0, tzinfo=hours.LONDON), tick=False)
def test_a_uk_wide_line_keeps_the_bank_holidays_of_the_persons_place(pages) -> None:
    # No place: only the days all four nations keep, so St Andrew's Day is an ordinary Monday.
    assert "Open now, until 16:00" in results(pages, "/support?q=Galop")[GALOP]
    # EH1 1YZ is not in the postcode table: the geocoder falls back to the district, which is Scottish.
    assert "Closed now, opens Tuesday 10:00" in results(pages, "/support?q=Galop&where=EH1+1YZ")[GALOP]
    assert GALOP not in results(pages, "/support?q=Galop&where=EH1+1YZ&open_now=y")
    assert "Open now, until 16:00" in results(pages, "/support?q=Galop&where=CH1+3BA")[GALOP]
    # The service's page, opened from the Edinburgh search, says the same and marks the day.
    service = f"/support/{demo._id('service:galop')}"
    scottish = main_text(pages.get(f"{service}?q=Galop&where=EH1+1YZ"))
    assert "Closed now, opens Tuesday 10:00" in scottish
    assert "Today (Monday 30 November) (bank holiday) Closed" in scottish
    anywhere = main_text(pages.get(service))
    assert "Open now, until 16:00" in anywhere and "(bank holiday)" not in anywhere


@time_machine.travel(datetime(2027, 3, 29, 11, 0, tzinfo=hours.LONDON), tick=False)
def test_on_easter_monday_a_uk_wide_line_is_closed_for_chester_open_where_unknown(pages) -> None:
    assert "Closed now, opens Tuesday 10:00" in results(pages, "/support?q=Galop&where=CH1+3BA")[GALOP]
    assert "Open now, until 16:00" in results(pages, "/support?q=Galop")[GALOP]
    # A line for England and Wales only keeps their days wherever the person is.
    advice = "Citizens Advice Adviceline"
    assert "Closed now, opens Tuesday 09:00" in results(pages, "/support?q=Citizens")[advice]


def test_uk_wide_days_are_those_all_four_nations_keep() -> None:
    def days(year: int) -> list[date]:
        return [item.day for item in bank_holidays.between("UK", date(year, 1, 1), date(year, 12, 31))]

    assert days(2026) == [
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 5, 4),
        date(2026, 5, 25),
        date(2026, 12, 25),
        date(2026, 12, 28),
    ]
    # 2027: Christmas Day and Boxing Day fall at a weekend; their substitutes are kept everywhere.
    assert days(2027) == [
        date(2027, 1, 1),
        date(2027, 3, 26),
        date(2027, 5, 3),
        date(2027, 5, 31),
        date(2027, 12, 27),
        date(2027, 12, 28),
    ]
