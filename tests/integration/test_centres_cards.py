"""Finder result cards are rendered once and kept (app/centres/cards.py): what people see stays exact.

A kept card must never outlive what it says: "open now" flips at the very minute, an edited centre
shows its new details on the next search, and a card never carries the search that first drew it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import text

from app import card_cache
from app.centres import cards
from app.centres.importer import import_centres
from app.hours import LONDON

HEADER = "name,address,town,postcode,latitude,longitude,opening_hours,phone\n"
ROWS = "Cardiff Card Centre,1 Bute St,Cardiff,CF10 5AL,51.4700,-3.1700,Mo-Fr 09:00-17:00,029 2087 1000\n"
URL = "/centres?q=CF10+5AL"


@pytest.fixture
def centre(app, db_session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Cardiff centre, with whole pages not kept: each search here renders its cards (kept whole
    pages are tested in test_page_cache.py)."""
    monkeypatch.setitem(app.config, "PAGE_CACHE", False)
    path = tmp_path / "centres.csv"
    path.write_text(HEADER + ROWS)
    assert import_centres(path).errors == []
    cards.cache.clear()


def _card(pages, url: str = URL) -> str:
    """The visible text of the Cardiff card, found from its own postcode."""
    for li in pages.get(url).select("li", class_="st-centres__item"):
        seen = " ".join(" ".join(li.itertext()).split())
        if seen.startswith("Cardiff Card Centre"):
            return seen
    raise AssertionError("the centre is not listed")


def test_open_now_flips_at_the_exact_minute(centre, pages) -> None:
    with time_machine.travel(datetime(2026, 12, 4, 16, 59, 59, tzinfo=LONDON), tick=False):  # a Friday
        assert "Open now until 17:00" in _card(pages)
        hits = cards.cache.hits
        assert "Open now until 17:00" in _card(pages)
        assert cards.cache.hits > hits  # the second search was answered from the kept card
    with time_machine.travel(datetime(2026, 12, 4, 17, 0, tzinfo=LONDON), tick=False):
        assert "Closed now. Opens Monday at 09:00" in _card(pages)
    with time_machine.travel(datetime(2026, 12, 7, 8, 59, tzinfo=LONDON), tick=False):
        seen = _card(pages)
        assert "Closed now. Opens today at 09:00" in seen
        assert "Today (Monday 7 December) 09:00 to 17:00" in seen  # the week moved on too
    with time_machine.travel(datetime(2026, 12, 7, 9, 0, tzinfo=LONDON), tick=False):
        assert "Open now until 17:00" in _card(pages)
    # Back in time (a clock put right): the card is drawn again, never taken from later.
    with time_machine.travel(datetime(2026, 12, 4, 16, 0, tzinfo=LONDON), tick=False):
        assert "Open now until 17:00" in _card(pages)
        assert "Today (Friday 4 December)" in _card(pages)


@time_machine.travel(datetime(2026, 12, 4, 12, 0, tzinfo=LONDON), tick=False)
def test_an_edited_centre_shows_its_new_details_at_once(centre, pages, db_session) -> None:
    assert "Open now until 17:00" in _card(pages)
    # Edited behind the finder's back, as another worker or the staff area would, without touching
    # updated_at: the card still changes on the next search.
    db_session.execute(
        text(
            "UPDATE centre SET opening_hours = 'Mo-Fr 09:00-12:00', phone = '029 2087 2000'"
            " WHERE slug LIKE 'cardiff-card-centre%'"
        )
    )
    seen = _card(pages)
    assert "Closed now. Opens Monday at 09:00" in seen
    assert "029 2087 2000" in seen and "029 2087 1000" not in seen


@time_machine.travel(datetime(2026, 12, 4, 12, 0, tzinfo=LONDON), tick=False)
def test_each_language_gets_its_own_card_and_no_card_carries_the_search(centre, pages) -> None:
    english = _card(pages)
    welsh = _card(pages, URL + "&lang=cy")
    assert "Open now until 17:00" in english
    assert welsh != english
    assert _card(pages, URL + "&lang=en") == english
    for _key, (_from, _until, markup) in cards.cache._kept.items():
        assert "CF10" not in markup.replace("CF10 5AL", "")  # only the centre's own postcode
        assert "q=" not in markup


def _checked(page) -> set[str]:
    boxes = page.select("input", name="filters")
    return {box.get("value") for box in boxes if box.get("checked") is not None}


def test_kept_filter_fields_show_each_persons_own_choices(centre, pages) -> None:
    assert _checked(pages.get(URL)) == set()
    assert _checked(pages.get(URL + "&filters=step-free")) == {"step-free"}
    hits = card_cache.fields.hits
    assert _checked(pages.get(URL)) == set()  # the same fields as the first search, kept
    assert card_cache.fields.hits > hits
    assert _checked(pages.get(URL + "&filters=step-free&filters=open-now")) == {"step-free", "open-now"}
    chosen = pages.get(URL + "&radius=5").select("select", name="radius")[0]
    assert [o.get("value") for o in chosen.iter("option") if o.get("selected") is not None] == ["5"]
    # What is not one of the choices is typed by someone: it is never kept.
    pages.get(URL + "&filters=my-own-words&radius=not-a-distance")
    kept = [repr(key) for key in card_cache.fields._kept]
    assert not any("my-own-words" in key or "not-a-distance" in key for key in kept)
