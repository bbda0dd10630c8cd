"""A centre worker's pages: their home (only their centre's reports: reference, date and progress,
never content), their listing (hours day by day read back in words, access and languages, "still
right"), and an administrator making a centre worker."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from app.centres.models import Centre
from app.extensions import db
from app.staff import paging
from app.staff.models import AuditEvent, StaffUser
from tests.fixtures import staff as f
from tests.pages import Page, PageClient

staff_db, staff_client = f.staff_db, f.staff_client  # fixtures

HOURS = "/staff/centre/listing/hours"


def _assisted(centre: Centre, worker: StaffUser, *, days_ago: int = 0, progress: str = "received"):
    report = f.make_report(f.CHESTER, submitted_at=datetime.now(UTC) - timedelta(days=days_ago))
    report.channel, report.centre_id, report.assisted_by_id, report.progress = (
        "assisted",
        centre.id,
        worker.id,
        progress,
    )
    db.session.flush()
    return report


@pytest.fixture
def two_centres(staff_db) -> dict:
    mine = f.make_centre("Chester Community Hub")
    theirs = f.make_centre("Crewe Library", point=f.CREWE)
    worker = f.make_user("centre", centre=mine)
    other_worker = f.make_user("centre", centre=theirs)
    return {"mine": mine, "theirs": theirs, "worker": worker, "other_worker": other_worker}


@pytest.fixture
def signed_in(staff_client, two_centres) -> PageClient:
    f.sign_in(staff_client, two_centres["worker"])
    return PageClient(staff_client)


def hours_form(**days: tuple) -> dict:
    """Form data: each day closed unless given as (from, to[, from, to]); bank holidays closed."""
    data = {"bank_holidays": "closed"}
    for day in ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"):
        times = days.get(day, ())
        data[f"{day}_open"] = "open" if times else "closed"
        for index, name in enumerate(("from_1", "to_1", "from_2", "to_2")):
            data[f"{day}_{name}"] = times[index] if index < len(times) else ""
    return data


def error_messages(page: Page) -> list[str]:
    summary = page.select("div", data_module="govuk-error-summary")
    assert summary, "no error summary"
    return [" ".join(" ".join(li.itertext()).split()) for li in summary[0].iter("li")]


# --- home -----------------------------------------------------------------------------------------------


def test_staff_home_sends_a_centre_worker_to_their_centre(signed_in: PageClient) -> None:
    response = signed_in.client.get("/staff/")
    assert response.status_code == 302 and response.location.endswith("/staff/centre")
    page = signed_in.get("/staff/centre")
    assert page.h1 == "Chester Community Hub"
    nav = page.select("nav", class_="st-staff-nav")[0]
    assert [" ".join(a.itertext()).strip() for a in nav.iter("a")] == ["Your centre", "Your listing"]
    button = page.select("button", id="st-start-assisted")[0]
    form = next(el for el in page.doc.iter("form") if button in list(el.iter("button")))
    assert form.get("action") == "/report/assisted/start" and form.get("method") == "post"
    assert any(i.get("name") == "csrf_token" for i in form.iter("input"))


def test_home_lists_only_own_centres_reports_without_content(signed_in: PageClient, two_centres) -> None:
    mine = _assisted(two_centres["mine"], two_centres["worker"], days_ago=2, progress="with_police")
    theirs = _assisted(two_centres["theirs"], two_centres["other_worker"])
    online = f.make_report(f.CHESTER)
    page = signed_in.get("/staff/centre")
    table = page.select("table", class_="govuk-table")[0]
    rows = [" ".join(" ".join(tr.itertext()).split()) for tr in table.iter("tr")][1:]
    sent = (datetime.now(UTC) - timedelta(days=2)).astimezone()
    assert len(rows) == 1
    assert rows[0].startswith(mine.reference) and rows[0].endswith("Passed to the police")
    assert f"{sent.day} {sent:%B %Y}" in rows[0]
    for hidden in (theirs.reference, online.reference, "Shouted at me", "Sam Person", "sam@example.net"):
        assert hidden not in page.html
    assert not [a for a in page.doc.iter("a") if "/staff/reports" in (a.get("href") or "")]


def test_home_pages_the_sent_reports(signed_in: PageClient, two_centres, monkeypatch) -> None:
    monkeypatch.setattr(paging, "PER_PAGE", 2)
    made = [_assisted(two_centres["mine"], two_centres["worker"], days_ago=n) for n in range(5)]
    first = signed_in.get("/staff/centre")
    assert "Page 1 of 3" in first.text and made[0].reference in first.text
    assert made[2].reference not in first.text
    last = signed_in.get(first.links()["Next page"].replace("page=2", "page=3"))
    assert "Page 3 of 3" in last.text and made[4].reference in last.text


def test_no_reports_yet(signed_in: PageClient) -> None:
    assert "Your centre has not sent any reports yet." in signed_in.get("/staff/centre").text


# --- listing --------------------------------------------------------------------------------------------


def test_listing_reads_the_hours_back_in_words(signed_in: PageClient, two_centres) -> None:
    two_centres["mine"].opening_hours = "Mo-Fr 09:00-17:00; PH off"
    db.session.flush()
    page = signed_in.get("/staff/centre/listing")
    assert page.h1 == "Your centre's listing"
    hours = page.select("dd", id="st-listing-hours")[0]
    assert (
        " ".join(" ".join(hours.itertext()).split()) == "Monday to Friday 9am to 5pm, closed on bank holidays"
    )


def test_hours_form_shows_the_current_hours_then_saves_after_the_check(
    signed_in: PageClient, two_centres
) -> None:
    form_page = signed_in.get(HOURS)
    assert form_page.doc.find(".//input[@name='Mo_from_1']").get("value") == "09:00"
    assert form_page.doc.find(".//input[@name='Sa_open'][@value='closed']").get("checked") is not None
    data = hours_form(
        Mo=("9am", "12:30pm", "1:30pm", "5pm"), Tu=("9", "17:00"), We=("9", "17:00"), Sa=("10am", "midday")
    )
    response = signed_in.client.post(HOURS, data={**data, "csrf_token": form_page.csrf_token()})
    assert response.status_code == 303 and response.location.endswith("/staff/centre/listing/hours/check")
    check = signed_in.get("/staff/centre/listing/hours/check")
    assert check.select("div", id="st-hours-words")[0].text.strip() == (
        "Monday 9am to 12:30pm and 1:30pm to 5pm, Tuesday and Wednesday 9am to 5pm, Saturday 10am to midday, "
        "closed on bank holidays"
    )
    db.session.refresh(two_centres["mine"])
    assert two_centres["mine"].opening_hours == "Mo-Fr 09:00-17:00", "nothing saved before the check"
    # Change: the form comes back with the new answers.
    again = signed_in.get(f"{HOURS}?change=1")
    assert again.doc.find(".//input[@name='Mo_to_2']").get("value") == "17:00"
    saved = signed_in.client.post(
        "/staff/centre/listing/hours/check", data={"csrf_token": check.csrf_token()}, follow_redirects=True
    )
    assert "Opening hours saved" in saved.get_data(as_text=True)
    db.session.refresh(two_centres["mine"])
    assert (
        two_centres["mine"].opening_hours
        == "Mo 09:00-12:30,13:30-17:00; Tu-We 09:00-17:00; Sa 10:00-12:00; PH off"
    )
    row = (
        db.session.query(AuditEvent).filter_by(action="centre_updated").order_by(AuditEvent.id.desc()).first()
    )
    assert row.object_id == str(two_centres["mine"].id) and row.actor_id == two_centres["worker"].id
    assert row.detail == {"by": "centre", "fields": ["opening_hours"]}


@pytest.mark.parametrize(
    ("days", "bank", "expected"),
    [
        ({"Mo": ("9am", "")}, "closed", ["Enter the time the centre closes on Monday"]),
        ({"Mo": ("", "5pm")}, "closed", ["Enter the time the centre opens on Monday"]),
        ({"Tu": ("25:00", "5pm")}, "closed", ["Enter a time on Tuesday like 9am, 5:30pm or 17:30"]),
        ({"We": ("nine", "5pm")}, "closed", ["Enter a time on Wednesday like 9am, 5:30pm or 17:30"]),
        ({"Th": ("5pm", "9am")}, "closed", ["The closing time on Thursday must be after the opening time"]),
        (
            {"Fr": ("9am", "1pm", "12pm", "5pm")},
            "closed",
            ["The second opening on Friday must start after the first one ends"],
        ),
        ({"Sa": ("9am", "1pm", "2pm", "")}, "closed", ["Enter the time the centre closes on Saturday"]),
        ({}, "", ["Select whether the centre is closed on bank holidays"]),
    ],
)
def test_hours_form_errors(signed_in: PageClient, days: dict, bank: str, expected: list[str]) -> None:
    token = signed_in.get(HOURS).csrf_token()
    data = {**hours_form(**days), "bank_holidays": bank, "csrf_token": token}
    page = signed_in.post(HOURS, data)
    assert page.title.startswith("Error:")
    assert error_messages(page) == expected


def test_hours_form_refuses_times_on_a_closed_day(signed_in: PageClient) -> None:
    token = signed_in.get(HOURS).csrf_token()
    data = {**hours_form(), "Su_from_1": "10am", "csrf_token": token}
    page = signed_in.post(HOURS, data)
    assert error_messages(page) == ["Sunday is marked as closed: select open, or delete its times"]
    assert page.doc.find(".//input[@name='Su_from_1']").get("value") == "10am", "what was typed stays"


def test_the_check_page_without_checked_hours_goes_back_to_the_form(signed_in: PageClient) -> None:
    response = signed_in.client.get("/staff/centre/listing/hours/check")
    assert response.status_code == 302 and response.location.endswith(HOURS)


def test_access_and_languages(signed_in: PageClient, two_centres) -> None:
    two_centres["mine"].languages = ["xh"]  # one outside the usual list stays offered
    db.session.flush()
    page = signed_in.get("/staff/centre/listing/access")
    labels = [" ".join(label.itertext()).strip() for label in page.doc.iter("label")]
    assert "Step-free access" in labels and "Polish" in labels and "Xhosa" in labels
    response = signed_in.client.post(
        "/staff/centre/listing/access",
        data={
            "csrf_token": page.csrf_token(),
            "accessibility": ["step-free", "bsl"],
            "languages": ["ur", "pl"],
        },
    )
    assert response.status_code == 302
    db.session.refresh(two_centres["mine"])
    assert two_centres["mine"].accessibility == ["step-free", "bsl"]
    assert two_centres["mine"].languages == ["pl", "ur"]
    listing = signed_in.get("/staff/centre/listing")
    assert "Polish, Urdu" in listing.text and "British Sign Language (BSL) on request" in listing.text


def test_access_refuses_a_feature_that_does_not_exist(signed_in: PageClient, two_centres) -> None:
    token = signed_in.get("/staff/centre/listing/access").csrf_token()
    page = signed_in.post("/staff/centre/listing/access", {"csrf_token": token, "accessibility": ["helipad"]})
    assert page.title.startswith("Error:")
    db.session.refresh(two_centres["mine"])
    assert two_centres["mine"].accessibility == []


def test_still_right_refreshes_last_checked(staff_client, two_centres) -> None:
    two_centres["mine"].last_checked = date(2025, 1, 10)
    db.session.flush()
    with time_machine.travel(datetime(2026, 3, 4, 10, 0, tzinfo=UTC), tick=False):
        f.sign_in(staff_client, two_centres["worker"])
        pages = PageClient(staff_client)
        before = pages.get("/staff/centre/listing")
        assert "Your listing has not been checked for 6 months" in before.text
        assert before.select("dd", id="st-listing-checked")[0].text == "10 January 2025"
        response = staff_client.post(
            "/staff/centre/listing/still-right", data={"csrf_token": before.csrf_token()}
        )
        assert response.status_code == 302
        after = pages.get("/staff/centre/listing")
    assert after.select("dd", id="st-listing-checked")[0].text == "4 March 2026"
    assert "Your listing has not been checked" not in after.text
    assert "Thank you. Your listing is marked as checked today." in after.text
    db.session.expire_all()
    assert two_centres["mine"].last_checked == date(2026, 3, 4) and two_centres["theirs"].last_checked is None


# --- administrators make centre workers ----------------------------------------------------------------


def test_admin_creates_a_centre_worker_who_must_have_a_centre(staff_client, two_centres) -> None:
    f.load_areas()
    admin = f.make_user("admin")
    f.sign_in(staff_client, admin)
    pages = PageClient(staff_client)
    form = pages.get("/staff/users/new")
    assert "Centre worker: assisted reports and their centre's listing" in form.text
    data = {
        "csrf_token": form.csrf_token(),
        "email": "new.worker@example.org",
        "role": "centre",
        "active": "y",
    }
    refused = pages.post("/staff/users/new", data)
    assert error_messages(refused) == ["Select the reporting centre this person works at"]
    made = pages.post("/staff/users/new", {**data, "centre": str(two_centres["theirs"].id)})
    assert "new.worker@example.org" in made.text
    user = db.session.query(StaffUser).filter_by(email="new.worker@example.org").one()
    assert user.role == "centre" and user.centre_id == two_centres["theirs"].id
    # Made an editor: the centre goes (a database rule says only centre workers have one).
    edit = pages.get(f"/staff/users/{user.id}")
    pages.client.post(
        f"/staff/users/{user.id}",
        data={"csrf_token": edit.csrf_token(), "email": user.email, "role": "editor", "active": "y"},
    )
    db.session.refresh(user)
    assert user.role == "editor" and user.centre_id is None


def test_create_staff_makes_a_centre_worker_by_the_centres_slug(app, two_centres) -> None:
    runner = app.test_cli_runner()
    slug = two_centres["mine"].slug
    made = runner.invoke(
        args=["create-staff", "cli.worker@example.org", "--role", "centre", "--centre", slug]
    )
    assert made.exit_code == 0, made.output
    assert "Created centre cli.worker@example.org at Chester Community Hub." in made.output
    user = db.session.query(StaffUser).filter_by(email="cli.worker@example.org").one()
    assert user.centre_id == two_centres["mine"].id
    missing = runner.invoke(args=["create-staff", "a@example.org", "--role", "centre"])
    assert missing.exit_code != 0 and "A centre worker needs --centre SLUG." in missing.output
    unknown = runner.invoke(args=["create-staff", "b@example.org", "--role", "centre", "--centre", "nowhere"])
    assert unknown.exit_code != 0 and "No centre has the slug 'nowhere'." in unknown.output
    editor = runner.invoke(args=["create-staff", "c@example.org", "--role", "editor", "--centre", slug])
    assert editor.exit_code != 0 and "Only a centre worker" in editor.output


def test_demo_data_has_a_centre_worker_at_an_example_centre(app, staff_db) -> None:
    from app.centres import demo as centres_demo
    from app.staff import demo

    centres_demo.seed()
    said = demo.seed()
    assert f"demo centre worker {demo.DEMO_CENTRE_WORKER} at " in said
    first = said.split("demo centre worker")[1].split("one-time password ")[1].split()[0]
    again = demo.seed().split("demo centre worker")[1].split("one-time password ")[1].split()[0]
    assert first != again
    worker = db.session.query(StaffUser).filter_by(email=demo.DEMO_CENTRE_WORKER).one()
    assert worker.role == "centre" and worker.centre is not None and worker.centre.is_example
