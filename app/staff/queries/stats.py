"""Statistics: counts by month, reason, type and area, open-data rows and district counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Subquery,
    case,
    exists,
    func,
    literal,
    select,
    true,
)

from app.centres.models import Centre
from app.extensions import db
from app.report.models import Report
from app.staff.models import (
    Area,
    StaffUser,
)
from app.staff.queries import audit
from app.staff.queries.routing import area_covers, can_see_reports

#: Open-data counts from 1 to this are suppressed, so no one can be picked out.
SMALL_NUMBER = 4

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
    by_channel: dict[str, int] = field(default_factory=dict)
    month_channel: dict[tuple[date, str], int] = field(default_factory=dict)
    #: Assisted reports per centre inside the user's areas, by centre name; reports sent by centres
    #: elsewhere (or since removed) are under None, so the rows still add up.
    by_centre: dict[str | None, int] = field(default_factory=dict)


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
    channel = base.c.channel
    for row in db.session.execute(select(month, channel, func.count()).group_by(month, channel)):
        counts.month_channel[(row[0].date(), row[1])] = row[2]
        counts.by_channel[row[1]] = counts.by_channel.get(row[1], 0) + row[2]
    counts.by_centre = _by_centre(user, filters, ids)
    for row in db.session.execute(
        select(Area.name, func.count(Report.id))
        .select_from(Report)
        .join(ids, ids.c.id == Report.id)
        .join(Area, area_covers(Area))
        .where(true() if user.is_admin else Area.id.in_([area.id for area in user.areas]))
        .group_by(Area.name)
        .order_by(Area.name)
    ):
        counts.by_area[row[0]] = row[1]
    return counts


def _centre_in_scope(user: StaffUser, filters: StatsFilter) -> ColumnElement[bool]:
    """A centre inside the chosen area, or one of the user's areas (any, for an administrator)."""
    if user.is_admin and not filters.area_id:
        return true()
    areas = select(literal(1)).select_from(Area).where(func.ST_Covers(Area.boundary, Centre.location))
    if filters.area_id:
        areas = areas.where(Area.id == filters.area_id)
    if not user.is_admin:
        areas = areas.where(Area.id.in_([area.id for area in user.areas]))
    return exists(areas)


def _by_centre(user: StaffUser, filters: StatsFilter, ids: Subquery) -> dict[str | None, int]:
    """Assisted reports (of those ``ids`` counts) by the centre that sent them, for the centres inside
    the user's areas; the rest together under None."""
    named = case((_centre_in_scope(user, filters), Centre.name), else_=None).label("centre")
    rows = db.session.execute(
        select(named, func.count())
        .select_from(Report)
        .join(ids, ids.c.id == Report.id)
        .outerjoin(Centre, Centre.id == Report.centre_id)
        .where(Report.channel == "assisted")
        .group_by(named)
    )
    return {name: count for name, count in rows}


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
    # Channel (online or assisted) is published; the reporting centre is not: one centre's small monthly
    # counts, beside its public address and hours, could point to the people it helped.
    for dimension, crossed in (
        ("strand", counts.month_strand),
        ("incident_type", counts.month_type),
        ("channel", counts.month_channel),
    ):
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


def export_open_data(user: StaffUser, filters: StatsFilter, today: date, args: dict[str, str]) -> list[dict]:
    """Open-data rows of what ``user`` may count, small numbers suppressed; the export is audited."""
    rows = open_data_rows(statistics(user, filters, today))
    audit.record(user, "statistics_export", "statistics", None, rows=len(rows), **args)
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
        if outward is None:  # excluded by the query; this narrows the type
            continue
        centre = geo_queries.outward_centroid(outward)
        if centre is not None:
            placed.append((outward, count, centre.latitude, centre.longitude))
    return sorted(placed)
