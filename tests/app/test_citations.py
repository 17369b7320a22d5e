"""Citations as lawyers write them, from a template the user can change."""

from __future__ import annotations

import pytest

from app.services import annotations as notes
from app.services.citing import cite_annotation
from app.services.importing import import_paths
from app.text.citations import CitationParts, TemplateError, check_template, cite, clipboard
from tests.app.test_annotations import selection
from tests.app.test_detection import CPT_COVER
from tests.pdfs import make_pdf

PARTS = CitationParts(reference="CPT/Inf (2024) 23", title="Report on Utopia", publisher="Council of Europe, CPT",
                      date="2024-03-14", paragraphs=("45",), page="12")


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (PARTS, "CPT/Inf (2024) 23, para. 45, p. 12"),
        (CitationParts(None, "A news article", "Outlet", None, (), "2"), "A news article, p. 2"),
        (CitationParts("A/HRC/24/14", "t", None, None, ("86.12",), "15"), "A/HRC/24/14, para. 86.12, p. 15"),
        (CitationParts("A/HRC/24/14", "t", None, None, ("45", "46", "47"), "15"), "A/HRC/24/14, paras. 45-47, p. 15"),
        (CitationParts("A/HRC/24/14", "t", None, None, ("45", "45(a)"), "15"), "A/HRC/24/14, paras. 45, 45(a), p. 15"),
    ],
)
def test_the_default_citation(parts, expected):
    assert cite(parts) == expected


def test_a_template_of_ones_own_with_optional_parts():
    template = "{publisher}, {title} ({date})[, ¶ {paragraphs}], at {page}[, sha256 {sha256}]"
    assert cite(PARTS, template) == "Council of Europe, CPT, Report on Utopia (2024-03-14), ¶ 45, at 12"


@pytest.mark.parametrize(("template", "message"), [("{nonsense}", "unknown field"), ("[{page}", "not closed")])
def test_bad_templates_are_refused_by_name(template, message):
    with pytest.raises(TemplateError, match=message):
        check_template(template)


def test_the_clipboard_gets_text_and_html_with_quotes_escaped():
    plain, rich = clipboard("Detainees <were>\n restrained", "X, p. 1")
    assert plain == "\u201cDetainees <were> restrained\u201d (X, p. 1)"
    assert "&lt;were&gt;" in rich and "<blockquote>" in rich


def test_an_annotation_is_cited_with_its_documents_reference_paragraph_and_page(library, tmp_path):
    body = [f"{n}. Paragraph {n} of the report." for n in range(1, 8)]
    body[4] = "5. Detainees were restrained for hours."
    pages = [CPT_COVER, "\n".join(body)]
    labels = [{"startpage": 0, "prefix": "", "style": "r", "firstpagenum": 1},
              {"startpage": 1, "prefix": "", "style": "D", "firstpagenum": 12}]
    [outcome] = import_paths(library, [make_pdf(tmp_path / "cpt.pdf", pages, labels=labels)])
    made = notes.create_annotation(
        library, notes.draft_from_selection(selection(library, outcome.document.id, "restrained for hours"))
    )
    result = cite_annotation(library, made.uuid)
    assert result.citation == "CPT/Inf (2024) 23, para. 5, p. 12"
    assert result.plain == "\u201crestrained for hours\u201d (CPT/Inf (2024) 23, para. 5, p. 12)"
