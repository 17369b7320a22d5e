"""Recommendations of a report as items of their own: found on import, found again on demand, listed.

Detection is :mod:`app.text.detection.recommendations`; this stores what it finds. Finding again
replaces what was found before, except what the user made of it: an item found again (the same
kind, paragraph and number, in the same order) keeps its row, so its identity, follow-up status,
note and annotation stay; one no longer found is removed unless the user worked on it.

A recommendation's ``start_offset`` is in the text of its page, and its ``end_offset`` counted from
the same place, so that one running onto the next page ends past its page's text (pages being
joined by ``PAGE_SEPARATOR`` in the document's text).
"""

from __future__ import annotations

import json
import uuid as uuids
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import Text, cast, exists, insert, select
from sqlalchemy.orm import Session

from app.errors import NotFound
from app.library import Library
from app.pdf.extract import Extraction, extract
from app.services.extracted import page_starts
from app.services.rereading import reread
from app.store.models import Document, Recommendation, RecommendationEvidence
from app.text.detection.recommendations import Found, Page, find_recommendations

NO_INFORMATION = "no information"

# How each kind reads in a list.
KIND_NAMES = {
    "upr": "UPR recommendation",
    "recommendation": "recommendation",
    "comment": "comment",
    "request": "request for information",
    "concluding observation": "concluding observation",
}


class RecommendationInfo(NamedTuple):
    """One recommendation as lists show it. A named tuple, not a frozen dataclass: a library's ten
    thousand are made in a sixth of the time (a frozen dataclass sets each field through
    ``object.__setattr__``), and the list's opening waits for them."""

    id: int
    uuid: str
    document_id: int
    document_reference: str | None
    document_title: str
    country: str | None
    kind: str
    number: str | None
    paragraph: str | None
    page_index: int
    start_offset: int | None
    end_offset: int | None
    text: str
    states: tuple[str, ...]
    response: str | None
    status: str
    status_note: str

    @property
    def locator(self) -> str:
        """As it is cited: "86.12", "114 rec. 3", "para. 17"."""
        if self.number and self.paragraph and self.number != self.paragraph and "." not in self.number:
            return f"{self.paragraph} rec. {self.number}"
        if self.number:
            return self.number
        return f"para. {self.paragraph}" if self.paragraph else ""


@dataclass(frozen=True)
class Refound:
    """What finding a document's recommendations again did."""

    document_id: int
    found: int  # items found now
    new: int  # of which not found before
    kept_worked_on: int  # items no longer found but kept, the user having worked on them
    removed: int  # items no longer found, removed

    def summary(self, title: str) -> str:
        if not self.found and not self.kept_worked_on:
            return f"No recommendations were found in \u201c{title}\u201d."
        parts = [f"{self.found} recommendation{'s' if self.found != 1 else ''} found in \u201c{title}\u201d"
                 f" ({self.new} new)"]
        if self.removed:
            parts.append(f"{self.removed} found before and not now removed")
        if self.kept_worked_on:
            parts.append(f"{self.kept_worked_on} no longer found kept, as you had worked on them")
        return "; ".join(parts) + "."


def found_in(extraction: Extraction) -> list[Found]:
    """What detection finds in an import's extraction."""
    return find_recommendations([Page(page.text, page.emphasis) for page in extraction.pages], extraction.paragraphs)


def store_found(session: Session, document_id: int, found: Iterable[Found], starts: list[int]) -> Refound:
    """In the caller's transaction: ``found`` replaces the document's earlier items (see the module).

    ``starts``: where each page begins in the document's text, for the offsets of an item that
    runs onto another page.
    """
    earlier: dict[tuple, list[Recommendation]] = {}
    for known in session.scalars(select(Recommendation).where(Recommendation.document_id == document_id)
                                 .order_by(Recommendation.id)):
        earlier.setdefault((known.kind, known.paragraph, known.number), []).append(known)
    count = 0
    fresh: list[dict[str, object]] = []
    for item in found:
        count += 1
        place = {"page_index": item.page_index, "start_offset": item.start,
                 "end_offset": starts[item.end_page_index] - starts[item.page_index] + item.end,
                 "text": item.text, "states": list(item.states), "response": item.response}
        waiting = earlier.get((item.kind, item.paragraph, item.number))
        if waiting:
            row = waiting.pop(0)
            for field, value in place.items():
                setattr(row, field, value)
        else:
            fresh.append({"uuid": str(uuids.uuid4()), "document_id": document_id, "kind": item.kind,
                          "number": item.number, "paragraph": item.paragraph, "status": NO_INFORMATION, **place})
    if fresh:
        # Into the table directly, as paragraphs are: an import's hundreds of rows in one statement.
        session.execute(insert(Recommendation), fresh)
    kept = removed = 0
    for rows in earlier.values():
        for row in rows:
            if _worked_on(session, row):
                kept += 1
            else:
                session.delete(row)
                removed += 1
    return Refound(document_id, count, len(fresh), kept, removed)


def _worked_on(session: Session, row: Recommendation) -> bool:
    if row.status != NO_INFORMATION or row.status_note or row.annotation_id is not None:
        return True
    return bool(session.scalar(select(exists().where(RecommendationEvidence.recommendation_id == row.id))))


def find_again(library: Library, document_id: int, *, password: str | None = None, timeout: float = 60.0) -> Refound:
    """Read the library's copy of a document again (in the sandbox) and find its recommendations."""
    extraction = reread(library, document_id, extract, password, timeout=timeout)
    with library.writing() as session:
        if session.get(Document, document_id) is None:
            raise NotFound(f"Document #{document_id} is not in the library.")
        return store_found(session, document_id, found_in(extraction), page_starts(extraction))


def list_recommendations(library: Library, *, document_id: int | None = None,
                         country: str | None = None) -> list[RecommendationInfo]:
    """A document's recommendations, a country's (as documents store it), or the whole library's, in the
    order of the documents and of their text."""
    # Columns, not rows: a library's ten thousand read without the ORM's bookkeeping for each.
    query = (select(*_COLUMNS, Document.reference, Document.title, Document.country)
             .join(Document, Document.id == Recommendation.document_id)
             .order_by(Recommendation.document_id, Recommendation.page_index, Recommendation.start_offset,
                       Recommendation.id))
    if document_id is not None:
        query = query.where(Recommendation.document_id == document_id)
    if country is not None:
        query = query.where(Document.country == country)
    with library.reading() as session:
        # Through the connection as plain tuples, the States as the text they are stored as: the ORM's
        # handling of each row and a JSON decoding of every "[]" cost more than reading the rows.
        rows = session.connection().execute(query).all()
        return [RecommendationInfo(id_, uuid, document_id, reference, title, country, kind, number, paragraph,
                                   page_index, start, end, text, _states(states), response, status, note)
                for (id_, uuid, document_id, kind, number, paragraph, page_index, start, end, text, states, response,
                     status, note, reference, title, country) in rows]


def _states(stored: str | None) -> tuple[str, ...]:
    return tuple(json.loads(stored)) if stored and stored != "[]" else ()


_COLUMNS = (Recommendation.id, Recommendation.uuid, Recommendation.document_id, Recommendation.kind,
            Recommendation.number, Recommendation.paragraph, Recommendation.page_index, Recommendation.start_offset,
            Recommendation.end_offset, Recommendation.text, cast(Recommendation.states, Text),
            Recommendation.response, Recommendation.status, Recommendation.status_note)


def countries_with_recommendations(library: Library) -> list[str]:
    """The countries of the documents that have recommendations, for a chooser."""
    with library.reading() as session:
        return sorted(session.scalars(
            select(Document.country).distinct().join(Recommendation, Recommendation.document_id == Document.id)
            .where(Document.country.is_not(None))))
