"""/support through the real geocoder and postcode table: the order of results for a place, and status
beating opening hours."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import time_machine

from app import hours
from app.directory import demo, queries
from app.directory.openreferral import OrganisationRecord, ServiceRecord
from app.geo.importers import import_postcodes

HUB = "Example: Chester hate crime support hub"
WELSH = "Example: Welsh-language listening line, Wrexham"
UNKNOWN = "Aardvark advice (area not recorded)"
CODEPOINT = "geo/codepoint_open_2014_CH_CW_WA_SK_sample.csv"


@pytest.fixture(autouse=True)
def directory(db_session, test_data: Path):
    import_postcodes(test_data / CODEPOINT)
    demo.seed()
    organisation = OrganisationRecord(demo._id("org:aardvark"), "Aardvark advice", "Advice.")
    queries.save_service(ServiceRecord(demo._id("service:aardvark"), organisation, UNKNOWN, "active"))
    return db_session


def names(page) -> list[str]:
    return [" ".join(" ".join(h.itertext()).split()).removesuffix(" Example") for h in page.select("h3")]


def test_a_place_gets_local_services_then_national_then_those_whose_area_is_unknown(pages) -> None:
    page = pages.get("/support?where=CH1+3BA")
    found = names(page)
    assert found[0] == HUB, "the service whose area covers the postcode comes first"
    assert found[-1] == UNKNOWN, "a service with no recorded area comes last, not first"
    assert "Samaritans" in found[1:-1] and "Victim Support Supportline" in found[1:-1]
    items = [" ".join(" ".join(li.itertext()).split()) for li in page.select("li", class_="st-service")]
    assert "Covers CH1 3BA." in items[0]
    assert "Covers CH1 3BA (national service)." in items[1]
    assert "Area not recorded: ask them whether they cover CH1 3BA." in items[-1]


@time_machine.travel(datetime(2026, 11, 30, 19, 0, tzinfo=hours.LONDON), tick=False)
def test_a_temporarily_closed_service_is_never_open_now(pages) -> None:
    # Monday 19:00: inside the Welsh line's hours (Mo,We 18:00-21:00), but the service is closed for now.
    page = pages.get("/support?language=cy")
    item = next(
        " ".join(" ".join(li.itertext()).split())
        for li in page.select("li", class_="st-service")
        if WELSH in " ".join(li.itertext())
    )
    assert "Temporarily closed" in item and "Open now" not in item
    assert WELSH not in names(pages.get("/support?open_now=y"))
    assert "Samaritans" in names(pages.get("/support?open_now=y")), "open lines still pass the filter"
