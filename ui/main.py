"""Start the window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from app.errors import LibraryError
from app.library import Library
from ui.main_window import MainWindow


def main(data_dir: str | None = None) -> int:
    application = QApplication.instance() or QApplication(sys.argv[:1])
    application.setApplicationName("Rights Annotator")
    application.setOrganizationName("rights-annotator")
    try:
        library = Library.open(data_dir)
    except LibraryError as error:
        QMessageBox.critical(None, "Rights Annotator", str(error))
        return 3
    window = MainWindow(library)
    window.show()
    try:
        return application.exec()
    finally:
        library.close()
