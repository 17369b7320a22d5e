"""A government's response aligned to its report: its replies offered, accepted and taken back as links."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from app.errors import LibraryError
from app.export.matrix import matrix_rows
from app.samples import REPORT_SYMBOL, write_samples
from app.services import passage_links, responses
from app.services.annotations import count_annotations, create_annotation, draft_from_selection, set_note
from app.services.documents import list_documents
from app.services.importing import import_paths
from app.services.links import create_link, links_of
from app.text.detection.responses import answered_report, cited_paragraphs, replies
from tests.app.recommendation_pdfs import cpt_report, write_report
from tests.app.test_annotations import selection
from tests.pdfs import make_pdf

RESPONSE_COVER = ("<h2>Response of the Government of Examplia to the report of the European Committee for the "
                  "Prevention of Torture (CPT) on its visit to Examplia from 2 to 11 April 2025</h2>")


def _response(path: Path, symbol: str, replies_: list[str], *, cites: str = "CPT/Inf (2025) 12") -> Path:
    blocks = [f"<p>{symbol}</p>", RESPONSE_COVER, f"<p>The CPT's report is document {cites}.</p>"]
    blocks += [f"<p>{number}. {text}</p>" for number, text in enumerate(replies_, start=1)]
    return write_report(path, symbol, blocks)


REPLIES = [
    "As regards paragraph 9, the Minister addressed a circular to every police officer in May 2025.",
    "In reply to the recommendations in paragraphs 13-14, a new wing of 120 places was opened at Northport.",
    "Concerning paragraph 17, the number of complaints lodged in 2024 was 41, of which 3 were upheld.",
    "The information requested in paragraph 45 of the report was sent by letter of 2 June 2025.",
    "Under Article 8, paragraph 5, of the Convention, the cells were closed (see paragraph 1 of this response).",
]


@pytest.fixture
def report_and_response(library, tmp_path):
    report = cpt_report(tmp_path / "report.pdf")
    response = _response(tmp_path / "response.pdf", "CPT/Inf (2025) 13", REPLIES)
    outcomes = import_paths(library, [report, response])
    assert [o.status for o in outcomes] == ["imported", "imported"]
    return outcomes[0].document.id, outcomes[1].document.id


# --- reading the text ---------------------------------------------------------------------------------


def test_citations_of_the_report_paragraphs_in_the_forms_responses_print_them():
    text = ("As regards paragraph 17 of the report; paragraphs 12-14; paras. 20 and 21; the recommendation in "
            "paragraph 9(b); paragraphs 3, 5 and 7; paragraphs 30 to 32.")
    assert [c.numbers for c in cited_paragraphs(text)] == [
        ("17",), ("12", "13", "14"), ("20", "21"), ("9",), ("3", "5", "7"), ("30", "31", "32")]


def test_paragraphs_of_a_law_an_article_or_the_response_itself_are_not_the_report_s():
    text = ("Article 8, paragraph 5, of the Convention; paragraph 2 of Article 3; paragraph 4 of this response; "
            "paragraph 1990-2000 of the Code.")
    assert cited_paragraphs(text) == []


def test_a_response_names_the_report_it_answers_by_symbol_or_by_its_visit():
    claim = answered_report("CPT/Inf (2025) 18\nResponse of the Government of the Republic of Examplia to the report "
                            "of the CPT on its visit to the Republic of Examplia from 3 to 14 March 2025\n"
                            "The report is CPT/Inf (2025) 17.", "CPT/Inf (2025) 18")
    assert claim is not None
    assert claim.symbols == ("CPT/Inf (2025) 17",)  # its own symbol left out
    assert (claim.country, claim.visit_start, claim.visit_end) == ("Republic of Examplia", "2025-03-03", "2025-03-14")
    maltese = answered_report("Response of the Maltese Government to the report of the European Committee for the "
                              "Prevention of Torture on its visit to Malta from 28 November to 9 December 2024", None)
    assert maltese is not None and (maltese.country, maltese.visit_start) == ("Malta", "2024-11-28")
    assert answered_report("Report to the Government of Examplia on the visit carried out by the CPT. The "
                           "Government's response is set out in document CPT/Inf (2025) 18.", None) is None


def test_a_reply_in_unnumbered_text_runs_from_its_sentence_to_the_next_reply_or_heading():
    page = ("A. Police custody\nThe Ministry thanks the CPT. As regards paragraph 9 of the report, a circular was\n"
            "sent to every police officer.\nB. Prisons\nIn reply to the recommendation in paragraph 14, a wing was "
            "opened. It has 120 places.\nConcerning paragraph 17 and paragraph 18, two doctors were recruited.")
    found = [(page[r.start:r.end], r.numbers) for r in replies(page)]
    assert found == [
        ("As regards paragraph 9 of the report, a circular was\nsent to every police officer.", ("9",)),
        ("In reply to the recommendation in paragraph 14, a wing was opened. It has 120 places.", ("14",)),
        ("Concerning paragraph 17 and paragraph 18, two doctors were recruited.", ("17", "18")),
    ]


def test_a_reply_in_a_numbered_paragraph_of_the_response_is_that_whole_paragraph():
    page = "5. The Ministry informs the CPT that, as regards paragraph 9, a circular was sent. It was read out."
    [reply] = replies(page, [(0, len(page))])
    assert (reply.start, reply.end, reply.numbers) == (0, len(page), ("9",))


def test_the_un_reports_of_the_corpus_are_not_taken_for_responses(real_corpus):
    for path in sorted(real_corpus.glob("upr-wg-report__*.pdf")):
        with pymupdf.open(path) as pdf:
            first = "\n".join(pdf[index].get_text() for index in range(min(3, pdf.page_count)))
        assert answered_report(first, None) is None, path.name


# --- aligning, accepting, taking back ------------------------------------------------------------------


def test_replies_are_offered_as_links_to_the_recommendations_of_the_paragraphs_they_cite(library, report_and_response):
    report_id, response_id = report_and_response
    alignment = responses.align(library, response_id)
    assert alignment.report is not None and alignment.report.id == report_id
    assert alignment.report.because == "it cites CPT/Inf (2025) 12"
    offered = [(s.cited, s.recommendation_text.split()[:3]) for s in alignment.suggestions]
    assert offered == [("9", ["The", "CPT", "recommends"]), ("14", ["The", "Committee", "recommends"]),
                       ("14", ["The", "CPT", "would"]), ("17", ["The", "Committee", "requests"])]
    assert not any(s.accepted for s in alignment.suggestions)
    assert alignment.suggestions[0].quote.startswith("1. As regards paragraph 9")  # the response's paragraph 1
    # What cannot become a link is said, with why; the paragraph of the Convention is not among them.
    assert [(u.cited, u.reason) for u in alignment.unmatched] == [
        ("13", "paragraph 13 of the report holds no recommendation"), ("45", "the report has no paragraph 45")]


def test_accepting_one_links_its_reply_and_the_recommendation_and_withdrawing_takes_back_only_that(
        library, report_and_response):
    report_id, response_id = report_and_response
    first, *others = responses.align(library, response_id).suggestions
    accepted = responses.accept(library, [first])
    assert len(accepted.links) == 1 and len(accepted.made) == 2
    again = responses.align(library, response_id).suggestions
    assert [s.accepted for s in again] == [True, False, False, False]
    reply_uuid = next(iter(accepted.annotations[response_id]))
    [link] = links_of(library, reply_uuid)
    assert link.link.kind == "responds to" and link.outgoing and link.other.document_id == report_id
    matrix = {row[2]: row for row in matrix_rows(library, document_id=report_id)}
    assert "As regards paragraph 9" in matrix["9"][7] and "CPT/Inf (2025) 13" in matrix["9"][7]
    assert matrix["17"][7] == ""

    rest = responses.accept(library, others)
    # The reply citing paragraphs 13-14 is one passage, linked to both recommendations of paragraph 14.
    assert len(rest.links) == 3 and len(rest.made) == 2 + 3
    assert all(s.accepted for s in responses.align(library, response_id).suggestions)
    assert responses.accept(library, others).links == ()  # accepting again adds nothing

    passage_links.withdraw(library, rest)
    assert [s.accepted for s in responses.align(library, response_id).suggestions] == [True, False, False, False]
    assert count_annotations(library, response_id) == 1 and count_annotations(library, report_id) == 1
    passage_links.withdraw(library, accepted)
    assert count_annotations(library, response_id) == 0 and count_annotations(library, report_id) == 0
    assert all(row[7] == "" for row in matrix_rows(library, document_id=report_id))


def test_accepting_again_after_a_withdrawal_makes_the_same_passages_and_links(library, report_and_response):
    _report_id, response_id = report_and_response
    suggestions = responses.align(library, response_id).suggestions
    accepted = responses.accept(library, suggestions)
    passage_links.withdraw(library, accepted)
    redone = responses.accept(library, suggestions, accepted.names)
    assert redone.links == accepted.links and sorted(redone.made) == sorted(accepted.made)


def test_two_responses_claiming_the_same_report_are_each_told_of_the_other(library, report_and_response, tmp_path):
    report_id, response_id = report_and_response
    second = _response(tmp_path / "second.pdf", "CPT/Inf (2025) 14", ["As regards paragraph 9, nothing changed."])
    [outcome] = import_paths(library, [second])
    alignment = responses.align(library, outcome.document.id)
    assert alignment.report is not None and alignment.report.id == report_id
    assert [r.id for r in alignment.rivals] == [response_id]
    assert [r.id for r in responses.align(library, response_id).rivals] == [outcome.document.id]


def test_a_response_whose_report_is_not_in_the_library_says_which_it_needs(library, tmp_path):
    path = _response(tmp_path / "alone.pdf", "CPT/Inf (2025) 13", REPLIES, cites="CPT/Inf (2025) 99")
    [outcome] = import_paths(library, [path])
    alignment = responses.align(library, outcome.document.id)
    assert alignment.report is None and alignment.suggestions == ()
    assert "CPT/Inf (2025) 99, which is not in the library" in alignment.message


def test_a_document_that_is_no_response_says_so_and_names_the_responses_to_it(library, tmp_path):
    [outcome] = import_paths(library, [cpt_report(tmp_path / "report.pdf")])
    alignment = responses.align(library, outcome.document.id)
    assert alignment.report is None and "does not read as a government's response" in alignment.message
    assert "answered by" not in alignment.message
    [response] = import_paths(library, [_response(tmp_path / "response.pdf", "CPT/Inf (2025) 13", REPLIES)])
    alignment = responses.align(library, outcome.document.id)
    assert alignment.message.endswith(f"It is answered by CPT/Inf (2025) 13 \u2013 {response.document.title}: "
                                      "align that response instead.")


def test_the_sample_response_answers_every_recommendation_of_the_sample_report(library, tmp_path):
    report, _news, response = write_samples(tmp_path)
    outcomes = import_paths(library, [report, response])
    alignment = responses.align(library, outcomes[1].document.id)
    assert alignment.report is not None and alignment.report.reference == REPORT_SYMBOL
    assert [s.cited for s in alignment.suggestions] == ["9", "11", "14", "17", "20"]
    assert {(s.page_index, s.page) for s in alignment.suggestions} == {(1, "1")}  # after the cover, as printed
    assert alignment.unmatched == () and alignment.rivals == ()


def test_the_command_line_lists_the_replies_and_links_them_with_accept(library, report_and_response, capsys):
    from app.cli import EXIT_OK, main

    assert main(["--data-dir", str(library.root), "responses", "CPT/Inf (2025) 13"]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith("Answers CPT/Inf (2025) 12")
    assert "not linked: the report has no paragraph 45" in out
    assert out.rstrip().endswith("4 replies to link, 0 linked (add --accept to link the rest)")
    assert main(["--data-dir", str(library.root), "responses", "CPT/Inf (2025) 13", "--accept"]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith("4 replies linked.") and out.rstrip().endswith("4 replies to link, 4 linked")


def test_accepting_when_a_pdf_is_missing_says_so_and_changes_nothing(library, report_and_response):
    report_id, response_id = report_and_response
    suggestions = responses.align(library, response_id).suggestions
    [response] = [d for d in list_documents(library) if d.id == response_id]
    target = library.file_path(response.file_name)
    target.chmod(0o644)
    target.unlink()
    with pytest.raises(LibraryError, match="cannot be read .*nothing was changed"):
        responses.accept(library, suggestions)
    assert count_annotations(library, response_id) == 0 and count_annotations(library, report_id) == 0


def test_a_response_citing_no_symbol_is_aligned_by_the_visit_it_names(library, tmp_path):
    report, _news, _response_ = write_samples(tmp_path)
    letter = write_report(tmp_path / "letter.pdf", "Ministry of Justice of the Republic of Examplia", [
        "<h2>Response of the Government of the Republic of Examplia to the report of the CPT on its visit to the "
        "Republic of Examplia from 3 to 14 March 2025</h2>",
        "<p>As regards paragraph 17, a second doctor was recruited.</p>"])
    outcomes = import_paths(library, [report, letter])
    alignment = responses.align(library, outcomes[1].document.id)
    assert alignment.claim is not None and alignment.claim.symbols == ()
    assert alignment.report is not None and alignment.report.reference == REPORT_SYMBOL
    assert alignment.report.because == "it names the visit: Republic of Examplia, 2025-03-03 to 2025-03-14"
    assert [s.cited for s in alignment.suggestions] == ["17"]


def test_taking_back_keeps_a_passage_made_for_a_reply_that_has_since_been_given_a_note(library, report_and_response):
    _report_id, response_id = report_and_response
    first = responses.align(library, response_id).suggestions[0]
    accepted = responses.accept(library, [first])
    reply_uuid = next(iter(accepted.annotations[response_id]))
    set_note(library, reply_uuid, "Check the circular's date")
    passage_links.withdraw(library, accepted)
    assert count_annotations(library, response_id) == 1  # the note is not lost with the link
    assert links_of(library, reply_uuid) == []


def test_a_document_whose_passage_is_linked_as_replying_to_the_report_is_named_too(
        library, report_and_response, tmp_path):
    report_id, response_id = report_and_response
    accepted = responses.accept(library, responses.align(library, response_id).suggestions[:1])
    recommendation_passage = next(iter(accepted.annotations[report_id]))
    [note] = import_paths(library, [make_pdf(tmp_path / "note.pdf", ["The Ministry's note on the circular."],
                                             title="Ministry note")])
    passage = create_annotation(library, draft_from_selection(selection(library, note.document.id, "The Ministry")))
    create_link(library, passage.uuid, recommendation_passage, "responds to")
    rivals = responses.align(library, response_id).rivals
    assert [(r.title, r.because) for r in rivals] == [("Ministry note", "its passages are linked as replies to it")]
