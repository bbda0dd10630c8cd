"""A centre worker's own centre: the reports it sent (reference, date and progress only) and its
listing as the worker keeps it. Every function takes the centre from the signed-in worker, never
from the request."""

from __future__ import annotations

from datetime import date

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import select

from app.centres import queries as centre_queries
from app.centres.models import Centre
from app.extensions import db
from app.report.models import Report
from app.staff import paging
from app.staff.models import StaffUser
from app.staff.queries import audit


def own_centre(worker: StaffUser) -> Centre | None:
    """The one centre a centre worker works at (None for anyone else)."""
    if worker.role != "centre" or worker.centre_id is None:
        return None
    return db.session.get(Centre, worker.centre_id)


def sent_reports(centre: Centre) -> Pagination:
    """The request's page of reports this centre sent, newest first: rows of (reference, submitted at,
    progress). Nothing else of a report is selected, so nothing else can be shown."""
    query = (
        select(Report.reference, Report.submitted_at, Report.progress)
        .where(Report.centre_id == centre.id, Report.channel == "assisted")
        .order_by(Report.submitted_at.desc(), Report.id.desc())
    )
    return paging.paginate(query, rows=True)


def needs_checking(centre: Centre, today: date) -> bool:
    """Due a check by the one staleness rule the staff list and the public page use (calendar months)."""
    return centre_queries.needs_checking(centre.last_checked, today)


def save_hours(worker: StaffUser, centre: Centre, expression: str) -> None:
    centre.opening_hours = expression
    db.session.flush()
    audit.record(worker, "centre_updated", "centre", centre.id, by="centre", fields=["opening_hours"])


def save_access(worker: StaffUser, centre: Centre, accessibility: list[str], languages: list[str]) -> None:
    centre.accessibility = list(accessibility)
    centre.languages = sorted(set(languages))
    db.session.flush()
    audit.record(
        worker, "centre_updated", "centre", centre.id, by="centre", fields=["accessibility", "languages"]
    )


def confirm(worker: StaffUser, centre: Centre, today: date) -> None:
    """ "These details are still right": the listing counts as checked today."""
    centre.last_checked = today
    db.session.flush()
    audit.record(worker, "centre_confirmed", "centre", centre.id, by="centre")


def centre_by_slug(slug: str) -> Centre | None:
    return db.session.scalar(select(Centre).where(Centre.slug == slug))


def centre_choices() -> list[tuple[int, str]]:
    """(id, "name, town") of every active centre, for the staff account form."""
    rows = db.session.execute(
        select(Centre.id, Centre.name, Centre.town).where(Centre.active.is_(True)).order_by(Centre.name)
    )
    return [(row[0], f"{row[1]}, {row[2]}" if row[2] else row[1]) for row in rows]
