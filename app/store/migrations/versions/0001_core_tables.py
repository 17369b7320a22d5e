"""Core tables: documents, page texts, paragraphs, annotations, tags and their links.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("publisher", sa.Text),
        sa.Column("reference", sa.Text),
        sa.Column("country", sa.Text),
        sa.Column("published", sa.String(32)),
        sa.Column("source_url", sa.Text),
        sa.Column("author", sa.Text),
        sa.Column("pdf_created", sa.String(32)),
        sa.Column("pdf_modified", sa.String(32)),
        sa.Column("pdf_metadata", sa.JSON, nullable=False),
        sa.Column("page_count", sa.Integer, nullable=False),
        sa.Column("page_labels", sa.JSON),
        sa.Column("outline", sa.JSON, nullable=False),
        sa.Column("text_pages", sa.Integer, nullable=False),
        sa.Column("has_text_layer", sa.Boolean, nullable=False),
        sa.Column("encrypted", sa.Boolean, nullable=False),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("file_size", sa.Integer, nullable=False),
        sa.Column("original_path", sa.Text),
        sa.Column("added_at", TZ, nullable=False),
    )
    op.create_index("ix_documents_reference", "documents", ["reference"])

    op.create_table(
        "page_texts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("page_index", sa.Integer, nullable=False),
        sa.Column("label", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("start_offset", sa.Integer, nullable=False),
        sa.Column("width", sa.Float, nullable=False),
        sa.Column("height", sa.Float, nullable=False),
        sa.UniqueConstraint("document_id", "page_index"),
    )

    op.create_table(
        "paragraphs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("number", sa.String(32), nullable=False),
        sa.Column("page_index", sa.Integer, nullable=False),
        sa.Column("end_page_index", sa.Integer, nullable=False),
        sa.Column("start_offset", sa.Integer, nullable=False),
        sa.Column("end_offset", sa.Integer, nullable=False),
        sa.Column("boxes", sa.JSON, nullable=False),
    )
    op.create_index("ix_paragraphs_document_seq", "paragraphs", ["document_id", "seq"])

    op.create_table(
        "tags",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("slug", sa.String(200), nullable=False, unique=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("code", sa.Text),
        sa.Column("parent_id", sa.Integer, sa.ForeignKey("tags.id", ondelete="RESTRICT")),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("color", sa.String(32)),
        sa.Column("builtin", sa.Boolean, nullable=False),
        sa.Column("event_type", sa.String(32)),
        sa.Column("date_start", sa.String(32)),
        sa.Column("date_end", sa.String(32)),
        sa.Column("date_precision", sa.String(16)),
        sa.Column("place", sa.Text),
        sa.Column("country", sa.Text),
        sa.Column("parties", sa.JSON, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.CheckConstraint(
            "kind IN ('treaty', 'article', 'event', 'theme', 'place', 'actor')", name="tag_kind"
        ),
        sa.CheckConstraint(
            "date_precision IS NULL OR date_precision IN ('day', 'month', 'year', 'approximate')",
            name="tag_date_precision",
        ),
    )
    op.create_index("ix_tags_parent_id", "tags", ["parent_id"])

    op.create_table(
        "annotations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False, unique=True),
        sa.Column(
            "document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="RESTRICT"), nullable=False
        ),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("color", sa.String(32), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("page_index", sa.Integer, nullable=False),
        sa.Column("targets", sa.JSON, nullable=False),
        sa.Column("quote", sa.Text, nullable=False),
        sa.Column("prefix", sa.Text, nullable=False),
        sa.Column("suffix", sa.Text, nullable=False),
        sa.Column("start_offset", sa.Integer),
        sa.Column("end_offset", sa.Integer),
        sa.Column("paragraphs", sa.JSON, nullable=False),
        sa.Column("anchor_status", sa.String(16), nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("author", sa.Text),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.Column("deleted_at", TZ),
        sa.CheckConstraint(
            "kind IN ('highlight', 'underline', 'note', 'area')", name="annotation_kind"
        ),
    )
    op.create_index(
        "ix_annotations_document_position", "annotations", ["document_id", "page_index", "start_offset"]
    )
    op.create_index("ix_annotations_deleted_at", "annotations", ["deleted_at"])

    op.create_table(
        "annotation_tags",
        sa.Column(
            "annotation_id",
            sa.Integer,
            sa.ForeignKey("annotations.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "tag_id", sa.Integer, sa.ForeignKey("tags.id", ondelete="RESTRICT"), primary_key=True
        ),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_index("ix_annotation_tags_tag_id", "annotation_tags", ["tag_id"])


def downgrade() -> None:
    for table in ("annotation_tags", "annotations", "tags", "paragraphs", "page_texts", "documents"):
        op.drop_table(table)
