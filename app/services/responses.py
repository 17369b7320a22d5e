"""A government's response aligned to the report it answers: its replies offered as "responds to" links.

:func:`align` reads which report a response says it answers (:mod:`app.text.detection.responses`),
finds that report in the library, and offers each reply that cites a report paragraph holding a
recommendation as a link from the reply's passage to the recommendation's. Nothing is written
until the user accepts (:func:`accept`): then each reply and each recommendation gets a passage
(an annotation) where it has none, and the two are linked (:mod:`app.services.passage_links`, whose
``withdraw`` undoes exactly that).

A citation that cannot become a link is listed with the reason (the report has no such paragraph,
or the paragraph holds no recommendation), and other documents claiming to answer the same report
are named: nothing is dropped without a word.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFound
from app.library import Library
from app.samples import RESPONSE_SYMBOL
from app.services.follow_up import RESPONDS_TO
from app.services.passage_links import NOTHING, Linked, RecommendationEnd, Span, Wanted, link
from app.store.models import Annotation, AnnotationLink, Document, PageText, Paragraph, Recommendation
from app.text.detection import COVER_PAGES
from app.text.detection.responses import Claim, answered_report, replies

RESPONSE = "government_response"


@dataclass(frozen=True)
class ReportChoice:
    """A report the response may answer, and what says so."""

    id: int
    reference: str | None
    title: str
    because: str  # "it cites CPT/Inf (2025) 17", "the visit of 3 to 14 March 2025"

    @property
    def name(self) -> str:
        return f"{self.reference} \u2013 {self.title}" if self.reference else self.title


@dataclass(frozen=True)
class Suggestion:
    """A reply of the response offered as responding to one of the report's recommendations."""

    response_id: int
    page_index: int  # of the reply
    page: str  # as the page is cited: its printed label, else its number
    start: int  # the reply, in the response's text
    end: int
    quote: str
    cited: str  # the report's paragraph it cites
    recommendation_id: int
    recommendation_text: str
    accepted: bool


@dataclass(frozen=True)
class Unmatched:
    """A citation of a report paragraph that cannot become a link, and why."""

    page_index: int
    page: str
    quote: str
    cited: str
    reason: str


@dataclass(frozen=True)
class Alignment:
    response_id: int
    claim: Claim | None
    report: ReportChoice | None  # the one aligned to
    reports: tuple[ReportChoice, ...] = ()  # every report it may answer, the chosen one among them
    rivals: tuple[ReportChoice, ...] = ()  # other documents that claim to answer the same report
    suggestions: tuple[Suggestion, ...] = ()
    unmatched: tuple[Unmatched, ...] = ()
    message: str = ""  # why nothing is offered, where nothing is


def align(library: Library, response_id: int, report_id: int | None = None) -> Alignment:
    """The replies of the response offered as links to the recommendations of the report it answers
    (``report_id``: the user's choice among the reports it may answer)."""
    with library.reading() as session:
        response = session.get(Document, response_id)
        if response is None:
            raise NotFound(f"Document #{response_id} is not in the library.")
        pages = _pages(session, response_id)
        claim = answered_report("\n".join(text for text, _ in pages[:COVER_PAGES]), response.reference)
        if claim is None:
            itself = ReportChoice(response.id, response.reference, response.title, "")
            answering = [rival.name for rival in _rivals(session, response_id, itself)]
            return Alignment(response_id, None, None, message=(
                "This document does not read as a government's response to a report: its first pages do not say "
                "\u201cResponse of the Government of \u2026 to the report \u2026\u201d."
                + (f" It is answered by {'; '.join(answering)}: align that response instead." if answering else "")))
        reports = _reports(session, response_id, claim)
        report = next((r for r in reports if r.id == report_id), reports[0] if reports else None)
        if report is None:
            return Alignment(response_id, claim, None, message=_absent(claim))
        suggestions, unmatched = _suggestions(session, response_id, pages, report.id)
        rivals = _rivals(session, response_id, report)
    message = "" if suggestions or unmatched else (
        f"No passage of this response cites a paragraph of {report.reference or 'the report'}.")
    return Alignment(response_id, claim, report, tuple(reports), tuple(rivals), tuple(suggestions),
                     tuple(unmatched), message)


def accept(library: Library, suggestions: Sequence[Suggestion], names: Iterable[tuple[str, str]] = ()) -> Linked:
    """Link each reply to its recommendation, making the passages either lacks; one already linked is
    left as it is. ``names``: those an earlier :class:`Linked` gave, when a redo makes the same again."""
    return link(library, wanted(suggestions), names)


def wanted(suggestions: Sequence[Suggestion]) -> list[Wanted]:
    """The links accepting the suggestions makes."""
    return [Wanted(Span(s.response_id, s.start, s.end), RecommendationEnd(s.recommendation_id), RESPONDS_TO)
            for s in suggestions]


def link_sample_chain(library: Library) -> Linked:
    """Link the sample response's replies to the sample report's recommendations, so that the chain shows
    from the first start; replies linked already are left as they are."""
    with library.reading() as session:
        found = session.scalar(select(Document.id).where(Document.reference == RESPONSE_SYMBOL,
                                                         Document.kind == RESPONSE).order_by(Document.id))
    if found is None:
        return NOTHING
    return accept(library, [s for s in align(library, found).suggestions if not s.accepted])


# --- which report ------------------------------------------------------------------------------


def _reports(session: Session, response_id: int, claim: Claim) -> list[ReportChoice]:
    found: dict[int, ReportChoice] = {}
    if claim.symbols:
        for row in session.scalars(select(Document).where(Document.reference.in_(claim.symbols),
                                                          Document.id != response_id, Document.kind != RESPONSE)
                                   .order_by(Document.id)):
            found.setdefault(row.id, ReportChoice(row.id, row.reference, row.title, f"it cites {row.reference}"))
    if claim.country and claim.visit_end:
        for row in session.scalars(select(Document).where(
                Document.country == claim.country, Document.visit_end == claim.visit_end,
                Document.id != response_id, Document.kind != RESPONSE).order_by(Document.id)):
            if claim.visit_start in (None, row.visit_start):
                found.setdefault(row.id, ReportChoice(row.id, row.reference, row.title,
                                                      f"it names the visit: {claim.country}, "
                                                      f"{claim.visit_start or '?'} to {claim.visit_end}"))
    return list(found.values())


def _absent(claim: Claim) -> str:
    if claim.symbols:
        return (f"This response cites {', '.join(claim.symbols)}, which is not in the library: import the report "
                "to align the response with it.")
    if claim.country and claim.visit_end:
        return (f"The report on the visit to {claim.country} that this response answers (ending {claim.visit_end}) "
                "is not in the library: import it to align the response with it.")
    return "This response does not say which report it answers (no symbol, no visit dates)."


def _rivals(session: Session, response_id: int, report: ReportChoice) -> list[ReportChoice]:
    """Other documents that say they answer the same report, or whose passages are linked as replies to it."""
    target = session.get(Document, report.id)
    assert target is not None
    rivals: dict[int, ReportChoice] = {}
    others = session.scalars(select(Document).where(
        Document.id.not_in((response_id, report.id)),
        (Document.kind == RESPONSE) | ((Document.country == target.country) & (Document.country.is_not(None))))
        .order_by(Document.id))
    for other in others:
        pages = _pages(session, other.id, COVER_PAGES)
        claim = answered_report("\n".join(text for text, _ in pages), other.reference)
        if claim is not None and any(choice.id == report.id for choice in _reports(session, other.id, claim)):
            rivals[other.id] = ReportChoice(other.id, other.reference, other.title, "it says so on its first pages")
    reply = Annotation.__table__.alias("reply")
    linked = session.execute(
        select(Document.id, Document.reference, Document.title).distinct()
        .join(reply, reply.c.document_id == Document.id)
        .join(AnnotationLink, AnnotationLink.source_id == reply.c.id)
        .join(Recommendation, Recommendation.annotation_id == AnnotationLink.target_id)
        .where(Recommendation.document_id == report.id, AnnotationLink.kind == RESPONDS_TO,
               Document.id != response_id))
    for document_id, reference, title in linked:
        rivals.setdefault(document_id, ReportChoice(document_id, reference, title,
                                                    "its passages are linked as replies to it"))
    return list(rivals.values())


# --- which replies -----------------------------------------------------------------------------


def _suggestions(session: Session, response_id: int, pages: list[tuple[str, int]],
                 report_id: int) -> tuple[list[Suggestion], list[Unmatched]]:
    recommendations: dict[str, list[Recommendation]] = {}
    for row in session.scalars(select(Recommendation).where(Recommendation.document_id == report_id)
                               .order_by(Recommendation.page_index, Recommendation.start_offset, Recommendation.id)):
        if row.paragraph:
            recommendations.setdefault(row.paragraph, []).append(row)
    report_paragraphs = set(session.scalars(select(Paragraph.number).where(Paragraph.document_id == report_id)))
    own = session.execute(select(Paragraph.page_index, Paragraph.start_offset, Paragraph.end_offset).where(
        Paragraph.document_id == response_id, Paragraph.kind == "paragraph")).all()
    linked = _linked(session, response_id)
    labels = dict(session.execute(select(PageText.page_index, PageText.label).where(
        PageText.document_id == response_id)).all())
    suggestions: list[Suggestion] = []
    unmatched: list[Unmatched] = []
    for page_index, (text, base) in enumerate(pages):
        page = labels.get(page_index) or str(page_index + 1)
        numbered = [(start - base, min(end - base, len(text))) for page, start, end in own if page == page_index]
        for reply in replies(text, numbered):
            start, end = base + reply.start, base + reply.end
            quote = text[reply.start:reply.end]
            for number in reply.numbers:
                rows = recommendations.get(number)
                if not rows:
                    reason = (f"paragraph {number} of the report holds no recommendation" if number in report_paragraphs
                              else f"the report has no paragraph {number}")
                    unmatched.append(Unmatched(page_index, page, quote, number, reason))
                    continue
                suggestions.extend(
                    Suggestion(response_id, page_index, page, start, end, quote, number, row.id, row.text,
                               (start, end, row.annotation_id) in linked)
                    for row in rows)
    return suggestions, unmatched


def _linked(session: Session, response_id: int) -> set[tuple[int | None, int | None, int]]:
    """(start, end, recommendation's annotation id) of each live reply of the response linked as responding."""
    return {(start, end, target) for start, end, target in session.execute(
        select(Annotation.start_offset, Annotation.end_offset, AnnotationLink.target_id)
        .join(AnnotationLink, AnnotationLink.source_id == Annotation.id)
        .where(Annotation.document_id == response_id, Annotation.deleted_at.is_(None),
               AnnotationLink.kind == RESPONDS_TO))}


def _pages(session: Session, document_id: int, limit: int | None = None) -> list[tuple[str, int]]:
    query = (select(PageText.text, PageText.start_offset).where(PageText.document_id == document_id)
             .order_by(PageText.page_index))
    return [(text, start) for text, start in session.execute(query.limit(limit) if limit else query)]
