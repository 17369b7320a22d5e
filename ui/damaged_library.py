"""At start, a library database that failed its check: it is never opened (so never written
further); the user is offered the latest backup that passes a full check, and the damaged
file is kept aside, never deleted."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from app.errors import LibraryDamaged, LibraryError, LibraryMissing
from app.infra import backups, restoring
from ui.backups_dialog import file_size, local_time


class DamagedLibraryDialog(QMessageBox):
    def __init__(self, error: LibraryDamaged, backup: backups.Backup | None, parent: QWidget | None = None) -> None:
        super().__init__(QMessageBox.Icon.Critical, "The library is damaged", "", QMessageBox.StandardButton.NoButton, parent)
        self.error, self.backup = error, backup
        db_path = Path(error.db_path)
        folder = backups.backup_folder(db_path.parent)
        lines = [
            "<p><b>The library database is missing or empty</b>, although this folder held a library, so no "
            "new, empty library was made in its place.</p>" if isinstance(error, LibraryMissing) else
            "<p><b>The library database is damaged</b>, so it was not opened and nothing more has been "
            "written to it.</p>",
            f"<p><small>Found: {_escape(error.verdict[:300])}<br>File: {_escape(str(db_path))}</small></p>",
        ]
        if backup is not None:
            held = backups.contents(backup.path)
            lines.append(
                f"<p>The latest good backup is from <b>{local_time(backup.made_at)}</b> ({file_size(backup.size)}"
                f"{', ' + held.describe() if held else ''}). Restoring it brings the library back as it was then: "
                "what was changed after it is not in it.</p>"
            )
        else:
            lines.append(f"<p>No good backup was found in {_escape(str(folder))}.</p>")
        lines.append("<p>The damaged file is kept beside the library (renamed <i>.damaged-</i>&lt;date&gt;), "
                     "never deleted.</p>")
        self.setText("".join(lines))
        self.setTextFormat(Qt.TextFormat.RichText)
        self.restore_button = self.addButton("Restore this backup", QMessageBox.ButtonRole.AcceptRole) if backup else None
        self.choose_button = self.addButton("Choose a backup file\u2026", QMessageBox.ButtonRole.ActionRole)
        self.quit_button = self.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.restore_button or self.quit_button)
        self.setEscapeButton(self.quit_button)


def offer_restore(parent: QWidget, error: LibraryDamaged, backup: backups.Backup | None) -> str | None:
    """Ask until a backup is restored (returns a line saying so) or the user quits (None)."""
    db_path = Path(error.db_path)
    while True:
        dialog = DamagedLibraryDialog(error, backup, parent)
        dialog.exec()
        clicked = dialog.clickedButton()
        if clicked is dialog.restore_button and backup is not None:
            chosen = backup.path
        elif clicked is dialog.choose_button:
            name, _filter = QFileDialog.getOpenFileName(
                parent, "Choose a backup", str(backups.backup_folder(db_path.parent)), "Library backups (*.sqlite3)"
            )
            if not name:
                continue
            chosen = Path(name)
        else:
            return None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            aside = restoring.restore(db_path, chosen, why="damaged")  # checks the backup in full first
        except LibraryError as problem:
            QApplication.restoreOverrideCursor()
            QMessageBox.warning(parent, "Restore a backup", str(problem))
            continue
        QApplication.restoreOverrideCursor()
        kept = f"; the damaged database is kept as {aside.name}" if aside.exists() else ""
        return f"Restored the backup {chosen.name}{kept}."


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
