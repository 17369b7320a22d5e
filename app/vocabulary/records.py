"""Frozen records the vocabulary services hand to the window and the command line."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from app.text.citations import CitationParts, cite


@dataclass(frozen=True)
class TagFields:
    """Everything a user can set on a tag. The slug is not here: it is fixed when the tag is made."""

    kind: str
    label: str
    code: str | None = None
    parent_id: int | None = None
    description: str = ""
    color: str | None = None
    # Treaties.
    short_name: str | None = None
    organisation: str | None = None
    adopted: str | None = None
    in_force: str | None = None
    # Events.
    event_type: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    date_precision: str | None = None
    place: str | None = None
    country: str | None = None
    actors: tuple[str, ...] = ()
    # Slugs of the treaties or articles an event concerns.
    treaties: tuple[str, ...] = ()

    def with_changes(self, **changes: Any) -> TagFields:
        return replace(self, **changes)


@dataclass(frozen=True)
class TagInfo:
    id: int
    slug: str
    builtin: bool
    fields: TagFields
    # Passages tagged with this tag, not counting annotations in the trash.
    passages: int = 0

    @property
    def kind(self) -> str:
        return self.fields.kind

    @property
    def label(self) -> str:
        return self.fields.label

    @property
    def parent_id(self) -> int | None:
        return self.fields.parent_id

    @property
    def color(self) -> str | None:
        return self.fields.color

    @property
    def display(self) -> str:
        """How the tag is named in lists: its code first when it has one."""
        if self.fields.kind in ("treaty", "standard") and self.fields.short_name:
            return f"{self.fields.short_name} ({self.fields.code})" if self.fields.code else self.fields.short_name
        return self.fields.label


@dataclass(frozen=True)
class TagSnapshot:
    """A removed tag with everything needed to put it back as it was, same id and slug."""

    id: int
    slug: str
    builtin: bool
    fields: TagFields
    created_at: datetime
    # Every annotation that carried the tag, trashed ones included.
    annotation_ids: tuple[int, ...] = ()
    child_ids: tuple[int, ...] = ()
    # Events whose linked treaties named this tag, and now name the merge target instead...
    relinked_event_ids: tuple[int, ...] = ()
    # ...and events that named both, which simply lost the link to this tag.
    unlinked_event_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class MergeResult:
    """What a merge (or a delete that moves passages elsewhere) changed."""

    source: TagSnapshot
    # None for a plain delete: nothing moved.
    target_id: int | None
    # Annotations that did not carry the target before: undo takes the target off them.
    added_to_target: tuple[int, ...] = ()

    @property
    def moved(self) -> int:
        return len(self.source.annotation_ids)


@dataclass(frozen=True)
class Passage:
    """An annotation tagged with a tag, with what a list needs to show and open it."""

    annotation_id: int
    annotation_uuid: str
    document_id: int
    document_title: str
    document_reference: str | None
    page_index: int
    page_label: str
    paragraphs: tuple[str, ...]
    quote: str
    note: str
    color: str

    @property
    def locator(self) -> str:
        """``CPT/Inf (2024) 23, para. 45, p. 12``: how the passage is cited (sections and
        recommendations as the default citation template has them)."""
        return cite(CitationParts(reference=self.document_reference, title=self.document_title, publisher=None,
                                  date=None, paragraphs=self.paragraphs, page=self.page_label))


@dataclass(frozen=True)
class CodebookImport:
    """What importing a codebook changed; ``previous`` lets the window undo it."""

    created_ids: tuple[int, ...] = ()
    updated_ids: tuple[int, ...] = ()
    unchanged: int = 0
    previous: dict[int, TagFields] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        return (
            f"{len(self.created_ids)} added, {len(self.updated_ids)} updated, "
            f"{self.unchanged} already up to date"
        )
