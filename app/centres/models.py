"""A reporting centre: where someone can report hate crime in person, and when, and how accessible it is."""

from __future__ import annotations

from datetime import date, datetime

from geoalchemy2 import Geography, Geometry
from sqlalchemy import Boolean, Computed, Date, DateTime, Index, Integer, String, Text, func, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.geo import models as geo_models  # noqa: F401  (the finder's tables live beside it)

#: Accessibility features, in the order pages list them. Labels live in app/centres/vocab.py.
ACCESSIBILITY = ("step-free", "hearing-loop", "accessible-toilet", "parking", "bsl")
#: What a centre offers.
SERVICES = ("report-in-person", "help-online", "interpreter")


class Centre(db.Model):
    __tablename__ = "centre"
    __table_args__ = (
        # The nearest-centre search walks this (metres on the British National Grid; migration 0015).
        Index("idx_centre_grid", "grid", postgresql_using="gist", postgresql_where=text("active IS TRUE")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # Address lines without town and postcode, one per line.
    address: Mapped[str] = mapped_column(Text, default="")
    town: Mapped[str] = mapped_column(String(100), default="")
    postcode: Mapped[str | None] = mapped_column(String(8))
    location = mapped_column(Geography(geometry_type="POINT", srid=4326, spatial_index=True), nullable=False)
    # The same position in metres on the British National Grid, kept by PostgreSQL (a stored generated
    # column, migration 0015). The nearest-centre search walks its index and compares stored points,
    # instead of transforming every centre it reaches. Never read or written by Python.
    grid = mapped_column(
        Geometry(geometry_type="POINT", srid=27700, spatial_index=False),
        Computed("st_transform((location)::geometry, 27700)", persisted=True),
        deferred=True,
    )
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(200))
    website: Mapped[str | None] = mapped_column(String(300))
    # An OpenStreetMap opening_hours expression ("Mo-Fr 09:00-17:00; Sa 10:00-12:00; PH off").
    opening_hours: Mapped[str | None] = mapped_column(Text)
    # Free text shown beside the hours, e.g. about bank holidays or school holidays.
    hours_note: Mapped[str | None] = mapped_column(Text)
    accessibility: Mapped[list[str]] = mapped_column(ARRAY(String(30)), default=list, server_default="{}")
    # ISO 639-1 codes of languages staff speak, besides English.
    languages: Mapped[list[str]] = mapped_column(ARRAY(String(3)), default=list, server_default="{}")
    services: Mapped[list[str]] = mapped_column(ARRAY(String(30)), default=list, server_default="{}")
    last_checked: Mapped[date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    # ENG, WLS, SCT or NIR: whose bank holidays the centre keeps. Set by a database trigger whenever the
    # centre is added or moves (migrations/versions/0013_centre_nation_grid.py), from its postcode
    # district, else the nearest district centre; never by Python.
    nation: Mapped[str] = mapped_column(String(3), server_default="ENG")
    # Demo entries: every page that shows one says it is an example.
    is_example: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    @property
    def address_lines(self) -> list[str]:
        lines = [line.strip() for line in (self.address or "").splitlines() if line.strip()]
        return [*lines, *(v for v in (self.town, self.postcode) if v)]
