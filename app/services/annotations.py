"""Annotations: create, edit, tag, recolour, trash and restore passages.

Every function is one committed transaction and returns the annotation as it now stands,
so the window can refresh just that row and an undo command can put it back.
"""

from __future__ import annotations

import uuid as uuids
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import ModuleType
from typing import Any

from sqlalchemy import Connection, delete, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from app.errors import LibraryError, NotFound, NotYours
from app.library import Library
from app.services.structure import paragraph_numbers
from app.store import fulltext
from app.store.models import PAGE_SEPARATOR, Annotation, Document, PageText, Tag, utcnow
from app.store.row_records import collection_paused, record_maker
from app.text.selection import TextSelection

# Named colours, in the order of their digit shortcuts (1-8).
PALETTE = {
    "yellow": "#ffd54f",
    "green": "#81c784",
    "blue": "#64b5f6",
    "pink": "#f48fb1",
    "orange": "#ffb74d",
    "purple": "#b39ddb",
    "red": "#e57373",
    "grey": "#b0bec5",
}
DEFAULT_COLOR = "yellow"
KINDS = ("highlight", "underline", "note", "area")
# How much text around a quote is kept to find it again in a changed document.
CONTEXT = 32

Quad = tuple[float, ...]


@dataclass(frozen=True)
class Target:
    """Where an annotation is drawn on one page: quads over text, or one rectangle on a scan."""

    page_index: int
    quads: tuple[Quad, ...]


@dataclass(frozen=True)
class TagRef:
    id: int
    slug: str
    kind: str
    label: str
    code: str | None
    color: str | None


@dataclass(frozen=True)
class AnnotationInfo:
    id: int
    uuid: str
    document_id: int
    kind: str
    color: str
    note: str
    page_index: int
    targets: tuple[Target, ...]
    quote: str
    prefix: str
    suffix: str
    start_offset: int | None
    end_offset: int | None
    paragraphs: tuple[str, ...]
    anchor_status: str
    origin: str
    author: str | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    created_by: str | None  # the member who made it (empty: not known)
    updated_by: str | None  # the member who last changed it
    version: int  # one more at every change, by anyone
    tags: tuple[TagRef, ...]


class EditConflict(LibraryError):
    """The annotation changed since the view an edit was made from: saving would overwrite
    another member's later change unasked. ``theirs`` is the annotation as it is now."""

    def __init__(self, theirs: AnnotationInfo, undoing: bool = False) -> None:
        who = theirs.updated_by or "someone else"
        when = theirs.updated_at.astimezone().strftime("%d %b %Y, %H:%M")
        if undoing:
            message = (f"Not undone: {who} changed this passage at {when}, after your edit; undoing would "
                       "throw their change away. It was left as they made it.")
        else:
            message = f"{who} changed this passage at {when}, after you last saw it; your change was not saved yet."
        super().__init__(message)
        self.theirs = theirs
        self.undoing = undoing


@dataclass(frozen=True)
class AnnotationDraft:
    """What a new annotation is made of; ``uuid`` is set when a redo makes it again."""

    document_id: int
    targets: tuple[Target, ...]
    quote: str = ""
    start_offset: int | None = None
    end_offset: int | None = None
    kind: str = "highlight"
    color: str = DEFAULT_COLOR
    note: str = ""
    tag_ids: tuple[int, ...] = ()
    origin: str = "user"
    author: str | None = None
    created_at: datetime | None = None
    uuid: str | None = None


def draft_from_selection(
    selection: TextSelection, *, kind: str = "highlight", color: str = DEFAULT_COLOR, note: str = "",
    tag_ids: Sequence[int] = (),
) -> AnnotationDraft:
    """An annotation over a text selection: one target per page, so a passage across pages is one."""
    return AnnotationDraft(
        document_id=selection.document_id,
        targets=tuple(Target(page.page_index, tuple(page.quads)) for page in selection.pages if page.quads),
        quote=selection.text,
        start_offset=selection.start_offset,
        end_offset=selection.end_offset,
        kind=kind,
        color=color,
        note=note,
        tag_ids=tuple(tag_ids),
    )


def create_annotation(library: Library, draft: AnnotationDraft) -> AnnotationInfo:
    _check(draft)
    with library.writing() as session:
        return annotation_info(insert_annotation(session, draft))


def insert_annotation(session: Session, draft: AnnotationDraft) -> Annotation:
    """:func:`create_annotation` inside a transaction the caller holds (import uses it).

    Written in one INSERT (its tags' links with it) that returns what the server sets, members'
    names, so on a team library, where each query is a round trip, it is not read again.
    """
    _check(draft)
    prefix = suffix = ""
    paragraphs: list[str] = []
    if draft.start_offset is not None and draft.end_offset is not None:
        # Its text is the document's pages: found, they show the document is in the library.
        prefix, suffix = _context(session, draft.document_id, draft.start_offset, draft.end_offset)
        paragraphs = paragraph_numbers(session, draft.document_id, draft.start_offset, draft.end_offset)
    else:
        _require_document(session, draft.document_id)
    tags = [_tag(session, tag_id) for tag_id in dict.fromkeys(draft.tag_ids)]
    now = utcnow()
    annotation = Annotation(
        uuid=draft.uuid or str(uuids.uuid4()),
        document_id=draft.document_id,
        kind=draft.kind,
        color=draft.color,
        note=draft.note,
        page_index=min(target.page_index for target in draft.targets),
        targets=[{"page": t.page_index, "quads": [list(q) for q in t.quads]} for t in draft.targets],
        quote=draft.quote,
        prefix=prefix,
        suffix=suffix,
        start_offset=draft.start_offset,
        end_offset=draft.end_offset,
        paragraphs=paragraphs,
        origin=draft.origin,
        author=draft.author,
        created_at=draft.created_at or now,
        updated_at=now,
        tags=tags,
    )
    session.add(annotation)
    _written(session, annotation)
    return annotation


def set_note(library: Library, annotation_uuid: str, note: str, *, expected_version: int | None = None,
             undoing: bool = False) -> AnnotationInfo:
    """Give the annotation this note; with ``expected_version`` (the version the edit was made
    from) only if nobody changed it since, else :class:`EditConflict`."""
    with library.writing() as session:
        annotation = _get_current(session, annotation_uuid, expected_version, undoing)
        annotation.note = note
        annotation.updated_at = utcnow()
        return _flushed(session, annotation)


def set_color(library: Library, annotation_uuid: str, color: str, *, expected_version: int | None = None,
              undoing: bool = False) -> AnnotationInfo:
    _check_color(color)
    with library.writing() as session:
        annotation = _get_current(session, annotation_uuid, expected_version, undoing)
        annotation.color = color
        annotation.updated_at = utcnow()
        return _flushed(session, annotation)


def set_tags(library: Library, annotation_uuid: str, tag_ids: Iterable[int], *, expected_version: int | None = None,
             undoing: bool = False) -> AnnotationInfo:
    """Make the annotation's tags exactly ``tag_ids`` (undo passes back the old set)."""
    wanted = list(dict.fromkeys(tag_ids))
    with library.writing() as session:
        annotation = _get_current(session, annotation_uuid, expected_version, undoing)
        # The links the annotation has and has not are the ORM's to add and remove, its list kept with them.
        annotation.tags = [_tag(session, tag_id) for tag_id in wanted]
        annotation.updated_at = utcnow()
        return _flushed(session, annotation)


def set_anchor(library: Library, annotation_uuid: str, draft: AnnotationDraft, status: str = "anchored") -> AnnotationInfo:
    """Give an annotation a new place (an orphan placed by hand), keeping its note and tags.

    ``draft`` carries the new targets, quote and offsets; undo passes back the old ones,
    which for an orphan are no targets at all.
    """
    if draft.targets or status != "orphan":
        _check(draft)
    with library.writing() as session:
        annotation = _get(session, annotation_uuid)
        prefix = suffix = ""
        paragraphs: list[str] = []
        if draft.start_offset is not None and draft.end_offset is not None:
            prefix, suffix = _context(session, annotation.document_id, draft.start_offset, draft.end_offset)
            paragraphs = paragraph_numbers(session, annotation.document_id, draft.start_offset, draft.end_offset)
        annotation.targets = [{"page": t.page_index, "quads": [list(q) for q in t.quads]} for t in draft.targets]
        if draft.targets:
            annotation.page_index = min(t.page_index for t in draft.targets)
        annotation.quote, annotation.prefix, annotation.suffix = draft.quote, prefix, suffix
        annotation.start_offset, annotation.end_offset = draft.start_offset, draft.end_offset
        annotation.paragraphs = paragraphs
        annotation.anchor_status = status
        annotation.updated_at = utcnow()
        return _flushed(session, annotation)


def draft_of(annotation: AnnotationInfo) -> AnnotationDraft:
    """The place an annotation has now, as a draft (to put it back on undo)."""
    return AnnotationDraft(
        document_id=annotation.document_id,
        targets=annotation.targets,
        quote=annotation.quote,
        start_offset=annotation.start_offset,
        end_offset=annotation.end_offset,
        kind=annotation.kind,
        color=annotation.color,
    )


def trash(library: Library, annotation_uuids: Iterable[str]) -> list[AnnotationInfo]:
    """Move annotations to the trash: hidden everywhere, restorable until the trash is emptied."""
    return _set_deleted(library, annotation_uuids, utcnow())


def restore(library: Library, annotation_uuids: Iterable[str]) -> list[AnnotationInfo]:
    return _set_deleted(library, annotation_uuids, None)


def empty_trash(library: Library) -> int:
    """Delete for good what is in the trash; returns how many annotations went."""
    with library.writing() as session:
        ids = list(session.scalars(select(Annotation.id).where(Annotation.deleted_at.is_not(None))))
        if ids:
            session.execute(delete(Annotation).where(Annotation.id.in_(ids)))
        return len(ids)


def discard(library: Library, annotation_uuid: str) -> None:
    """Remove an annotation outright: only for undoing its creation, which the user sees as one step."""
    with library.writing() as session:
        session.delete(_get(session, annotation_uuid))


def get_annotation(library: Library, annotation_uuid: str) -> AnnotationInfo:
    with library.reading() as session:
        return annotation_info(_get(session, annotation_uuid))


def list_annotations(library: Library, document_id: int) -> list[AnnotationInfo]:
    """A document's live annotations in reading order.

    Read as the search reads its results (``passage_records``): 5,000 annotations of one document
    took 0.4 s as ORM objects, most of it in making the objects.
    """
    with library.reading() as session, collection_paused():
        connection = session.connection()
        index = fulltext.side(connection)
        rows = index.document_passages(connection, ANNOTATION_COLUMNS, document_id)
        return [info for info, _ in passage_records(index, connection, rows)]


def passage_records(index: ModuleType, connection: Connection,
                    rows: Sequence[Sequence[Any]]) -> list[tuple[AnnotationInfo, Sequence[Any]]]:
    """Each row of the index's ``annotation_passages`` as the annotation's record, its values
    converted as the models would, with its tags (read in one more query), beside the row's
    other values (document title and reference, page label)."""
    width = len(ANNOTATION_COLUMNS)
    tag_ids = {int(tag_id) for row in rows if row[-1] for tag_id in row[-1].split(",")}
    tags = {row[0]: TagRef(*row) for row in index.tag_rows(connection, sorted(tag_ids))} if tag_ids else {}
    converters = index.result_converters(Annotation.__table__)
    convert = [(at, converters[name]) for at, name in enumerate(ANNOTATION_COLUMNS) if name in converters]
    records = []
    for row in rows:
        values = list(row[:width])
        for at, converter in convert:
            values[at] = converter(values[at])
        tag_text = row[-1]
        tagged = [tags[int(tag_id)] for tag_id in tag_text.split(",")] if tag_text else ()
        records.append((info_from_row(values, tagged), row[width:-1]))
    return records


def versions(library: Library, annotation_uuids: Iterable[str]) -> dict[str, int]:
    """The version of each of these annotations still in the library."""
    wanted = list(annotation_uuids)
    with library.reading() as session:
        return dict(session.execute(select(Annotation.uuid, Annotation.version).where(Annotation.uuid.in_(wanted))).all())


def list_trash(library: Library) -> list[AnnotationInfo]:
    with library.reading() as session:
        rows = session.scalars(
            _query().where(Annotation.deleted_at.is_not(None)).order_by(Annotation.deleted_at.desc())
        )
        return [annotation_info(row) for row in rows]


def count_annotations(library: Library, document_id: int) -> int:
    with library.reading() as session:
        return session.scalar(
            select(func.count())
            .select_from(Annotation)
            .where(Annotation.document_id == document_id, Annotation.deleted_at.is_(None))
        ) or 0


def annotation_info(row: Annotation) -> AnnotationInfo:
    tags = (TagRef(tag.id, tag.slug, tag.kind, tag.label, tag.code, tag.color) for tag in row.tags)
    return info_from_row([getattr(row, name) for name in ANNOTATION_COLUMNS], tags)


# The columns of ``annotations`` a record is read from, in the order ``info_from_row`` takes
# them: what a query reading records for many annotations selects (the search does). Named
# here, not taken from the record's fields, so the record can hold more than the table.
ANNOTATION_COLUMNS = (
    "id", "uuid", "document_id", "kind", "color", "note", "page_index", "targets", "quote", "prefix", "suffix",
    "start_offset", "end_offset", "paragraphs", "anchor_status", "origin", "author", "created_at", "updated_at",
    "deleted_at", "created_by", "updated_by", "version",
)


def info_from_row(values: list[Any], tags: Iterable[TagRef]) -> AnnotationInfo:
    """The annotation from the values of its ``ANNOTATION_COLUMNS`` as the models give them
    (lists from JSON, datetimes) and its tags; any other field of the record takes its default.
    ``values`` is the caller's to give away: it is changed in place (copying it cost a tenth of a
    list of 5,000)."""
    values[_TARGETS] = tuple(
        Target(int(target["page"]), tuple(tuple(float(v) for v in quad) for quad in target["quads"]))
        for target in values[_TARGETS]
    )
    values[_PARAGRAPHS] = tuple(values[_PARAGRAPHS])
    values.append(tuple(sorted(tags, key=lambda tag: (tag.kind, tag.label))))
    return _make_info(values)


_TARGETS, _PARAGRAPHS = ANNOTATION_COLUMNS.index("targets"), ANNOTATION_COLUMNS.index("paragraphs")
_make_info = record_maker(AnnotationInfo, (*ANNOTATION_COLUMNS, "tags"))


def document_text(session: Session, document_id: int) -> str:
    """The document's text as annotation offsets count it: its pages joined by PAGE_SEPARATOR."""
    pages = session.scalars(
        select(PageText.text).where(PageText.document_id == document_id).order_by(PageText.page_index)
    )
    return PAGE_SEPARATOR.join(pages)


# --- inside -------------------------------------------------------------------------


def _query():  # noqa: ANN202 - a Select
    return select(Annotation).options(selectinload(Annotation.tags))


def _require_document(session: Session, document_id: int) -> None:
    if session.scalar(select(Document.id).where(Document.id == document_id)) is None:
        raise NotFound(f"Document #{document_id} is not in the library.")


def _get(session: Session, annotation_uuid: str) -> Annotation:
    annotation = session.scalar(_query().where(Annotation.uuid == annotation_uuid))
    if annotation is None:
        raise NotFound("This annotation is no longer in the library.")
    return annotation


def _get_current(session: Session, annotation_uuid: str, expected_version: int | None, undoing: bool) -> Annotation:
    """The annotation, locked for this transaction (on a server), if it is still at ``expected_version``;
    read with its tags in one query (on a server, one round trip)."""
    annotation = session.execute(
        select(Annotation).options(joinedload(Annotation.tags))
        .where(Annotation.uuid == annotation_uuid).with_for_update(of=Annotation)
    ).unique().scalar_one_or_none()
    if annotation is None:
        if session.scalar(select(Annotation.id).where(Annotation.uuid == annotation_uuid)) is not None:
            raise NotYours  # a team library's server lets a member lock only what they may change
        raise NotFound("This annotation is no longer in the library.")
    if expected_version is not None and annotation.version != expected_version:
        raise EditConflict(annotation_info(annotation), undoing)
    return annotation


def _tag(session: Session, tag_id: int) -> Tag:
    tag = session.get(Tag, tag_id)
    if tag is None:
        raise NotFound(f"Tag #{tag_id} is no longer in the vocabulary.")
    return tag


def _flushed(session: Session, annotation: Annotation) -> AnnotationInfo:
    """The annotation as its UPDATE left it: the version moved on by the ORM as by the server."""
    _written(session, annotation)
    return annotation_info(annotation)


def _written(session: Session, annotation: Annotation) -> None:
    """Write the annotation now; read it back only where the store asks (``READ_BACK_WRITES``):
    a team library's server returns what it set in the write's own RETURNING."""
    session.flush()
    if session.info.get("read_back_writes"):
        session.refresh(annotation)


def _set_deleted(library: Library, annotation_uuids: Iterable[str], when: datetime | None) -> list[AnnotationInfo]:
    with library.writing() as session:
        changed = []
        for annotation_uuid in annotation_uuids:
            annotation = _get(session, annotation_uuid)
            annotation.deleted_at = when
            changed.append(annotation)
        session.flush()
        return [annotation_info(annotation) for annotation in changed]


def _context(session: Session, document_id: int, start: int, end: int) -> tuple[str, str]:
    """The text just before and after a passage, read from the pages around it only."""
    page_end = PageText.start_offset + func.length(PageText.text)
    rows = session.execute(
        select(PageText.start_offset, PageText.text)
        .where(
            PageText.document_id == document_id,
            PageText.start_offset <= end + CONTEXT,
            page_end + len(PAGE_SEPARATOR) >= start - CONTEXT,
        )
        .order_by(PageText.page_index)
    ).all()
    if not rows:
        _require_document(session, document_id)
        raise LibraryError("The passage does not lie inside the document's text; it was not saved.")
    base = rows[0].start_offset
    text = PAGE_SEPARATOR.join(row.text for row in rows)
    if not (base <= start <= end <= base + len(text)):
        raise LibraryError("The passage does not lie inside the document's text; it was not saved.")
    start, end = start - base, end - base
    return text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT]


def _check(draft: AnnotationDraft) -> None:
    if draft.kind not in KINDS:
        raise LibraryError(f"Unknown kind of annotation \u201c{draft.kind}\u201d.")
    if not draft.targets:
        raise LibraryError("An annotation needs a place on a page; nothing was selected.")
    if (draft.start_offset is None) != (draft.end_offset is None):
        raise LibraryError("A passage needs both its start and its end.")
    _check_color(draft.color)


def _check_color(color: str) -> None:
    if color not in PALETTE and not (color.startswith("#") and len(color) in (4, 7)):
        raise LibraryError(f"Unknown colour \u201c{color}\u201d; choose one of {', '.join(PALETTE)}.")
