"""A recommendation's follow-up: its status, a note, and the passages that evidence it.

Every edit returns the recommendation's follow-up as it is after it (:class:`FollowUp`), so an
undo can put back exactly what was there. On a team library the server's grants (revision 0018)
let an editor change a recommendation's status and note and an annotator add evidence; a member
without the role is told so before anything is tried.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Select, delete, select
from sqlalchemy.orm import Session, aliased

from app.errors import LibraryError, NotFound
from app.library import Library
from app.services.citing import passage_parts
from app.store.models import (
    RECOMMENDATION_STATUSES,
    Annotation,
    AnnotationLink,
    Document,
    PageText,
    Recommendation,
    RecommendationEvidence,
)
from app.text.citations import DEFAULT_TEMPLATE, cite

# One keystroke each in the Recommendations view: the digit of its place in the list.
STATUS_KEYS = {str(place): status for place, status in enumerate(RECOMMENDATION_STATUSES)}

RESPONDS_TO = "responds to"  # the link from a response's passage to the recommendation it answers

# Who may do what on a team library (revision 0018's grants).
_STATUS_ROLE, _EVIDENCE_ROLE = "editor", "annotator"


@dataclass(frozen=True)
class Evidence:
    """A passage that evidences a follow-up (or responds to a recommendation), as the view lists it and
    the matrix cites it."""

    annotation_uuid: str
    document_id: int
    page_index: int
    quote: str
    citation: str


@dataclass(frozen=True)
class FollowUp:
    recommendation_id: int
    document_id: int
    status: str
    note: str
    evidence: tuple[Evidence, ...]


def follow_up_of(library: Library, recommendation_id: int) -> FollowUp:
    with library.reading() as session:
        return _follow_up(session, _get(session, recommendation_id))


def set_status(library: Library, recommendation_id: int, status: str) -> FollowUp:
    if status not in RECOMMENDATION_STATUSES:
        raise LibraryError(f"\u201c{status}\u201d is not a follow-up status; it is one of: "
                           + ", ".join(RECOMMENDATION_STATUSES) + ".")
    _needs(library, _STATUS_ROLE, "change a recommendation's status")
    with library.writing() as session:
        row = _get(session, recommendation_id, lock=True)
        row.status = status
        session.flush()
        return _follow_up(session, row)


def set_note(library: Library, recommendation_id: int, note: str) -> FollowUp:
    _needs(library, _STATUS_ROLE, "change a recommendation's note")
    with library.writing() as session:
        row = _get(session, recommendation_id, lock=True)
        row.status_note = note.strip()
        session.flush()
        return _follow_up(session, row)


def add_evidence(library: Library, recommendation_id: int, annotation_uuid: str) -> FollowUp:
    """The passage evidences the follow-up; adding one already there changes nothing."""
    _needs(library, _EVIDENCE_ROLE, "add evidence to a recommendation")
    with library.writing() as session:
        row = _get(session, recommendation_id)
        annotation = session.scalar(select(Annotation).where(Annotation.uuid == annotation_uuid))
        if annotation is None:
            raise NotFound("The passage chosen as evidence is no longer in the library.")
        if annotation.deleted_at is not None:
            raise LibraryError("The passage chosen as evidence is in the trash; restore it first.")
        if session.get(RecommendationEvidence, (row.id, annotation.id)) is None:
            session.add(RecommendationEvidence(recommendation_id=row.id, annotation_id=annotation.id))
            session.flush()
        return _follow_up(session, row)


def remove_evidence(library: Library, recommendation_id: int, annotation_uuid: str) -> FollowUp:
    _needs(library, _EVIDENCE_ROLE, "remove evidence from a recommendation")
    with library.writing() as session:
        row = _get(session, recommendation_id)
        annotation_id = session.scalar(select(Annotation.id).where(Annotation.uuid == annotation_uuid))
        if annotation_id is not None:
            session.execute(delete(RecommendationEvidence).where(
                RecommendationEvidence.recommendation_id == row.id,
                RecommendationEvidence.annotation_id == annotation_id))
        return _follow_up(session, row)


def evidence_of(library: Library, recommendation_ids: Iterable[int]) -> dict[int, tuple[Evidence, ...]]:
    """The evidence of each recommendation asked about that has any, in one reading."""
    wanted = list(recommendation_ids)
    with library.reading() as session:
        return _evidence(session, wanted)


def responses_of(library: Library, recommendation_ids: Iterable[int]) -> dict[int, tuple[Evidence, ...]]:
    """The passages linked to each recommendation's passage as responding to it (a government's answer)."""
    wanted = list(recommendation_ids)
    if not wanted:
        return {}
    response = aliased(Annotation)
    with library.reading() as session:
        return _cited(session, select(Recommendation.id, response.id)
                      .join(AnnotationLink, AnnotationLink.target_id == Recommendation.annotation_id)
                      .join(response, response.id == AnnotationLink.source_id)
                      .where(Recommendation.id.in_(wanted), AnnotationLink.kind == RESPONDS_TO,
                             response.deleted_at.is_(None)))


def _evidence(session: Session, recommendation_ids: list[int]) -> dict[int, tuple[Evidence, ...]]:
    if not recommendation_ids:
        return {}
    return _cited(session, select(RecommendationEvidence.recommendation_id, RecommendationEvidence.annotation_id)
                  .where(RecommendationEvidence.recommendation_id.in_(recommendation_ids)))


def _cited(session: Session, pairs: Select[int, int]) -> dict[int, tuple[Evidence, ...]]:
    """Each (recommendation id, annotation id) of ``pairs`` as the passage cited, in the order of its text."""
    chosen = pairs.subquery()
    key, passage = chosen.c[0], chosen.c[1]
    rows = session.execute(
        select(key, Annotation, Document, PageText.label)
        .join(Annotation, Annotation.id == passage)
        .join(Document, Document.id == Annotation.document_id)
        .outerjoin(PageText, (PageText.document_id == Annotation.document_id)
                   & (PageText.page_index == Annotation.page_index))
        .order_by(key, Document.id, Annotation.page_index, Annotation.start_offset, Annotation.id))
    found: dict[int, list[Evidence]] = {}
    for recommendation_id, annotation, document, label in rows:
        citation = cite(passage_parts(document, annotation.paragraphs, annotation.page_index, label),
                        DEFAULT_TEMPLATE)
        found.setdefault(recommendation_id, []).append(
            Evidence(annotation.uuid, document.id, annotation.page_index, annotation.quote or "", citation))
    return {recommendation_id: tuple(passages) for recommendation_id, passages in found.items()}


def _follow_up(session: Session, row: Recommendation) -> FollowUp:
    return FollowUp(row.id, row.document_id, row.status, row.status_note or "",
                    _evidence(session, [row.id]).get(row.id, ()))


def _get(session: Session, recommendation_id: int, *, lock: bool = False) -> Recommendation:
    query = select(Recommendation).where(Recommendation.id == recommendation_id)
    row = session.scalar(query.with_for_update() if lock else query)
    if row is None:
        raise NotFound("This recommendation is no longer in the library (its document was found again or removed).")
    return row


def _needs(library: Library, role: str, doing: str) -> None:
    if not library.may(role):
        raise LibraryError(f"Your role in this team library ({library.role or 'none'}) may not {doing}; "
                           f"it takes an {role}'s role or higher, which an admin can give. Nothing was changed.")
