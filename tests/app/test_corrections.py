"""A user's corrections to what detection found are kept, and win over it for good."""

from __future__ import annotations

import pytest

from app.errors import LibraryError
from app.services.documents import document_details
from app.services.importing import import_paths
from app.services.structure import correct_document, forget_corrections, list_paragraphs, redetect
from tests.app.test_detection import CPT_COVER
from tests.pdfs import make_pdf


@pytest.fixture
def cpt(library, tmp_path):
    pages = [CPT_COVER] + ["\n".join(f"{n}. Paragraph {n} on detention." for n in range(p * 5 + 1, p * 5 + 6)) for p in range(2)]
    [outcome] = import_paths(library, [make_pdf(tmp_path / "cpt.pdf", pages)])
    return outcome.document


def test_corrections_are_saved_and_remembered(library, cpt):
    info = correct_document(library, cpt.id, title="Visit to Utopia 2023", kind="government_response", country="Utopia")
    assert (info.title, info.kind, info.country) == ("Visit to Utopia 2023", "government_response", "Utopia")
    assert set(document_details(library, cpt.id).corrected) == {"title", "kind", "country"}


def test_redetection_keeps_corrections_and_refreshes_the_rest(library, cpt):
    correct_document(library, cpt.id, title="My title", reference="CPT/Inf (2024) 99")
    forget_corrections(library, cpt.id, ("reference",))
    with library.writing() as session:
        session.connection().exec_driver_sql("DELETE FROM paragraphs")

    info = redetect(library, cpt.id)

    assert info.title == "My title"
    assert info.reference == "CPT/Inf (2024) 23" and info.kind == "cpt_report"
    assert [p.number for p in list_paragraphs(library, cpt.id)] == [str(n) for n in range(1, 11)]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kind": "poem"}, "Unknown kind"),
        ({"title": "   "}, "needs a title"),
        ({"sha256": "0" * 64}, "cannot be edited"),
    ],
)
def test_bad_corrections_are_refused_and_change_nothing(library, cpt, changes, message):
    with pytest.raises(LibraryError, match=message):
        correct_document(library, cpt.id, **changes)
    details = document_details(library, cpt.id)
    assert (details.info.title, details.info.kind, details.corrected) == (cpt.title, cpt.kind, ())


def test_unicode_and_quotes_in_corrections_are_kept_exactly(library, cpt):
    title = "Rapport «Türkiye» — 100% 'quoted'; DROP TABLE documents; -- تقرير"
    assert correct_document(library, cpt.id, title=title).title == title


def test_redetection_of_a_missing_file_says_so(library, cpt):
    path = library.file_path(cpt.file_name)
    path.chmod(0o644)
    path.unlink()
    with pytest.raises(LibraryError, match="cannot be read"):
        redetect(library, cpt.id)
