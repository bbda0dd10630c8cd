"""Assisted reports, as a centre worker and the victim beside them see them: the journey without the
worker's own role, the victim's consent to the centre sending it, the centre and worker recorded from
the signed-in worker (never the form), a timed-out worker, and the receipt with nothing personal."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.report import drafts
from app.report.models import Report, ReportDraft
from tests.fixtures import staff as f
from tests.integration.test_report_journey import ANSWERS, PERSONAL, REFERENCE, errors, send, walk
from tests.pages import Page, PageClient

staff_db = f.staff_db  # fixture
START = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
CODE = re.compile(r"Your progress code: ([234679ACDEFGHJKMNPQRTVWXY]{3}-[234679ACDEFGHJKMNPQRTVWXY]{3})")
ASSISTED_NOT_SENT = "/report/assisted/not-sent"
SIGNED_OUT = "/report/assisted/signed-out"
WORKER_ROLE = "A reporting centre or support worker reporting for a victim"
#: The victim reports what happened to them, with contact details (personal data on the way).
VICTIM = {
    "reporting-as": {"role": "victim"},
    "centre-consent": {"centre_agrees": "yes"},
}


def worker_at(centre_name: str = "Chester Library") -> tuple:
    centre = f.make_centre(centre_name)
    return centre, f.make_user("centre", centre=centre)


def start_assisted(pages: PageClient) -> Page:
    token = pages.get("/report/progress").csrf_token()
    return pages.post("/report/assisted/start", {"csrf_token": token}, follow_redirects=True)


def answer_until(pages: PageClient, stop: str, overrides: dict[str, dict[str, object]] | None = None) -> Page:
    """Answer whatever each page asks (the victim's answers) until the page at path ``stop``."""
    given = {**ANSWERS, **VICTIM, **(overrides or {})}
    page = pages.get("/report/reporting-as")
    for _ in range(25):
        path = page.response.request.path
        if path == stop:
            return page
        step = path.rsplit("/", 1)[-1]
        page = pages.post(path, {"csrf_token": page.csrf_token(), **given[step]}, follow_redirects=True)
        assert not errors(page), f"{step}: {errors(page)}"
    raise AssertionError(f"the journey never reached {stop}")


def helped_to_check(pages: PageClient, **overrides: dict[str, object]) -> Page:
    """A signed-in worker starts an assisted report and the victim answers up to check answers."""
    start_assisted(pages)
    return answer_until(pages, "/report/check-answers", overrides)


def sent(pages: PageClient) -> Page:
    return send(pages, helped_to_check(pages))


def radio_labels(page: Page) -> list[str]:
    return [
        " ".join(" ".join(label.itertext()).split())
        for label in page.select("label", class_="govuk-radios__label")
    ]


def reports(db) -> list[Report]:
    return list(db.scalars(select(Report)))


def draft_count(db) -> int:
    return db.scalar(select(func.count()).select_from(ReportDraft))


def session_keys(client: FlaskClient) -> set[str]:
    with client.session_transaction() as session:
        return set(session.keys())


# --- the journey ---------------------------------------------------------------------------------------


def test_the_worker_role_is_not_offered_in_an_assisted_report(client, pages, staff_db) -> None:
    assert WORKER_ROLE in radio_labels(pages.get("/report/reporting-as"))  # the public journey offers it
    _, worker = worker_at()
    f.sign_in(client, worker)
    first = start_assisted(pages)
    assert first.response.request.path == "/report/reporting-as"
    labels = radio_labels(first)
    assert WORKER_ROLE not in labels and "The person it happened to" in labels
    forced = pages.post("/report/reporting-as", {"csrf_token": first.csrf_token(), "role": "worker"})
    assert errors(forced), "a worker role sent by hand is refused"
    # Save and come back later is not offered on a shared computer.
    assert "Save and come back later" not in first.text


def test_the_victim_is_asked_whether_the_centre_may_send_it(client, pages, staff_db) -> None:
    _, worker = worker_at("Chester Library")
    f.sign_in(client, worker)
    start_assisted(pages)
    page = pages.get("/report/reporting-as")
    seen = []
    while page.response.request.path != "/report/check-answers":
        step = page.response.request.path.rsplit("/", 1)[-1]
        seen.append(step)
        if step == "centre-consent":
            assert page.h1 == "Sending your report with a reporting centre"
            legend = page.select("legend")[0]
            assert " ".join(" ".join(legend.itertext()).split()) == (
                "Do you agree to Chester Library sending this report for you?"
            )
            assert "nothing is sent and your answers are deleted" in page.text
            empty = pages.post("/report/centre-consent", {"csrf_token": page.csrf_token()})
            assert errors(empty) == ["Select yes if you agree to Chester Library sending this report for you"]
        data = {**ANSWERS, **VICTIM}[step]
        page = pages.post(
            page.response.request.path, {"csrf_token": page.csrf_token(), **data}, follow_redirects=True
        )
    assert seen[-2:] == ["consent", "centre-consent"]
    assert "victim-consent" not in seen  # the person being helped is the victim
    rows = {
        " ".join(" ".join(row.find("dt").itertext()).split()): row
        for row in page.select("div", class_="govuk-summary-list__row")
    }
    helped = rows["Sent with help from"]
    assert "Chester Library" in " ".join(helped.itertext())
    assert not [a for a in helped.iter("a")], "the centre is recorded, not chosen: no Change link"
    assert rows["You agree to the centre sending it"].find(".//a") is not None


def test_no_consent_sends_nothing_and_forgets_the_answers(client, pages, staff_db) -> None:
    _, worker = worker_at()
    f.sign_in(client, worker)
    start_assisted(pages)
    page = pages.get("/report/reporting-as")
    while not page.response.request.path.endswith("/centre-consent"):
        step = page.response.request.path.rsplit("/", 1)[-1]
        page = pages.post(
            f"/report/{step}",
            {"csrf_token": page.csrf_token(), **{**ANSWERS, **VICTIM}[step]},
            follow_redirects=True,
        )
    done = pages.post(
        "/report/centre-consent",
        {"csrf_token": page.csrf_token(), "centre_agrees": "no"},
        follow_redirects=True,
    )
    assert done.response.request.path == ASSISTED_NOT_SENT
    assert done.h1 == "Your report has not been sent"
    assert "nothing was sent and your answers have been deleted" in done.text
    assert "Other ways to report" in done.text and "101" in done.text
    assert done.links()["Back to your centre’s page"] == "/staff/centre"
    assert reports(staff_db) == [] and draft_count(staff_db) == 0
    assert drafts.SESSION_KEY not in session_keys(client)


def test_the_centre_and_worker_come_from_the_signed_in_worker_not_the_form(client, pages, staff_db) -> None:
    centre, worker = worker_at()
    other_centre, other_worker = worker_at("Somewhere Else")
    f.sign_in(client, worker)
    check = helped_to_check(pages, **{"reporting-as": {"role": "victim", "centre_id": str(other_centre.id)}})
    forged = {
        "csrf_token": check.csrf_token(),
        "centre_id": str(other_centre.id),
        "worker_id": str(other_worker.id),
        "assisted_by_id": str(other_worker.id),
        "channel": "online",
    }
    done = pages.post("/report/check-answers", forged, follow_redirects=True)
    assert done.response.request.path == "/report/receipt"
    (report,) = reports(staff_db)
    assert (report.channel, report.centre_id, report.assisted_by_id) == ("assisted", centre.id, worker.id)


def test_an_online_report_sent_by_a_signed_in_worker_is_not_assisted(client, pages, staff_db) -> None:
    _, worker = worker_at()
    f.sign_in(client, worker)
    send(pages, walk(pages))  # not started as an assisted report
    (report,) = reports(staff_db)
    assert (report.channel, report.centre_id, report.assisted_by_id) == ("online", None, None)


def test_only_a_signed_in_centre_worker_can_start_an_assisted_report(app, client, pages, staff_db) -> None:
    token = pages.get("/report/progress").csrf_token()
    assert client.post("/report/assisted/start", data={"csrf_token": token}).status_code == 404
    reviewer = app.test_client()
    f.sign_in(reviewer, f.make_user("reviewer", [f.load_areas()[f.WEST]]))
    token = PageClient(reviewer).get("/report/progress").csrf_token()
    assert reviewer.post("/report/assisted/start", data={"csrf_token": token}).status_code == 404
    assert draft_count(staff_db) == 0


# --- a worker whose sign-in ended -------------------------------------------------------------------------


def test_a_timed_out_worker_sends_nothing_and_signing_in_again_carries_on(client, pages, staff_db) -> None:
    centre, worker = worker_at()
    with time_machine.travel(START, tick=False) as clock:
        f.sign_in(client, worker)
        check = helped_to_check(pages)
        clock.shift(timedelta(minutes=40))  # the victim took their time: the worker's session ended
        page = pages.post("/report/check-answers", {"csrf_token": check.csrf_token()}, follow_redirects=True)
        assert page.response.request.path == SIGNED_OUT
        assert page.h1 == "Sign in again to send this report"
        assert "The report has not been sent" in page.text
        assert page.links()["Sign in again"] == "/staff/sign-in"
        assert reports(staff_db) == [] and draft_count(staff_db) == 1

        clock.shift(timedelta(minutes=1))
        f.sign_in(client, worker)
        again = start_assisted(pages)  # from the centre's page: the same answers open again
        assert again.response.request.path == "/report/check-answers"
        assert "Bartholomew Quince" in again.text
        done = send(pages, again)
        assert done.response.request.path == "/report/receipt"
    (report,) = reports(staff_db)
    assert (report.channel, report.centre_id, report.assisted_by_id) == ("assisted", centre.id, worker.id)


def test_someone_else_signing_in_does_not_get_the_draft(app, client, pages, staff_db) -> None:
    _, worker = worker_at()
    _, stranger = worker_at("Another centre")
    reviewer = f.make_user("reviewer", [f.load_areas()[f.WEST]])
    for hour, other in enumerate((stranger, reviewer)):
        with time_machine.travel(START + timedelta(hours=hour), tick=False) as clock:
            f.sign_in(client, worker)
            helped_to_check(pages)
            assert drafts.SESSION_KEY in session_keys(client)
            clock.shift(timedelta(minutes=40))
            f.sign_in(client, other)
            assert drafts.SESSION_KEY not in session_keys(client), other.role
            assert (
                pages.get("/report/check-answers", follow_redirects=True).response.request.path == "/report"
            )
        client.get("/exit")


def test_the_same_worker_signing_in_keeps_only_an_assisted_draft(client, pages, staff_db) -> None:
    _, worker = worker_at()
    walk(pages)  # someone's own online report in progress on this computer
    f.sign_in(client, worker)
    assert drafts.SESSION_KEY not in session_keys(client)


# --- after sending ------------------------------------------------------------------------------------------


def test_the_receipt_has_the_reference_code_and_support_and_nothing_personal(client, pages, staff_db) -> None:
    _, worker = worker_at("Chester Library")
    f.sign_in(client, worker)
    receipt = sent(pages)
    assert receipt.response.request.path == "/report/receipt"
    assert receipt.h1 == "Receipt for your report"
    (report,) = reports(staff_db)
    assert REFERENCE.search(receipt.text).group(0) == report.reference
    assert CODE.search(receipt.text), receipt.text
    assert "http://localhost/report/progress" in receipt.text
    assert "What happens next" in receipt.text
    for number in ("999", "101", "18000"):
        assert number in receipt.text
    for line in (
        "Victim Support: call 08 08 16 89 111",
        "Stop Hate UK: call 0800 138 1625",
        "Samaritans: call 116 123",
    ):
        assert line in receipt.text
    for personal in PERSONAL:
        assert personal not in receipt.text and personal not in receipt.html
    (button,) = receipt.select("button", **{"data-st-print": ""})
    assert button.get("hidden") is not None  # shown only by print.js
    assert "print it or write down the reference and progress code" in receipt.text
    assert any(s.get("src", "").endswith("/print.js") for s in receipt.doc.iter("script"))
    # The confirmation page and the printable copy of the answers are not for a shared computer.
    assert pages.get("/report/confirmation", follow_redirects=True).response.request.path == "/report/receipt"
    assert client.get("/report/confirmation/copy").status_code == 404


def test_the_receipt_is_in_the_language_the_victim_reported_in(client, pages, staff_db) -> None:
    _, worker = worker_at()
    f.sign_in(client, worker)
    client.set_cookie("lang", "cy")
    send(pages, helped_to_check(pages))
    client.set_cookie("lang", "en")  # the worker's own language on this computer
    receipt = pages.get("/report/receipt")
    (report,) = reports(staff_db)
    assert report.language == "cy"
    assert receipt.doc.get("lang") == "cy"
    assert "Eich cyfeirnod" in receipt.text and "Beth sy'n digwydd nesaf" in receipt.text
    assert "Cael cymorth" in receipt.text
    assert pages.get("/report/receipt?lang=en").doc.get("lang") == "en"  # asked for by name


def test_finish_clears_the_session_and_returns_to_the_centre(client, pages, staff_db) -> None:
    _, worker = worker_at()
    f.sign_in(client, worker)
    receipt = sent(pages)
    assert {key for key in session_keys(client) if key.startswith("report_")}
    response = client.post("/report/receipt/finish", data={"csrf_token": receipt.csrf_token()})
    assert response.status_code == 303 and response.location.endswith("/staff/centre")
    assert not {key for key in session_keys(client) if key.startswith("report_")}
    assert "_user_id" in session_keys(client)  # the worker stays signed in for the next person
    assert pages.get("/report/receipt", follow_redirects=True).response.request.path == "/report"
    assert client.post("/report/receipt/finish", data={}).status_code == 400  # CSRF


def test_exit_during_an_assisted_report_forgets_it(client, pages, staff_db) -> None:
    _, worker = worker_at()
    f.sign_in(client, worker)
    helped_to_check(pages)
    assert draft_count(staff_db) == 1
    client.get("/exit")
    assert draft_count(staff_db) == 0 and reports(staff_db) == []
    assert not session_keys(client)


@pytest.mark.parametrize("way", ["/staff/sign-out", "/staff/account/sign-out-everywhere"])
def test_signing_out_during_an_assisted_report_deletes_it(client, pages, staff_db, way: str) -> None:
    """A worker called away signs out: nothing of the victim's stays, in the browser or on the server."""
    _, worker = worker_at()
    f.sign_in(client, worker)
    check = helped_to_check(pages)
    assert draft_count(staff_db) == 1
    response = client.post(way, data={"csrf_token": check.csrf_token()})
    assert response.status_code in (302, 303)
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
    assert draft_count(staff_db) == 0 and reports(staff_db) == []
    assert not {key for key in session_keys(client) if key.startswith("report_")}
    assert pages.get("/report/check-answers", follow_redirects=True).response.request.path == "/report"


def test_nobody_sees_the_victims_answers_once_the_worker_has_timed_out(client, pages, staff_db) -> None:
    """A worker walks away from the shared computer; whoever sits down next opens the report's pages."""
    _, worker = worker_at()
    with time_machine.travel(START, tick=False) as clock:
        f.sign_in(client, worker)
        helped_to_check(pages)
        clock.shift(timedelta(minutes=40))
        for path in (
            "/report/check-answers",
            "/report/describe",
            "/report/contact-details",
            "/report/consent",
        ):
            page = pages.get(path, follow_redirects=True)
            assert page.response.request.path == SIGNED_OUT, path
            for personal in PERSONAL:
                assert personal not in page.text and personal not in page.html, (path, personal)
        assert draft_count(staff_db) == 1 and reports(staff_db) == []  # kept for the worker's return


def test_a_worker_timed_out_on_a_staff_page_signs_in_again_and_carries_on(client, pages, staff_db) -> None:
    """The idle timeout clears the session but keeps a live assisted draft's key: its pages show
    nothing while nobody is signed in, and the same centre's worker carries on after signing in."""
    _, worker = worker_at()
    with time_machine.travel(START, tick=False) as clock:
        f.sign_in(client, worker)
        helped_to_check(pages)
        clock.shift(timedelta(minutes=40))
        assert client.get("/staff/centre").location.startswith("/staff/sign-in")
        assert pages.get("/report/check-answers", follow_redirects=True).response.request.path == SIGNED_OUT
        clock.shift(timedelta(minutes=1))
        f.sign_in(client, worker)
        again = start_assisted(pages)
        assert again.response.request.path == "/report/check-answers"
        assert "Bartholomew Quince" in again.text
