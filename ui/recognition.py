"""Recognising the text of scanned pages from the window: in the background, with progress and Cancel
in the status bar, resumed at the next start; the open document's recognised words put in its pages.

The work is ``app.services.recognition.process_queue`` (worker processes, both cores) run through
``Operations``; each page stored publishes a ``LibraryChange`` for its document, so views refresh as
pages become searchable.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QHBoxLayout, QInputDialog, QLabel, QMessageBox, QPushButton, QWidget

from app.changes import LibraryChange
from app.services import recognition
from app.services.viewing import open_view
from app.text.recognised_text import LANGUAGES
from ui.context import WindowContext
from ui.operations import Task

# How long after a page of the open document is recognised its words are read again (pages stored meanwhile with it).
WORDS_REFRESH_MS = 1000


class _Signals(QObject):
    page_stored = Signal(int, int)  # document, page: emitted from the work's thread, handled on the UI's


class RecognitionStatus(QWidget):
    """"Recognising page 3 of 12 of “…”" and Cancel, in the status bar while recognition runs."""

    def __init__(self) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.cancel = QPushButton("Cancel")
        self.cancel.setToolTip("Stop recognising text; the pages left are recognised at the next start")
        row.addWidget(self.label)
        row.addWidget(self.cancel)
        self.hide()


class Recognition:
    """Built with the window's context and its viewer (whose open document gets the recognised words)."""

    def __init__(self, context: WindowContext, viewer) -> None:  # noqa: ANN001 - a ui.viewer.Viewer
        self.context, self.viewer = context, viewer
        self.library, self.operations, self.shell = context.library, context.operations, context.shell
        self.task: Task | None = None
        self.again = False  # pages were queued while a run was ending: run once more
        self.signals = _Signals()
        self.signals.page_stored.connect(self._page_stored)
        self.words_timer = QTimer()
        self.words_timer.setSingleShot(True)
        self.words_timer.setInterval(WORDS_REFRESH_MS)
        self.words_timer.timeout.connect(self._refresh_open_document)
        self.status = RecognitionStatus()
        self.status.cancel.clicked.connect(self.cancel)
        context.window.statusBar().addPermanentWidget(self.status)
        self.shell.add_document_action("&Recognise text\u2026", self.ask_and_recognise)
        self.operations.changed.connect(self._library_changed)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.cancel)  # the pages in flight go back to the queue
        self.start()  # what a run before this one left waiting

    # --- running ----------------------------------------------------------------------

    def start(self) -> None:
        """Recognise what waits in the queue, unless that runs already (or this member may not: a team
        library's recognised text is written by its editors' apps)."""
        if not self.library.may("editor"):
            return
        if self.task is not None:
            self.again = True
            return
        library, signals = self.library, self.signals

        def work(task: Task) -> recognition.RecognitionReport:
            if recognition.waiting(library) == 0:
                return recognition.RecognitionReport()
            unavailable = recognition.check_available()
            if unavailable:
                return recognition.RecognitionReport(failed=[unavailable])
            return recognition.process_queue(
                library, progress=task.report, cancelled=lambda: task.cancelled,
                stored=lambda document, page: signals.page_stored.emit(document, page))

        self.again = False
        self.task = self.operations.run(work, done=self._done, failed=self._failed,
                                        changes=lambda report: LibraryChange(documents=frozenset(report.documents)))
        self.task.progressed.connect(self._progressed)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.status.label.setText("Stopping text recognition\u2026")
            self.status.cancel.setEnabled(False)

    def _progressed(self, _done: int, _total: int, what: str) -> None:
        self.status.label.setText(what)
        self.status.cancel.setEnabled(True)
        self.status.show()

    def _finished(self) -> None:
        self.task = None
        self.status.hide()
        self.status.cancel.setEnabled(True)

    def _done(self, report: recognition.RecognitionReport) -> None:
        cancelled = self.task is not None and self.task.cancelled
        self._finished()
        if report.failed and not report.recognised and report.failed[0].startswith("the text recognition data"):
            self.shell.show_status(f"Scanned pages cannot be recognised here: {report.failed[0]}", 15000)
            return
        if cancelled or report.cancelled:
            self.shell.show_status("Text recognition stopped; the pages left are recognised at the next start.", 8000)
            return
        if report.recognised or report.failed:
            failed = f", {len(report.failed)} could not be" if report.failed else ""
            self.shell.show_status(f"Text recognised on {report.recognised} page(s){failed}.", 8000)
        if self.again:
            self.start()

    def _failed(self, message: str) -> None:
        self._finished()
        self.shell.show_status(f"Text recognition stopped: {message}", 10000)

    def _library_changed(self, change: LibraryChange) -> None:
        # An import (or another program) may have queued scanned pages.
        if change.documents or change.elsewhere:
            if self.task is None:
                self.start()

    def _page_stored(self, document_id: int, _page: int) -> None:
        self.operations.publish(LibraryChange(documents=frozenset({document_id})))
        if self.viewer.document_id == document_id and not self.words_timer.isActive():
            # The open document's words read again once for the pages stored within a second or so,
            # not once per page: a long scan has many.
            self.words_timer.start()

    def _refresh_open_document(self) -> None:
        if self.viewer.document_id is not None:
            self.document_opened(self.viewer.document_id, announce=False)

    # --- the open document ----------------------------------------------------------------

    def document_opened(self, document_id: int, *, announce: bool = True) -> None:
        """Give the viewer the words recognised on the document's scanned pages (read off the UI thread),
        and say that the document has some: quotes from them are machine-read."""
        library = self.library

        def read(_task: Task):  # noqa: ANN202
            words = recognition.recognised_words(library, document_id)
            return (open_view(library, document_id), words) if words else None

        def done(result) -> None:  # noqa: ANN001
            if result is None:
                return
            self.viewer.set_recognised_words(*result)
            if announce and self.viewer.document_id == document_id:
                count = len(result[1])
                self.shell.show_status(
                    f"{count} page{'s' if count != 1 else ''} of this document {'have' if count != 1 else 'has'} "
                    "recognised text (OCR): check quotes against the page; citations of them say "
                    "\u201c(recognised text)\u201d.", 10000)

        self.operations.run(read, done=done, failed=lambda _message: None)

    # --- on demand ------------------------------------------------------------------------

    def ask_and_recognise(self, document_id: int) -> None:
        """Document › Recognise text…: the language asked (the guess first), and the pages without a text
        layer of their own recognised again in it."""
        library = self.library
        self.operations.run(lambda _task: recognition.document_language(library, document_id),
                            done=lambda known: self._ask(document_id, known), failed=self._refused)

    def _ask(self, document_id: int, known: tuple[str, str] | None) -> None:
        library = self.library
        names = list(LANGUAGES.values())
        current = names.index(LANGUAGES[known[0]]) if known and known[0] in LANGUAGES else 0
        question = "The document's language (its pages without a text layer\nof their own are recognised again in it):"
        name, ok = QInputDialog.getItem(self.context.window, "Recognise text", question, names, current, False)
        if not ok:
            return
        language = next(code for code, shown in LANGUAGES.items() if shown == name)

        def queued(count: int) -> None:
            if count:
                self.shell.show_status(f"{count} page(s) queued for text recognition.", 5000)
                self.start()
            else:
                self.shell.show_status("Every page of this document has a text layer of its own.", 5000)

        self.operations.edit(lambda: recognition.queue_pages(library, document_id, None, language),
                             changes=lambda _count: LibraryChange(documents=frozenset({document_id})),
                             done=queued, failed=self._refused)

    def _refused(self, message: str) -> None:
        QMessageBox.warning(self.context.window, "Recognise text", message)
