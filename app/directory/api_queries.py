"""The Open Referral API's SQL: pages of services, organisations, taxonomies, terms and links."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import selectinload

from app.directory import vocab
from app.directory.models import (
    Location,
    Organisation,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
    service_term,
)
from app.directory.queries import Criteria, Point, eager_loads, filtered, geography_of, reaches
from app.extensions import db


@dataclass
class ApiFilters:
    """The API's filters on top of the page's: an organisation, a taxonomy, a change date."""

    organisation_id: uuid.UUID | None = None
    taxonomy: str | None = None  # the name of the taxonomy whose id was asked for
    modified_after: datetime | None = None


def taxonomy_names() -> dict[uuid.UUID, str]:
    """Every taxonomy in use (and ours), by its HSDS id."""
    names = set(db.session.scalars(select(TaxonomyTerm.taxonomy).distinct())) | set(vocab.TAXONOMIES)
    return {vocab.taxonomy_id(name): name for name in names}


def _services(criteria: Criteria, filters: ApiFilters) -> Select:
    query = filtered(criteria)
    if filters.organisation_id:
        query = query.where(Service.organisation_id == filters.organisation_id)
    if filters.taxonomy:
        query = query.where(
            exists().where(
                service_term.c.service_id == Service.id,
                service_term.c.term_id == TaxonomyTerm.id,
                TaxonomyTerm.taxonomy == filters.taxonomy,
            )
        )
    if filters.modified_after:
        query = query.where(Service.updated_at >= filters.modified_after)
    return query


def _nearest(point: Point):
    return (
        select(func.min(func.ST_Distance(Location.point, geography_of(point))))
        .join(ServiceAtLocation, ServiceAtLocation.location_id == Location.id)
        .where(ServiceAtLocation.service_id == Service.id, Location.point.is_not(None))
        .scalar_subquery()
    )


def services_page(
    criteria: Criteria,
    filters: ApiFilters,
    point: Point | None,
    proximity: float | None,
    page: int,
    per_page: int,
) -> tuple[int, list[tuple[Service, float | None]]]:
    """One page of services (all statuses) and the total. With a postcode: those covering it; with a
    proximity too, those with a location that near, nearest first, with the distance in metres."""
    query = _services(criteria, filters)
    distance = None
    if point is not None:
        query = query.where(reaches(point))
        if proximity is not None:
            distance = _nearest(point).label("distance")
            query = query.where(
                exists()
                .where(
                    ServiceAtLocation.service_id == Service.id, ServiceAtLocation.location_id == Location.id
                )
                .where(func.ST_DWithin(Location.point, geography_of(point), proximity))
            )
    total = db.session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    query = query.options(*eager_loads()).limit(per_page).offset((page - 1) * per_page)
    if distance is not None:
        rows = db.session.execute(
            query.add_columns(distance).order_by(distance, Service.name, Service.id)
        ).all()
        return total, [(service, float(metres)) for service, metres in rows]
    services = db.session.execute(query.order_by(Service.name, Service.id)).scalars().all()
    return total, [(service, None) for service in services]


def _page(query: Select, page: int, per_page: int, *order) -> tuple[int, list]:
    total = db.session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    rows = db.session.execute(query.order_by(*order).limit(per_page).offset((page - 1) * per_page)).scalars()
    return total, list(rows)


def organisations_page(search: str, page: int, per_page: int) -> tuple[int, list[Organisation]]:
    query = select(Organisation)
    if search:
        query = query.where(Organisation.name.ilike(f"%{_escape(search)}%"))
    return _page(query, page, per_page, Organisation.name, Organisation.id)


def get_organisation(organisation_id: uuid.UUID) -> Organisation | None:
    return db.session.get(Organisation, organisation_id)


def terms_page(
    taxonomy: str | None, parent_id: uuid.UUID | None, top_only: bool, search: str, page: int, per_page: int
) -> tuple[int, list[TaxonomyTerm]]:
    """Terms in use by a service, and all of ours."""
    ours = [known for known, _taxonomy, _code in vocab.our_terms()]
    used = exists().where(service_term.c.term_id == TaxonomyTerm.id)
    query = select(TaxonomyTerm).where(or_(used, TaxonomyTerm.id.in_(ours)))
    if taxonomy:
        query = query.where(TaxonomyTerm.taxonomy == taxonomy)
    if parent_id:
        query = query.where(TaxonomyTerm.parent_id == parent_id)
    if top_only:
        query = query.where(TaxonomyTerm.parent_id.is_(None))
    if search:
        query = query.where(TaxonomyTerm.name.ilike(f"%{_escape(search)}%"))
    return _page(query, page, per_page, TaxonomyTerm.taxonomy, TaxonomyTerm.name, TaxonomyTerm.id)


def get_term(term_id: uuid.UUID) -> TaxonomyTerm | None:
    return db.session.get(TaxonomyTerm, term_id)


def service_at_locations_page(
    criteria: Criteria,
    filters: ApiFilters,
    point: Point | None,
    proximity: float | None,
    page: int,
    per_page: int,
) -> tuple[int, list[tuple[ServiceAtLocation, float | None]]]:
    """A page of service-at-location links; with a postcode and proximity, those that near, nearest first."""
    services = _services(criteria, filters).with_only_columns(Service.id)
    query = select(ServiceAtLocation).where(ServiceAtLocation.service_id.in_(services))
    query = query.options(
        selectinload(ServiceAtLocation.location),
        selectinload(ServiceAtLocation.service).selectinload(Service.organisation),
    )
    distance = None
    if point is not None:
        query = query.join(Location, Location.id == ServiceAtLocation.location_id)
        query = query.where(ServiceAtLocation.service_id.in_(select(Service.id).where(reaches(point))))
        if proximity is not None:
            distance = func.ST_Distance(Location.point, geography_of(point)).label("distance")
            query = query.where(func.ST_DWithin(Location.point, geography_of(point), proximity))
    total = db.session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    query = query.limit(per_page).offset((page - 1) * per_page)
    if distance is not None:
        rows = db.session.execute(query.add_columns(distance).order_by(distance, ServiceAtLocation.id)).all()
        return total, [(link, float(metres)) for link, metres in rows]
    links = db.session.execute(query.order_by(ServiceAtLocation.id)).scalars().all()
    return total, [(link, None) for link in links]


def get_service_at_location(link_id: uuid.UUID) -> ServiceAtLocation | None:
    return db.session.get(ServiceAtLocation, link_id)


def last_modified() -> datetime | None:
    """When any service last changed: the Last-Modified of every API answer."""
    return db.session.execute(select(func.max(Service.updated_at))).scalar()


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
