"""Report routing decided on arrival from the exact point (kept only encrypted).

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_routing",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("area_ids", postgresql.ARRAY(sa.Integer()), server_default="{}", nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["report.id"],
            name=op.f("fk_report_routing_report_id_report"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("report_id", name=op.f("pk_report_routing")),
    )


def downgrade() -> None:
    op.drop_table("report_routing")
