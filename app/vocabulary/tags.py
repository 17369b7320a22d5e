"""Creating, editing, merging and deleting tags. Each change returns what it changed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.errors import NotFound
from app.library import Library
from app.store.models import Annotation, AnnotationTag, Tag, TagPassages
from app.vocabulary import rows, rules, slugs
from app.vocabulary.kinds import KIND_LABELS
from app.vocabulary.records import MergeResult, TagFields, TagInfo
from app.vocabulary.rules import VocabularyRefused

# What a user may change on a built-in treaty or article: its facts come with the app.
BUILTIN_EDITABLE = frozenset({"color", "description"})


def passage_counts(session: Session, tag_ids: Iterable[int] | None = None) -> dict[int, int]:
    """Passages per tag, not counting annotations in the trash: kept up to date by the database
    (revision 0023), so reading them costs the same in a library of any size."""
    query = select(TagPassages.tag_id, TagPassages.passages).where(TagPassages.passages != 0)
    if tag_ids is not None:
        query = query.where(TagPassages.tag_id.in_(list(tag_ids)))
    return {tag_id: count for tag_id, count in session.execute(query)}


def list_tags(library: Library, kinds: Iterable[str] | None = None) -> list[TagInfo]:
    """Tags of the given kinds (all when None), parents before children, each with its passage count."""
    with library.reading() as session:
        query = select(Tag).order_by(Tag.id)
        if kinds is not None:
            query = query.where(Tag.kind.in_(list(kinds)))
        tags = list(session.scalars(query))
        counts = passage_counts(session)
        return [rows.info_of(tag, counts.get(tag.id, 0)) for tag in tags]


def get_tag(library: Library, tag_id: int) -> TagInfo:
    with library.reading() as session:
        tag = _tag(session, tag_id)
        return rows.info_of(tag, passage_counts(session, [tag_id]).get(tag_id, 0))


def find_tag(library: Library, slug: str) -> TagInfo:
    with library.reading() as session:
        tag = session.scalar(select(Tag).where(Tag.slug == slug))
        if tag is None:
            raise NotFound(f"No tag has the identifier \u201c{slug}\u201d.")
        return rows.info_of(tag, passage_counts(session, [tag.id]).get(tag.id, 0))


def create_tag(library: Library, fields: TagFields, slug: str | None = None) -> TagInfo:
    """A new tag. Its slug is made from its name now and kept through renames."""
    fields = rules.normalised(fields)
    with library.writing() as session:
        rules.check(session, fields)
        if slug is not None:
            if not slugs.is_valid(slug):
                raise VocabularyRefused(f"\u201c{slug}\u201d is not a valid identifier (lower-case letters, digits and dashes).")
            if session.scalar(select(Tag.id).where(Tag.slug == slug)) is not None:
                raise VocabularyRefused(f"A tag with the identifier \u201c{slug}\u201d already exists.")
        else:
            parent = session.get(Tag, fields.parent_id) if fields.parent_id else None
            slug = slugs.new_slug(session, fields.label, fields.kind, parent.slug if parent else None)
        tag = Tag(slug=slug, builtin=False)
        rows.write_fields(tag, fields)
        session.add(tag)
        session.flush()
        return rows.info_of(tag)


def update_tag(library: Library, tag_id: int, fields: TagFields) -> TagInfo:
    """Save ``fields`` on the tag; returns it as saved. The slug stays what it was."""
    fields = rules.normalised(fields)
    with library.writing() as session:
        tag = _tag(session, tag_id)
        before = rows.fields_of(tag)
        if tag.builtin:
            changed = {name for name in TagFields.__dataclass_fields__ if getattr(before, name) != getattr(fields, name)}
            if changed - BUILTIN_EDITABLE:
                raise VocabularyRefused(
                    f"\u201c{tag.label}\u201d is built in: its official facts come with the app. "
                    "Only its colour and description can be changed."
                )
        if fields.kind != tag.kind and tag.children:
            raise VocabularyRefused(f"\u201c{tag.label}\u201d has entries under it: its kind cannot change.")
        rules.check(session, fields, tag_id)
        rows.write_fields(tag, fields)
        session.flush()
        return rows.info_of(tag, passage_counts(session, [tag_id]).get(tag_id, 0))


def delete_tag(library: Library, tag_id: int, move_passages_to: int | None = None) -> MergeResult:
    """Delete a tag. Refused while passages use it, unless they are to move to another tag."""
    if move_passages_to is not None:
        return merge_tags(library, tag_id, move_passages_to)
    with library.writing() as session:
        tag = _tag(session, tag_id)
        _refuse_builtin(tag, "deleted")
        if tag.children:
            raise VocabularyRefused(
                f"\u201c{tag.label}\u201d has {len(tag.children)} entries under it: move or delete them first."
            )
        annotation_ids = _annotation_ids(session, tag_id)
        if annotation_ids:
            live = passage_counts(session, [tag_id]).get(tag_id, 0)
            trashed = len(annotation_ids) - live
            where = f"{live} passage{'s' if live != 1 else ''}" + (f" and {trashed} in the trash" if trashed else "")
            raise VocabularyRefused(
                f"\u201c{tag.label}\u201d is used by {where}: say which tag they should move to, or untag them first."
            )
        snapshot = rows.snapshot_of(tag, (), ())
        session.delete(tag)
        return MergeResult(source=snapshot, target_id=None)


def merge_tags(library: Library, source_id: int, target_id: int) -> MergeResult:
    """Move the source's passages, entries and event links to the target, then delete the source."""
    with library.writing() as session:
        source, target = _tag(session, source_id), _tag(session, target_id)
        if source.id == target.id:
            raise VocabularyRefused(f"\u201c{source.label}\u201d cannot be merged into itself.")
        _refuse_builtin(source, "merged into another tag (merge the other tag into it instead)")
        if source.kind != target.kind:
            raise VocabularyRefused(
                f"\u201c{source.label}\u201d is a {KIND_LABELS[source.kind].lower()} and \u201c{target.label}\u201d a "
                f"{KIND_LABELS[target.kind].lower()}: only tags of the same kind can be merged."
            )
        ancestor = target.parent
        while ancestor is not None:
            if ancestor.id == source.id:
                raise VocabularyRefused(
                    f"\u201c{target.label}\u201d sits under \u201c{source.label}\u201d: merging would put it under itself."
                )
            ancestor = ancestor.parent
        annotation_ids = _annotation_ids(session, source_id)
        already = set(_annotation_ids(session, target_id))
        children = list(source.children)
        for child in children:
            rules.check(session, rows.fields_of(child).with_changes(parent_id=target.id), child.id)
        added = tuple(a for a in annotation_ids if a not in already)
        snapshot = rows.snapshot_of(source, annotation_ids, tuple(child.id for child in children))
        relinked, unlinked = _relink_events(session, source.slug, target.slug)
        snapshot = replace(snapshot, relinked_event_ids=relinked, unlinked_event_ids=unlinked)
        # Delete and insert rather than update: the annotation index follows inserts and deletes.
        session.execute(delete(AnnotationTag).where(AnnotationTag.tag_id == source_id))
        session.add_all(AnnotationTag(annotation_id=a, tag_id=target_id) for a in added)
        for child in children:
            child.parent_id = target.id
        session.flush()
        session.expire(source, ["children"])
        session.delete(source)
        return MergeResult(source=snapshot, target_id=target_id, added_to_target=added)


def restore_tag(library: Library, result: MergeResult) -> TagInfo:
    """Undo a delete or merge: the tag comes back with its id, slug, passages and entries."""
    snapshot = result.source
    with library.writing() as session:
        if session.get(Tag, snapshot.id) is not None or session.scalar(select(Tag.id).where(Tag.slug == snapshot.slug)):
            raise VocabularyRefused(f"\u201c{snapshot.fields.label}\u201d cannot come back: its place is taken.")
        tag = Tag(id=snapshot.id, slug=snapshot.slug, builtin=snapshot.builtin, created_at=snapshot.created_at)
        rows.write_fields(tag, snapshot.fields)
        session.add(tag)
        session.flush()
        present = set(session.scalars(select(Annotation.id).where(Annotation.id.in_(snapshot.annotation_ids))))
        if result.target_id is not None:
            session.execute(
                delete(AnnotationTag).where(
                    AnnotationTag.tag_id == result.target_id,
                    AnnotationTag.annotation_id.in_(result.added_to_target),
                )
            )
            target = session.get(Tag, result.target_id)
            for child_id in snapshot.child_ids:
                child = session.get(Tag, child_id)
                if child is not None and child.parent_id == result.target_id:
                    child.parent_id = snapshot.id
            if target is not None:
                for event_id in snapshot.relinked_event_ids:
                    _replace_link(session.get(Tag, event_id), target.slug, snapshot.slug)
            for event_id in snapshot.unlinked_event_ids:
                event = session.get(Tag, event_id)
                if event is not None:
                    actors, treaties = rows.split_parties(event.parties)
                    event.parties = rows.join_parties(actors, (*treaties, snapshot.slug))
        session.add_all(AnnotationTag(annotation_id=a, tag_id=snapshot.id) for a in snapshot.annotation_ids if a in present)
        session.flush()
        return rows.info_of(tag, passage_counts(session, [tag.id]).get(tag.id, 0))


def _tag(session: Session, tag_id: int) -> Tag:
    tag = session.get(Tag, tag_id)
    if tag is None:
        raise NotFound(f"Tag #{tag_id} is not in the library (it may have been deleted).")
    return tag


def _refuse_builtin(tag: Tag, verb: str) -> None:
    if tag.builtin:
        raise VocabularyRefused(f"\u201c{tag.label}\u201d is built in and cannot be {verb}.")


def _annotation_ids(session: Session, tag_id: int) -> tuple[int, ...]:
    return tuple(session.scalars(
        select(AnnotationTag.annotation_id).where(AnnotationTag.tag_id == tag_id).order_by(AnnotationTag.annotation_id)
    ))


def _relink_events(session: Session, old_slug: str, new_slug: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Point events' treaty links from ``old_slug`` to ``new_slug``: (relinked, only unlinked) event ids."""
    relinked: list[int] = []
    unlinked: list[int] = []
    for event in session.scalars(select(Tag).where(Tag.kind == "event")):
        treaties = rows.split_parties(event.parties)[1]
        if old_slug in treaties:
            (unlinked if new_slug in treaties else relinked).append(event.id)
            _replace_link(event, old_slug, new_slug)
    return tuple(relinked), tuple(unlinked)


def _replace_link(event: Tag | None, old_slug: str, new_slug: str) -> bool:
    if event is None:
        return False
    actors, treaties = rows.split_parties(event.parties)
    if old_slug not in treaties:
        return False
    replaced = tuple(dict.fromkeys(new_slug if slug == old_slug else slug for slug in treaties))
    event.parties = rows.join_parties(actors, replaced)
    return True
