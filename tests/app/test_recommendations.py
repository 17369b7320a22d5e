"""Recommendations found by themselves: UPR reports (real ones), CPT reports, concluding observations."""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from pathlib import Path

import pymupdf
import pytest
from sqlalchemy import select

from app.cli import main
from app.errors import LibraryError
from app.pdf.emphasis import BOLD, emphasised
from app.pdf.extract import extract
from app.services.importing import import_paths
from app.services.recommendations import find_again, found_in, list_recommendations
from app.store.models import PageText, Recommendation
from app.text.detection.recommendations import NOTED, SUPPORTED, TO_BE_EXAMINED, _is_state, states_of
from tests.app.recommendation_pdfs import (
    CPT_ITEMS,
    OBSERVATION_PARAGRAPHS,
    concluding_observations,
    cpt_report,
    cpt_response,
)
from tests.conftest import corpus_dir
from tests.pdfs import make_pdf

# Counted by reading each report's conclusions: the paragraphs introducing recommendations, how many
# each lists, and the response category its words give. Russia's two recommendations printed in a
# footnote without numbers (paragraph 141) are not counted; the corpus notes' counts of 264 and 464 for
# the United Kingdom and Russia count each number twice.
UPR_TRUTH = {
    "azerbaijan2013": {"109": (158, TO_BE_EXAMINED), "110": (4, NOTED)},  # 110: "rejected"
    "china2009": {"114": (42, SUPPORTED), "115": (3, NOTED), "116": (4, TO_BE_EXAMINED)},  # 1..N style
    "france2008": {"60": (33, TO_BE_EXAMINED)},  # 61: "The response of France … will be included"
    "russia2013": {"140": (231, TO_BE_EXAMINED)},
    "unitedkingdom2012": {"110": (132, TO_BE_EXAMINED)},
}
FLOOR = 0.98

# Read in the PDFs' text: (report, paragraph, number) -> recommending States and the text's opening.
CHECKED = {
    ("azerbaijan2013", "109", "109.3"): (("Brazil", "Chile"), "Ratify CPED"),
    ("azerbaijan2013", "109", "109.56"): (("Democratic People\u2019s Republic of Korea",), None),
    ("azerbaijan2013", "110", "110.1"): (("Armenia",), "Take steps for combating impunity"),
    ("china2009", "114", "1"): (("Sweden", "Algeria", "Argentina", "Brazil", "Austria"), "Create conditions for an early"),
    ("china2009", "116", "1"): (("Portugal", "Argentina"), "Inscribe a legal definition of discrimination"),
    ("france2008", "60", "17"): (("C\u00f4te d\u2019Ivoire",), None),
    ("russia2013", "140", "140.11"): (("Philippines", "Egypt"), "Consider ratifying (Philippines)/ acceding to (Egypt)"),
    ("russia2013", "140", "140.15"): (("Bolivia (Plurinational State of)",), None),
    ("russia2013", "140", "140.231"): (("Syrian Arab Republic",), "Strengthen its measure to protect its citizens"),
    ("unitedkingdom2012", "110", "110.2"): (("Iran (Islamic Republic of)",), None),
    ("unitedkingdom2012", "110", "110.132"): (("Egypt",), "Set up a mechanism to carry out the repatriation"),
}


def _report(name: str) -> Path:
    return corpus_dir("real") / f"upr-wg-report__{name}.pdf"


@cache
def _found(name: str):
    return found_in(extract(_report(name).read_bytes()))


@pytest.mark.parametrize("name", sorted(UPR_TRUTH))
def test_upr_recommendations_are_found_with_their_response(name):
    found = _found(name)
    truth = {(paragraph, str(n)) for paragraph, (count, _r) in UPR_TRUTH[name].items() for n in range(1, count + 1)}
    got = [(item.paragraph, item.number.rsplit(".", 1)[-1]) for item in found]
    hits = truth & set(got)
    recall, precision = len(hits) / len(truth), len(hits) / len(got)
    assert recall >= FLOOR and precision >= FLOOR, (name, recall, precision)
    assert len(got) == len(set(got))  # no recommendation twice
    right = sum(item.response == UPR_TRUTH[name][item.paragraph][1] for item in found if item.paragraph in UPR_TRUTH[name])
    assert right / len(truth) >= FLOOR
    assert all(item.kind == "upr" and item.text for item in found)


@pytest.mark.parametrize("name", sorted(UPR_TRUTH))
def test_every_upr_recommendation_names_its_recommending_states_and_only_states(name):
    found = _found(name)
    with_states = [item for item in found if item.states]
    assert len(with_states) / len(found) >= FLOOR
    names = [state for item in found for state in item.states]
    assert sum(map(_is_state, names)) / len(names) >= FLOOR


@pytest.mark.parametrize("key", sorted(CHECKED), ids="-".join)
def test_a_recommendation_checked_by_reading_has_its_states_and_text(key):
    name, paragraph, number = key
    states, opening = CHECKED[key]
    [item] = [i for i in _found(name) if (i.paragraph, i.number) == (paragraph, number)]
    assert item.states == states
    if opening:
        assert item.text.startswith(opening)
    assert not item.text.startswith(number)  # its own number is not part of its text


def test_an_imported_upr_report_has_its_recommendations_at_their_place_in_the_page(library):
    [outcome] = import_paths(library, [_report("azerbaijan2013")])
    found = list_recommendations(library, document_id=outcome.document.id)
    assert len(found) == 162
    first = found[0]
    assert (first.locator, first.paragraph, first.response, first.states) == ("109.1", "109", TO_BE_EXAMINED, ("Slovakia",))
    with library.reading() as session:
        page = session.scalar(select(PageText).where(PageText.document_id == outcome.document.id,
                                                     PageText.page_index == first.page_index))
    printed = " ".join(page.text[first.start_offset:first.end_offset].split())
    assert printed.startswith("109.1. Sign and ratify") and printed.endswith("(Slovakia);")
    assert list_recommendations(library, country="Azerbaijan") == found
    assert list_recommendations(library, country="France") == []


def test_states_are_the_brackets_that_end_a_clause_and_name_a_state():
    assert states_of("Ratify CPED (Brazil, Chile);") == ("Brazil", "Chile")
    assert states_of("Ratify the Rome Statute of the International Criminal Court (ICC) (Spain);") == ("Spain",)
    assert states_of("Ratify the Convention (Trinidad and Tobago, Brazil and Chile).") == (
        "Trinidad and Tobago", "Brazil", "Chile")
    assert states_of("Adopt a law (Portugal)/Evaluate a law (Argentina); end (Iran (Islamic Republic of)).") == (
        "Portugal", "Argentina", "Iran (Islamic Republic of)")
    assert states_of("Ratify the Optional Protocol (OP-CAT)") == ()
    # Mid-clause, a bracket of States only: one State recommends ratifying, another acceding.
    assert states_of("Consider ratifying (Philippines)/ acceding to (Egypt) the Convention (ICRMW) (Chile);") == (
        "Philippines", "Egypt", "Chile")
    assert states_of("Submit its report (2013) to the Committee (CRC) in time (Peru).") == ("Peru",)


# --- CPT reports and concluding observations -------------------------------------------------------


def test_cpt_items_in_bold_and_italics_are_found_once_despite_the_appendix(tmp_path):
    found = found_in(extract(cpt_report(tmp_path / "cpt.pdf").read_bytes()))
    assert [(item.paragraph, item.kind, _plain(item.text)) for item in found] == CPT_ITEMS
    assert "12" not in {item.paragraph for item in found}  # a word stressed in bold is no recommendation


def _plain(text: str) -> str:
    """The text as typed: PyMuPDF's fonts print ligatures."""
    return text.replace("\ufb01", "fi").replace("\ufb00", "ff").replace("\ufb03", "ffi")


def test_an_item_listed_only_in_the_appendix_is_taken_from_there_with_its_paragraph(tmp_path):
    only = "The CPT recommends that call bells be fitted in every cell of the remand prison."
    found = found_in(extract(cpt_report(tmp_path / "cpt.pdf", appendix_only=only).read_bytes()))
    assert len(found) == len(CPT_ITEMS) + 1
    [listed] = [item for item in found if item.paragraph == "16"]
    assert (listed.kind, _plain(listed.text)) == ("recommendation", only)


def test_a_government_response_quoting_the_recommendations_in_bold_has_none_of_its_own(tmp_path):
    assert found_in(extract(cpt_response(tmp_path / "response.pdf").read_bytes())) == []


def test_the_sample_cpt_reports_recommendations_are_all_found_and_nothing_else(tmp_path):
    from app.samples import write_report

    lines = (Path(__file__).resolve().parents[2] / "app/resources/samples/cpt_visit_report.txt").read_text().splitlines()
    wanted = [line[2:] for line in lines if line.startswith("! ")]
    found = found_in(extract(write_report(tmp_path / "sample.pdf").read_bytes()))
    assert [item.text for item in found] == wanted
    assert {item.kind for item in found} == {"recommendation"}


def test_concluding_observations_that_ask_the_state_party_to_act_are_found(tmp_path):
    found = found_in(extract(concluding_observations(tmp_path / "co.pdf").read_bytes()))
    assert [item.paragraph for item in found] == OBSERVATION_PARAGRAPHS
    assert [item.number for item in found] == OBSERVATION_PARAGRAPHS
    assert {item.kind for item in found} == {"concluding observation"}
    assert found[1].text.startswith("The Committee urges the State party")


def test_a_scanned_page_without_text_is_passed_over(tmp_path):
    path = concluding_observations(tmp_path / "co.pdf")
    document = pymupdf.open(path)
    scan = document.new_page(1, width=595, height=842)
    pixmap = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 40), False)
    scan.insert_image(pymupdf.Rect(50, 50, 545, 792), pixmap=pixmap)
    document.save(tmp_path / "with-scan.pdf")
    found = found_in(extract((tmp_path / "with-scan.pdf").read_bytes()))
    assert [item.paragraph for item in found] == OBSERVATION_PARAGRAPHS
    assert all(item.page_index != 1 for item in found)


def test_a_scanned_report_has_its_recommendations_once_its_text_is_recognised(library, tmp_path):
    from app.services import recognition
    from tests.app.scans import make_scan, needs_recognition

    needs_recognition()
    concerns = [f"{n}. The Committee is concerned that detainees in region {n} were not told of their rights."
                for n in (1, 2, 4, 5)]
    scan = make_scan(tmp_path / "scan.pdf", ["Concluding observations on the report of Examplia", *concerns[:2],
                                             "3. The Committee recommends that the State party end solitary confinement.",
                                             *concerns[2:],
                                             "6. The Committee urges the State party to investigate every death in custody."])
    [outcome] = import_paths(library, [scan])
    assert list_recommendations(library, document_id=outcome.document.id) == []  # no text yet
    assert recognition.process_queue(library).recognised == 1
    found = list_recommendations(library, document_id=outcome.document.id)
    assert [(item.paragraph, item.text.split()[2]) for item in found] == [("3", "recommends"), ("6", "urges")]


def test_a_document_without_recommendations_lists_none(library, tmp_path):
    [outcome] = import_paths(library, [make_pdf(tmp_path / "news.pdf", ["A news article.\nNothing is recommended."])])
    assert list_recommendations(library, document_id=outcome.document.id) == []


def test_emphasis_is_read_line_by_line_from_the_pages_html():
    text = "17. The CPT\nrecommends that A & B be done. Plain.\n"
    html = ('<div><p style="top:1pt;left:1pt;line-height:1pt"><span>17. The </span><b><span>CPT</span></b></p>\n'
            '<p style="top:2pt;left:1pt;line-height:1pt"><b><span>recommends that A &amp; B be done.</span></b>'
            '<span> Plain.</span></p>\n</div>')
    assert emphasised(text, html) == ((8, 42, BOLD),)  # "CPT" and the next line's bold, one run
    assert text[8:42] == "CPT\nrecommends that A & B be done."
    assert emphasised(text + "one line more\n", html) == ()  # the lines do not match: no emphasis at all
    assert emphasised(text, html.replace("</p>", "")) == ()


# --- Storing and finding again ------------------------------------------------------------------


def test_finding_again_keeps_what_the_user_made_of_each_item(either_library, tmp_path):
    library = either_library
    [outcome] = import_paths(library, [cpt_report(tmp_path / "cpt.pdf")])
    document_id = outcome.document.id
    before = list_recommendations(library, document_id=document_id)
    assert len(before) == len(CPT_ITEMS)
    with library.writing() as session:
        row = session.get(Recommendation, before[1].id)
        row.status, row.status_note = "in progress", "a new register since May"
        # One found before and worked on, one found before and not: neither is in the report now.
        session.add(Recommendation(uuid="0" * 36, document_id=document_id, kind="recommendation", paragraph="3",
                                   page_index=0, text="gone", status="implemented"))
        session.add(Recommendation(uuid="1" * 36, document_id=document_id, kind="recommendation", paragraph="4",
                                   page_index=0, text="gone too"))
    refound = find_again(library, document_id)
    assert (refound.found, refound.new, refound.kept_worked_on, refound.removed) == (len(CPT_ITEMS), 0, 1, 1)
    after = list_recommendations(library, document_id=document_id)
    assert [item.uuid for item in after if item.text != "gone"] == [item.uuid for item in before]
    kept = next(item for item in after if item.uuid == before[1].uuid)
    assert (kept.status, kept.status_note) == ("in progress", "a new register since May")
    assert "1" * 36 not in {item.uuid for item in after}


def test_finding_again_without_the_documents_file_says_so_and_keeps_what_was_found(library, tmp_path):
    [outcome] = import_paths(library, [concluding_observations(tmp_path / "co.pdf")])
    before = list_recommendations(library, document_id=outcome.document.id)
    library.file_path(outcome.document.file_name).unlink()
    with pytest.raises(LibraryError, match="cannot be read"):
        find_again(library, outcome.document.id)
    assert list_recommendations(library, document_id=outcome.document.id) == before


# --- The command ----------------------------------------------------------------------------------


def _run(capsys, *args):
    code = main(list(args))
    return code, capsys.readouterr().out


def test_the_command_lists_a_documents_recommendations_as_text_csv_and_json(tmp_path, capsys):
    home = str(tmp_path / "home")
    _run(capsys, "--data-dir", home, "import", str(concluding_observations(tmp_path / "co.pdf")))
    code, out = _run(capsys, "--data-dir", home, "recommendations", "1")
    assert code == 0
    assert "CAT/C/EXA/CO/3" in out and "The Committee urges the State party" in out
    assert out.rstrip().endswith("4 recommendations")
    _code, out = _run(capsys, "--data-dir", home, "recommendations", "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["Paragraph"] for row in rows] == OBSERVATION_PARAGRAPHS
    assert rows[0]["Kind"] == "concluding observation" and rows[0]["Status"] == "no information"
    _code, out = _run(capsys, "--data-dir", home, "recommendations", "--json")
    assert [item["locator"] for item in json.loads(out)] == OBSERVATION_PARAGRAPHS


def test_the_command_finds_them_for_a_document_and_says_when_there_are_none(tmp_path, capsys):
    home = str(tmp_path / "home")
    _run(capsys, "--data-dir", home, "import", str(make_pdf(tmp_path / "plain.pdf", ["Plain words only."])))
    code, out = _run(capsys, "--data-dir", home, "recommendations", "1", "--find")
    assert code == 0
    assert "No recommendations were found in" in out
    code, out = _run(capsys, "--data-dir", home, "recommendations", "--country", "Examplia")
    assert "No recommendations were found in the documents about Examplia" in out


def test_the_command_refuses_a_document_and_a_country_together(tmp_path, capsys):
    code = main(["--data-dir", str(tmp_path / "home"), "recommendations", "1", "--country", "FR"])
    assert code != 0
    assert "not both" in capsys.readouterr().err
