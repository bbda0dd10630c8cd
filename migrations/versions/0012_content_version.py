"""Performance: one content version number, moved by every change to what public pages show, so
whole pages can be kept in memory and dropped the moment their content changes (app/page_cache.py).

A sequence gives the numbers: it moves the moment a statement runs, never goes back (a rolled-back
change never hands its number to a different change), and takes no lock.

Revision ID: 0012
Revises: 0011
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

#: Tables public pages are rendered from. The geography tables are left out on purpose: a postcode
#: looked up once is added to ``postcode`` by a public search, which must not drop every kept page;
#: their importers move the version themselves when they finish.
WATCHED = (
    "centre",
    "directory_organisation",
    "directory_service",
    "directory_location",
    "directory_service_at_location",
    "directory_service_term",
    "directory_taxonomy_term",
    "directory_channel",
)


def upgrade() -> None:
    op.execute("CREATE SEQUENCE content_version_seq")
    # nextval, not an UPDATE of a row: a sequence takes no lock, so content writers never wait for one
    # another (an UPDATE would hold one row until commit, and a long import would block staff edits).
    op.execute(
        """
        CREATE FUNCTION content_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM nextval('content_version_seq');
            RETURN NULL;
        END
        $$
        """
    )
    for table in WATCHED:
        op.execute(
            f"CREATE TRIGGER {table}_content_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION content_changed()"
        )


def downgrade() -> None:
    for table in WATCHED:
        op.execute(f"DROP TRIGGER {table}_content_changed ON {table}")
    op.execute("DROP FUNCTION content_changed()")
    op.execute("DROP SEQUENCE content_version_seq")
