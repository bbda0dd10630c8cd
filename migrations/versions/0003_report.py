"""Report: drafts and reports (issue 4).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

import geoalchemy2
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "report_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("resume_code_hash", sa.String(length=64), nullable=True),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_draft")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_report_draft_token_hash")),
        sa.UniqueConstraint("resume_code_hash", name=op.f("uq_report_draft_resume_code_hash")),
    )
    op.create_index(op.f("ix_report_draft_updated_at"), "report_draft", ["updated_at"], unique=False)

    op.create_table(
        "report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=12), nullable=False),
        sa.Column("submission_key", sa.String(length=64), nullable=False),
        sa.Column(
            "submitted_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("reporter_role", sa.String(length=20), nullable=False),
        sa.Column("strands", postgresql.ARRAY(sa.String(length=30)), nullable=False),
        sa.Column("incident_types", postgresql.ARRAY(sa.String(length=30)), nullable=False),
        sa.Column("incident_date", sa.Date(), nullable=True),
        sa.Column("approximate_period", sa.String(length=20), nullable=True),
        sa.Column("time_of_day", sa.String(length=20), nullable=True),
        sa.Column("still_happening", sa.String(length=10), nullable=False),
        sa.Column("place_kind", sa.String(length=20), nullable=False),
        sa.Column("outward_code", sa.String(length=4), nullable=True),
        sa.Column("district", sa.String(length=100), nullable=True),
        sa.Column(
            "location",
            geoalchemy2.Geography(geometry_type="POINT", srid=4326, spatial_index=False),
            nullable=True,
        ),
        sa.Column("injuries", sa.String(length=20), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("victim_agrees", sa.String(length=10), nullable=True),
        sa.Column("police_action", sa.String(length=20), nullable=False),
        sa.Column("support_contact", sa.Boolean(), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report")),
        sa.UniqueConstraint("reference", name=op.f("uq_report_reference")),
        sa.UniqueConstraint("submission_key", name=op.f("uq_report_submission_key")),
    )
    op.create_index(op.f("ix_report_submitted_at"), "report", ["submitted_at"], unique=False)
    op.create_index(op.f("ix_report_incident_date"), "report", ["incident_date"], unique=False)
    op.create_index(op.f("ix_report_outward_code"), "report", ["outward_code"], unique=False)
    op.create_geospatial_index(
        "idx_report_location", "report", ["location"], unique=False, postgresql_using="gist"
    )


def downgrade():
    op.drop_geospatial_index(
        "idx_report_location", table_name="report", postgresql_using="gist", column_name="location"
    )
    op.drop_index(op.f("ix_report_outward_code"), table_name="report")
    op.drop_index(op.f("ix_report_incident_date"), table_name="report")
    op.drop_index(op.f("ix_report_submitted_at"), table_name="report")
    op.drop_table("report")
    op.drop_index(op.f("ix_report_draft_updated_at"), table_name="report_draft")
    op.drop_table("report_draft")
