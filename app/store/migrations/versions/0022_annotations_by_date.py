"""An index of the live annotations, newest first, so a search sorted by date reads the newest
matches off it and stops at the page shown, instead of sorting every match.

Partial (``deleted_at IS NULL``): the trash's rows are never in it, so walking it needs no look-up
of each row to skip them. The index on ``deleted_at`` becomes partial the other way (the trash
only): whole, it offered SQLite's planner a "deleted_at IS NULL" look-up over nearly every row,
which it took over this one in a library without statistics (the app gathers none). No table row
changes.

Revision ID: 0022
Revises: 0021
"""

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

_LIVE = sa.text("deleted_at IS NULL")
_TRASHED = sa.text("deleted_at IS NOT NULL")


def upgrade() -> None:
    op.create_index("ix_annotations_live_newest", "annotations", ["created_at", "id"],
                    sqlite_where=_LIVE, postgresql_where=_LIVE)
    op.drop_index("ix_annotations_deleted_at", table_name="annotations")
    op.create_index("ix_annotations_in_trash", "annotations", ["deleted_at"],
                    sqlite_where=_TRASHED, postgresql_where=_TRASHED)


def downgrade() -> None:
    op.drop_index("ix_annotations_in_trash", table_name="annotations")
    op.create_index("ix_annotations_deleted_at", "annotations", ["deleted_at"])
    op.drop_index("ix_annotations_live_newest", table_name="annotations")
