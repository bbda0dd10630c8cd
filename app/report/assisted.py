"""Assisted reports: a reporting centre's worker, signed in, goes through the journey with the victim.

The report feature never imports the staff area: it asks the signed-in user (Flask-Login's
``current_user``) for ``assisting_centre`` — (centre id, centre name) for a centre worker who has
finished setting up sign-in, None for anyone else.
"""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, session, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from app.report import bp, drafts, journey
from app.report.answers import Answers
from app.report.forms import SubmitForm


def assisting() -> tuple[int, str] | None:
    """(centre id, centre name) when the signed-in user is a centre worker who may send for a victim."""
    if not current_user.is_authenticated:
        return None
    centre: Any = getattr(current_user, "assisting_centre", None)
    return centre


@bp.post("/report/assisted/start")
def assisted_start() -> BaseResponse:
    """Start an assisted report in this browser. An assisted report already in progress here is
    carried on (the worker signed in again after a timeout); anything else of an earlier person is
    forgotten first, so one victim never sees another's answers."""
    if assisting() is None:
        abort(404)
    if not SubmitForm().validate():
        abort(400)
    answers = drafts.load()
    if answers is not None and answers.assisted:
        return redirect(url_for("report.step", name=journey.first_missing(answers) or journey.CHECK), 303)
    drafts.forget()
    session.pop(drafts.SUBMITTED_KEY, None)
    drafts.save(Answers(assisted=True))
    return redirect(url_for("report.step", name=journey.FIRST), code=303)
