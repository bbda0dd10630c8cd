"""Retention: anonymising old reports and purging expired drafts."""

from __future__ import annotations

from datetime import datetime, timedelta

from geoalchemy2 import Geography, Geometry
from sqlalchemy import (
    cast,
    delete,
    func,
    select,
    update,
)

from app import crypto
from app.extensions import db
from app.report import queries as report_queries
from app.report.models import Report
from app.staff.models import (
    ReportNote,
    ReportTriage,
)
from app.staff.queries.triage import triage_row

PER_PAGE = 25

# --- retention -----------------------------------------------------------------------------------------


def apply_retention(older_than: timedelta, now: datetime) -> int:
    """Anonymise reports received before ``now - older_than``: what people wrote and their contact
    details are erased, notes deleted, the location generalised to a 0.01° grid (about 1 km) so area
    and district counts stay. Categories and dates are kept, so statistics do not change."""
    cutoff = now - older_than
    due = list(
        db.session.scalars(
            select(Report.id)
            .outerjoin(ReportTriage, ReportTriage.report_id == Report.id)
            .where(Report.submitted_at < cutoff, ReportTriage.anonymised_at.is_(None))
            .order_by(Report.id)
        )
    )
    if not due:
        return 0
    empty = crypto.encrypt_json({})
    snapped = cast(func.ST_SnapToGrid(cast(Report.location, Geometry), 0.01), Geography)
    db.session.execute(
        update(Report)
        .where(Report.id.in_(due))
        .values(details=empty, location=snapped)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(delete(ReportNote).where(ReportNote.report_id.in_(due)))
    for report_id in due:
        triage_row(report_id).anonymised_at = now
    db.session.flush()
    return len(due)


def purge_drafts(ttl: timedelta) -> int:
    return report_queries.purge_expired_drafts(ttl)
