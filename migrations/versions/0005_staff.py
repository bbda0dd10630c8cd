"""Staff: users, areas, report routing, triage, audit log (issue 6).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

import geoalchemy2
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

APPEND_ONLY = """
CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP;
END;
$$;
CREATE TRIGGER audit_event_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
"""


def upgrade():
    op.create_table(
        "staff_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("active", sa.Boolean(), server_default="true", nullable=False),
        sa.Column("must_change_password", sa.Boolean(), server_default="true", nullable=False),
        sa.Column("totp_secret", sa.Text(), nullable=True),
        sa.Column("totp_enabled", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("totp_last_step", sa.BigInteger(), nullable=True),
        sa.Column("session_version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("last_sign_in_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("role IN ('admin', 'reviewer', 'editor')", name=op.f("ck_staff_user_role_known")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_user")),
        sa.UniqueConstraint("email", name=op.f("uq_staff_user_email")),
    )
    op.create_table(
        "staff_area",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "boundary",
            geoalchemy2.Geography(geometry_type="MULTIPOLYGON", srid=4326, spatial_index=False),
            nullable=True,
        ),
        sa.Column("is_default", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("is_example", sa.Boolean(), server_default="false", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_area")),
        sa.UniqueConstraint("name", name=op.f("uq_staff_area_name")),
    )
    op.create_geospatial_index(
        "idx_staff_area_boundary", "staff_area", ["boundary"], unique=False, postgresql_using="gist"
    )
    op.create_table(
        "staff_user_area",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"],
            ["staff_area.id"],
            name=op.f("fk_staff_user_area_area_id_staff_area"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["staff_user.id"],
            name=op.f("fk_staff_user_area_user_id_staff_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "area_id", name=op.f("pk_staff_user_area")),
    )
    op.create_table(
        "staff_sign_in_throttle",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "last_failure_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_staff_sign_in_throttle")),
    )
    op.create_table(
        "report_triage",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("assigned_to_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('new', 'in_review', 'referred_police', 'referred_support', 'closed')",
            name=op.f("ck_report_triage_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["assigned_to_id"],
            ["staff_user.id"],
            name=op.f("fk_report_triage_assigned_to_id_staff_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["report.id"], name=op.f("fk_report_triage_report_id_report"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("report_id", name=op.f("pk_report_triage")),
    )
    op.create_index(op.f("ix_report_triage_status"), "report_triage", ["status"], unique=False)
    op.create_index(
        op.f("ix_report_triage_assigned_to_id"), "report_triage", ["assigned_to_id"], unique=False
    )
    op.create_table(
        "report_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["staff_user.id"],
            name=op.f("fk_report_note_author_id_staff_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["report.id"], name=op.f("fk_report_note_report_id_report"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_note")),
    )
    op.create_index(op.f("ix_report_note_report_id"), "report_note", ["report_id"], unique=False)
    op.create_table(
        "staff_pending_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["staff_user.id"],
            name=op.f("fk_staff_pending_import_user_id_staff_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_pending_import")),
        sa.UniqueConstraint("token", name=op.f("uq_staff_pending_import_token")),
    )
    op.create_table(
        "audit_event",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("object_type", sa.String(length=40), nullable=True),
        sa.Column("object_id", sa.String(length=64), nullable=True),
        sa.Column("detail", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["staff_user.id"], name=op.f("fk_audit_event_actor_id_staff_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
    )
    op.create_index(op.f("ix_audit_event_at"), "audit_event", ["at"], unique=False)
    op.create_index(op.f("ix_audit_event_actor_id"), "audit_event", ["actor_id"], unique=False)
    op.create_index(op.f("ix_audit_event_action"), "audit_event", ["action"], unique=False)
    op.execute(APPEND_ONLY)


def downgrade():
    op.execute("DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event")
    op.execute("DROP TRIGGER IF EXISTS audit_event_no_update_or_delete ON audit_event")
    op.execute("DROP FUNCTION IF EXISTS audit_event_append_only()")
    op.drop_table("audit_event")
    op.drop_table("staff_pending_import")
    op.drop_index(op.f("ix_report_note_report_id"), table_name="report_note")
    op.drop_table("report_note")
    op.drop_table("report_triage")
    op.drop_table("staff_sign_in_throttle")
    op.drop_table("staff_user_area")
    op.drop_geospatial_index(
        "idx_staff_area_boundary", table_name="staff_area", postgresql_using="gist", column_name="boundary"
    )
    op.drop_table("staff_area")
    op.drop_table("staff_user")
