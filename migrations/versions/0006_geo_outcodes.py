"""Geo: the postcode-district table, loaded with the shipped UK-wide district centres; places' other names.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

import csv
from pathlib import Path

import geoalchemy2
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

#: The shipped file (see app/geo/data/SOURCES.md); read here directly so the migration needs no app code.
OUTCODES = Path(__file__).resolve().parents[2] / "app" / "geo" / "data" / "outcodes.csv"


def upgrade():
    op.add_column(
        "place",
        sa.Column(
            "other_search_names",
            postgresql.ARRAY(sa.String(length=120)),
            server_default="{}",
            nullable=False,
        ),
    )
    op.create_index(
        "ix_place_other_search_names", "place", ["other_search_names"], unique=False, postgresql_using="gin"
    )
    op.create_table(
        "outcode",
        sa.Column("outward", sa.String(length=4), nullable=False),
        sa.Column(
            "location",
            geoalchemy2.Geography(geometry_type="POINT", srid=4326, spatial_index=False),
            nullable=False,
        ),
        sa.Column("town", sa.String(length=100), nullable=True),
        sa.Column("admin_district", sa.String(length=100), nullable=True),
        sa.Column("country", sa.String(length=3), nullable=False),
        sa.PrimaryKeyConstraint("outward", name=op.f("pk_outcode")),
    )
    op.create_geospatial_index(
        "idx_outcode_location", "outcode", ["location"], unique=False, postgresql_using="gist"
    )
    with OUTCODES.open(newline="", encoding="utf-8") as handle:
        rows = [
            {
                "outward": row["outward"],
                "lat": float(row["latitude"]),
                "lon": float(row["longitude"]),
                "town": row["town"] or None,
                "district": row["admin_district"] or None,
                "country": row["country"],
            }
            for row in csv.DictReader(handle)
        ]
    op.get_bind().execute(
        sa.text(
            "INSERT INTO outcode (outward, location, town, admin_district, country)"
            " VALUES (:outward, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography, :town, :district,"
            " :country)"
        ),
        rows,
    )


def downgrade():
    op.drop_index("ix_place_other_search_names", table_name="place", postgresql_using="gin")
    op.drop_column("place", "other_search_names")
    op.drop_geospatial_index("idx_outcode_location", table_name="outcode", postgresql_using="gist")
    op.drop_table("outcode")
