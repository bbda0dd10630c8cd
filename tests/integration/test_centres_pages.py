"""The finder as people use it: a plain GET form without JavaScript, the HTMX fragment, messages, the map."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask

from tests.fakes.finder_data import committed
from tests.pages import parse
from tests.weight import page_weight

BUDGET_HTML_CSS = 14 * 1024
BUDGET_JS = 20 * 1024


@pytest.fixture(scope="module")
def _finder_data(app: Flask, test_data, tmp_path_factory) -> Iterator[None]:
    # Libraries and the example centres (the gazetteer is filled first, so the demo adds no places).
    with committed(app, test_data, tmp_path_factory.mktemp("finder"), libraries=True, examples=True):
        yield


@pytest.fixture
def finder(_finder_data, db_session) -> None:
    """Each test still runs in its own rolled-back transaction on top of the module's data."""


def _results(page) -> list:
    return [li for li in page.select("li", class_="st-centres__item")]


def test_the_empty_finder_is_a_plain_get_form(finder, pages) -> None:
    page = pages.get("/centres")
    assert page.h1 == "Find a reporting centre"
    (form,) = [f for f in page.doc.iter("form") if f.get("action") == "/centres"]
    assert form.get("method") == "get" and form.get("novalidate") is not None
    assert page.select("input", name="q")
    (locate,) = page.select("button", name="near")
    assert locate.get("hidden") is not None  # shown only by locate.js when geolocation exists
    assert not _results(page)


def test_a_postcode_search_lists_the_nearest_centres_with_everything_needed_to_go(finder, pages) -> None:
    page = pages.get("/centres?q=ch1+3ba")
    assert page.title.startswith("Reporting centres near CH1 3BA")
    region = page.doc.find(".//div[@id='centre-results']")
    assert region is not None and region.get("aria-live") is None  # the list is never a live region
    status = page.doc.find(".//p[@id='centre-status']")
    assert status.get("role") == "status" and status.text == "10 centres near CH1 3BA"
    items = _results(page)
    assert len(items) == 10
    first = " ".join(" ".join(items[0].itertext()).split())
    assert first.startswith("Chester Community Hub")  # the example centre at CH1 3BA itself
    assert "Less than 0.1 miles away" in first and "Example" in first
    distances = [
        float(re.search(r"([\d.]+) miles? away", " ".join(li.itertext())).group(1)) for li in items[1:]
    ]
    assert distances == sorted(distances)
    library = " ".join(" ".join(items[1].itertext()).split())
    assert "Opening times" in library and "Details last checked" in library
    links = [a.get("href") for a in items[0].iter("a")]
    assert any(href.startswith("tel:+441244") for href in links)
    assert any(
        href.startswith("https://www.openstreetmap.org/directions?route=%3B53.19435") for href in links
    )
    assert items[1].find(".//details") is not None


def test_htmx_gets_only_the_results_and_the_url_is_pushed(finder, client) -> None:
    response = client.get("/centres?q=Northwich&radius=", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert "<html" not in html and "<form" not in html
    assert response.headers["HX-Push-Url"] == "/centres?q=Northwich"  # empty fields add nothing
    assert 'data-st-title="Reporting centres near Northwich' in html
    assert "HX-Request" in response.headers.get("Vary", "")
    doc = parse(html)
    assert len([li for li in doc.iter("li") if li.get("class") == "st-centres__item"]) == 10


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("CH1 3", "Enter a full postcode, like CH1 2HS, or the first part, like CH1"),
        ("CH9 1AA", "CH9 1AA is not a UK postcode. Check it, or enter your town or city instead"),
        ("CH25 1AA", "CH25 1AA is a postcode for PO boxes or large organisations, so it has no place"),
        ("Qwzxvq", "We could not find a place called Qwzxvq"),
        ("", "Enter a postcode, or the name of a town or city"),
    ],
)
def test_a_search_that_cannot_go_ahead_says_why_beside_the_box(finder, pages, query, message) -> None:
    page = pages.get(f"/centres?q={query}&search=")
    assert page.title.startswith("Error: ")
    assert message in page.text
    summary_links = [a for a in page.doc.iter("a") if a.get("href") == "#q"]
    assert summary_links, "the error summary links to the search box"
    fragment = pages.fragment(f"/centres?q={query}&search=")
    assert fragment.find(".//*[@class='govuk-error-summary']") is not None


def test_an_ambiguous_place_asks_which_one_and_each_link_searches_there(finder, pages) -> None:
    page = pages.get("/centres?q=eccleston")
    assert page.title.startswith("Which place did you mean?")
    choices = [a for a in page.doc.iter("a") if (a.get("href") or "").startswith("/centres?q=Eccleston")]
    assert len(choices) == 2
    for link in choices:
        chosen = pages.get(link.get("href"))
        assert chosen.title.startswith("Reporting centres near Eccleston")
        assert len(_results(chosen)) == 10


def test_nothing_within_the_radius_offers_any_distance(finder, pages) -> None:
    page = pages.get("/centres?lat=53.30&lon=-3.19&radius=1")
    assert "There are no centres within 1 mile of your location" in page.text or "within 1 miles" in page.text
    assert "Show the nearest centres at any distance" in page.links()
    wider = pages.get(page.links()["Show the nearest centres at any distance"])
    assert len(_results(wider)) == 10


def test_filters_narrow_the_list(finder, pages) -> None:
    page = pages.get("/centres?q=CH1+3BA&language=cy")
    names = [" ".join(li.find(".//h3").itertext()).strip() for li in _results(page)]
    assert names == ["Mold Community Centre"]  # the one example centre whose staff speak Welsh


def test_typed_text_beats_coordinates_left_over_from_an_earlier_location_search(finder, pages) -> None:
    page = pages.get("/centres?q=Northwich&lat=53.19&lon=-2.89", follow_redirects=True)
    assert page.title.startswith("Reporting centres near Northwich")
    located = pages.get("/centres?q=Northwich&lat=53.19&lon=-2.89&near=1")
    assert located.title.startswith("Reporting centres near your location")


def test_the_detail_page_shows_the_week_and_marks_examples(finder, pages) -> None:
    page = pages.get("/centres/example-mold-community-centre?q=CH7+4YF")
    assert page.h1 == "Mold Community Centre"
    assert "It is not a real reporting centre" in page.text
    assert len(page.select("tr")) == 8  # header + 7 days
    assert page.links()["Back"] == "/centres?q=CH7+4YF"
    pages.get("/centres/no-such-centre", status=404)


def test_show_map_adds_a_titled_iframe_whose_document_needs_no_inline_script(finder, pages, client) -> None:
    page = pages.get("/centres?q=CH1+3BA&map=1")
    (frame,) = page.doc.iter("iframe")
    assert frame.get("title") == "Map of the centres listed below"
    assert frame.get("src") == "/centres/map?q=CH1+3BA"
    document = client.get(frame.get("src"))
    assert document.status_code == 200
    policy = document.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "img-src 'self' data: https://tile.openstreetmap.org" in policy
    doc = parse(document.get_data(as_text=True))
    scripts = list(doc.iter("script"))
    assert scripts and all(s.get("src") and not (s.text or "").strip() for s in scripts)
    assert not list(doc.iter("style")) and not [e for e in doc.iter() if e.get("style")]
    srcs = [s.get("src") for s in scripts] + [link.get("href") for link in doc.iter("link")]
    assert all(src.startswith("/") for src in srcs), "Leaflet comes from our own static files, no CDN"
    script = client.get(scripts[-1].get("src"))
    assert script.mimetype == "text/javascript"
    js = script.get_data(as_text=True)
    assert js.count("L.marker(") == 10 and "bindPopup" in js and "$(" not in js
    assert "53.194354" in js  # the first centre's position


def test_results_pages_stay_within_the_page_weight_budget(finder, client) -> None:
    for url in (
        "/centres",
        "/centres?q=CH1+3BA",
        "/centres?q=CH1+3BA&map=1",
        "/centres/example-mold-community-centre",
    ):
        weight = page_weight(client, url)
        assert weight.html_css <= BUDGET_HTML_CSS, (url, weight)
        assert weight.js <= BUDGET_JS, (url, weight)


def test_only_the_map_document_sends_a_referrer_and_then_only_our_origin(finder, client) -> None:
    # OpenStreetMap's tile policy requires a referrer; everything else keeps no-referrer.
    document = client.get("/centres/map?q=CH1+3BA")
    assert document.status_code == 200
    assert document.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    for url in ("/centres?q=CH1+3BA", "/centres/map.js?q=CH1+3BA", "/centres/example-mold-community-centre"):
        assert client.get(url).headers["Referrer-Policy"] == "no-referrer", url
