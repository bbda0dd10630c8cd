"""All the directory's SQL: searching services (PostGIS coverage and distance), the API, import writes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from geoalchemy2 import Geography, Geometry
from geoalchemy2.elements import WKTElement
from sqlalchemy import (
    ColumnExpressionArgument,
    Select,
    and_,
    any_,
    case,
    cast,
    delete,
    exists,
    false,
    func,
    or_,
    select,
    text,
)
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError
from sqlalchemy.orm import selectinload

from app import page_cache
from app.directory import nations
from app.directory.models import (
    Channel,
    Location,
    Organisation,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
    service_term,
)
from app.directory.vocab import STRAND, SUPPORT_TYPE
from app.extensions import db, rows_affected
from app.geo.queries import grid

if TYPE_CHECKING:
    from app.directory.feeds import FeedCheck
    from app.directory.openreferral import ServiceRecord, TermRecord

#: Statuses shown to the public on /support (inactive and defunct services stay in the data only).
LISTED = ("active", "temporarily closed")


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float
    district: str | None = None
    nation: str | None = None  # E, W, S or N; None when not known

    def element(self) -> WKTElement:
        return WKTElement(f"POINT({self.longitude} {self.latitude})", srid=4326, extended=False)


@dataclass
class Criteria:
    support_types: list[str] = field(default_factory=list)
    strand: str = ""
    language: str = ""
    anonymous: bool = False
    text: str = ""
    term_id: uuid.UUID | None = None


@dataclass
class Found:
    service: Service
    covers: bool | None  # None: no place given, or the service's area is unknown
    distance: float | None  # metres to its nearest physical location


def eager_loads() -> list:
    """What a service's card and its HSDS record read, loaded with the service (no query per row)."""
    return [
        selectinload(Service.organisation),
        selectinload(Service.channels),
        selectinload(Service.terms),
        selectinload(Service.service_locations).selectinload(ServiceAtLocation.location),
    ]


def geography_of(point: Point):
    """The point as a PostGIS geography, for distances and ST_Covers."""
    return cast(func.ST_SetSRID(func.ST_MakePoint(point.longitude, point.latitude), 4326), Geography)


def _has_term(taxonomy: str, codes: list[str]):
    return exists().where(
        service_term.c.service_id == Service.id,
        service_term.c.term_id == TaxonomyTerm.id,
        TaxonomyTerm.taxonomy == taxonomy,
        TaxonomyTerm.code.in_(codes),
    )


def _covers(point: Point):
    """National; or the area polygon covers the point; or the point's council (``Point.district``, the
    geocoder's ``Place.local_authority``) is one of its authorities, "… Council" or not."""
    conditions: list[ColumnExpressionArgument[bool]] = [
        Service.national.is_(True),
        func.ST_Covers(Service.area, geography_of(point)),
    ]
    if point.district:
        conditions.append(
            text(
                "EXISTS (SELECT 1 FROM unnest(directory_service.local_authorities) AS la"
                " WHERE regexp_replace(lower(trim(la)), '\\s+council$', '') = lower(:council))"
            ).bindparams(council=point.district.strip())
        )
    return or_(*conditions)


def _area_known():
    return or_(
        Service.national.is_(True),
        Service.area.is_not(None),
        func.cardinality(Service.local_authorities) > 0,
        func.cardinality(Service.nations) > 0,
    )


def _in_nation(point: Point):
    """A service for some nations of the UK serves the point's nation."""
    if point.nation is None:
        return false()
    return and_(func.cardinality(Service.nations) > 0, any_(Service.nations) == point.nation)


def _uncertain(point: Point):
    """Services whose coverage of the point cannot be judged: those for some nations, when the point's
    nation is not known (shown with "ask them", never hidden)."""
    return func.cardinality(Service.nations) > 0 if point.nation is None else false()


def reaches(point: Point):
    """The service serves the point: its area covers it (see _covers), or it serves the point's nation."""
    return or_(_covers(point), _in_nation(point))


def nation_at(latitude: float, longitude: float) -> str | None:
    """The nation of the nearest postcode's council within 20 km (offline: the postcode table)."""
    point = "ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography"
    row = db.session.execute(
        text(
            f"SELECT admin_district FROM postcode WHERE ST_DWithin(location, {point}, 20000)"  # noqa: S608
            f" ORDER BY {grid('location')} <-> {grid(point)} LIMIT 1"
        ),
        {"lat": latitude, "lon": longitude},
    ).first()
    return nations.of_council(row[0]) if row else None


# Where a service is, for its bank holidays: its first address with a point, else a point inside its
# area; then the nation of that address's postcode district, else of the district centre nearest it
# (the same rule as app.geo.queries.nation_of, for many services in one query).
_LOCATED_NATIONS = text(
    """
    SELECT s.id, coalesce(
        (SELECT o.country FROM outcode o WHERE o.outward = here.outward),
        (SELECT o.country FROM outcode o ORDER BY o.location <-> here.point LIMIT 1))
    FROM directory_service s
    CROSS JOIN LATERAL (
        SELECT * FROM (
            SELECT 0 AS rank, l.point,
                   CASE WHEN length(p.code) >= 5 THEN left(p.code, length(p.code) - 3) END AS outward
            FROM directory_service_at_location sal
            JOIN directory_location l ON l.id = sal.location_id
            CROSS JOIN LATERAL (SELECT upper(replace(l.postcode, ' ', '')) AS code) p
            WHERE sal.service_id = s.id AND l.point IS NOT NULL
            UNION ALL
            SELECT 1, ST_PointOnSurface(s.area::geometry)::geography, NULL
            WHERE s.area IS NOT NULL
        ) candidates ORDER BY rank LIMIT 1
    ) here
    WHERE s.id = ANY(:ids)
    """
)


def located_nations(service_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """ENG, WLS, SCT or NIR (GG, JE, IM) of each service that has an address with a point or a drawn
    area, from where that is; services with neither are left out."""
    if not service_ids:
        return {}
    rows = db.session.execute(_LOCATED_NATIONS, {"ids": list(service_ids)})
    return {service_id: nation for service_id, nation in rows if nation}


def _nearest_distance(point: Point):
    return (
        select(func.min(func.ST_Distance(Location.point, geography_of(point))))
        .join(ServiceAtLocation, ServiceAtLocation.location_id == Location.id)
        .where(ServiceAtLocation.service_id == Service.id, Location.point.is_not(None))
        .scalar_subquery()
    )


def filtered(criteria: Criteria) -> Select:
    """Services matching the filters (support types, strand, language, words…), in no order."""
    query = select(Service)
    if criteria.support_types:
        query = query.where(_has_term(SUPPORT_TYPE, criteria.support_types))
    if criteria.strand:
        query = query.where(_has_term(STRAND, [criteria.strand]))
    if criteria.language:
        query = query.where(any_(Service.languages) == criteria.language)
    if criteria.anonymous:
        query = query.where(Service.anonymous_contact.is_(True))
    if criteria.term_id:
        query = query.where(
            exists().where(
                service_term.c.service_id == Service.id, service_term.c.term_id == criteria.term_id
            )
        )
    if criteria.text:
        pattern = "%" + criteria.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.join(Organisation, Organisation.id == Service.organisation_id).where(
            or_(
                Service.name.ilike(pattern),
                Service.description.ilike(pattern),
                Organisation.name.ilike(pattern),
            )
        )
    return query


def _group(point: Point):
    """0: a local service covering the point; 1: a national one; 2: one whose area is not recorded.
    (ST_Covers on a missing area is NULL, which would sort first: every branch here is explicit.)"""
    return case(
        (or_(Service.national.is_(True), _in_nation(point)), 1),
        (and_(Service.area.is_not(None), func.ST_Covers(Service.area, geography_of(point))), 0),
        (or_(~_area_known(), _uncertain(point)), 2),
        else_=0,
    )


def search_services(criteria: Criteria, point: Point | None = None) -> list[Found]:
    """Listed services matching the filters. With a point: only those covering it or whose area is unknown,
    local ones first, then by distance to their nearest location."""
    query = filtered(criteria).where(Service.status.in_(LISTED)).options(*eager_loads())
    if point is None:
        rows = db.session.execute(query.order_by(Service.is_example, Service.name)).scalars().all()
        return [Found(service, None, None) for service in rows]
    covers = reaches(point).label("covers")
    distance = _nearest_distance(point).label("distance")
    query = (
        query.add_columns(covers, distance)
        .where(or_(reaches(point), ~_area_known(), _uncertain(point)))
        .order_by(_group(point), distance.asc().nulls_last(), Service.name)
    )
    return [
        Found(service, bool(cov) if _known(service, point) else None, dist)
        for service, cov, dist in db.session.execute(query).all()
    ]


def national_services() -> list[Service]:
    """Listed national services: what an empty search still offers."""
    wide = or_(Service.national.is_(True), func.cardinality(Service.nations) > 0)
    query = select(Service).where(wide, Service.status.in_(LISTED)).options(*eager_loads())
    return list(db.session.execute(query.order_by(Service.is_example, Service.name)).scalars())


def _known(service: Service, point: Point) -> bool:
    """Whether the service's coverage of the point can be told."""
    if service.nations and not service.national and point.nation is None:
        return False
    return service.national or service.area is not None or bool(service.local_authorities or service.nations)


def service_covers(service_id: uuid.UUID, point: Point) -> bool:
    query = select(reaches(point)).where(Service.id == service_id)
    return bool(db.session.execute(query).scalar())


def get_service(service_id: uuid.UUID) -> Service | None:
    return db.session.execute(
        select(Service).where(Service.id == service_id).options(*eager_loads())
    ).scalar()


@page_cache.while_content_unchanged
def filter_terms(taxonomy: str) -> list[str]:
    """Codes of our terms in ``taxonomy`` that at least one listed service uses."""
    query = (
        select(TaxonomyTerm.code)
        .join(service_term, service_term.c.term_id == TaxonomyTerm.id)
        .join(Service, Service.id == service_term.c.service_id)
        .where(TaxonomyTerm.taxonomy == taxonomy, Service.status.in_(LISTED))
        .distinct()
    )
    return [code for code in db.session.execute(query).scalars() if code]


@page_cache.while_content_unchanged
def languages_in_use() -> list[str]:
    query = select(func.unnest(Service.languages).label("code")).where(Service.status.in_(LISTED)).distinct()
    return sorted(db.session.execute(query).scalars())


def location_points(location_ids: list[uuid.UUID]) -> dict[uuid.UUID, tuple[float, float]]:
    """(latitude, longitude) of locations that have a point."""
    geometry = cast(Location.point, Geometry)
    query = select(Location.id, func.ST_Y(geometry), func.ST_X(geometry)).where(
        Location.id.in_(location_ids), Location.point.is_not(None)
    )
    return {row[0]: (row[1], row[2]) for row in db.session.execute(query)}


def area_geojson(service_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    query = select(Service.id, func.ST_AsGeoJSON(Service.area)).where(
        Service.id.in_(service_ids), Service.area.is_not(None)
    )
    return {row[0]: row[1] for row in db.session.execute(query)}


def all_services() -> list[Service]:
    query = select(Service).options(*eager_loads()).order_by(Service.name, Service.id)
    return list(db.session.execute(query).scalars())


# --- writes (the importer and the demo) ------------------------------------------------------------------


def geojson_problem(geojson: str) -> str | None:
    """PostGIS's reason why a GeoJSON polygon is not usable, or None."""
    try:
        with db.session.begin_nested():
            reason = db.session.execute(
                select(func.ST_IsValidReason(func.ST_GeomFromGeoJSON(geojson)))
            ).scalar_one()
    except DBAPIError as error:
        return str(error.orig).splitlines()[0] if error.orig else "not valid GeoJSON"
    return None if reason == "Valid Geometry" else reason


def ensure_terms(terms: list[TermRecord]) -> dict[uuid.UUID, TaxonomyTerm]:
    found = {}
    for record in terms:
        term = db.session.get(TaxonomyTerm, record.id) or TaxonomyTerm(id=record.id)
        term.taxonomy, term.code, term.name = record.taxonomy, record.code, record.name
        term.description, term.parent_id, term.term_uri = (
            record.description,
            record.parent_id,
            record.term_uri,
        )
        db.session.add(term)
        found[record.id] = term
    return found


def save_service(record: ServiceRecord, feed: str | None = None) -> Service:
    """Insert or update one service (by id) with its organisation, channels, locations and terms."""
    org_record = record.organisation
    organisation = db.session.get(Organisation, org_record.id) or Organisation(id=org_record.id)
    organisation.name, organisation.description = org_record.name, org_record.description
    organisation.website, organisation.email = org_record.website, org_record.email
    organisation.is_example = org_record.is_example
    db.session.add(organisation)

    terms = ensure_terms(record.terms)
    service = db.session.get(Service, record.id)
    if service is None:
        service = Service(id=record.id)
        db.session.add(service)
    else:
        # Children are replaced: delete in SQL first so re-used ids do not collide in one flush.
        db.session.execute(delete(Channel).where(Channel.service_id == record.id))
        db.session.execute(delete(ServiceAtLocation).where(ServiceAtLocation.service_id == record.id))
        db.session.expire(service, ["channels", "service_locations"])
    service.organisation_id = organisation.id
    service.feed = feed
    for name in (
        "name",
        "description",
        "eligibility",
        "status",
        "cost",
        "last_checked",
        "anonymous_contact",
        "third_party_reporting",
        "is_example",
        "national",
        "area_name",
        "local_authorities",
        "nations",
        "languages",
    ):
        setattr(service, name, getattr(record, name))
    service.area = (
        cast(func.ST_Multi(func.ST_GeomFromGeoJSON(record.area_geojson)), Geography)
        if record.area_geojson
        else None
    )
    service.terms = [terms[term.id] for term in record.terms]
    db.session.flush()
    for position, channel in enumerate(record.channels):
        db.session.add(
            Channel(
                id=channel.id,
                service_id=service.id,
                kind=channel.kind,
                phone_type=channel.phone_type,
                value=channel.value,
                label=channel.label,
                opening_hours=channel.opening_hours,
                position=position,
            )
        )
    for place in record.locations:
        location = db.session.get(Location, place.id) or Location(id=place.id)
        location.organisation_id = organisation.id
        location.name, location.description = place.name, place.description
        location.address_1, location.address_2 = place.address_1, place.address_2
        location.city, location.postcode, location.opening_hours = (
            place.city,
            place.postcode,
            place.opening_hours,
        )
        location.point = (
            Point(place.latitude, place.longitude).element()
            if place.latitude is not None and place.longitude is not None
            else None
        )
        db.session.add(location)
        db.session.flush()
        db.session.add(ServiceAtLocation(id=place.link_id, service_id=service.id, location_id=location.id))
    db.session.flush()
    db.session.expire(service)
    return service


def try_save_service(record: ServiceRecord, feed: str | None = None) -> str | None:
    """Save one service in a savepoint; the database's reason if it refused it (an id another service
    already holds, a value too long), with nothing of it written; else None."""
    try:
        with db.session.begin_nested():
            save_service(record, feed)
    except (IntegrityError, DataError) as error:
        detail = str(error.orig).splitlines() if error.orig else []
        reason = next((line for line in detail if line.startswith("DETAIL")), detail[0] if detail else "")
        return f"the database refused it ({reason.removeprefix('DETAIL:').strip() or type(error).__name__})"
    return None


def _of_feed(feed: str | None):
    return Service.feed.is_(None) if feed is None else Service.feed == feed


def feed_plan(ids: list[uuid.UUID], feed: str | None) -> tuple[list[uuid.UUID], list[str]]:
    """Of ``ids``, those already in the directory; and the names of the feed's services not in ``ids``."""
    existing = list(db.session.scalars(select(Service.id).where(Service.id.in_(ids))))
    gone = select(Service.name).where(_of_feed(feed), Service.id.not_in(ids) if ids else text("true"))
    return existing, list(db.session.scalars(gone.order_by(Service.name)))


def remove_services_except(keep: set[uuid.UUID], feed: str | None = None, every_feed: bool = True) -> int:
    """Delete services not in ``keep`` (of ``feed`` only unless ``every_feed``), then organisations,
    locations and terms nothing uses any more."""
    query = delete(Service).where(Service.id.not_in(keep) if keep else text("true"))
    if not every_feed:
        query = query.where(_of_feed(feed))
    removed = rows_affected(query)
    db.session.execute(delete(Location).where(~exists().where(ServiceAtLocation.location_id == Location.id)))
    db.session.execute(
        delete(Organisation).where(~exists().where(Service.organisation_id == Organisation.id))
    )
    db.session.execute(delete(TaxonomyTerm).where(~exists().where(service_term.c.term_id == TaxonomyTerm.id)))
    return removed or 0


def count_services() -> int:
    return db.session.execute(select(func.count(Service.id))).scalar_one()


# --- feeds checked and written for the staff import pages (the same checks as the CLI) -------------


def check_feed(content: bytes, name: str, feed: str | None) -> FeedCheck:
    """What importing this Open Referral file as ``feed`` would do; nothing is written."""
    from app.directory import feeds  # feeds builds on this module

    return feeds.check_feed(content, name, feed)


def write_feed(check: FeedCheck) -> int:
    """Save a checked feed's sound services; returns how many."""
    from app.directory import feeds

    return feeds.write_feed(check)
