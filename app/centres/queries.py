"""All SQL of the finder: nearest centres by KNN on the geography GiST index, lookups and upserts."""

from __future__ import annotations

import calendar
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from geoalchemy2 import Geography, Geometry
from sqlalchemy import ColumnElement, Select, cast, func, literal, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import CursorResult

from app import hours, page_cache
from app.centres.models import Centre
from app.extensions import db
from app.geo.queries import GRID_SRID

if TYPE_CHECKING:
    from app.centres.importer import ImportReport

#: How many nearest candidates to evaluate in Python when "open now" is asked for (hours live in
#: opening_hours strings, which only opening-hours-py can evaluate).
OPEN_NOW_CANDIDATES = 200
#: How many candidates the database sends at a time while "open now" looks for enough open centres.
OPEN_NOW_BATCH = 20


@dataclass(frozen=True)
class NearbyCentre:
    centre: Centre
    metres: float
    latitude: float
    longitude: float
    # ENG, WLS, SCT or NIR: whose bank holidays the centre keeps.
    nation: str = "ENG"


def _point(latitude: float, longitude: float):
    return cast(func.ST_SetSRID(func.ST_MakePoint(longitude, latitude), 4326), Geography(srid=4326))


def _grid(geography) -> ColumnElement:
    """The search point on the British National Grid (the centres' own positions are stored there,
    in ``centre.grid``, migration 0015)."""
    return func.ST_Transform(func.geometry(geography), GRID_SRID)


def nearest_query(
    latitude: float,
    longitude: float,
    limit: int,
    *,
    radius_metres: float | None = None,
    step_free: bool = False,
    language: str | None = None,
) -> Select:
    """KNN: ``ORDER BY grid position <-> point LIMIT k`` walks the GiST index on the centres' British
    National Grid positions (idx_centre_grid), so it stays fast at any size.

    The grid's planar distance orders centres as the sphere's does to within a fraction of a percent
    across the UK, and costs far less to walk; the distance shown is the sphere's
    (``ST_Distance(a, b, false)``), and :func:`nearest_centres` lists in that order.
    """
    point = _point(latitude, longitude)
    query = (
        select(
            Centre,
            func.ST_Distance(Centre.location, point, False).label("metres"),
            func.ST_Y(cast(Centre.location, Geometry)).label("lat"),
            func.ST_X(cast(Centre.location, Geometry)).label("lon"),
            Centre.nation,
        )
        .where(Centre.active.is_(True))
        # Nothing after the distance in ORDER BY: a second sort key would stop PostgreSQL walking the index.
        .order_by(Centre.grid.op("<->")(_grid(point)))
        .limit(limit)
    )
    if radius_metres is not None:
        query = query.where(func.ST_DWithin(Centre.location, point, radius_metres, False))
    if step_free:
        query = query.where(Centre.accessibility.contains(["step-free"]))
    if language:
        query = query.where(Centre.languages.contains([language]))
    return query


def nearest_centres(
    latitude: float,
    longitude: float,
    limit: int = 5,
    *,
    radius_metres: float | None = None,
    step_free: bool = False,
    language: str | None = None,
    open_now: bool = False,
    when: datetime | None = None,
) -> list[NearbyCentre]:
    """The ``limit`` nearest active centres matching the filters, nearest first, with distances in metres."""
    fetch = max(limit, OPEN_NOW_CANDIDATES) if open_now else limit
    query = nearest_query(
        latitude, longitude, fetch, radius_metres=radius_metres, step_free=step_free, language=language
    )
    if not open_now:
        return _by_distance(_nearby(row) for row in db.session.execute(query))
    # A centre without hours is never open now; the rest come from the index a few at a time, nearest
    # first, and are evaluated only until ``limit`` are open (not all the candidates every time).
    query = query.where(Centre.opening_hours.is_not(None), Centre.opening_hours != "")
    when = when or hours.now()
    found: list[NearbyCentre] = []
    result = db.session.execute(query.execution_options(yield_per=OPEN_NOW_BATCH))
    try:
        for row in result:
            item = _nearby(row)
            if hours.is_open(item.centre.opening_hours, when, item.nation):
                found.append(item)
                if len(found) == limit:
                    break
    finally:
        result.close()
    return _by_distance(found)


def _by_distance(found: Iterable[NearbyCentre]) -> list[NearbyCentre]:
    """Nearest first by the distance shown (the sphere's), which the grid's order matches to a hair."""
    return sorted(found, key=lambda item: item.metres)


def _nearby(row) -> NearbyCentre:
    return NearbyCentre(row[0], float(row[1]), float(row[2]), float(row[3]), row[4])


def centre_by_slug(slug: str) -> NearbyCentre | None:
    row = db.session.execute(
        select(
            Centre,
            literal(0.0),
            func.ST_Y(cast(Centre.location, Geometry)),
            func.ST_X(cast(Centre.location, Geometry)),
            Centre.nation,
        ).where(Centre.slug == slug, Centre.active.is_(True))
    ).first()
    return NearbyCentre(row[0], 0.0, float(row[2]), float(row[3]), row[4]) if row else None


# --- keeping listings current --------------------------------------------------------------------------
# The one rule for "not checked for N months", used by the staff list, the staff home's count and the
# public notice, so they can never disagree.

#: Staff are asked to check a centre that no one has confirmed for this many calendar months.
CHECK_AFTER_MONTHS = 6
#: The public page warns that a centre's details may be out of date after this many calendar months.
OUT_OF_DATE_AFTER_MONTHS = 12


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later (earlier if negative); a day the month does not
    have becomes its last day (31 August + 6 months is 28 or 29 February)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def checked_on_or_before(today: date, months: int) -> date:
    """The latest last-checked date that is ``months`` calendar months old or older on ``today``:
    ``d <= checked_on_or_before(today, m)`` exactly when ``add_months(d, m) <= today``."""
    back = add_months(today, -months)
    if today.day == calendar.monthrange(today.year, today.month)[1]:
        # On a month's last day, every later day of the earlier month has also come round.
        return back.replace(day=calendar.monthrange(back.year, back.month)[1])
    return back


def needs_checking(last_checked: date | None, today: date, months: int = CHECK_AFTER_MONTHS) -> bool:
    """True when ``months`` calendar months have passed since the centre was last checked (from that
    anniversary day on), or it never was."""
    return last_checked is None or last_checked <= checked_on_or_before(today, months)


def needs_checking_clause(today: date, months: int = CHECK_AFTER_MONTHS) -> ColumnElement[bool]:
    """:func:`needs_checking` as SQL over the centre table."""
    return or_(Centre.last_checked.is_(None), Centre.last_checked <= checked_on_or_before(today, months))


def count_needing_check(today: date) -> int:
    """Active centres not confirmed for CHECK_AFTER_MONTHS (the staff home's count)."""
    due = needs_checking_clause(today)
    query = select(func.count()).select_from(Centre).where(Centre.active.is_(True), due)
    return db.session.scalar(query) or 0


@page_cache.while_content_unchanged
def languages_offered() -> list[str]:
    """Language codes some active centre offers, for the filter's choices (kept until a centre
    changes: it reads every centre)."""
    codes = db.session.execute(
        select(func.distinct(func.unnest(Centre.languages))).where(Centre.active.is_(True))
    ).scalars()
    return sorted(code for code in codes if code)


def slugs_in_use(slugs: Iterable[str]) -> set[str]:
    return set(db.session.execute(select(Centre.slug).where(Centre.slug.in_(list(slugs)))).scalars())


def upsert_centres(rows: list[dict]) -> int:
    """Insert or update centres by slug (re-running an import updates, never duplicates)."""
    if not rows:
        return 0
    for row in rows:
        row["location"] = func.ST_SetSRID(func.ST_MakePoint(row.pop("longitude"), row.pop("latitude")), 4326)
    statement = insert(Centre).values(rows)
    updatable = {
        c.name: statement.excluded[c.name]
        for c in Centre.__table__.columns
        if c.name not in {"id", "slug"} and c.computed is None  # PostgreSQL works out ``grid`` itself
    }
    updatable["updated_at"] = func.now()
    db.session.execute(statement.on_conflict_do_update(index_elements=["slug"], set_=updatable))
    return len(rows)


def slugs_by_name_and_postcode(
    pairs: Iterable[tuple[str, str | None]],
) -> dict[tuple[str, str | None], str]:
    """Slugs of imported centres (not examples) by (case-folded name, postcode), active ones first."""
    wanted = {(name.casefold(), postcode) for name, postcode in pairs if postcode}
    if not wanted:
        return {}
    rows = db.session.execute(
        select(Centre.name, Centre.postcode, Centre.slug)
        .where(Centre.is_example.is_(False), Centre.postcode.in_({postcode for _n, postcode in wanted}))
        .order_by(Centre.active.asc(), Centre.updated_at.asc())
    )
    # Later rows win: an active centre over an inactive one of the same name and postcode.
    return {
        (name.casefold(), postcode): slug
        for name, postcode, slug in rows
        if (name.casefold(), postcode) in wanted
    }


def deactivate_centres_except(slugs: set[str]) -> int:
    """Make every active imported centre (not an example) whose slug is not in ``slugs`` inactive."""
    result = db.session.execute(
        update(Centre)
        .where(Centre.active.is_(True), Centre.is_example.is_(False), Centre.slug.not_in(slugs or {""}))
        .values(active=False, updated_at=func.now())
    )
    return cast_result(result).rowcount


def cast_result(result: object) -> CursorResult:
    """An UPDATE's result, which carries the number of rows changed."""
    assert isinstance(result, CursorResult)
    return result


def postcode_points(postcodes: Iterable[str]) -> dict[str, tuple[float, float]]:
    """Stored centroids for normalised postcodes (to place imported centres without coordinates)."""
    wanted = sorted(set(postcodes))
    if not wanted:
        return {}
    result = db.session.execute(
        text(
            "SELECT postcode, ST_Y(location::geometry), ST_X(location::geometry) FROM postcode"
            " WHERE postcode = ANY(:wanted)"
        ),
        {"wanted": wanted},
    )
    return {row[0]: (row[1], row[2]) for row in result}


def check_centres(text: str) -> ImportReport:
    """A centres CSV read with the importer's own checks (rows and problems by line); nothing is written."""
    from app.centres import importer  # the importer builds on this module

    return importer.read_centres(io.StringIO(text, newline=""))


def centre_slug(name: str, place: str) -> str:
    """The address-bar name the importer gives a centre called ``name`` in ``place``."""
    from app.centres import importer

    return importer.slugify(name, place)
