"""Recognised text (OCR) for pages without a usable text layer: a queue of pages waiting for it,
the words and text recognised on each page, and the language each document is recognised in.

New tables only; no existing row changes (a recognised page's text is written into its
``page_texts`` row when it is recognised, by the application, so the page index keeps in step
through its triggers). The DDL is written out here rather than read from the models, so that
this revision builds the same tables whatever the models become.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "recognition_queue",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("page_index", sa.Integer, nullable=False),
        sa.Column("language", sa.String(16)),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("worker", sa.Integer),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("document_id", "page_index"),
        sa.CheckConstraint("state IN ('queued', 'running', 'failed')", name="recognition_state"),
    )
    op.create_table(
        "recognised_pages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("page_index", sa.Integer, nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("engine", sa.String(64), nullable=False),
        sa.Column("words", sa.JSON, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("document_id", "page_index"),
    )
    op.create_table(
        "document_languages",
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("document_languages")
    op.drop_table("recognised_pages")
    op.drop_table("recognition_queue")
