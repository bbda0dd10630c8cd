"""The home page, information pages and error pages, in English and Welsh."""

from __future__ import annotations

import pytest

from tests.pages import PageClient

INFO_PAGES = ["/hate-crime", "/ways-to-report", "/after-you-report", "/privacy", "/cookies", "/accessibility"]


def test_home_page_offers_three_ways_in(pages: PageClient) -> None:
    page = pages.get("/")
    links = page.links()
    assert links["Find a reporting centre near you"] == "/centres"
    assert links["Report online"] == "/report"
    assert links["Get support"] == "/support"
    assert "In danger now? Call 999." in page.text
    assert "Not an emergency? Call 101." in page.text


@pytest.mark.parametrize("url", ["/", *INFO_PAGES])
def test_every_page_has_the_frame(pages: PageClient, url: str) -> None:
    page = pages.get(url)
    assert page.select("a", href="#main-content"), "skip link"
    exit_links = [a for a in page.doc.iter("a") if a.get("href") == "/exit"]
    assert len(exit_links) == 2, "Exit this page button and its secondary skip link"
    footer_links = page.links()
    for name in ("Privacy", "Cookies", "Accessibility statement"):
        assert name in footer_links
    assert page.select("main", id="main-content")


def test_hate_crime_page_explains_strands_and_belonging(pages: PageClient) -> None:
    text = pages.get("/hate-crime").text
    for strand in (
        "race or ethnicity",
        "religion or belief",
        "sexual orientation",
        "disability",
        "transgender identity",
    ):
        assert strand in text
    assert "You do not have to belong to the group" in text


def test_contact_numbers_and_names_come_from_configuration(app, pages: PageClient) -> None:
    app.config.update(
        EMERGENCY_NUMBER="112", NON_EMERGENCY_NUMBER="0300 123 4567", ORGANISATION_NAME="Test Force"
    )
    try:
        page = pages.get("/ways-to-report")
        assert "Call 112 if someone is in danger now" in page.text
        assert "Call the police on 0300 123 4567." in page.text
        assert "Run by Test Force." in page.text
    finally:
        app.config.update(EMERGENCY_NUMBER="999", NON_EMERGENCY_NUMBER="101")


@pytest.mark.parametrize(
    ("method", "url", "status", "heading"),
    [
        ("get", "/no-such-page", 404, "Page not found"),
        ("post", "/", 405, "Sorry, that cannot be done here"),
        ("get", "/_test/boom", 500, "Sorry, there is a problem with the service"),
    ],
)
def test_error_pages_use_the_layout(app, client, method: str, url: str, status: int, heading: str) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False
    pages = PageClient(client)
    page = pages.post(url, status=status) if method == "post" else pages.get(url, status=status)
    assert page.h1 == heading
    assert "In danger now? Call 999." in page.text
    if status == 405:
        assert "GET" in page.response.headers["Allow"]


def test_welsh_pages_are_welsh(pages: PageClient) -> None:
    page = pages.get("/?lang=cy")
    assert page.doc.get("lang") == "cy"
    assert page.h1 and page.h1 != "Report hate crime and get support"
    not_found = pages.get("/no-such-page?lang=cy", status=404)
    assert not_found.doc.get("lang") == "cy"
    assert not_found.h1 != "Page not found"


def test_information_pages_are_rendered_once_per_language_and_stay_right(app, pages: PageClient) -> None:
    """Kept after the first request (app/page_cache.py), yet what a person sees is the page of their
    language, with the language switcher for the page they are on."""
    kept = app.extensions.get("page_cache")
    if kept is not None:
        kept.clear()
    first = pages.get("/hate-crime")
    again = pages.get("/hate-crime")
    assert again.text == first.text
    welsh = pages.get("/hate-crime?lang=cy")
    assert welsh.doc.get("lang") == "cy"
    assert welsh.text != first.text
    assert pages.get("/hate-crime?lang=en").links()["Cymraeg"] == "/hate-crime?lang=cy"
    kept = app.extensions["page_cache"]
    assert kept.hits >= 1 and kept.misses == 3, (kept.hits, kept.misses)
    # Any other query is rendered afresh, not kept (made-up queries cannot crowd the cache).
    pages.get("/hate-crime?utm_source=x")
    assert kept.misses == 3


def test_every_setting_a_kept_page_shows_is_in_its_cache_key() -> None:
    """A setting shown in the frame or a kept page (information, finder, directory) but missing from
    the key would be served from a page rendered before it changed."""
    import re
    from pathlib import Path

    from app.page_cache import SHOWN_SETTINGS

    root = Path(__file__).resolve().parents[2] / "templates"
    kept = ("components", "main", "centres", "directory")
    files = [root / "base.html", *(f for folder in kept for f in (root / folder).glob("*.html"))]
    shown = {name for f in files for name in re.findall(r"config\.([A-Z_]+)", f.read_text())}
    assert shown <= set(SHOWN_SETTINGS), shown - set(SHOWN_SETTINGS)
