"""The annotation index also holds each annotation's filter values as hidden words.

Document, kind, country, colour, note or not, and every tag with its ancestors, so a
search with filters is answered inside the full-text index. The index is made again from
the annotations; no table row changes.

Revision ID: 0007
Revises: 0006
"""

from alembic import op

from app.store import sqlite

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for statement in sqlite.ANNOTATION_FTS_V1_DROP + sqlite.ANNOTATION_FTS_V2:
        op.execute(statement)


def downgrade() -> None:
    for statement in sqlite.ANNOTATION_FTS_V2_DROP + sqlite.ANNOTATION_FTS_V1:
        op.execute(statement)
