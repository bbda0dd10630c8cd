"""Report: remember drafts opened on another device; rate-limit counters shared by every worker.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "report_draft_moved",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("moved_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_report_draft_moved")),
    )
    op.create_index(op.f("ix_report_draft_moved_moved_at"), "report_draft_moved", ["moved_at"], unique=False)
    op.create_table(
        "rate_limit",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_rate_limit")),
    )
    op.create_index(op.f("ix_rate_limit_expires_at"), "rate_limit", ["expires_at"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_rate_limit_expires_at"), table_name="rate_limit")
    op.drop_table("rate_limit")
    op.drop_index(op.f("ix_report_draft_moved_moved_at"), table_name="report_draft_moved")
    op.drop_table("report_draft_moved")
