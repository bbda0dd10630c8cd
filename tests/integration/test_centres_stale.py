"""Listings kept current: the public page warns once a centre's details are 12 months old, and staff see
(and can list) the centres no one has confirmed for 6 months. The clock is frozen at each boundary."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from xml.etree.ElementTree import Element

import pytest
import time_machine
from sqlalchemy import update

from app.centres import cards
from app.centres.importer import import_centres
from app.centres.models import Centre
from app.extensions import db
from app.hours import LONDON
from tests.fixtures import staff as f
from tests.pages import Page, PageClient

staff_db, staff_client = f.staff_db, f.staff_client  # fixtures

WARNING = "These details may be out of date."
#: 1 December 2026, midday in London.
TODAY = datetime(2026, 12, 1, 12, 0, tzinfo=LONDON)


def seen(element: Element) -> str:
    return " ".join(" ".join(element.itertext()).split())


def warnings(page: Page) -> list[str]:
    return [seen(el) for el in page.select("div", class_="govuk-warning-text")]


def centre(name: str, checked: date | None, phone: str | None = None, active: bool = True) -> Centre:
    made = f.make_centre(name)
    made.last_checked, made.phone, made.active = checked, phone, active
    db.session.flush()
    return made


@pytest.fixture
def only_ours(staff_db) -> None:
    """The test's centres are the only active ones."""
    db.session.execute(update(Centre).values(active=False))


# --- the public page ------------------------------------------------------------------------------------


@time_machine.travel(TODAY, tick=False)
def test_public_page_warns_from_the_day_twelve_months_have_passed(only_ours, pages: PageClient) -> None:
    fresh = centre("Checked a day under a year ago", date(2025, 12, 2), phone="01244 123456")
    due = centre("Checked a year ago today", date(2025, 12, 1), phone="01244 123456")

    page = pages.get(f"/centres/{fresh.slug}")
    assert warnings(page) == []
    assert "Details last checked 2 December 2025" in page.text

    page = pages.get(f"/centres/{due.slug}")
    assert warnings(page) == [
        "! Warning These details may be out of date. They were last checked on 1 December 2025."
        " Phone before you go to check the centre is open."
    ]
    # The icon is hidden from screen readers; "Warning" is read first.
    icon = page.select("span", class_="govuk-warning-text__icon")[0]
    assert icon.get("aria-hidden") == "true"
    assert "Details last checked" not in page.text  # said once, in the warning


@time_machine.travel(TODAY, tick=False)
def test_never_checked_and_no_phone(only_ours, pages: PageClient) -> None:
    never = centre("Never checked", None)
    page = pages.get(f"/centres/{never.slug}")
    assert warnings(page) == [
        "! Warning These details may be out of date. We do not know when they were last checked."
        " Check with the centre before you go."
    ]


@time_machine.travel(datetime(2029, 2, 28, 9, 0, tzinfo=LONDON), tick=False)
def test_checked_on_29_february_is_due_on_28_february(only_ours, pages: PageClient) -> None:
    leap = centre("Checked on a leap day", date(2028, 2, 29))
    early = centre("Checked the day after", date(2028, 3, 1))
    assert WARNING in pages.get(f"/centres/{leap.slug}").text
    assert WARNING not in pages.get(f"/centres/{early.slug}").text


HEADER = "name,address,town,postcode,latitude,longitude,opening_hours,phone,last_checked\n"
ROW = "Cardiff Stale Centre,1 Bute St,Cardiff,CF10 5AL,51.4700,-3.1700,Mo-Fr 09:00-17:00,029 2087 1000,{}\n"


def card(pages: PageClient) -> str:
    for li in pages.get("/centres?q=CF10+5AL").select("li", class_="st-centres__item"):
        text = seen(li)
        if text.startswith("Cardiff Stale Centre"):
            return text
    raise AssertionError("the centre is not listed")


def test_a_kept_result_card_gains_the_warning_the_day_it_is_due(
    only_ours, app, pages, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "PAGE_CACHE", False)  # the cards alone (whole pages: test_page_cache)
    path = tmp_path / "centres.csv"
    path.write_text(HEADER + ROW.format("2025-12-01"))
    with time_machine.travel(datetime(2026, 11, 30, 23, 59, tzinfo=LONDON), tick=False):
        assert import_centres(path).errors == []
        cards.cache.clear()
        assert WARNING not in card(pages)
        hits = cards.cache.hits
        assert WARNING not in card(pages)
        assert cards.cache.hits > hits  # the card is kept
        kept = cards.cache.hits
    with time_machine.travel(datetime(2026, 12, 1, 0, 0, 1, tzinfo=LONDON), tick=False):
        shown = card(pages)
        assert WARNING in shown and "They were last checked on 1 December 2025" in shown
        assert "Phone before you go" in shown
        assert cards.cache.hits == kept  # drawn again, not the day before's card


def test_the_card_key_holds_whether_the_details_are_out_of_date(only_ours, app) -> None:
    """A kept card is never valid past midnight anyway; the key makes sure a stale card is never
    taken for a fresh one even if that changes."""
    from app.centres import queries

    made = centre("Key centre", date(2025, 12, 1))
    item = queries.NearbyCentre(made, 0.0, 53.19, -2.88)
    with app.test_request_context("/centres"):
        before = cards._key(item, datetime(2026, 11, 30, 23, 59, tzinfo=LONDON))
        after = cards._key(item, datetime(2026, 12, 1, 0, 1, tzinfo=LONDON))
        later = cards._key(item, datetime(2026, 12, 9, 12, 0, tzinfo=LONDON))
    assert before != after
    assert after == later  # one card a state, not one a day


# --- staff ----------------------------------------------------------------------------------------------


def rows(page: Page) -> dict[str, str]:
    """Name → last checked column of the staff centres table, as seen."""
    table = page.select("table", class_="govuk-table")[0]
    found = {}
    for tr in table.iter("tr"):
        cells = [seen(td) for td in tr.iter("td")]
        if cells:
            found[cells[0]] = cells[-1]
    return found


@time_machine.travel(TODAY, tick=False)
def test_staff_see_centres_not_confirmed_for_six_months(only_ours, staff_client) -> None:
    centre("Checked under six months ago", date(2026, 6, 2))
    centre("Checked six months ago today", date(2026, 6, 1))
    centre("Never checked", None)
    centre("Hidden and old", date(2020, 1, 1), active=False)
    editor = f.make_user("editor")
    f.sign_in(staff_client, editor)
    pages = PageClient(staff_client)

    home = pages.get("/staff/")
    link = "2 reporting centres not confirmed for 6 months"
    assert home.links()[link] == "/staff/centres?stale=1"

    everything = pages.get("/staff/centres")
    assert rows(everything) == {
        "Checked six months ago today": "Not confirmed since 1 Jun 2026",
        "Checked under six months ago": "2 Jun 2026",
        "Hidden and old Not shown": "1 Jan 2020",
        "Never checked": "Never confirmed",
    }
    box = everything.select("input", id="stale")[0]
    assert box.get("type") == "checkbox" and box.get("checked") is None
    assert "Only centres not confirmed for 6 months" in everything.text
    assert "Last checked on or before 1 June 2026, or never" in everything.text

    filtered = pages.get("/staff/centres?stale=1")
    assert filtered.h1 == "Reporting centres not confirmed for 6 months"
    assert filtered.select("input", id="stale")[0].get("checked") is not None
    assert set(rows(filtered)) == {"Checked six months ago today", "Never checked"}
    assert "2 centres" in filtered.text
    # The filter keeps a search by name.
    assert set(rows(pages.get("/staff/centres?stale=1&q=never"))) == {"Never checked"}


@time_machine.travel(datetime(2026, 2, 28, 10, 0, tzinfo=LONDON), tick=False)
def test_staff_list_31_august_is_due_on_28_february(only_ours, staff_client) -> None:
    centre("Checked 31 August", date(2025, 8, 31))
    centre("Checked 1 September", date(2025, 9, 1))
    f.sign_in(staff_client, f.make_user("editor"))
    pages = PageClient(staff_client)
    due = rows(pages.get("/staff/centres?stale=1"))
    assert due == {"Checked 31 August": "Not confirmed since 31 Aug 2025"}
    assert "1 reporting centre not confirmed for 6 months" in pages.get("/staff/").links()


@time_machine.travel(TODAY, tick=False)
def test_confirming_a_centre_takes_it_off_the_list(only_ours, staff_client) -> None:
    old = centre("Old centre", date(2026, 1, 1))
    f.sign_in(staff_client, f.make_user("editor"))
    pages = PageClient(staff_client)
    listed = pages.get("/staff/centres?stale=1")
    assert set(rows(listed)) == {"Old centre"}
    staff_client.post(
        f"/staff/centres/{old.id}/confirm",
        data={"csrf_token": f.csrf(staff_client, f"/staff/centres/{old.id}"), "back": "stale"},
    )
    assert rows(pages.get("/staff/centres?stale=1")) == {}
    assert "0 reporting centres not confirmed for 6 months" in pages.get("/staff/").links()
