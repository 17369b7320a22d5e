"""Creating, editing, merging and deleting tags; bad changes refused with nothing changed."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app.errors import NotFound
from app.vocabulary import tags
from app.vocabulary.passages import list_events, passages_for_tag
from app.vocabulary.records import TagFields
from app.vocabulary.rules import VocabularyRefused
from tests.vocabulary_helpers import add_document, add_passage, tag_ids_of


def theme(library, label: str, parent: int | None = None):
    return tags.create_tag(library, TagFields(kind="theme", label=label, parent_id=parent))


def event(library, label: str, start: str = "2024-02-16", end: str | None = None, **more):
    fields = TagFields(kind="event", label=label, event_type=more.pop("event_type", "death_in_custody"),
                       date_start=start, date_end=end, **more)
    return tags.create_tag(library, fields)


def snapshot(library):
    return [(t.id, t.slug, t.fields, t.passages) for t in tags.list_tags(library)]


def refused(library, action, *words: str) -> str:
    before = snapshot(library)
    with pytest.raises(VocabularyRefused) as caught:
        action()
    assert snapshot(library) == before, "a refused change altered the vocabulary"
    message = str(caught.value)
    for word in words:
        assert word in message, message
    return message


def test_an_event_keeps_its_dates_place_actors_and_treaties(library):
    created = event(library, "Death in custody at Kharp", place="Kharp", country="Russian Federation",
                    actors=("Federal Penitentiary Service",), treaties=("ecpt",))
    got = tags.get_tag(library, created.id)
    assert got.fields.date_precision == "day"  # stated by the date's form
    assert got.fields.actors == ("Federal Penitentiary Service",) and got.fields.treaties == ("ecpt",)
    assert got.slug == "event-death-in-custody-at-kharp"


def test_slug_is_kept_when_the_tag_is_renamed(library):
    created = theme(library, "Solitary confinement")
    renamed = tags.update_tag(library, created.id, created.fields.with_changes(label="Isolation"))
    assert renamed.slug == created.slug == "theme-solitary-confinement"
    again = theme(library, "Solitary confinement")
    assert again.slug == "theme-solitary-confinement-2"


def test_duplicate_name_at_one_level_is_refused(library):
    parent = theme(library, "Detention")
    theme(library, "Overcrowding", parent.id)
    refused(library, lambda: theme(library, "overcrowding", parent.id), "already has this name")
    refused(library, lambda: theme(library, "Detention"), "already has this name", "top level")
    other = theme(library, "Prisons")
    assert theme(library, "Overcrowding", other.id).parent_id == other.id  # another level: fine
    renamed = theme(library, "Food")
    refused(library, lambda: tags.update_tag(library, renamed.id, renamed.fields.with_changes(label="Prisons")),
            "already has this name")


def test_a_cycle_in_the_hierarchy_is_refused(library):
    top = theme(library, "Detention")
    middle = theme(library, "Prisons", top.id)
    bottom = theme(library, "Overcrowding", middle.id)
    refused(library, lambda: tags.update_tag(library, top.id, top.fields.with_changes(parent_id=bottom.id)),
            "circle")
    refused(library, lambda: tags.update_tag(library, top.id, top.fields.with_changes(parent_id=top.id)), "circle")


def test_an_article_must_sit_under_a_treaty(library):
    refused(library, lambda: tags.create_tag(library, TagFields(kind="article", label="Article 99")), "under a treaty")
    a_theme = theme(library, "Detention")
    refused(library, lambda: tags.create_tag(library, TagFields(kind="article", label="Art", parent_id=a_theme.id)),
            "cannot sit under a theme")


def test_an_event_ending_before_it_starts_is_refused(library):
    refused(library, lambda: event(library, "Visit", "2024-03-10", "2024-03-01"), "ends (2024-03-01) before it starts")
    created = event(library, "Visit", "2024-03-10", "2024-03-20", event_type="monitoring_visit")
    refused(library, lambda: tags.update_tag(library, created.id, created.fields.with_changes(date_end="2023")),
            "before it starts")
    # A vaguer end that still covers the start is not "before".
    assert event(library, "Report", "2024-03-15", "2024-03", event_type="other").fields.date_end == "2024-03"


def test_bad_dates_types_and_colours_are_refused(library):
    refused(library, lambda: event(library, "E", "16/02/2024"), "is not a date")
    refused(library, lambda: event(library, "E", "2024-02-30"), "not a date that exists")
    refused(library, lambda: event(library, "E", "2024", event_type="riot"), "event type")
    refused(library, lambda: tags.create_tag(library, TagFields(kind="event", label="E", event_type="other")), "needs a date")
    refused(library, lambda: tags.create_tag(library, TagFields(kind="theme", label="T", color="red")), "#RRGGBB")
    refused(library, lambda: tags.create_tag(library, TagFields(kind="theme", label="  ")), "needs a name")


def test_passage_counts_leave_out_the_trash(library):
    tag = theme(library, "Ill-treatment")
    document = add_document(library)
    add_passage(library, document, [tag.id])
    add_passage(library, document, [tag.id])
    add_passage(library, document, [tag.id], trashed=True)
    assert tags.get_tag(library, tag.id).passages == 2
    assert {t.id: t.passages for t in tags.list_tags(library)}[tag.id] == 2


def test_merge_moves_passages_children_and_event_links_and_can_be_undone(library):
    treaty = tags.create_tag(library, TagFields(kind="treaty", label="Old name of a convention"))
    keep = tags.create_tag(library, TagFields(kind="treaty", label="A convention"))
    article = tags.create_tag(library, TagFields(kind="article", label="Article 1", parent_id=treaty.id))
    linked = event(library, "Withdrawal", event_type="denunciation", treaties=(treaty.slug,))
    document = add_document(library)
    only_source, _ = add_passage(library, document, [treaty.id])
    both, _ = add_passage(library, document, [treaty.id, keep.id])

    result = tags.merge_tags(library, treaty.id, keep.id)

    assert result.moved == 2
    with pytest.raises(NotFound):
        tags.get_tag(library, treaty.id)
    assert tags.get_tag(library, keep.id).passages == 2
    assert tag_ids_of(library, only_source) == tag_ids_of(library, both) == {keep.id}
    assert tags.get_tag(library, article.id).parent_id == keep.id
    assert tags.get_tag(library, linked.id).fields.treaties == (keep.slug,)

    restored = tags.restore_tag(library, result)

    assert (restored.id, restored.slug, restored.passages) == (treaty.id, treaty.slug, 2)
    assert tag_ids_of(library, only_source) == {treaty.id}
    assert tag_ids_of(library, both) == {treaty.id, keep.id}
    assert tags.get_tag(library, article.id).parent_id == treaty.id
    assert tags.get_tag(library, linked.id).fields.treaties == (treaty.slug,)


def test_merged_passages_are_found_by_the_target_words(library):
    source, target = theme(library, "Beatings"), theme(library, "Ill-treatment")
    annotation, _ = add_passage(library, add_document(library), [source.id])
    tags.merge_tags(library, source.id, target.id)
    with library.reading() as session:
        hits = session.execute(text("SELECT rowid FROM annotation_fts WHERE annotation_fts MATCH 'treatment'")).scalars()
        assert list(hits) == [annotation]


def test_merge_refuses_other_kinds_itself_and_its_own_descendants(library):
    a_theme = theme(library, "Detention")
    child = theme(library, "Prisons", a_theme.id)
    an_event = event(library, "Visit", event_type="monitoring_visit")
    refused(library, lambda: tags.merge_tags(library, a_theme.id, an_event.id), "same kind")
    refused(library, lambda: tags.merge_tags(library, a_theme.id, a_theme.id), "into itself")
    refused(library, lambda: tags.merge_tags(library, a_theme.id, child.id), "under itself")


def test_delete_is_refused_while_passages_use_the_tag(library):
    tag = theme(library, "Beatings")
    document = add_document(library)
    add_passage(library, document, [tag.id])
    add_passage(library, document, [tag.id], trashed=True)
    refused(library, lambda: tags.delete_tag(library, tag.id), "1 passage and 1 in the trash", "move to")


def test_delete_moves_passages_where_the_user_says(library):
    tag, other = theme(library, "Beatings"), theme(library, "Ill-treatment")
    annotation, _ = add_passage(library, add_document(library), [tag.id])
    result = tags.delete_tag(library, tag.id, move_passages_to=other.id)
    assert tag_ids_of(library, annotation) == {other.id}
    tags.restore_tag(library, result)
    assert tag_ids_of(library, annotation) == {tag.id}


def test_delete_of_an_unused_tag_can_be_undone(library):
    tag = theme(library, "Beatings")
    result = tags.delete_tag(library, tag.id)
    assert all(t.id != tag.id for t in tags.list_tags(library))
    assert tags.restore_tag(library, result).slug == tag.slug


def test_delete_refuses_a_tag_with_entries_under_it(library):
    parent = theme(library, "Detention")
    theme(library, "Prisons", parent.id)
    refused(library, lambda: tags.delete_tag(library, parent.id), "1 entries under it")


def test_passages_of_a_tag_list_the_right_passages_with_their_locators(library):
    tag, other = theme(library, "Beatings"), theme(library, "Food")
    report = add_document(library, "Visit report", "CPT/Inf (2024) 23", page_labels=["i", "1", "2"])
    first, uuid_first = add_passage(library, report, [tag.id], "struck with batons", page=2, paragraphs=["45"])
    add_passage(library, report, [other.id], "meals were cold")
    add_passage(library, report, [tag.id], "in the trash", trashed=True)

    found = passages_for_tag(library, tag.id)

    assert [(p.annotation_id, p.annotation_uuid, p.quote) for p in found] == [(first, uuid_first, "struck with batons")]
    assert found[0].locator == "CPT/Inf (2024) 23, para. 45, p. 2"
    assert (found[0].document_id, found[0].page_index) == (report, 2)


def test_events_are_listed_in_time_order(library):
    event(library, "Later", "2024-11", event_type="report_publication")
    event(library, "Earlier", "1996-02-28", event_type="ratification")
    event(library, "Middle", "2022", "2023", event_type="legislation")
    assert [e.label for e in list_events(library)] == ["Earlier", "Middle", "Later"]


def test_undoing_a_merge_gives_back_both_links_of_an_event_that_named_both(library):
    old = tags.create_tag(library, TagFields(kind="treaty", label="Old"))
    new = tags.create_tag(library, TagFields(kind="treaty", label="New"))
    both = event(library, "Both", event_type="other", treaties=(old.slug, new.slug))
    result = tags.merge_tags(library, old.id, new.id)
    assert tags.get_tag(library, both.id).fields.treaties == (new.slug,)
    tags.restore_tag(library, result)
    assert set(tags.get_tag(library, both.id).fields.treaties) == {old.slug, new.slug}
