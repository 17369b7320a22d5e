"""Annotations: anchors, edits, tags, trash; every edit saved at once and returned as it stands."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from app.errors import LibraryError, NotFound
from app.services import annotations as notes
from app.services.importing import import_paths
from app.store.models import PAGE_SEPARATOR, Document, PageText, Tag
from app.text.selection import PageSelection, TextSelection
from tests.app.test_detection import CPT_COVER
from tests.pdfs import make_image_only_pdf, make_pdf

QUAD = (70.0, 100.0, 200.0, 100.0, 70.0, 112.0, 200.0, 112.0)


@pytest.fixture
def report(library, tmp_path):
    pages = [
        CPT_COVER,
        "1. The delegation visited police stations.\n2. Detainees alleged ill-treatment during arrest.",
        "3. Restraint was used for hours.\n4. The Committee recommends an end to this practice.\n5. Records were kept.",
    ]
    [outcome] = import_paths(library, [make_pdf(tmp_path / "report.pdf", pages)])
    return outcome.document.id


def document_text(library, document_id):
    with library.reading() as session:
        return PAGE_SEPARATOR.join(
            session.scalars(select(PageText.text).where(PageText.document_id == document_id).order_by(PageText.page_index))
        )


def selection(library, document_id, phrase, until=None):
    """A selection of ``phrase`` (through ``until``) as the viewer would hand it over."""
    full = document_text(library, document_id)
    start = full.index(phrase)
    end = full.index(until) + len(until) if until else start + len(phrase)
    pages = []
    offset = 0
    for index, page_text in enumerate(full.split(PAGE_SEPARATOR)):
        low, high = max(start, offset), min(end, offset + len(page_text))
        if low < high:
            pages.append(PageSelection(index, (QUAD,), low - offset, high - offset, full[low:high]))
        offset += len(page_text) + 1
    return TextSelection(document_id, tuple(pages), full[start:end], start, end)


def make_tag(library, slug, label, code=None, kind="article"):
    with library.writing() as session:
        tag = Tag(slug=slug, kind=kind, label=label, code=code)
        session.add(tag)
        session.flush()
        return tag.id


def test_a_highlight_keeps_every_anchor(library, report):
    chosen = selection(library, report, "Detainees alleged ill-treatment")
    made = notes.create_annotation(library, notes.draft_from_selection(chosen, color="green", note="key passage"))

    full = document_text(library, report)
    assert full[made.start_offset : made.end_offset] == made.quote == "Detainees alleged ill-treatment"
    assert made.suffix and made.suffix == full[made.end_offset : made.end_offset + len(made.suffix)]
    assert made.prefix == full[made.start_offset - len(made.prefix) : made.start_offset] and made.prefix.endswith("2. ")
    assert made.paragraphs == ("2",)
    assert (made.page_index, made.targets) == (1, (notes.Target(1, (QUAD,)),))
    assert (made.color, made.note, made.origin, made.anchor_status) == ("green", "key passage", "user", "anchored")
    assert notes.list_annotations(library, report) == [made]


def test_a_passage_across_a_page_break_is_one_annotation(library, report):
    chosen = selection(library, report, "ill-treatment during arrest.", until="Restraint was used")
    made = notes.create_annotation(library, notes.draft_from_selection(chosen))
    assert [target.page_index for target in made.targets] == [1, 2]
    assert made.paragraphs == ("2", "3")
    assert len(notes.list_annotations(library, report)) == 1


def test_edits_are_saved_and_returned(library, report):
    made = notes.create_annotation(library, notes.draft_from_selection(selection(library, report, "Restraint")))
    assert notes.set_note(library, made.uuid, "ask for the registers").note == "ask for the registers"
    assert notes.set_color(library, made.uuid, "purple").color == "purple"
    again = notes.get_annotation(library, made.uuid)
    assert (again.note, again.color) == ("ask for the registers", "purple")
    assert again.updated_at >= made.updated_at


def test_tags_are_set_exactly_and_searchable(library, report):
    article = make_tag(library, "echr-art-3", "Prohibition of torture", "ECHR Art. 3")
    event = make_tag(library, "death-2024", "Death in custody", kind="event")
    made = notes.create_annotation(
        library, notes.draft_from_selection(selection(library, report, "Restraint"), tag_ids=[article])
    )
    assert [tag.code for tag in made.tags] == ["ECHR Art. 3"]
    tagged = notes.set_tags(library, made.uuid, [event, article])
    assert {tag.slug for tag in tagged.tags} == {"echr-art-3", "death-2024"}
    assert notes.set_tags(library, made.uuid, [event]).tags[0].slug == "death-2024"
    with library.reading() as session:
        found = session.execute(text("SELECT rowid FROM annotation_fts WHERE annotation_fts MATCH 'custody'")).scalars().all()
    assert found == [made.id]


def test_an_unknown_tag_changes_nothing(library, report):
    made = notes.create_annotation(library, notes.draft_from_selection(selection(library, report, "Restraint")))
    with pytest.raises(NotFound):
        notes.set_tags(library, made.uuid, [9999])
    assert notes.get_annotation(library, made.uuid).tags == ()


def test_trash_restore_and_empty(library, report):
    kept = notes.create_annotation(library, notes.draft_from_selection(selection(library, report, "Records")))
    gone = notes.create_annotation(library, notes.draft_from_selection(selection(library, report, "Restraint")))
    notes.trash(library, [gone.uuid])
    assert [a.uuid for a in notes.list_annotations(library, report)] == [kept.uuid]
    assert [a.uuid for a in notes.list_trash(library)] == [gone.uuid]
    notes.restore(library, [gone.uuid])
    assert {a.uuid for a in notes.list_annotations(library, report)} == {kept.uuid, gone.uuid}
    notes.trash(library, [gone.uuid])
    assert notes.empty_trash(library) == 1
    with pytest.raises(NotFound):
        notes.get_annotation(library, gone.uuid)
    assert notes.list_trash(library) == []


def test_undoing_a_creation_and_redoing_it_keeps_its_identity(library, report):
    draft = notes.draft_from_selection(selection(library, report, "Restraint"))
    made = notes.create_annotation(library, draft)
    notes.discard(library, made.uuid)
    assert notes.list_annotations(library, report) == []
    again = notes.create_annotation(library, notes.AnnotationDraft(**{**draft.__dict__, "uuid": made.uuid}))
    assert again.uuid == made.uuid and again.quote == made.quote


def test_an_area_on_a_scan_needs_no_text(library, tmp_path):
    [outcome] = import_paths(library, [make_image_only_pdf(tmp_path / "scan.pdf")])
    area = notes.AnnotationDraft(
        outcome.document.id, (notes.Target(0, ((50.0, 50.0, 300.0, 50.0, 50.0, 200.0, 300.0, 200.0),)),),
        kind="area", note="stamp of the prison administration",
    )
    made = notes.create_annotation(library, area)
    assert (made.kind, made.quote, made.start_offset, made.paragraphs) == ("area", "", None, ())


@pytest.mark.parametrize(
    "note",
    ["x" * 1_000_000, "تم احتجازه دون محاكمة", "👩‍⚖️ 🏛️ ✊🏽", "100% \"quoted\" 'twice'; DROP TABLE annotations; --", "a\nb\tc"],
)
def test_notes_are_stored_exactly_as_typed(library, report, note):
    made = notes.create_annotation(library, notes.draft_from_selection(selection(library, report, "Records"), note=note))
    assert notes.get_annotation(library, made.uuid).note == note


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"targets": ()}, "nothing was selected"),
        ({"kind": "scribble"}, "Unknown kind"),
        ({"color": "octarine"}, "Unknown colour"),
        ({"start_offset": 10**9, "end_offset": 10**9 + 5}, "does not lie inside"),
        ({"end_offset": None}, "both its start and its end"),
    ],
)
def test_bad_drafts_are_refused_and_nothing_is_saved(library, report, change, message):
    draft = notes.draft_from_selection(selection(library, report, "Restraint"))
    with pytest.raises(LibraryError, match=message):
        notes.create_annotation(library, notes.AnnotationDraft(**{**draft.__dict__, **change}))
    assert notes.list_annotations(library, report) == []


def test_annotations_stay_listed_when_the_documents_file_is_missing(library, report):
    made = notes.create_annotation(library, notes.draft_from_selection(selection(library, report, "Restraint")))
    with library.reading() as session:
        file_name = session.get(Document, report).file_name
    path = library.file_path(file_name)
    path.chmod(0o644)
    path.unlink()
    assert [a.uuid for a in notes.list_annotations(library, report)] == [made.uuid]
