"""Directory tables on the Open Referral UK / HSDS 3.0 model: organisation, service, channel, location."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from geoalchemy2 import Geography
from sqlalchemy import (
    ARRAY,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    Uuid,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db

#: HSDS service.status values (3.0 enum).
STATUSES = ("active", "temporarily closed", "inactive", "defunct")
#: How someone can get in touch. Phones carry a type as well.
CHANNEL_KINDS = ("phone", "email", "webchat", "website", "online_form")
PHONE_TYPES = ("voice", "text", "textphone", "bsl_video", "video")

service_term = Table(
    "directory_service_term",
    db.metadata,
    Column("service_id", Uuid, ForeignKey("directory_service.id", ondelete="CASCADE"), primary_key=True),
    Column("term_id", Uuid, ForeignKey("directory_taxonomy_term.id", ondelete="CASCADE"), primary_key=True),
)


class Organisation(db.Model):
    __tablename__ = "directory_organisation"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str | None] = mapped_column(String(500))
    email: Mapped[str | None] = mapped_column(String(320))
    is_example: Mapped[bool] = mapped_column(Boolean, default=False)

    services: Mapped[list[Service]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan"
    )


class TaxonomyTerm(db.Model):
    """A term of a taxonomy: ours are ``support_type`` and ``strand``; imported ones keep their own."""

    __tablename__ = "directory_taxonomy_term"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    taxonomy: Mapped[str] = mapped_column(String(200), index=True)
    code: Mapped[str | None] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    parent_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    term_uri: Mapped[str | None] = mapped_column(String(500))


class Service(db.Model):
    __tablename__ = "directory_service"
    __table_args__ = (
        CheckConstraint(
            "status IN ('active', 'temporarily closed', 'inactive', 'defunct')", name="status_known"
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("directory_organisation.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    eligibility: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(30), default="active")
    cost: Mapped[str] = mapped_column(Text, default="")
    last_checked: Mapped[date | None] = mapped_column(Date)
    anonymous_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    third_party_reporting: Mapped[bool] = mapped_column(Boolean, default=False)
    is_example: Mapped[bool] = mapped_column(Boolean, default=False)
    # Service area: national, or a polygon, or a list of local authorities (names), or unknown (none).
    national: Mapped[bool] = mapped_column(Boolean, default=False)
    area = mapped_column(
        Geography(geometry_type="MULTIPOLYGON", srid=4326, spatial_index=True), nullable=True
    )
    area_name: Mapped[str] = mapped_column(Text, default="")
    local_authorities: Mapped[list[str]] = mapped_column(ARRAY(String(200)), default=list)
    # Nations (E, W, S, N) a service limited to some of the UK serves, e.g. England and Wales.
    nations: Mapped[list[str]] = mapped_column(ARRAY(String(1)), default=list, server_default="{}")
    # ISO 639-1 codes of the languages the service works in.
    languages: Mapped[list[str]] = mapped_column(ARRAY(String(3)), default=list)
    # The feed (file or source name) it was imported from: replacing one feed never touches another's.
    feed: Mapped[str | None] = mapped_column(String(200), index=True)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    organisation: Mapped[Organisation] = relationship(back_populates="services")
    channels: Mapped[list[Channel]] = relationship(
        back_populates="service", cascade="all, delete-orphan", order_by="Channel.position"
    )
    terms: Mapped[list[TaxonomyTerm]] = relationship(secondary=service_term, order_by=TaxonomyTerm.name)
    service_locations: Mapped[list[ServiceAtLocation]] = relationship(
        back_populates="service", cascade="all, delete-orphan"
    )


class Channel(db.Model):
    """One way to get in touch: a phone line (voice, text, textphone, BSL video), email, web chat..."""

    __tablename__ = "directory_channel"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    service_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("directory_service.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    phone_type: Mapped[str | None] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(500))
    label: Mapped[str] = mapped_column(Text, default="")
    # An OpenStreetMap opening_hours expression, e.g. "Mo-Fr 09:00-17:00; PH off"; empty = not known.
    opening_hours: Mapped[str] = mapped_column(String(500), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    service: Mapped[Service] = relationship(back_populates="channels")


class Location(db.Model):
    """A physical place where a service meets people."""

    __tablename__ = "directory_location"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("directory_organisation.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    address_1: Mapped[str] = mapped_column(String(300), default="")
    address_2: Mapped[str] = mapped_column(String(300), default="")
    city: Mapped[str] = mapped_column(String(200), default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    point = mapped_column(Geography(geometry_type="POINT", srid=4326, spatial_index=True), nullable=True)
    opening_hours: Mapped[str] = mapped_column(String(500), default="")


class ServiceAtLocation(db.Model):
    __tablename__ = "directory_service_at_location"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    service_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("directory_service.id", ondelete="CASCADE"), index=True
    )
    location_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("directory_location.id", ondelete="CASCADE"), index=True
    )

    service: Mapped[Service] = relationship(back_populates="service_locations")
    location: Mapped[Location] = relationship()
