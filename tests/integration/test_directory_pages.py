"""/support: filters alone and combined, area coverage, languages, place messages, HTMX, page weight."""

from __future__ import annotations

import pytest

from app.directory import demo, queries
from app.geo.geocode import GeocodeResult, Place
from tests.weight import page_weight

CHESTER = Place("CH1 2HS", 53.1905, -2.8906, "postcode", "CH1", "Cheshire West and Chester")
LONDON = Place("SW1A 1AA", 51.501, -0.1416, "postcode", "SW1A", "Westminster")
WREXHAM = Place("Wrexham", 53.046, -2.993, "place", None, "Wrexham")
WELSH_LINE = "Samaritans Welsh-language line (Llinell Gymraeg)"
CRIMESTOPPERS = "Crimestoppers: tell them what you know, anonymously"
BSL = "999 BSL: emergency calls in British Sign Language"
NATIONAL = {  # the whole UK
    "Stop Hate UK hate crime reporting line",
    "CST: report antisemitism",
    "Galop LGBT+ hate crime helpline",
    "Samaritans",
    "Samaritans Welsh-language line (Llinell Gymraeg)",
    "Crimestoppers: tell them what you know, anonymously",
    "999 BSL: emergency calls in British Sign Language",
    "emergencySMS: text 999 in an emergency",
}
NATIONS = {  # some nations: with no postcode table here the place's nation is unknown, so "ask them"
    "Tell MAMA: report anti-Muslim hate",
    "Victim Support Supportline",
    "Citizens Advice Adviceline",
    "True Vision: report hate crime to the police online",
    "Wales Hate Support Centre",
}
HUB = "Example: Chester hate crime support hub"
ADVOCACY = "Example: Cheshire West disability hate crime advocacy"
WELSH = "Example: Welsh-language listening line, Wrexham"


@pytest.fixture(autouse=True)
def directory(db_session):
    demo.seed()
    db_session.commit()
    yield db_session
    db_session.rollback()
    queries.remove_services_except(set())
    db_session.commit()


@pytest.fixture
def place(monkeypatch):
    """Stand in for the geocoder: set ``place.result`` to what it should answer."""

    class Fake:
        result = GeocodeResult("found", CHESTER)
        queries: list = []

        def __call__(self, query, lat=None, lon=None):
            self.queries.append((query, lat, lon))
            return self.result

    fake = Fake()
    monkeypatch.setattr("app.geo.geocode.geocode", fake)
    return fake


def names(page) -> list[str]:
    """The names of the services listed (each result's heading)."""
    return [
        " ".join(" ".join(item.find(".//h3").itertext()).split()).removesuffix(" Example")
        for item in page.select("li", class_="st-service")
    ]


def every_name(pages, url: str) -> list[str]:
    """The services listed on every page of a search, following "Next page"."""
    page = pages.get(url)
    found = names(page)
    while "Next page" in page.links():
        page = pages.get(page.links()["Next page"])
        found += names(page)
    return found


def test_without_filters_every_listed_service_shows_with_urgent_help(pages) -> None:
    page = pages.get("/support?page=1")
    assert page.h1 == "Find support"
    assert "Urgent help now" in page.text
    assert {"tel:999", "tel:116123", "tel:08081689111"} <= set(page.links().values())
    assert "16 services found" in page.text
    assert len(names(page)) == 10
    assert "Temporarily closed" in pages.get("/support?page=2").text, (
        "the closed example is listed but says so"
    )


def test_each_result_says_how_to_get_in_touch(pages) -> None:
    page, second = pages.get("/support"), pages.get("/support?page=2")
    links = set(page.links().values()) | set(second.links().values())
    assert {"tel:08001381625", "tel:116123", "mailto:jo@samaritans.org", "sms:07700900123"} <= links
    assert "sms:07717989025" in links, "Stop Hate UK's text line"
    assert "Open 24 hours, every day" in page.text
    assert "Languages: English, Polish, Urdu" in page.text + second.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=legal-advice", {"Citizens Advice Adviceline"}),
        ("strand=disability", {
            "Stop Hate UK hate crime reporting line", ADVOCACY, "Wales Hate Support Centre",
            "True Vision: report hate crime to the police online",
        }),
        ("language=cy", {"Citizens Advice Adviceline", WELSH, WELSH_LINE}),
        ("anonymous=y", {
            "Stop Hate UK hate crime reporting line", "Samaritans", HUB, WELSH,
            WELSH_LINE, CRIMESTOPPERS,
        }),
        ("type=reporting&strand=religion", {
            "Stop Hate UK hate crime reporting line", "Tell MAMA: report anti-Muslim hate",
            "CST: report antisemitism", HUB, "Wales Hate Support Centre",
            "True Vision: report hate crime to the police online",
        }),
        ("type=legal-advice&type=counselling", {"Citizens Advice Adviceline", WELSH}),
        ("strand=religion&anonymous=y&language=ur", {HUB}),
        ("type=housing&strand=disability", set()),
    ],
)  # fmt: skip
def test_filters_alone_and_combined(pages, query, expected) -> None:
    assert set(names(pages.get(f"/support?{query}"))) == expected


def test_a_point_inside_the_example_polygon_gets_the_local_service_first(pages, place) -> None:
    page = pages.get("/support?where=CH1+2HS")
    found = every_name(pages, "/support?where=CH1+2HS")
    assert found[:2] == [HUB, ADVOCACY], "local services covering the point come first"
    assert set(found[2:]) == NATIONAL | NATIONS
    assert WELSH not in found
    assert "Covers CH1 2HS (national service)" in page.text and "Covers CH1 2HS" in page.text
    assert place.queries[-1][0] == "CH1 2HS"


def test_a_point_outside_every_local_area_gets_only_national_services(pages, place) -> None:
    place.result = GeocodeResult("found", LONDON)
    page = pages.get("/support?where=SW1A+1AA")
    assert set(every_name(pages, "/support?where=SW1A+1AA")) == NATIONAL | NATIONS
    assert "13 services for SW1A 1AA" in page.text


def test_a_local_authority_list_covers_its_district(pages, place) -> None:
    place.result = GeocodeResult("found", WREXHAM)
    assert set(every_name(pages, "/support?where=Wrexham")) == NATIONAL | NATIONS | {WELSH}


def test_open_now_keeps_only_lines_that_answer_now(pages, monkeypatch) -> None:
    from datetime import datetime

    from app import hours

    saturday_night = datetime(2026, 11, 28, 23, 0, tzinfo=hours.LONDON)
    monkeypatch.setattr(hours, "now", lambda: saturday_night)
    found = set(every_name(pages, "/support?open_now=y"))
    assert found == {
        "Stop Hate UK hate crime reporting line", "Victim Support Supportline", "Samaritans",
        "CST: report antisemitism", "Wales Hate Support Centre", BSL, CRIMESTOPPERS,
        "emergencySMS: text 999 in an emergency",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("invalid_postcode", "Enter a real postcode, like CH1 2HS"),
        ("postcode_not_found", "We could not find that postcode"),
        ("not_found", "We could not find that place"),
        ("service_unavailable", "We cannot look up places at the moment"),
    ],
)
def test_each_place_problem_gets_a_clear_message_and_results_still_show(
    pages, place, status, message
) -> None:
    place.result = GeocodeResult(status)
    page = pages.get("/support?where=somewhere")
    assert page.title.startswith("Error: ")
    assert message in page.text
    assert page.select("div", class_="govuk-error-summary")
    assert "16 services found" in page.text


def test_several_places_with_one_name_are_offered_as_links(pages, place) -> None:
    place.result = GeocodeResult(
        "ambiguous", choices=(CHESTER, Place("Chester, Pennsylvania", 39.8, -75.4, "place"))
    )
    page = pages.get("/support?where=Chester")
    assert "Which did you mean?" in page.text
    href = page.links()["CH1 2HS"]
    assert "lat=53.19050" in href and "lon=-2.89060" in href


def test_htmx_gets_only_the_results_with_the_new_count_and_title(pages, client) -> None:
    fragment = pages.fragment("/support?strand=disability&type=advocacy")
    text = " ".join(" ".join(fragment.itertext()).split())
    assert "2 services found" in text, text[:200]
    titled = [el for el in fragment.iter() if el.get("data-st-title")]
    assert titled and "2 services found" in titled[0].get("data-st-title")
    status = [el for el in fragment.iter() if el.get("id") == "st-results-status"]
    assert status and status[0].get("hx-swap-oob") == "innerHTML"
    response = client.get("/support?strand=disability&type=advocacy", headers={"HX-Request": "true"})
    assert response.headers["HX-Push-Url"] == "/support?strand=disability&type=advocacy"


def test_the_form_works_without_javascript_and_is_enhanced_with_it(pages) -> None:
    page = pages.get("/support")
    form = page.select("form", method="get")[0]
    assert form.get("action") == "/support" and form.get("novalidate") is not None
    assert form.get("hx-get") == "/support" and form.get("hx-push-url") == "true"
    live = page.select("h2", id="st-results-status")[0]
    assert live.get("aria-live") == "polite"


def test_results_are_paged(pages, directory) -> None:
    from app.directory.openreferral import ServiceRecord

    extra = demo.national_services()[0]
    for n in range(3):
        copy = ServiceRecord(
            **{**extra.__dict__, "id": demo._id(f"extra{n}"), "name": f"Extra {n}", "channels": []}
        )
        queries.save_service(copy)
    directory.commit()
    first = pages.get("/support")
    assert "Page 1 of 2" in first.text and len(names(first)) == 10
    second = pages.get(first.links()["Next page"])
    assert len(names(second)) == 16 + 3 - 10


def test_url_for_options_in_the_address_are_not_part_of_the_search(pages) -> None:
    """``_anchor``, ``_external``, ``_scheme`` and ``_method`` are url_for's own options, not filters."""
    page = pages.get("/support?_anchor=x&_external=1&_scheme=javascript&type=advice")
    next_page = page.links()["Next page"]
    assert next_page == "/support?type=advice&page=2"
    service = pages.get(page.links()[names(page)[0]])
    assert service.links()["Back"] == "/support?type=advice"


def test_service_page_shows_hours_area_and_the_check_note(pages) -> None:
    page = pages.get(f"/support/{demo._id('service:example-chester-hub')}")
    assert page.h1 == HUB
    assert "Example only: this is not a real service" in page.text
    assert "Details last checked on 27 November 2026" in page.text
    assert "Check with the organisation before you rely on them" in page.text
    assert "Chester (example area)" in page.text
    assert "CH1 2HS" in page.text
    assert page.select("table", class_="st-hours")
    national = pages.get(f"/support/{demo._id('service:samaritans')}")
    assert "Anywhere in the UK" in national.text and "Yes, you do not have to give your name" in national.text
    pages.get(f"/support/{demo._id('nothing')}", status=404)


def test_welsh_page_is_welsh_and_rendered(pages) -> None:
    page = pages.get("/support?lang=cy")
    root = page.doc if page.doc.tag == "html" else page.doc.find(".//html")
    assert root.get("lang") == "cy"
    assert "tel:116123" in page.links().values()


def test_directory_page_is_within_the_weight_budget(client) -> None:
    weight = page_weight(client, "/support")
    assert weight.html_css <= 14 * 1024, f"HTML {weight.html} + CSS {weight.css} bytes compressed"


def test_an_edited_service_shows_on_the_next_search_and_service_page(pages, directory) -> None:
    """Kept pages (app/page_cache.py) end when a service changes: the list and its page show the edit."""
    from sqlalchemy import text

    url, name = "/support?strand=race", "Wales Hate Support Centre"
    assert name in names(pages.get(url))
    assert name in names(pages.get(url))  # kept
    service_url = pages.get(url).links()[name]
    assert pages.get(service_url).h1 == name
    directory.execute(
        text("UPDATE directory_service SET name = 'Renamed centre' WHERE name = :name"), {"name": name}
    )
    assert "Renamed centre" in names(pages.get(url)) and name not in names(pages.get(url))
    assert pages.get(service_url).h1 == "Renamed centre"
