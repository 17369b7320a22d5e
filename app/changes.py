"""What changed in a library: the one value every view of it listens for.

An edit made here reports what it touched; a commit made by another process (and, later, a team
server's notification) arrives as the same value with ``elsewhere`` set, since only the fact of a
change is known then. Views refresh what the value names and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.services.annotations import AnnotationInfo


def _frozen_map(values: Mapping[int, frozenset[str]] | None = None) -> Mapping[int, frozenset[str]]:
    return MappingProxyType(dict(values or {}))


@dataclass(frozen=True)
class LibraryChange:
    documents: frozenset[int] = frozenset()  # added, edited or removed: their rows in the list
    annotations: Mapping[int, frozenset[str]] = field(default_factory=_frozen_map)  # document id -> uuids
    # The annotations' state after the change, where the edit returned it: a view need not read them
    # again. One named in ``annotations`` and missing here is read again (or was discarded).
    records: tuple[AnnotationInfo, ...] = ()
    vocabulary: bool = False  # tags, treaties, events: their labels, tree or passages counted
    saved_searches: bool = False
    elsewhere: bool = False  # another program committed: anything may have changed

    @classmethod
    def of_annotations(cls, annotations: Iterable[AnnotationInfo], *, records: bool = True) -> LibraryChange:
        """These annotations changed; with ``records``, the values given are their state now."""
        listed = tuple(annotations)
        by_document: dict[int, set[str]] = {}
        for annotation in listed:
            by_document.setdefault(annotation.document_id, set()).add(annotation.uuid)
        return cls(annotations=_frozen_map({d: frozenset(u) for d, u in by_document.items()}),
                   records=listed if records else ())

    @classmethod
    def everything(cls) -> LibraryChange:
        """Another program changed the library, or a restore replaced it: read everything again."""
        return cls(elsewhere=True)

    def __or__(self, other: LibraryChange) -> LibraryChange:
        merged = {d: self.annotations.get(d, frozenset()) | other.annotations.get(d, frozenset())
                  for d in {*self.annotations, *other.annotations}}
        newest = {record.uuid: record for record in (*self.records, *other.records)}
        return LibraryChange(self.documents | other.documents, _frozen_map(merged), tuple(newest.values()),
                             self.vocabulary or other.vocabulary, self.saved_searches or other.saved_searches,
                             self.elsewhere or other.elsewhere)

    def __bool__(self) -> bool:
        return bool(self.documents or self.annotations or self.vocabulary or self.saved_searches or self.elsewhere)

    def touches_annotations_of(self, document_id: int | None) -> bool:
        return document_id is not None and (self.elsewhere or document_id in self.annotations)

    def uuids_in(self, document_id: int) -> frozenset[str]:
        return self.annotations.get(document_id, frozenset())

    def record(self, uuid: str) -> AnnotationInfo | None:
        return next((r for r in self.records if r.uuid == uuid), None)


NOTHING = LibraryChange()
