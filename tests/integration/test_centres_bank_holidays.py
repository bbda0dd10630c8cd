"""Bank holidays on finder pages follow the nation each centre is in, from its postcode district."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import time_machine

from app.centres.importer import import_centres
from app.hours import LONDON

HEADER = "name,address,town,postcode,latitude,longitude,opening_hours\n"
ROWS = (
    "Edinburgh Test Centre,1 High St,Edinburgh,EH1 1YZ,55.9500,-3.1900,Mo-Fr 09:00-17:00; PH off\n"
    "Cardiff Test Centre,1 Bute St,Cardiff,CF10 5AL,51.4700,-3.1700,Mo-Fr 09:00-17:00; PH off\n"
    "Belfast Test Centre,1 Donegall Pl,Belfast,BT1 5GS,54.5970,-5.9300,Mo-Fr 09:00-17:00; PH off\n"
)


@pytest.fixture
def centres(db_session, tmp_path: Path) -> None:
    path = tmp_path / "centres.csv"
    path.write_text(HEADER + ROWS)
    assert import_centres(path).errors == []


def _text(page) -> str:
    return " ".join(" ".join(page.doc.find(".//main").itertext()).split())


@time_machine.travel(datetime(2026, 11, 27, 12, 0, tzinfo=LONDON), tick=False)
def test_a_centre_page_lists_its_nations_coming_bank_holiday_closures(centres, pages) -> None:
    edinburgh = _text(pages.get("/centres/edinburgh-test-centre-edinburgh"))
    assert "Coming bank holidays" in edinburgh
    assert "Closed Monday 30 November: bank holiday" in edinburgh  # St Andrew's Day
    assert "Closed Friday 25 December: bank holiday" in edinburgh
    assert "Monday 30 November (bank holiday) Closed" in edinburgh  # the week table agrees
    cardiff = _text(pages.get("/centres/cardiff-test-centre-cardiff"))
    assert "30 November: bank holiday" not in cardiff
    assert "Monday 30 November 09:00 to 17:00" in cardiff
    assert "Closed Friday 25 December: bank holiday" in cardiff
    belfast = _text(pages.get("/centres/belfast-test-centre-belfast"))
    assert "30 November" not in belfast.split("Coming bank holidays")[1]


def _items(pages, url: str) -> dict[str, str]:
    """Each listed centre's first word → its visible text."""
    return {
        " ".join(li.itertext()).split()[0]: " ".join(" ".join(li.itertext()).split())
        for li in pages.get(url).select("li", class_="st-centres__item")
    }


@time_machine.travel(datetime(2026, 11, 30, 11, 0, tzinfo=LONDON), tick=False)
def test_open_now_on_st_andrews_day_differs_between_scotland_and_wales(centres, pages) -> None:
    # Each centre searched from its own postcode, so other centres in the database never crowd it out.
    assert "Closed now. Opens tomorrow at 09:00" in _items(pages, "/centres?q=EH1+1YZ")["Edinburgh"]
    assert "Open now until 17:00" in _items(pages, "/centres?q=CF10+5AL")["Cardiff"]
    assert "Open now until 17:00" in _items(pages, "/centres?q=BT1+5GS")["Belfast"]
    assert "Edinburgh" not in _items(pages, "/centres?q=EH1+1YZ&filters=open-now")
    assert "Cardiff" in _items(pages, "/centres?q=CF10+5AL&filters=open-now")
    assert "Belfast" in _items(pages, "/centres?q=BT1+5GS&filters=open-now")
