"""Related reports: likely duplicates suggested from the answers, and the links staff make between them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Subquery, and_, delete, func, or_, select
from sqlalchemy.dialects.postgresql import array, insert

from app.extensions import db
from app.report.models import Report
from app.staff.models import Area, ReportLink, StaffUser
from app.staff.queries import audit
from app.staff.queries.routing import area_covers
from app.staff.queries.triage import visible_reports

#: Reports this close in time, in a shared area, with a shared reason and the same kind of place.
CLOSE = timedelta(days=3)
SUGGESTIONS = 5


@dataclass(frozen=True)
class Related:
    id: int
    reference: str
    submitted_at: datetime


def _visible(user: StaffUser) -> Subquery:
    return visible_reports(user).subquery()


def suggestions(user: StaffUser, report: Report) -> list[Related]:
    """Reports the user may see that look like the same incident and are not linked yet."""
    visible = _visible(user)
    other = Report.__table__.alias("other")
    # An area of this report (joined on its spatial test, as in routing) that also covers the other one.
    shared_area = (
        select(Area.id)
        .select_from(Report)
        .join(Area, area_covers(Area))
        .where(
            or_(
                and_(other.c.location.is_not(None), func.ST_Covers(Area.boundary, other.c.location)),
                and_(other.c.location.is_(None), Area.is_default.is_(True)),
            )
        )
        .where(Report.id == report.id)
        .exists()
    )
    linked = set(_linked_ids(report.id))
    rows = db.session.execute(
        select(other.c.id, other.c.reference, other.c.submitted_at)
        .join(visible, visible.c.id == other.c.id)
        .where(
            other.c.id != report.id,
            other.c.place_kind == report.place_kind,
            other.c.strands.op("&&")(array(list(report.strands))),
            other.c.submitted_at.between(report.submitted_at - CLOSE, report.submitted_at + CLOSE),
            shared_area,
        )
        .order_by(func.abs(func.extract("epoch", other.c.submitted_at - report.submitted_at)))
        .limit(SUGGESTIONS + len(linked))
    ).all()
    return [Related(*row) for row in rows if row[0] not in linked][:SUGGESTIONS]


def _linked_ids(report_id: int) -> list[int]:
    return list(
        db.session.scalars(
            select(ReportLink.other_id).where(ReportLink.report_id == report_id).order_by(ReportLink.other_id)
        )
    )


def linked(user: StaffUser, report_id: int) -> list[Related]:
    """Reports linked to this one that the user may see (a link never reveals another area's report)."""
    visible = _visible(user)
    rows = db.session.execute(
        select(Report.id, Report.reference, Report.submitted_at)
        .join(visible, visible.c.id == Report.id)
        .join(ReportLink, and_(ReportLink.other_id == Report.id, ReportLink.report_id == report_id))
        .order_by(Report.submitted_at)
    ).all()
    return [Related(*row) for row in rows]


def link(user: StaffUser, report_id: int, other_id: int) -> bool:
    """Link two reports the user may both see (stored both ways); False if either is out of reach."""
    visible = _visible(user)
    seen = set(db.session.scalars(select(visible.c.id).where(visible.c.id.in_([report_id, other_id]))))
    if report_id == other_id or seen != {report_id, other_id}:
        return False
    db.session.execute(
        insert(ReportLink)
        .values(
            [{"report_id": report_id, "other_id": other_id}, {"report_id": other_id, "other_id": report_id}]
        )
        .on_conflict_do_nothing()
    )
    audit.record(user, "report_linked", "report", report_id, other=other_id)
    return True


def unlink(user: StaffUser, report_id: int, other_id: int) -> None:
    db.session.execute(
        delete(ReportLink).where(
            or_(
                and_(ReportLink.report_id == report_id, ReportLink.other_id == other_id),
                and_(ReportLink.report_id == other_id, ReportLink.other_id == report_id),
            )
        )
    )
    audit.record(user, "report_unlinked", "report", report_id, other=other_id)
