"""Thin views of the report journey: one generic GET/POST view serves every step in ``journey.STEPS``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from flask import (
    Flask,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import format_date, format_time
from flask_limiter.util import get_remote_address
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response as BaseResponse

from app.extensions import limiter
from app.htmx import is_htmx, render
from app.i18n import current_language
from app.report import assisted, bp, drafts, journey, progress, queries, summary
from app.report.answers import Answers
from app.report.forms import ResumeForm, SubmitForm
from app.signals import session_exited

RETURN_TO_CHECK = "check"
#: The name of the "Save and come back later" button inside each step's form.
SAVE_BUTTON = "save"
#: Sending is limited per draft (a centre, library or mobile network shares one address among many
#: people); per address only far above what a busy reporting centre sends in an hour.
SUBMIT_LIMIT_PER_DRAFT = "5/hour"
SUBMIT_LIMIT_PER_ADDRESS = "300/hour"
RESUME_LIMIT = "10/hour"


def _returning() -> bool:
    return request.args.get("return") == RETURN_TO_CHECK


def _step_url(name: str, returning: bool = False) -> str:
    if name == journey.CHECK:
        return url_for("report.check")
    # ``return`` is a Python keyword, so it goes in as a dict; typed Any like url_for's own values.
    query: dict[str, Any] = {"return": RETURN_TO_CHECK} if returning else {}
    return url_for("report.step", name=name, **query)


def _go(name: str, returning: bool = False) -> BaseResponse:
    url = _step_url(name, returning)
    # Only question pages are swapped in place; check answers is a whole page of its own.
    return _whole_page(url) if name == journey.CHECK else redirect(url, code=303)


def _whole_page(url: str) -> BaseResponse:
    """Go to a page that is not a question: htmx loads it whole instead of swapping it into a step."""
    if is_htmx():
        response = make_response("", 200)
        response.headers["HX-Redirect"] = url
        return response
    return redirect(url, code=303)


@bp.after_request
def never_cached(response: BaseResponse) -> BaseResponse:
    """Report pages hold what a person typed or sent: no browser or proxy may keep any of them."""
    response.headers["Cache-Control"] = "no-store"
    return response


def unattended(answers: Answers) -> bool:
    """An assisted report whose centre's worker is no longer signed in here (timed out, or someone
    else's sign-in): nothing of the victim's is shown to whoever now sits at the shared computer."""
    return answers.assisted and assisted.helper_for(answers) is None


@bp.get("/report")
def start() -> str:
    in_progress = drafts.load() is not None  # first: it notes a draft that has just gone
    gone = drafts.gone_reason()
    return render_template("report/start.html", gone=gone, in_progress=in_progress)


@bp.route("/report/<name>", methods=["GET", "POST"])
def step(name: str) -> Any:
    current = journey.BY_NAME.get(name)
    if current is None:
        abort(404)
    answers = drafts.load()
    if answers is None:
        if drafts.draft_gone():
            return redirect(url_for("report.start"), code=303)  # it says what became of the answers
        if name != journey.FIRST:
            return _go(journey.FIRST)
        answers = Answers()
    if unattended(answers):
        return _whole_page(url_for("report.assisted_signed_out"))
    if not current.applies(answers):
        return _go(journey.first_missing(answers) or journey.CHECK)
    missing = journey.first_missing(answers, before=name)
    if missing:
        return _go(missing)

    returning = _returning()
    form = _step_form(current, answers)
    form.prepare(answers)
    if request.method == "POST":
        saving = SAVE_BUTTON in request.form
        valid = form.validate()
        if valid:
            journey.record(answers, current, form)
            if journey.declined(answers):
                drafts.forget()  # the victim said no: nothing is sent and nothing is kept
                return _whole_page(url_for("report.assisted_not_sent"))
        elif saving:
            journey.keep_as_typed(answers, current, request.form)
        if valid or saving:
            drafts.save(answers)
            if saving:
                return _whole_page(url_for("report.save"))
            return _go(journey.next_step(answers, name, returning), returning)
    form.point_errors()

    back = url_for("report.check") if returning else None
    if back is None:
        previous = journey.previous_step(answers, name)
        back = _step_url(previous) if previous else url_for("report.start")
    return render(
        "report/step.html",
        "report/_step.html",
        push_url=request.full_path.rstrip("?") if request.method == "GET" else None,
        step=current,
        form=form,
        answers=answers,
        action=_step_url(name, returning),
        back=back,
        returning=returning,
        **current.form.extra_context(),
    )


def _step_form(current: journey.Step, answers: Answers) -> Any:
    """The step's form: as posted, as typed before a save, or filled from the saved answers."""
    if request.method == "POST":
        return current.form()
    typed = answers.typed.get(current.name)
    if typed:
        return current.form(formdata=MultiDict([(key, value) for key, value in typed]))
    return current.form(data=answers.get(current.fields))


def _draft_key() -> str:
    """Whose sending is counted: this browser's draft (its token's hash), else its address."""
    return drafts.current_hash() or get_remote_address()


@bp.route("/report/check-answers", methods=["GET", "POST"])
@limiter.limit(SUBMIT_LIMIT_PER_DRAFT, methods=["POST"], key_func=_draft_key)
@limiter.limit(SUBMIT_LIMIT_PER_ADDRESS, methods=["POST"])
def check() -> Any:
    if _already_submitted():
        return redirect(url_for("report.confirmation"), code=303)
    hashed = drafts.current_hash()
    answers = drafts.load()
    if answers is None:
        if hashed and queries.find_report(hashed) is not None:
            # Another tab or click sent this draft a moment ago: show its confirmation, not "deleted".
            session.pop(drafts.EXPIRED_KEY, None)
            return _confirm(hashed)
        return redirect(url_for("report.start"), code=303)
    missing = journey.first_missing(answers)
    if missing:
        return _go(missing)
    if unattended(answers):
        # The worker's sign-in ended: show and send nothing, keep the answers until they sign in again.
        return _whole_page(url_for("report.assisted_signed_out"))
    helper = assisted.helper_for(answers) if answers.assisted else None
    form = SubmitForm()
    if request.method == "POST" and form.validate():
        if form.nickname.data:  # the honeypot: people never see it, some robots fill it in
            abort(400)
        secret = progress.new_secret()
        sending = queries.Sending(
            language=current_language(),
            progress_secret_hash=progress.secret_hash(secret),
            centre_id=helper.centre_id if helper else None,
            worker_id=helper.worker_id if helper else None,
        )
        report = queries.submit_report(
            drafts.current_hash() or "", drafts.ttl(), sending, drafts.new_reference
        )
        if report is None:
            return redirect(url_for("report.start"), code=303)
        if report.progress_secret_hash == sending.progress_secret_hash:
            # This request wrote it; a repeated send finds the first report and keeps its secret.
            progress.remember_secret(report.submission_key, secret)
        return _confirm(drafts.current_hash() or "")
    return render_template(
        "report/check.html",
        sections=summary.sections(answers),
        form=form,
        back=journey.previous_step(answers, journey.CHECK),
    )


def _already_submitted() -> bool:
    """True if this browser's draft has already become a report (double click, refresh, retry)."""
    hashed = drafts.current_hash()
    if hashed and queries.find_report(hashed) is not None:
        _confirm(hashed)
        return True
    return not hashed and bool(session.get(drafts.SUBMITTED_KEY))


def _confirm(submission_key: str) -> BaseResponse:
    session.pop(drafts.SESSION_KEY, None)
    session[drafts.SUBMITTED_KEY] = submission_key
    return redirect(url_for("report.confirmation"), code=303)


def _submitted_report() -> Any:
    key = session.get(drafts.SUBMITTED_KEY)
    return queries.find_report(key) if key else None


@bp.get("/report/confirmation")
def confirmation() -> Any:
    report = _submitted_report()
    if report is None:
        return redirect(url_for("report.start"), code=303)
    if report.channel == "assisted":
        return redirect(url_for("report.receipt"), code=303)
    return render_template(
        "report/confirmation.html",
        report=report,
        copy_open=_copy_open(report),
        secret=progress.shown_secret(report.submission_key),
    )


def _copy_open(report: Any) -> bool:
    """The printable copy (personal details) can be opened only for a short while after sending."""
    window = timedelta(minutes=current_app.config.get("REPORT_COPY_MINUTES", 30))
    return datetime.now(UTC) - report.submitted_at <= window


@bp.get("/report/confirmation/copy")
def copy() -> Any:
    report = _submitted_report()
    if report is None:
        return redirect(url_for("report.start"), code=303)
    if report.channel == "assisted":
        abort(404)  # sent from a shared computer: what the victim told us is never shown again there
    if not _copy_open(report):
        return render_template("report/copy_gone.html")
    answers = queries.report_answers(report)
    return render_template("report/copy.html", report=report, rows=summary.rows(answers))


@bp.route("/report/delete", methods=["GET", "POST"])
def delete() -> Any:
    form = SubmitForm()
    if request.method == "POST" and form.validate():
        drafts.forget()
        return redirect(url_for("report.deleted"), code=303)
    came_from = request.args.get("from", "")
    if came_from in journey.BY_NAME:
        back = _step_url(came_from)
    elif came_from == journey.CHECK:
        back = url_for("report.check")
    else:
        back = url_for("report.start")
    return render_template("report/delete.html", form=form, back=back)


@bp.get("/report/deleted")
def deleted() -> str:
    return render_template("report/deleted.html")


@bp.route("/report/save", methods=["GET", "POST"])
def save() -> Any:
    answers = drafts.load()
    if answers is None:
        return redirect(url_for("report.start"), code=303)
    if answers.assisted:
        # No code to come back later on a shared computer: the worker's centre carries the draft on.
        return redirect(_step_url(journey.first_missing(answers) or journey.CHECK), code=303)
    form = SubmitForm()
    if request.method == "POST" and form.validate():
        given = drafts.give_resume_code()
        if given is None:
            return redirect(url_for("report.start"), code=303)
        code, expires = given
        return render_template(
            "report/saved.html",
            code=code,
            expires_time=format_time(expires, "HH:mm"),
            expires_date=format_date(expires, "d MMMM yyyy"),
        )
    return render_template("report/save.html", form=form, next_step=journey.first_missing(answers))


@bp.route("/report/resume", methods=["GET", "POST"])
@limiter.limit(RESUME_LIMIT, methods=["POST"], deduct_when=lambda response: response.status_code != 303)
def resume() -> Any:
    form = ResumeForm()
    if request.method == "POST" and form.validate():
        if drafts.resume(form.code.data):
            answers = drafts.load()
            target = journey.first_missing(answers) if answers else None
            return _go(target or journey.CHECK)
        form.code.errors.append(form.wrong_code_message())
    return render_template("report/resume.html", form=form)


def forget_on_exit(sender: Flask, session: Any = None, **extra: Any) -> None:
    """Exit this page: the draft goes with the session, unless a resume code was given for it (the
    code keeps working until the draft expires; "Delete my answers" is the way to delete it). An
    assisted report never has a code (``save``), so its draft always goes."""
    token = (session or {}).get(drafts.SESSION_KEY)
    if token:
        queries.delete_draft_without_code(drafts.token_hash(token))


session_exited.connect(forget_on_exit)
