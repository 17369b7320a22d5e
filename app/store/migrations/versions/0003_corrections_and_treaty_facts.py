"""Fields a user corrected on a document; treaty facts on tags.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("user_fields", sa.JSON, nullable=False, server_default="[]"))
    with op.batch_alter_table("tags") as batch:
        batch.add_column(sa.Column("short_name", sa.Text))
        batch.add_column(sa.Column("organisation", sa.Text))
        batch.add_column(sa.Column("adopted", sa.String(32)))
        batch.add_column(sa.Column("in_force", sa.String(32)))


def downgrade() -> None:
    with op.batch_alter_table("tags") as batch:
        for column in ("in_force", "adopted", "organisation", "short_name"):
            batch.drop_column(column)
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("user_fields")
