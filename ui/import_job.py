"""Importing files off the UI thread, with progress, cancel and a summary of what failed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QThread, Signal

if TYPE_CHECKING:
    from app.library import Library
    from app.records import ImportOutcome


class ImportJob(QThread):
    progressed = Signal(int, int, str)  # done, total, what was just settled
    finished_with = Signal(list)  # list[ImportOutcome]

    def __init__(self, library: Library, paths: list[str], password: str | None = None, parent=None) -> None:
        super().__init__(parent)
        self.library = library
        self.paths = list(paths)
        self.password = password
        self._cancelled = False
        self.outcomes: list[ImportOutcome] = []

    def cancel(self) -> None:
        self._cancelled = True

    def run(self) -> None:
        from app.records import ImportOutcome
        from app.services.importing import import_paths

        def progress(done: int, total: int, outcome: ImportOutcome) -> None:
            self.progressed.emit(done, total, outcome.path)

        try:
            self.outcomes = import_paths(
                self.library, self.paths, password=self.password, progress=progress, cancelled=lambda: self._cancelled
            )
        except Exception as error:  # the library itself failed: every file is reported as not imported
            self.outcomes = [ImportOutcome(path, "failed", reason=str(error)) for path in self.paths]
        self.finished_with.emit(self.outcomes)


def summary(outcomes: list[ImportOutcome]) -> tuple[str, str]:
    """A one-line summary and the details of each failure, in words for the user."""
    imported = sum(o.status == "imported" for o in outcomes)
    present = sum(o.status == "present" for o in outcomes)
    failed = [o for o in outcomes if o.status == "failed"]
    parts = [f"{imported} imported"]
    if present:
        parts.append(f"{present} already in the library")
    parts.append(f"{len(failed)} failed")
    details = "\n".join(o.message for o in failed)
    return ", ".join(parts), details


def needs_password(outcome: ImportOutcome) -> bool:
    return outcome.status == "failed" and outcome.reason.startswith("password-protected")
