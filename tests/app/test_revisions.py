"""A reissued report: annotations move to the new revision, re-anchored; none is lost."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from app.services import annotations as notes
from app.services.importing import import_paths
from app.services.revisions import carry_over
from app.store.models import PAGE_SEPARATOR
from app.text.anchoring import locate
from app.text.selection import PageSelection, TextSelection
from tests.app.test_annotations import document_text

RUSSIA = "upr-wg-report__russia2013.pdf"
KEPT = "The Netherlands raised the question of the LGBT community"
CHANGED = "Ecuador welcomed the ratification of international human rights instruments"
REMOVED = "Denmark was concerned that the situation"


def annotate(library, document_id, phrase, note):
    full = document_text(library, document_id)
    start = full.index(phrase)
    end = start + len(phrase)
    page = full.count(PAGE_SEPARATOR, 0, start)
    page_start = full.rfind(PAGE_SEPARATOR, 0, start) + 1
    part = PageSelection(page, ((0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0),), start - page_start, end - page_start, phrase)
    selection = TextSelection(document_id, (part,), phrase, start, end)
    return notes.create_annotation(library, notes.draft_from_selection(selection, note=note))


def reissue(source: Path, target: Path) -> Path:
    """The report reissued: contents page dropped, one word changed, one passage struck out."""
    document = pymupdf.open(source)
    document.delete_page(1)
    for page in document:
        changed = page.search_for("ratification of international")
        for rect in changed[:1]:
            page.add_redact_annot(rect, text="accession to international", fontsize=8)
        for quad in page.search_for(REMOVED, quads=True):
            page.add_redact_annot(quad)
        page.apply_redactions()
    document.save(target)
    document.close()
    return target


@pytest.fixture
def two_revisions(library, real_corpus, tmp_path):
    [old] = import_paths(library, [real_corpus / RUSSIA])
    [new] = import_paths(library, [reissue(real_corpus / RUSSIA, tmp_path / "reissued.pdf")])
    assert new.status == "imported"
    return old.document.id, new.document.id


def test_annotations_move_to_the_new_revision_and_none_is_lost(library, two_revisions):
    old_id, new_id = two_revisions
    kept = annotate(library, old_id, KEPT, "LGBT")
    changed = annotate(library, old_id, CHANGED, "ratification")
    removed = annotate(library, old_id, REMOVED, "Denmark")
    area = notes.create_annotation(library, notes.AnnotationDraft(
        old_id, (notes.Target(3, ((50.0, 50.0, 90.0, 50.0, 50.0, 90.0, 90.0, 90.0),)),), kind="area", note="stamp"))

    report = carry_over(library, old_id, new_id)

    assert set(report.anchored) == {kept.uuid, area.uuid}
    assert report.fuzzy == (changed.uuid,) and report.orphans == (removed.uuid,)
    moved = {a.uuid: a for a in notes.list_annotations(library, new_id)}
    assert set(moved) == {kept.uuid, changed.uuid, removed.uuid, area.uuid}
    assert notes.list_annotations(library, old_id) == []
    assert {a.note for a in moved.values()} == {"LGBT", "ratification", "Denmark", "stamp"}

    new_text = document_text(library, new_id)
    again = moved[kept.uuid]
    assert new_text[again.start_offset : again.end_offset] == KEPT
    assert again.page_index == kept.page_index - 1 and again.paragraphs == ("50",)
    fuzzy = moved[changed.uuid]
    # The reissue dropped "ratification": found all the same, by likeness and context.
    assert fuzzy.anchor_status == "fuzzy" and fuzzy.quote.startswith("Ecuador welcomed the")
    assert "ratification" not in fuzzy.quote and fuzzy.quote.rstrip().endswith("instruments")
    assert moved[removed.uuid].anchor_status == "orphan" and moved[removed.uuid].quote == REMOVED


def test_new_quads_lie_over_the_passage_on_the_new_page(library, two_revisions, tmp_path):
    old_id, new_id = two_revisions
    kept = annotate(library, old_id, KEPT, "")
    carry_over(library, old_id, new_id)
    moved = notes.get_annotation(library, kept.uuid)
    [target] = moved.targets
    x0, y0, x1, _, _, y1, _, _ = target.quads[0]
    with pymupdf.open(tmp_path / "reissued.pdf") as pdf:
        words = pdf[target.page_index].get_textbox(pymupdf.Rect(x0, y0, x1, y1))
    assert "Netherlands" in words


def test_locate_prefers_the_occurrence_with_the_same_context():
    text = "first: the delegation said yes. second: the delegation said no."
    found = locate(text, "the delegation said", prefix="second: ", suffix=" no.")
    assert text[found.start :].startswith("the delegation said no") and found.exact


def test_locate_gives_up_rather_than_guess():
    assert locate("completely different words here", "The Committee recommends restraint be ended") is None
    assert locate("short text", "q") is None
