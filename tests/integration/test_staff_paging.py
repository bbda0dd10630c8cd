"""One pagination for every staff list: no page number in the address can break a page, and a long list
is paged the same way everywhere."""

from __future__ import annotations

import uuid

import pytest
from flask import Flask

from app.centres.models import Centre
from app.extensions import db
from app.staff import paging
from tests.fixtures import staff as f
from tests.pages import PageClient

staff_db, staff_client, world = f.staff_db, f.staff_client, f.world  # fixtures
BAD_PAGES = ("99999999999999999999", "-1", "x", "0", "1.5", "٣", "")
#: Every list that pages, with the words its count uses.
PAGED = {
    "/staff/centres": "centres",
    "/staff/directory": "services",
    "/staff/reports": "reports",
    "/staff/audit": "events",
}


def test_no_page_number_breaks_any_staff_page(app: Flask, staff_client, world) -> None:
    f.sign_in(staff_client, world["users"]["admin"])
    checked = 0
    for rule in f.staff_rules(app):
        if "GET" not in (rule.methods or set()) or rule.endpoint in {"staff.sign_in", "staff.sign_in_code"}:
            continue
        url = f.url_for_rule(app, rule, world["values"])
        for page in BAD_PAGES:
            response = staff_client.get(url, query_string={"page": page})
            assert response.status_code < 500, (url, page, response.status_code)
            checked += 1
    assert checked >= 20 * len(BAD_PAGES)


def test_every_paged_list_answers_a_wild_page_number_with_its_list(staff_client, world) -> None:
    f.sign_in(staff_client, world["users"]["admin"])
    pages = PageClient(staff_client)
    for url, word in PAGED.items():
        for bad in BAD_PAGES:
            page = pages.get(f"{url}?page={bad}")  # checks the page: 200, valid HTML, one h1
            assert f" {word}" in page.text or f"1 {word[:-1]}" in page.text, (url, bad)


@pytest.mark.parametrize("bad", ["99999999999999999999", "-1", "x"])
def test_a_long_list_pages_and_a_wild_page_number_shows_the_last_page(staff_client, bad: str) -> None:
    for number in range(paging.PER_PAGE + 1):
        db.session.add(
            Centre(
                slug=f"paging-{uuid.uuid4().hex[:8]}",
                name=f"Paging centre {number:02d}",
                location="SRID=4326;POINT(-2.88 53.19)",
            )
        )
    db.session.flush()
    f.sign_in(staff_client, f.make_user("editor"))
    pages = PageClient(staff_client)
    first = pages.get("/staff/centres?q=Paging")
    assert "26 centres" in first.text and "Page 1 of 2" in first.text and "Next page" in first.text
    second = pages.get("/staff/centres?q=Paging&page=2")
    assert "Page 2 of 2" in second.text and "Paging centre 25" in second.text
    wild = pages.get(f"/staff/centres?q=Paging&page={bad}")
    expected = "Page 2 of 2" if bad.isdigit() else "Page 1 of 2"
    assert expected in wild.text
    # The other pages keep the search in their links.
    assert any("q=Paging" in href and "page=" in href for href in second.links().values())
