"""Addresses of passages: made, read back, refused when wrong, and resolved in a library."""

from __future__ import annotations

import pytest

from app.errors import NotFound
from app.services import annotations as notes
from app.services.addressing import Passage, resolve
from app.text.addresses import AddressError, AnnotationAddress, PageAddress, annotation_address, page_address, parse
from tests.app.test_search import library_with_passages  # noqa: F401 - a fixture

UUID = "0b7f3a52-9c1e-4d2a-8f6b-3e5d7c9a1b2c"
SHA = "ab" * 32


def test_addresses_round_trip():
    assert annotation_address(UUID) == f"rights-annotator://annotation/{UUID}"
    assert parse(annotation_address(UUID)) == AnnotationAddress(UUID)
    assert page_address(SHA, 11) == f"rights-annotator://document/{SHA}?page=12"
    assert parse(page_address(SHA, 11)) == PageAddress(SHA, 11)
    assert parse(f"rights-annotator://document/{SHA}") == PageAddress(SHA, 0)
    assert str(parse(page_address(SHA, 3))) == page_address(SHA, 3)


def test_case_and_a_trailing_slash_are_forgiven():
    assert parse(f"RIGHTS-ANNOTATOR://Annotation/{UUID.upper()}/") == AnnotationAddress(UUID)
    assert parse(f"  rights-annotator://document/{SHA.upper()}?page=2\n") == PageAddress(SHA, 1)


@pytest.mark.parametrize(("text", "words"), [
    ("", "No address"),
    (f"https://annotation/{UUID}", "must begin rights-annotator://"),
    (f"file:///tmp/{UUID}", "must begin rights-annotator://"),
    (f"rights-annotator:annotation/{UUID}", "must begin rights-annotator://"),
    (f"rights-annotator://note/{UUID}", "Unknown kind"),
    ("rights-annotator://", "must be followed by annotation/ or document/"),
    ("rights-annotator://annotation/", "names no annotation"),
    ("rights-annotator://annotation/not-a-uuid", "not an annotation's identity"),
    (f"rights-annotator://annotation/{{{UUID}}}", "not an annotation's identity"),
    (f"rights-annotator://annotation/{UUID.replace('-', '')}", "not an annotation's identity"),
    (f"rights-annotator://annotation/{UUID}/extra", "more after the annotation"),
    (f"rights-annotator://annotation/{UUID}?page=2", "takes no ?query"),
    (f"rights-annotator://annotation/{UUID}#top", "no #fragment"),
    ("rights-annotator://document/abc?page=1", "not a document's SHA-256"),
    (f"rights-annotator://document/{'g' * 64}", "not a document's SHA-256"),
    (f"rights-annotator://document/{SHA}?page=0", "not a page number"),
    (f"rights-annotator://document/{SHA}?page=-1", "not a page number"),
    (f"rights-annotator://document/{SHA}?page=two", "not a page number"),
    (f"rights-annotator://document/{SHA}?page=1&x=2", "takes only ?page=N"),
    (f"rights-annotator://document/{SHA}?page=1&page=2", "takes only ?page=N"),
    (f"rights-annotator://annotation/{UUID} rm -rf", "spaces or control characters"),
    ("rights-annotator://annotation/" + "a" * 600, "longer than"),
])
def test_wrong_addresses_are_refused_with_a_reason(text, words):
    with pytest.raises(AddressError, match=words.replace("?", r"\?").replace("(", r"\(")):
        parse(text)


def test_addresses_resolve_in_the_library(library_with_passages):
    library, passages, _ids, russia, _news = library_with_passages
    beds = passages["beds"]
    assert resolve(library, annotation_address(beds.uuid)) == Passage(russia, beds.page_index, beds.uuid)
    from app.services.documents import document_details

    digest = document_details(library, russia).info.sha256
    assert resolve(library, page_address(digest, 0)) == Passage(russia, 0)
    with pytest.raises(NotFound, match="no page 9"):
        resolve(library, page_address(digest, 8))
    with pytest.raises(NotFound, match="not in this library"):
        resolve(library, annotation_address(UUID))
    with pytest.raises(NotFound, match="No document"):
        resolve(library, page_address(SHA))
    notes.trash(library, [beds.uuid])
    with pytest.raises(NotFound, match="in the trash"):
        resolve(library, annotation_address(beds.uuid))
