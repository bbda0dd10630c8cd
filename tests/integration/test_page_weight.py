"""Low bandwidth, proven: every public page in every language within the slow-link budgets (br/gzip).

Measured at a fixed time (``FIXED_NOW``): a page's size depends on the clock (a centre's "open until" or
"opens on" line differs in length by the hour), and a budget check must give the same answer every run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import frozen_clock
from tests.pages import parse
from tests.public_pages import LANGUAGES, demo_data, every_page
from tests.weight import Weight, page_weight

#: The first round trip on a slow link, with room to spare: HTML and CSS of a page, compressed.
BUDGET_HTML_CSS = 13 * 1024
#: All JavaScript a page loads (including the character count it imports itself), compressed.
BUDGET_JS = 20 * 1024


@pytest.fixture(scope="module")
def client(app: Flask) -> Iterator[FlaskClient]:
    languages = app.config["LANGUAGES"]
    app.config["LANGUAGES"] = LANGUAGES
    try:
        with frozen_clock(), demo_data(app):
            yield app.test_client()
    finally:
        app.config["LANGUAGES"] = languages


def heaviest(weights: dict[str, Weight], key: str, count: int = 5) -> str:
    ranked = sorted(weights.items(), key=lambda item: getattr(item[1], key), reverse=True)[:count]
    return "\n".join(
        f"  {getattr(w, key):>6} B  {url}  (html {w.html}, css {w.css}, js {w.js})" for url, w in ranked
    )


def test_every_page_in_every_language_is_within_budget(client: FlaskClient) -> None:
    """Measured as a browser on a slow link asks for it: brotli, else gzip."""
    encoding = "br, gzip"
    weights: dict[str, Weight] = {}
    for lang in LANGUAGES:
        for name, url in every_page(client, lang):
            if name == "not found":
                continue  # a 404; the same frame as every other page
            weights[url] = page_weight(client, url, encoding)
    assert len(weights) >= 4 * 40, f"only {len(weights)} pages were measured"
    too_heavy = {url: w for url, w in weights.items() if w.html_css > BUDGET_HTML_CSS or w.js > BUDGET_JS}
    assert not too_heavy, (
        f"over budget with Accept-Encoding: {encoding} (HTML+CSS {BUDGET_HTML_CSS} B, JS {BUDGET_JS} B):\n"
        + "\n".join(f"  {url}: {w}" for url, w in too_heavy.items())
        + f"\nheaviest HTML+CSS:\n{heaviest(weights, 'html_css')}\nheaviest JS:\n{heaviest(weights, 'js')}"
    )


def defined_classes(css: str) -> set[str]:
    """Class names a stylesheet has rules for (``govuk-\\!-width-full`` unescaped)."""
    return {name.replace("\\", "") for name in re.findall(r"\.(-?[_a-zA-Z](?:[\w-]|\\.)*)", css)}


def test_each_page_has_the_styles_of_every_class_it_uses(client: FlaskClient) -> None:
    """A section's own, smaller sheet styles every class its pages use that the full sheet styles."""
    full = defined_classes(client.get("/static/css/main.css").get_data(as_text=True))
    unstyled: dict[str, set[str]] = {}
    for lang in ("en", "ur"):
        for _name, url in every_page(client, lang):
            doc = parse(client.get(url).get_data(as_text=True))
            used = {name for element in doc.iter() for name in (element.get("class") or "").split()}
            sheets = [link.get("href") for link in doc.iter("link") if link.get("rel") == "stylesheet"]
            assert len(sheets) == 1, f"{url} loads {sheets}"
            styled = defined_classes(client.get(sheets[0]).get_data(as_text=True))
            missing = (used & full) - styled
            if missing:
                unstyled[url] = missing
    assert not unstyled, f"pages whose sheet lacks rules the full sheet has: {unstyled}"


def test_staff_pages_load_the_full_sheet(client: FlaskClient) -> None:
    """Staff pages get the full sheet: every component we use and the staff area's own styles."""
    doc = parse(client.get("/staff/sign-in").get_data(as_text=True))
    sheets = [link.get("href") for link in doc.iter("link") if link.get("rel") == "stylesheet"]
    assert len(sheets) == 1 and sheets[0].endswith("/css/main.css"), sheets


#: Ten finder results, raw (before compression): what a cheap phone parses and keeps in memory.
BUDGET_RESULTS_MARKUP = 25 * 1024


@pytest.mark.parametrize("lang", LANGUAGES)
def test_ten_finder_results_are_within_the_markup_budget(client: FlaskClient, lang: str) -> None:
    html = client.get(f"/centres?q=CH1+3BA&lang={lang}").get_data(as_text=True)
    start = html.index('<ol class="govuk-list st-centres"')
    end = html.index("</ol>", start) + len("</ol>")
    results = html[start:end]
    assert results.count('class="st-centres__item') == 10, "the demo data should give ten results here"
    size = len(results.encode())
    budget = BUDGET_RESULTS_MARKUP
    assert size <= budget, f"{lang}: ten results are {size:,} B raw (budget {budget:,})"
