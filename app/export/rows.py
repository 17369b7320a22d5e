"""The rows every export format writes: one frozen record per annotation, read in batches.

The rows come from one query per batch of annotations (columns, not ORM objects), so a
library of 100,000 passages exports in seconds; the choice and order of the annotations is
the annotation search's own, so an export holds exactly what the search shows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.citations import DEFAULT_TEMPLATE, CitationParts, check_template, cite
from app.library import Library
from app.query import parse
from app.services import search
from app.services.search import AnnotationFilters, Sort
from app.store import sqlite
from app.store.models import Annotation, AnnotationTag, Document, PageText, Tag

BATCH = 2_000


@dataclass(frozen=True)
class TagCell:
    slug: str
    kind: str
    label: str
    code: str | None
    treaty: str | None  # the label of the treaty a tag is, or an article of
    date: str | None  # events: when it began


@dataclass(frozen=True)
class ExportRow:
    """One annotation with everything a citation, a spreadsheet or a reference manager needs."""

    uuid: str
    kind: str
    color: str
    quote: str
    prefix: str
    suffix: str
    note: str
    start_offset: int | None
    end_offset: int | None
    page_index: int
    page_label: str
    paragraphs: tuple[str, ...]
    targets: tuple[tuple[int, tuple[tuple[float, ...], ...]], ...]  # (page index, quads)
    author: str | None
    created_at: datetime
    updated_at: datetime
    tags: tuple[TagCell, ...]
    citation: str
    document_id: int
    document_title: str
    document_reference: str | None
    document_kind: str
    publisher: str | None
    country: str | None
    published: str | None
    sha256: str
    added_at: datetime
    file_name: str
    source_url: str | None

    @property
    def document_label(self) -> str:
        return self.document_reference or self.document_title

    def tag_names(self) -> str:
        return "; ".join(tag.code or tag.label for tag in self.tags)

    def treaties(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(tag.treaty for tag in self.tags if tag.treaty))

    def events(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(tag.label for tag in self.tags if tag.kind == "event"))


def matching_ids(library: Library, text: str = "", filters: AnnotationFilters = AnnotationFilters(),
                 sort: Sort = "document") -> list[int]:
    """The ids of every live annotation the search would show, in its order, without a limit.

    The search service builds whole results and needs a limit; this reuses its filters and
    order (its query builders) to get the ids alone.
    """
    parsed = parse(text)
    if text.strip() and parsed.match is None:
        return []
    with library.reading() as session:
        query = select(Annotation.id).where(Annotation.deleted_at.is_(None))
        rank = None
        if parsed.match:
            matches = sqlite.annotation_matches(parsed.match)
            query = query.join(matches, matches.c.annotation_id == Annotation.id)
            rank = matches.c.rank
        query = search._filtered(session, query, filters)  # noqa: SLF001 - the search's own filters
        query = query.order_by(*search._order(sort, rank))  # noqa: SLF001
        return list(session.scalars(query))


_COLUMNS = (
    Annotation.id, Annotation.uuid, Annotation.kind, Annotation.color, Annotation.quote, Annotation.prefix,
    Annotation.suffix, Annotation.note, Annotation.start_offset, Annotation.end_offset, Annotation.page_index,
    Annotation.paragraphs, Annotation.targets, Annotation.author, Annotation.created_at, Annotation.updated_at,
    Document.id, Document.title, Document.reference, Document.kind, Document.publisher, Document.country,
    Document.published, Document.sha256, Document.added_at, Document.file_name, Document.source_url,
    PageText.label,
)


def iter_rows(library: Library, ids: Sequence[int], template: str = DEFAULT_TEMPLATE,
              cancelled: Callable[[], bool] = lambda: False) -> Iterator[list[ExportRow]]:
    """The rows of ``ids`` in that order, a batch at a time; stops early once ``cancelled()``."""
    check_template(template)
    with library.reading() as session:
        tags = _tag_cells(session)
    for start in range(0, len(ids), BATCH):
        if cancelled():
            return
        chunk = ids[start : start + BATCH]
        with library.reading() as session:
            found = {row[0]: row for row in session.execute(
                select(*_COLUMNS)
                .join(Document, Document.id == Annotation.document_id)
                .outerjoin(PageText, (PageText.document_id == Annotation.document_id)
                           & (PageText.page_index == Annotation.page_index))
                .where(Annotation.id.in_(chunk))
            )}
            tagged: dict[int, list[TagCell]] = {}
            for annotation_id, tag_id in session.execute(
                select(AnnotationTag.annotation_id, AnnotationTag.tag_id).where(AnnotationTag.annotation_id.in_(chunk))
            ):
                tagged.setdefault(annotation_id, []).append(tags[tag_id])
        yield [_row(found[i], tagged.get(i, ()), template) for i in chunk if i in found]


def collect_rows(library: Library, text: str = "", filters: AnnotationFilters = AnnotationFilters(), *,
                 sort: Sort = "document", template: str = DEFAULT_TEMPLATE) -> list[ExportRow]:
    """Every row the search finds (no limit), in its order."""
    ids = matching_ids(library, text, filters, sort)
    return [row for batch in iter_rows(library, ids, template) for row in batch]


def _tag_cells(session: Session) -> dict[int, TagCell]:
    rows = session.execute(select(Tag.id, Tag.slug, Tag.kind, Tag.label, Tag.code, Tag.parent_id, Tag.date_start)).all()
    by_id = {row.id: row for row in rows}

    def treaty(row) -> str | None:  # noqa: ANN001 - a result row
        seen = set()
        while row is not None and row.id not in seen:
            if row.kind == "treaty":
                return row.label
            seen.add(row.id)
            row = by_id.get(row.parent_id)
        return None

    return {row.id: TagCell(row.slug, row.kind, row.label, row.code, treaty(row), row.date_start) for row in rows}


def _row(r, tags: Sequence[TagCell], template: str) -> ExportRow:  # noqa: ANN001 - a result row
    (annotation_id, uuid, kind, color, quote, prefix, suffix, note, start, end, page_index, paragraphs, targets,
     author, created_at, updated_at, document_id, title, reference, document_kind, publisher, country, published,
     sha256, added_at, file_name, source_url, label) = r
    page_label = label or str(page_index + 1)
    paragraphs = tuple(paragraphs or ())
    citation = cite(CitationParts(
        reference=reference, title=title, publisher=publisher, date=published, paragraphs=paragraphs,
        page=page_label, country=country, sha256=sha256, added=added_at.date().isoformat(),
    ), template)
    return ExportRow(
        uuid=uuid, kind=kind, color=color, quote=quote, prefix=prefix, suffix=suffix, note=note,
        start_offset=start, end_offset=end, page_index=page_index, page_label=page_label, paragraphs=paragraphs,
        targets=tuple((int(t["page"]), tuple(tuple(float(v) for v in q) for q in t["quads"])) for t in targets or ()),
        author=author, created_at=created_at, updated_at=updated_at,
        tags=tuple(sorted(tags, key=lambda tag: (tag.kind, tag.label))), citation=citation,
        document_id=document_id, document_title=title, document_reference=reference, document_kind=document_kind,
        publisher=publisher, country=country, published=published, sha256=sha256, added_at=added_at,
        file_name=file_name, source_url=source_url,
    )
