"""One export run off the UI thread, with progress and cancel (the file is written whole or not at all)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QThread, Signal

from app.errors import LibraryError

if TYPE_CHECKING:
    from app.export.options import ExportOptions
    from app.export.scope import ExportScope
    from app.library import Library


class ExportJob(QThread):
    progressed = Signal(int, int)  # done, total
    finished_with = Signal(object)  # an ExportOutcome, or the message of what went wrong

    def __init__(self, library: Library, target: Path, format: str, scope: ExportScope, options: ExportOptions,
                 *, force: bool, parent=None) -> None:  # noqa: ANN001 - a QObject
        super().__init__(parent)
        self.library, self.target, self.format = library, target, format
        self.scope, self.options, self.force = scope, options, force
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def run(self) -> None:
        from app.export import export_annotations

        scope = self.scope
        try:
            outcome: object = export_annotations(
                self.library, self.target, self.format, text=scope.text, filters=scope.filters, sort=scope.sort,
                uuids=scope.uuids, options=self.options, force=self.force,
                progress=lambda done, total: self.progressed.emit(done, total), cancelled=lambda: self._cancelled,
            )
        except LibraryError as error:  # the export's own refusals and failures, in words for the user
            outcome = str(error)
        except OSError as error:  # anything the writing met that the export did not put in words
            outcome = f"Cannot write {self.target}: {error.strerror or error}. Nothing was written."
        self.finished_with.emit(outcome)
