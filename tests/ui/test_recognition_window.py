"""Scanned pages are recognised in the background when the window opens, with progress and Cancel in
the status bar; the open document's recognised words are selected and found like any other."""

from __future__ import annotations

from app.services import recognition
from tests.app.scans import ENGLISH, make_scan, needs_recognition
from tests.ui.helpers import import_one, open_and_wait, open_window


def test_the_window_recognises_waiting_pages_and_uses_their_words(qtbot, library, tmp_path):
    needs_recognition()
    document = import_one(library, make_scan(tmp_path / "cpt.pdf", ENGLISH))
    assert recognition.waiting(library) == 1
    window = open_window(qtbot, library)
    qtbot.waitUntil(lambda: window.features is not None, timeout=10000)
    feature = window.features.recognition
    qtbot.waitUntil(lambda: feature.task is None and recognition.waiting(library) == 0, timeout=120000)
    assert feature.status.label.text() == "Recognising page 1 of 1 of \u201ccpt\u201d"
    assert not feature.status.isVisible()

    open_and_wait(qtbot, window, document.id)
    pages = window.viewer.pages

    def recognised_words_shown() -> bool:  # read off the UI thread, then asked for again
        pages.request_words([0])
        return 0 in pages.words and any(w.text == "overcrowded" for w in pages.words[0].words)

    qtbot.waitUntil(recognised_words_shown, timeout=10000)
    assert "recognised text (OCR)" in window.statusBar().currentMessage()
    window.viewer.find("overcrowded cells")
    qtbot.waitUntil(lambda: bool(window.viewer.pages.hits), timeout=10000)


def test_cancel_in_the_status_bar_stops_recognition(qtbot, library, tmp_path):
    needs_recognition()
    import_one(library, make_scan(tmp_path / "long.pdf", *([ENGLISH] * 8)))
    window = open_window(qtbot, library)
    qtbot.waitUntil(lambda: window.features is not None, timeout=10000)
    feature = window.features.recognition
    qtbot.waitUntil(lambda: feature.status.isVisible(), timeout=60000)
    feature.status.cancel.click()
    qtbot.waitUntil(lambda: feature.task is None, timeout=60000)
    assert 0 < recognition.waiting(library) < 8


def test_recognise_text_asks_the_language_and_remembers_it(qtbot, library, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    needs_recognition()
    document = import_one(library, make_scan(tmp_path / "cpt.pdf", ENGLISH))
    window = open_window(qtbot, library)
    qtbot.waitUntil(lambda: window.features is not None, timeout=10000)
    feature = window.features.recognition
    qtbot.waitUntil(lambda: feature.task is None and recognition.waiting(library) == 0, timeout=120000)
    asked = []
    monkeypatch.setattr(QInputDialog, "getItem", lambda *args: (asked.append(args[3:5]), ("French", True))[1])
    feature.ask_and_recognise(document.id)
    qtbot.waitUntil(lambda: recognition.document_language(library, document.id) == ("fra", "user"), timeout=10000)
    assert asked == [(["English", "French", "Russian"], 0)]  # the guess offered first
    qtbot.waitUntil(lambda: feature.task is None and recognition.waiting(library) == 0, timeout=120000)
    with library.reading() as session:
        assert recognition.recognised_pages(session, document.id) == {0: "fra"}


def test_pages_recognised_while_the_document_is_open_come_into_its_pages(qtbot, library, tmp_path):
    needs_recognition()
    document = import_one(library, make_scan(tmp_path / "cpt.pdf", ENGLISH))
    window = open_window(qtbot, library)
    qtbot.waitUntil(lambda: window.features is not None, timeout=10000)
    feature = window.features.recognition
    feature.cancel()  # the start's run stopped before its page is stored: the document opens without text
    qtbot.waitUntil(lambda: feature.task is None, timeout=60000)
    open_and_wait(qtbot, window, document.id)
    if recognition.waiting(library):
        feature.start()
    pages = window.viewer.pages

    def recognised_words_shown() -> bool:
        pages.request_words([0])
        return 0 in pages.words and any(w.text == "overcrowded" for w in pages.words[0].words)

    qtbot.waitUntil(recognised_words_shown, timeout=120000)
