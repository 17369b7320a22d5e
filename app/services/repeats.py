"""Which recommendations repeat one of an earlier report on the same country, so that "recommended in
2016, 2020 and 2024" shows at a glance.

Reports are compared with the earlier reports of the same kind on the same country (a CPT report with
the CPT's earlier ones, a UPR report with earlier cycles), dated by publication, else by the visit;
an undated report is compared with none. Two documents with one symbol (language versions) or one a
revision of the other never count as repeating each other. The wording is compared by
:mod:`app.text.detection.repeats`.

Worked out when asked, not stored: finding a report's recommendations again, or correcting a report's
date or country, changes the answer at once, with nothing to keep in step. What the user keeps is a
"repeats" link from the later recommendation's passage to the earlier's (:func:`wanted`, made by
:mod:`app.services.passage_links`): it shows at both ends, is searched and exported as every link is,
and each repeat found says whether it is linked so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select

from app.library import Library
from app.services.language_versions import symbol_key
from app.services.passage_links import RecommendationEnd, Wanted
from app.services.recommendations import RecommendationInfo, list_recommendations
from app.store.models import AnnotationLink, Document, Recommendation
from app.text.detection.repeats import best_earlier

REPEATS = "repeats"  # the link from a recommendation to the earlier one it repeats


@dataclass(frozen=True)
class Repeat:
    """Another recommendation asking the same, earlier or later than the one it is listed for."""

    recommendation_id: int
    document_id: int
    reference: str | None
    year: str
    locator: str  # as it is cited: "86.12", "para. 17"
    similarity: int  # 0-100
    earlier: bool
    linked: bool = False  # the two are linked as repeats

    def describe(self) -> str:
        """"2016, CPT/Inf (2017) 5 para. 23 (92%, linked)"."""
        where = " ".join(part for part in (self.reference, self.locator) if part)
        alike = f"{self.similarity}%, linked" if self.linked else f"{self.similarity}%"
        return f"{self.year}, {where} ({alike})" if where else f"{self.year} ({alike})"


@dataclass(frozen=True)
class Repeats:
    """A recommendation's report's year, and the other recommendations asking the same, by date."""

    year: str
    others: tuple[Repeat, ...]

    def recommended_in(self) -> str:
        """"2016, 2020 and 2024": the years it was made in, its own among them."""
        years = sorted({repeat.year for repeat in self.others} | {self.year})
        return years[0] if len(years) == 1 else ", ".join(years[:-1]) + " and " + years[-1]

    def describe(self) -> str:
        return "; ".join(repeat.describe() for repeat in self.others)


@dataclass(frozen=True)
class _Dated:
    id: int
    kind: str
    country: str
    date: str
    symbol: str | None
    revision_of: int | None


def repeats(library: Library, shown: Sequence[RecommendationInfo]) -> dict[int, Repeats]:
    """For each recommendation of ``shown`` that repeats or is repeated, the others asking the same, in
    the order of their reports' dates; the recommendations not in the dict have none."""
    countries = {info.country for info in shown if info.country}
    if not countries:
        return {}
    documents = _dated(library, countries)
    by_document: dict[int, list[RecommendationInfo]] = defaultdict(list)
    for country in sorted(countries):
        for info in list_recommendations(library, country=country):
            if info.document_id in documents:
                by_document[info.document_id].append(info)
    found: dict[int, list[Repeat]] = defaultdict(list)
    linked = _linked(library)
    for later, earlier in _pairs(documents, by_document):
        matches = best_earlier([info.text for info in by_document[later.id]],
                               [info.text for info in by_document[earlier.id]])
        for info, match in zip(by_document[later.id], matches, strict=True):
            if match is None:
                continue
            repeated, similarity = by_document[earlier.id][match[0]], match[1]
            made = (info.id, repeated.id) in linked
            found[info.id].append(_repeat(repeated, earlier, similarity, earlier=True, linked=made))
            found[repeated.id].append(_repeat(info, later, similarity, earlier=False, linked=made))
    return {info.id: Repeats(documents[info.document_id].date[:4],
                             tuple(sorted(found[info.id], key=lambda repeat: (repeat.year, repeat.reference or ""))))
            for info in shown if found.get(info.id)}


def wanted(found: dict[int, Repeats]) -> list[Wanted]:
    """The "repeats" links, from the later recommendation to the earlier, of the repeats found not linked yet."""
    pairs: dict[tuple[int, int], int] = {}
    for recommendation_id, made in found.items():
        for other in made.others:
            if not other.linked:
                pair = ((recommendation_id, other.recommendation_id) if other.earlier
                        else (other.recommendation_id, recommendation_id))
                pairs[pair] = other.similarity
    return [Wanted(RecommendationEnd(later), RecommendationEnd(earlier), REPEATS, f"{similarity}% alike in wording")
            for (later, earlier), similarity in sorted(pairs.items())]


def _linked(library: Library) -> set[tuple[int, int]]:
    """(later, earlier) recommendation ids of each two whose passages are linked as repeats."""
    later, earlier = Recommendation.__table__.alias("later"), Recommendation.__table__.alias("earlier")
    with library.reading() as session:
        return {(one, other) for one, other in session.execute(
            select(later.c.id, earlier.c.id)
            .join(AnnotationLink, AnnotationLink.source_id == later.c.annotation_id)
            .join(earlier, earlier.c.annotation_id == AnnotationLink.target_id)
            .where(AnnotationLink.kind == REPEATS))}


def _pairs(documents: dict[int, _Dated], by_document: dict[int, list[RecommendationInfo]]
           ) -> Iterable[tuple[_Dated, _Dated]]:
    """(later, earlier) for every two reports that may repeat each other."""
    groups: dict[tuple[str, str], list[_Dated]] = defaultdict(list)
    for document in documents.values():
        if by_document.get(document.id):
            groups[document.kind, document.country].append(document)
    for group in groups.values():
        group.sort(key=lambda document: document.date)
        for index, later in enumerate(group):
            for earlier in group[:index]:
                if earlier.date < later.date and not _same_report(earlier, later):
                    yield later, earlier


def _same_report(one: _Dated, other: _Dated) -> bool:
    return (one.symbol is not None and one.symbol == other.symbol) or one.id == other.revision_of \
        or other.id == one.revision_of


def _repeat(info: RecommendationInfo, document: _Dated, similarity: int, *, earlier: bool, linked: bool) -> Repeat:
    return Repeat(info.id, info.document_id, info.document_reference, document.date[:4], info.locator, similarity,
                  earlier, linked)


def _dated(library: Library, countries: set[str]) -> dict[int, _Dated]:
    with library.reading() as session:
        rows = session.execute(select(Document.id, Document.kind, Document.country, Document.published,
                                      Document.visit_end, Document.visit_start, Document.reference,
                                      Document.revision_of_id).where(Document.country.in_(countries)))
        return {row.id: _Dated(row.id, row.kind, row.country, date, symbol_key(row.reference), row.revision_of_id)
                for row in rows if (date := _date(row.published, row.visit_end, row.visit_start))}


def _date(*dates: str | None) -> str | None:
    return next((date for date in dates if date), None)
