"""Which annotations an export holds: the search's choice and order, or a selection of them.

Every export, count and preview starts from :func:`scope_query`, the search service's own
query (words, filters, order) narrowed to a selection when there is one, so a file holds
exactly what the window showed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from app.library import Library
from app.services import search
from app.services.citing import passage_parts
from app.services.search import AnnotationFilters, Sort
from app.store.models import Annotation, Document, PageText
from app.text.citations import CitationParts
from app.text.query import parse

SORTS: dict[str, str] = {"document": "By document and page", "date": "Newest first", "relevance": "Best match first"}


@dataclass(frozen=True)
class ExportScope:
    """What to export, as the user chose it in the window or on the command line."""

    text: str = ""
    filters: AnnotationFilters = field(default_factory=AnnotationFilters)
    uuids: tuple[str, ...] = ()  # a selection: only these annotations (within the words and filters)
    sort: Sort = "document"
    description: str = "the whole library"


@dataclass(frozen=True)
class ScopeCount:
    annotations: int
    documents: int


def scope_query(session: Session, scope: ExportScope) -> Select | None:
    """The ids of the annotations in ``scope``, in order; None when its words cannot be searched."""
    parsed = parse(scope.text)
    if scope.text.strip() and parsed.query is None:
        return None
    query = search.matching_ids(session, parsed.query, scope.filters, scope.sort)
    if scope.uuids:
        query = query.where(Annotation.uuid.in_(scope.uuids))
    return query


def count(library: Library, scope: ExportScope) -> ScopeCount:
    """How many annotations, from how many documents, an export of ``scope`` would hold."""
    with library.reading() as session:
        query = scope_query(session, scope)
        if query is None:
            return ScopeCount(0, 0)
        ids = query.with_only_columns(Annotation.id, Annotation.document_id).order_by(None).subquery()
        annotations, documents = session.execute(
            select(func.count(), func.count(ids.c.document_id.distinct()))
        ).one()
    return ScopeCount(annotations, documents)


def citation_samples(library: Library, scope: ExportScope, limit: int = 5) -> list[CitationParts]:
    """The first few passages of ``scope`` as citation parts, for previewing a template."""
    with library.reading() as session:
        query = scope_query(session, scope)
        if query is None:
            return []
        ids = list(session.scalars(query.limit(limit)))
        if not ids:
            return []
        found = {
            row[0]: row[1:]
            for row in session.execute(
                select(Annotation.id, Annotation.paragraphs, Annotation.page_index, PageText.label, Document)
                .join(Document, Document.id == Annotation.document_id)
                .outerjoin(PageText, (PageText.document_id == Annotation.document_id)
                           & (PageText.page_index == Annotation.page_index))
                .where(Annotation.id.in_(ids))
            )
        }
        samples = []
        for annotation_id in ids:
            paragraphs, page_index, label, document = found[annotation_id]
            samples.append(passage_parts(document, paragraphs, page_index, label))
    return samples
