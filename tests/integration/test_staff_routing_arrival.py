"""A report reaches the area its exact point lies in, though only a ~1 km grid point is stored in clear."""

from __future__ import annotations

import json

from sqlalchemy import delete, func, select

from app.geo.importers import import_postcodes
from app.report.models import Report
from app.staff.models import Area, ReportRouting
from app.staff.queries import routing
from tests.integration.test_report_journey import seed, send
from tests.pages import PageClient

CODEPOINT = "geo/codepoint_open_2014_CH_CW_WA_SK_sample.csv"


def _box(south: float, west: float, north: float, east: float) -> str:
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


def _areas_of(db_session, report: Report) -> list[str]:
    query = select(Area.name).join(Report, routing.area_covers(Area)).where(Report.id == report.id)
    return sorted(db_session.scalars(query))


def _only_these_areas(db_session) -> None:
    """Areas other tests committed (the demo's) are set aside inside this test's rolled-back transaction."""
    db_session.execute(delete(Area))


def _report_from_ch1_3ba(pages: PageClient, db_session) -> Report:
    seed(pages)
    page = pages.get("/report/location?return=check")
    changed = pages.client.post(
        "/report/location?return=check",
        data={"csrf_token": page.csrf_token(), "postcode": "CH1 3BA", "place_description": ""},
    )
    assert changed.status_code == 303
    send(pages, pages.get("/report/check-answers"))
    return db_session.scalar(select(Report).order_by(Report.id.desc()).limit(1))


def test_the_area_is_decided_on_the_exact_point_not_the_stored_grid_point(
    pages: PageClient, db_session, test_data
) -> None:
    import_postcodes(test_data / CODEPOINT)  # CH1 3BA is at 53.194354, -2.882315; its grid point 53.19, -2.88
    _only_these_areas(db_session)
    routing.upsert_area("Hoole side", _box(53.1930, -2.8840, 53.1960, -2.8810))  # holds the exact point only
    routing.upsert_area("Grid side", _box(53.1880, -2.8820, 53.1920, -2.8780))  # holds the grid point only
    report = _report_from_ch1_3ba(pages, db_session)
    where = func.ST_AsText(Report.location)
    stored = select(func.ST_Y(where), func.ST_X(where)).where(Report.id == report.id)
    assert db_session.execute(stored).one() == (53.19, -2.88)
    assert _areas_of(db_session, report) == ["Hoole side"]
    assert db_session.get(ReportRouting, report.id).area_ids == [
        db_session.scalar(select(Area.id).where(Area.name == "Hoole side"))
    ]


def test_a_report_outside_every_area_stays_unrouted_even_if_its_grid_point_falls_inside_one(
    pages: PageClient, db_session, test_data
) -> None:
    import_postcodes(test_data / CODEPOINT)
    _only_these_areas(db_session)
    routing.upsert_area("Grid side", _box(53.1880, -2.8820, 53.1920, -2.8780))
    report = _report_from_ch1_3ba(pages, db_session)
    assert _areas_of(db_session, report) == []
    assert report.id in set(db_session.scalars(select(Report.id).where(routing.unrouted())))
