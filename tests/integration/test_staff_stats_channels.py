"""Statistics by how reports were sent (online or assisted at a reporting centre) and by the centre that
helped, with the open data's small-number suppression, scoped to the reviewer's areas. Reports are
written by the real send (tests/fixtures/sent.py)."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest

from app.hours import LONDON
from tests.fixtures import staff as f
from tests.fixtures.sent import sent
from tests.pages import Page, PageClient

staff_db, staff_client = f.staff_db, f.staff_client  # fixtures


def table(page: Page, heading: str) -> dict[str, str]:
    """Row heading → value of the table captioned ``heading``, as seen."""
    for found in page.select("table"):
        caption = found.find("caption")
        if caption is not None and " ".join("".join(caption.itertext()).split()) == heading:
            return {
                " ".join("".join(tr.find("th").itertext()).split()): " ".join(
                    "".join(tr.find("td").itertext()).split()
                )
                for tr in found.find("tbody").iter("tr")
                if tr.find("th") is not None
            }
    raise AssertionError(f"no table captioned {heading!r}")


BY_CHANNEL = "Reports by how they were sent"
BY_CENTRE = "Assisted reports by reporting centre"


@pytest.fixture
def reports(staff_db) -> dict:
    """6 online reports in Chester (West); 5 sent with the Chester centre's help in Chester; 2 with the
    Macclesfield centre's in Macclesfield (East); 1 with the Macclesfield centre's, in Chester."""
    areas = f.load_areas()
    chester = f.make_centre("Chester Hate Crime Centre", f.CHESTER)
    macclesfield = f.make_centre("Macclesfield Help Point", f.MACCLESFIELD)
    chester_worker = f.make_user("centre", centre=chester)
    macclesfield_worker = f.make_user("centre", centre=macclesfield)
    for _ in range(6):
        sent(f.CHESTER)
    for _ in range(5):
        sent(f.CHESTER, chester, chester_worker)
    for _ in range(2):
        sent(f.MACCLESFIELD, macclesfield, macclesfield_worker)
    sent(f.CHESTER, macclesfield, macclesfield_worker)
    return {"areas": areas, "chester": chester, "macclesfield": macclesfield}


def test_the_real_send_records_the_channel_and_centre(reports, staff_db) -> None:
    report = sent(f.CHESTER, reports["chester"], f.make_user("centre", centre=reports["chester"]))
    assert (report.channel, report.centre_id) == ("assisted", reports["chester"].id)
    assert sent(f.CHESTER).channel == "online"


def test_admin_sees_every_channel_and_centre_with_small_numbers_suppressed(reports, staff_client) -> None:
    f.sign_in(staff_client, f.make_user("admin"))
    page = PageClient(staff_client).get("/staff/statistics")
    assert table(page, BY_CHANNEL) == {"Online": "6", "At a reporting centre": "8"}
    assert table(page, BY_CENTRE) == {
        "Chester Hate Crime Centre": "5",
        "Macclesfield Help Point": "fewer than 5",  # 3
    }
    assert "counts from 1 to 4 show as “fewer than 5”" in page.text
    for heading in (BY_CHANNEL, BY_CENTRE):
        found = next(t for t in page.select("table") if heading in "".join(t.find("caption").itertext()))
        assert [th.get("scope") for th in found.find("thead").iter("th")] == ["col", "col"]
        assert {th.get("scope") for th in found.find("tbody").iter("th")} == {"row"}


def test_admin_choosing_an_area_sees_that_areas_centres(reports, staff_client) -> None:
    f.sign_in(staff_client, f.make_user("admin"))
    east = reports["areas"][f.EAST].id
    page = PageClient(staff_client).get(f"/staff/statistics?area={east}&months=12")
    assert table(page, BY_CHANNEL) == {"Online": "0", "At a reporting centre": "fewer than 5"}
    assert table(page, BY_CENTRE) == {"Macclesfield Help Point": "fewer than 5"}


def test_a_reviewer_sees_only_the_centres_in_their_areas(reports, staff_client) -> None:
    f.sign_in(staff_client, f.make_user("reviewer", [reports["areas"][f.WEST]]))
    page = PageClient(staff_client).get("/staff/statistics")
    # West's reports: 6 online, 5 from the Chester centre, 1 from the Macclesfield centre.
    assert table(page, BY_CHANNEL) == {"Online": "6", "At a reporting centre": "6"}
    assert table(page, BY_CENTRE) == {
        "Chester Hate Crime Centre": "5",
        "Other reporting centres": "fewer than 5",
    }
    assert "Macclesfield" not in page.text


def test_an_east_reviewer_sees_neither_west_reports_nor_its_centre(reports, staff_client) -> None:
    f.sign_in(staff_client, f.make_user("reviewer", [reports["areas"][f.EAST]]))
    page = PageClient(staff_client).get("/staff/statistics")
    assert table(page, BY_CHANNEL) == {"Online": "0", "At a reporting centre": "fewer than 5"}
    assert table(page, BY_CENTRE) == {"Macclesfield Help Point": "fewer than 5"}
    assert "Chester Hate Crime Centre" not in page.text


def test_no_assisted_reports_says_so(staff_client) -> None:
    f.load_areas()
    sent(f.CHESTER)
    f.sign_in(staff_client, f.make_user("admin"))
    page = PageClient(staff_client).get("/staff/statistics")
    assert table(page, BY_CHANNEL) == {"Online": "fewer than 5", "At a reporting centre": "0"}
    assert "No assisted reports in this period." in page.text


def test_open_data_has_the_channel_but_never_the_centre(reports, staff_client) -> None:
    for _ in range(3):
        sent(f.MACCLESFIELD)
    f.sign_in(staff_client, f.make_user("admin"))
    month = datetime.now(LONDON).strftime("%Y-%m")
    text = staff_client.get("/staff/statistics/open-data.csv").get_data().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    this_month = {
        (r["dimension"], r["category"]): (r["count"], r["suppressed"]) for r in rows if r["month"] == month
    }
    assert this_month[("channel", "online")] == ("9", "no")
    assert this_month[("channel", "assisted")] == ("8", "no")
    assert {r["dimension"] for r in rows} == {"all", "strand", "incident_type", "channel"}
    assert "Chester Hate Crime Centre" not in text and "Macclesfield Help Point" not in text
    body = staff_client.get("/staff/statistics/open-data.json").get_json()
    assert {"month": month, "dimension": "channel", "category": "assisted", "count": 8} in body["rows"]
    assert "channel" in body["description"]
    assert "Help Point" not in str(body)


def test_open_data_suppresses_a_small_channel_count(staff_client) -> None:
    f.load_areas()
    centre = f.make_centre("Tiny Centre", f.CHESTER)
    worker = f.make_user("centre", centre=centre)
    for _ in range(5):
        sent(f.CHESTER)
    for _ in range(2):
        sent(f.CHESTER, centre, worker)
    f.sign_in(staff_client, f.make_user("admin"))
    month = datetime.now(LONDON).strftime("%Y-%m")
    body = staff_client.get("/staff/statistics/open-data.json").get_json()
    channel = {
        r["category"]: r["count"] for r in body["rows"] if r["month"] == month and r["dimension"] == "channel"
    }
    assert channel == {"online": 5, "assisted": None}
