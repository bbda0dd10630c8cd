"""Every public page, in one list shared by the page, weight, axe, reflow and target-size tests.

Paths assume the demo data (``app.demo.seed_all``). Report steps need a draft: ``REPORT_PATHS`` gives
answers that reach every step (the longest path, and an online incident for the website step).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import demo
from app.centres.models import Centre
from app.extensions import db
from app.report import drafts, journey, queries
from app.report.answers import Answers
from tests.conftest import rolled_back_session
from tests.fixtures import staff as staff_fixtures
from tests.pages import CSRF_INPUT

#: Every language the site is translated into (pl and ur join the default LANGUAGES when translated).
LANGUAGES = ["en", "cy", "pl", "ur"]
RTL = {"ur"}

#: Pages anyone can open without a draft, with a short name for failure messages.
PAGES: dict[str, str] = {
    "home": "/",
    "what is hate crime": "/hate-crime",
    "ways to report": "/ways-to-report",
    "after you report": "/after-you-report",
    "privacy": "/privacy",
    "cookies": "/cookies",
    "accessibility statement": "/accessibility",
    "not found": "/no-such-page",
    "finder": "/centres",
    "finder results": "/centres?q=CH1+3BA",
    "finder results with map": "/centres?q=CH1+3BA&map=1",
    "finder place choices": "/centres?q=Newport",
    "finder outward code": "/centres?q=CH1+3",
    "finder error": "/centres?q=%21%21",
    "centre": "/centres/example-mold-community-centre",
    "support directory": "/support",
    "support filtered": "/support?strand=disability",
    "support error": "/support?strand=nothing",
    "report start": "/report",
    "report resume": "/report/resume",
    "report progress": "/report/progress",
    "report deleted": "/report/deleted",
    "report assisted not sent": "/report/assisted/not-sent",
    "report assisted signed out": "/report/assisted/signed-out",
}
#: The directory's service pages have ids made at import: take the first one a directory page links to.
SERVICE_LINK = re.compile(r'href="(/support/[0-9a-f-]{36})[?"]')

#: Questions asked only in a report a reporting centre's worker started (``answers.assisted``).
ASSISTED_STEPS = ["centre-consent"]
#: Every question of the public report, in order (some apply only on some paths).
REPORT_STEPS = [step.name for step in journey.STEPS if step.name not in ASSISTED_STEPS]
#: Pages of the report that need a draft (besides the questions).
REPORT_DRAFT_PAGES = {
    "report check answers": "/report/check-answers",
    "report save": "/report/save",
    "report delete": "/report/delete?from=check-answers",
}
#: Pages after sending (a report must have been sent from this browser).
REPORT_SENT_PAGES = {
    "report confirmation": "/report/confirmation",
    "report printable copy": "/report/confirmation/copy",
}


def service_path(html: str) -> str:
    """The first service page linked from a directory page."""
    found = SERVICE_LINK.search(html)
    assert found, "the directory lists no service"
    return found.group(1)


def longest_answers() -> Answers:
    """A report made for someone else, with contact: every step applies except the website one."""
    return Answers(
        role="on_behalf",
        strands=["religion"],
        incident_types=["threats"],
        incident_date=date(2025, 3, 3),
        time_of_day="evening",
        still_happening="no",
        place_kind="street",
        postcode="CH1 2AB",
        place_description="Outside the bakery",
        outward_code="CH1",
        description="A man shouted at my neighbour.",
        injuries="none",
        offenders_known="no",
        witnesses="no",
        contact="yes",
        name="Sam Example",
        email="sam@example.org",
        voicemail_ok="yes",
        email_ok="yes",
        victim_agrees="yes",
        victim_name="Alex Example",
        victim_phone="+441614960000",
        police_action="information",
        support_contact="no",
    )


def online_answers() -> Answers:
    """An online incident, reported by the person it happened to, anonymously (the website step)."""
    return Answers(
        role="victim",
        strands=["race"],
        incident_types=["harassment"],
        incident_date=date(2025, 2, 2),
        still_happening="no",
        place_kind="online",
        website="Example app",
        description="Abuse in messages.",
        injuries="none",
        offenders_known="no",
        witnesses="no",
        contact="no",
        police_action="information",
    )


@dataclass(frozen=True)
class StepPage:
    step: str
    answers: Answers

    @property
    def path(self) -> str:
        return f"/report/{self.step}"


def assisted_answers(centre_id: int | None = None) -> Answers:
    """The victim's own report, started by a reporting centre's worker (the assisted-only steps)."""
    answers = longest_answers()
    answers.role, answers.victim_agrees, answers.victim_name, answers.victim_phone = "victim", None, "", ""
    answers.assisted, answers.centre_id, answers.centre_name = True, centre_id, "Example Library"
    answers.centre_agrees = "yes"
    return answers


def report_step_pages() -> list[StepPage]:
    """Each question once, with answers that make it apply (every earlier step answered)."""
    pages: dict[str, StepPage] = {}
    for make in (longest_answers, online_answers):
        for step in journey.applicable(make()):
            pages.setdefault(step.name, StepPage(step.name, make()))
    missing = set(REPORT_STEPS) - set(pages)
    assert not missing, f"no answers reach the steps {missing}: update tests/public_pages.py"
    return [pages[name] for name in REPORT_STEPS]


def answered_before(page: StepPage) -> Answers:
    """The page's answers with every step before it marked done (as if typed in)."""
    answers = page.answers
    names = [step.name for step in journey.applicable(answers)]
    answers.done = names[: names.index(page.step)]
    return answers


def with_lang(path: str, lang: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}lang={lang}"


@contextmanager
def demo_data(app: Flask) -> Iterator[Session]:
    """The demo data in one transaction rolled back at the end (seeded once for a whole test module)."""
    with rolled_back_session(app) as session:
        for _ in demo.seed_all():
            pass
        yield session


def give_draft(client: FlaskClient, answers: Answers) -> None:
    """This browser now has a draft holding ``answers`` (as if typed in)."""
    token = secrets.token_urlsafe(32)
    with client.session_transaction() as session:
        session[drafts.SESSION_KEY] = token
    queries.save_draft(drafts.token_hash(token), answers)
    db.session.commit()


def every_page(client: FlaskClient, lang: str) -> Iterator[tuple[str, str]]:
    """(name, url) of every public page in ``lang``; report pages get the draft they need first.

    Fetch each url before asking for the next: the browser's draft changes between them.
    """
    for name, path in PAGES.items():
        yield name, with_lang(path, lang)
    yield "support service", with_lang(service_path(client.get("/support").get_data(as_text=True)), lang)
    for page in report_step_pages():
        give_draft(client, answered_before(page))
        yield f"report step {page.step}", with_lang(page.path, lang)
    answers = longest_answers()
    answers.done = [step.name for step in journey.applicable(answers)]
    give_draft(client, answers)
    for name, path in REPORT_DRAFT_PAGES.items():
        yield name, with_lang(path, lang)
    check = client.get(with_lang("/report/check-answers", lang)).get_data(as_text=True)
    token = CSRF_INPUT.search(check)
    assert token, "no CSRF token on check answers"
    sent = client.post(
        with_lang("/report/check-answers", lang), data={"csrf_token": token.group(1) or token.group(2)}
    )
    assert sent.status_code == 303, f"sending the report gave {sent.status_code}"
    for name, path in REPORT_SENT_PAGES.items():
        yield name, with_lang(path, lang)
    centre_id = sign_in_centre_worker(client)
    for step in ASSISTED_STEPS:
        give_draft(client, answered_before(StepPage(step, assisted_answers(centre_id))))
        yield f"report step {step}", with_lang(f"/report/{step}", lang)
    give_assisted_report(client, lang)
    yield "report receipt", with_lang("/report/receipt", lang)
    leave_signed_out(client)


def sign_in_centre_worker(client: FlaskClient) -> int:
    """Sign this browser in as a new reporting centre worker (an assisted report's questions open only
    while a worker of its centre is signed in); the centre's id. ``every_page`` signs it out after."""
    centre = db.session.scalar(select(Centre).where(Centre.active.is_(True)).order_by(Centre.id).limit(1))
    assert centre is not None, "the demo data has centres"
    staff_fixtures.sign_in(client, staff_fixtures.make_user("centre", centre=centre))
    return centre.id


def leave_signed_out(client: FlaskClient) -> None:
    """This browser is nobody's again (the pages walked next are a member of the public's)."""
    with client.session_transaction() as session:
        session.clear()


def give_assisted_report(client: FlaskClient, lang: str) -> None:
    """This browser has just sent an assisted report for a centre, as its worker's browser would."""
    answers = assisted_answers()
    answers.done = [step.name for step in journey.applicable(answers)]
    give_draft(client, answers)
    centre = db.session.scalar(select(Centre.id).order_by(Centre.id).limit(1))
    sending = queries.Sending(language=lang, progress_secret_hash="0" * 64, centre_id=centre)
    with client.session_transaction() as session:
        hashed = drafts.token_hash(session.pop(drafts.SESSION_KEY))
        session[drafts.SUBMITTED_KEY] = hashed
    assert queries.submit_report(hashed, timedelta(hours=24), sending, drafts.new_reference) is not None
    db.session.commit()
