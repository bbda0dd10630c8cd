"""Checking a report's progress with its reference and progress code, as a person would: the code
from the confirmation page, staff status changes feeding the answer, and guessing refused."""

from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import select

from app.report.models import Report
from tests.fixtures import staff as f
from tests.integration.test_report_journey import PERSONAL, REFERENCE, send, walk
from tests.pages import Page, PageClient

CODE = re.compile(r"Your progress code: ([234679ACDEFGHJKMNPQRTVWXY]{3}-[234679ACDEFGHJKMNPQRTVWXY]{3})")
NOT_FOUND = "We could not find a report with that reference and progress code. Check both and try again"


def sent_online(pages: PageClient) -> tuple[str, str]:
    """Send a whole report through the journey; the reference and progress code the person was shown."""
    done = send(pages, walk(pages))
    reference, code = REFERENCE.search(done.text), CODE.search(done.text)
    assert reference and code, done.text
    assert "Check the progress of your report" in done.text
    assert "/report/progress" in done.text
    return reference.group(0), code.group(1)


def check(pages: PageClient, reference: str, code: str, **kwargs: object) -> Page:
    form = pages.get("/report/progress")
    return pages.post(
        "/report/progress",
        {"csrf_token": form.csrf_token(), "reference": reference, "secret": code},
        **kwargs,
    )


def test_the_confirmation_gives_a_code_that_shows_progress_and_nothing_else(pages: PageClient) -> None:
    reference, code = sent_online(pages)
    # Typed carelessly: lower case, spaces instead of dashes.
    page = check(pages, reference.lower().replace("-", " "), code.lower().replace("-", ""))
    assert page.h1 == "Progress of your report"
    assert reference in page.text and "Received" in page.text
    assert "Staff will read it within 2 working days" in page.text
    for personal in PERSONAL:
        assert personal not in page.text
    assert "Bartholomew" not in page.html and "Zebedee" not in page.html


def test_the_code_is_stored_only_as_a_keyed_hash(pages: PageClient, db_session) -> None:
    reference, code = sent_online(pages)
    report = db_session.scalar(select(Report).where(Report.reference == reference))
    assert report.progress_secret_hash and code not in report.progress_secret_hash
    assert code.replace("-", "") not in report.progress_secret_hash


def test_staff_status_changes_are_what_the_check_says(app: Flask, pages: PageClient, db_session) -> None:
    areas = f.load_areas()
    reference, code = sent_online(pages)  # CH1 2AB: routed to the West area on arrival
    report = db_session.scalar(select(Report).where(Report.reference == reference))
    staff = app.test_client()
    f.sign_in(staff, f.make_user("reviewer", [areas[f.WEST]]))
    token = PageClient(staff).get(f"/staff/reports/{report.id}").csrf_token()
    steps = [
        ({"status": "in_review"}, "Being looked at"),
        ({"status": "referred_support"}, "Being looked at"),
        ({"status": "referred_police", "force": "Cheshire Constabulary"}, "Passed to the police"),
        ({"status": "closed"}, "Closed"),
    ]
    for change, shown in steps:
        response = staff.post(f"/staff/reports/{report.id}/status", data={"csrf_token": token, **change})
        assert response.status_code == 302
        page = check(pages, reference, code)
        assert page.h1 == "Progress of your report"
        values = page.select("dd", class_="govuk-summary-list__value")
        assert " ".join(" ".join(values[1].itertext()).split()) == shown
        # Where else it went, the force and staff notes are never told.
        assert "Cheshire Constabulary" not in page.text and "Referred" not in page.text


def _answer(page: Page) -> tuple[str, str, str]:
    """What a person sees of the answer: title, heading and every message (the typed values aside)."""
    messages = page.select("div", class_="govuk-error-summary") + page.select(
        "p", class_="govuk-error-message"
    )
    return page.title, page.h1, " | ".join(" ".join(" ".join(m.itertext()).split()) for m in messages)


def test_unknown_reference_and_wrong_code_get_the_same_answer(pages: PageClient) -> None:
    reference, code = sent_online(pages)
    wrong_code = check(pages, reference, "AAA-AAA")
    unknown = check(pages, "HC-AAAA-AAAA", code)
    assert NOT_FOUND in wrong_code.text
    assert _answer(wrong_code) == _answer(unknown)
    assert wrong_code.response.status_code == unknown.response.status_code == 200
    assert wrong_code.title.startswith("Error: ")
    empty = check(pages, "", "")
    assert "Enter the reference of the report" in empty.text
    assert "Enter the progress code you were given" in empty.text


def test_guessing_one_reference_is_stopped_from_any_address(pages: PageClient) -> None:
    reference, code = sent_online(pages)
    statuses = []
    for attempt in range(11):
        address = {"REMOTE_ADDR": f"192.0.2.{attempt + 1}"}  # a new address every time
        form = pages.get("/report/progress")
        response = pages.client.post(
            "/report/progress",
            data={
                "csrf_token": form.csrf_token(),
                "reference": reference,
                "secret": f"AAA-A{attempt % 9 + 2}A",
            },
            environ_base=address,
        )
        statuses.append(response.status_code)
    assert statuses == [200] * 10 + [429]
    # Even the right code waits now: the limit counts the reference, whoever asks.
    right = pages.client.post(
        "/report/progress",
        data={
            "csrf_token": pages.get("/report/progress").csrf_token(),
            "reference": reference,
            "secret": code,
        },
        environ_base={"REMOTE_ADDR": "198.51.100.7"},
    )
    assert right.status_code == 429
    assert "You have tried this too many times" in right.get_data(as_text=True)


def test_one_address_trying_many_references_is_stopped(pages: PageClient) -> None:
    token = pages.get("/report/progress").csrf_token()
    statuses = [
        pages.client.post(
            "/report/progress",
            data={"csrf_token": token, "reference": f"HC-AAAA-A{n:03d}", "secret": "AAA-AAA"},
        ).status_code
        for n in range(21)
    ]
    assert statuses == [200] * 20 + [429]
