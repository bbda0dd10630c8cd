"""Performance: the centre's British National Grid position is stored (a generated column) and indexed.

The nearest-centre search walked an index on ``st_transform(location::geometry, 27700)``. PostGIS's
GiST gives a lower bound for each leaf and PostgreSQL checks the real distance of every row it reaches,
working that expression out again: one coordinate transformation per centre read. With "step-free"
and a language on, a search reads about seven centres for each it shows. A stored column holds the
transformed point once, when the centre is saved, and the index is built on it, so each row read costs
a point distance only (about a third less time per filtered search at 100,000 centres).

Revision ID: 0015
Revises: 0014
"""

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DROP INDEX idx_centre_grid")
    op.execute(
        "ALTER TABLE centre ADD COLUMN grid geometry(Point, 27700)"
        " GENERATED ALWAYS AS (st_transform((location)::geometry, 27700)) STORED"
    )
    op.execute("CREATE INDEX idx_centre_grid ON centre USING gist (grid) WHERE active IS TRUE")


def downgrade() -> None:
    op.execute("DROP INDEX idx_centre_grid")
    op.execute("ALTER TABLE centre DROP COLUMN grid")
    op.execute(
        "CREATE INDEX idx_centre_grid ON centre USING gist (st_transform((location)::geometry, 27700))"
        " WHERE active IS TRUE"
    )
