"""A document can be a new revision of another (a reissued report).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("revision_of_id", sa.Integer))
        batch.create_foreign_key(
            "fk_documents_revision_of_id", "documents", ["revision_of_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_constraint("fk_documents_revision_of_id", type_="foreignkey")
        batch.drop_column("revision_of_id")
