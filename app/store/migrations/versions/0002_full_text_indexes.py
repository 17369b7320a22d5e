"""Full-text indexes over page text and over annotation quote, note and tag words.

Existing rows are indexed as part of the upgrade.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

from app.store import sqlite

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for statement in sqlite.FTS_V1:
        op.execute(statement)


def downgrade() -> None:
    for statement in sqlite.FTS_V1_DROP:
        op.execute(statement)
