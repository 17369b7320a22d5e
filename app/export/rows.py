"""The rows every export format writes: one frozen record per annotation, read in batches.

The rows come from one query per batch of annotations (columns, not ORM objects), so a
library of 100,000 passages exports in seconds; the choice and order of the annotations is
the annotation search's own, so an export holds exactly what the search shows.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import Connection, Select, Text, cast, func, or_, select
from sqlalchemy.orm import Session

from app.text.citations import DEFAULT_TEMPLATE, CitationParts, check_template, cite, is_plain, join_paragraphs
from app.library import Library
from app.text.printed_text import display_quote
from app.export.scope import ExportScope, scope_query
from app.services.citing import RECOGNISED_NOTE
from app.services.search import AnnotationFilters, Sort
from app.store.models import Annotation, AnnotationLink, AnnotationTag, Document, PageText, RecognisedPage, Tag

BATCH = 2_000
LINKS_AT_ONCE = 200_000


class TagCell(NamedTuple):
    slug: str
    kind: str
    label: str
    code: str | None
    treaty: str | None  # the label of the treaty a tag is, or an article of
    date: str | None  # events: when it began


class LinkCell(NamedTuple):
    """One of a passage's links, read from the passage: the link reads "source <kind> target"."""

    uuid: str
    kind: str
    note: str
    outgoing: bool  # the passage is the link's source
    other_uuid: str
    other_citation: str  # in the export's citation style
    other_in_trash: bool  # the link stays until the trash is emptied, as the panel lists it

    @property
    def reading(self) -> str:
        """As the panel reads it: "responds to <citation>", or "<citation> responds to this"."""
        other = self.other_citation + (" (in the trash)" if self.other_in_trash else "")
        return f"{self.kind} {other}" if self.outgoing else f"{other} {self.kind} this"


def link_readings(links: Iterable[LinkCell]) -> str:
    return "; ".join(link.reading for link in links)


def linked_ids(links: Iterable[LinkCell]) -> str:
    return "; ".join(link.other_uuid for link in links)


class ExportRow(NamedTuple):
    """One annotation with everything a citation, a spreadsheet or a reference manager needs.

    A named tuple rather than a frozen dataclass: as immutable, and made ten times faster,
    which counts at 100,000 rows.
    """

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
    targets_json: str  # where it is drawn, as stored: read by :meth:`targets` when a format needs it
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
    links: tuple[LinkCell, ...] = ()  # both ways, oldest first

    @property
    def document_label(self) -> str:
        return self.document_reference or self.document_title

    def shown_quote(self) -> str:
        """The quote as every export writes it (:func:`app.text.printed_text.display_quote`), not as the PDF broke its lines."""
        return display_quote(self.quote or "")

    def targets(self) -> tuple[tuple[int, tuple[tuple[float, ...], ...]], ...]:
        """(page index, quads) for each page the passage is drawn on."""
        return tuple((int(t["page"]), tuple(tuple(float(v) for v in q) for q in t["quads"]))
                     for t in json.loads(self.targets_json))

    def tag_names(self) -> str:
        return names_of(self.tags)

    def treaties(self) -> tuple[str, ...]:
        return treaties_of(self.tags)

    def events(self) -> tuple[str, ...]:
        return events_of(self.tags)


def names_of(tags: Iterable[TagCell]) -> str:
    """The tags as a cell shows them: codes where they have one, else names."""
    return "; ".join(tag.code or tag.label for tag in tags)


def treaties_of(tags: Iterable[TagCell]) -> tuple[str, ...]:
    """The treaties the tags are, or are articles of, each once."""
    return tuple(dict.fromkeys(tag.treaty for tag in tags if tag.treaty))


def events_of(tags: Iterable[TagCell]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(tag.label for tag in tags if tag.kind == "event"))


def matching_ids(library: Library, text: str = "", filters: AnnotationFilters = AnnotationFilters(),
                 sort: Sort = "document", uuids: Sequence[str] = ()) -> list[int]:
    """The ids of every live annotation the search would show, in its order, without a limit.

    The search service builds whole results for a page of them; this takes the same query whole
    (narrowed to ``uuids`` when they are given: a selection in the window).
    """
    with library.reading() as session:
        query = scope_query(session, ExportScope(text, filters, tuple(uuids), sort))
        return [] if query is None else list(session.scalars(query))


# JSON and dates come back as text and are read here: SQLAlchemy's per-value
# processors cost more than the rest of an export of 100,000 rows put together.
_COLUMNS = (
    Annotation.id, Annotation.uuid, Annotation.kind, Annotation.color, Annotation.quote, Annotation.prefix,
    Annotation.suffix, Annotation.note, Annotation.start_offset, Annotation.end_offset, Annotation.page_index,
    cast(Annotation.paragraphs, Text), cast(Annotation.targets, Text), Annotation.author,
    cast(Annotation.created_at, Text), cast(Annotation.updated_at, Text),
    Document.id, Document.title, Document.reference, Document.kind, Document.publisher, Document.country,
    Document.published, Document.sha256, cast(Document.added_at, Text), Document.file_name,
    Document.source_url, PageText.label,
)


# Past this many annotations, one pass over the whole table beats looking each batch up.
SWEEP = 20_000


def iter_rows(library: Library, ids: Sequence[int], template: str = DEFAULT_TEMPLATE,
              cancelled: Callable[[], bool] = lambda: False) -> Iterator[list[ExportRow]]:
    """The rows of ``ids`` in that order, a batch at a time; stops early once ``cancelled()``."""
    citations = Citations(template)
    with library.reading() as session:
        tags = tag_cells(session)
        # Passages on pages whose text was recognised (OCR) say so after their citation.
        pages = session.execute(select(RecognisedPage.document_id, RecognisedPage.page_index))
        citations.recognised = {(document_id, page_index) for document_id, page_index in pages}
    if len(ids) > SWEEP:
        yield from _swept(library, ids, tags, citations, cancelled)
        return
    for start in range(0, len(ids), BATCH):
        if cancelled():
            return
        chunk = ids[start : start + BATCH]
        with library.reading() as session:
            connection = session.connection()
            found = {row[0]: row for row in connection.execute(_rows_query().where(Annotation.id.in_(chunk)))}
            tagged: dict[int, list[TagCell]] = {}
            for annotation_id, tag_id in connection.execute(
                select(AnnotationTag.annotation_id, AnnotationTag.tag_id).where(AnnotationTag.annotation_id.in_(chunk))
            ):
                tagged.setdefault(annotation_id, []).append(tags[tag_id])
            linked = link_cells(connection, chunk, citations)
        yield [_row(found[i], tagged.get(i, ()), citations, linked.get(i, ())) for i in chunk if i in found]


def _rows_query() -> Select:
    return (
        select(*_COLUMNS)
        .join(Document, Document.id == Annotation.document_id)
        .outerjoin(PageText, (PageText.document_id == Annotation.document_id)
                   & (PageText.page_index == Annotation.page_index))
    )


def _swept(library: Library, ids: Sequence[int], tags: dict[int, TagCell], citations: Citations,
           cancelled: Callable[[], bool]) -> Iterator[list[ExportRow]]:
    """Most of the library: every live annotation read in one pass, then put in the order of ``ids``."""
    place = {annotation_id: index for index, annotation_id in enumerate(ids)}
    ordered: list[ExportRow | None] = [None] * len(ids)
    with library.reading() as session:
        connection = session.connection()
        # SQLAlchemy runs the queries; their rows are read as the driver's own tuples, without a
        # Row object per annotation (a third of the time of a large export went there).
        tagged: dict[int, list[TagCell]] = {}
        tag_links = connection.execute(select(AnnotationTag.annotation_id, AnnotationTag.tag_id))
        for annotation_id, tag_id in tag_links.cursor.fetchall():
            if annotation_id in place:
                tagged.setdefault(annotation_id, []).append(tags[tag_id])
        tag_links.close()
        linked = link_cells(connection, None, citations)
        result = connection.execute(_rows_query().where(Annotation.deleted_at.is_(None)))
        try:
            while part := result.cursor.fetchmany(BATCH):
                if cancelled():
                    return
                for row in part:
                    index = place.get(row[0])
                    if index is not None:
                        ordered[index] = _row(row, tagged.get(row[0], ()), citations, linked.get(row[0], ()))
        finally:
            result.close()
    rows = [row for row in ordered if row is not None]
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


class Citations:
    """:func:`app.text.citations.cite` for many passages: the template filled once per document and shape.

    Only the page and the paragraphs change between passages of one document, so each
    document's citation is made by ``cite`` with stand-ins for them, which are then replaced;
    a value a stand-in could be confused with goes through ``cite`` itself.
    """

    _PAGE, _ONE, _SEVERAL = "\x00p\x00", "\x00q\x00", ("\x00r\x00", "\x00s\x00")

    def __init__(self, template: str) -> None:
        check_template(template)
        self.template = template
        self._filled: dict[tuple, str] = {}
        self.recognised: set[tuple[int, int]] = set()  # (document, page) of the pages with recognised text

    def cite(self, document_id: int, document: tuple, page: str, paragraphs: tuple[str, ...]) -> str:
        """``document`` is (reference, title, publisher, date, country, sha256, added), as in CitationParts."""
        if "\x00" in page or page != page.strip() or (paragraphs and any("\x00" in p or not is_plain(p) for p in paragraphs)):
            return cite(self._parts(document, page, paragraphs), self.template)
        shape = 2 if len(paragraphs) > 1 else len(paragraphs)
        key = (document_id, shape)
        filled = self._filled.get(key)
        if filled is None:
            stand_in = ((), (self._ONE,), self._SEVERAL)[shape]
            filled = self._filled[key] = cite(self._parts(document, self._PAGE, stand_in), self.template)
        if shape == 1:
            filled = filled.replace(self._ONE, paragraphs[0])
        elif shape == 2:
            filled = filled.replace(", ".join(self._SEVERAL), join_paragraphs(paragraphs))
        return filled.replace(self._PAGE, page)

    @staticmethod
    def _parts(document: tuple, page: str, paragraphs: tuple[str, ...]) -> CitationParts:
        reference, title, publisher, date, country, sha256, added = document
        return CitationParts(reference=reference, title=title, publisher=publisher, date=date, paragraphs=paragraphs,
                             page=page, country=country, sha256=sha256, added=added)


def collect_rows(library: Library, text: str = "", filters: AnnotationFilters = AnnotationFilters(), *,
                 sort: Sort = "document", template: str = DEFAULT_TEMPLATE) -> list[ExportRow]:
    """Every row the search finds (no limit), in its order."""
    ids = matching_ids(library, text, filters, sort)
    return [row for batch in iter_rows(library, ids, template) for row in batch]


def tag_cells(session: Session) -> dict[int, TagCell]:
    rows = session.execute(select(Tag.id, Tag.slug, Tag.kind, Tag.label, Tag.code, Tag.parent_id, Tag.date_start)).all()
    by_id = {row.id: row for row in rows}

    def treaty(row) -> str | None:  # noqa: ANN001 - a result row
        seen = set()
        while row is not None and row.id not in seen:
            if row.kind in ("treaty", "standard"):
                return row.label
            seen.add(row.id)
            row = by_id.get(row.parent_id)
        return None

    return {row.id: TagCell(row.slug, row.kind, row.label, row.code, treaty(row), row.date_start) for row in rows}


def link_cells(connection: Connection, ids: Collection[int] | None, citations: Citations) -> dict[int, tuple[LinkCell, ...]]:
    """The links of these annotations (of every one when ``ids`` is None), both ways, oldest first:
    two queries for the lot (the links, then their other ends with what their citations need)."""
    query = select(AnnotationLink.uuid, AnnotationLink.kind, AnnotationLink.note, AnnotationLink.source_id,
                   AnnotationLink.target_id).order_by(AnnotationLink.created_at, AnnotationLink.id)
    if ids is not None:
        if not ids:
            return {}
        query = query.where(or_(AnnotationLink.source_id.in_(ids), AnnotationLink.target_id.in_(ids)))
    links = connection.execute(query).all()
    if not links:
        return {}
    wanted = None if ids is None else set(ids)
    if wanted is None:  # every end, without a list of ids for the driver
        linked = select(AnnotationLink.source_id).union(select(AnnotationLink.target_id)).subquery()
        parts = [Annotation.id.in_(select(linked.c[0]))]
    else:
        listed = sorted({end for link in links for end in link[3:5]})
        parts = [Annotation.id.in_(listed[start : start + BATCH]) for start in range(0, len(listed), BATCH)]
    others: dict[int, tuple[str, str, bool]] = {}  # id -> uuid, citation, in the trash
    for part in parts:
        for (annotation_id, uuid, deleted, page_index, paragraphs, label, document_id, title, reference, publisher,
             country, published, sha256, added_at) in connection.execute(_ends_query().where(part)):
            located = tuple(json.loads(paragraphs)) if paragraphs and paragraphs != "[]" else ()
            citation = citations.cite(document_id, (reference, title, publisher, published, country, sha256,
                                                    (added_at or "")[:10]), label or str(page_index + 1), located)
            others[annotation_id] = (uuid, citation, deleted is not None)
    out: dict[int, list[LinkCell]] = {}
    for link_uuid, kind, note, source_id, target_id in links:
        for this, other, outgoing in ((source_id, target_id, True), (target_id, source_id, False)):
            if (wanted is None or this in wanted) and other in others:
                other_uuid, citation, in_trash = others[other]
                out.setdefault(this, []).append(LinkCell(link_uuid, kind, note or "", outgoing, other_uuid, citation,
                                                         in_trash))
    return {annotation_id: tuple(cells) for annotation_id, cells in out.items()}


def few_links(connection: Connection) -> bool:
    """Whether the library's links are few enough to read all at once for an export (two queries,
    no list of ids to send), rather than batch by batch."""
    return (connection.execute(select(func.count()).select_from(AnnotationLink)).scalar() or 0) <= LINKS_AT_ONCE


def _ends_query() -> Select:
    return (
        select(Annotation.id, Annotation.uuid, Annotation.deleted_at, Annotation.page_index,
               cast(Annotation.paragraphs, Text), PageText.label, Document.id, Document.title, Document.reference,
               Document.publisher, Document.country, Document.published, Document.sha256,
               cast(Document.added_at, Text))
        .join(Document, Document.id == Annotation.document_id)
        .outerjoin(PageText, (PageText.document_id == Annotation.document_id)
                   & (PageText.page_index == Annotation.page_index))
    )


def _row(r, tags: Sequence[TagCell], citations: Citations,  # noqa: ANN001 - a result row
         links: tuple[LinkCell, ...] = ()) -> ExportRow:
    (annotation_id, uuid, kind, color, quote, prefix, suffix, note, start, end, page_index, paragraphs, targets,
     author, created_at, updated_at, document_id, title, reference, document_kind, publisher, country, published,
     sha256, added_at, file_name, source_url, label) = r
    page_label = label or str(page_index + 1)
    paragraphs = tuple(json.loads(paragraphs)) if paragraphs and paragraphs != "[]" else ()
    added = _when(added_at)
    citation = citations.cite(document_id, (reference, title, publisher, published, country, sha256, added_at[:10]),
                              page_label, paragraphs)
    if citations.recognised and (document_id, page_index) in citations.recognised:
        citation += RECOGNISED_NOTE
    # Positional, in the order of ExportRow's fields: quicker than naming them, 100,000 times.
    return ExportRow(
        uuid, kind, color, quote, prefix, suffix, note, start, end, page_index, page_label, paragraphs,
        targets or "[]", author, _when(created_at), _when(updated_at),
        tuple(sorted(tags, key=lambda tag: (tag.kind, tag.label))) if len(tags) > 1 else tuple(tags),
        citation, document_id, title, reference, document_kind, publisher, country, published, sha256, added,
        file_name, source_url, links,
    )


def _when(stored: str | None) -> datetime:
    # Stored as "2025-01-01 00:00:00.000000", the way SQLAlchemy writes dates to SQLite.
    return datetime.fromisoformat(stored) if stored else datetime.min
