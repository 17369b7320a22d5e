"""The same report in two languages: found by its symbol, and a paragraph found in the other."""

from __future__ import annotations

import pytest

from app.errors import NotFound
from app.services.importing import import_paths
from app.services.language_versions import paragraph_place, symbol_key, versions_of
from app.services.structure import correct_document
from tests.app.paragraph_builders import BODY, filler, write
from tests.pdfs import make_pdf

_FRENCH = ("la délégation a constaté que les personnes détenues étaient placées dans des cellules sans lumière "
           "et que plusieurs ont allégué des mauvais traitements pendant leur interrogatoire par la police").split()


def french_filler(seed, lines):
    """As ``filler``, in French: lines of thirteen words, the last one ending a sentence."""
    rows = []
    for line in range(lines):
        start = (seed * 7 + line * 5) % len(_FRENCH)
        text = " ".join((_FRENCH * 2)[start:start + 13])
        rows.append(((text[0].upper() + text[1:]) if line == 0 else text) + ("." if line == lines - 1 else ""))
    return [(row, BODY, False) for row in rows] + [None]


def report(path, lines_each, french=False):
    """Paragraphs 1-12 of ``lines_each`` lines under the report's running header: the versions'
    paragraphs fall on different pages, as translations run longer or shorter."""
    rows = []
    for number in range(1, 13):
        lines = (french_filler if french else filler)(number, lines_each)
        rows += [(f"{number}. {lines[0][0]}", BODY, False), *lines[1:]]
    return write(path, rows, "CPT/Inf (2024) 23")


@pytest.fixture
def two_languages(library, tmp_path):
    def add(path, reference):
        document = import_paths(library, [path])[0].document.id
        correct_document(library, document, reference=reference)
        return document

    english = add(report(tmp_path / "en.pdf", 5), "CPT/Inf (2024) 23")
    french = add(report(tmp_path / "fr.pdf", 9, french=True), "CPT/Inf(2024)23")
    other = add(make_pdf(tmp_path / "other.pdf", ["1. Another report, about another country's prisons."]),
                "CPT/Inf (2019) 1")
    return library, english, french, other


def test_a_report_s_other_language_is_found_by_its_symbol(two_languages):
    library, english, french, other = two_languages
    [version] = versions_of(library, english)
    assert version.document_id == french and version.language == "fra" and version.language_name == "French"
    assert [v.document_id for v in versions_of(library, french)] == [english]
    assert versions_of(library, other) == []  # another symbol: no version
    assert symbol_key("A/HRC/24/14 (French)") == symbol_key("a/hrc/24/14") and symbol_key("  ") is None


def test_the_same_paragraph_is_found_in_the_other_language(two_languages):
    library, english, french, _ = two_languages
    english_place = paragraph_place(library, english, "11", page_index=0)
    french_place = paragraph_place(library, french, "11", page_index=english_place.page_index)
    assert english_place.found and french_place.found
    assert french_place.page_index > english_place.page_index  # the longer French runs onto later pages
    missing = paragraph_place(library, french, "99", page_index=70)
    assert not missing.found and 0 <= missing.page_index < 70  # the sheet asked for, kept within the document


def test_two_copies_in_the_same_language_are_not_versions_and_a_missing_document_is_refused(two_languages, tmp_path):
    library, english, _, _ = two_languages
    copy = import_paths(library, [report(tmp_path / "en2.pdf", 6)])[0].document.id
    correct_document(library, copy, reference="CPT/Inf (2024) 23")
    assert copy not in [v.document_id for v in versions_of(library, english)]
    with pytest.raises(NotFound):
        versions_of(library, 9999)
