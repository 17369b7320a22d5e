"""Reference symbols, kind, date and country read from a document's first pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.services.importing import import_paths
from app.text.detection import detect, reference_symbol
from tests.pdfs import make_pdf

CPT_COVER = """CPT/Inf (2024) 23
Report to the Government of Utopia on the visit to Utopia carried out by the European
Committee for the Prevention of Torture and Inhuman or Degrading Treatment or Punishment (CPT)
from 2 to 12 May 2023
The Government of Utopia has requested the publication of this report and of its response.
The Government's response is set out in document CPT/Inf (2024) 24.
Strasbourg, 14 March 2024"""


@pytest.mark.parametrize(
    ("text", "symbol"),
    [
        ("CPT/Inf (2013) 41", "CPT/Inf (2013) 41"),
        ("CPT/Inf(2019)9", "CPT/Inf (2019) 9"),
        ("cpt/inf ( 2019 ) 9", "CPT/Inf (2019) 9"),
        ("Distr.: General A/HRC/24/14 8 July 2013", "A/HRC/24/14"),
        ("A/HRC/11/25* General Assembly", "A/HRC/11/25"),
        ("Concluding observations CAT/C/RUS/CO/6", "CAT/C/RUS/CO/6"),
        ("CCPR/C/GBR/CO/7 and more", "CCPR/C/GBR/CO/7"),
        ("A/HRC/WG.6/2/L.13", "A/HRC/WG.6/2/L.13"),
        ("No symbol on this page, only 12. and 86.12", None),
        ("", None),
    ],
)
def test_reference_symbols_are_found_and_normalised(text, symbol):
    assert reference_symbol(text) == symbol


def test_the_symbol_repeated_in_running_headers_beats_one_cited_in_a_footnote():
    pages = [
        "A/HRC/8/47\n* Previously issued under the document symbol A/HRC/WG.6/2/L.13",
        "A/HRC/8/47\nPage 2",
        "A/HRC/8/47\nPage 3",
    ]
    assert detect(pages).reference == "A/HRC/8/47"


def test_a_cpt_report_cover():
    found = detect([CPT_COVER, "1. The delegation"])
    assert (found.reference, found.kind, found.published) == ("CPT/Inf (2024) 23", "cpt_report", "2024-03-14")
    assert (found.country, found.visit_start, found.visit_end) == ("Utopia", "2023-05-02", "2023-05-12")
    assert found.publisher == "Council of Europe, CPT"


def test_a_visit_across_months_and_years():
    cover = "CPT/Inf (2022) 5\nReport on the visit to the Republic of Utopia carried out by the CPT\nfrom 28 December 2021 to 9 January 2022"
    found = detect([cover])
    assert (found.country, found.visit_start, found.visit_end) == ("Republic of Utopia", "2021-12-28", "2022-01-09")


def test_a_news_article_gives_outlet_author_headline_and_date():
    page = "Utopia to leave anti-torture treaty\nBy Jane Doe and Ivan Petrov\nMarch 3, 2025\nThe government said..."
    found = detect([page], metadata_title="Utopia to leave anti-torture treaty | The Daily Example")
    assert (found.kind, found.title, found.publisher, found.author, found.published) == (
        "news", "Utopia to leave anti-torture treaty", "The Daily Example", "Jane Doe and Ivan Petrov", "2025-03-03"
    )


def test_a_web_page_printed_to_pdf_is_news_from_its_site():
    page = "03/03/2025, 10:12\nHeadline here\nText of the article.\nhttps://www.example-news.com/2025/03/03/utopia 1/3"
    found = detect([page], metadata_title="Headline here - Example News")
    assert (found.kind, found.publisher) == ("news", "Example News")


def test_an_ngo_report_is_recognised_by_its_own_site():
    assert detect(["Annual report\nwww.someassoc.org\nOur findings"]).kind == "ngo_report"
    assert detect(["A page citing www.un.org only"]).kind == "other"


def test_council_of_europe_and_court_references():
    assert detect(["CommDH(2024)12\nReport by the Commissioner\nStrasbourg, 4 June 2024"]).reference == "CommDH(2024)12"
    court = detect(["FIRST SECTION\nCASE OF X v. UTOPIA\n(Application no. 12345/06)\nJUDGMENT\nSTRASBOURG\n5 May 2011"])
    assert (court.reference, court.publisher) == ("Application no. 12345/06", "European Court of Human Rights")


def test_a_government_response():
    cover = "CPT/Inf (2024) 24\nResponse of the Government of Utopia to the report of the CPT\nStrasbourg, 14 March 2024"
    assert detect([cover]).kind == "government_response"


def test_a_document_that_says_nothing_gets_nothing_invented():
    found = detect(["An article about a prison, 3 June 2020.", "More text."])
    assert (found.reference, found.kind, found.published, found.country, found.title) == (
        None, "other", None, None, None
    )


def test_import_fills_reference_kind_date_and_title(library, tmp_path):
    pdf = make_pdf(tmp_path / "cpt.pdf", [CPT_COVER, "1. The delegation visited police stations."])
    [outcome] = import_paths(library, [pdf])
    document = outcome.document
    assert (document.reference, document.kind, document.published) == (
        "CPT/Inf (2024) 23", "cpt_report", "2024-03-14"
    )


# Read off each report's cover: symbol, distribution date, State under review.
UPR_COVERS = {
    "upr-wg-report__azerbaijan2013.pdf": ("A/HRC/24/13", "2013-07-05", "Azerbaijan"),
    "upr-wg-report__china2009.pdf": ("A/HRC/11/25", "2009-10-05", "China"),
    "upr-wg-report__france2008.pdf": ("A/HRC/8/47", "2008-06-03", "France"),
    "upr-wg-report__russia2013.pdf": ("A/HRC/24/14", "2013-07-08", "Russian Federation"),
    "upr-wg-report__unitedkingdom2012.pdf": ("A/HRC/21/9", "2012-07-06", "United Kingdom"),
}
# The title keeps the name as the cover prints it; the country is stored by its short name.
PRINTED_NAMES = {"United Kingdom": "United Kingdom of Great Britain and Northern Ireland"}


def test_real_upr_reports_are_recognised(library, real_corpus):
    outcomes = import_paths(library, [real_corpus])
    by_name = {Path(o.path).name: o.document for o in outcomes}
    for name, (symbol, published, country) in UPR_COVERS.items():
        document = by_name[name]
        assert (document.reference, document.kind, document.published, document.country) == (
            symbol, "un_report", published, country
        ), name
        printed = PRINTED_NAMES.get(country, country)
        assert document.title == f"Report of the Working Group on the Universal Periodic Review: {printed}"
    ngo = by_name["upr-ngo__fiacat_ambivalent_exercise_2009_e.pdf"]
    assert (ngo.reference, ngo.kind, ngo.publisher) == (None, "ngo_report", "FIACAT")
    # Its metadata title is the layout program's "Mise en page 1": the cover's largest words instead.
    assert ngo.title == "UNIVERSAL PERIODIC REVIEW: AN AMBIVALENT EXERCISE"
