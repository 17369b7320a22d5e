"""The store: SQLite settings, the annotation index kept in step, and rows that must not vanish."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from app.store.models import Annotation, AnnotationTag, Document, PageText, Tag


def add_document(session, sha: str = "a" * 64) -> Document:
    document = Document(
        sha256=sha, title="Report", page_count=1, file_name=f"{sha}.pdf", file_size=1, pdf_metadata={}
    )
    session.add(document)
    session.flush()
    session.add(PageText(document_id=document.id, page_index=0, text="", start_offset=0, width=1, height=1))
    return document


def add_annotation(session, document: Document, quote: str, note: str = "") -> Annotation:
    annotation = Annotation(
        uuid=str(uuid.uuid4()), document_id=document.id, page_index=0, quote=quote, note=note,
        targets=[{"page": 0, "quads": [[0, 0, 1, 0, 0, 1, 1, 1]]}],
    )
    session.add(annotation)
    session.flush()
    return annotation


def annotation_hits(library, words: str) -> list[int]:
    with library.reading() as session:
        return list(
            session.execute(
                text("SELECT rowid FROM annotation_fts WHERE annotation_fts MATCH :q ORDER BY rowid"), {"q": words}
            ).scalars()
        )


def test_sqlite_runs_with_wal_foreign_keys_and_full_sync(library):
    with library.reading() as session:
        connection = session.connection()
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_annotation_index_follows_quote_note_and_tags(library):
    with library.writing() as session:
        document = add_document(session)
        annotation = add_annotation(session, document, "Detainees were restrained for hours", "follow up")
        treaty = Tag(slug="ets-126", kind="treaty", label="European Convention for the Prevention of Torture",
                     code="ETS 126")
        session.add(treaty)
        session.flush()
        annotation_id, tag_id = annotation.id, treaty.id
    assert annotation_hits(library, "restrained") == [annotation_id]
    assert annotation_hits(library, "note:follow") == [annotation_id]

    with library.writing() as session:
        session.add(AnnotationTag(annotation_id=annotation_id, tag_id=tag_id))
    assert annotation_hits(library, 'tags:"ETS 126"') == [annotation_id]

    with library.writing() as session:
        session.get(Tag, tag_id).code = "ETS No. 126"
        session.get(Annotation, annotation_id).note = "asked the ministry"
    assert annotation_hits(library, 'tags:"ETS No 126"') == [annotation_id]
    assert annotation_hits(library, "note:follow") == []
    assert annotation_hits(library, "ministry") == [annotation_id]

    with library.writing() as session:
        session.execute(text("DELETE FROM annotation_tags"))
    assert annotation_hits(library, "tags:torture") == []

    with library.writing() as session:
        session.delete(session.get(Annotation, annotation_id))
    assert annotation_hits(library, "restrained") == []


def test_unicode_and_sql_like_text_is_stored_exactly(library):
    note = "«Ne pas oublier» — 100% 'quoted' \"twice\"; DROP TABLE annotations; -- שלום 👩‍⚖️ " + "x" * 1_000_000
    with library.writing() as session:
        annotation_id = add_annotation(session, add_document(session), "Ünïcödé quote", note).id
    with library.reading() as session:
        assert session.get(Annotation, annotation_id).note == note
    assert annotation_hits(library, "שלום") == [annotation_id]


def test_a_document_with_annotations_cannot_be_deleted_by_accident(library):
    with library.writing() as session:
        document = add_document(session)
        add_annotation(session, document, "kept")
        document_id = document.id
    with pytest.raises(IntegrityError):
        with library.writing() as session:
            session.execute(text("DELETE FROM documents WHERE id = :id"), {"id": document_id})
    with library.reading() as session:
        assert session.scalar(select(Annotation.quote)) == "kept"


def test_a_tag_in_use_cannot_be_deleted_by_accident(library):
    with library.writing() as session:
        annotation = add_annotation(session, add_document(session), "tagged")
        tag = Tag(slug="echr-art-3", kind="article", label="Prohibition of torture", code="ECHR Art. 3")
        session.add(tag)
        session.flush()
        session.add(AnnotationTag(annotation_id=annotation.id, tag_id=tag.id))
        tag_id = tag.id
    with pytest.raises(IntegrityError):
        with library.writing() as session:
            session.execute(text("DELETE FROM tags WHERE id = :id"), {"id": tag_id})


def test_tag_kinds_and_date_precisions_are_checked(library):
    with pytest.raises(IntegrityError):
        with library.writing() as session:
            session.add(Tag(slug="x", kind="colour", label="not a kind"))
    with pytest.raises(IntegrityError):
        with library.writing() as session:
            session.add(Tag(slug="y", kind="event", label="An event", date_precision="fortnight"))
