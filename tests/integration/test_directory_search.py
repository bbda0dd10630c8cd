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
ADVOCACY = "Example: Cheshire West disability hate crime advocacy"
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
    """The names of the services listed (each result's heading)."""
    return [
        " ".join(" ".join(item.find(".//h3").itertext()).split()).removesuffix(" Example")
        for item in page.select("li", class_="st-service")
    ]


def every_page(pages, url: str) -> list:
    """Each page of results, following "Next page" as a person would."""
    found = [pages.get(url)]
    while "Next page" in found[-1].links():
        found.append(pages.get(found[-1].links()["Next page"]))
    return found


def group(item: str, place: str) -> int:
    """Which group a result says it belongs to: 0 local, 1 national (or for its nation), 2 area unknown."""
    if f"Covers {place}." in item:
        return 0
    if f"Covers {place} (" in item:
        return 1
    assert "ask them whether they cover" in item, item
    return 2


def test_a_place_gets_local_services_then_national_then_those_whose_area_is_unknown(pages) -> None:
    # Every service that covers the place comes before any national line, whether its area is a polygon
    # (the hub) or the council the geocoder found for the postcode (the advocacy service): a person in
    # Chester wants the people who work in Chester first, and the national lines are on every search.
    listing = every_page(pages, "/support?where=CH1+3BA")
    found = [name for page in listing for name in names(page)]
    items = [
        " ".join(" ".join(li.itertext()).split())
        for page in listing
        for li in page.select("li", class_="st-service")
    ]
    groups = [group(item, "CH1 3BA") for item in items]
    assert groups == sorted(groups), list(zip(found, groups, strict=True))
    local = [name for name, number in zip(found, groups, strict=True) if number == 0]
    assert local == [HUB, ADVOCACY], "the hub (nearest, with an address) then the council's service"
    assert found[-1] == UNKNOWN, "a service with no recorded area comes last, not first"
    national = [name for name, number in zip(found, groups, strict=True) if number == 1]
    assert "Samaritans" in national and "Victim Support Supportline" in national
    assert "Covers CH1 3BA (national service)." in items[found.index("Samaritans")]
    assert "Area not recorded: ask them whether they cover CH1 3BA." in items[-1]


def test_services_for_some_nations_show_only_in_those_nations(pages) -> None:
    england = [n for page in every_page(pages, "/support?where=CH1+3BA") for n in names(page)]
    wales = [n for page in every_page(pages, "/support?where=CH7+2NN") for n in names(page)]
    assert "Wales Hate Support Centre" in wales and "Wales Hate Support Centre" not in england
    assert "Victim Support Supportline" in wales and "Victim Support Supportline" in england
    page = every_page(pages, "/support?where=CH7+2NN&type=reporting")[0]
    assert "Covers CH7 2NN (service for Wales)." in item_text(page, "Wales Hate Support Centre")
    support = item_text(pages.get("/support?where=CH7+2NN&q=Victim"), "Victim Support Supportline")
    assert "Covers CH7 2NN (service for England and Wales)." in support
    service = pages.get(f"/support/{demo._id('service:victim-support')}")
    assert "Anywhere in England and Wales" in service.text


@time_machine.travel(datetime(2026, 11, 30, 11, 0, tzinfo=hours.LONDON), tick=False)
def test_national_lines_with_published_hours_count_as_open_now(pages) -> None:
    open_now = names(pages.get("/support?open_now=y&q=line"))
    assert "Galop LGBT+ hate crime helpline" in open_now  # Mo-Fr 10:00-16:00
    assert "CST: report antisemitism" in names(pages.get("/support?open_now=y&q=antisemitism"))  # 24 hours
    assert "Citizens Advice Adviceline" in names(pages.get("/support?open_now=y&q=Citizens"))
    assert "Samaritans Welsh-language line (Llinell Gymraeg)" not in names(
        pages.get("/support?open_now=y&q=Welsh")
    )


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


def item_text(page, name: str) -> str:
    """What a person reads in one result."""
    for item in page.select("li", class_="st-service"):
        text = " ".join(" ".join(item.itertext()).split())
        if name in text:
            return text
    raise AssertionError(f"{name} is not listed")


def test_free_text_search_on_the_page(pages) -> None:
    assert names(pages.get("/support?q=samaritans")) == [
        "Samaritans",
        "Samaritans Welsh-language line (Llinell Gymraeg)",
    ]
    assert names(pages.get("/support?q=Chester+hate")) == [HUB]


def test_results_near_a_place_show_distance_summary_and_whole_sentences(pages) -> None:
    page = pages.get("/support?where=CH1+3BA")
    hub = item_text(page, HUB)
    assert "Less than 1 km away" in hub
    assert "A drop-in and phone service helping people in and around Chester" in hub
    assert "Languages: English, Polish, Urdu. You can stay anonymous." in hub
    assert "km away" not in item_text(page, "Samaritans"), "no location, no distance"


def test_a_shared_link_survives_data_changes_and_bad_values_get_our_message(pages) -> None:
    unused = next(
        code for code in demo.vocab.SUPPORT_TYPES if code not in queries.filter_terms("support_type")
    )
    page = pages.get(f"/support?type={unused}")
    assert not page.title.startswith("Error"), "a known filter nobody offers now is not an error"
    assert "No services match all of these filters." in page.text
    broken = pages.get("/support?strand=nonsense&type=nonsense")
    assert broken.title.startswith("Error: ")
    assert "Choose who the support is for from the list" in broken.text
    assert "Choose types of support from the list" in broken.text
    assert "Not a valid choice" not in broken.text


def test_an_empty_result_says_which_filter_to_remove_and_shows_the_national_lines(pages) -> None:
    page = pages.get("/support?strand=disability&type=legal-advice")
    assert "No services match all of these filters." in page.text
    links = page.links()
    assert links["Remove: Disability"] == "/support?type=legal-advice"
    assert links["Remove: Legal advice"] == "/support?strand=disability"
    assert "Samaritans" in links and "Victim Support Supportline" in links


def test_a_service_page_back_link_returns_to_the_same_search(pages) -> None:
    listing = pages.get("/support?strand=disability&where=CH1+3BA")
    service = pages.get(
        listing.links()[HUB] if HUB in listing.links() else listing.links()[names(listing)[0]]
    )
    assert service.links()["Back"] == "/support?strand=disability&where=CH1+3BA"


def test_english_data_on_other_language_pages_is_marked_english(pages) -> None:
    page = pages.get("/support?lang=cy")
    link = next(a for a in page.doc.iter("a") if "".join(a.itertext()) == "Samaritans")
    assert link.get("lang") == "en"
    english = pages.get("/support?lang=en")
    link = next(a for a in english.doc.iter("a") if "".join(a.itertext()) == "Samaritans")
    assert link.get("lang") is None
