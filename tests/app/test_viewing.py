"""What the viewer reads from the library: page layout without the PDF, page labels, a missing file put back."""

from __future__ import annotations

import pytest

from app.errors import NotFound
from app.services.documents import list_documents
from app.services.importing import import_paths
from app.services.viewing import FileMismatch, open_view, page_for, page_text, relink_file
from tests.pdfs import make_pdf


def _import(library, path):
    (outcome,) = import_paths(library, [path])
    assert outcome.document is not None, outcome.reason
    return outcome.document


def test_view_lays_out_pages_from_stored_sizes_and_labels(library, tmp_path):
    labels = [{"startpage": 0, "prefix": "", "style": "r", "firstpagenum": 1},
              {"startpage": 2, "prefix": "", "style": "D", "firstpagenum": 1}]
    toc = [[1, "Introduction", 3]]
    info = _import(library, make_pdf(tmp_path / "a.pdf", ["one", "two", "three", "four"], labels=labels, toc=toc))
    view = open_view(library, info.id)
    assert [page.label for page in view.pages] == ["i", "ii", "1", "2"]
    assert (view.pages[0].width, view.pages[0].height) == (595.0, 842.0)
    assert view.page_starts[1] == len(page_text(library, info.id, 0)) + 1
    assert view.outline[0].title == "Introduction" and view.outline[0].page_index == 2
    assert view.file_present


def test_page_is_found_by_label_first_then_by_number(library, tmp_path):
    labels = [{"startpage": 0, "prefix": "", "style": "r", "firstpagenum": 1},
              {"startpage": 2, "prefix": "", "style": "D", "firstpagenum": 1}]
    info = _import(library, make_pdf(tmp_path / "a.pdf", ["a", "b", "c", "d"], labels=labels))
    view = open_view(library, info.id)
    assert page_for(view, "ii") == 1
    assert page_for(view, "2") == 3  # the printed "2", not the second sheet
    assert page_for(view, "#2") == 1  # "#" asks for the sheet number
    assert page_for(view, "9") is None
    assert page_for(view, "") is None


def test_unknown_document_is_reported(library):
    with pytest.raises(NotFound):
        open_view(library, 42)


def test_missing_file_is_put_back_only_from_the_same_bytes(library, tmp_path):
    original = make_pdf(tmp_path / "a.pdf", ["text"])
    info = _import(library, original)
    stored = library.file_path(info.file_name)
    stored.chmod(0o644)
    stored.unlink()
    assert not open_view(library, info.id).file_present

    other = make_pdf(tmp_path / "b.pdf", ["other text"])
    with pytest.raises(FileMismatch, match="contents differ"):
        relink_file(library, info.id, other)
    assert not stored.exists()

    relink_file(library, info.id, original)
    assert stored.read_bytes() == original.read_bytes()
    assert open_view(library, info.id).file_present


def test_view_from_a_known_listing_entry_equals_the_full_read(library, tmp_path):
    _import(library, make_pdf(tmp_path / "a.pdf", ["one", "two"], toc=[[1, "Start", 1]]))
    (info,) = list_documents(library)
    assert open_view(library, info.id, info) == open_view(library, info.id)
    library_file = library.file_path(info.file_name)
    assert open_view(library, info.id, info).path == library_file
