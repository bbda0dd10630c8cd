"""All SQL of the report feature: drafts (save, load, expire, resume) and submission."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from geoalchemy2 import WKTElement
from sqlalchemy import BindParameter, ColumnElement, Interval, bindparam, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError

from app import crypto
from app.extensions import db, rows_affected
from app.report.answers import Answers
from app.report.models import Report, ReportDraft, ReportDraftMoved
from app.signals import report_arrived, sender

#: Where the session keeps this browser's draft token (``app.report.drafts``); named here too so that
#: the staff sign-in can keep an assisted draft without importing the report feature's internals.
DRAFT_SESSION_KEY = "report_draft"


def hash_token(token: str) -> str:
    """What the draft table stores for a session's draft token: its SHA-256, never the token."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def assisted_draft_centre(token: str, ttl: timedelta) -> int | None:
    """The centre that started the live assisted draft this token opens; None for any other draft."""
    answers = load_draft(hash_token(token), ttl)
    return answers.centre_id if answers is not None and answers.assisted else None


_DRAFTS = ReportDraft.__table__.c


def _live(ttl: timedelta | BindParameter[timedelta]) -> ColumnElement[bool]:
    return _DRAFTS.updated_at > func.now() - ttl


# Every step of every report runs these two, so each is built once, on the table (Core, not the ORM
# entity: no ORM state to set up per statement), with its values bound at each run.
_LOAD_DRAFT = select(_DRAFTS.answers).where(
    _DRAFTS.token_hash == bindparam("token_hash"), _live(bindparam("ttl", type_=Interval()))
)
_SAVE_DRAFT = (
    insert(ReportDraft.__table__)
    .values(token_hash=bindparam("token_hash"), answers=bindparam("answers"))
    .on_conflict_do_update(
        index_elements=[_DRAFTS.token_hash],
        set_={"answers": bindparam("answers"), "updated_at": func.now()},
    )
)


def load_draft(token_hash: str, ttl: timedelta) -> Answers | None:
    """The answers of a draft that has not expired, or None."""
    encrypted = db.session.scalar(_LOAD_DRAFT, {"token_hash": token_hash, "ttl": ttl})
    return Answers.from_json(crypto.decrypt_json(encrypted)) if encrypted else None


def save_draft(token_hash: str, answers: Answers) -> None:
    """Insert or replace the draft; saving the same answers twice (a retried POST) changes nothing else."""
    encrypted = crypto.encrypt_json(answers.to_json())
    db.session.execute(_SAVE_DRAFT, {"token_hash": token_hash, "answers": encrypted})


def delete_draft(token_hash: str) -> int:
    return rows_affected(delete(ReportDraft).where(ReportDraft.token_hash == token_hash))


def delete_draft_without_code(token_hash: str) -> int:
    """Delete the draft unless a resume code was given for it (that code must go on working)."""
    without_code = ReportDraft.resume_code_hash.is_(None)
    return rows_affected(delete(ReportDraft).where(ReportDraft.token_hash == token_hash, without_code))


def has_resume_code(token_hash: str) -> bool:
    code = select(ReportDraft.resume_code_hash).where(ReportDraft.token_hash == token_hash)
    return db.session.scalar(code) is not None


def purge_expired_drafts(ttl: timedelta) -> int:
    db.session.execute(delete(ReportDraftMoved).where(ReportDraftMoved.moved_at <= func.now() - ttl))
    return rows_affected(delete(ReportDraft).where(~_live(ttl)))


def was_moved(token_hash: str) -> bool:
    """True if this browser's draft was opened on another device with its resume code."""
    return db.session.get(ReportDraftMoved, token_hash) is not None


def set_resume_code(token_hash: str, code_hash: str, ttl: timedelta) -> bool:
    """Attach a resume code to a live draft (replacing any earlier code); also counts as activity."""
    changed = rows_affected(
        update(ReportDraft)
        .where(ReportDraft.token_hash == token_hash, _live(ttl))
        .values(resume_code_hash=code_hash, updated_at=func.now())
    )
    return changed == 1


def resume_draft(code_hash: str, new_token_hash: str, ttl: timedelta) -> bool:
    """Hand a draft to a new browser session. The code works once; the old session loses the draft,
    and is remembered as moved so that browser is not told its answers were deleted."""
    draft = db.session.scalar(
        select(ReportDraft).where(ReportDraft.resume_code_hash == code_hash, _live(ttl)).with_for_update()
    )
    if draft is None:
        return False
    insert_moved = insert(ReportDraftMoved).values(token_hash=draft.token_hash)
    db.session.execute(insert_moved.on_conflict_do_nothing())
    draft.token_hash, draft.resume_code_hash, draft.updated_at = new_token_hash, None, func.now()
    db.session.flush()
    return True


def draft_expiry(token_hash: str, ttl: timedelta) -> datetime | None:
    return db.session.scalar(select(ReportDraft.updated_at + ttl).where(ReportDraft.token_hash == token_hash))


def find_report(submission_key: str) -> Report | None:
    return db.session.scalar(select(Report).where(Report.submission_key == submission_key))


@dataclass(frozen=True)
class Sending:
    """How a report is being sent, beside its answers: the language, the HMAC of its progress secret,
    and for an assisted report the centre and worker (from the signed-in worker, never asked)."""

    language: str
    progress_secret_hash: str
    centre_id: int | None = None
    worker_id: int | None = None


def submit_report(
    token_hash: str, ttl: timedelta, sending: Sending, new_reference: Callable[[], str]
) -> Report | None:
    """Write the report and delete its draft in the caller's transaction.

    Idempotent: the draft row is locked, and the report's ``submission_key`` is unique, so a second
    submit of the same draft (double click, retry) returns the first report. None if no draft is left.
    """
    draft = db.session.scalar(
        select(ReportDraft).where(ReportDraft.token_hash == token_hash, _live(ttl)).with_for_update()
    )
    existing = find_report(token_hash)
    if existing is not None or draft is None:
        return existing
    answers = Answers.from_json(crypto.decrypt_json(draft.answers))
    for _attempt in range(5):
        report = _report_from(answers, token_hash, sending, new_reference())
        try:
            with db.session.begin_nested():
                db.session.add(report)
        except IntegrityError:
            existing = find_report(token_hash)
            if existing is not None:
                return existing
            continue  # the random reference was taken: draw another
        db.session.delete(draft)
        db.session.flush()
        report_arrived.send(
            sender(),
            report_id=report.id,
            latitude=answers.latitude,
            longitude=answers.longitude,
        )
        return report
    raise RuntimeError("could not draw a free report reference")


#: The queryable location's grid, in degrees: 0.01° is about 1.1 km north-south and 0.7 km east-west
#: in Britain — a neighbourhood, never a street (the same grid staff retention generalises to).
GRID = 0.01


def coarse_point(latitude: float, longitude: float) -> tuple[float, float]:
    """The incident point snapped to the ~1 km grid: what statistics and maps may query."""
    return round(round(latitude / GRID) * GRID, 6), round(round(longitude / GRID) * GRID, 6)


def _report_from(answers: Answers, token_hash: str, sending: Sending, reference: str) -> Report:
    location = None
    if answers.latitude is not None and answers.longitude is not None:
        latitude, longitude = coarse_point(answers.latitude, answers.longitude)
        location = WKTElement(f"POINT({longitude} {latitude})", srid=4326)
    return Report(
        reference=reference,
        submission_key=token_hash,
        language=sending.language,
        channel="assisted" if sending.centre_id is not None else "online",
        centre_id=sending.centre_id,
        assisted_by_id=sending.worker_id,
        progress="received",
        progress_secret_hash=sending.progress_secret_hash,
        reporter_role=answers.role,
        strands=answers.strands,
        incident_types=answers.incident_types,
        incident_date=answers.incident_date,
        approximate_period=answers.approximate_period,
        time_of_day=answers.time_of_day,
        still_happening=answers.still_happening,
        place_kind=answers.place_kind,
        outward_code=answers.outward_code,
        district=answers.district,
        location=location,
        injuries=answers.injuries,
        anonymous=answers.anonymous,
        victim_agrees=answers.victim_agrees,
        police_action=answers.police_action,
        support_contact=answers.support_contact == "yes",
        details=crypto.encrypt_json(answers.sensitive()),
    )


def set_progress(report_id: int, progress: str) -> None:
    """What a progress check says about a report from now on (staff status changes call this)."""
    db.session.execute(update(Report).where(Report.id == report_id).values(progress=progress))


def progress_of(reference: str, secret_hash: str) -> str | None:
    """The progress of the report with this reference and secret; None for an unknown reference, a
    report without a secret and a wrong secret alike (the secret is compared in constant time)."""
    row = db.session.execute(
        select(Report.progress, Report.progress_secret_hash).where(Report.reference == reference)
    ).first()
    if row is None or row.progress_secret_hash is None:
        hmac.compare_digest(secret_hash, secret_hash)  # about the same work either way
        return None
    return row.progress if hmac.compare_digest(row.progress_secret_hash, secret_hash) else None


def report_answers(report: Report) -> Answers:
    """A report's answers again (queryable columns plus the decrypted details), e.g. for a printed copy."""
    answers = Answers.from_json(crypto.decrypt_json(report.details))
    answers.update(
        {
            "role": report.reporter_role,
            "strands": list(report.strands),
            "incident_types": list(report.incident_types),
            "incident_date": report.incident_date,
            "approximate_period": report.approximate_period,
            "time_of_day": report.time_of_day,
            "still_happening": report.still_happening,
            "place_kind": report.place_kind,
            "outward_code": report.outward_code,
            "district": report.district,
            "injuries": report.injuries,
            "contact": "anonymous" if report.anonymous else "yes",
            "victim_agrees": report.victim_agrees,
            "police_action": report.police_action,
            "support_contact": None if report.anonymous else ("yes" if report.support_contact else "no"),
        }
    )
    return answers


def rotate_keys() -> tuple[int, int]:
    """Re-encrypt every draft and report under the newest key in ``REPORT_KEYS``."""
    drafts = reports = 0
    for draft in db.session.scalars(select(ReportDraft).with_for_update()):
        draft.answers = crypto.rotate(draft.answers)
        drafts += 1
    for report in db.session.scalars(select(Report).with_for_update()):
        report.details = crypto.rotate(report.details)
        reports += 1
    return drafts, reports


def answer_rows(answers: Answers) -> list:
    """The check-answers rows of a report's answers, as each step declares them (for staff views)."""
    from app.report import summary  # the steps' forms import this module

    return summary.rows(answers)
