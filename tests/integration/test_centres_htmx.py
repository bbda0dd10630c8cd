"""With JavaScript on, an HTMX search leaves the page as a full load would: the error beside the box
and in the summary, the language links for the new address, the title, one short announcement, and
the person's coordinates only while the results are near them."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask

from tests.fakes.finder_data import committed
from tests.pages import parse

HX = {"HX-Request": "true"}


@pytest.fixture(scope="module")
def _finder_data(app: Flask, test_data, tmp_path_factory) -> Iterator[None]:
    with committed(app, test_data, tmp_path_factory.mktemp("htmx"), libraries=True, examples=True):
        yield


@pytest.fixture
def finder(_finder_data, db_session) -> None:
    """Cheshire's libraries, the example centres and the GeoNames places around Cheshire."""


def _fragment(client, url: str):
    response = client.get(url, headers=HX, follow_redirects=True)
    assert response.status_code == 200
    return response, parse(f"<div>{response.get_data(as_text=True)}</div>")


def _oob(doc, element_id: str):
    (found,) = [e for e in doc.iter() if e.get("id") == element_id and e.get("hx-swap-oob")]
    return found


def _text(element) -> str:
    return " ".join(" ".join(element.itertext()).split())


def test_an_error_shows_beside_the_box_and_in_the_summary(finder, client) -> None:
    _response, doc = _fragment(client, "/centres?q=CH1+3&search=")
    box = _oob(doc, "finder-q")
    assert "Error: Enter a full postcode, like CH1 2HS, or the first part, like CH1" in _text(box)
    assert box.find(".//input[@id='q']").get("value") == "CH1 3"
    summary = _oob(doc, "finder-errors")
    assert "There is a problem" in _text(summary) and summary.find(".//a[@href='#q']") is not None
    assert len([e for e in doc.iter() if "govuk-error-summary" in (e.get("class") or "").split()]) == 1


def test_the_language_links_follow_the_new_results(finder, client) -> None:
    _response, doc = _fragment(client, "/centres?q=CH1+3BA")
    switcher = _oob(doc, "st-lang-switcher")
    links = {a.get("lang"): a.get("href") for a in switcher.iter("a")}
    assert parse_qs(urlsplit(links["cy"]).query) == {"q": ["CH1 3BA"], "lang": ["cy"]}


def test_only_the_count_is_announced_and_clearing_the_box_resets_the_title(finder, client) -> None:
    _response, doc = _fragment(client, "/centres?q=CH1+3BA")
    status = _oob(doc, "centre-status")
    assert status.get("hx-swap-oob") == "innerHTML" and _text(status) == "10 centres near CH1 3BA"
    assert not [
        e for e in doc.iter() if e.get("aria-live") or (e.get("role") == "status" and e is not status)
    ]
    _response, cleared = _fragment(client, "/centres?q=")
    (titled,) = [e for e in cleared.iter() if e.get("data-st-title")]
    assert titled.get("data-st-title").startswith("Find a reporting centre – ")
    assert _text(_oob(cleared, "centre-status")) == ""


def test_coordinates_are_dropped_once_a_place_is_typed(finder, client) -> None:
    located, doc = _fragment(client, "/centres?near=1&lat=53.1998&lon=-2.8769")
    assert "Reporting centres near your location, near Hoole, Chester" in _text(doc)
    values = {i.get("name"): i.get("value") for i in _oob(doc, "finder-location").iter("input")}
    assert values == {"lat": "53.1998", "lon": "-2.8769"}
    assert "lat=53.1998" in located.headers["HX-Push-Url"]
    typed, doc = _fragment(client, "/centres?q=Northwich&lat=53.1998&lon=-2.8769")
    assert typed.headers["HX-Push-Url"] == "/centres?q=Northwich"
    assert {i.get("name"): i.get("value") for i in _oob(doc, "finder-location").iter("input")} == {
        "lat": "",
        "lon": "",
    }
    assert [a.get("href") for a in doc.iter("a") if "lat=" in (a.get("href") or "")] == []
    assert "Reporting centres near Northwich" in _text(doc)


def test_without_javascript_the_page_says_where_it_placed_the_person(finder, pages) -> None:
    page = pages.get("/centres?near=1&lat=53.1998&lon=-2.8769")
    assert page.title.startswith("Reporting centres near your location, near Hoole, Chester")
    typed = pages.get("/centres?q=Northwich&lat=53.1998&lon=-2.8769", follow_redirects=True)
    assert [i.get("value") for i in typed.select("input", name="lat")] == [""]
    assert not [href for href in typed.links().values() if "lat=" in href]
