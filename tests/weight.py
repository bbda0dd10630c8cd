"""Measure what a page costs on a slow link: compressed bytes of its HTML, CSS and JS as served."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from flask.testing import FlaskClient

from tests.pages import parse


@dataclass(frozen=True)
class Weight:
    html: int
    css: int
    js: int

    @property
    def html_css(self) -> int:
        return self.html + self.css


def served_bytes(client: FlaskClient, url: str, encoding: str) -> int:
    response = client.get(url, headers={"Accept-Encoding": encoding})
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return len(response.get_data())


def page_weight(client: FlaskClient, url: str, encoding: str = "br, gzip") -> Weight:
    """Compressed bytes of a page and of every stylesheet and script it loads."""
    html = client.get(url, headers={"Accept-Encoding": encoding})
    assert html.status_code == 200, f"{url}: {html.status_code}"
    assert html.headers.get("Content-Encoding") in {"br", "gzip"}, f"{url} is not served compressed"
    doc = parse(client.get(url).get_data(as_text=True))
    css = sum(
        served_bytes(client, link.get("href"), encoding)
        for link in doc.iter("link")
        if link.get("rel") == "stylesheet"
    )
    js = sum(
        served_bytes(client, script.get("src"), encoding)
        for script in doc.iter("script")
        if script.get("src")
    )
    # main.js loads the character count module itself, only on pages that have one: count it there.
    if 'data-module="govuk-character-count"' in ET.tostring(doc, encoding="unicode"):
        lazy = next(m.get("content") for m in doc.iter("meta") if m.get("name") == "st-character-count")
        js += served_bytes(client, lazy, encoding)
    return Weight(html=len(html.get_data()), css=css, js=js)
