"""The annotation index also holds a word for each pair of a tag, the kind and the country.

A search filtered by a treaty and a document kind (or a country) then reads one short list
of rows instead of intersecting two long ones. The index is made again from the
annotations; no table row changes.

Revision ID: 0008
Revises: 0007
"""

from alembic import op

from app.store.migrations import frozen_fts5

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # FTS5 is SQLite's; PostgreSQL's index is revision 0015's
    for statement in frozen_fts5.ANNOTATION_FTS_V2_DROP + frozen_fts5.ANNOTATION_FTS_V3:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # FTS5 is SQLite's; PostgreSQL's index is revision 0015's
    for statement in frozen_fts5.ANNOTATION_FTS_V2_DROP + frozen_fts5.ANNOTATION_FTS_V2:  # V3 has V2's triggers and table
        op.execute(statement)
