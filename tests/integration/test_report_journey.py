"""The whole report journey with JavaScript off, through the test client (POST → redirect → GET)."""

from __future__ import annotations

import re
import secrets
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, text

from app.extensions import db
from app.report import drafts, journey, queries
from app.report.answers import Answers
from app.report.models import Report, ReportDraft
from tests.pages import Page, PageClient

REFERENCE = re.compile(r"HC-[234679ACDEFGHJKMNPQRTVWXY]{4}-[234679ACDEFGHJKMNPQRTVWXY]{4}")

# Answers for every step, as a person would type them (the longest path: on behalf, with contact).
ANSWERS: dict[str, dict[str, object]] = {
    "reporting-as": {"role": "on_behalf"},
    "why": {"strands": ["religion", "other"], "strand_other": "Alternative subculture, goth"},
    "what-happened": {"incident_types": ["threats", "damage"]},
    "when": {
        "incident_date-day": "3",
        "incident_date-month": "mar",
        "incident_date-year": "2025",
        "time_of_day": "evening",
        "still_happening": "no",
    },
    "where": {"place_kind": "street"},
    "location": {"postcode": "ch1 2ab", "place_description": "Outside Zebedee's bakery on Watergate St"},
    "website": {"website": "Chirpy app, account @nasty"},
    "describe": {"description": "A man shouted Quixotic-Slur-Marker at my neighbour and kicked her door."},
    "injuries": {"injuries": "damage", "injuries_detail": "Door panel cracked"},
    "people-responsible": {"offenders_known": "no", "offenders_count": "1", "offenders_vehicle": "Red van"},
    "witnesses": {"witnesses": "yes", "witnesses_detail": "Wilhelmina Postlethwaite at number 9"},
    "contact": {"contact": "yes"},
    "contact-details": {"name": "Bartholomew Quince", "email": "bq@example.org", "phone": "07400 123456"},
    "contact-needs": {
        "voicemail_ok": "no",
        "email_ok": "yes",
        "language": "Polish",
        "interpreter": "interpreter",
    },
    "victim-consent": {"victim_agrees": "yes"},
    "victim-contact": {"victim_name": "Ermintrude Fairweather", "victim_phone": "0161 496 0000"},
    "consent": {"police_action": "investigate", "support_contact": "yes"},
}
PERSONAL = [
    "Alternative subculture",
    "Zebedee",
    "Quixotic-Slur-Marker",
    "Door panel cracked",
    "Red van",
    "Postlethwaite",
    "Bartholomew",
    "bq@example.org",
    "7400123456",
    "Ermintrude",
    "1614960000",
    "Polish",
]


def full_answers() -> Answers:
    """The longest path's answers as the draft holds them (what ``ANSWERS`` gives when typed)."""
    return Answers(
        role="on_behalf",
        strands=["religion", "other"],
        strand_other="Alternative subculture, goth",
        incident_types=["threats", "damage"],
        incident_date=date(2025, 3, 3),
        time_of_day="evening",
        still_happening="no",
        place_kind="street",
        postcode="CH1 2AB",
        place_description="Outside Zebedee's bakery on Watergate St",
        outward_code="CH1",
        description="A man shouted Quixotic-Slur-Marker at my neighbour and kicked her door.",
        injuries="damage",
        injuries_detail="Door panel cracked",
        offenders_known="no",
        offenders_count="1",
        offenders_vehicle="Red van",
        witnesses="yes",
        witnesses_detail="Wilhelmina Postlethwaite at number 9",
        contact="yes",
        name="Bartholomew Quince",
        email="bq@example.org",
        phone="+447400123456",
        voicemail_ok="no",
        email_ok="yes",
        language="Polish",
        interpreter="interpreter",
        victim_agrees="yes",
        victim_name="Ermintrude Fairweather",
        victim_phone="+441614960000",
        police_action="investigate",
        support_contact="yes",
    )


def seed(pages: PageClient, upto: str | None = None, answers: Answers | None = None) -> Answers:
    """Give this browser a draft answered up to (not including) step ``upto``, as if typed in."""
    answers = answers or full_answers()
    names = [step.name for step in journey.applicable(answers)]
    answers.done = names[: names.index(upto)] if upto else names
    token = secrets.token_urlsafe(32)
    with pages.client.session_transaction() as session:
        session[drafts.SESSION_KEY] = token
    queries.save_draft(drafts.token_hash(token), answers)
    db.session.commit()
    return answers


def answer(
    pages: PageClient, step: str, data: dict[str, object] | None = None, url: str | None = None
) -> Page:
    """Answer one step as a browser would: GET the page, post the form with its token, follow the redirect."""
    url = url or f"/report/{step}"
    page = pages.get(url)
    form = {"csrf_token": page.csrf_token(), **(ANSWERS.get(step, {}) if data is None else data)}
    return pages.post(url, form, follow_redirects=True)


def errors(page: Page) -> list[str]:
    """The error summary's messages (the hidden connection-error box is not one)."""
    return [
        " ".join(" ".join(a.itertext()).split())
        for box in page.select("div", class_="govuk-error-summary")
        if box.get("hidden") is None
        for a in box.iter("a")
    ]


def walk(pages: PageClient, overrides: dict[str, dict[str, object]] | None = None) -> Page:
    """Follow the journey from the first step to check answers, answering whatever each page asks."""
    overrides = overrides or {}
    page = pages.get("/report/reporting-as")
    for _ in range(25):
        path = page.response.request.path
        if path == "/report/check-answers":
            return page
        step = path.rsplit("/", 1)[-1]
        data = overrides.get(step, ANSWERS[step])
        page = pages.post(path, {"csrf_token": page.csrf_token(), **data}, follow_redirects=True)
        assert not errors(page), f"{step}: {errors(page)}"
    raise AssertionError("the journey never reached check answers")


def visited(pages: PageClient, overrides: dict[str, dict[str, object]]) -> list[str]:
    seen = []
    page = pages.get("/report/reporting-as")
    while page.response.request.path != "/report/check-answers":
        step = page.response.request.path.rsplit("/", 1)[-1]
        seen.append(step)
        data = overrides.get(step, ANSWERS[step])
        page = pages.post(f"/report/{step}", {"csrf_token": page.csrf_token(), **data}, follow_redirects=True)
    return seen


def at_check(pages: PageClient) -> Page:
    seed(pages)
    return pages.get("/report/check-answers")


def send(pages: PageClient, page: Page) -> Page:
    return pages.post("/report/check-answers", {"csrf_token": page.csrf_token()}, follow_redirects=True)


def count_reports(db_session) -> int:
    return db_session.scalar(select(func.count()).select_from(Report))


def test_start_page_explains_the_form_and_starts_it(pages: PageClient) -> None:
    page = pages.get("/report")
    assert page.h1 == "Report hate crime online"
    assert "about 10 minutes" in page.text
    assert "stay anonymous" in page.text
    assert "Call 999" in page.text
    assert page.links()["Start now"] == "/report/reporting-as"
    assert "/centres" in page.links().values()


def test_longest_path_reaches_a_confirmation_with_a_reference(pages: PageClient, db_session) -> None:
    check = walk(pages)
    assert check.h1 == "Check your answers before sending your report"
    for shown in (
        "Bartholomew Quince",
        "bq@example.org",
        "07400 123456",
        "0161 496 0000",
        "3 March 2025",
        "CH1 2AB",
    ):
        assert shown in check.text
    done = send(pages, check)
    assert done.response.request.path == "/report/confirmation"
    assert "Report sent" in done.text
    reference = REFERENCE.search(done.text)
    assert reference, done.text
    report = db_session.scalar(select(Report))
    assert report.reference == reference.group(0)
    # Statistics stay queryable without decrypting anything.
    assert report.strands == ["religion", "other"]
    assert report.incident_types == ["threats", "damage"]
    assert report.incident_date == date(2025, 3, 3)
    assert report.outward_code == "CH1"
    assert report.reporter_role == "on_behalf" and report.victim_agrees == "yes"
    assert not report.anonymous and report.police_action == "investigate" and report.support_contact
    # The draft is gone; the copy can be printed.
    assert db_session.scalar(select(func.count()).select_from(ReportDraft)) == 0
    copy = pages.get("/report/confirmation/copy")
    assert reference.group(0) in copy.text and "Wilhelmina Postlethwaite" in copy.text


def test_shortest_path_anonymous_online(pages: PageClient) -> None:
    overrides = {
        "reporting-as": {"role": "victim"},
        "where": {"place_kind": "online"},
        "contact": {"contact": "anonymous"},
        "consent": {"police_action": "information"},
        "people-responsible": {},
        "witnesses": {},
    }
    steps = visited(pages, overrides)
    assert steps == [
        "reporting-as",
        "why",
        "what-happened",
        "when",
        "where",
        "website",
        "describe",
        "injuries",
        "people-responsible",
        "witnesses",
        "contact",
        "consent",
    ]
    check = pages.get("/report/check-answers")
    assert "Not provided" in check.text  # skipped optional answers
    assert "support organisation can contact you" not in check.text


def test_questions_follow_the_govuk_question_page_pattern(pages: PageClient) -> None:
    page = pages.get("/report/reporting-as")
    assert page.h1 == "Who are you in this report?"
    assert page.title == "Who are you in this report? – Stand Together"
    assert page.select("a", class_="govuk-back-link")[0].get("href") == "/report"
    # GOV.UK puts the back link before <main>, so it is not read as part of the question.
    assert not page.doc.find(".//main").findall(".//a[@class='govuk-back-link']")
    form = page.select("form", method="post")[0]
    assert form.get("novalidate") is not None and form.get("action") == "/report/reporting-as"
    buttons = [" ".join(" ".join(b.itertext()).split()) for b in form.iter("button")]
    assert buttons == ["Continue", "Save and come back later"]  # saving sends this page's answers too
    assert "Delete my answers" in page.links()
    legend_heading = page.select("legend", class_="govuk-fieldset__legend--l")
    assert legend_heading and legend_heading[0].find("h1") is not None


def test_deep_link_to_a_later_step_goes_to_the_first_missing_one(pages: PageClient) -> None:
    response = pages.client.get("/report/describe")
    assert response.status_code == 303 and response.headers["Location"].endswith("/report/reporting-as")
    answer(pages, "reporting-as")
    answer(pages, "why")
    response = pages.client.get("/report/consent")
    assert response.headers["Location"].endswith("/report/what-happened")
    response = pages.client.get("/report/check-answers")
    assert response.headers["Location"].endswith("/report/what-happened")


def test_steps_that_do_not_apply_cannot_be_opened(pages: PageClient) -> None:
    answers = full_answers()
    answers.role, answers.contact = "victim", "anonymous"
    journey.drop_unused(answers)
    seed(pages, answers=answers)
    for step in ("contact-details", "victim-consent", "website"):
        response = pages.client.get(f"/report/{step}")
        assert response.status_code == 303
        assert response.headers["Location"].endswith("/report/check-answers")


def test_answers_are_kept_when_going_back(pages: PageClient) -> None:
    seed(pages)
    page = pages.get("/report/why")
    checked = [i.get("value") for i in page.select("input", name="strands") if i.get("checked") is not None]
    assert checked == ["religion", "other"]
    assert page.select("input", name="strand_other")[0].get("value") == "Alternative subculture, goth"
    when = pages.get("/report/when")
    assert when.select("input", name="incident_date-month")[0].get("value") == "3"
    assert pages.get("/report/describe").select("textarea")[0].text.strip().startswith("A man shouted")


def test_change_link_returns_to_check_answers(pages: PageClient) -> None:
    check = walk(pages)
    change = [a for a in check.select("a") if "the kind of place" in " ".join(a.itertext())]
    assert change and change[0].get("href") == "/report/where?return=check"
    hidden = change[0].find("span")
    assert hidden is not None and "govuk-visually-hidden" in hidden.get("class")
    page = pages.get("/report/where?return=check")
    assert page.select("a", class_="govuk-back-link")[0].get("href") == "/report/check-answers"
    done = pages.post(
        "/report/where?return=check",
        {"csrf_token": page.csrf_token(), "place_kind": "business"},
        follow_redirects=True,
    )
    assert done.response.request.path == "/report/check-answers"
    assert "In a shop or business" in done.text


def test_change_that_needs_new_answers_asks_them_before_returning(pages: PageClient) -> None:
    seed(pages)
    page = pages.get("/report/where?return=check")
    nxt = pages.post(
        "/report/where?return=check",
        {"csrf_token": page.csrf_token(), "place_kind": "online"},
        follow_redirects=True,
    )
    assert nxt.response.request.path == "/report/website"
    assert nxt.h1 == "Which website or app was it on?"
    done = pages.post(
        "/report/website?return=check",
        {"csrf_token": nxt.csrf_token(), "website": "Chirpy"},
        follow_redirects=True,
    )
    assert done.response.request.path == "/report/check-answers"
    assert "Chirpy" in done.text
    assert "Zebedee" not in done.text  # the street address no longer applies and was dropped


def test_switching_to_anonymous_drops_contact_details(pages: PageClient, db_session) -> None:
    seed(pages)
    page = pages.get("/report/contact?return=check")
    check = pages.post(
        "/report/contact?return=check",
        {"csrf_token": page.csrf_token(), "contact": "anonymous"},
        follow_redirects=True,
    )
    assert check.response.request.path == "/report/check-answers"
    assert "Bartholomew" not in check.text and "bq@example.org" not in check.text
    send(pages, check)
    report = db_session.scalar(select(Report))
    assert report.anonymous and not report.support_contact
    from app.report.queries import report_answers

    kept = report_answers(report)
    assert kept.name == "" and kept.email == "" and kept.phone == "" and kept.language == ""


def test_switching_to_victim_drops_the_victims_details(pages: PageClient) -> None:
    seed(pages)
    page = pages.get("/report/reporting-as?return=check")
    check = pages.post(
        "/report/reporting-as?return=check",
        {"csrf_token": page.csrf_token(), "role": "victim"},
        follow_redirects=True,
    )
    assert "Ermintrude" not in check.text
    assert "They know and agree" not in check.text


def test_retried_step_post_is_harmless(pages: PageClient, db_session) -> None:
    page = pages.get("/report/reporting-as")
    data = {"csrf_token": page.csrf_token(), "role": "witness"}
    first = pages.client.post("/report/reporting-as", data=data)
    second = pages.client.post("/report/reporting-as", data=data)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert db_session.scalar(select(func.count()).select_from(ReportDraft)) == 1


def test_double_submit_makes_exactly_one_report(pages: PageClient, db_session) -> None:
    check = at_check(pages)
    token = check.csrf_token()
    first = pages.client.post("/report/check-answers", data={"csrf_token": token})
    # A second click that left before the first answer arrived carries the same (old) cookie.
    pages.client.set_cookie("st_session", first.request.cookies.get("st_session", ""), domain="localhost")
    second = pages.client.post("/report/check-answers", data={"csrf_token": token})
    refresh = pages.client.post("/report/check-answers", data={"csrf_token": token})
    assert first.status_code == second.status_code == refresh.status_code == 303
    assert count_reports(db_session) == 1
    shown = {REFERENCE.search(pages.get("/report/confirmation").text).group(0) for _ in range(2)}
    assert shown == {db_session.scalar(select(Report.reference))}


def test_database_down_during_submit_keeps_the_draft(pages: PageClient, db_session, monkeypatch) -> None:
    from sqlalchemy.exc import OperationalError

    from app.report import queries

    check = at_check(pages)
    real = queries.submit_report

    def broken(*args: object, **kwargs: object) -> None:
        raise OperationalError("INSERT INTO report …", {}, Exception("server closed the connection"))

    monkeypatch.setattr(queries, "submit_report", broken)
    failed = pages.post("/report/check-answers", {"csrf_token": check.csrf_token()}, status=503)
    assert "Anything you have already saved has been kept" in failed.text
    assert count_reports(db_session) == 0
    monkeypatch.setattr(queries, "submit_report", real)
    again = pages.get("/report/check-answers")  # the draft is still there
    assert "Bartholomew Quince" in again.text
    done = send(pages, again)
    assert REFERENCE.search(done.text) and count_reports(db_session) == 1


def test_honeypot_rejects_robots(pages: PageClient, db_session) -> None:
    check = at_check(pages)
    pages.post("/report/check-answers", {"csrf_token": check.csrf_token(), "nickname": "bot"}, status=400)
    assert count_reports(db_session) == 0


def test_confirmation_without_a_report_goes_to_the_start(pages: PageClient) -> None:
    response = pages.client.get("/report/confirmation")
    assert response.status_code == 303 and response.headers["Location"].endswith("/report")


def test_delete_my_answers(pages: PageClient, db_session) -> None:
    answer(pages, "reporting-as")
    page = pages.get("/report/delete?from=why")
    assert page.select("a", class_="govuk-back-link")[0].get("href") == "/report/why"
    done = pages.post("/report/delete", {"csrf_token": page.csrf_token()}, follow_redirects=True)
    assert done.h1 == "Your answers have been deleted"
    assert db_session.scalar(select(func.count()).select_from(ReportDraft)) == 0
    response = pages.client.get("/report/why")
    assert response.headers["Location"].endswith("/report/reporting-as")


def test_delete_page_never_links_elsewhere(pages: PageClient) -> None:
    page = pages.get("/report/delete?from=https://evil.example/")
    assert page.select("a", class_="govuk-back-link")[0].get("href") == "/report"


def test_exit_this_page_deletes_the_draft(pages: PageClient, db_session) -> None:
    answer(pages, "reporting-as")
    assert db_session.scalar(select(func.count()).select_from(ReportDraft)) == 1
    response = pages.client.get("/exit")
    assert response.status_code == 303
    assert db_session.scalar(select(func.count()).select_from(ReportDraft)) == 0


def test_expired_draft_is_not_used_and_the_user_is_told(pages: PageClient, db_session) -> None:
    answer(pages, "reporting-as")
    answer(pages, "why")
    db_session.execute(text("UPDATE report_draft SET updated_at = now() - interval '25 hours'"))
    page = pages.get("/report/what-happened", follow_redirects=True)
    assert page.response.request.path == "/report"
    assert "Your answers were deleted because they had not been used for a while" in page.text
    assert "Start now" in page.text


def test_purge_drafts_deletes_only_expired_ones(app, pages: PageClient, db_session) -> None:
    answer(pages, "reporting-as")
    other = app.test_client()
    PageClient(other)  # a second browser with its own draft
    token = PageClient(other).get("/report/reporting-as").csrf_token()
    other.post("/report/reporting-as", data={"csrf_token": token, "role": "witness"})
    assert db_session.scalar(select(func.count()).select_from(ReportDraft)) == 2
    db_session.execute(
        text(
            "UPDATE report_draft SET updated_at = now() - interval '2 days' "
            "WHERE id = (SELECT min(id) FROM report_draft)"
        )
    )
    result = app.test_cli_runner().invoke(args=["purge-drafts"])
    assert result.exit_code == 0 and "Deleted 1 expired report draft" in result.output
    assert db_session.scalar(select(func.count()).select_from(ReportDraft)) == 1


@pytest.mark.parametrize("hours", [23])
def test_draft_lasts_while_in_use(pages: PageClient, db_session, hours: int) -> None:
    answer(pages, "reporting-as")
    db_session.execute(text(f"UPDATE report_draft SET updated_at = now() - interval '{hours} hours'"))
    assert pages.get("/report/why").h1 == "Why do you think it happened?"


def test_no_answers_in_cookies_or_urls(pages: PageClient) -> None:
    check = at_check(pages)
    cookie = pages.client.get_cookie("st_session")
    import base64
    import zlib

    value = cookie.value
    payload = value.split(".")[1] if value.startswith(".") else value.split(".")[0]
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    if value.startswith("."):
        raw = zlib.decompress(raw)
    decoded = raw.decode()
    for secret in PERSONAL:
        assert secret not in decoded
    for href in check.links().values():
        assert "Bartholomew" not in href and "@" not in href


def test_future_date_is_refused(pages: PageClient) -> None:
    answer(pages, "reporting-as")
    answer(pages, "why")
    answer(pages, "what-happened")
    tomorrow = date.today() + timedelta(days=1)
    page = answer(
        pages,
        "when",
        {
            "incident_date-day": str(tomorrow.day),
            "incident_date-month": str(tomorrow.month),
            "incident_date-year": str(tomorrow.year),
            "still_happening": "no",
        },
    )
    assert "Date it happened must be today or in the past" in page.text
