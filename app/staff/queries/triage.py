"""Reports for triage: the list, one report, status, assignment, notes and the CSV export. Every query
takes the signed-in user and keeps to what they may see."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import (
    Select,
    and_,
    any_,
    exists,
    func,
    literal,
    or_,
    select,
)

from app import crypto
from app.extensions import db
from app.report import queries as report_queries
from app.report.models import Report
from app.report.vocab import PROGRESS_OF_STATUS
from app.staff import paging
from app.staff.models import (
    Area,
    ReportNote,
    ReportReferral,
    ReportTriage,
    StaffUser,
    staff_user_area,
)
from app.staff.queries import audit
from app.staff.queries.routing import area_covers, can_see_reports, unrouted


@dataclass
class ReportFilter:
    status: str | None = None
    strand: str | None = None
    incident_type: str | None = None
    received_from: date | None = None
    received_to: date | None = None
    area_id: int | None = None
    assigned_to_me: bool = False
    unrouted: bool = False
    reference: str | None = None
    oldest_first: bool = False

    def as_args(self) -> dict[str, str]:
        values = {
            "status": self.status,
            "strand": self.strand,
            "incident_type": self.incident_type,
            "received_from": self.received_from.isoformat() if self.received_from else None,
            "received_to": self.received_to.isoformat() if self.received_to else None,
            "area": str(self.area_id) if self.area_id else None,
            "mine": "1" if self.assigned_to_me else None,
            "unrouted": "1" if self.unrouted else None,
            "reference": self.reference,
            "sort": "oldest" if self.oldest_first else None,
        }
        return {key: value for key, value in values.items() if value}


@dataclass(frozen=True)
class ReportRow:
    id: int
    reference: str
    submitted_at: datetime
    strands: list[str]
    incident_types: list[str]
    place_kind: str
    district: str | None
    status: str
    assigned_to: str | None
    anonymous: bool
    #: Priority flags from the answers: "still_happening", "injured", "wants_police".
    flags: tuple[str, ...] = ()


_status = func.coalesce(ReportTriage.status, "new")


def _filtered(user: StaffUser, filters: ReportFilter) -> Select:
    query = (
        select(Report, _status.label("status"), StaffUser.email.label("assignee"))
        .outerjoin(ReportTriage, ReportTriage.report_id == Report.id)
        .outerjoin(StaffUser, StaffUser.id == ReportTriage.assigned_to_id)
        .where(can_see_reports(user))
    )
    if filters.status:
        query = query.where(_status == filters.status)
    if filters.strand:
        query = query.where(literal(filters.strand) == any_(Report.strands))
    if filters.incident_type:
        query = query.where(literal(filters.incident_type) == any_(Report.incident_types))
    if filters.received_from:
        query = query.where(Report.submitted_at >= filters.received_from)
    if filters.received_to:
        query = query.where(Report.submitted_at < filters.received_to + timedelta(days=1))
    if filters.area_id:
        chosen = select(Area).where(Area.id == filters.area_id).subquery()
        query = query.where(exists(select(literal(1)).select_from(chosen).where(area_covers(chosen.c))))
    if filters.reference:
        query = query.where(Report.reference == normalise_reference(filters.reference))
    if filters.unrouted:
        query = query.where(unrouted())
    if filters.assigned_to_me:
        query = query.where(ReportTriage.assigned_to_id == user.id)
    return query


def visible_reports(user: StaffUser) -> Select:
    """Every report the user may see, with its status and assignee (the one access rule applied)."""
    return _filtered(user, ReportFilter())


def _row(report: Report, status: str, assignee: str | None) -> ReportRow:
    return ReportRow(
        id=report.id,
        reference=report.reference,
        submitted_at=report.submitted_at,
        strands=list(report.strands),
        incident_types=list(report.incident_types),
        place_kind=report.place_kind,
        district=report.district or report.outward_code,
        status=status,
        assigned_to=assignee,
        anonymous=report.anonymous,
        flags=priority_flags(report),
    )


def priority_flags(report: Report) -> tuple[str, ...]:
    """What makes a report urgent, from the reporter's own answers."""
    flags = []
    if report.still_happening == "yes":
        flags.append("still_happening")
    if report.injuries in {"injured", "both"}:
        flags.append("injured")
    if report.police_action == "investigate":
        flags.append("wants_police")
    return tuple(flags)


def normalise_reference(value: str) -> str:
    """A reference as typed or read out on the phone ("hc 1234 abcd") in its stored form (HC-1234-ABCD)."""
    compact = "".join(ch for ch in value.upper() if ch.isalnum())
    if compact.startswith("HC") and len(compact) == 10:
        return f"HC-{compact[2:6]}-{compact[6:]}"
    return value.strip().upper()


def list_reports(user: StaffUser, filters: ReportFilter) -> Pagination:
    """The request's page of the filtered list, newest first; items are :class:`ReportRow`."""
    page = paging.paginate(
        _filtered(user, filters).order_by(
            *(
                (Report.submitted_at, Report.id)
                if filters.oldest_first
                else (Report.submitted_at.desc(), Report.id.desc())
            )
        ),
        rows=True,
    )
    page.items = [_row(*row) for row in page.items]
    return page


def get_report(user: StaffUser, report_id: int) -> tuple[Report, str, str | None] | None:
    """The report with its status and assignee, or None if it does not exist *or* the user may not see
    it (the two look the same, so ids cannot be probed)."""
    row = db.session.execute(_filtered(user, ReportFilter()).where(Report.id == report_id)).first()
    return (row[0], row[1], row[2]) if row else None


def view_report(user: StaffUser, report_id: int) -> tuple[Report, str, str | None] | None:
    """:func:`get_report` for showing the report to a person: the view is audited."""
    found = get_report(user, report_id)
    if found is not None:
        audit.record(user, "report_view", "report", report_id)
    return found


def report_answers(report: Report) -> Any:
    return report_queries.report_answers(report)


def triage_row(report_id: int) -> ReportTriage:
    triage = db.session.get(ReportTriage, report_id)
    if triage is None:
        triage = ReportTriage(report_id=report_id, status="new")
        db.session.add(triage)
    return triage


def set_status(user: StaffUser, report_id: int, status: str) -> str | None:
    """Change the status of a report the user may see; returns the old status (None if not allowed)."""
    found = get_report(user, report_id)
    if found is None:
        return None
    triage = triage_row(report_id)
    old = triage.status
    triage.status = status
    db.session.flush()
    report_queries.set_progress(report_id, PROGRESS_OF_STATUS[status])
    audit.record(user, "report_status", "report", report_id, old=old, new=status)
    return old


@dataclass
class HomeCounts:
    by_status: dict[str, int]
    by_area: dict[str, int]
    overdue: int


def home_counts(user: StaffUser, overdue_before: date) -> HomeCounts:
    """What the staff home page shows: the user's reports by status and by area, and how many are still
    new although received (London date) before ``overdue_before``."""
    visible = _filtered(user, ReportFilter()).subquery()
    by_status: dict[str, int] = dict(
        db.session.execute(select(visible.c.status, func.count()).group_by(visible.c.status)).all()
    )
    areas = (
        select(Area.name, func.count(Report.id))
        .join(visible, visible.c.id == Report.id)
        .join(Area, area_covers(Area))
    )
    if not user.is_admin:
        areas = areas.where(Area.id.in_([area.id for area in user.areas]))
    by_area = dict(db.session.execute(areas.group_by(Area.name).order_by(Area.name)).all())
    received = func.timezone("Europe/London", visible.c.submitted_at)
    overdue = db.session.scalar(
        select(func.count()).where(visible.c.status == "new", received < overdue_before).select_from(visible)
    )
    return HomeCounts(by_status=by_status, by_area=by_area, overdue=overdue or 0)


@dataclass(frozen=True)
class Referral:
    force: str
    referred_on: date
    crime_reference: str | None = None
    reason: str | None = None


def needs_referral_reason(report: Report) -> bool:
    """The reporter asked for their report to be recorded for information only, not investigated."""
    return report.police_action == "information"


def refer_to_police(user: StaffUser, report_id: int, referral: Referral) -> str | None:
    """Record a referral and set the status "referred_police"; returns the old status (None if the
    user may not see the report). The caller checks a reason was given when one is needed."""
    old = set_status(user, report_id, "referred_police")
    if old is None:
        return None
    row = ReportReferral(
        report_id=report_id,
        force=referral.force,
        referred_on=referral.referred_on,
        crime_reference=referral.crime_reference,
        reason=crypto.encrypt(referral.reason) if referral.reason else None,
        referred_by_id=user.id,
    )
    db.session.add(row)
    db.session.flush()
    audit.record(
        user, "report_referred", "report", report_id, referral=row.id, with_reason=bool(referral.reason)
    )
    return old


def referrals(report_id: int) -> list[Referral]:
    rows = db.session.scalars(
        select(ReportReferral).where(ReportReferral.report_id == report_id).order_by(ReportReferral.id)
    )
    return [
        Referral(r.force, r.referred_on, r.crime_reference, crypto.decrypt(r.reason) if r.reason else None)
        for r in rows
    ]


def assignable_users(report_id: int) -> list[StaffUser]:
    """Staff who could work on this report: admins, and reviewers of one of its areas."""
    in_area = exists(
        select(literal(1))
        .select_from(Report)
        .join(Area, area_covers(Area))
        .join(staff_user_area, staff_user_area.c.area_id == Area.id)
        .where(Report.id == report_id, staff_user_area.c.user_id == StaffUser.id)
    )
    return list(
        db.session.scalars(
            select(StaffUser)
            .where(
                StaffUser.active.is_(True),
                or_(StaffUser.role == "admin", and_(StaffUser.role == "reviewer", in_area)),
            )
            .order_by(StaffUser.email)
        )
    )


def assign(user: StaffUser, report_id: int, assignee_id: int | None) -> bool:
    if get_report(user, report_id) is None:
        return False
    if assignee_id is not None and assignee_id not in {u.id for u in assignable_users(report_id)}:
        return False
    triage_row(report_id).assigned_to_id = assignee_id
    db.session.flush()
    audit.record(user, "report_assign", "report", report_id, assignee=assignee_id)
    return True


@dataclass(frozen=True)
class Note:
    id: int
    author: str | None
    created_at: datetime
    text: str


def add_note(user: StaffUser, report_id: int, text: str) -> ReportNote | None:
    if get_report(user, report_id) is None:
        return None
    note = ReportNote(report_id=report_id, author_id=user.id, body=crypto.encrypt(text))
    db.session.add(note)
    db.session.flush()
    audit.record(user, "report_note", "report", report_id, note=note.id)
    return note


def notes(user: StaffUser, report_id: int) -> list[Note]:
    if get_report(user, report_id) is None:
        return []
    rows = db.session.execute(
        select(ReportNote, StaffUser.email)
        .outerjoin(StaffUser, StaffUser.id == ReportNote.author_id)
        .where(ReportNote.report_id == report_id)
        .order_by(ReportNote.created_at, ReportNote.id)
    )
    return [Note(n.id, email, n.created_at, crypto.decrypt(n.body)) for n, email in rows]


def anonymised_at(report_id: int) -> datetime | None:
    return db.session.scalar(select(ReportTriage.anonymised_at).where(ReportTriage.report_id == report_id))


#: Columns of the CSV export; the personal ones are added only for admins who ask.
EXPORT_COLUMNS = (
    "reference",
    "submitted_at",
    "status",
    "strands",
    "incident_types",
    "incident_date",
    "approximate_period",
    "place_kind",
    "district",
    "outward_code",
    "injuries",
    "anonymous",
    "police_action",
    "assigned_to",
)
PERSONAL_COLUMNS = (
    "description",
    "name",
    "email",
    "phone",
    "contact",
    "voicemail_ok",
    "email_ok",
    "best_times",
    "language",
    "interpreter",
    "access_needs",
    "victim_name",
    "victim_email",
    "victim_phone",
    "postcode",
    "place_description",
    "website",
    "injuries_detail",
    "offenders_known",
    "offenders_count",
    "offenders_description",
    "offenders_vehicle",
    "witnesses",
    "witnesses_detail",
    "strand_other",
    "incident_other",
)
#: Excel reads a CSV as UTF-8 only when it starts with this mark (else Welsh, Polish and Urdu break).
BOM = "\ufeff"


def _cell(value: Any) -> str:
    """Text for a CSV cell; a leading = + - @ is neutralised so a spreadsheet never runs it."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = ";".join(value)
    text = str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


def export_csv(user: StaffUser, filters: ReportFilter, personal: bool) -> tuple[str, int]:
    """The filtered list as CSV text and its row count. Personal columns only for an admin who asked."""
    personal = personal and user.role == "admin"
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS + (PERSONAL_COLUMNS if personal else ()))
    ids: list[int] = []
    for report, status, assignee in db.session.execute(
        _filtered(user, filters).order_by(Report.submitted_at, Report.id)
    ):
        values = [
            report.reference,
            report.submitted_at.isoformat(timespec="seconds"),
            status,
            list(report.strands),
            list(report.incident_types),
            report.incident_date.isoformat() if report.incident_date else "",
            report.approximate_period,
            report.place_kind,
            report.district,
            report.outward_code,
            report.injuries,
            "yes" if report.anonymous else "no",
            report.police_action,
            assignee,
        ]
        if personal:
            details = crypto.decrypt_json(report.details)
            values += [details.get(column, "") for column in PERSONAL_COLUMNS]
        writer.writerow([_cell(v) for v in values])
        ids.append(report.id)
    audit.record(
        user, "report_export", "report", None, rows=len(ids), personal=personal, ids=ids, **filters.as_args()
    )
    return out.getvalue(), len(ids)
