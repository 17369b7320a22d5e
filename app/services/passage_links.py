"""Links made between passages the app finds by itself (a government's reply and the recommendation it
answers; a recommendation and the earlier one it repeats), making each end's passage where there is none.

An end is a span of a document's text (a reply) or a recommendation, whose passage is made over its
words the first time it is linked and is its annotation from then on. :func:`link` makes all the
links asked for in one transaction and says what it made, so that :func:`withdraw` takes back exactly
that and a redo (``names``) makes the same passages and links again under the same uuids.
"""

from __future__ import annotations

import uuid as uuids
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import pymupdf
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import LibraryError, NotFound
from app.library import Library
from app.pdf.page_source import LayeredWords, PyMuPDFPages
from app.services.annotations import draft_from_selection, insert_annotation
from app.services.links import add_link
from app.services.recognition import recognised_words
from app.store.models import (
    Annotation,
    AnnotationLink,
    AnnotationTag,
    Document,
    PageText,
    Recommendation,
    RecommendationEvidence,
)
from app.text.anchoring import pages_for_span, selection_for_span
from app.text.selection import PageWords

MADE_COLOR = "green"  # passages the app made stand apart from the yellow of the user's highlights


@dataclass(frozen=True)
class Span:
    """A stretch of a document's text, as its offsets in the whole text."""

    document_id: int
    start: int
    end: int


@dataclass(frozen=True)
class RecommendationEnd:
    """A recommendation, at its passage."""

    recommendation_id: int


End = Span | RecommendationEnd


@dataclass(frozen=True)
class Wanted:
    """One link to make, from ``source`` to ``target``."""

    source: End
    target: End
    kind: str
    note: str = ""


@dataclass(frozen=True)
class Linked:
    """What :func:`link` made: enough to take it back (:func:`withdraw`) and to make it again the same."""

    links: tuple[str, ...]
    made: tuple[str, ...]  # the passages made for the ends
    names: tuple[tuple[str, str], ...]  # what each passage and link made was called, for a redo
    annotations: dict[int, frozenset[str]] = field(default_factory=dict)  # document id -> uuids touched


NOTHING = Linked((), (), ())


def link(library: Library, wanted: Sequence[Wanted], names: Iterable[tuple[str, str]] = ()) -> Linked:
    """Make each link asked for, and the passages its ends lack; a link there is already is left as it is.
    ``names``: those an earlier :class:`Linked` gave, when a redo makes the same again."""
    if not wanted:
        return NOTHING
    if not library.may("annotator"):
        raise LibraryError(f"Your role in this team library ({library.role}) may not link passages; it takes an "
                           "annotator's role or higher. Nothing was changed.")
    given = dict(names)
    with library.reading() as session:
        plans = _plans(session, wanted)
    words = _words(library, plans)
    made: list[str] = []
    links: list[str] = []
    used: dict[str, str] = {}
    touched: dict[int, set[str]] = {}
    with library.writing() as session:
        # Read once for all the ends, not once each: Accept all may link hundreds.
        passages = {(a.document_id, a.start_offset, a.end_offset): a for a in session.scalars(
            select(Annotation).where(Annotation.document_id.in_(plans.starts), Annotation.deleted_at.is_(None))
            .order_by(Annotation.id.desc()))}
        ids = [a.id for a in passages.values()]
        linked: set[tuple[int, int, str]] = {
            (source, target, kind) for source, target, kind in session.execute(
                select(AnnotationLink.source_id, AnnotationLink.target_id, AnnotationLink.kind)
                .where(AnnotationLink.source_id.in_(ids)))}
        ends = _Ends(session, library, plans, words, passages, given, used, made)
        for one in wanted:
            source, target = ends.passage(one.source), ends.passage(one.target)
            key = f"link:{source.uuid}:{target.uuid}:{one.kind}"
            if (source.id, target.id, one.kind) not in linked:
                edit = add_link(session, source.uuid, target.uuid, one.kind, one.note, link_uuid=given.get(key))
                linked.add((source.id, target.id, one.kind))
                used[key] = edit.link.uuid
                links.append(edit.link.uuid)
            for end in (source, target):
                touched.setdefault(end.document_id, set()).add(end.uuid)
    return Linked(tuple(links), tuple(made), tuple(used.items()),
                  {document: frozenset(uuids_) for document, uuids_ in touched.items()})


def withdraw(library: Library, linked: Linked) -> None:
    """Take back what :func:`link` made: its links, and the passages it made that nothing holds now (a
    passage someone has since given a note, a tag, another link or made evidence stays)."""
    with library.writing() as session:
        for row in session.scalars(select(AnnotationLink).where(AnnotationLink.uuid.in_(linked.links))):
            session.delete(row)
        session.flush()
        for annotation in session.scalars(select(Annotation).where(Annotation.uuid.in_(linked.made))):
            held = session.scalar(select(AnnotationLink.id).where(
                (AnnotationLink.source_id == annotation.id) | (AnnotationLink.target_id == annotation.id)).limit(1))
            tagged = session.scalar(select(AnnotationTag.tag_id).where(AnnotationTag.annotation_id == annotation.id)
                                    .limit(1))
            evidence = session.scalar(select(RecommendationEvidence.recommendation_id).where(
                RecommendationEvidence.annotation_id == annotation.id).limit(1))
            if held is None and tagged is None and evidence is None and not annotation.note:
                session.delete(annotation)  # its recommendation's pointer to it goes with it (SET NULL)


# --- where the ends lie ------------------------------------------------------------------------


@dataclass
class _Plans:
    recommendations: dict[int, Span]  # by recommendation id: the span of its text
    spans: list[Span]  # every span a passage may be made over
    starts: dict[int, list[int]]  # by document: where each page's text starts
    files: dict[int, str]


def _plans(session: Session, wanted: Sequence[Wanted]) -> _Plans:
    plans = _Plans({}, [], {}, {})
    for end in {end for one in wanted for end in (one.source, one.target)}:
        if isinstance(end, Span):
            _starts(session, plans, end.document_id)
            plans.spans.append(end)
            continue
        row = session.get(Recommendation, end.recommendation_id)
        if row is None:
            raise NotFound("A recommendation to link is no longer in the library (its report was found again or "
                           "removed); show the list again. Nothing was changed.")
        if row.start_offset is None or row.end_offset is None:
            continue  # found before spans were kept: only a passage it has already can be linked
        base = _starts(session, plans, row.document_id)[row.page_index]
        span = Span(row.document_id, base + row.start_offset, base + row.end_offset)
        plans.recommendations[row.id] = span
        plans.spans.append(span)
    for document_id in plans.starts:
        document = session.get(Document, document_id)
        assert document is not None
        plans.files[document_id] = document.file_name
    return plans


def _starts(session: Session, plans: _Plans, document_id: int) -> list[int]:
    if document_id not in plans.starts:
        plans.starts[document_id] = list(session.scalars(select(PageText.start_offset).where(
            PageText.document_id == document_id).order_by(PageText.page_index)))
    return plans.starts[document_id]


def _words(library: Library, plans: _Plans) -> dict[int, dict[int, PageWords]]:
    """The words of the pages the passages lie on, by document: the PDF's, or those recognised on a scan."""
    wanted: dict[int, set[int]] = {}
    for span in plans.spans:
        wanted.setdefault(span.document_id, set()).update(pages_for_span(plans.starts[span.document_id],
                                                                         span.start, span.end))
    words: dict[int, dict[int, PageWords]] = {}
    for document_id, pages in wanted.items():
        try:
            with pymupdf.open(library.file_path(plans.files[document_id])) as pdf:
                source = LayeredWords(PyMuPDFPages(pymupdf, pdf), recognised_words(library, document_id))
                words[document_id] = {page: source.words(page) for page in sorted(pages)}
        except Exception as error:
            raise LibraryError(f"The library's copy of a document to link cannot be read ({error}); "
                               "nothing was changed.") from error
    return words


# --- making the passages -----------------------------------------------------------------------


@dataclass
class _Ends:
    session: Session
    library: Library
    plans: _Plans
    words: dict[int, dict[int, PageWords]]
    passages: dict[tuple[int, int | None, int | None], Annotation]  # the live ones, by where they lie
    given: dict[str, str]
    used: dict[str, str]
    made: list[str]

    def passage(self, end: End) -> Annotation:
        if isinstance(end, Span):
            return self._over(end)
        row = self.session.get(Recommendation, end.recommendation_id)
        if row is None:  # found again since it was read
            raise NotFound("A recommendation to link is no longer in the library (its report was found again or "
                           "removed); show the list again. Nothing was changed.")
        current = self.session.get(Annotation, row.annotation_id) if row.annotation_id is not None else None
        if current is not None and current.deleted_at is None:
            return current
        if not self.library.may("editor"):
            raise LibraryError("Linking a recommendation nobody has linked yet takes an editor's role in this "
                               "team library. Nothing was changed.")
        span = self.plans.recommendations.get(row.id)
        if span is None:
            raise LibraryError("A recommendation to link was found before the app kept where its words lie; find "
                               "its document's recommendations again first. Nothing was changed.")
        current = self._over(span)
        row.annotation_id = current.id
        return current

    def _over(self, span: Span) -> Annotation:
        """The live annotation over exactly this span, made where there is none."""
        existing = self.passages.get((span.document_id, span.start, span.end))
        if existing is not None:
            return existing
        starts = self.plans.starts[span.document_id]
        pages = {page: self.words[span.document_id][page] for page in pages_for_span(starts, span.start, span.end)}
        selection = selection_for_span(span.document_id, pages, starts, span.start, span.end)
        if selection is None:
            raise LibraryError("A passage to link is not among the words drawn on its page (the document's text "
                               "and its pages disagree); nothing was changed.")
        key = f"passage:{span.document_id}:{span.start}:{span.end}"
        # At the span itself, not at its words' ends: the span is what finds the passage again.
        draft = replace(draft_from_selection(selection, color=MADE_COLOR), start_offset=span.start,
                        end_offset=span.end, uuid=self.given.get(key) or str(uuids.uuid4()))
        annotation = insert_annotation(self.session, draft)
        self.passages[(span.document_id, span.start, span.end)] = annotation
        self.used[key] = annotation.uuid
        self.made.append(annotation.uuid)
        return annotation
