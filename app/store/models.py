"""The library's tables as SQLAlchemy 2 typed models.

Plain portable types only: everything SQLite-specific (pragmas, FTS5 indexes and
the triggers that keep them in step) lives in ``app.store.sqlite``.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    FetchedValue,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


def member_column() -> Any:
    """A column naming a member (``created_by``, ``updated_by``). A team library's server writes
    it on every insert and update (revision 0017's trigger), whatever a client sends: the ORM
    reads it back in the write's own ``RETURNING`` (``eager_defaults``) instead of a query after."""
    return mapped_column(String(128), server_default=FetchedValue(), server_onupdate=FetchedValue())


def stored_tables() -> list[Table]:
    """Every table in dependency order, but those the database derives from the others (kept by
    its triggers): what a library's archive holds and brings back."""
    return [table for table in Base.metadata.sorted_tables if not table.info.get("derived")]


class Document(Base):
    """An imported PDF. Its bytes are kept read-only under ``files/`` by their hash."""

    __tablename__ = "documents"
    __mapper_args__ = {"eager_defaults": True}  # its members' names, read back as it is written

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32), default="other")
    publisher: Mapped[str | None] = mapped_column(Text)
    reference: Mapped[str | None] = mapped_column(Text, index=True)
    country: Mapped[str | None] = mapped_column(Text)
    # ISO 8601, possibly partial ("2013", "2013-07"): publication dates are often vague.
    published: Mapped[str | None] = mapped_column(String(32))
    # The visit a monitoring report covers (CPT: "from 2 to 12 May 2023").
    visit_start: Mapped[str | None] = mapped_column(String(32))
    visit_end: Mapped[str | None] = mapped_column(String(32))
    source_url: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    # The member who made the row and who last changed it: their login on a team library (the
    # server sets it), the computer's user name on a local one; empty for rows older than both.
    created_by: Mapped[str | None] = member_column()
    updated_by: Mapped[str | None] = member_column()
    pdf_created: Mapped[str | None] = mapped_column(String(32))
    pdf_modified: Mapped[str | None] = mapped_column(String(32))
    pdf_metadata: Mapped[dict[str, Any]] = mapped_column(default=dict)
    page_count: Mapped[int] = mapped_column(Integer)
    # One label per page when the PDF defines page labels, else NULL (use numbers).
    page_labels: Mapped[list[Any] | None] = mapped_column()
    # [[level, title, page_index], ...] from the PDF's bookmarks.
    outline: Mapped[list[Any]] = mapped_column(default=list)
    text_pages: Mapped[int] = mapped_column(Integer, default=0)
    has_text_layer: Mapped[bool] = mapped_column(Boolean, default=True)
    encrypted: Mapped[bool] = mapped_column(Boolean, default=False)
    file_name: Mapped[str] = mapped_column(Text)
    file_size: Mapped[int] = mapped_column(Integer)
    original_path: Mapped[str | None] = mapped_column(Text)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The document this one reissues; its annotations were carried over when it came in.
    revision_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL", name="fk_documents_revision_of_id")
    )
    # Names of the fields a user corrected: detection never overwrites them.
    user_fields: Mapped[list[Any]] = mapped_column(default=list)

    pages: Mapped[list[PageText]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="PageText.page_index"
    )
    paragraphs: Mapped[list[Paragraph]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="Paragraph.seq"
    )
    annotations: Mapped[list[Annotation]] = relationship(back_populates="document")


class PageText(Base):
    """The extracted text of one page, and where it starts in the document's text.

    The document's text is its pages' texts joined by ``PAGE_SEPARATOR``, so an
    annotation's offsets stay meaningful across page breaks.
    """

    __tablename__ = "page_texts"
    __table_args__ = (UniqueConstraint("document_id", "page_index"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    page_index: Mapped[int] = mapped_column(Integer)
    label: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text, default="")
    start_offset: Mapped[int] = mapped_column(Integer)
    # Page size in PDF points after rotation: lets a viewer lay out every page before rendering any.
    width: Mapped[float] = mapped_column(Float)
    height: Mapped[float] = mapped_column(Float)

    document: Mapped[Document] = relationship(back_populates="pages")


PAGE_SEPARATOR = "\f"


class Paragraph(Base):
    """A locator found in a document: a numbered paragraph ("45.", "86.12", "45 bis"), a lettered
    item in one ("45(a)"), a numbered section ("§ 3.5") or a recommendation listed inside a
    paragraph ("60 rec. 12"); ``number`` holds it as it is cited, ``kind`` says which it is."""

    __tablename__ = "paragraphs"
    __table_args__ = (Index("ix_paragraphs_document_seq", "document_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(32))
    page_index: Mapped[int] = mapped_column(Integer)
    end_page_index: Mapped[int] = mapped_column(Integer)
    start_offset: Mapped[int] = mapped_column(Integer)
    end_offset: Mapped[int] = mapped_column(Integer)
    # [{"page": i, "rect": [x0, y0, x1, y1], "start": s, "end": e}, ...]: start and end (offsets
    # in the document's text) hold its own text on that page, without running headers and
    # footnotes; rows stored before they were kept have none.
    boxes: Mapped[list[Any]] = mapped_column(default=list)
    kind: Mapped[str] = mapped_column(String(16), default="paragraph", server_default="paragraph")

    document: Mapped[Document] = relationship(back_populates="paragraphs")


class Annotation(Base):
    """A passage a user marked, with several anchors at once (W3C Web Annotation style).

    ``targets`` draws it (page index and quads in PDF points, one entry per page, so
    a passage across a page break is one annotation); quote, prefix and suffix find it
    again in changed text; offsets place it in the document's text; ``paragraphs``
    holds the numbers of the paragraphs it lies in, for citations.
    """

    __tablename__ = "annotations"
    __table_args__ = (
        Index("ix_annotations_document_position", "document_id", "page_index", "start_offset"),
        # A search by date walks it newest first and stops at the page shown (revision 0022).
        Index("ix_annotations_newest", "created_at", "id"),
        Index("ix_annotations_in_trash", "deleted_at",
              sqlite_where=text("deleted_at IS NOT NULL"), postgresql_where=text("deleted_at IS NOT NULL")),
        CheckConstraint("kind IN ('highlight', 'underline', 'note', 'area')", name="annotation_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    # RESTRICT: removing a document must never silently take its annotations along.
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="RESTRICT"))
    kind: Mapped[str] = mapped_column(String(16), default="highlight")
    color: Mapped[str] = mapped_column(String(32), default="yellow")
    note: Mapped[str] = mapped_column(Text, default="")
    page_index: Mapped[int] = mapped_column(Integer)
    # [{"page": i, "quads": [[x0, y0, x1, y1, x2, y2, x3, y3], ...]}, ...]
    targets: Mapped[list[Any]] = mapped_column(default=list)
    quote: Mapped[str] = mapped_column(Text, default="")
    prefix: Mapped[str] = mapped_column(Text, default="")
    suffix: Mapped[str] = mapped_column(Text, default="")
    start_offset: Mapped[int | None] = mapped_column(Integer)
    end_offset: Mapped[int | None] = mapped_column(Integer)
    paragraphs: Mapped[list[Any]] = mapped_column(default=list)
    # "anchored", or "orphan" when a new revision of the text no longer holds the quote.
    anchor_status: Mapped[str] = mapped_column(String(16), default="anchored")
    origin: Mapped[str] = mapped_column(String(16), default="user")
    author: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    # Set when moved to the trash; the row stays until the trash is emptied.
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The member who made the row and who last changed it: their login on a team library (the
    # server sets it), the computer's user name on a local one; empty for rows older than both.
    created_by: Mapped[str | None] = member_column()
    updated_by: Mapped[str | None] = member_column()
    # One more at every change, whoever makes it (a trigger): an edit made from an older view is seen as one.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    document: Mapped[Document] = relationship(back_populates="annotations")
    tags: Mapped[list[Tag]] = relationship(secondary="annotation_tags", back_populates="annotations")

    # The app's own writes move the version on in the UPDATE itself (and only over the version they
    # read); the triggers of revision 0017 move it for writes that leave it alone (other clients).
    # The members' names the server wrote come back in the write's RETURNING (``member_column``).
    __mapper_args__ = {"version_id_col": version, "eager_defaults": True}


class Tag(Base):
    """A treaty, standard, article, event, theme, place or actor that passages are tagged with."""

    __tablename__ = "tags"
    __mapper_args__ = {"eager_defaults": True}  # its members' names, read back as it is written
    __table_args__ = (
        CheckConstraint(
            "kind IN ('treaty', 'standard', 'article', 'event', 'theme', 'place', 'actor')", name="tag_kind"
        ),
        CheckConstraint(
            "date_precision IS NULL OR date_precision IN ('day', 'month', 'year', 'approximate')",
            name="tag_date_precision",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stable across libraries, so vocabularies can be shared and merged.
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(Text)
    code: Mapped[str | None] = mapped_column(Text)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("tags.id", ondelete="RESTRICT"), index=True
    )
    description: Mapped[str] = mapped_column(Text, default="")
    color: Mapped[str | None] = mapped_column(String(32))
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    # Treaties: short name, organisation, dates of adoption and entry into force (ISO).
    short_name: Mapped[str | None] = mapped_column(Text)
    organisation: Mapped[str | None] = mapped_column(Text)
    adopted: Mapped[str | None] = mapped_column(String(32))
    in_force: Mapped[str | None] = mapped_column(String(32))
    # Events: type, a date or range (ISO, possibly partial) with its precision, place, parties.
    event_type: Mapped[str | None] = mapped_column(String(32))
    date_start: Mapped[str | None] = mapped_column(String(32))
    date_end: Mapped[str | None] = mapped_column(String(32))
    date_precision: Mapped[str | None] = mapped_column(String(16))
    place: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(Text)
    parties: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The member who made the row and who last changed it: their login on a team library (the
    # server sets it), the computer's user name on a local one; empty for rows older than both.
    created_by: Mapped[str | None] = member_column()
    updated_by: Mapped[str | None] = member_column()

    parent: Mapped[Tag | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Tag]] = relationship(back_populates="parent")
    annotations: Mapped[list[Annotation]] = relationship(
        secondary="annotation_tags", back_populates="tags"
    )


class AnnotationTag(Base):
    __tablename__ = "annotation_tags"

    annotation_id: Mapped[int] = mapped_column(
        ForeignKey("annotations.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(
        ForeignKey("tags.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SavedSearch(Base):
    """A search a user named, to run again with one click."""

    __tablename__ = "saved_searches"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    scope: Mapped[str] = mapped_column(String(16), default="annotations")  # or "documents"
    query: Mapped[str] = mapped_column(Text, default="")
    filters: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RecognitionJob(Base):
    """A page waiting for its text to be recognised (it has no usable text layer), or that failed.

    A page leaves the queue once recognised: its text is then in ``recognised_pages``. ``worker``
    is the process that took it (state "running"); one whose process is gone is taken again.
    """

    __tablename__ = "recognition_queue"
    __table_args__ = (
        UniqueConstraint("document_id", "page_index"),
        CheckConstraint("state IN ('queued', 'running', 'failed')", name="recognition_state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    page_index: Mapped[int] = mapped_column(Integer)
    # A Tesseract language ("eng", "fra", "rus"), or NULL: the document's, guessed when it is taken.
    language: Mapped[str | None] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16), default="queued")
    reason: Mapped[str | None] = mapped_column(Text)
    worker: Mapped[int | None] = mapped_column(Integer)
    queued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RecognisedPage(Base):
    """The text recognised (OCR) on a page without a usable text layer: a text layer like any other.

    ``words``: [[x0, y0, x1, y1, text, block, line, start, end], ...] in PDF points, in reading
    order, start and end placing each word in ``text`` (which is also the page's ``PageText.text``).
    The PDF file itself is never changed.
    """

    __tablename__ = "recognised_pages"
    __table_args__ = (UniqueConstraint("document_id", "page_index"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    page_index: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(16))
    engine: Mapped[str] = mapped_column(String(64))
    words: Mapped[list[Any]] = mapped_column(default=list)
    text: Mapped[str] = mapped_column(Text, default="")
    made_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DocumentLanguage(Base):
    """The language a document's pages are recognised in: guessed from its text, or the user's choice."""

    __tablename__ = "document_languages"

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    language: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(16), default="guessed")  # "guessed" or "user"


class TagPassages(Base):
    """How many live annotations (not in the trash) each tag has, kept by the database's triggers
    (revision 0023) whoever writes: read, never written, by the app."""

    __tablename__ = "tag_passages"
    __table_args__ = {"info": {"derived": True}}

    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True)
    passages: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class AnnotationLink(Base):
    """Two passages joined by a kind of link: a response to a recommendation, a follow-up, a repeat…

    Links survive the trash: an annotation moved there keeps its links, which come back with it.
    ``kind`` is one of ``LINK_KINDS`` or a label a user added.
    """

    __tablename__ = "annotation_links"
    __table_args__ = (
        UniqueConstraint("source_id", "target_id", "kind"),
        CheckConstraint("source_id <> target_id", name="link_not_to_itself"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


# The kinds a link offers before any the user adds, read "source <kind> target".
LINK_KINDS = ("responds to", "follows up", "repeats", "contradicts", "same passage in another language")

RECOMMENDATION_STATUSES = ("no information", "in progress", "partly implemented", "implemented", "not accepted")


class Recommendation(Base):
    """A recommendation, comment or request found in a report, attached to its paragraph.

    Found on import without the user highlighting anything; ``status`` is the user's follow-up,
    evidenced by passages (``recommendation_evidence``).
    """

    __tablename__ = "recommendations"
    __table_args__ = (
        Index("ix_recommendations_document", "document_id", "page_index", "start_offset"),
        CheckConstraint(
            "status IN ('no information', 'in progress', 'partly implemented', 'implemented', 'not accepted')",
            name="recommendation_status",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    # "recommendation", "comment", "request" (CPT), "upr", "concluding observation".
    kind: Mapped[str] = mapped_column(String(32), default="recommendation")
    number: Mapped[str | None] = mapped_column(Text)  # its own number: "113.12", "1"
    paragraph: Mapped[str | None] = mapped_column(Text)  # the paragraph it stands in: "17"
    page_index: Mapped[int] = mapped_column(Integer)
    start_offset: Mapped[int | None] = mapped_column(Integer)  # in the page's text
    end_offset: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    states: Mapped[list[Any]] = mapped_column(default=list)  # recommending States (UPR)
    response: Mapped[str | None] = mapped_column(String(32))  # "supported", "noted", "to be examined"
    status: Mapped[str] = mapped_column(String(32), default="no information")
    status_note: Mapped[str] = mapped_column(Text, default="")
    # The annotation made for it when a user linked, evidenced or highlighted it.
    annotation_id: Mapped[int | None] = mapped_column(ForeignKey("annotations.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class RecommendationEvidence(Base):
    """A passage that evidences a recommendation's follow-up status."""

    __tablename__ = "recommendation_evidence"

    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), primary_key=True
    )
    annotation_id: Mapped[int] = mapped_column(
        ForeignKey("annotations.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
