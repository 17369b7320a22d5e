"""Between Tag rows and the records: the one place that knows how fields sit in columns."""

from __future__ import annotations

from typing import Any

from app.store.models import Tag
from app.vocabulary.records import TagFields, TagInfo, TagSnapshot

# Columns a TagFields value maps to one to one.
PLAIN_COLUMNS = (
    "kind", "label", "code", "parent_id", "description", "color", "short_name", "organisation",
    "adopted", "in_force", "event_type", "date_start", "date_end", "date_precision", "place", "country",
)


def split_parties(parties: list[Any] | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Actors and linked treaty slugs, both kept in the ``parties`` list.

    The schema has one JSON list for an event's parties: actors are its strings and a
    linked treaty is an object ``{"treaty": slug}``, so the link survives export by slug.
    """
    actors: list[str] = []
    treaties: list[str] = []
    for party in parties or []:
        if isinstance(party, str):
            actors.append(party)
        elif isinstance(party, dict) and isinstance(party.get("treaty"), str):
            treaties.append(party["treaty"])
    return tuple(actors), tuple(treaties)


def join_parties(actors: tuple[str, ...], treaties: tuple[str, ...]) -> list[Any]:
    return [*actors, *({"treaty": slug} for slug in treaties)]


def fields_of(tag: Any) -> TagFields:
    """The fields of a Tag, or of a row read from the tags table (its columns by name)."""
    actors, treaties = split_parties(tag.parties)
    return TagFields(
        **{column: getattr(tag, column) for column in PLAIN_COLUMNS},
        actors=actors,
        treaties=treaties,
    )


def write_fields(tag: Tag, fields: TagFields) -> None:
    for column, value in columns_of(fields).items():
        setattr(tag, column, value)


def columns_of(fields: TagFields) -> dict[str, Any]:
    """The column values that hold ``fields``, for writing many tags in one statement."""
    return {**{column: getattr(fields, column) for column in PLAIN_COLUMNS},
            "parties": join_parties(fields.actors, fields.treaties)}


def info_of(tag: Tag, passages: int = 0) -> TagInfo:
    return TagInfo(id=tag.id, slug=tag.slug, builtin=tag.builtin, fields=fields_of(tag), passages=passages)


def snapshot_of(tag: Tag, annotation_ids: tuple[int, ...], child_ids: tuple[int, ...]) -> TagSnapshot:
    return TagSnapshot(
        id=tag.id, slug=tag.slug, builtin=tag.builtin, fields=fields_of(tag), created_at=tag.created_at,
        annotation_ids=annotation_ids, child_ids=child_ids,
    )
