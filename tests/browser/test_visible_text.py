"""What people see holds no markup: every public page and every state of the report, in every language.

Each page comes from the real app (through the test client, which can put a browser in any report
state quickly); one Chromium page renders it and reads ``innerText`` — the text people see and screen
readers speak. Without the stylesheet, visually hidden text counts too, which is what screen readers
read. Fails on tag text (``<br>``), and on entity text (``&lt;``, ``&amp;``, ``&nbsp;``…) that was escaped
twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient
from playwright.sync_api import Browser, Page

from app.extensions import limiter
from app.report import journey
from tests.browser.conftest import new_context
from tests.pages import CSRF_INPUT
from tests.public_pages import (
    LANGUAGES,
    PAGES,
    answered_before,
    demo_data,
    give_draft,
    longest_answers,
    online_answers,
    report_step_pages,
    service_path,
    with_lang,
)

MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!][^>]*>?|&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);")
#: What makes each step show its errors (most steps: nothing answered; optional ones: too long or wrong).
WRONG: dict[str, dict[str, str]] = {
    "location": {"postcode": "XX"},
    "people-responsible": {"offenders_vehicle": "v" * 501},
    "witnesses": {"witnesses_detail": "w" * 2001},
    "contact-needs": {"best_times": "t" * 501},
    "victim-contact": {"victim_email": "nope"},
}


@pytest.fixture(scope="module")
def client(app: Flask) -> Iterator[FlaskClient]:
    languages, limits_on = app.config["LANGUAGES"], limiter.enabled
    app.config["LANGUAGES"] = LANGUAGES
    # One Limiter serves every app in the process, and the live browser app turns it off: the 429
    # page is one of the states, so this app's limits must be on.
    limiter.enabled = True
    try:
        with demo_data(app):
            yield app.test_client()
    finally:
        app.config["LANGUAGES"] = languages
        limiter.enabled = limits_on


def html_of(response, name: str) -> str:
    assert response.status_code < 500, f"{name}: {response.status_code}"
    return response.get_data(as_text=True)


def token(html: str) -> str:
    found = CSRF_INPUT.search(html)
    assert found, "no CSRF token"
    return found.group(1) or found.group(2)


def post(client: FlaskClient, url: str, data: dict[str, str], **kwargs: object):
    page = client.get(url)
    return client.post(url, data={"csrf_token": token(page.get_data(as_text=True)), **data}, **kwargs)


def full_draft(client: FlaskClient, online: bool = False) -> None:
    answers = online_answers() if online else longest_answers()
    answers.done = [step.name for step in journey.applicable(answers)]
    give_draft(client, answers)


def public_states(client: FlaskClient, lang: str) -> Iterator[tuple[str, str]]:
    for name, path in PAGES.items():
        yield name, html_of(client.get(with_lang(path, lang)), name)
    path = service_path(client.get("/support").get_data(as_text=True))
    yield "support service", html_of(client.get(with_lang(path, lang)), "support service")


def step_states(client: FlaskClient, lang: str) -> Iterator[tuple[str, str]]:
    """Each question empty, with errors (page and htmx fragment), and answered."""
    for page in report_step_pages():
        url = with_lang(page.path, lang)
        give_draft(client, answered_before(page))
        yield f"{page.step} empty", html_of(client.get(url), page.step)
        wrong = WRONG.get(page.step, {})
        shown = post(client, url, wrong)
        assert shown.status_code == 200, f"{page.step}: no errors shown for {wrong}"
        yield f"{page.step} with errors", html_of(shown, page.step)
        fragment = post(client, url, wrong, headers={"HX-Request": "true"})
        yield f"{page.step} with errors (htmx)", html_of(fragment, page.step)
        full_draft(client, online=page.step == "website")
        yield f"{page.step} answered", html_of(client.get(url), page.step)


def report_states(client: FlaskClient, lang: str) -> Iterator[tuple[str, str]]:
    """Every other report page: check, save, saved, resume (and its errors), delete, deleted, gone
    drafts, confirmation, the printed copy and the page after it has gone."""

    def get(url: str):
        return client.get(with_lang(url, lang))

    full_draft(client)
    yield "check answers", html_of(get("/report/check-answers"), "check")
    yield "save", html_of(get("/report/save"), "save")
    yield "saved (the code)", html_of(post(client, with_lang("/report/save", lang), {}), "saved")
    yield "delete", html_of(get("/report/delete?from=check-answers"), "delete")
    deleted = post(client, with_lang("/report/delete", lang), {}, follow_redirects=True)
    yield "deleted", html_of(deleted, "deleted")
    yield "resume", html_of(get("/report/resume"), "resume")
    yield "resume, no code", html_of(post(client, with_lang("/report/resume", lang), {"code": ""}), "resume")
    wrong = post(client, with_lang("/report/resume", lang), {"code": "AAAA-AAAA"})
    yield "resume, wrong code", html_of(wrong, "resume")
    limiter.reset()
    for _ in range(11):
        paused = post(client, with_lang("/report/resume", lang), {"code": "AAAA-AAAA"})
    assert paused.status_code == 429
    yield "too many attempts (429)", html_of(paused, "429")
    limiter.reset()
    full_draft(client)
    huge = post(client, with_lang("/report/describe", lang), {"description": "x" * 300_000})
    assert huge.status_code == 413
    yield "too large (413)", html_of(huge, "413")
    with client.session_transaction() as session:
        session["report_moved"] = True
    yield "start, opened on another device", html_of(get("/report"), "moved")
    with client.session_transaction() as session:
        session["report_expired"] = True
    yield "start, deleted after a while", html_of(get("/report"), "expired")
    full_draft(client)
    sent = post(client, with_lang("/report/check-answers", lang), {})
    assert sent.status_code == 303, f"sending gave {sent.status_code}"
    yield "confirmation", html_of(get("/report/confirmation"), "confirmation")
    yield "printed copy", html_of(get("/report/confirmation/copy"), "copy")
    with time_machine.travel(datetime.now(UTC) + timedelta(hours=1), tick=False):
        yield "printed copy gone", html_of(get("/report/confirmation/copy"), "copy gone")
        yield "confirmation later", html_of(get("/report/confirmation"), "confirmation later")


def markup_seen(page: Page, html: str) -> list[str]:
    page.set_content(html, wait_until="domcontentloaded")
    text = page.evaluate("document.body.innerText")
    return sorted({match.group(0) for match in MARKUP.finditer(text)})


def test_no_markup_in_visible_text_on_any_page_or_report_state(browser: Browser, client: FlaskClient) -> None:
    context = new_context(browser, java_script_enabled=False)
    page = context.new_page()
    page.route("**/*", lambda route: route.abort())  # only the text matters: no styles, scripts or images
    problems: list[str] = []
    covered: dict[str, int] = {}
    try:
        for lang in LANGUAGES:
            states = [
                *public_states(client, lang),
                *step_states(client, lang),
                *report_states(client, lang),
            ]
            covered[lang] = len(states)
            for name, html in states:
                seen = markup_seen(page, html)
                if seen:
                    problems.append(f"{lang} {name}: {seen}")
    finally:
        context.close()
    print(f"visible-text guard: {covered} page states")  # noqa: T201 (the figure the issue asks for)
    assert len(set(covered.values())) == 1 and min(covered.values()) > 100, covered
    assert not problems, f"{len(problems)} page state(s) show markup as text:\n" + "\n".join(problems)


def test_the_guard_sees_markup_shown_as_text(browser: Browser) -> None:
    """The check itself: text that escaped markup twice is caught; real markup is not."""
    context = new_context(browser, java_script_enabled=False)
    page = context.new_page()
    try:
        broken = (
            "<p>Your reference&lt;br&gt;&lt;strong&gt;HC-1&lt;/strong&gt; Tom &amp;amp; Jerry&amp;nbsp;</p>"
        )
        assert markup_seen(page, broken) == sorted(["&amp;", "&nbsp;", "<br>", "<strong>", "</strong>"])
        assert markup_seen(page, "<p>Your reference<br><strong>HC-1</strong> Tom &amp; Jerry&nbsp;</p>") == []
    finally:
        context.close()
