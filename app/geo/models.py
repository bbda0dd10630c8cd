"""Geography tables shared by every feature: unit postcodes and the place-name gazetteer."""

from __future__ import annotations

from datetime import date, datetime

from geoalchemy2 import Geography
from sqlalchemy import DateTime, Index, Integer, String, func, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class PostcodePoint(db.Model):
    """One unit postcode and its centroid, from the ONS Postcode Directory, Code-Point Open or the API."""

    __tablename__ = "postcode"
    __table_args__ = (
        # Nearest-postcode searches walk this: metres on the British National Grid (migration 0014).
        # A sorted build, several times faster than the sphere's index after a national load.
        Index("idx_postcode_grid", text("st_transform(location::geometry, 27700)"), postgresql_using="gist"),
    )

    # Normalised with one space ("CH1 2AB"): the form parse_postcode() produces.
    postcode: Mapped[str] = mapped_column(String(8), primary_key=True)
    outward: Mapped[str] = mapped_column(String(4), index=True)
    location = mapped_column(Geography(geometry_type="POINT", srid=4326, spatial_index=False), nullable=False)
    # Terminated postcodes stay: old letters and documents still carry them.
    terminated_on: Mapped[date | None]
    admin_district: Mapped[str | None] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(20))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class PlaceName(db.Model):
    """A town, city or village people may type instead of a postcode."""

    __tablename__ = "place"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # "geonames:2653228" or "osnames:osgb4000000074559490": re-imports update instead of duplicating.
    source_key: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    # Lower case, accents and punctuation folded (see geo.gazetteer.search_key): what matching uses.
    search_name: Mapped[str] = mapped_column(String(120), index=True)
    # The official second name where there is one (Welsh or Gaelic in OS Open Names: "Caerdydd").
    alt_search_name: Mapped[str | None] = mapped_column(String(120), index=True)
    # Search keys of other names people use ("caerdydd" for Cardiff), matched exactly.
    other_search_names: Mapped[list[str]] = mapped_column(
        ARRAY(String(120)), default=list, server_default="{}"
    )
    kind: Mapped[str] = mapped_column(String(40))
    county: Mapped[str | None] = mapped_column(String(120))
    country: Mapped[str | None] = mapped_column(String(40))
    # The nearest large town, to tell apart places with the same name ("Newport, near Telford").
    near: Mapped[str | None] = mapped_column(String(120))
    district: Mapped[str | None] = mapped_column(String(10))
    population: Mapped[int | None]
    location = mapped_column(Geography(geometry_type="POINT", srid=4326, spatial_index=True), nullable=False)

    __table_args__ = (
        Index("ix_place_other_search_names", "other_search_names", postgresql_using="gin"),
        Index(
            "ix_place_search_name_trgm",
            "search_name",
            postgresql_using="gin",
            postgresql_ops={"search_name": "gin_trgm_ops"},
        ),
    )


class Outcode(db.Model):
    """The centre of a postcode district (outward code), shipped with the app so that every valid
    postcode finds somewhere on a fresh install, and the district's council and nation."""

    __tablename__ = "outcode"

    outward: Mapped[str] = mapped_column(String(4), primary_key=True)
    location = mapped_column(Geography(geometry_type="POINT", srid=4326, spatial_index=True), nullable=False)
    town: Mapped[str | None] = mapped_column(String(100))
    # The council (admin district) where the district's centre lies: "Cheshire West and Chester".
    admin_district: Mapped[str | None] = mapped_column(String(100))
    # ENG, WLS, SCT, NIR (or GG, JE, IM): which bank holidays apply, among other things.
    country: Mapped[str] = mapped_column(String(3))
