"""Importing PDFs: what is kept, deduplication, passwords and scans."""

from __future__ import annotations

import hashlib
import stat

import pymupdf
import pytest
from sqlalchemy import func, select, text

from app.services import importing
from app.services.documents import document_details, list_documents, search_text
from app.services.importing import import_paths
from app.services.structure import list_paragraphs
from app.store.models import PAGE_SEPARATOR, Document, PageText
from tests.pdfs import make_image_only_pdf, make_pdf

PAGES = [
    "Cover: Report to the Government on the visit carried out by the Committee",
    "1. The delegation visited police stations and prisons.",
    "2. Allegations of ill-treatment by custodial staff were heard.",
    "3. The Committee recommends that restraint is used only as a last resort.",
]


@pytest.fixture
def report(tmp_path):
    return make_pdf(
        tmp_path / "report.pdf",
        PAGES,
        title="Report on a periodic visit",
        author="A. Rapporteur",
        labels=[
            {"startpage": 0, "prefix": "", "style": "r", "firstpagenum": 1},
            {"startpage": 1, "prefix": "", "style": "D", "firstpagenum": 1},
        ],
        toc=[[1, "Introduction", 2], [2, "Police", 3], [1, "Recommendations", 4]],
    )


def test_import_keeps_metadata_labels_outline_and_text(library, report):
    [outcome] = import_paths(library, [report])

    assert outcome.status == "imported", outcome.reason
    info = outcome.document
    assert info.title == "Report on a periodic visit"
    assert info.author == "A. Rapporteur"
    assert info.page_count == 4 and info.text_pages == 4 and info.has_text_layer
    assert info.sha256 == hashlib.sha256(report.read_bytes()).hexdigest()
    details = document_details(library, info.id)
    assert details.page_labels == ("i", "1", "2", "3")
    assert [(e.level, e.title, e.page_index) for e in details.outline] == [
        (1, "Introduction", 1),
        (2, "Police", 2),
        (1, "Recommendations", 3),
    ]
    assert details.pdf_created == "2024-03-12T10:15:00+01:00"


def test_page_texts_match_pymupdf_and_offsets_chain_across_pages(library, report):
    [outcome] = import_paths(library, [report])
    with pymupdf.open(report) as reference:
        expected = [page.get_text() for page in reference]
    with library.reading() as session:
        pages = session.scalars(
            select(PageText).where(PageText.document_id == outcome.document.id).order_by(PageText.page_index)
        ).all()
    assert [page.text for page in pages] == expected
    document_text = PAGE_SEPARATOR.join(expected)
    for page in pages:
        assert document_text[page.start_offset : page.start_offset + len(page.text)] == page.text
    assert (pages[0].width, pages[0].height) == (595, 842)


def test_library_copy_is_read_only_and_identical(library, report):
    [outcome] = import_paths(library, [report])
    copy = library.file_path(outcome.document.file_name)
    assert copy.read_bytes() == report.read_bytes()
    assert not copy.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert outcome.document.original_path == str(report.resolve())


def test_same_bytes_twice_give_the_existing_document(library, report, tmp_path):
    renamed = tmp_path / "copy of report.pdf"
    renamed.write_bytes(report.read_bytes())

    first = import_paths(library, [report])
    again = import_paths(library, [report, renamed])

    assert [o.status for o in again] == ["present", "present"]
    assert {o.document.id for o in again} == {first[0].document.id}
    assert len(list_documents(library)) == 1
    assert len(list(library.files_dir.iterdir())) == 1


def test_duplicates_inside_one_batch_are_imported_once(library, report, tmp_path):
    twin = tmp_path / "twin.pdf"
    twin.write_bytes(report.read_bytes())
    outcomes = import_paths(library, [report, twin])
    assert [o.status for o in outcomes] == ["imported", "present"]
    assert outcomes[0].document.id == outcomes[1].document.id


def test_folders_are_searched_recursively_for_pdfs(library, tmp_path):
    (tmp_path / "in" / "sub").mkdir(parents=True)
    make_pdf(tmp_path / "in" / "a.pdf", ["alpha"])
    make_pdf(tmp_path / "in" / "sub" / "b.PDF", ["bravo"])
    (tmp_path / "in" / "notes.txt").write_text("not a pdf")
    outcomes = import_paths(library, [tmp_path / "in"])
    assert sorted(o.path.rsplit("/", 1)[-1] for o in outcomes) == ["a.pdf", "b.PDF"]
    assert all(o.status == "imported" for o in outcomes)


def test_progress_is_reported_for_every_file(library, tmp_path):
    paths = [make_pdf(tmp_path / f"{n}.pdf", [f"document number {n}"]) for n in range(3)]
    seen = []
    import_paths(library, paths + [tmp_path / "missing.pdf"], progress=lambda d, t, o: seen.append((d, t)))
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_cancelling_leaves_the_rest_unimported(library, tmp_path):
    paths = [make_pdf(tmp_path / f"{n}.pdf", [f"text {n}"]) for n in range(3)]
    outcomes = import_paths(library, paths, cancelled=lambda: True)
    assert [o.status for o in outcomes] == ["failed"] * 3
    assert all("cancelled" in o.reason for o in outcomes)
    assert list_documents(library) == []


def test_encrypted_pdf_needs_its_password(library, tmp_path):
    locked = make_pdf(tmp_path / "locked.pdf", ["secret testimony"], user_password="pässwört")

    [missing] = import_paths(library, [locked])
    [wrong] = import_paths(library, [locked], password="guess")
    assert missing.status == wrong.status == "failed"
    assert "locked.pdf" in missing.message and "password" in missing.reason
    assert "does not open it" in wrong.reason
    assert list_documents(library) == [] and not any(library.files_dir.iterdir())

    [opened] = import_paths(library, [locked], password="pässwört")
    assert opened.status == "imported" and opened.document.encrypted
    assert [hit.document_id for hit in search_text(library, "testimony")] == [opened.document.id]


def test_scan_without_text_layer_is_flagged(library, tmp_path):
    [outcome] = import_paths(library, [make_image_only_pdf(tmp_path / "scan.pdf")])
    assert outcome.status == "imported"
    assert not outcome.document.has_text_layer and outcome.document.text_pages == 0


def test_search_text_reports_pages_labels_and_marked_words(library, report):
    import_paths(library, [report])
    hits = search_text(library, "restraint")
    assert [(h.page_index, h.page_label) for h in hits] == [(3, "3")]
    start, end = hits[0].highlights[0]
    assert hits[0].snippet[start:end] == "restraint"
    assert search_text(library, "Ill-treatment")[0].page_index == 2
    assert search_text(library, "nowhere-to-be-found") == []


def test_page_text_index_follows_the_table(library, report):
    import_paths(library, [report])
    with library.writing() as session:
        session.execute(text("UPDATE page_texts SET text = 'replaced words' WHERE page_index = 3"))
    assert search_text(library, "restraint") == []
    assert [h.page_index for h in search_text(library, "replaced")] == [3]
    with library.writing() as session:
        session.execute(text("DELETE FROM page_texts WHERE page_index = 3"))
    assert search_text(library, "replaced") == []


def test_unicode_text_is_searchable_with_accents_folded(library, tmp_path):
    pdf = make_pdf(tmp_path / "fr.pdf", ["Le Comité a visité la prison de Fresnes."])
    import_paths(library, [pdf])
    assert len(search_text(library, "comite visite")) == 1
    assert len(search_text(library, "COMITÉ")) == 1


def test_document_row_count_matches_files(library, report, tmp_path):
    import_paths(library, [report, make_image_only_pdf(tmp_path / "scan.pdf")])
    with library.reading() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 2
    assert len(list(library.files_dir.glob("*.pdf"))) == 2


def test_a_long_file_read_by_two_workers_is_stored_as_by_one(library, tmp_path, monkeypatch):
    pages = [f"{n}. Paragraph {n} on detention conditions.\n{n + 1}. Paragraph {n + 1} on records." for n in range(1, 40, 2)]
    pdf = make_pdf(tmp_path / "long.pdf", pages, labels=[{"startpage": 0, "prefix": "", "style": "r", "firstpagenum": 1}])
    monkeypatch.setattr(importing, "SPLIT_BYTES", 0)  # every file split between the workers
    [outcome] = import_paths(library, [pdf], workers=2)
    with pymupdf.open(pdf) as reference:
        expected = [page.get_text() for page in reference]
    with library.reading() as session:
        stored = session.scalars(
            select(PageText.text).where(PageText.document_id == outcome.document.id).order_by(PageText.page_index)
        ).all()
    assert stored == expected
    assert [p.number for p in list_paragraphs(library, outcome.document.id)] == [str(n) for n in range(1, 41)]
    assert document_details(library, outcome.document.id).page_labels[:3] == ("i", "ii", "iii")
