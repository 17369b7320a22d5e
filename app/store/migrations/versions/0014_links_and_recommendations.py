"""Links between passages, and the recommendations found in reports with their follow-up.

New tables only; no existing row changes. The DDL is written out here rather than read from the
models, so that this revision builds the same tables whatever the models become.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "annotation_links",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False, unique=True),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("annotations.id", ondelete="CASCADE"), nullable=False),
        sa.Column("target_id", sa.Integer, sa.ForeignKey("annotations.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("source_id", "target_id", "kind"),
        sa.CheckConstraint("source_id <> target_id", name="link_not_to_itself"),
    )
    op.create_index("ix_annotation_links_source_id", "annotation_links", ["source_id"])
    op.create_index("ix_annotation_links_target_id", "annotation_links", ["target_id"])
    op.create_table(
        "recommendations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False, unique=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("number", sa.Text),
        sa.Column("paragraph", sa.Text),
        sa.Column("page_index", sa.Integer, nullable=False),
        sa.Column("start_offset", sa.Integer),
        sa.Column("end_offset", sa.Integer),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("states", sa.JSON, nullable=False),
        sa.Column("response", sa.String(32)),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("status_note", sa.Text, nullable=False),
        sa.Column("annotation_id", sa.Integer, sa.ForeignKey("annotations.id", ondelete="SET NULL")),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('no information', 'in progress', 'partly implemented', 'implemented', 'not accepted')",
            name="recommendation_status",
        ),
    )
    op.create_index("ix_recommendations_document", "recommendations", ["document_id", "page_index", "start_offset"])
    op.create_table(
        "recommendation_evidence",
        sa.Column("recommendation_id", sa.Integer, sa.ForeignKey("recommendations.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("annotation_id", sa.Integer, sa.ForeignKey("annotations.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_recommendation_evidence_annotation_id", "recommendation_evidence", ["annotation_id"])


def downgrade() -> None:
    op.drop_table("recommendation_evidence")
    op.drop_table("recommendations")
    op.drop_table("annotation_links")
