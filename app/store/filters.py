"""The search panel's filters and the portable conditions that answer them.

Every database answers each filter with these conditions; SQLite's side answers the
plain-valued ones (tags, documents, kinds, countries, colours, notes) inside its full-text
index instead, for speed, and leaves the rest (dates, events) to these.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select
from sqlalchemy.orm import aliased

from app.store.models import Annotation, AnnotationLink, AnnotationTag, Document, Tag

Sort = Literal["relevance", "date", "document"]


@dataclass(frozen=True)
class AnnotationFilters:
    """Each filter narrows the results; empty ones are ignored."""

    tags_any: tuple[int, ...] = ()  # tagged with at least one (a treaty includes its articles)
    tags_all: tuple[int, ...] = ()  # tagged with every one (each with its descendants)
    documents: tuple[int, ...] = ()
    document_kinds: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    colors: tuple[str, ...] = ()
    published_from: str | None = None  # document dates, ISO, possibly partial ("2019")
    published_to: str | None = None
    event_from: str | None = None  # tagged to an event that falls in this range
    event_to: str | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    has_note: bool | None = None
    authors: tuple[str, ...] = ()  # made by one of these members
    # Links, either direction. An end in the trash still counts, as the panel's list of links
    # shows it (``links.links_of``): the link's row is kept until the trash is emptied.
    linked_to_documents: tuple[int, ...] = ()  # linked to a passage in one of these documents
    without_link: str | None = None  # no link of this kind ("responds to"); "" for no link at all

    @property
    def plain_valued(self) -> bool:
        """True when a filter on a plain value (tag, document, kind, country, colour, note) is set."""
        return bool(self.tags_any or self.tags_all or self.documents or self.document_kinds or self.countries
                    or self.colors or self.has_note is not None)

    @property
    def outside_index(self) -> bool:
        """True when a filter is answered from the rows, not the full-text index: dates, events,
        authors, links (neither engine's index holds them)."""
        return bool(self.published_from or self.published_to or self.created_from or self.created_to
                    or self.event_from or self.event_to or self.authors or self.linked_to_documents
                    or self.without_link is not None)


# Every filter on a plain value is also a hidden word each annotation holds in the full-text
# index (SQLite's since revisions 0007 and 0008, PostgreSQL's since 0021), so the index
# intersects the word's and the filters' lists of rows itself and ranks only the few rows that
# pass. The words are letters and digits only: a prefix letter, then the id or the value's UTF-8
# bytes in hex. An annotation holds ``t<id>`` for each of its tags and each tag's ancestors, so
# "a treaty includes its articles" is a single word.
FACET_DOCUMENT, FACET_TAG, FACET_KIND, FACET_COUNTRY, FACET_COLOR, FACET_NOTE = "d", "t", "k", "c", "o", "n"


def facet(kind: str, value: int | str) -> str:
    """The hidden word an annotation holds for one filter value, as the triggers write it."""
    if isinstance(value, int):
        return f"{kind}{value}"
    return kind + value.encode("utf-8").hex()


def facet_groups(filters: AnnotationFilters) -> tuple[list[list[str]], list[list[str]], list[list[str]]]:
    """The filters as groups of hidden words, a row holding a word of every group: the tag groups,
    the kind's and country's, and the others (documents, colours, note)."""
    tags = [group for group in ([facet(FACET_TAG, tag_id) for tag_id in filters.tags_any],
                                *([facet(FACET_TAG, tag_id)] for tag_id in filters.tags_all)) if group]
    broad = [group for group in ([facet(FACET_KIND, kind) for kind in filters.document_kinds],
                                 [facet(FACET_COUNTRY, country) for country in filters.countries]) if group]
    others = [group for group in ([facet(FACET_DOCUMENT, document_id) for document_id in filters.documents],
                                  [facet(FACET_COLOR, color) for color in filters.colors]) if group]
    if filters.has_note is not None:
        others.append([facet(FACET_NOTE, int(filters.has_note))])
    return tags, broad, others


def filtered(query: Select, filters: AnnotationFilters, *, plain_valued: bool = True) -> Select:
    """``query`` (over annotations) narrowed by ``filters``; the plain-valued ones only when
    ``plain_valued`` (a caller whose index answers them leaves them out)."""
    conditions: list[ColumnElement[bool]] = []
    if plain_valued:
        conditions += _plain_valued(filters)
    if filters.published_from or filters.published_to:
        published = select(Document.published).where(Document.id == Annotation.document_id).scalar_subquery()
        if filters.published_from:
            conditions.append(published >= filters.published_from)
        if filters.published_to:
            # "2019" as an upper bound means the whole of 2019.
            conditions.append(published <= filters.published_to + "\uffff")
    if filters.created_from:
        conditions.append(Annotation.created_at >= filters.created_from)
    if filters.created_to:
        conditions.append(Annotation.created_at <= filters.created_to)
    if filters.event_from or filters.event_to:
        conditions.append(_tagged_with_event_between(filters.event_from, filters.event_to))
    if filters.authors:
        conditions.append(Annotation.created_by.in_(filters.authors))
    if filters.linked_to_documents:
        conditions.append(_linked_to_documents(filters.linked_to_documents))
    if filters.without_link is not None:
        conditions.append(~_linked(filters.without_link))
    return query.where(*conditions) if conditions else query


def _plain_valued(filters: AnnotationFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.tags_any:
        conditions.append(_tagged_under(filters.tags_any, "tags_any"))
    conditions += [_tagged_under((tag_id,), f"tags_all_{n}") for n, tag_id in enumerate(filters.tags_all)]
    if filters.documents:
        conditions.append(Annotation.document_id.in_(filters.documents))
    if filters.document_kinds or filters.countries:
        document = [Document.id == Annotation.document_id]
        if filters.document_kinds:
            document.append(Document.kind.in_(filters.document_kinds))
        if filters.countries:
            document.append(Document.country.in_(filters.countries))
        conditions.append(exists().where(*document))
    if filters.colors:
        conditions.append(Annotation.color.in_(filters.colors))
    if filters.has_note is True:
        conditions.append(Annotation.note != "")
    elif filters.has_note is False:
        conditions.append(or_(Annotation.note == "", Annotation.note.is_(None)))
    return conditions


def _tagged_under(tag_ids: tuple[int, ...], name: str) -> ColumnElement[bool]:
    """Tagged with one of these tags or a tag anywhere under one of them (``name``: the tree's, one per filter)."""
    down = select(Tag.id).where(Tag.id.in_(tag_ids)).cte(name, recursive=True)
    down = down.union(select(Tag.id).join(down, Tag.parent_id == down.c.id))
    return exists().where(AnnotationTag.annotation_id == Annotation.id,
                          AnnotationTag.tag_id.in_(select(down.c.id)))


def _linked_to_documents(document_ids: tuple[int, ...]) -> ColumnElement[bool]:
    """Linked, either way, to a passage (live or in the trash) in one of these documents: the few
    ids at the links' ends listed once, rather than a lookup for every annotation."""
    other = aliased(Annotation, name="linked_end")
    sources = (select(AnnotationLink.source_id).join(other, other.id == AnnotationLink.target_id)
               .where(other.document_id.in_(document_ids)))
    targets = (select(AnnotationLink.target_id).join(other, other.id == AnnotationLink.source_id)
               .where(other.document_id.in_(document_ids)))
    return Annotation.id.in_(sources.union(targets))


def _linked(kind: str) -> ColumnElement[bool]:
    """Linked, either way, by a link of this kind; by any link when ``kind`` is empty. The ids at
    the links' ends are listed once (the ends are never NULL, so NOT IN is the plain negation)."""
    kind = " ".join(kind.split())  # as links store their kind
    of_kind = [AnnotationLink.kind == kind] if kind else []
    ends = select(AnnotationLink.source_id).where(*of_kind).union(select(AnnotationLink.target_id).where(*of_kind))
    return Annotation.id.in_(ends)


def _tagged_with_event_between(start: str | None, end: str | None) -> ColumnElement[bool]:
    conditions = [AnnotationTag.annotation_id == Annotation.id, Tag.id == AnnotationTag.tag_id, Tag.kind == "event"]
    if start:
        conditions.append(func.coalesce(Tag.date_end, Tag.date_start) >= start)
    if end:
        conditions.append(Tag.date_start <= end + "\uffff")
    return exists().where(and_(*conditions))


def ordered(sort: Sort, rank: ColumnElement | None) -> tuple[Any, ...]:
    """The order of a search's results; ``rank`` (lower is better) when the index ranked them.
    Without words "best match" has nothing to rank by, and the newest come first."""
    if sort == "document":
        return (Annotation.document_id, Annotation.page_index, Annotation.start_offset, Annotation.id)
    if sort == "relevance" and rank is not None:
        return (rank, Annotation.id)
    return (Annotation.created_at.desc(), Annotation.id.desc())
