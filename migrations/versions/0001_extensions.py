"""PostGIS and trigram extensions; everything else builds on them.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    # IF NOT EXISTS: the set-up command creates them as a superuser first, so the app role can run this.
    op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


def downgrade():
    # Extensions stay: other databases' objects and the set-up command rely on them.
    pass
