"""The early document list: saved, read back the same, and ignored when damaged."""

from __future__ import annotations

from app.infra.listing_cache import listing_path, load_listing, save_listing
from app.services.documents import list_documents
from app.services.importing import import_paths
from tests.pdfs import make_pdf


def test_saved_list_reads_back_equal(library, tmp_path):
    import_paths(library, [make_pdf(tmp_path / "a.pdf", ["x"], title="A report")])
    documents = list_documents(library)
    save_listing(library.root, documents)
    assert load_listing(library.root) == documents


def test_missing_or_damaged_list_gives_nothing(tmp_path):
    assert load_listing(tmp_path) is None
    listing_path(tmp_path).write_text("{not json")
    assert load_listing(tmp_path) is None
    listing_path(tmp_path).write_text('{"version": 1, "documents": [{"id": 1}]}')
    assert load_listing(tmp_path) is None
