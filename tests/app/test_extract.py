"""Reading a PDF's own metadata: dates as written by many tools, and titles that are not titles."""

from __future__ import annotations

import pytest

from app.pdf.extract import extract, pdf_date
from tests.pdfs import make_pdf


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("D:20130708091227+02'00'", "2013-07-08T09:12:27+02:00"),
        ("D:20130708091227-05'30", "2013-07-08T09:12:27-05:30"),
        ("D:20130708091227Z", "2013-07-08T09:12:27+00:00"),
        ("20100122152003", "2010-01-22T15:20:03"),
        ("D:201307", "2013-07"),
        ("D:2013", "2013"),
        ("D:20131345", None),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_pdf_dates_become_iso_as_precise_as_given(raw, iso):
    assert pdf_date(raw) == iso


@pytest.mark.parametrize(
    ("title", "kept"),
    [
        ("Report to the Government of Utopia", "Report to the Government of Utopia"),
        ("  Report   with  spaces ", "Report with spaces"),
        ("Microsoft Word - 0814092.DOC", None),
        ("Mise en page 1", None),
        ("United Nations", None),
        ("G1315223.pdf", None),
        ("Untitled", None),
    ],
)
def test_placeholder_titles_are_dropped(tmp_path, title, kept):
    pdf = make_pdf(tmp_path / "t.pdf", ["text"], title=title, author="default")
    extraction = extract(pdf.read_bytes())
    assert extraction.title == kept
    assert extraction.author is None
