"""All SQL of the staff area. Every report query takes the signed-in user and keeps to what they may see.

Routing is computed at query time: a report belongs to every area whose boundary covers its location
(``ST_Covers`` on geography), and a report without a location belongs to the default area.
"""

from __future__ import annotations

import csv
import io
import json
import secrets
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from geoalchemy2 import Geography, Geometry
from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    any_,
    cast,
    delete,
    exists,
    false,
    func,
    literal,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.dialects.postgresql import insert

from app import crypto
from app import hours as centre_hours
from app.centres import importer as centre_importer
from app.centres import queries as centre_queries
from app.centres.models import Centre
from app.directory import openreferral
from app.directory import queries as directory_queries
from app.directory.models import Service
from app.extensions import db
from app.report import queries as report_queries
from app.report.models import Report
from app.staff.models import (
    Area,
    AuditEvent,
    PendingImport,
    ReportNote,
    ReportTriage,
    SignInThrottle,
    StaffUser,
    staff_user_area,
)

PER_PAGE = 25
#: Entries not confirmed for this long are listed for review.
STALE_AFTER = timedelta(days=365)
#: Open-data counts from 1 to this are suppressed, so no one can be picked out.
SMALL_NUMBER = 4


# --- users ---------------------------------------------------------------------------------------------


def user_by_email(email: str) -> StaffUser | None:
    return db.session.scalar(select(StaffUser).where(StaffUser.email == email.strip().lower()))


def get_user(user_id: int) -> StaffUser | None:
    return db.session.get(StaffUser, user_id)


def user_for_session(user_id: int, version: int) -> StaffUser | None:
    """The user a session cookie names, only while active and not signed out everywhere since."""
    return db.session.scalar(
        select(StaffUser).where(
            StaffUser.id == user_id, StaffUser.session_version == version, StaffUser.active.is_(True)
        )
    )


def create_user(email: str, role: str, password_hash: str, areas: list[Area] | None = None) -> StaffUser:
    user = StaffUser(
        email=email.strip().lower(),
        role=role,
        password_hash=password_hash,
        must_change_password=True,
        areas=list(areas or []),
    )
    db.session.add(user)
    db.session.flush()
    return user


def list_users() -> list[StaffUser]:
    return list(db.session.scalars(select(StaffUser).order_by(StaffUser.role, StaffUser.email)))


def reset_password(user: StaffUser, password_hash: str, *, must_change: bool) -> None:
    user.password_hash = password_hash
    user.must_change_password = must_change
    user.session_version += 1


def sign_out_everywhere(user: StaffUser) -> None:
    user.session_version += 1


def record_sign_in(user: StaffUser, when: datetime) -> None:
    user.last_sign_in_at = when


# --- sign-in throttle ----------------------------------------------------------------------------------


def locked_until(key: str) -> datetime | None:
    return db.session.scalar(select(SignInThrottle.locked_until).where(SignInThrottle.key == key))


def record_failure(key: str, now: datetime, lock_for: Any) -> int:
    """Count one more failure for this account name and lock it for ``lock_for(failures)``."""
    statement = insert(SignInThrottle).values(key=key, failures=1, last_failure_at=now)
    row = db.session.execute(
        statement.on_conflict_do_update(
            index_elements=[SignInThrottle.key],
            set_={"failures": SignInThrottle.failures + 1, "last_failure_at": now},
        ).returning(SignInThrottle.failures)
    ).scalar_one()
    wait = lock_for(row)
    db.session.execute(
        update(SignInThrottle)
        .where(SignInThrottle.key == key)
        .values(locked_until=now + wait if wait else None)
    )
    return row


def clear_failures(key: str) -> None:
    db.session.execute(delete(SignInThrottle).where(SignInThrottle.key == key))


# --- audit ---------------------------------------------------------------------------------------------


def audit(
    actor: StaffUser | int | None,
    action: str,
    object_type: str | None = None,
    object_id: object = None,
    **detail: Any,
) -> None:
    """Append one row. ``detail`` holds codes and counts only, never names, addresses or free text."""
    actor_id = actor.id if isinstance(actor, StaffUser) else actor
    db.session.add(
        AuditEvent(
            actor_id=actor_id,
            action=action,
            object_type=object_type,
            object_id=None if object_id is None else str(object_id),
            detail=detail,
        )
    )
    db.session.flush()


@dataclass
class AuditFilter:
    action: str | None = None
    actor_id: int | None = None
    object_id: str | None = None
    since: date | None = None
    until: date | None = None


def audit_events(filters: AuditFilter, page: int = 1) -> tuple[list[tuple[AuditEvent, str | None]], int]:
    query = select(AuditEvent, StaffUser.email).outerjoin(StaffUser, StaffUser.id == AuditEvent.actor_id)
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.actor_id:
        query = query.where(AuditEvent.actor_id == filters.actor_id)
    if filters.object_id:
        query = query.where(AuditEvent.object_id == filters.object_id)
    if filters.since:
        query = query.where(AuditEvent.at >= filters.since)
    if filters.until:
        query = query.where(AuditEvent.at < filters.until + timedelta(days=1))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.session.execute(
        query.order_by(AuditEvent.id.desc()).limit(PER_PAGE).offset((page - 1) * PER_PAGE)
    ).all()
    return [(row[0], row[1]) for row in rows], total


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))


# --- areas and routing ---------------------------------------------------------------------------------


def area_covers(area: Any = Area) -> ColumnElement[bool]:
    """True where ``area`` is one of the report's areas: its boundary covers the report's location,
    or the report has no location and the area is the default one."""
    return or_(
        and_(Report.location.is_not(None), func.ST_Covers(area.boundary, Report.location)),
        and_(Report.location.is_(None), area.is_default.is_(True)),
    )


def _in_users_areas(user: StaffUser) -> ColumnElement[bool]:
    return exists(
        select(literal(1))
        .select_from(Area)
        .join(staff_user_area, staff_user_area.c.area_id == Area.id)
        .where(staff_user_area.c.user_id == user.id, area_covers(Area))
    )


def can_see_reports(user: StaffUser) -> ColumnElement[bool]:
    """The one access rule for reports: admins see all, reviewers those of their areas, editors none."""
    if user.role == "admin":
        return true()
    if user.role == "reviewer":
        return _in_users_areas(user)
    return false()


def list_areas() -> list[Area]:
    return list(db.session.scalars(select(Area).order_by(Area.is_default.desc(), Area.name)))


def areas_by_ids(ids: list[int]) -> list[Area]:
    return list(db.session.scalars(select(Area).where(Area.id.in_(ids)))) if ids else []


def area_by_name(name: str) -> Area | None:
    return db.session.scalar(select(Area).where(Area.name == name))


def report_area_names(report_id: int) -> list[str]:
    return list(
        db.session.scalars(
            select(Area.name)
            .select_from(Report)
            .join(Area, area_covers(Area))
            .where(Report.id == report_id)
            .order_by(Area.name)
        )
    )


def areas_for_point(latitude: float | None, longitude: float | None) -> list[str]:
    """Names of the areas a report at this point (or with no point) would go to."""
    if latitude is None or longitude is None:
        return list(db.session.scalars(select(Area.name).where(Area.is_default.is_(True))))
    point = cast(func.ST_SetSRID(func.ST_MakePoint(longitude, latitude), 4326), Geography(srid=4326))
    return list(
        db.session.scalars(select(Area.name).where(func.ST_Covers(Area.boundary, point)).order_by(Area.name))
    )


def geometry_problem(geojson: str) -> str | None:
    return directory_queries.geojson_problem(geojson)


def upsert_area(name: str, geojson: str | None, *, is_example: bool = False) -> Area:
    """Insert or replace an area's boundary by name (polygons become a MultiPolygon)."""
    area = area_by_name(name) or Area(name=name)
    area.is_example = is_example
    area.boundary = (
        cast(func.ST_Multi(func.ST_SetSRID(func.ST_GeomFromGeoJSON(geojson), 4326)), Geography)
        if geojson
        else None
    )
    db.session.add(area)
    db.session.flush()
    return area


def set_default_area(area: Area) -> None:
    db.session.execute(update(Area).where(Area.id != area.id).values(is_default=False))
    area.is_default = True
    db.session.flush()


def area_report_counts() -> dict[int, int]:
    rows = db.session.execute(
        select(Area.id, func.count(Report.id)).outerjoin(Report, area_covers(Area)).group_by(Area.id)
    )
    return {row[0]: row[1] for row in rows}


def area_bounds(area_id: int) -> tuple[float, float, float, float] | None:
    """(south, west, north, east) of an area's boundary, for a map."""
    row = db.session.execute(
        select(
            func.ST_YMin(func.Box2D(cast(Area.boundary, Geometry))),
            func.ST_XMin(func.Box2D(cast(Area.boundary, Geometry))),
            func.ST_YMax(func.Box2D(cast(Area.boundary, Geometry))),
            func.ST_XMax(func.Box2D(cast(Area.boundary, Geometry))),
        ).where(Area.id == area_id, Area.boundary.is_not(None))
    ).first()
    return (row[0], row[1], row[2], row[3]) if row else None


# --- reports: list, detail, triage ---------------------------------------------------------------------


@dataclass
class ReportFilter:
    status: str | None = None
    strand: str | None = None
    incident_type: str | None = None
    received_from: date | None = None
    received_to: date | None = None
    area_id: int | None = None
    assigned_to_me: bool = False

    def as_args(self) -> dict[str, str]:
        values = {
            "status": self.status,
            "strand": self.strand,
            "incident_type": self.incident_type,
            "from": self.received_from.isoformat() if self.received_from else None,
            "to": self.received_to.isoformat() if self.received_to else None,
            "area": str(self.area_id) if self.area_id else None,
            "mine": "1" if self.assigned_to_me else None,
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
    if filters.assigned_to_me:
        query = query.where(ReportTriage.assigned_to_id == user.id)
    return query


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
    )


def list_reports(user: StaffUser, filters: ReportFilter, page: int = 1) -> tuple[list[ReportRow], int]:
    query = _filtered(user, filters)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.session.execute(
        query.order_by(Report.submitted_at.desc(), Report.id.desc())
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
    ).all()
    return [_row(*row) for row in rows], total


def get_report(user: StaffUser, report_id: int) -> tuple[Report, str, str | None] | None:
    """The report with its status and assignee, or None if it does not exist *or* the user may not see
    it (the two look the same, so ids cannot be probed)."""
    row = db.session.execute(_filtered(user, ReportFilter()).where(Report.id == report_id)).first()
    return (row[0], row[1], row[2]) if row else None


def report_answers(report: Report) -> Any:
    return report_queries.report_answers(report)


def _triage(report_id: int) -> ReportTriage:
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
    triage = _triage(report_id)
    old = triage.status
    triage.status = status
    db.session.flush()
    return old


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
    _triage(report_id).assigned_to_id = assignee_id
    db.session.flush()
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
PERSONAL_COLUMNS = ("description", "name", "email", "phone", "postcode", "place_description")


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
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS + (PERSONAL_COLUMNS if personal else ()))
    count = 0
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
        count += 1
    return out.getvalue(), count


# --- statistics ----------------------------------------------------------------------------------------


@dataclass
class StatsFilter:
    area_id: int | None = None
    months: int = 12


def _stats_base(user: StaffUser, filters: StatsFilter, since: date) -> Select:
    query = select(Report.id).where(can_see_reports(user), Report.submitted_at >= since)
    if filters.area_id:
        chosen = select(Area).where(Area.id == filters.area_id).subquery()
        query = query.where(exists(select(literal(1)).select_from(chosen).where(area_covers(chosen.c))))
    return query


def month_starts(months: int, today: date) -> list[date]:
    first = today.replace(day=1)
    starts = []
    for back in range(months - 1, -1, -1):
        year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
        starts.append(date(year, month + 1, 1))
    return starts


@dataclass
class Counts:
    """Counts of reports: by month and category (``month_by``), and totals per category."""

    months: list[date]
    by_month: dict[date, int] = field(default_factory=dict)
    by_strand: dict[str, int] = field(default_factory=dict)
    by_type: dict[str, int] = field(default_factory=dict)
    by_area: dict[str, int] = field(default_factory=dict)
    month_strand: dict[tuple[date, str], int] = field(default_factory=dict)
    month_type: dict[tuple[date, str], int] = field(default_factory=dict)


def statistics(user: StaffUser, filters: StatsFilter, today: date) -> Counts:
    months = month_starts(filters.months, today)
    ids = _stats_base(user, filters, months[0]).subquery()
    counts = Counts(months=months)
    base = select(Report).join(ids, ids.c.id == Report.id).subquery()

    month = func.date_trunc("month", func.timezone("Europe/London", base.c.submitted_at)).label("month")
    for row in db.session.execute(select(month, func.count()).group_by(month)):
        counts.by_month[row[0].date()] = row[1]
    for column, target, crossed in (
        (base.c.strands, counts.by_strand, counts.month_strand),
        (base.c.incident_types, counts.by_type, counts.month_type),
    ):
        value = func.unnest(column).label("value")
        inner = select(
            func.date_trunc("month", func.timezone("Europe/London", base.c.submitted_at)).label("month"),
            value,
        ).subquery()
        for row in db.session.execute(
            select(inner.c.month, inner.c.value, func.count()).group_by(inner.c.month, inner.c.value)
        ):
            crossed[(row[0].date(), row[1])] = row[2]
            target[row[1]] = target.get(row[1], 0) + row[2]
    for row in db.session.execute(
        select(Area.name, func.count(Report.id))
        .select_from(Report)
        .join(ids, ids.c.id == Report.id)
        .join(Area, area_covers(Area))
        .group_by(Area.name)
        .order_by(Area.name)
    ):
        counts.by_area[row[0]] = row[1]
    return counts


def suppress(count: int) -> int | None:
    """Open data: 1 to SMALL_NUMBER becomes None ("fewer than 5"); 0 and larger numbers stay."""
    return None if 0 < count <= SMALL_NUMBER else count


def open_data_rows(counts: Counts) -> list[dict[str, Any]]:
    """Rows of month × dimension × category counts, small numbers suppressed."""
    rows: list[dict[str, Any]] = []
    for month in counts.months:
        rows.append(
            {
                "month": month.strftime("%Y-%m"),
                "dimension": "all",
                "category": "all",
                "count": suppress(counts.by_month.get(month, 0)),
            }
        )
    for dimension, crossed in (("strand", counts.month_strand), ("incident_type", counts.month_type)):
        categories = sorted({category for _month, category in crossed})
        for month in counts.months:
            for category in categories:
                rows.append(
                    {
                        "month": month.strftime("%Y-%m"),
                        "dimension": dimension,
                        "category": category,
                        "count": suppress(crossed.get((month, category), 0)),
                    }
                )
    return rows


def district_counts(
    user: StaffUser, filters: StatsFilter, today: date
) -> list[tuple[str, int, float, float]]:
    """(district, count, latitude, longitude) per outward code, placed at the centroid of that
    district's postcodes (never at a report's own point). Districts with no stored centroid are left out."""
    months = month_starts(filters.months, today)
    ids = _stats_base(user, filters, months[0]).subquery()
    rows = db.session.execute(
        select(Report.outward_code, func.count())
        .join(ids, ids.c.id == Report.id)
        .where(Report.outward_code.is_not(None))
        .group_by(Report.outward_code)
    ).all()
    from app.geo import queries as geo_queries

    placed = []
    for outward, count in rows:
        centre = geo_queries.outward_centroid(outward)
        if centre is not None:
            placed.append((outward, count, centre.latitude, centre.longitude))
    return sorted(placed)


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
        _triage(report_id).anonymised_at = now
    db.session.flush()
    return len(due)


def purge_drafts(ttl: timedelta) -> int:
    return report_queries.purge_expired_drafts(ttl)


# --- centres -------------------------------------------------------------------------------------------


def _stale(column: Any, today: date) -> ColumnElement[bool]:
    return or_(column.is_(None), column < today - STALE_AFTER)


def list_centres(
    today: date, *, stale_only: bool = False, search: str = "", page: int = 1
) -> tuple[list, int]:
    query = select(Centre)
    if stale_only:
        query = query.where(Centre.active.is_(True), _stale(Centre.last_checked, today))
    if search:
        query = query.where(Centre.name.ilike(f"%{search}%") | Centre.town.ilike(f"%{search}%"))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.session.scalars(
        query.order_by(Centre.active.desc(), Centre.name).limit(PER_PAGE).offset((page - 1) * PER_PAGE)
    )
    return list(rows), total


def get_centre(centre_id: int) -> Centre | None:
    return db.session.get(Centre, centre_id)


def save_centre(centre: Centre | None, values: dict[str, Any], latitude: float, longitude: float) -> Centre:
    """Create (``centre`` None) or update a centre from the edit form; returns it."""
    if centre is None:
        slug = centre_importer.slugify(values["name"], values.get("town") or values.get("postcode") or "")
        taken = centre_queries.slugs_in_use([slug])
        if taken:
            slug = f"{slug[:110]}-{secrets.token_hex(3)}"
        centre = Centre(slug=slug, active=True, is_example=False)
        db.session.add(centre)
    for name, value in values.items():
        setattr(centre, name, value)
    centre.location = func.ST_SetSRID(func.ST_MakePoint(longitude, latitude), 4326)
    db.session.flush()
    return centre


def confirm_centre(centre: Centre, today: date) -> None:
    centre.last_checked = today
    db.session.flush()


def centre_point(centre_id: int) -> tuple[float, float] | None:
    row = db.session.execute(
        select(func.ST_Y(cast(Centre.location, Geometry)), func.ST_X(cast(Centre.location, Geometry))).where(
            Centre.id == centre_id
        )
    ).first()
    return (row[0], row[1]) if row else None


def hours_problem(expression: str) -> str | None:
    return centre_hours.problem(expression)


# --- directory services --------------------------------------------------------------------------------


def list_services(today: date, *, stale_only: bool = False, page: int = 1) -> tuple[list[Service], int]:
    query = select(Service)
    if stale_only:
        query = query.where(Service.status == "active", _stale(Service.last_checked, today))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.session.scalars(query.order_by(Service.name).limit(PER_PAGE).offset((page - 1) * PER_PAGE))
    return list(rows), total


def get_service(service_id: uuid.UUID) -> Service | None:
    return db.session.get(Service, service_id)


def update_service(service: Service, values: dict[str, Any]) -> None:
    for name, value in values.items():
        setattr(service, name, value)
    db.session.flush()


def confirm_service(service: Service, today: date) -> None:
    service.last_checked = today
    db.session.flush()


# --- browser imports with a preview --------------------------------------------------------------------

IMPORT_TTL = timedelta(hours=2)


def save_pending_import(user: StaffUser, kind: str, filename: str, content: bytes) -> str:
    db.session.execute(delete(PendingImport).where(PendingImport.created_at < func.now() - IMPORT_TTL))
    token = secrets.token_urlsafe(24)
    db.session.add(
        PendingImport(token=token, kind=kind, user_id=user.id, filename=filename[:200], content=content)
    )
    db.session.flush()
    return token


def pending_import(user: StaffUser, kind: str, token: str) -> PendingImport | None:
    return db.session.scalar(
        select(PendingImport).where(
            PendingImport.token == token,
            PendingImport.kind == kind,
            PendingImport.user_id == user.id,
            PendingImport.created_at > func.now() - IMPORT_TTL,
        )
    )


def drop_pending_import(pending: PendingImport) -> None:
    db.session.delete(pending)
    db.session.flush()


@dataclass
class Preview:
    """What an import would do: rows to add and to change (by name), and problems by line."""

    add: list[str] = field(default_factory=list)
    change: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rows: list[Any] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def preview_centres(content: bytes) -> Preview:
    """Check a centres CSV with the importer's own checks; nothing is written."""
    preview = Preview()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        preview.errors.append("line 1: the file is not UTF-8 text (save it as CSV UTF-8)")
        return preview
    report = centre_importer.read_centres(io.StringIO(text, newline=""))
    preview.errors = report.errors
    preview.rows = report.rows
    existing = centre_queries.slugs_in_use(row["slug"] for row in report.rows)
    for row in report.rows:
        (preview.change if row["slug"] in existing else preview.add).append(row["name"])
    return preview


def import_centres(rows: list[dict]) -> int:
    clean = [{key: value for key, value in row.items() if key != "_line"} for row in rows]
    return centre_queries.upsert_centres(clean)


def preview_services(content: bytes) -> Preview:
    """Check Open Referral JSON with the directory importer's own checks; nothing is written."""
    preview = Preview()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload.json"
        path.write_bytes(content)
        try:
            items = openreferral.load(path)
            records, warnings = openreferral.parse_services(items, directory_queries.geojson_problem)
        except openreferral.ImportFailed as failure:
            preview.errors = [line.replace(str(path), "the file") for line in failure.errors]
            return preview
    preview.rows, preview.warnings = records, warnings
    existing = set(
        db.session.scalars(select(Service.id).where(Service.id.in_([record.id for record in records])))
    )
    for record in records:
        (preview.change if record.id in existing else preview.add).append(record.name)
    return preview


def import_services(records: list[Any]) -> int:
    for record in records:
        directory_queries.save_service(record)
    return len(records)


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def iter_geojson_features(data: Any) -> Iterator[tuple[str | None, str | None]]:
    """(name, geometry JSON) for each polygon feature of a GeoJSON FeatureCollection or Feature."""
    features = (
        data.get("features") if isinstance(data, dict) and data.get("type") == "FeatureCollection" else None
    )
    if features is None:
        features = [data] if isinstance(data, dict) and data.get("type") == "Feature" else []
    for feature in features:
        properties = feature.get("properties") or {}
        name = properties.get("name") or properties.get("NAME") or properties.get("areanm")
        geometry = feature.get("geometry")
        kind = geometry.get("type") if isinstance(geometry, dict) else None
        yield (
            str(name).strip() if name else None,
            json.dumps(geometry) if kind in {"Polygon", "MultiPolygon"} else None,
        )
