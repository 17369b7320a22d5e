"""Passages per tag, kept by the database (revision 0023): after every kind of change, on both
engines, the kept counts equal a count made from scratch."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import delete, func, select, update

from app.services import annotations as notes
from app.services.importing import import_paths
from app.store.models import Annotation, AnnotationTag, Tag
from app.vocabulary.tags import list_tags, merge_tags, passage_counts
from tests.app.test_annotations import selection
from tests.pdfs import make_pdf


def counted_from_scratch(library) -> dict[int, int]:
    with library.reading() as session:
        rows = session.execute(
            select(AnnotationTag.tag_id, func.count())
            .join(Annotation, Annotation.id == AnnotationTag.annotation_id)
            .where(Annotation.deleted_at.is_(None))
            .group_by(AnnotationTag.tag_id))
        return {tag_id: count for tag_id, count in rows}


def kept(library) -> dict[int, int]:
    with library.reading() as session:
        return passage_counts(session)


@pytest.fixture
def tagged(either_library, tmp_path):
    library = either_library
    lines = [f"{n}. Detainees were held in cell {n} for days." for n in range(12)]
    document = import_paths(library, [make_pdf(tmp_path / "r.pdf", ["\n".join(lines)])])[0].document.id
    with library.writing() as session:
        tags = [Tag(slug=f"theme-{n}", kind="theme", label=f"Theme {n}") for n in range(4)]
        session.add_all(tags)
        session.flush()
        tag_ids = [tag.id for tag in tags]
    made = [notes.create_annotation(library, notes.draft_from_selection(
        selection(library, document, line), tag_ids=tag_ids[: 1 + n % 3])) for n, line in enumerate(lines)]
    return library, made, tag_ids


def test_tagging_untagging_trash_restore_and_removal_keep_the_counts(tagged):
    library, made, tag_ids = tagged
    assert kept(library) == counted_from_scratch(library) == {tag_ids[0]: 12, tag_ids[1]: 8, tag_ids[2]: 4}
    notes.set_tags(library, made[0].uuid, [tag_ids[3]])  # untagged from one, tagged with another
    notes.trash(library, [made[1].uuid, made[2].uuid])
    assert kept(library) == counted_from_scratch(library)
    assert kept(library)[tag_ids[3]] == 1 and kept(library)[tag_ids[0]] == 9
    notes.set_tags(library, made[1].uuid, [tag_ids[3]])  # a passage in the trash retagged: not counted
    assert kept(library) == counted_from_scratch(library)
    notes.restore(library, [made[1].uuid])
    assert kept(library) == counted_from_scratch(library) and kept(library)[tag_ids[3]] == 2
    notes.empty_trash(library)  # made[2] goes for good: it was not counted any more
    notes.discard(library, made[3].uuid)  # a live one removed outright
    assert kept(library) == counted_from_scratch(library)


def test_a_merge_and_writes_from_any_client_keep_the_counts(tagged):
    library, made, tag_ids = tagged
    merge_tags(library, tag_ids[2], tag_ids[1])
    assert kept(library) == counted_from_scratch(library)
    with library.writing() as session:  # as another program would write, outside the app's services
        session.execute(update(AnnotationTag).where(AnnotationTag.tag_id == tag_ids[1]).values(tag_id=tag_ids[3]))
        session.execute(delete(Annotation).where(Annotation.id == made[4].id))
    assert kept(library) == counted_from_scratch(library)
    listed = {tag.id: tag.passages for tag in list_tags(library) if tag.id in tag_ids}
    assert tag_ids[2] not in listed  # merged away; its row of counts went with it
    assert listed == {tag_id: counted_from_scratch(library).get(tag_id, 0) for tag_id in listed}


def test_counts_hold_after_a_random_run_of_changes(tagged):
    library, made, tag_ids = tagged
    chance = random.Random(2026)
    for _ in range(40):
        passage = chance.choice(made)
        step = chance.randrange(3)
        try:
            if step == 0:
                notes.set_tags(library, passage.uuid, chance.sample(tag_ids, chance.randint(0, 3)))
            elif step == 1:
                notes.trash(library, [passage.uuid])
            else:
                notes.restore(library, [passage.uuid])
        except Exception:  # noqa: BLE001 - a passage already removed: skipped, as a user could not do it
            continue
    assert kept(library) == counted_from_scratch(library)
