"""Each stored locator says what it is: a paragraph, a lettered item, a section or a recommendation.

Rows kept from before are paragraphs, and their lettered items ("45(a)") items: until now
detection stored nothing else. The DDL is written out here rather than read from the models,
so that this revision builds the same table whatever the models become.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "paragraphs", sa.Column("kind", sa.String(16), nullable=False, server_default=sa.text("'paragraph'"))
    )
    op.execute("UPDATE paragraphs SET kind = 'item' WHERE number LIKE '%(%'")


def downgrade() -> None:
    # The other kinds were not stored before: their rows would read as paragraphs.
    op.execute("DELETE FROM paragraphs WHERE kind IN ('section', 'recommendation')")
    with op.batch_alter_table("paragraphs") as batch:
        batch.drop_column("kind")
