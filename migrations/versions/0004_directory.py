"""Directory: Open Referral UK organisations and services (issue 5).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geography

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "directory_organisation",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("website", sa.String(length=500), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("is_example", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_organisation")),
    )
    op.create_table(
        "directory_taxonomy_term",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("taxonomy", sa.String(length=200), nullable=False),
        sa.Column("code", sa.String(length=200), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("term_uri", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_taxonomy_term")),
    )
    with op.batch_alter_table("directory_taxonomy_term", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_directory_taxonomy_term_taxonomy"), ["taxonomy"], unique=False)

    op.create_geospatial_table(
        "directory_location",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("address_1", sa.String(length=300), nullable=False),
        sa.Column("address_2", sa.String(length=300), nullable=False),
        sa.Column("city", sa.String(length=200), nullable=False),
        sa.Column("postcode", sa.String(length=10), nullable=False),
        sa.Column(
            "point",
            Geography(
                geometry_type="POINT",
                srid=4326,
                dimension=2,
                spatial_index=False,
                from_text="ST_GeogFromText",
                name="geography",
            ),
            nullable=True,
        ),
        sa.Column("opening_hours", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["directory_organisation.id"],
            name=op.f("fk_directory_location_organisation_id_directory_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_location")),
    )
    with op.batch_alter_table("directory_location", schema=None) as batch_op:
        batch_op.create_geospatial_index(
            "idx_directory_location_point",
            ["point"],
            unique=False,
            postgresql_using="gist",
            postgresql_ops={},
        )
        batch_op.create_index(
            batch_op.f("ix_directory_location_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_geospatial_table(
        "directory_service",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("eligibility", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("cost", sa.Text(), nullable=False),
        sa.Column("last_checked", sa.Date(), nullable=True),
        sa.Column("anonymous_contact", sa.Boolean(), nullable=False),
        sa.Column("third_party_reporting", sa.Boolean(), nullable=False),
        sa.Column("is_example", sa.Boolean(), nullable=False),
        sa.Column("national", sa.Boolean(), nullable=False),
        sa.Column(
            "area",
            Geography(
                geometry_type="MULTIPOLYGON",
                srid=4326,
                dimension=2,
                spatial_index=False,
                from_text="ST_GeogFromText",
                name="geography",
            ),
            nullable=True,
        ),
        sa.Column("area_name", sa.Text(), nullable=False),
        sa.Column("local_authorities", sa.ARRAY(sa.String(length=200)), nullable=False),
        sa.Column("languages", sa.ARRAY(sa.String(length=3)), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "status IN ('active', 'temporarily closed', 'inactive', 'defunct')",
            name=op.f("ck_directory_service_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["directory_organisation.id"],
            name=op.f("fk_directory_service_organisation_id_directory_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_service")),
    )
    with op.batch_alter_table("directory_service", schema=None) as batch_op:
        batch_op.create_geospatial_index(
            "idx_directory_service_area", ["area"], unique=False, postgresql_using="gist", postgresql_ops={}
        )
        batch_op.create_index(
            batch_op.f("ix_directory_service_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "directory_channel",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("service_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("phone_type", sa.String(length=20), nullable=True),
        sa.Column("value", sa.String(length=500), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("opening_hours", sa.String(length=500), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["directory_service.id"],
            name=op.f("fk_directory_channel_service_id_directory_service"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_channel")),
    )
    with op.batch_alter_table("directory_channel", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_directory_channel_service_id"), ["service_id"], unique=False)

    op.create_table(
        "directory_service_at_location",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("service_id", sa.Uuid(), nullable=False),
        sa.Column("location_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["directory_location.id"],
            name=op.f("fk_directory_service_at_location_location_id_directory_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["directory_service.id"],
            name=op.f("fk_directory_service_at_location_service_id_directory_service"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_service_at_location")),
    )
    with op.batch_alter_table("directory_service_at_location", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_directory_service_at_location_location_id"), ["location_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_directory_service_at_location_service_id"), ["service_id"], unique=False
        )

    op.create_table(
        "directory_service_term",
        sa.Column("service_id", sa.Uuid(), nullable=False),
        sa.Column("term_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["directory_service.id"],
            name=op.f("fk_directory_service_term_service_id_directory_service"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["term_id"],
            ["directory_taxonomy_term.id"],
            name=op.f("fk_directory_service_term_term_id_directory_taxonomy_term"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("service_id", "term_id", name=op.f("pk_directory_service_term")),
    )


def downgrade():
    op.drop_table("directory_service_term")
    with op.batch_alter_table("directory_service_at_location", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_directory_service_at_location_service_id"))
        batch_op.drop_index(batch_op.f("ix_directory_service_at_location_location_id"))

    op.drop_table("directory_service_at_location")
    with op.batch_alter_table("directory_channel", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_directory_channel_service_id"))

    op.drop_table("directory_channel")
    with op.batch_alter_table("directory_service", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_directory_service_organisation_id"))
        batch_op.drop_geospatial_index(
            "idx_directory_service_area", postgresql_using="gist", column_name="area"
        )

    op.drop_geospatial_table("directory_service")
    with op.batch_alter_table("directory_location", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_directory_location_organisation_id"))
        batch_op.drop_geospatial_index(
            "idx_directory_location_point", postgresql_using="gist", column_name="point"
        )

    op.drop_geospatial_table("directory_location")
    with op.batch_alter_table("directory_taxonomy_term", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_directory_taxonomy_term_taxonomy"))

    op.drop_table("directory_taxonomy_term")
    op.drop_table("directory_organisation")
