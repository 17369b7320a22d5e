"""Links between passages: "this response answers that recommendation", in one document or across two.

A link joins two annotations and reads "source <kind> target". Moving one end to the trash keeps
the link's row, so restoring the annotation brings its links back; emptying the trash removes
them with it (the foreign keys cascade). Every edit returns the annotations at both
ends, so each window showing either end refreshes its marks and panel.
"""

from __future__ import annotations

import uuid as uuids
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from app.errors import LibraryError, NotFound
from app.library import Library
from app.services.citing import passage_parts
from app.store.models import LINK_KINDS, Annotation, AnnotationLink, Document, PageText
from app.text.addresses import annotation_address
from app.text.citations import DEFAULT_TEMPLATE, cite

# Longest kind a user may type: the column's width.
KIND_LENGTH = 64


@dataclass(frozen=True)
class Link:
    """A link as stored: enough to make it again when an undo brings it back."""

    uuid: str
    source_uuid: str
    target_uuid: str
    kind: str
    note: str


@dataclass(frozen=True)
class LinkEdit:
    link: Link  # after a create or an edit; as it was, after a delete
    ends: dict[int, frozenset[str]]  # document id -> the uuids of the link's ends there, for the views to refresh


@dataclass(frozen=True)
class LinkEnd:
    """The other end of a link, as the panel shows it and a click opens it."""

    annotation_uuid: str
    document_id: int
    document_title: str
    page_index: int
    quote: str
    citation: str
    address: str
    in_trash: bool
    file_missing: bool  # the document's PDF is nowhere to be had (the folder, a team library's server)


@dataclass(frozen=True)
class LinkView:
    link: Link
    outgoing: bool  # the annotation asked about is the link's source
    other: LinkEnd

    @property
    def reading(self) -> str:
        """The link read from the annotation asked about: "responds to …" or "… responds to this"."""
        if self.outgoing:
            return f"{self.link.kind} {self.other.citation}"
        return f"{self.other.citation} {self.link.kind} this"

    @property
    def warning(self) -> str:
        """What stands in the way of opening the other end, in a sentence; empty when nothing does."""
        if self.other.in_trash:
            return "The linked passage is in the trash; restore it to open it."
        if self.other.file_missing:
            return "The linked passage's document file is missing from the library."
        return ""


class LinkExists(LibraryError):
    """The two passages are already linked with that kind."""


def create_link(library: Library, source_uuid: str, target_uuid: str, kind: str, note: str = "",
                link_uuid: str | None = None) -> LinkEdit:
    """Link two annotations; ``link_uuid`` is given when a redo makes the same link again."""
    with library.writing() as session:
        return add_link(session, source_uuid, target_uuid, kind, note, link_uuid)


def add_link(session: Session, source_uuid: str, target_uuid: str, kind: str, note: str = "",
             link_uuid: str | None = None) -> LinkEdit:
    """:func:`create_link` inside a transaction the caller holds: an import writes its passages and their
    links in one. Refused (nothing added) as create_link refuses it."""
    kind = _checked_kind(kind)
    if source_uuid == target_uuid:
        raise LibraryError("A passage cannot be linked to itself.")
    source, target = _live(session, source_uuid), _live(session, target_uuid)
    if _existing(session, source.id, target.id, kind) is not None:
        raise LinkExists(f"These two passages are already linked as \u201c{kind}\u201d.")
    row = AnnotationLink(uuid=link_uuid or str(uuids.uuid4()), source_id=source.id, target_id=target.id,
                         kind=kind, note=note)
    session.add(row)
    session.flush()
    return LinkEdit(_link(row, source, target), _ends(source, target))


def edit_link(library: Library, link_uuid: str, *, kind: str | None = None, note: str | None = None) -> LinkEdit:
    with library.writing() as session:
        row, source, target = _get(session, link_uuid)
        if kind is not None:
            kind = _checked_kind(kind)
            other = _existing(session, source.id, target.id, kind)
            if other is not None and other.id != row.id:
                raise LinkExists(f"These two passages are already linked as \u201c{kind}\u201d.")
            row.kind = kind
        if note is not None:
            row.note = note
        session.flush()
        return LinkEdit(_link(row, source, target), _ends(source, target))


def delete_link(library: Library, link_uuid: str) -> LinkEdit:
    with library.writing() as session:
        row, source, target = _get(session, link_uuid)
        gone = _link(row, source, target)
        session.delete(row)
        return LinkEdit(gone, _ends(source, target))


def links_of(library: Library, annotation_uuid: str) -> list[LinkView]:
    """The annotation's links both ways, oldest first; a cycle shows as the plain links it is made of."""
    with library.reading() as session:
        this = session.scalar(select(Annotation).where(Annotation.uuid == annotation_uuid))
        if this is None:
            raise NotFound("This annotation is no longer in the library.")
        rows = session.scalars(
            select(AnnotationLink)
            .where(or_(AnnotationLink.source_id == this.id, AnnotationLink.target_id == this.id))
            .order_by(AnnotationLink.created_at, AnnotationLink.id)
        ).all()
        views = []
        for row in rows:
            outgoing = row.source_id == this.id
            other = session.get(Annotation, row.target_id if outgoing else row.source_id)
            assert other is not None  # the foreign key holds it
            source, target = (this, other) if outgoing else (other, this)
            views.append(LinkView(_link(row, source, target), outgoing, _end(library, session, other)))
        return views


def linked_uuids(library: Library, document_id: int) -> set[str]:
    """The document's live annotations with at least one link: those the page marks."""
    with library.reading() as session:
        linked = select(AnnotationLink.source_id).union(select(AnnotationLink.target_id)).subquery()
        return set(session.scalars(
            select(Annotation.uuid).where(
                Annotation.document_id == document_id, Annotation.deleted_at.is_(None),
                Annotation.id.in_(select(linked.c[0])),
            )
        ))


def link_kinds(library: Library) -> list[str]:
    """The kinds to offer: the built-in ones, then those users typed, alphabetically."""
    with library.reading() as session:
        used = set(session.scalars(select(AnnotationLink.kind).distinct()))
    return [*LINK_KINDS, *sorted(used - set(LINK_KINDS))]


# --- inside -------------------------------------------------------------------------


def _checked_kind(kind: str) -> str:
    kind = " ".join(kind.split())
    if not kind:
        raise LibraryError("A link needs a kind, such as \u201cresponds to\u201d.")
    if len(kind) > KIND_LENGTH:
        raise LibraryError(f"A link's kind can be at most {KIND_LENGTH} characters long.")
    return kind


def _live(session: Session, annotation_uuid: str) -> Annotation:
    annotation = session.scalar(select(Annotation).where(Annotation.uuid == annotation_uuid))
    if annotation is None:
        raise NotFound("One of the passages to link is no longer in the library.")
    if annotation.deleted_at is not None:
        raise LibraryError("One of the passages to link is in the trash; restore it first.")
    return annotation


def _existing(session: Session, source_id: int, target_id: int, kind: str) -> AnnotationLink | None:
    return session.scalar(select(AnnotationLink).where(
        AnnotationLink.source_id == source_id, AnnotationLink.target_id == target_id, AnnotationLink.kind == kind,
    ))


def _get(session: Session, link_uuid: str) -> tuple[AnnotationLink, Annotation, Annotation]:
    source, target = aliased(Annotation), aliased(Annotation)
    found = session.execute(
        select(AnnotationLink, source, target)
        .join(source, source.id == AnnotationLink.source_id)
        .join(target, target.id == AnnotationLink.target_id)
        .where(AnnotationLink.uuid == link_uuid)
    ).first()
    if found is None:
        raise NotFound("This link is no longer in the library.")
    return found[0], found[1], found[2]


def _link(row: AnnotationLink, source: Annotation, target: Annotation) -> Link:
    return Link(row.uuid, source.uuid, target.uuid, row.kind, row.note or "")


def _ends(*ends: Annotation) -> dict[int, frozenset[str]]:
    by_document: dict[int, set[str]] = {}
    for end in ends:
        by_document.setdefault(end.document_id, set()).add(end.uuid)
    return {d: frozenset(u) for d, u in by_document.items()}


def _end(library: Library, session: Session, annotation: Annotation) -> LinkEnd:
    document = session.get(Document, annotation.document_id)
    assert document is not None  # annotations hold their document (RESTRICT)
    label = session.scalar(select(PageText.label).where(
        PageText.document_id == document.id, PageText.page_index == annotation.page_index,
    ))
    citation = cite(passage_parts(document, annotation.paragraphs, annotation.page_index, label), DEFAULT_TEMPLATE)
    return LinkEnd(
        annotation.uuid, document.id, document.title, annotation.page_index, annotation.quote or "", citation,
        annotation_address(annotation.uuid), annotation.deleted_at is not None,
        not library.has_file(document.file_name),
    )
