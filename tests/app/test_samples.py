"""The sample library: a CPT-style report, the Government's response to it and a news article, made from our
own texts."""

from __future__ import annotations

import pymupdf
from sqlalchemy import select

from app.export.matrix import matrix_rows
from app.samples import REPORT_SYMBOL, RESPONSE_SYMBOL, write_samples
from app.services.importing import import_paths
from app.services.responses import link_sample_chain
from app.store.models import Paragraph


def test_sample_report_imports_with_its_reference_and_numbered_paragraphs(library, tmp_path):
    report, news, _response = write_samples(tmp_path)
    outcomes = import_paths(library, [report, news])
    assert [o.status for o in outcomes] == ["imported", "imported"]
    info = outcomes[0].document
    assert info.reference == REPORT_SYMBOL
    assert info.kind == "cpt_report"
    with pymupdf.open(report) as document:
        text = "".join(page.get_text() for page in document)
        assert document.get_toc()[0][1] == "I. INTRODUCTION"
        assert document[1].get_label() == "1"
    assert "The CPT recommends" in text
    with library.reading() as session:
        numbers = list(session.scalars(
            select(Paragraph.number).where(Paragraph.document_id == info.id).order_by(Paragraph.seq)
        ))
    assert numbers == [str(n) for n in range(1, 24)]


def test_sample_news_article_names_the_treaty_and_the_facts(tmp_path):
    _, news, _ = write_samples(tmp_path)
    with pymupdf.open(news) as document:
        text = " ".join(" ".join(page.get_text().split()) for page in document)
    assert "European Convention for the Prevention of Torture" in text
    assert "1987" in text and "March 2022" in text and "21 Council of Europe agreements" in text


def test_sample_response_answers_the_sample_report_and_its_replies_are_linked_once_loaded(library, tmp_path):
    outcomes = import_paths(library, write_samples(tmp_path))
    response = outcomes[2].document
    assert (response.reference, response.kind, response.country) == (
        RESPONSE_SYMBOL, "government_response", "Republic of Examplia")
    assert response.title.startswith("Response of the Government of the Republic of Examplia")
    assert len(link_sample_chain(library).links) == 5
    report_id = outcomes[0].document.id
    rows = matrix_rows(library, document_id=report_id)
    assert [row[2] for row in rows] == ["9", "11", "14", "17", "20"]
    assert all(f"{RESPONSE_SYMBOL}, p. " in row[7] for row in rows)  # each answered, with its citation
    assert link_sample_chain(library).links == ()  # loaded again: nothing doubled
