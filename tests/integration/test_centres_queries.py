"""Nearest-centre search on real library locations: order, distances, radius and filters."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from flask import Flask

from app import hours
from app.centres.models import Centre
from app.centres.queries import nearest_centres
from app.extensions import db
from app.geo.geocode import haversine_metres
from tests.fakes.finder_data import committed, libraries

# Searches from real places: Chester Cross, Crewe station, central Stockport, Mold (Wales).
ORIGINS = [(53.19055, -2.89114), (53.08930, -2.43297), (53.40969, -2.14997), (53.16674, -3.14143)]


@pytest.fixture(scope="module")
def _libraries_loaded(app: Flask, test_data, tmp_path_factory) -> Iterator[None]:
    with committed(app, test_data, tmp_path_factory.mktemp("libraries"), libraries=True):
        yield


@pytest.fixture
def library_rows(_libraries_loaded, db_session, test_data) -> list[dict]:
    return libraries(test_data)


def _expected(rows: list[dict], lat: float, lon: float) -> list[tuple[str, float]]:
    distances = [
        (
            row["name"].strip(),
            haversine_metres(lat, lon, float(row["latitude"]), float(row["longitude"])),
        )
        for row in rows
    ]
    return sorted(distances, key=lambda item: item[1])  # stable: ties keep file (and id) order


@pytest.mark.parametrize("origin", ORIGINS)
def test_nearest_order_and_distances_equal_an_independent_great_circle_computation(
    library_rows, origin
) -> None:
    found = nearest_centres(*origin, limit=len(library_rows))
    expected = _expected(library_rows, *origin)
    assert len(found) == len(library_rows) == 127
    assert [item.centre.name for item in found] == [slug for slug, _m in expected]
    for item, (_slug, metres) in zip(found, expected, strict=True):
        assert item.metres == pytest.approx(metres, abs=1.0)


def test_k_nearest_is_the_head_of_the_full_order(library_rows) -> None:
    five = nearest_centres(*ORIGINS[0], limit=5)
    assert [c.centre.name for c in five] == [slug for slug, _m in _expected(library_rows, *ORIGINS[0])[:5]]


def test_a_radius_keeps_exactly_the_centres_inside_it(library_rows) -> None:
    radius = 8000.0
    found = nearest_centres(*ORIGINS[0], limit=200, radius_metres=radius)
    inside = [slug for slug, metres in _expected(library_rows, *ORIGINS[0]) if metres <= radius]
    assert 0 < len(inside) < len(library_rows)
    assert [c.centre.name for c in found] == inside


def test_nothing_within_a_small_radius_in_open_country(library_rows) -> None:
    # The Dee estuary sands, kilometres from any library.
    assert nearest_centres(53.30, -3.19, limit=5, radius_metres=1000) == []


def test_filters_step_free_and_language(library_rows) -> None:
    nearest = nearest_centres(*ORIGINS[0], limit=3)
    first, second = nearest[0].centre, nearest[1].centre
    first.accessibility, first.languages = [], ["pl"]
    second.languages = ["pl", "cy"]
    db.session.flush()
    step_free = nearest_centres(*ORIGINS[0], limit=3, step_free=True)
    assert first.name not in [c.centre.name for c in step_free]
    polish = nearest_centres(*ORIGINS[0], limit=5, language="pl")
    assert [c.centre.name for c in polish] == [first.name, second.name]
    assert [c.centre.name for c in nearest_centres(*ORIGINS[0], limit=5, language="cy")] == [second.name]


def test_open_now_uses_the_opening_hours_at_that_moment(library_rows) -> None:
    saturday_evening = datetime(2026, 11, 28, 21, 30, tzinfo=hours.LONDON)
    open_ones = nearest_centres(*ORIGINS[0], limit=5, open_now=True, when=saturday_evening)
    expected = [
        slug
        for slug, _m in _expected(library_rows, *ORIGINS[0])
        if hours.is_open(db.session.query(Centre).filter_by(name=slug).one().opening_hours, saturday_evening)
    ][:5]
    assert [c.centre.name for c in open_ones] == expected
    tuesday_morning = datetime(2026, 12, 1, 11, 0, tzinfo=hours.LONDON)
    assert len(nearest_centres(*ORIGINS[0], limit=5, open_now=True, when=tuesday_morning)) == 5


def test_inactive_centres_are_never_found(library_rows) -> None:
    nearest = nearest_centres(*ORIGINS[0], limit=1)[0].centre
    nearest.active = False
    db.session.flush()
    assert nearest.name not in [c.centre.name for c in nearest_centres(*ORIGINS[0], limit=5)]


def test_open_now_evaluates_only_as_many_candidates_as_it_needs(library_rows, monkeypatch) -> None:
    tuesday_morning = datetime(2026, 12, 1, 11, 0, tzinfo=hours.LONDON)
    evaluated: list[str] = []
    real_is_open = hours.is_open

    def counted(expression, when=None, nation=None):  # the real evaluation, counted
        evaluated.append(expression)
        return real_is_open(expression, when, nation)

    monkeypatch.setattr(hours, "is_open", counted)
    open_ones = nearest_centres(*ORIGINS[0], limit=5, open_now=True, when=tuesday_morning)
    every_open = [
        item.centre.name
        for item in nearest_centres(*ORIGINS[0], limit=len(library_rows))
        if real_is_open(item.centre.opening_hours, tuesday_morning, item.nation)
    ]
    assert [c.centre.name for c in open_ones] == every_open[:5]
    # The nearest few are enough on a weekday morning: not all 127 libraries.
    assert 5 <= len(evaluated) <= 10


def test_the_search_walks_the_grid_index_with_every_filter_on_and_no_subquery(db_session) -> None:
    """Step-free, a language and open now (which asks for hours): one index walk on the centre table,
    no per-row lookups of the centre's nation (a trigger stores it)."""
    from app.centres.queries import nearest_query

    query = nearest_query(53.19, -2.89, 20, step_free=True, language="ur").where(
        Centre.opening_hours.is_not(None)
    )
    compiled = query.compile(db.engine)
    # A test database holds a few hundred centres, where a scan is cheaper: ask whether the index serves.
    for plan_kind in ("seqscan", "bitmapscan", "sort"):
        db_session.connection().exec_driver_sql(f"SET LOCAL enable_{plan_kind} = off")
    rows = db_session.connection().exec_driver_sql("EXPLAIN " + str(compiled), compiled.params)
    plan = "\n".join(row[0] for row in rows)
    assert "Index Scan using idx_centre_grid on centre" in plan, plan
    assert "SubPlan" not in plan and "outcode" not in plan, plan


@pytest.mark.parametrize(
    ("postcode", "lat", "lon", "nation"),
    [
        ("CF10 5AL", 51.4700, -3.1700, "WLS"),  # from the postcode's district
        (None, 55.9533, -3.1883, "SCT"),  # no postcode: the nearest district centre (Edinburgh)
        ("ZE9 9XA", 54.5973, -5.9301, "NIR"),  # an unknown district: the nearest (Belfast)
    ],
)
def test_a_centre_knows_its_nation_whoever_saves_it(db_session, postcode, lat, lon, nation) -> None:
    from sqlalchemy import text

    saved = db_session.execute(
        text(
            "INSERT INTO centre (slug, name, address, town, postcode, location)"
            " VALUES ('nation-test', 'Nation test', '', '', :postcode,"
            "   ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography) RETURNING id, nation"
        ),
        {"postcode": postcode, "lat": lat, "lon": lon},
    ).one()
    assert saved.nation == nation
    # Moved to London with no postcode: the nation follows.
    moved = db_session.execute(
        text(
            "UPDATE centre SET postcode = NULL, location = ST_SetSRID(ST_MakePoint(-0.1276, 51.5072), 4326)"
            "::geography WHERE id = :id RETURNING nation"
        ),
        {"id": saved.id},
    ).scalar_one()
    assert moved == "ENG"
