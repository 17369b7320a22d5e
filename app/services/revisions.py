"""A reissued document: bring its predecessor's annotations over, re-anchored in the new text.

Nothing is dropped: a passage found exactly is anchored, one found by similarity is marked
"fuzzy" for the user to check, and one not found is kept as an "orphan" with its quote,
note and tags, listed for the user to place by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pymupdf
from sqlalchemy import select

from app.errors import LibraryError, NotFound
from app.library import Library
from app.pdf.page_source import PyMuPDFPages, WordsSource
from app.services.annotations import CONTEXT, document_text
from app.services.structure import paragraph_numbers
from app.store.models import PAGE_SEPARATOR, Annotation, Document, PageText, utcnow
from app.text.anchoring import locate, pages_for_span, selection_for_span
from app.text.selection import PageWords


@dataclass(frozen=True)
class ReanchorReport:
    anchored: tuple[str, ...]
    fuzzy: tuple[str, ...]
    orphans: tuple[str, ...]


@dataclass(frozen=True)
class _Placement:
    start: int
    end: int
    status: str
    targets: list[dict[str, object]]
    page_index: int
    quote: str


def carry_over(
    library: Library, old_document_id: int, new_document_id: int, *, password: str | None = None
) -> ReanchorReport:
    """Make ``new_document_id`` the revision of ``old_document_id`` and move its annotations there."""
    if old_document_id == new_document_id:
        raise LibraryError("A document cannot be a revision of itself.")
    with library.reading() as session:
        new = session.get(Document, new_document_id)
        if new is None or session.get(Document, old_document_id) is None:
            raise NotFound("One of the two documents is no longer in the library.")
        text = document_text(session, new_document_id)
        starts = list(
            session.scalars(
                select(PageText.start_offset).where(PageText.document_id == new_document_id).order_by(PageText.page_index)
            )
        )
        annotations = list(session.scalars(select(Annotation).where(Annotation.document_id == old_document_id)))
        path = library.file_path(new.file_name)
        page_count = new.page_count
    placements = _place(annotations, text, starts, page_count, path, new_document_id, password)

    with library.writing() as session:
        session.get(Document, new_document_id).revision_of_id = old_document_id
        report: dict[str, list[str]] = {"anchored": [], "fuzzy": [], "orphan": []}
        for annotation in session.scalars(select(Annotation).where(Annotation.document_id == old_document_id)):
            placement = placements.get(annotation.uuid)
            annotation.document_id = new_document_id
            annotation.updated_at = utcnow()
            if placement is None:
                annotation.anchor_status = "orphan"
                annotation.targets = []
                report["orphan"].append(annotation.uuid)
                continue
            annotation.anchor_status = placement.status
            annotation.targets = placement.targets
            annotation.page_index = placement.page_index
            if annotation.kind != "area":
                annotation.quote = placement.quote
                annotation.start_offset, annotation.end_offset = placement.start, placement.end
                annotation.prefix = text[max(0, placement.start - CONTEXT) : placement.start]
                annotation.suffix = text[placement.end : placement.end + CONTEXT]
                annotation.paragraphs = paragraph_numbers(session, new_document_id, placement.start, placement.end)
            report[placement.status].append(annotation.uuid)
    return ReanchorReport(tuple(report["anchored"]), tuple(report["fuzzy"]), tuple(report["orphan"]))


def _place(
    annotations: list[Annotation],
    text: str,
    starts: list[int],
    page_count: int,
    path: Path,
    document_id: int,
    password: str | None,
) -> dict[str, _Placement]:
    placements: dict[str, _Placement] = {}
    words: dict[int, PageWords] = {}
    try:
        pdf = pymupdf.open(path)
    except Exception as error:
        raise LibraryError(f"The new revision's file cannot be opened ({error}).") from error
    try:
        if pdf.needs_pass and not pdf.authenticate(password or ""):
            raise LibraryError("The new revision is password-protected: its password is needed.")
        source: WordsSource = PyMuPDFPages(pymupdf, pdf)
        for annotation in annotations:
            if annotation.kind == "area":
                if annotation.page_index < page_count:  # a drawn box stays where it was drawn
                    placements[annotation.uuid] = _Placement(
                        0, 0, "anchored", annotation.targets, annotation.page_index, annotation.quote
                    )
                continue
            match = locate(text, annotation.quote, annotation.prefix, annotation.suffix, annotation.start_offset)
            if match is None:
                continue
            for page_index in pages_for_span(starts, match.start, match.end):
                if page_index not in words:
                    words[page_index] = source.words(page_index)
            selection = selection_for_span(document_id, words, starts, match.start, match.end)
            if selection is None:
                continue
            placements[annotation.uuid] = _Placement(
                start=match.start,
                end=match.end,
                status="anchored" if match.exact else "fuzzy",
                targets=[{"page": part.page_index, "quads": [list(q) for q in part.quads]} for part in selection.pages],
                page_index=selection.first_page,
                quote=text[match.start : match.end].replace(PAGE_SEPARATOR, "\n"),
            )
    finally:
        pdf.close()
    return placements
