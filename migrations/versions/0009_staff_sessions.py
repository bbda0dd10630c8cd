"""Staff: server-side sessions, recovery codes, police referrals, the audit trail's source and agent.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "staff_session",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["staff_user.id"],
            name=op.f("fk_staff_session_user_id_staff_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_staff_session")),
    )
    op.create_index(op.f("ix_staff_session_user_id"), "staff_session", ["user_id"], unique=False)
    op.add_column(
        "staff_user",
        sa.Column(
            "recovery_codes", postgresql.ARRAY(sa.String(length=64)), server_default="{}", nullable=False
        ),
    )
    op.create_table(
        "report_referral",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("force", sa.String(length=200), nullable=False),
        sa.Column("referred_on", sa.Date(), nullable=False),
        sa.Column("crime_reference", sa.String(length=40), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("referred_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"], ["report.id"], name=op.f("fk_report_referral_report_id_report"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["referred_by_id"],
            ["staff_user.id"],
            name=op.f("fk_report_referral_referred_by_id_staff_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_referral")),
    )
    op.create_index(op.f("ix_report_referral_report_id"), "report_referral", ["report_id"], unique=False)
    op.create_table(
        "report_link",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("other_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"], ["report.id"], name=op.f("fk_report_link_report_id_report"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["other_id"], ["report.id"], name=op.f("fk_report_link_other_id_report"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("report_id", "other_id", name=op.f("pk_report_link")),
    )
    op.add_column("audit_event", sa.Column("source_address", postgresql.INET(), nullable=True))
    op.add_column("audit_event", sa.Column("user_agent", sa.String(length=300), nullable=True))


def downgrade():
    op.drop_column("audit_event", "user_agent")
    op.drop_column("audit_event", "source_address")
    op.drop_column("staff_user", "recovery_codes")
    op.drop_table("report_link")
    op.drop_index(op.f("ix_report_referral_report_id"), table_name="report_referral")
    op.drop_table("report_referral")
    op.drop_index(op.f("ix_staff_session_user_id"), table_name="staff_session")
    op.drop_table("staff_session")
