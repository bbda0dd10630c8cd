"""Whole-app checks run on every page a test fetches (after notifications-admin's client_request)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element

import html5lib
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


@dataclass
class Page:
    response: TestResponse
    doc: Element

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.doc.itertext()).split())

    @property
    def html(self) -> str:
        return self.response.get_data(as_text=True)

    @property
    def title(self) -> str:
        found = self.doc.find(".//title")
        return " ".join((found.text or "").split()) if found is not None else ""

    @property
    def h1(self) -> str:
        found = self.doc.find(".//h1")
        return " ".join(" ".join(found.itertext()).split()) if found is not None else ""

    def select(self, tag: str, **attrs: str) -> list[Element]:
        """Elements by tag and exact attribute values (``class_`` matches one class)."""
        found = []
        for element in self.doc.iter(tag):
            ok = True
            for key, value in attrs.items():
                if key == "class_":
                    ok = value in (element.get("class") or "").split()
                else:
                    ok = element.get(key.replace("_", "-")) == value
                if not ok:
                    break
            if ok:
                found.append(element)
        return found

    def links(self) -> dict[str, str]:
        return {" ".join(" ".join(a.itertext()).split()): a.get("href", "") for a in self.doc.iter("a")}

    def csrf_token(self) -> str:
        match = CSRF_INPUT.search(self.html)
        assert match, "no CSRF token on the page"
        return match.group(1) or match.group(2)


def parse(html: str) -> Element:
    return html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=False)


def check_page(response: TestResponse) -> Page:
    """The checks every full HTML page must pass."""
    html = response.get_data(as_text=True)
    doc = parse(html)
    page = Page(response, doc)
    root = doc if doc.tag == "html" else doc.find(".//html")
    assert root is not None and root.get("lang"), "the <html> element needs a lang attribute"
    assert root.get("dir") in {"ltr", "rtl"}, "the <html> element needs dir"
    assert page.title, "every page needs a <title>"
    h1s = list(doc.iter("h1"))
    assert len(h1s) == 1, f"a page has exactly one <h1>, found {len(h1s)}"
    ids = Counter(el.get("id") for el in doc.iter() if el.get("id"))
    duplicates = [i for i, n in ids.items() if n > 1]
    assert not duplicates, f"duplicate ids: {duplicates}"
    for script in doc.iter("script"):
        assert script.get("src"), "inline <script> (the CSP forbids it)"
    styled = [el.tag for el in doc.iter() if el.get("style") is not None]
    assert not styled, f"style= attributes (the CSP forbids them): {styled}"
    assert not list(doc.iter("style")), "<style> elements (the CSP forbids them)"
    assert doc.find(".//main") is not None, "every page has a <main> landmark"
    return page


class PageClient:
    """A test client wrapper: ``get`` and ``post`` return checked Pages."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def get(self, url: str, status: int = 200, **kwargs: Any) -> Page:
        response = self.client.get(url, **kwargs)
        assert response.status_code == status, f"GET {url}: {response.status_code} (wanted {status})"
        return check_page(response)

    def post(self, url: str, data: dict | None = None, status: int = 200, **kwargs: Any) -> Page:
        response = self.client.post(url, data=data or {}, **kwargs)
        assert response.status_code == status, f"POST {url}: {response.status_code} (wanted {status})"
        return check_page(response)

    def fragment(self, url: str, **kwargs: Any) -> Element:
        """An HTMX request: a fragment, not a page."""
        response = self.client.get(url, headers={"HX-Request": "true"}, **kwargs)
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert "<html" not in html.lower(), "an HTMX request must get only the fragment"
        return parse(html)
