"""Directory: each service remembers the feed it was imported from, and the nations it serves.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("directory_service", sa.Column("feed", sa.String(length=200), nullable=True))
    op.create_index(op.f("ix_directory_service_feed"), "directory_service", ["feed"], unique=False)
    op.add_column(
        "directory_service",
        sa.Column("nations", sa.ARRAY(sa.String(length=1)), server_default="{}", nullable=False),
    )


def downgrade():
    op.drop_column("directory_service", "nations")
    op.drop_index(op.f("ix_directory_service_feed"), table_name="directory_service")
    op.drop_column("directory_service", "feed")
