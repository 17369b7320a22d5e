"""Another member's PDF brought from the team library off the window's thread, with its progress
and a Cancel in the status bar, then opened; a big file over a slow network never freezes the window."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStatusBar, QWidget

from ui.operations import Operations, Task

if TYPE_CHECKING:
    from app.library import Library
    from app.records import DocumentInfo


Show = Callable[[str, list[tuple[str, Callable[[], None]]]], None]


def megabytes(count: int) -> str:
    return f"{count / 1e6:.1f}"


class FileFetch:
    """One file at a time: asking for another stops the one coming."""

    def __init__(self, operations: Operations, status_bar: QStatusBar, show: Show) -> None:
        """``show`` puts a line, and buttons, where the document would be (the viewer's message)."""
        self.operations, self.status_bar, self.show = operations, status_bar, show
        self.task: Task | None = None
        self.title = self.file_name = ""  # of the document coming
        self._again: Callable[[], None] = lambda: None  # the last fetch asked for, asked again
        self._then: Callable[[], None] = lambda: None  # what the member asked for last, once the file is here
        self._failed_again: Callable[[], None] | None = None  # the same, when it failed
        self.box = QWidget()
        self.label = QLabel()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop bringing the document; nothing of it is kept")
        self.cancel_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(self.box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.cancel_button)
        self.box.hide()
        status_bar.addPermanentWidget(self.box)  # a temporary message never hides it

    @property
    def busy(self) -> bool:
        return self.task is not None

    def coming(self, file_name: str) -> bool:
        return self.task is not None and self.file_name == file_name

    def bring(self, library: Library, document: DocumentInfo, then: Callable[[], None]) -> None:
        """Bring ``document``'s file here, then call ``then`` (on the window's thread); asked for
        again while it comes, it goes on coming, and the last ``then`` asked for is the one called."""
        self._then = then
        if self.coming(document.file_name):
            return
        self.stop()
        self.file_name = document.file_name
        self.title = title = document.title
        self._again = lambda: self.bring(library, document, then)

        def work(task: Task) -> object:
            def progress(done: int, total: int) -> bool:
                task.report(done, total)
                return not task.cancelled

            return library.bring_file(document.file_name, progress)

        def brought(_path: object) -> None:
            if self._ended(task):
                self._then()

        task = self.operations.run(work, done=brought, failed=lambda message: self._failed(task, title, message))
        self.task = task
        task.progressed.connect(lambda done, total, _what: self._progressed(task, title, done, total))
        self._say(f"Bringing \u201c{title}\u201d from the team library\u2026")
        self.box.show()

    def stop(self) -> None:
        """Stop the file coming, if one is (another document is opened instead)."""
        self._failed_again = None
        if self.task is not None:
            self.task.cancel()
            self._ended(self.task)

    def cancel(self) -> None:
        """The Cancel button: stopped, and said where the document would have been."""
        title = self.title
        self.stop()
        self.show(html.escape(f"\u201c{title}\u201d was not brought from the team library."),
                  [("Bring it", self._again)])

    def _progressed(self, task: Task, title: str, done: int, total: int) -> None:
        if task is self.task:
            self._say(f"Bringing \u201c{title}\u201d from the team library\u2026 "
                             f"{megabytes(done)} of {megabytes(total)} MB")

    def _say(self, line: str) -> None:
        self.label.setText(line)
        self.show(html.escape(line), [])

    def _ended(self, task: Task) -> bool:
        """True when ``task`` was the one wanted (not stopped, nor replaced by another)."""
        if task is not self.task:
            return False
        self.task = None
        self.box.hide()
        return not task.cancelled

    def retry_failed(self) -> None:
        """Ask again for the file that could not come, unless another document was chosen since
        (once the server is back after being away)."""
        again, self._failed_again = self._failed_again, None
        if again is not None and self.task is None:
            again()

    def _failed(self, task: Task, title: str, message: str) -> None:
        if self._ended(task):  # not when stopped: whoever stopped it has said so, or shows another document
            self._failed_again = self._again
            line = f"\u201c{title}\u201d could not be opened: {message}"
            self.status_bar.showMessage(line, 15000)
            self.show(html.escape(line), [("Try again", self._again)])
