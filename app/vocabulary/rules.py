"""What a tag must satisfy before it is saved; each refusal names the problem in a user's words."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import LibraryError
from app.store.models import Tag
from app.vocabulary import dates
from app.vocabulary.kinds import EVENT_TYPES, KIND_LABELS, KINDS, PARENT_KINDS, PRECISIONS
from app.vocabulary.records import TagFields

COLOR = re.compile(r"#[0-9a-fA-F]{6}")


class VocabularyRefused(LibraryError):
    """A change to the vocabulary that would break it; nothing was changed."""


def normalised(fields: TagFields) -> TagFields:
    """Trimmed text, empty optional text as None, the precision a date states when none is given."""
    def clean(value: str | None) -> str | None:
        value = (value or "").strip()
        return value or None

    fields = fields.with_changes(
        label=" ".join(fields.label.split()),
        description=(fields.description or "").strip(),
        actors=tuple(actor.strip() for actor in fields.actors if actor.strip()),
        treaties=tuple(dict.fromkeys(slug.strip() for slug in fields.treaties if slug.strip())),
        **{
            name: clean(getattr(fields, name))
            for name in ("code", "color", "short_name", "organisation", "adopted", "in_force", "event_type",
                         "date_start", "date_end", "date_precision", "place", "country")
        },
    )
    if fields.kind == "event" and fields.date_start and not fields.date_precision:
        try:
            fields = fields.with_changes(date_precision=dates.precision_of(fields.date_start))
        except IndexError:
            pass
    return fields


def display_name(fields: TagFields) -> str:
    return f"\u201c{fields.label}\u201d" if fields.label else "The tag"


def check(session: Session, fields: TagFields, tag_id: int | None = None) -> None:
    """Refuse ``fields`` for a new tag (``tag_id`` None) or for tag ``tag_id``."""
    name = display_name(fields)
    check_own(fields, name)
    parent = _parent(session, fields, name)
    check_parent_kind(fields, parent, name)
    if parent is not None and tag_id is not None and _is_under(session, parent.id, tag_id):
        raise VocabularyRefused(
            f"{name} cannot sit under \u201c{parent.label}\u201d, which is itself under {name}: "
            "the hierarchy would go round in a circle."
        )
    _check_unique_name(session, fields, tag_id, name)


def check_own(fields: TagFields, name: str) -> None:
    """The rules a tag's fields meet whatever else the vocabulary holds."""
    if fields.kind not in KINDS:
        raise VocabularyRefused(f"Unknown kind of tag \u201c{fields.kind}\u201d: use one of {', '.join(KINDS)}.")
    if not fields.label:
        raise VocabularyRefused(f"A {KIND_LABELS[fields.kind].lower()} needs a name.")
    if fields.color and not COLOR.fullmatch(fields.color):
        raise VocabularyRefused(f"{name}: colour \u201c{fields.color}\u201d is not of the form #RRGGBB.")
    if fields.kind == "event":
        _check_event(fields, name)
    for label, value in (("adoption date", fields.adopted), ("entry into force", fields.in_force)):
        if value:
            try:
                dates.span(value)
            except dates.BadDate as error:
                raise VocabularyRefused(f"{name}: {label}: {error}.") from None


def check_parent_kind(fields: TagFields, parent: Any, name: str) -> None:
    """``parent`` (anything with a kind and a label, or None) can hold a tag of this kind."""
    allowed = PARENT_KINDS[fields.kind]
    if parent is None:
        if None not in allowed:
            raise VocabularyRefused(f"{name}: an article must sit under a treaty.")
        return
    if parent.kind not in allowed:
        raise VocabularyRefused(
            f"{name}: a {KIND_LABELS[fields.kind].lower()} cannot sit under a "
            f"{KIND_LABELS[parent.kind].lower()} (\u201c{parent.label}\u201d)."
        )


def name_taken(fields: TagFields, name: str, other: str) -> VocabularyRefused:
    """The refusal for a name another tag in the same place has; ``other`` says which (``#12``)."""
    where = "at the top level" if fields.parent_id is None else "under the same parent"
    return VocabularyRefused(f"{name}: another {KIND_LABELS[fields.kind].lower()} {where} already has this name ({other}).")


def _parent(session: Session, fields: TagFields, name: str) -> Tag | None:
    if fields.parent_id is None:
        return None
    parent = session.get(Tag, fields.parent_id)
    if parent is None:
        raise VocabularyRefused(f"{name}: the tag it should sit under (#{fields.parent_id}) no longer exists.")
    return parent


def _is_under(session: Session, parent_id: int, tag_id: int) -> bool:
    """Whether ``tag_id`` is ``parent_id`` or one of its ancestors: a new tag cannot be, so only moves ask."""
    # One recursive query: walking ``Tag.parent`` loads each ancestor with a query of its own,
    # which made a deep codebook take minutes. UNION (not UNION ALL) stops at a loop already stored.
    up = select(Tag.id.label("id"), Tag.parent_id.label("parent_id")).where(Tag.id == parent_id).cte(recursive=True)
    up = up.union(select(Tag.id, Tag.parent_id).where(Tag.id == up.c.parent_id))
    return (session.scalar(select(func.count()).select_from(up).where(up.c.id == tag_id)) or 0) > 0


def _check_unique_name(session: Session, fields: TagFields, tag_id: int | None, name: str) -> None:
    query = select(Tag.id, Tag.label).where(func.lower(Tag.label) == fields.label.lower())
    if fields.parent_id is None:
        query = query.where(Tag.parent_id.is_(None), Tag.kind == fields.kind)
    else:
        query = query.where(Tag.parent_id == fields.parent_id)
    if tag_id is not None:
        query = query.where(Tag.id != tag_id)
    # SQLite's lower() folds ASCII only; compare again in Python for accented names.
    for other_id, label in session.execute(query):
        if label.casefold() == fields.label.casefold():
            raise name_taken(fields, name, f"#{other_id}")


def _check_event(fields: TagFields, name: str) -> None:
    if fields.event_type not in EVENT_TYPES:
        shown = f"\u201c{fields.event_type}\u201d" if fields.event_type else "none"
        raise VocabularyRefused(f"{name}: event type {shown} is not one of {', '.join(EVENT_TYPES)}.")
    if not fields.date_start:
        raise VocabularyRefused(f"{name}: an event needs a date (YYYY, YYYY-MM or YYYY-MM-DD).")
    if fields.date_precision not in PRECISIONS:
        raise VocabularyRefused(f"{name}: date precision \u201c{fields.date_precision}\u201d is not one of {', '.join(PRECISIONS)}.")
    try:
        start = dates.span(fields.date_start)
        end = dates.span(fields.date_end) if fields.date_end else None
    except dates.BadDate as error:
        raise VocabularyRefused(f"{name}: {error}.") from None
    if end is not None and end[1] < start[0]:
        raise VocabularyRefused(
            f"{name} ends ({fields.date_end}) before it starts ({fields.date_start})."
        )
