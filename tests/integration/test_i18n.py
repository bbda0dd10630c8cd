"""Locale from an explicit choice, then the cookie, then Accept-Language, then English; lang and dir."""

from __future__ import annotations

from tests.conftest import make_app
from tests.pages import PageClient, check_page


def test_explicit_choice_sets_lang_and_is_remembered(pages: PageClient) -> None:
    page = pages.get("/hate-crime?lang=cy")
    assert page.doc.get("lang") == "cy" and page.doc.get("dir") == "ltr"
    assert any(c.startswith("lang=cy") for c in page.response.headers.getlist("Set-Cookie"))
    assert pages.get("/hate-crime").doc.get("lang") == "cy", "the cookie keeps the choice"
    assert pages.get("/hate-crime?lang=en").doc.get("lang") == "en"


def test_browser_language_is_used_when_nothing_was_chosen(pages: PageClient) -> None:
    assert pages.get("/", headers={"Accept-Language": "cy-GB,cy;q=0.9,en;q=0.5"}).doc.get("lang") == "cy"
    assert pages.get("/", headers={"Accept-Language": "de-DE"}).doc.get("lang") == "en"


def test_unknown_language_falls_back_to_english(pages: PageClient) -> None:
    assert pages.get("/?lang=xx").doc.get("lang") == "en"


def test_switcher_keeps_the_place_and_marks_the_current_language(pages: PageClient) -> None:
    page = pages.get("/privacy?lang=en")
    switch = page.select("a", hreflang="cy")[0]
    assert switch.get("href").startswith("/privacy?") and "lang=cy" in switch.get("href")
    assert page.select("span", aria_current="true")[0].text == "English"


def test_right_to_left_language_sets_dir_rtl(database_url: str) -> None:
    app = make_app(database_url, LANGUAGES=["en", "cy", "ur"])
    page = check_page(app.test_client().get("/?lang=ur"))
    assert page.doc.get("lang") == "ur" and page.doc.get("dir") == "rtl"
    urdu_link = page.select("span", aria_current="true")[0]
    assert urdu_link.get("dir") == "rtl" and urdu_link.get("lang") == "ur"


def test_switcher_stays_on_the_page_when_a_query_parameter_repeats_a_path_argument(pages: PageClient) -> None:
    page = pages.get("/report/reporting-as?name=something-else&lang=en")
    switch = page.select("a", hreflang="cy")[0]
    assert switch.get("href").startswith("/report/reporting-as?")
    assert "lang=cy" in switch.get("href")
