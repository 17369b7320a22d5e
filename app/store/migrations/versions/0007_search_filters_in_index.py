"""The annotation index also holds each annotation's filter values as hidden words.

Document, kind, country, colour, note or not, and every tag with its ancestors, so a
search with filters is answered inside the full-text index. The index is made again from
the annotations; no table row changes.

Revision ID: 0007
Revises: 0006
"""

from alembic import op

from app.store.migrations import frozen_fts5

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # FTS5 is SQLite's; PostgreSQL's index is revision 0015's
    for statement in frozen_fts5.ANNOTATION_FTS_V1_DROP + frozen_fts5.ANNOTATION_FTS_V2:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # FTS5 is SQLite's; PostgreSQL's index is revision 0015's
    for statement in frozen_fts5.ANNOTATION_FTS_V2_DROP + frozen_fts5.ANNOTATION_FTS_V1:
        op.execute(statement)
