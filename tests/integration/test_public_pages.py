"""Every public page (tests/public_pages.py) in every language: the frame, lang and dir, and the switcher."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import axe_playwright_python
import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.main.routes import STATEMENT_DATE
from app.report import journey
from tests.conftest import frozen_clock
from tests.pages import PageClient
from tests.public_pages import (
    LANGUAGES,
    PAGES,
    REPORT_STEPS,
    RTL,
    demo_data,
    every_page,
    give_draft,
    longest_answers,
)


@pytest.fixture(scope="module")
def client(app: Flask) -> Iterator[FlaskClient]:
    languages = app.config["LANGUAGES"]
    app.config["LANGUAGES"] = LANGUAGES
    try:
        # Finder and directory pages show opening-hours status, which depends on the time.
        with frozen_clock(), demo_data(app):
            yield app.test_client()
    finally:
        app.config["LANGUAGES"] = languages


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_public_page_in_every_language(client: FlaskClient, lang: str) -> None:
    pages = PageClient(client)
    seen = []
    for name, url in every_page(client, lang):
        page = pages.get(url, status=404 if name == "not found" else 200)  # valid, one h1, no inline code…
        html = page.doc if page.doc.tag == "html" else page.doc.find(".//html")
        assert html.get("lang") == lang, f"{name}: lang"
        assert html.get("dir") == ("rtl" if lang in RTL else "ltr"), f"{name}: dir"
        # Exit this page and the emergency numbers on every page.
        assert page.select("a", class_="govuk-exit-this-page__button"), f"{name}: no Exit this page"
        assert page.select("div", class_="st-emergency"), f"{name}: no emergency numbers"
        # The switcher offers every other language, for this same page.
        switcher = {
            a.get("hreflang"): a.get("href") for a in page.select("a", class_="st-lang-switcher__link")
        }
        assert set(switcher) == set(LANGUAGES) - {lang}, f"{name}: switcher offers {sorted(switcher)}"
        if name != "not found":
            path = urlsplit(url).path
            for code, href in switcher.items():
                target = urlsplit(href)
                assert target.path == path, f"{name}: the {code} link goes to {target.path}"
                assert parse_qs(target.query)["lang"] == [code]
        seen.append(name)
    assert set(PAGES) <= set(seen)
    assert {f"report step {step}" for step in REPORT_STEPS} <= set(seen)


def test_user_text_is_isolated_from_the_page_direction(client: FlaskClient) -> None:
    """Latin postcodes and answers in an Urdu page (and Urdu answers in an English one) read right."""
    finder = client.get("/centres?q=CH1+3BA&lang=ur").get_data(as_text=True)
    assert "<bdi>CH1 3BA</bdi>" in finder
    choices = client.get("/centres?q=Newport&lang=ur").get_data(as_text=True)
    assert "<bdi>Newport</bdi>" in choices
    answers = longest_answers()
    answers.done = [step.name for step in journey.applicable(answers)]
    give_draft(client, answers)
    html = client.get("/report/check-answers?lang=ur").get_data(as_text=True)
    assert html.count('<div dir="auto">') >= 10
    assert '<div dir="auto">Outside the bakery</div>' in html


def test_accessibility_statement_names_what_the_tests_run(client: FlaskClient) -> None:
    """The statement is true: the axe-core version of our browser tests, and its review date."""
    header = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()[:200]
    version = re.search(r"axe v(\d+\.\d+\.\d+)", header)
    assert version, "cannot read the axe-core version"
    page = PageClient(client).get("/accessibility?lang=en")
    assert f"axe-core {version.group(1)}" in page.text
    assert "English, Welsh, Polish and Urdu" in page.text
    assert f"last reviewed on {STATEMENT_DATE.day} {STATEMENT_DATE:%B %Y}" in page.text
