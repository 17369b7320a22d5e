"""Tools › Backups…: the library's backups, a backup now, a restore after a clear warning,
the backup folder, and the full check of the library.

Every piece of work here reads or copies the whole database, so each runs off the UI thread
while the dialog shows it is busy; the dialog is modal, so nothing else uses the library
while a restore swaps its file.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.changes import NOTHING
from app.errors import LibraryError
from app.infra import backups, restoring
from ui.operations import Operations

if TYPE_CHECKING:
    from app.library import Library

MADE, SIZE, STATE = range(3)
WHEN_MADE = "verified when made"


def local_time(moment: datetime) -> str:
    return moment.astimezone().strftime("%d %b %Y, %H:%M")


def file_size(size: int) -> str:
    return f"{size / 1024:,.0f} KB" if size < 1024**2 else f"{size / 1024**2:,.1f} MB"


class BackupsDialog(QDialog):
    restored = Signal(str)  # where the replaced database was kept

    def __init__(self, library: Library, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.operations = operations
        self.setWindowTitle("Backups")
        self.resize(640, 420)
        self.verdicts: dict[Path, str] = {}  # backups checked again while the dialog is open
        self.busy = False
        self.seconds = 0.0  # how long the last piece of work took

        self.folder_label = QLabel(textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_label.setWordWrap(True)
        change = QPushButton("Change folder\u2026", clicked=self.choose_folder)
        self.default_button = QPushButton("Use the library's folder", clicked=lambda: self.set_folder(None))
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(change)
        folder_row.addWidget(self.default_button)

        self.table = QTreeWidget(rootIsDecorated=False, uniformRowHeights=True)
        self.table.setHeaderLabels(["Made", "Size", "State"])
        self.table.setColumnWidth(MADE, 200)
        self.table.setColumnWidth(SIZE, 110)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.status = QLabel(wordWrap=True)
        self.progress = QProgressBar(maximum=0, textVisible=False)  # busy: the work has no known length
        self.progress.hide()

        self.backup_button = QPushButton("&Back up now", clicked=self.back_up_now)
        self.restore_button = QPushButton("&Restore\u2026", clicked=self.restore_selected)
        self.verify_button = QPushButton("&Verify backup", clicked=self.verify_selected)
        self.check_button = QPushButton("&Check library (full)", clicked=self.check_library)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        for button in (self.backup_button, self.restore_button, self.verify_button, self.check_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.work_buttons = (self.backup_button, self.restore_button, self.verify_button, self.check_button, change,
                             self.default_button)

        layout = QVBoxLayout(self)
        layout.addLayout(folder_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(buttons)
        self.load()

    # --- the list ----------------------------------------------------------------------

    @property
    def folder(self) -> Path:
        return backups.backup_folder(self.library.root)

    def load(self, select: Path | None = None) -> None:
        self.folder_label.setText(f"Backups are kept in <b>{self.folder}</b>")
        self.default_button.setVisible(backups.chosen_folder(self.library.root) is not None)
        self.table.clear()
        for backup in backups.list_backups(self.folder):
            item = QTreeWidgetItem([local_time(backup.made_at), file_size(backup.size),
                                    self.verdicts.get(backup.path, WHEN_MADE)])
            item.setData(MADE, Qt.ItemDataRole.UserRole, backup)
            item.setTextAlignment(SIZE, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.addTopLevelItem(item)
            if backup.path == select:
                self.table.setCurrentItem(item)
        if self.table.currentItem() is None and self.table.topLevelItemCount():
            self.table.setCurrentItem(self.table.topLevelItem(0))
        if not self.table.topLevelItemCount():
            self.status.setText("No backups yet. One is made when the app starts (once a day) and when it closes.")
        self._update_buttons()

    def chosen(self) -> backups.Backup | None:
        item = self.table.currentItem()
        return item.data(MADE, Qt.ItemDataRole.UserRole) if item is not None else None

    def _update_buttons(self) -> None:
        for button in self.work_buttons:
            button.setEnabled(not self.busy)
        for button in (self.restore_button, self.verify_button):
            button.setEnabled(not self.busy and self.chosen() is not None)

    # --- work off the UI thread ----------------------------------------------------------

    def _run(self, doing: str, work: Callable[[], Any], done: Callable[[object], None], *,
             replaces: bool = False) -> None:
        """``work`` off the UI thread; with ``replaces`` (a restore) after every edit asked for before it,
        and before any asked for after it: they must not meet the database being replaced."""
        self.busy = True
        self._update_buttons()
        self.status.setText(doing)
        self.progress.show()
        started = time.monotonic()

        def finish(result: object) -> None:
            self.busy = False
            self.progress.hide()
            self.seconds = time.monotonic() - started
            self._update_buttons()
            done(result)

        # Each answer below reads a refusal as the LibraryError it was, beside the results.
        refused = lambda message: finish(LibraryError(message))  # noqa: E731
        if replaces:  # what changed is published by the window once it has read the restored library
            self.operations.edit(work, changes=lambda _aside: NOTHING, done=finish, failed=refused)
        else:
            self.operations.run(lambda _task: work(), done=finish, failed=refused)

    def back_up_now(self) -> None:
        db_path, folder = self.library.db_path, self.folder

        def done(result: object) -> None:
            if isinstance(result, LibraryError):
                self.status.setText(f"<b>The backup failed.</b> {result}")
                return
            self.status.setText(f"Backed up and verified: {result.path.name} ({file_size(result.size)}).")
            self.load(select=result.path)

        self._run("Backing up and verifying the copy\u2026", lambda: backups.make_backup(db_path, folder), done)

    def verify_selected(self) -> None:
        backup = self.chosen()
        if backup is None:
            return

        def done(result: object) -> None:
            verdict = str(result)
            self.verdicts[backup.path] = "verified again \u2714" if verdict == "ok" else f"damaged: {verdict}"
            self.status.setText(f"The backup of {local_time(backup.made_at)} "
                                + ("passed its full check." if verdict == "ok" else f"is damaged ({verdict}); do not restore it."))
            self.load(select=backup.path)

        self._run("Checking the backup\u2026", lambda: backups.check(backup.path, full=True), done)

    def check_library(self) -> None:
        db_path = self.library.db_path
        size = db_path.stat().st_size

        def done(result: object) -> None:
            verdict = str(result)
            if verdict == "ok":
                self.status.setText(f"<b>The library passed the full check</b>: every page of its {file_size(size)} "
                                    f"database was read and found sound ({self.seconds:.1f} s).")
                return
            good = next((b for b in backups.list_backups(self.folder) if not self.verdicts.get(b.path, WHEN_MADE).startswith("damaged")), None)
            advice = (f" Restore the backup of {local_time(good.made_at)} (chosen below) to mend it; the damaged file "
                      "is kept aside.") if good else " There is no backup to restore; copy the library folder somewhere safe."
            self.status.setText(f"<b>The full check found damage</b>: {verdict}.{advice}")
            if good:
                self.load(select=good.path)

        self._run("Checking every page of the library\u2026", lambda: backups.check(db_path, full=True), done)

    # --- restore ---------------------------------------------------------------------------

    def confirmation(self, backup: backups.Backup, now: datetime) -> str:
        """What the user is asked before a restore: what is replaced, by what, and where it goes."""
        current = backups.contents(self.library.db_path)
        restored = backups.contents(backup.path)
        aside = backups.aside_path(self.library.db_path, now)
        return (
            f"<p>Restore the backup of <b>{local_time(backup.made_at)}</b>?</p>"
            f"<p>The library as it is now ({current.describe() if current else 'unreadable'}) will be replaced by "
            f"the library as it was then ({restored.describe() if restored else 'unreadable'}). Every document "
            f"imported and every annotation, note and tag made after {local_time(backup.made_at)} will not be in it.</p>"
            f"<p>Nothing is deleted: the current database is kept as <b>{aside.name}</b> in {aside.parent}.</p>"
            "<p>Close any other window open on this library first.</p>"
        )

    def restore_selected(self) -> None:
        backup = self.chosen()
        if backup is None:
            return
        now = datetime.now(timezone.utc)
        box = QMessageBox(QMessageBox.Icon.Warning, "Restore a backup", self.confirmation(backup, now),
                          QMessageBox.StandardButton.Cancel, self)
        go = box.addButton("Replace the library with this backup", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is not go:
            return
        library = self.library

        def done(result: object) -> None:
            if isinstance(result, LibraryError):
                self.status.setText(f"<b>Nothing was restored.</b> {result}")
                return
            self.status.setText(f"Restored the backup of {local_time(backup.made_at)}. "
                                f"The replaced database is kept as {result}.")
            self.restored.emit(str(result))

        self._run("Restoring\u2026", lambda: restoring.restore_into(library, backup.path, now), done, replaces=True)

    # --- the folder --------------------------------------------------------------------------

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Folder for this library's backups", str(self.folder))
        if chosen:
            self.set_folder(Path(chosen))

    def set_folder(self, folder: Path | None) -> None:
        try:
            backups.choose_folder(self.library.root, folder)
        except LibraryError as error:
            QMessageBox.warning(self, "Backups", str(error))
            return
        self.load()
        self.status.setText("New backups go to this folder. Earlier ones stay where they were.")

    def reject(self) -> None:
        if not self.busy:  # a restore or check in flight finishes first
            super().reject()

