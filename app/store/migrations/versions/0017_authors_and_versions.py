"""Who made each document, tag and annotation and who last changed it, and each annotation's version.

``created_by`` and ``updated_by`` hold a member's login on a team library, where the server sets
them itself on every write from any client (a client cannot claim another member's name), and
the computer's user name on a local library, where the app sets them. Rows made before this
revision keep them empty: who made them is not known. An annotation's ``version`` goes up by one
at every change, whoever makes it, so an edit made from a view of an older version is seen as
one (and not saved over a newer one unasked). Every row is kept.

Revision ID: 0017
Revises: 0016
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

_TABLES = ("documents", "tags", "annotations")

_SQLITE_VERSION = """CREATE TRIGGER annotations_version AFTER UPDATE ON annotations
    WHEN NEW.version = OLD.version
    BEGIN
        UPDATE annotations SET version = OLD.version + 1 WHERE id = NEW.id;
    END"""

_POSTGRES = [
    """CREATE FUNCTION stamp_member() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            NEW.created_by := current_user;
        ELSE
            NEW.created_by := OLD.created_by;
            IF TG_TABLE_NAME = 'annotations' THEN
                NEW.version := OLD.version + 1;
            END IF;
        END IF;
        NEW.updated_by := current_user;
        RETURN NEW;
    END $$""",
    *(f"""CREATE TRIGGER {table}_member BEFORE INSERT OR UPDATE ON {table}
        FOR EACH ROW EXECUTE FUNCTION stamp_member()""" for table in _TABLES),
]


def upgrade() -> None:
    for table in _TABLES:
        op.add_column(table, sa.Column("created_by", sa.String(128)))
        op.add_column(table, sa.Column("updated_by", sa.String(128)))
    op.add_column("annotations", sa.Column("version", sa.Integer, nullable=False, server_default="1"))
    if op.get_bind().dialect.name == "postgresql":
        for statement in _POSTGRES:
            op.execute(statement)
    else:
        op.execute(_SQLITE_VERSION)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in _TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_member ON {table}")
        op.execute("DROP FUNCTION IF EXISTS stamp_member()")
    else:
        op.execute("DROP TRIGGER IF EXISTS annotations_version")
    # Dropped in place (SQLite 3.35 and newer can): rebuilding annotations would take its index's
    # triggers with it.
    op.execute("ALTER TABLE annotations DROP COLUMN version")
    for table in _TABLES:
        op.execute(f"ALTER TABLE {table} DROP COLUMN updated_by")
        op.execute(f"ALTER TABLE {table} DROP COLUMN created_by")
