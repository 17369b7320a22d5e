"""Documents that cannot simply be shown: a password, a damaged file, a file gone from the library."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from tests.pdfs import make_pdf
from tests.ui.helpers import import_one, open_and_wait, open_window


def test_password_protected_document_asks_for_its_password_until_it_opens(qtbot, library, tmp_path):
    document = import_one(library, make_pdf(tmp_path / "locked.pdf", ["secret"], user_password="s3cret"), "s3cret")
    window = open_window(qtbot, library)
    asked: list[str] = []
    answers = iter(["wrong", "s3cret"])

    def provider(title: str, message: str) -> str | None:
        asked.append(message)
        return next(answers)

    window.viewer.password_provider = provider
    open_and_wait(qtbot, window, document.id)
    assert asked == ["This document is protected by a password.", "The password does not open this document."]
    assert window.viewer.stack.currentIndex() == 1


def test_cancelled_password_prompt_leaves_a_way_to_try_again(qtbot, library, tmp_path):
    document = import_one(library, make_pdf(tmp_path / "locked.pdf", ["secret"], user_password="pw"), "pw")
    window = open_window(qtbot, library)
    window.viewer.password_provider = lambda title, message: None
    window.open_document(document.id)
    qtbot.waitUntil(lambda: window.viewer.stack.currentWidget() is window.viewer.message, timeout=10000)
    assert "protected by a password" in window.viewer.message.label.text()
    retry = window.viewer.message.button("Enter password\u2026")
    assert retry is not None

    window.viewer.password_provider = lambda title, message: "pw"
    with qtbot.waitSignal(window.viewer.pages.page_painted, timeout=10000):
        retry.click()


def test_damaged_file_gives_a_message_and_the_window_stays_usable(qtbot, library, tmp_path):
    damaged = import_one(library, make_pdf(tmp_path / "d.pdf", ["will be damaged"], title="Damaged"))
    good = import_one(library, make_pdf(tmp_path / "g.pdf", ["fine"], title="Good"))
    stored = library.file_path(damaged.file_name)
    stored.chmod(0o644)
    stored.write_bytes(b"this is no longer a PDF file at all")
    window = open_window(qtbot, library)
    with qtbot.waitSignal(window.viewer.document_failed, timeout=10000) as failure:
        window.open_document(damaged.id)
    assert "cannot be read" in failure.args[0]
    assert "cannot be shown" in window.viewer.message.label.text()
    assert window.viewer.status_text() == ""
    open_and_wait(qtbot, window, good.id)
    assert window.viewer.stack.currentIndex() == 1


def test_missing_library_file_says_so_and_can_be_located(qtbot, library, tmp_path, monkeypatch):
    original = make_pdf(tmp_path / "gone.pdf", ["somewhere else"], title="Gone")
    document = import_one(library, original)
    stored = library.file_path(document.file_name)
    stored.chmod(0o644)
    stored.unlink()
    window = open_window(qtbot, library)
    window.open_document(document.id)
    assert "missing" in window.viewer.message.label.text()
    assert window.viewer.message.button("Locate file\u2026") is not None

    other = make_pdf(tmp_path / "other.pdf", ["not the same"])
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text, *a: warnings.append(text)))
    # The file dialog is bypassed: the path a user would choose is given directly.
    assert not window.locate_file(document.id, str(other))
    assert "contents differ" in warnings[0]
    with qtbot.waitSignal(window.viewer.pages.page_painted, timeout=10000):
        assert window.locate_file(document.id, str(original))
    assert stored.exists()


def test_page_reader_that_dies_is_reported_and_replaced(qtbot, library, tmp_path):
    import os
    import signal

    first = import_one(library, make_pdf(tmp_path / "a.pdf", ["first", "second"], title="First"))
    other = import_one(library, make_pdf(tmp_path / "b.pdf", ["other"], title="Other"))
    window = open_window(qtbot, library)
    open_and_wait(qtbot, window, first.id)
    pid = window.worker.reader_pid
    os.kill(pid, signal.SIGKILL)  # as MuPDF crashing on a hostile file would
    with qtbot.waitSignal(window.viewer.document_failed, timeout=10000) as failure:
        window.viewer.pages.zoom_in()  # a page must be rendered anew
    assert "damaged" in failure.args[0]
    assert "cannot be shown" in window.viewer.message.label.text()
    open_and_wait(qtbot, window, other.id)
    assert window.worker.reader_pid != pid
