"""Dates of the visit a monitoring report covers.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("visit_start", sa.String(32)))
        batch.add_column(sa.Column("visit_end", sa.String(32)))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("visit_end")
        batch.drop_column("visit_start")
