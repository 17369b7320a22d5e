"""Full-text indexes over page text and over annotation quote, note and tag words.

Existing rows are indexed as part of the upgrade.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

from app.store.migrations import frozen_fts5

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # FTS5 is SQLite's; PostgreSQL's index is revision 0015's
    for statement in frozen_fts5.FTS_V1:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # FTS5 is SQLite's; PostgreSQL's index is revision 0015's
    for statement in frozen_fts5.FTS_V1_DROP:
        op.execute(statement)
