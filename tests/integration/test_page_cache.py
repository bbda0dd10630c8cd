"""Whole public pages kept in memory (app/page_cache.py): what a person sees is always what a fresh
render would show them at that minute, with that content, in their language.

Each test compares a kept page with the page rendered afresh, or follows the change that must end it:
the minute "open now" flips, an edit to a centre or a service, another worker's change, an import.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import brotli
import pytest
import time_machine
from flask import Flask
from sqlalchemy import text

from app import page_cache
from app.centres.importer import import_centres
from app.extensions import compress, db
from app.hours import LONDON
from tests.fakes.postcodes_io import FakePostcodesIO
from tests.pages import PageClient

HEADER = "name,address,town,postcode,latitude,longitude,opening_hours,phone\n"
ROWS = "Cardiff Kept Centre,1 Bute St,Cardiff,CF10 5AL,51.4700,-3.1700,Mo-Fr 09:00-17:00,029 2087 1000\n"
URL = "/centres?q=CF10+5AL"
FRIDAY_NOON = datetime(2026, 12, 4, 12, 0, tzinfo=LONDON)


@pytest.fixture
def kept(app: Flask, db_session) -> Iterator[page_cache.Kept]:
    """The app's kept pages, emptied, with the content version read on every request (as tests do)."""
    pages = page_cache._pages()
    pages.clear()
    yield pages
    pages.clear()


@pytest.fixture
def centre(kept, tmp_path: Path) -> None:
    path = tmp_path / "centres.csv"
    path.write_text(HEADER + ROWS)
    assert import_centres(path).errors == []


def card(page) -> str:
    for li in page.select("li", class_="st-centres__item"):
        seen = " ".join(" ".join(li.itertext()).split())
        if seen.startswith("Cardiff Kept Centre"):
            return seen
    raise AssertionError("the centre is not listed")


def fresh(app: Flask, pages: PageClient, url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The page as rendered with no kept pages at all."""
    with monkeypatch.context() as patch:
        patch.setitem(app.config, "PAGE_CACHE", False)
        return pages.get(url).html


@time_machine.travel(FRIDAY_NOON, tick=False)
def test_a_kept_page_is_the_page_a_fresh_render_gives(app, centre, kept, pages, monkeypatch) -> None:
    first = pages.get(URL)
    hits = kept.hits
    again = pages.get(URL)
    assert kept.hits == hits + 1  # answered from memory
    assert again.html == first.html == fresh(app, pages, URL, monkeypatch)
    assert "Open now until 17:00" in card(again)


def test_open_now_flips_at_the_exact_minute(centre, kept, pages) -> None:
    with time_machine.travel(datetime(2026, 12, 4, 16, 59, 59, tzinfo=LONDON), tick=False):
        assert "Open now until 17:00" in card(pages.get(URL))
        hits = kept.hits
        assert "Open now until 17:00" in card(pages.get(URL))
        assert kept.hits == hits + 1
    with time_machine.travel(datetime(2026, 12, 4, 17, 0, tzinfo=LONDON), tick=False):
        assert "Closed now. Opens Monday at 09:00" in card(pages.get(URL))
    # A clock put back: the page of the later minute is never shown for an earlier one.
    with time_machine.travel(datetime(2026, 12, 4, 16, 59, 30, tzinfo=LONDON), tick=False):
        assert "Open now until 17:00" in card(pages.get(URL))


@time_machine.travel(FRIDAY_NOON, tick=False)
def test_an_edited_centre_shows_on_the_next_search(centre, kept, pages, db_session) -> None:
    assert "029 2087 1000" in card(pages.get(URL))
    db_session.execute(text("UPDATE centre SET phone = '029 2087 2000' WHERE name = 'Cardiff Kept Centre'"))
    seen = card(pages.get(URL))
    assert "029 2087 2000" in seen and "029 2087 1000" not in seen


@time_machine.travel(FRIDAY_NOON, tick=False)
def test_another_workers_change_is_seen_once_the_poll_comes_round(
    app, centre, kept, pages, monkeypatch
) -> None:
    """In production each worker reads the content version at most once a second: a change committed
    by another process ends the kept pages when it next reads it."""
    monkeypatch.setitem(app.config, "PAGE_CACHE_POLL_SECONDS", 3600)
    pages.get(URL)
    misses = kept.misses
    with db.engine.connect() as other_worker:  # a commit elsewhere moves the version (the trigger's nextval)
        other_worker.execute(text("SELECT nextval('content_version_seq')"))
        other_worker.commit()
    monkeypatch.setattr(page_cache._version, "read_at", page_cache._version.read_at - 3600)  # a poll later
    pages.get(URL)
    assert kept.misses == misses + 1  # rendered again under the new version


def test_every_table_public_pages_show_has_the_trigger(app, db_session) -> None:
    triggered = set(
        db_session.scalars(
            text(
                "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                " WHERE t.tgname LIKE '%_content_changed'"
            )
        )
    )
    assert triggered == page_cache.WATCHED


def test_a_change_moves_the_version_even_when_rolled_back_and_never_reuses_it(app, db_session) -> None:
    with db.engine.connect() as connection:
        before = connection.execute(text("SELECT last_value FROM content_version_seq")).scalar_one()
        connection.execute(text("UPDATE centre SET name = name WHERE false"))
        connection.rollback()
        after = connection.execute(text("SELECT last_value FROM content_version_seq")).scalar_one()
    assert after > before


@time_machine.travel(FRIDAY_NOON, tick=False)
def test_a_search_from_the_persons_position_is_never_kept(centre, kept, pages) -> None:
    url = "/centres?lat=51.4701&lon=-3.1702&near=1"
    assert "Cardiff Kept Centre" in pages.get(url).text
    pages.get(url)
    assert len(kept) == 0 and kept.hits == 0
    # Empty position fields (what the form sends after a typed search) do not count as a position.
    pages.get(URL + "&lat=&lon=&search=")
    assert len(kept) == 1


@time_machine.travel(FRIDAY_NOON, tick=False)
def test_a_page_made_for_someone_with_a_session_is_the_same_and_not_kept(
    app, centre, kept, client, pages
) -> None:
    with client.session_transaction() as session:
        session["draft_key"] = "someone's report"
    with_session = pages.get(URL)
    assert len(kept) == 0
    client.delete_cookie(app.config["SESSION_COOKIE_NAME"], domain="localhost")
    assert pages.get(URL).html == with_session.html
    assert len(kept) == 1


@time_machine.travel(FRIDAY_NOON, tick=False)
def test_each_language_and_the_htmx_fragment_are_kept_apart(centre, kept, pages, client) -> None:
    english = pages.get(URL)
    welsh = pages.get(URL + "&lang=cy")
    assert welsh.doc.get("lang") == "cy" and welsh.text != english.text
    client.delete_cookie("lang", domain="localhost")  # the choice of Welsh is remembered otherwise
    fragment = client.get(URL, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in fragment and "Cardiff Kept Centre" in fragment
    assert pages.get(URL).html == english.html  # the full page again, not the fragment
    assert pages.get(URL + "&lang=cy").html == welsh.html


@time_machine.travel(FRIDAY_NOON, tick=False)
def test_unknown_query_arguments_are_rendered_but_not_kept(centre, kept, pages) -> None:
    assert "Cardiff Kept Centre" in pages.get(URL + "&utm_source=leaflet").text
    assert len(kept) == 0


@time_machine.travel(FRIDAY_NOON, tick=False)
def test_compressed_copies_are_the_kept_page(app, centre, kept, client) -> None:
    plain = client.get(URL).get_data()
    for encoding, decompress in (("br", brotli.decompress), ("gzip", gzip.decompress)):
        for _ in range(2):  # the second is the kept compressed copy
            response = client.get(URL, headers={"Accept-Encoding": encoding})
            assert response.headers["Content-Encoding"] == encoding
            assert "Accept-Encoding" in response.headers["Vary"]
            assert decompress(response.get_data()) == plain
    copies = compress.cache
    assert isinstance(copies, page_cache.CompressedCopies)
    assert copies._copies.hits >= 2


@time_machine.travel(FRIDAY_NOON, tick=False)
def test_a_page_made_while_the_postcode_lookup_is_down_is_not_kept(
    app, kept, pages, monkeypatch, db_session
) -> None:
    postcodes = {"ZE9 9XA": (51.4700, -3.1700, "Cardiff")}
    with FakePostcodesIO(postcodes, {}) as fake:
        monkeypatch.setitem(app.config, "POSTCODE_API_URL", fake.url)
        # Back at once, without the pause after a failure (its own tests are in test_geo_geocode).
        monkeypatch.setitem(app.config, "POSTCODE_API_PAUSE_SECONDS", 0)
        fake.mode = "error"
        url = "/centres?q=ZE9+9XA"
        assert "We cannot look up postcodes at the moment" in pages.get(url).text
        assert len(kept) == 0
        fake.mode = "ok"
        assert "Reporting centres near ZE9 9XA" in pages.get(url).text
    with db.engine.begin() as connection:
        connection.execute(text("DELETE FROM postcode WHERE source = 'api'"))


@time_machine.travel(FRIDAY_NOON, tick=False)
def test_the_home_page_is_kept_and_the_same(app, kept, pages, monkeypatch) -> None:
    first = pages.get("/")
    assert pages.get("/").html == first.html == fresh(app, pages, "/", monkeypatch)
    assert kept.hits >= 1


def test_the_geography_importers_move_the_version(app, db_session, tmp_path: Path) -> None:
    from app.geo.importers import import_outcodes

    path = tmp_path / "outcodes.csv"
    path.write_text(
        "outward,latitude,longitude,town,admin_district,country\nZZ98,51.5,-3.2,Test,Cardiff,WLS\n"
    )
    before = db_session.execute(text("SELECT last_value FROM content_version_seq")).scalar_one()
    import_outcodes(path)
    assert db_session.execute(text("SELECT last_value FROM content_version_seq")).scalar_one() > before


@time_machine.travel(FRIDAY_NOON, tick=False)
def test_a_language_a_centre_starts_to_offer_is_a_filter_choice_at_once(
    centre, kept, pages, db_session
) -> None:
    """The filters' choices are kept until the content changes (page_cache.while_content_unchanged)."""

    def choices(page) -> set[str]:
        return {" ".join(option.itertext()).strip() for option in page.select("option")}

    assert "Somali" not in choices(pages.get("/centres?q=CF10+5AL&radius=&language="))
    db_session.execute(text("UPDATE centre SET languages = '{so}' WHERE name = 'Cardiff Kept Centre'"))
    assert "Somali" in choices(pages.get("/centres?q=CF10+5AL&radius=&language="))
