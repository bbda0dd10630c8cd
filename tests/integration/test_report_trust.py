"""What the reporter sees is true and nothing typed is lost: save as typed, resume elsewhere, exit with a
code, phone numbers, the printable copy's window, caching, language and dates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import func, select

from app import crypto
from app.geo.importers import import_postcodes
from app.report.models import Report, ReportDraft
from app.signals import report_arrived
from tests.integration.test_report_drafts import get_code
from tests.integration.test_report_journey import at_check, errors, seed, send
from tests.pages import PageClient

CODEPOINT = "geo/codepoint_open_2014_CH_CW_WA_SK_sample.csv"
DESCRIPTION = "He followed me from the bus stop to the corner shop and shouted at me"


def save_from(pages: PageClient, step: str, typed: dict[str, object]) -> tuple[str, object]:
    """Type on a step, press "Save and come back later" (a button in the step's form), get a code."""
    page = pages.get(f"/report/{step}")
    saved = pages.post(
        f"/report/{step}", {"csrf_token": page.csrf_token(), **typed, "save": "1"}, follow_redirects=True
    )
    assert saved.response.request.path == "/report/save", saved.text
    assert "Your answers so far are saved" in saved.text
    return get_code(pages)[0], saved


def resume_elsewhere(app, code: str) -> PageClient:
    other = PageClient(app.test_client())
    form = other.get("/report/resume")
    resumed = other.client.post("/report/resume", data={"csrf_token": form.csrf_token(), "code": code})
    assert resumed.status_code == 303
    return other


def test_save_keeps_what_is_typed_on_the_current_page(app, pages: PageClient, db_session) -> None:
    seed(pages, upto="describe")
    code, _ = save_from(pages, "describe", {"description": DESCRIPTION})
    other = resume_elsewhere(app, code)
    page = other.get("/report/describe")
    assert page.select("textarea", name="description")[0].text.strip() == DESCRIPTION
    assert not errors(page)  # kept as typed, judged only when the person continues


def test_save_keeps_an_unfinished_page_as_typed_and_judges_it_on_continue(
    app, pages: PageClient, db_session
) -> None:
    seed(pages, upto="when")
    typed = {"incident_date-day": "31", "incident_date-month": "feb", "incident_date-year": ""}
    code, _ = save_from(pages, "when", typed)
    other = resume_elsewhere(app, code)
    when = other.get("/report/when")
    assert [when.select("input", name=f"incident_date-{p}")[0].get("value") for p in ("day", "month")] == [
        "31",
        "feb",
    ]
    assert not errors(when)
    again = other.post("/report/when", {"csrf_token": when.csrf_token(), **typed, "still_happening": "no"})
    assert errors(again) == ["Date it happened must include a year"]


def test_resuming_elsewhere_tells_the_first_browser_the_truth(app, pages: PageClient, db_session) -> None:
    seed(pages, upto="describe")
    code, _ = get_code(pages)
    resume_elsewhere(app, code)
    start = pages.get("/report/why", follow_redirects=True)
    assert start.response.request.path == "/report"
    assert "opened on another device" in start.text
    assert "had not been used for a while" not in start.text
    assert "Start now" in start.text


def test_exit_keeps_a_draft_that_has_a_code_so_the_code_still_works(
    app, pages: PageClient, db_session
) -> None:
    seed(pages, upto="describe")
    code, shown = get_code(pages)
    assert "this browser forgets your answers, but we keep them" in shown
    pages.client.get("/exit")
    assert db_session.scalar(select(ReportDraft.id)) is not None
    other = resume_elsewhere(app, code)
    assert other.get("/report/describe").h1 == "Describe what happened"


def test_exit_still_deletes_a_draft_without_a_code(pages: PageClient, db_session) -> None:
    seed(pages, upto="describe")
    pages.client.get("/exit")
    assert db_session.scalar(select(ReportDraft.id)) is None


def test_phone_numbers_from_the_hint_are_accepted_and_shown_in_national_format(
    pages: PageClient, db_session
) -> None:
    seed(pages)
    for step, typed in (
        ("contact-details", {"phone": "07700 900 982", "email": ""}),
        ("victim-contact", {"victim_phone": "01632 960 001"}),
    ):
        url = f"/report/{step}?return=check"
        page = pages.get(url)
        done = pages.post(url, {"csrf_token": page.csrf_token(), **typed}, follow_redirects=True)
        assert done.response.request.path == "/report/check-answers", errors(done)
    check = pages.get("/report/check-answers")
    assert "07700 900982" in check.text and "01632 960001" in check.text
    assert "+447700900982" not in check.text


def test_printable_copy_only_for_a_short_while_and_never_cached(pages: PageClient, db_session) -> None:
    done = send(pages, at_check(pages))
    assert done.response.headers["Cache-Control"] == "no-store"
    copy = pages.get("/report/confirmation/copy")
    assert "Bartholomew Quince" in copy.text
    reference = db_session.scalar(select(Report.reference))
    assert reference not in copy.title and reference not in done.title
    assert copy.response.headers["Cache-Control"] == "no-store"
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=31), tick=False):
        gone = pages.get("/report/confirmation/copy")
        later = pages.get("/report/confirmation")
    assert gone.h1 == "The copy of your report has gone"
    assert "Bartholomew" not in gone.text and "for your safety" in gone.text.lower()
    assert "View and print a copy" not in later.text


def test_every_report_response_is_never_stored(pages: PageClient, db_session) -> None:
    for url in ("/report", "/report/reporting-as", "/report/resume", "/report/save", "/report/deleted"):
        response = pages.client.get(url)
        assert response.headers["Cache-Control"] == "no-store", url


def test_the_stored_language_is_the_one_the_site_shows(pages: PageClient, db_session) -> None:
    send(pages, at_check(pages))
    assert db_session.scalar(select(Report.language)) == "en"


def test_the_incident_postcode_is_not_filled_in_from_the_home_address(pages: PageClient, db_session) -> None:
    seed(pages, upto="location")
    field = pages.get("/report/location").select("input", name="postcode")[0]
    assert field.get("autocomplete") == "off"


def test_dates_on_check_answers_and_the_copy_are_in_the_page_language(pages: PageClient, db_session) -> None:
    check = at_check(pages)
    assert "3 March 2025" in check.text
    assert "3 Mawrth 2025" in pages.get("/report/check-answers?lang=cy").text
    send(pages, check)
    assert "3 Mawrth 2025" in pages.get("/report/confirmation/copy?lang=cy").text


def test_the_exact_incident_point_is_kept_only_encrypted(pages: PageClient, db_session, test_data) -> None:
    import_postcodes(test_data / CODEPOINT)  # CH1 3BA is at 53.194354, -2.882315
    heard: list[dict] = []

    def listen(sender: object, **point: object) -> None:
        heard.append(point)

    seed(pages)
    page = pages.get("/report/location?return=check")
    changed = pages.client.post(
        "/report/location?return=check",
        data={"csrf_token": page.csrf_token(), "postcode": "CH1 3BA", "place_description": "By number 4"},
    )
    assert changed.status_code == 303
    with report_arrived.connected_to(listen):
        send(pages, pages.get("/report/check-answers"))
    report = db_session.scalar(select(Report))
    where = func.ST_AsText(Report.location)
    stored = db_session.execute(select(func.ST_Y(where), func.ST_X(where))).one()
    assert tuple(round(v, 6) for v in stored) == (53.19, -2.88)  # the ~1 km grid, not the postcode
    assert report.outward_code == "CH1"
    details = crypto.decrypt_json(report.details)
    assert (details["latitude"], details["longitude"]) == (53.194354, -2.882315)
    # What must be exact (routing to the right area) is decided as the report arrives, from this point.
    assert heard == [{"report_id": report.id, "latitude": 53.194354, "longitude": -2.882315}]
