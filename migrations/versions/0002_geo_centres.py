"""Finder: postcode, place and reporting-centre tables (issue 3).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

import geoalchemy2
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _point() -> geoalchemy2.Geography:
    # spatial_index=False here: the GiST indexes are created explicitly below, as autogenerate would.
    return geoalchemy2.Geography(geometry_type="POINT", srid=4326, spatial_index=False)


def upgrade():
    op.create_table(
        "postcode",
        sa.Column("postcode", sa.String(length=8), nullable=False),
        sa.Column("outward", sa.String(length=4), nullable=False),
        sa.Column("location", _point(), nullable=False),
        sa.Column("terminated_on", sa.Date(), nullable=True),
        sa.Column("admin_district", sa.String(length=100), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("postcode", name=op.f("pk_postcode")),
    )
    op.create_index(op.f("ix_postcode_outward"), "postcode", ["outward"], unique=False)
    op.create_geospatial_index(
        "idx_postcode_location", "postcode", ["location"], unique=False, postgresql_using="gist"
    )

    op.create_table(
        "place",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_key", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("search_name", sa.String(length=120), nullable=False),
        sa.Column("alt_search_name", sa.String(length=120), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("county", sa.String(length=120), nullable=True),
        sa.Column("country", sa.String(length=40), nullable=True),
        sa.Column("near", sa.String(length=120), nullable=True),
        sa.Column("district", sa.String(length=10), nullable=True),
        sa.Column("population", sa.Integer(), nullable=True),
        sa.Column("location", _point(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_place")),
        sa.UniqueConstraint("source_key", name=op.f("uq_place_source_key")),
    )
    op.create_index(op.f("ix_place_search_name"), "place", ["search_name"], unique=False)
    op.create_index(op.f("ix_place_alt_search_name"), "place", ["alt_search_name"], unique=False)
    op.create_index(
        "ix_place_search_name_trgm",
        "place",
        ["search_name"],
        unique=False,
        postgresql_using="gin",
        postgresql_ops={"search_name": "gin_trgm_ops"},
    )
    op.create_geospatial_index(
        "idx_place_location", "place", ["location"], unique=False, postgresql_using="gist"
    )

    op.create_table(
        "centre",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("town", sa.String(length=100), nullable=False),
        sa.Column("postcode", sa.String(length=8), nullable=True),
        sa.Column("location", _point(), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("website", sa.String(length=300), nullable=True),
        sa.Column("opening_hours", sa.Text(), nullable=True),
        sa.Column("hours_note", sa.Text(), nullable=True),
        sa.Column("accessibility", sa.ARRAY(sa.String(length=30)), server_default="{}", nullable=False),
        sa.Column("languages", sa.ARRAY(sa.String(length=3)), server_default="{}", nullable=False),
        sa.Column("services", sa.ARRAY(sa.String(length=30)), server_default="{}", nullable=False),
        sa.Column("last_checked", sa.Date(), nullable=True),
        sa.Column("active", sa.Boolean(), server_default="true", nullable=False),
        sa.Column("is_example", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_centre")),
        sa.UniqueConstraint("slug", name=op.f("uq_centre_slug")),
    )
    op.create_geospatial_index(
        "idx_centre_location", "centre", ["location"], unique=False, postgresql_using="gist"
    )


def downgrade():
    # Dropping a table drops its indexes too.
    op.drop_table("centre")
    op.drop_table("place")
    op.drop_table("postcode")
