"""Detection on documents other than UN reports: titles, news articles, issuers, countries.

Each case is a document seen to be read wrong, rebuilt with PyMuPDF (see ``detection_pdfs``).
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.cli import EXIT_OK, main
from app.services import annotations as notes
from app.services.documents import document_details
from app.services.importing import import_paths
from app.services.structure import correct_document
from app.store.models import Document
from app.text import countries
from app.text.detection import detect
from app.text.detection.titles import is_generic
from tests.app.detection_pdfs import BODY, browser_article, cpt_cover, make_laid_out_pdf
from tests.app.test_annotations import selection
from tests.app.test_detection import CPT_COVER
from tests.pdfs import make_pdf

NORWAY_TITLE = (
    "Report to the Norwegian Government\non the visit to Norway carried out\nby the European Committee\n"
    "for the Prevention of Torture and Inhuman\nor Degrading Treatment or Punishment (CPT)\nfrom 2 to 12 May 2023"
)


def imported(library, path):
    [outcome] = import_paths(library, [path])
    assert outcome.status == "imported", outcome.reason
    return outcome.document


def ngo_report(tmp_path, name, title_lines):
    return make_laid_out_pdf(
        tmp_path / name,
        [[("Utopian Prison Watch", 12.0), (title_lines, 20.0), ("www.prisonwatch.org", BODY)], "Our findings."],
        title="Annual report",
    )


# Titles


def test_two_reports_made_from_one_template_are_titled_from_their_covers(library, tmp_path):
    first = imported(library, ngo_report(tmp_path, "a.pdf", "Overcrowding in the\nprisons of Utopia"))
    second = imported(library, ngo_report(tmp_path, "b.pdf", "Police custody\nin Utopia"))
    assert second.title == "Police custody in Utopia"
    # The first came in alone and kept the metadata's title; the second showed it was the template's.
    with library.reading() as session:
        assert session.get(Document, first.id).title == "Overcrowding in the prisons of Utopia"


def test_reports_sharing_a_metadata_title_in_one_import_both_get_their_covers(library, tmp_path):
    paths = [ngo_report(tmp_path, "a.pdf", "Overcrowding in the\nprisons of Utopia"),
             ngo_report(tmp_path, "b.pdf", "Police custody\nin Utopia")]
    import_paths(library, paths)
    with library.reading() as session:
        titles = sorted(document.title for document in session.scalars(select(Document)))
    assert titles == ["Overcrowding in the prisons of Utopia", "Police custody in Utopia"]


def test_a_word_processor_cpt_report_is_titled_from_its_cover_not_its_junk_metadata(library, tmp_path):
    pdf = make_laid_out_pdf(tmp_path / "nor.pdf", [cpt_cover("Norway", NORWAY_TITLE), "1. The delegation"],
                            title="NOR_response_2024_EN_final")
    document = imported(library, pdf)
    assert document.title == " ".join(NORWAY_TITLE.split())
    assert (document.kind, document.country) == ("cpt_report", "Norway")


def test_a_government_response_without_metadata_is_titled_from_its_cover_not_its_file_name(library, tmp_path):
    cover = [("CPT/Inf (2024) 24", 12.0),
             ("Response of the Norwegian Government\nto the report of the CPT on its visit to Norway\n"
              "from 2 to 12 May 2023", 18.0),
             ("Strasbourg, 14 March 2024", BODY)]
    document = imported(library, make_laid_out_pdf(tmp_path / "NOR_response_2024_EN_final.pdf", [cover, "1. As to"]))
    assert document.title.startswith("Response of the Norwegian Government to the report of the CPT")
    assert (document.kind, document.country) == ("government_response", "Norway")
    details = document_details(library, document.id)
    assert (details.visit_start, details.visit_end) == ("2023-05-02", "2023-05-12")


def test_a_good_metadata_title_is_kept_and_a_cover_in_one_size_gives_no_title(library, tmp_path):
    kept = imported(library, make_pdf(tmp_path / "k.pdf", [CPT_COVER], title="Visit to Utopia, 2023"))
    assert kept.title == "Visit to Utopia, 2023"
    plain = imported(library, make_pdf(tmp_path / "plain_name.pdf", ["Some text\nMore text"], title="Untitled"))
    assert plain.title == "plain_name"


@pytest.mark.parametrize(
    ("title", "generic"),
    [
        ("Mise en page 1", True), ("Microsoft Word - cpt report.docx", True), ("Untitled", True),
        ("NOR_response_2024_EN_final", True), ("report-final-v2", True), (None, True), ("  ", True),
        ("Annual report 2023", False), ("Visit to Utopia, 2023", False),
    ],
)
def test_generic_metadata_titles(title, generic):
    assert is_generic(title) is generic


# News articles


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("By A. Novak", "A. Novak"),
        ("By Anna Novak, Strasbourg correspondent", "Anna Novak"),
        ("BY ANNA NOVAK | 2 June 2025", "ANNA NOVAK"),
        ("Anna Novak and Ivan Petrov", "Anna Novak and Ivan Petrov"),
        ("Author: Anna Novak", "Anna Novak"),
        ("Authors: A. Novak and I. Petrov, Reuters", "A. Novak and I. Petrov"),
    ],
)
def test_bylines_in_their_usual_forms(byline, author):
    page = f"Russia to quit anti-torture treaty\n{byline}\n2 June 2025\nThe government has proposed..."
    found = detect([page])
    assert (found.kind, found.author, found.published) == ("news", author, "2025-06-02")


def test_two_names_on_a_report_cover_are_no_byline():
    cover = "Human Rights and Fundamental Freedoms\nBosnia and Herzegovina\nJane Doe and Ivan Petrov\nOur findings"
    assert detect([cover]).kind == "other"


def test_the_articles_published_line_wins_over_the_sites_date_and_the_update():
    page = ("Monday, 9 June 2025 | Moscow 21°C\nRussia to quit anti-torture treaty\nBy Anna Novak\n"
            "Updated 3 June 2025, 08:00\nPublished on: 2 June 2025, 10:12\nThe government has proposed...")
    assert detect([page]).published == "2025-06-02"


def test_a_saved_article_gets_headline_outlet_author_and_date(library, tmp_path, capsys):
    page = browser_article(
        "Russia to quit anti-torture treaty", "By Anna Novak, Strasbourg correspondent",
        top_bar="Monday, 9 June 2025", dates="Published 2 June 2025, 10:12   Updated 3 June 2025",
        outlet="Example Times",
    )
    pdf = make_laid_out_pdf(tmp_path / "article.pdf", [page], title="Russia to quit anti-torture treaty | Example Times")
    document = imported(library, pdf)
    assert (document.kind, document.title, document.publisher, document.author, document.published) == (
        "news", "Russia to quit anti-torture treaty", "Example Times", "Anna Novak", "2025-06-02"
    )
    assert main(["--data-dir", str(library.root), "info", str(document.id)]) == EXIT_OK
    assert "Author:        Anna Novak" in capsys.readouterr().out


@pytest.mark.parametrize("separator", [" | ", " - ", " \u2014 "])
def test_the_outlets_name_is_taken_off_the_title(separator):
    page = "Russia to quit anti-torture treaty\nBy Anna Novak, Moscow\nPublished 2 June 2025"
    found = detect([page], metadata_title=f"Russia to quit anti-torture treaty{separator}Example Times")
    assert (found.title, found.publisher) == ("Russia to quit anti-torture treaty", "Example Times")


def test_an_articles_cover_headline_loses_the_outlet_too():
    page = "Russia to quit anti-torture treaty\nBy Anna Novak, Moscow\nPublished 2 June 2025"
    lines = [("Russia to quit anti-torture treaty | Example Times", 22.0), ("By Anna Novak, Moscow", BODY)]
    assert detect([page], cover_lines=lines).title == "Russia to quit anti-torture treaty"


def test_a_recognised_cover_title_keeps_its_lines_whose_letters_reach_less_far():
    # Sizes as recognition measured them on a scan of a cover set in 15 points: a line without
    # descenders (g, p, y) measures 11.8, "2025" 11.3; the text under it, in 10 points, 9.8.
    lines = [
        ("CPT/Inf (2025) 17", 10.9),
        ("Report to the Government of Examplia on the visit", 14.65),
        ("to the Republic of Examplia carried out by the European", 14.41),
        ("Committee for the Prevention of Torture and Inhuman or", 11.77),
        ("Degrading Treatment or Punishment (CPT) from 3 to 14 March", 14.65),
        ("2025", 11.29),
        ("The Government of Examplia has requested the publication of this report.", 9.85),
    ]
    cover = "\n".join(text for text, _size in lines)
    assert detect([cover], cover_lines=lines, recognised=True).title == (
        "Report to the Government of Examplia on the visit to the Republic of Examplia carried out by the "
        "European Committee for the Prevention of Torture and Inhuman or Degrading Treatment or Punishment "
        "(CPT) from 3 to 14 March 2025")
    # Set in type, a line smaller by a sixth is another block all the same.
    typeset = [("Response of the Government", 18.0), ("Following the visit of 2024", 15.0), ("Body text here.", BODY)]
    assert detect(["x"], cover_lines=typeset, recognised=True).title == "Response of the Government"
    assert detect(["x"], cover_lines=typeset).title == "Response of the Government"


@pytest.mark.parametrize("asterisk", [":", "\u00ab", "\u2019", "*", " *"])
def test_a_scanned_upr_report_cover_tells_its_state_however_its_asterisk_is_read(asterisk):
    cover = ("United Nations\nA/HRC/24/13\nGeneral Assembly\nDistr.: General\n5 July 2013\n"
             f"Report of the Working Group on the Universal\nPeriodic Review{asterisk}\nAzerbaijan\n"
             "* The annex to the present report is circulated as received.\n")
    found = detect([cover])
    assert (found.title, found.country) == (
        "Report of the Working Group on the Universal Periodic Review: Azerbaijan", "Azerbaijan")


# Kinds and issuers beyond the cover


def test_a_response_visit_to_a_state_from_dates_gives_the_country():
    cover = ("CPT/Inf (2024) 24\nResponse of the Polish Government to the report of the CPT\n"
             "on its visit to Poland from 2 to 12 May 2023\nStrasbourg, 14 March 2024")
    found = detect([cover])
    assert (found.kind, found.country, found.visit_start) == ("government_response", "Poland", "2023-05-02")


def test_an_ngo_whose_address_is_on_the_back_cover():
    pages = ["Behind closed doors\nDetention in Utopia", "Contents", "1. Summary", "More", "Utopian Prison Watch\n"
             "12 Main Street, Utopia City\nwww.prisonwatch.org"]
    found = detect(pages)
    assert found.kind == "ngo_report"


@pytest.mark.parametrize("where", [0, 1])
def test_a_un_field_missions_brief_is_a_un_document_about_its_country(where):
    mission = "United Nations Assistance Mission in Afghanistan (UNAMA)\nHuman Rights Service"
    pages = ["Treatment of detainees\nUpdate, January 2025", "Contents"]
    pages[where] = mission + "\n" + pages[where]
    found = detect(pages)
    assert (found.kind, found.country, found.publisher) == (
        "un_report", "Afghanistan", "United Nations Assistance Mission in Afghanistan"
    )


def test_a_court_document_named_only_on_its_last_page():
    pages = ["Summary of the judgment", "Facts", "Law", "Conclusion", "Application no. 12345/06\nStrasbourg"]
    found = detect(pages)
    assert (found.reference, found.publisher) == ("Application no. 12345/06", "European Court of Human Rights")
    other = detect(["INTER-AMERICAN COURT OF HUMAN RIGHTS\nCASE OF X v. UTOPIA\nJUDGMENT OF 5 MAY 2011"])
    assert other.publisher == "Inter-American Court of Human Rights"


# Countries


@pytest.mark.parametrize(
    ("printed", "stored"),
    [
        ("Poland \u2217", "Poland"), ("Poland*", "Poland"), ("Poland\u00b9", "Poland"),
        ("The Netherlands", "Netherlands"), ("the Netherlands", "Netherlands"), ("Netherlands", "Netherlands"),
        ("Türkiye", "Türkiye"), ("Turkey", "Türkiye"), ("Russian Federation", "Russian Federation"),
    ],
)
def test_a_cpt_visit_country_is_stored_by_its_short_name(printed, stored):
    cover = f"CPT/Inf (2024) 23\nReport on the visit to {printed} carried out by the CPT\nfrom 2 to 12 May 2023"
    assert detect([cover]).country == stored


def test_a_upr_state_with_a_footnote_mark_is_stored_without_it():
    cover = ("A/HRC/36/14\nDistr.: General 18 July 2017\n"
             "Report of the Working Group on the Universal Periodic Review\nPoland \u2217\n")
    assert detect([cover]).country == "Poland"


def test_a_upr_state_under_its_official_name_is_stored_by_its_short_name():
    cover = ("A/HRC/27/7\nDistr.: General 15 July 2014\n"
             "Report of the Working Group on the Universal Periodic Review*\nPlurinational State of Bolivia\n")
    found = detect([cover])
    assert found.country == "Bolivia"
    assert found.title == "Report of the Working Group on the Universal Periodic Review: Plurinational State of Bolivia"


@pytest.mark.parametrize(
    ("name", "code", "short"),
    [
        ("United Kingdom of Great Britain and Northern Ireland", "GB", "United Kingdom"),
        ("Russian Federation", "RU", "Russian Federation"),
        ("Plurinational State of Bolivia", "BO", "Bolivia"),
        ("Republic of Korea", "KR", "South Korea"),
        ("PL", "PL", "Poland"),
    ],
)
def test_countries_by_any_of_their_names(name, code, short):
    assert countries.lookup(name) == (code, short)


def test_an_unknown_name_is_kept_tidied_and_words_are_not_codes():
    assert countries.canonical("Republic of Utopia \u2217") == "Republic of Utopia"
    assert countries.lookup("and") is None and countries.lookup("can") is None


def test_search_by_country_name_or_code_finds_a_report_printed_with_a_footnote_mark(library, tmp_path, capsys):
    # Helvetica has no U+2217: the PDF's mark is an asterisk, the text tests above take the other marks.
    cover = "CPT/Inf (2024) 23\nReport on the visit to Poland* carried out by the CPT\nfrom 2 to 12 May 2023"
    document = imported(library, make_pdf(tmp_path / "pl.pdf", [cover, "1. Restraint beds were used."]))
    assert document.country == "Poland"
    notes.create_annotation(library, notes.draft_from_selection(selection(library, document.id, "Restraint beds")))
    for name in ("Poland", "PL", "pl", "Republic of Poland"):
        assert main(["--data-dir", str(library.root), "search", "beds", "--country", name]) == EXIT_OK
        assert "1 passage" in capsys.readouterr().out, name


def test_a_country_the_user_types_is_stored_as_detection_stores_it(library, tmp_path):
    document = imported(library, make_pdf(tmp_path / "r.pdf", [CPT_COVER]))
    assert correct_document(library, document.id, country="The Netherlands").country == "Netherlands"
    assert correct_document(library, document.id, country="Republic of Utopia").country == "Republic of Utopia"
