"""Scanned pages get their text recognised (OCR) and then read like any other page: searched,
highlighted through the words seam, cited with their paragraph."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pymupdf
import pytest

from app.pdf.page_source import FixedWords, LayeredWords, PyMuPDFPages
from app.services import recognition
from app.services.annotations import create_annotation, document_text, draft_from_selection, get_annotation
from app.services.citing import cite_annotation
from app.services.documents import search_text
from app.services.importing import import_paths
from app.services.structure import list_paragraphs
from app.services.viewing import open_view
from app.text.anchoring import selection_for_span
from app.text.recognised_text import guess_language, lines_of, usable
from app.text.selection import PageWords, Word
from tests.app import misbehaving
from tests.app.ocr_accuracy import Scan, report_path, scanned_pdf
from tests.app.scans import (
    ENGLISH,
    FRENCH,
    RUSSIAN,
    make_garbage_font_scan,
    make_numbered_scan,
    make_scan,
    needs_recognition,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def ocr() -> None:
    needs_recognition()


def _imported(library, path: Path) -> int:
    [outcome] = import_paths(library, [path])
    assert outcome.status == "imported", outcome.reason
    return outcome.document.id


# --- Without recognition: deciding what to recognise -------------------------------------


def test_blank_and_garbage_text_is_not_usable_and_running_text_is():
    assert not usable("")
    assert not usable("  \n 12 \n")
    assert not usable("\x12\x0f\x015IF\x01EFMFHBUJPO\x01WJTJUFE\x01UIF\x01QSJTPO\x0f\n")
    assert not usable("\ufffd\ufffd\ufffd \ufffd\ufffd \ufffd\ufffd\ufffd\ufffd")
    assert not usable("THEDELEGATIONVISITEDTHEPRISONANDFOUNDOVERCROWDEDCELLSINEVERYWINGOFITANDSPOKETOSTAFF")
    assert usable(ENGLISH[0])
    assert usable(RUSSIAN[0])
    assert usable("Annex")


def test_the_language_is_guessed_from_the_script_and_common_words():
    assert guess_language(ENGLISH) == "eng"
    assert guess_language(FRENCH) == "fra"
    assert guess_language(RUSSIAN) == "rus"
    assert guess_language(["12", "CPT"]) is None
    assert guess_language(ENGLISH + RUSSIAN) == "eng+rus"  # a bilingual document is read in both
    assert guess_language(RUSSIAN + ENGLISH[:2]) == "rus+eng"


def test_import_queues_the_scanned_pages_and_opens_at_once(library, tmp_path):
    path = make_scan(tmp_path / "mixed.pdf", ENGLISH, [], ENGLISH, text_pages={1: "An ordinary page of text, typed."})
    document_id = _imported(library, path)
    assert recognition.waiting(library, document_id) == 2
    view = open_view(library, document_id)  # nothing waits for recognition to open it
    assert len(view.pages) == 3
    # The ordinary page tells the document's language.
    assert recognition.document_language(library, document_id) == ("eng", "guessed")


def test_a_recognised_layer_stands_in_for_the_pages_it_has():
    base = FixedWords({0: PageWords(0, (Word(0, 0, 10, 10, "own", 0, 0, 0, 3),), "own")})
    layered = LayeredWords(base, {1: PageWords(1, (Word(0, 0, 10, 10, "seen", 0, 0, 0, 4),), "seen")})
    assert layered.words(0).text == "own"
    assert layered.words(1).text == "seen"
    assert len(layered.find(1, "SEEN")) == 1
    assert layered.find(0, "seen") == ()
    assert LayeredWords(None, {}).words(3) == PageWords(3, (), "")


def test_recognised_lines_keep_their_place_in_the_text():
    words = [[72, 80, 80, 92, "1.", 0, 0, 0, 2], [84, 80, 120, 92, "The", 0, 0, 3, 6],
             [72, 100, 130, 112, "Committee", 0, 1, 7, 16], [0, 0, 1, 1, "lost", 0, 2, None, None]]
    [first, second] = lines_of(words)
    assert (first.start, first.end, first.x0, first.x1) == (0, 6, 72, 120)
    assert (second.start, second.end) == (7, 16)


def test_a_recognised_line_of_a_straightened_scan_is_as_big_as_its_words():
    # Each word 10 points high, the line sloping 1.5 points down from word to word: a number read
    # apart ("10.", 10 high) is body text beside it, not small print.
    words = [[150 + 40 * i, 100 + 1.5 * i, 185 + 40 * i, 110 + 1.5 * i, "word", 1, 0, 5 * i, 5 * i + 4]
             for i in range(8)]
    [line] = lines_of(words)
    assert line.y1 - line.y0 == pytest.approx(20.5) and line.size == pytest.approx(10)


def test_cli_parses_the_recognise_command():
    from app.cli import build_parser
    from app.cli.recognise import page_range

    args = build_parser().parse_args(["recognise", "3", "--pages", "2-4", "--language", "fra"])
    assert (args.document, args.pages, args.language) == ("3", "2-4", "fra")
    assert page_range("2-4", 10) == [1, 2, 3]
    assert page_range("5", 10) == [4]
    assert page_range("1,3-4", 10) == [0, 2, 3]
    with pytest.raises(ValueError):
        page_range("4-2", 10)


# --- With recognition ---------------------------------------------------------------


def test_a_scanned_page_is_recognised_searched_highlighted_and_cited(ocr, library, tmp_path):
    document_id = _imported(library, make_scan(tmp_path / "cpt.pdf", ENGLISH))
    assert search_text(library, "overcrowded") == []
    seen = []
    report = recognition.process_queue(library, progress=lambda done, total, what: seen.append((done, total, what)))
    assert report.recognised == 1 and not report.failed
    assert seen == [(1, 1, "Recognising page 1 of 1 of \u201ccpt\u201d")]
    assert recognition.waiting(library) == 0

    [hit] = search_text(library, "overcrowded cells")
    assert (hit.document_id, hit.page_index) == (document_id, 0)

    # Highlighted by its text, through the words seam, as the window does on a page with a text layer.
    words = LayeredWords(None, recognition.recognised_words(library, document_id))
    with library.reading() as session:
        text = document_text(session, document_id)
    start = text.index("urgent measures")
    end = start + len("urgent measures")
    assert words.find(0, "urgent measures")
    selection = selection_for_span(document_id, {0: words.words(0)}, [0], start, end)
    annotation = create_annotation(library, draft_from_selection(selection))
    assert annotation.quote == "urgent measures"
    assert annotation.targets[0].quads

    assert [p.number for p in list_paragraphs(library, document_id)] == ["1", "2", "3", "4", "5", "6"]
    assert tuple(get_annotation(library, annotation.uuid).paragraphs) == ("3",)
    citation = cite_annotation(library, annotation.uuid)
    assert "para. 3" in citation.citation
    assert citation.recognised and citation.citation.endswith("(recognised text)")
    with library.reading() as session:
        assert recognition.from_recognised_text(session, document_id, [0])


@pytest.mark.parametrize(("paragraphs", "language", "word"), [
    (FRENCH, "fra", "surpeuplées"),
    (RUSSIAN, "rus", "переполненные"),
])
def test_french_and_russian_scans_are_recognised_in_their_language(ocr, library, tmp_path, paragraphs, language, word):
    document_id = _imported(library, make_scan(tmp_path / f"{language}.pdf", paragraphs))
    assert recognition.document_language(library, document_id) is None  # nothing to tell it from yet
    recognition.process_queue(library)
    assert recognition.document_language(library, document_id) == (language, "guessed")
    [hit] = search_text(library, word)
    assert hit.document_id == document_id
    with library.reading() as session:
        assert recognition.recognised_pages(session, document_id) == {0: language}


def test_pages_of_a_document_of_unknown_language_are_guessed_one_a_worker_then_read_in_it(ocr, library, tmp_path):
    # Each worker guesses from a page of its own rather than one waiting for the other's guess.
    document_id = _imported(library, make_scan(tmp_path / "fr.pdf", FRENCH, FRENCH, FRENCH))
    report = recognition.process_queue(library, workers=2, recogniser=misbehaving.recognise_and_tell)
    assert report.recognised == 3
    [calls] = library.root.rglob("*.calls")
    asked = dict(line.split() for line in calls.read_text().splitlines())
    assert asked == {"0": "None", "1": "None", "2": "fra"}
    with library.reading() as session:
        assert recognition.recognised_pages(session, document_id) == {0: "fra", 1: "fra", 2: "fra"}


def test_a_page_in_a_font_without_unicode_map_is_recognised(ocr, library, tmp_path):
    document_id = _imported(library, make_garbage_font_scan(tmp_path / "codes.pdf", ENGLISH))
    assert recognition.waiting(library, document_id) == 1  # it had text, but not text anyone can read
    assert search_text(library, "delegation") == []
    recognition.process_queue(library)
    [hit] = search_text(library, "delegation prison")
    assert hit.document_id == document_id
    with library.reading() as session:
        assert "\x01" not in document_text(session, document_id)


def test_pages_after_a_recognised_page_keep_their_annotations_in_place(ocr, library, tmp_path):
    path = make_scan(tmp_path / "mixed.pdf", ENGLISH, [], text_pages={1: "Second page about the treaty."})
    document_id = _imported(library, path)
    view = open_view(library, document_id)
    words = recognition.recognised_words(library, document_id)
    assert words == {}
    with pymupdf.open(path) as pdf:
        native = PyMuPDFPages(pymupdf, pdf).words(1)
    start = view.pages[1].start_offset + native.text.index("treaty")
    selection = selection_for_span(document_id, {1: native}, list(view.page_starts), start, start + 6)
    annotation = create_annotation(library, draft_from_selection(selection))
    recognition.process_queue(library)
    moved = get_annotation(library, annotation.uuid)
    with library.reading() as session:
        text = document_text(session, document_id)
    assert moved.start_offset > annotation.start_offset
    assert text[moved.start_offset:moved.end_offset] == annotation.quote == "treaty."
    assert open_view(library, document_id).pages[1].start_offset == text.index("Second page")


def test_cancelling_stops_and_leaves_the_rest_queued(ocr, library, tmp_path):
    document_id = _imported(library, make_scan(tmp_path / "long.pdf", *([ENGLISH] * 6)))
    recognition.set_language(library, document_id, "eng")
    stop = []
    report = recognition.process_queue(library, workers=1, progress=lambda *_: stop.append(True),
                                       cancelled=lambda: bool(stop))
    assert report.cancelled
    assert 1 <= report.recognised < 6
    assert recognition.waiting(library, document_id) == 6 - report.recognised
    with library.reading() as session:
        states = session.connection().exec_driver_sql("SELECT DISTINCT state FROM recognition_queue").all()
    assert states == [("queued",)]  # none left "running"


def test_the_queue_resumes_after_the_run_is_killed(ocr, library, tmp_path):
    document_id = _imported(library, make_scan(tmp_path / "long.pdf", *([ENGLISH] * 5)))
    recognition.set_language(library, document_id, "eng")
    script = (
        "import sys\n"
        "from app.library import Library\n"
        "from app.services.recognition import process_queue\n"
        "if __name__ == '__main__':\n"
        "    with Library.open(sys.argv[1]) as library:\n"
        "        process_queue(library, workers=1)\n"
    )
    run = subprocess.Popen([sys.executable, "-c", script, str(library.root)], cwd=ROOT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while _recognised(library.db_path) < 1:
            assert run.poll() is None and time.monotonic() < deadline
            time.sleep(0.1)
    finally:
        os.killpg(run.pid, signal.SIGKILL)  # the run and its workers, mid-page
        run.wait()
    done = _recognised(library.db_path)
    assert done < 5
    assert recognition.waiting(library, document_id) == 5 - done
    report = recognition.process_queue(library)  # as the next start of the app does
    assert report.recognised == 5 - done
    assert _recognised(library.db_path) == 5
    assert recognition.waiting(library) == 0


def _recognised(db_path: Path) -> int:
    with sqlite3.connect(db_path) as db:
        return db.execute("SELECT count(*) FROM recognised_pages").fetchone()[0]


def test_the_command_recognises_a_page_range_again_in_another_language(ocr, library, tmp_path, capsys):
    from app.cli import main

    document_id = _imported(library, make_scan(tmp_path / "fr.pdf", ENGLISH, FRENCH))
    library.close()
    data = str(library.root)
    assert main(["--data-dir", data, "recognise", str(document_id)]) == 0
    assert "2 pages recognised" in capsys.readouterr().out
    assert main(["--data-dir", data, "recognise", str(document_id), "--pages", "2", "--language", "fra"]) == 0
    out = capsys.readouterr().out
    assert "1 page recognised" in out
    reopened = type(library).open(Path(data))
    try:
        with reopened.reading() as session:
            assert recognition.recognised_pages(session, document_id) == {0: "eng", 1: "fra"}
        assert recognition.document_language(reopened, document_id) == ("fra", "user")
    finally:
        reopened.close()


def test_scans_of_the_shared_corpus_are_recognised(ocr, library, robust_corpus):
    names = ["pdfjs__ccitt_EndOfBlock_false.pdf", "pdfjs__jbig2_file_header.pdf", "pdfjs__bug_jpx.pdf"]
    outcomes = import_paths(library, [robust_corpus / name for name in names])
    assert [outcome.status for outcome in outcomes] == ["imported"] * 3
    assert recognition.waiting(library) == 3
    for outcome in outcomes:
        recognition.set_language(library, outcome.document.id, "eng")
    report = recognition.process_queue(library)
    assert not report.failed
    assert recognition.waiting(library) == 0


def test_exports_say_a_quote_comes_from_recognised_text(ocr, library, tmp_path):
    from app.export.rows import collect_rows

    document_id = _imported(library, make_scan(tmp_path / "cpt.pdf", ENGLISH))
    recognition.process_queue(library)
    words = LayeredWords(None, recognition.recognised_words(library, document_id))
    with library.reading() as session:
        text = document_text(session, document_id)
    start = text.index("urgent measures")
    selection = selection_for_span(document_id, {0: words.words(0)}, [0], start, start + len("urgent measures"))
    create_annotation(library, draft_from_selection(selection))
    [row] = collect_rows(library)
    assert row.citation.endswith("(recognised text)")
    assert "para. 3" in row.citation


def test_the_whole_library_archive_keeps_the_recognised_text(ocr, library, tmp_path):
    from app.export.archive import export_library, import_library
    from app.library import Library

    document_id = _imported(library, make_scan(tmp_path / "cpt.pdf", ENGLISH))
    recognition.process_queue(library)
    export_library(library, tmp_path / "library.zip")
    with Library.open(tmp_path / "copy") as copy:
        import_library(copy, tmp_path / "library.zip")
        [hit] = search_text(copy, "overcrowded")
        assert hit.document_id == document_id
        assert recognition.recognised_words(copy, document_id)[0].words


def test_ctrl_c_stops_the_command_and_puts_the_pages_in_flight_back(ocr, library, tmp_path):
    document_id = _imported(library, make_scan(tmp_path / "long.pdf", *([ENGLISH] * 6)))
    recognition.set_language(library, document_id, "eng")
    command = [sys.executable, "-m", "app", "--data-dir", str(library.root), "recognise", str(document_id)]
    run = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while _recognised(library.db_path) < 1:
            assert run.poll() is None and time.monotonic() < deadline
            time.sleep(0.1)
        os.killpg(run.pid, signal.SIGINT)  # as a terminal sends Ctrl+C: to the command and its workers
        out, err = run.communicate(timeout=60)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
    assert run.returncode == 130, err
    assert "Recognising page 1 of 6 of \u201clong\u201d" in err
    assert "still waiting" in out
    assert recognition.failures(library) == []
    with library.reading() as session:
        states = session.connection().exec_driver_sql("SELECT DISTINCT state FROM recognition_queue").all()
    assert states == [("queued",)]
    assert recognition.waiting(library, document_id) == 6 - _recognised(library.db_path)


def test_printed_page_numbers_on_scanned_pages_become_their_labels(ocr, library, tmp_path):
    path = make_numbered_scan(tmp_path / "numbered.pdf", [ENGLISH[n:n + 2] for n in range(4)], first=10)
    document_id = _imported(library, path)
    assert [page.label for page in open_view(library, document_id).pages] == ["1", "2", "3", "4"]
    recognition.set_language(library, document_id, "eng")
    recognition.process_queue(library)
    assert [page.label for page in open_view(library, document_id).pages] == ["10", "11", "12", "13"]
    [hit] = search_text(library, "allegations")
    assert hit.page_label == "13"


def test_list_and_info_tell_the_recognised_pages(ocr, library, tmp_path, capsys):
    from app.cli import main

    document_id = _imported(library, make_scan(tmp_path / "cpt.pdf", ENGLISH, ENGLISH))
    data = str(library.root)
    library.close()
    assert main(["--data-dir", data, "list"]) == 0
    assert "[no text layer]" in capsys.readouterr().out
    assert main(["--data-dir", data, "info", str(document_id)]) == 0
    assert f"Recognised:    0 of 2 pages, 2 waiting (rights-annotator recognise {document_id})" in (
        capsys.readouterr().out)
    assert main(["--data-dir", data, "recognise", str(document_id), "--language", "eng"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", data, "list"]) == 0
    assert "[recognised text: 2 of 2 pages]" in capsys.readouterr().out
    assert main(["--data-dir", data, "info", str(document_id)]) == 0
    assert "Recognised:    2 of 2 pages, in English" in capsys.readouterr().out


def test_a_blank_page_is_queued_but_nothing_is_kept_for_it(ocr, library, tmp_path):
    path = tmp_path / "blank.pdf"
    with pymupdf.open() as document:
        document.new_page().insert_text((72, 100), "A report page with words on it, typed and ordinary.")
        document.new_page()  # left blank, as reports leave pages
        document.save(path)
    document_id = _imported(library, path)
    assert recognition.waiting(library, document_id) == 1
    report = recognition.process_queue(library)
    assert report.recognised == 0 and not report.failed
    assert recognition.waiting(library, document_id) == 0
    assert recognition.recognised_counts(library) == {}


def test_what_a_scan_is_is_detected_from_its_recognised_text(ocr, library, tmp_path):
    cover = ["CPT/Inf (2024) 05", "Report to the Government of Ruritania on the visit carried out "
             "by the European Committee for the Prevention of Torture"]
    document_id = _imported(library, make_scan(tmp_path / "scan0001.pdf", cover, ENGLISH))
    assert open_view(library, document_id).info.reference is None
    recognition.set_language(library, document_id, "eng")
    recognition.process_queue(library)
    assert open_view(library, document_id).info.reference == "CPT/Inf (2024) 05"


def _scanned_copy(path: Path, source: pymupdf.Document, pages: list[int], scan: Scan) -> Path:
    """An image-only copy of ``pages`` of ``source``, scanned as ``scan`` says."""
    copy = pymupdf.open()
    for index in pages:
        copy.insert_pdf(pymupdf.open(stream=scanned_pdf(source[index], scan), filetype="pdf"))
    copy.save(path)
    return path


def test_a_scanned_upr_report_is_titled_and_placed_as_its_original(ocr, library, tmp_path):
    # Its cover's "Periodic Review*" is read "Periodic Review:", which hid the State's name.
    source = pymupdf.open(report_path("azerbaijan2013"))
    document_id = _imported(library, _scanned_copy(tmp_path / "scan.pdf", source, [0, 1], Scan()))
    recognition.process_queue(library, workers=2)
    info = open_view(library, document_id).info
    assert (info.title, info.country, info.reference) == (
        "Report of the Working Group on the Universal Periodic Review: Azerbaijan", "Azerbaijan", "A/HRC/24/13")


def test_a_scanned_response_keeps_both_lines_of_its_title(ocr, library, tmp_path):
    # The second line has no letter reaching below the line (g, p, y): recognised, it measured a
    # fifth less than the first, and the title ended with the first.
    cover = pymupdf.open()
    page = cover.new_page()
    page.insert_text((380, 70), "CPT/Inf (2025) 30", fontname="hebo", fontsize=11)
    page.insert_text((72, 220), "Response of the Government of Ruritania", fontname="hebo", fontsize=16)
    page.insert_text((72, 244), "to the Committee's visit in March 2025", fontname="hebo", fontsize=16)
    for row, line in enumerate(ENGLISH):
        page.insert_text((72, 320 + 16 * row), line[:80], fontname="helv", fontsize=10)
    document_id = _imported(library, _scanned_copy(tmp_path / "scan.pdf", cover, [0], Scan(dpi=200)))
    recognition.set_language(library, document_id, "eng")
    recognition.process_queue(library)
    info = open_view(library, document_id).info
    assert (info.kind, info.title) == (
        "government_response", "Response of the Government of Ruritania to the Committee's visit in March 2025")


def test_a_scan_of_the_sample_report_with_every_degradation_keeps_its_whole_title(ocr, library, tmp_path):
    # Turned 1.5 degrees, its title's lines measured 14.1 to 17.3 points (the line without g, p or y
    # the least), "2025" alone on the last 12.1; the text under it 11.7.
    from app.samples import write_report

    source = pymupdf.open(write_report(tmp_path / "report.pdf"))
    scan = Scan(dpi=200, skew=1.5, noise=0.005, jpeg=60)
    document_id = _imported(library, _scanned_copy(tmp_path / "scan.pdf", source, [0], scan))
    recognition.set_language(library, document_id, "eng")
    recognition.process_queue(library)
    assert open_view(library, document_id).info.title == " ".join(source[0].get_text().split("\n")[1:6])


def test_the_command_leaves_pages_with_their_own_text_unless_asked(ocr, library, tmp_path, capsys):
    from app.cli import main

    path = make_scan(tmp_path / "mixed.pdf", ENGLISH, [], text_pages={1: "Second page about the treaty, typed."})
    document_id = _imported(library, path)
    data = str(library.root)
    library.close()
    assert main(["--data-dir", data, "recognise", str(document_id), "--language", "eng"]) == 0
    assert "1 page recognised" in capsys.readouterr().out
    assert main(["--data-dir", data, "recognise", str(document_id)]) == 0  # the recognised page, again
    assert "1 page recognised" in capsys.readouterr().out
    assert main(["--data-dir", data, "recognise", str(document_id), "--pages", "2"]) == 0
    assert "1 page recognised" in capsys.readouterr().out


def test_a_document_with_a_text_layer_needs_no_recognition(library, tmp_path, capsys):
    from app.cli import main

    path = make_scan(tmp_path / "typed.pdf", [], text_pages={0: "A page of ordinary typed text, nothing scanned."})
    document_id = _imported(library, path)
    data = str(library.root)
    library.close()
    assert main(["--data-dir", data, "recognise", str(document_id)]) == 0
    assert "none needs recognising" in capsys.readouterr().out


def test_pages_left_taken_under_this_process_s_own_number_are_taken_again(library, tmp_path):
    # A run killed long ago whose process number this process now has: its pages are not left stuck.
    document_id = _imported(library, make_scan(tmp_path / "cpt.pdf", ENGLISH))
    with library.writing() as session:
        session.connection().exec_driver_sql(f"UPDATE recognition_queue SET state = 'running', worker = {os.getpid()}")
    assert recognition.release_abandoned(library) == 1
    assert recognition.waiting(library, document_id) == 1


def test_without_the_language_data_the_tests_skip_here_and_fail_under_ci(monkeypatch):
    import app.pdf.recognise as engine

    monkeypatch.setattr(engine, "_SEARCHED", ())
    monkeypatch.delenv("TESSDATA_PREFIX", raising=False)
    assert "install tesseract-ocr-eng" in recognition.check_available(["eng"])
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="not installed"):
        needs_recognition()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must have it"):
        needs_recognition()


def test_a_bilingual_scan_is_recognised_in_both_its_languages(ocr, library, tmp_path):
    document_id = _imported(library, make_scan(tmp_path / "both.pdf", ENGLISH[:3] + RUSSIAN[:3]))
    recognition.process_queue(library)
    assert recognition.document_language(library, document_id) == ("eng+rus", "guessed")
    assert search_text(library, "overcrowded") and search_text(library, "переполненные")
