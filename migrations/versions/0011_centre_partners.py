"""Reporting centres as partners: centre worker accounts, assisted reports and progress checks.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("staff_user", sa.Column("centre_id", sa.Integer(), nullable=True))
    op.create_foreign_key(
        op.f("fk_staff_user_centre_id_centre"),
        "staff_user",
        "centre",
        ["centre_id"],
        ["id"],
        ondelete="RESTRICT",
    )
    op.create_index(op.f("ix_staff_user_centre_id"), "staff_user", ["centre_id"])
    op.drop_constraint(op.f("ck_staff_user_role_known"), "staff_user", type_="check")
    op.create_check_constraint(
        "role_known", "staff_user", "role IN ('admin', 'reviewer', 'editor', 'centre')"
    )
    op.create_check_constraint(
        "centre_worker_has_centre", "staff_user", "(role = 'centre') = (centre_id IS NOT NULL)"
    )

    op.add_column("report", sa.Column("channel", sa.String(10), server_default="online", nullable=False))
    op.create_check_constraint("channel_known", "report", "channel IN ('online', 'assisted')")
    op.add_column("report", sa.Column("centre_id", sa.Integer(), nullable=True))
    op.create_foreign_key(
        op.f("fk_report_centre_id_centre"), "report", "centre", ["centre_id"], ["id"], ondelete="SET NULL"
    )
    op.create_index(op.f("ix_report_centre_id"), "report", ["centre_id"])
    op.add_column("report", sa.Column("assisted_by_id", sa.Integer(), nullable=True))
    op.create_foreign_key(
        op.f("fk_report_assisted_by_id_staff_user"),
        "report",
        "staff_user",
        ["assisted_by_id"],
        ["id"],
        ondelete="SET NULL",
    )
    op.add_column("report", sa.Column("progress", sa.String(20), server_default="received", nullable=False))
    op.create_check_constraint(
        "progress_known", "report", "progress IN ('received', 'in_review', 'with_police', 'closed')"
    )
    op.add_column("report", sa.Column("progress_secret_hash", sa.String(64), nullable=True))
    # Reports already triaged: their progress follows their status.
    op.execute(
        """
        UPDATE report SET progress = CASE t.status
            WHEN 'referred_police' THEN 'with_police'
            WHEN 'closed' THEN 'closed'
            WHEN 'new' THEN 'received'
            ELSE 'in_review' END
        FROM report_triage AS t WHERE t.report_id = report.id
        """
    )


def downgrade() -> None:
    op.drop_column("report", "progress_secret_hash")
    op.drop_constraint(op.f("ck_report_progress_known"), "report", type_="check")
    op.drop_column("report", "progress")
    op.drop_constraint(op.f("fk_report_assisted_by_id_staff_user"), "report", type_="foreignkey")
    op.drop_column("report", "assisted_by_id")
    op.drop_index(op.f("ix_report_centre_id"), table_name="report")
    op.drop_constraint(op.f("fk_report_centre_id_centre"), "report", type_="foreignkey")
    op.drop_column("report", "centre_id")
    op.drop_constraint(op.f("ck_report_channel_known"), "report", type_="check")
    op.drop_column("report", "channel")
    op.drop_constraint(op.f("ck_staff_user_centre_worker_has_centre"), "staff_user", type_="check")
    op.drop_constraint(op.f("ck_staff_user_role_known"), "staff_user", type_="check")
    op.create_check_constraint("role_known", "staff_user", "role IN ('admin', 'reviewer', 'editor')")
    op.drop_index(op.f("ix_staff_user_centre_id"), table_name="staff_user")
    op.drop_constraint(op.f("fk_staff_user_centre_id_centre"), "staff_user", type_="foreignkey")
    op.drop_column("staff_user", "centre_id")
