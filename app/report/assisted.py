"""Assisted reports: a reporting centre's worker, signed in, goes through the journey with the victim.

The report feature never imports the staff area: it asks the signed-in user (Flask-Login's
``current_user``) for ``assisting_centre`` — (centre id, centre name) for a centre worker who has
finished setting up sign-in, None for anyone else. The centre and worker a report records come from
that, at the moment it is sent, never from a form.

After sending, the victim gets a printable receipt in their language with nothing personal on it;
"Finish" clears everything of theirs from this browser's session for the next person.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort, redirect, render_template, request, session, url_for
from flask_babel import force_locale
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from app.i18n import FORMAT_LOCALE, offered
from app.report import bp, drafts, journey, progress, queries
from app.report.answers import Answers
from app.report.forms import SubmitForm

#: Every session key the report feature keeps: "Finish" removes them all.
SESSION_PREFIX = "report_"


@dataclass(frozen=True)
class Helper:
    """The signed-in worker helping a victim: who sends the report, and for which centre."""

    centre_id: int
    centre_name: str
    worker_id: int


def assisting() -> tuple[int, str] | None:
    """(centre id, centre name) when the signed-in user is a centre worker who may send for a victim."""
    if not current_user.is_authenticated:
        return None
    centre: Any = getattr(current_user, "assisting_centre", None)
    return centre


def helper_for(answers: Answers) -> Helper | None:
    """The signed-in worker who may send this assisted draft now: a worker of the centre that started
    it. None if nobody is signed in (timed out), or it is someone who may not send it."""
    centre = assisting()
    if centre is None or centre[0] != answers.centre_id:
        return None
    return Helper(centre[0], centre[1], int(current_user.id))


@bp.post("/report/assisted/start")
def assisted_start() -> BaseResponse:
    """Start an assisted report in this browser. An assisted report already in progress here is
    carried on (the worker signed in again after a timeout); anything else of an earlier person is
    forgotten first, so one victim never sees another's answers."""
    centre = assisting()
    if centre is None:
        abort(404)
    if not SubmitForm().validate():
        abort(400)
    answers = drafts.load()
    if answers is not None and answers.assisted and answers.centre_id == centre[0]:
        return redirect(url_for("report.step", name=journey.first_missing(answers) or journey.CHECK), 303)
    drafts.forget()
    for key in [key for key in session if key.startswith(SESSION_PREFIX)]:
        session.pop(key)
    drafts.save(Answers(assisted=True, centre_id=centre[0], centre_name=centre[1]))
    return redirect(url_for("report.step", name=journey.FIRST), code=303)


@bp.get("/report/assisted/not-sent")
def assisted_not_sent() -> str:
    """The victim did not agree to the centre sending their report: nothing was sent, the answers
    were deleted, and here are the other ways to report."""
    home = url_for("staff.centre_home") if assisting() is not None else None
    return render_template("report/assisted_not_sent.html", home=home)


@bp.get("/report/assisted/signed-out")
def assisted_signed_out() -> str:
    """Sending an assisted report needs its centre's worker signed in; the answers are kept."""
    return render_template("report/assisted_signed_out.html", hours=int(drafts.ttl().total_seconds() // 3600))


def _sent_assisted() -> Any:
    """The assisted report this browser has just sent, or None."""
    key = session.get(drafts.SUBMITTED_KEY)
    report = queries.find_report(key) if key else None
    return report if report is not None and report.channel == "assisted" else None


def _receipt_language(report: Any) -> str:
    """The victim's language (the one they sent the report in), unless a language is chosen here."""
    chosen = request.args.get("lang")
    return chosen if chosen in offered() else report.language


@bp.get("/report/receipt")
def receipt() -> Any:
    """A printable receipt of an assisted report, in the victim's language: the reference, the
    progress code, what happens next and where to get support. Nothing personal is on it."""
    report = _sent_assisted()
    if report is None:
        return redirect(url_for("report.start"), code=303)
    language = _receipt_language(report)
    with force_locale(FORMAT_LOCALE.get(language, language)):
        return render_template(
            "report/receipt.html",
            report=report,
            secret=progress.shown_secret(report.submission_key),
            form=SubmitForm(),
        )


@bp.post("/report/receipt/finish")
def receipt_finish() -> BaseResponse:
    """The victim has their receipt: forget everything of theirs in this session, back to the centre."""
    if not SubmitForm().validate():
        abort(400)
    drafts.forget()
    for key in [key for key in session if key.startswith(SESSION_PREFIX)]:
        session.pop(key)
    return redirect(url_for("staff.centre_home"), code=303)
