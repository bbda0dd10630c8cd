"""Performance: a centre's nation worked out when it is saved, and a British National Grid index, so
the nearest-centre query reads only the centre table and walks a planar index.

* ``centre.nation`` (ENG, WLS, SCT, NIR): whose bank holidays the centre keeps, from its postcode
  district, else the nearest district centre. A trigger sets it whenever a centre is added or its
  postcode or position changes, for every writer (importer, staff area, SQL), instead of two subqueries
  on every row of every search.
* ``idx_centre_grid``: GiST on the position in metres on the British National Grid (EPSG:27700). The
  planar distance is far cheaper to walk than the sphere's and orders centres the same way to within
  a fraction of a percent across the UK; the distance shown is still measured on the sphere.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("centre", sa.Column("nation", sa.String(3), server_default="ENG", nullable=False))
    op.execute(
        """
        CREATE FUNCTION centre_nation() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.nation := coalesce(
                (SELECT country FROM outcode WHERE outward = split_part(NEW.postcode, ' ', 1)),
                (SELECT country FROM outcode ORDER BY location <-> NEW.location LIMIT 1),
                'ENG'
            );
            RETURN NEW;
        END
        $$
        """
    )
    op.execute(
        "CREATE TRIGGER centre_nation BEFORE INSERT OR UPDATE OF postcode, location ON centre"
        " FOR EACH ROW EXECUTE FUNCTION centre_nation()"
    )
    op.execute("UPDATE centre SET postcode = postcode")  # every centre's nation, through the trigger
    op.execute(
        "CREATE INDEX idx_centre_grid ON centre USING gist (st_transform((location)::geometry, 27700))"
        " WHERE active IS TRUE"
    )


def downgrade() -> None:
    op.execute("DROP INDEX idx_centre_grid")
    op.execute("DROP TRIGGER centre_nation ON centre")
    op.execute("DROP FUNCTION centre_nation()")
    op.drop_column("centre", "nation")
