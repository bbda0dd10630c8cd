"""Areas and routing. A report belongs to every area whose boundary covers its location
(``ST_Covers`` on geography); a report without a location belongs to the default area."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from geoalchemy2 import Geography, Geometry
from sqlalchemy import (
    ColumnElement,
    and_,
    any_,
    cast,
    exists,
    false,
    func,
    literal,
    or_,
    select,
    true,
    update,
)

from app.directory import queries as directory_queries
from app.extensions import db
from app.report.models import Report
from app.signals import report_arrived
from app.staff.models import (
    Area,
    ReportRouting,
    StaffUser,
    staff_user_area,
)
from app.staff.queries import audit


def area_covers(area: Any = Area) -> ColumnElement[bool]:
    """True where ``area`` is one of the report's areas: the areas its exact point was routed to when it
    arrived; for a report from before routing was recorded, the areas covering its stored location; and
    for a report without a location, the default area."""
    # Two levels down when called inside another EXISTS (the user's areas): auto-correlation only
    # reaches the immediately enclosing SELECT, so without this the report here is a fresh FROM and
    # "routed" is true for every report as soon as any report was routed to the area.
    routed = select(literal(1)).where(ReportRouting.report_id == Report.id).correlate_except(ReportRouting)
    return or_(
        and_(Report.location.is_not(None), exists(routed.where(area.id == any_(ReportRouting.area_ids)))),
        and_(
            Report.location.is_not(None),
            ~exists(routed),
            func.ST_Covers(area.boundary, Report.location),
        ),
        and_(Report.location.is_(None), area.is_default.is_(True)),
    )


@report_arrived.connect
def route_on_arrival(
    _sender: object, report_id: int, latitude: float | None, longitude: float | None, **_: object
) -> None:
    """Record which areas cover the report's exact point, in the transaction that writes the report."""
    if latitude is None or longitude is None:
        return  # no place: the default area receives it, whichever area that is at the time
    point = cast(func.ST_SetSRID(func.ST_MakePoint(longitude, latitude), 4326), Geography)
    area_ids = list(
        db.session.scalars(select(Area.id).where(func.ST_Covers(Area.boundary, point)).order_by(Area.id))
    )
    db.session.add(ReportRouting(report_id=report_id, area_ids=area_ids))
    db.session.flush()


def _in_users_areas(user: StaffUser) -> ColumnElement[bool]:
    return exists(
        select(literal(1))
        .select_from(Area)
        .join(staff_user_area, staff_user_area.c.area_id == Area.id)
        .where(staff_user_area.c.user_id == user.id, area_covers(Area))
    )


def unrouted() -> ColumnElement[bool]:
    """True for a report that no area receives: located outside every boundary, or without a location
    while no area is the default. Only administrators see these, so they are listed for them."""
    return ~exists(select(literal(1)).select_from(Area).where(area_covers(Area)))


def unrouted_count() -> int:
    return db.session.scalar(select(func.count(Report.id)).where(unrouted())) or 0


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


def set_default_area(actor: StaffUser | None, area: Area, *, by: str | None = None) -> None:
    """Make ``area`` the one that receives reports without a location (audited)."""
    db.session.execute(update(Area).where(Area.id != area.id).values(is_default=False))
    area.is_default = True
    db.session.flush()
    audit.record(actor, "area_default", "staff_area", area.id, **({"by": by} if by else {}))


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
