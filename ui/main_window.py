"""The main window. For now: the library's documents; the viewer and panels come next."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHeaderView, QMainWindow, QMessageBox, QTableView

from app import __version__
from app.errors import LibraryError
from app.library import Library
from app.services.documents import list_documents
from ui.document_model import DocumentTableModel


class MainWindow(QMainWindow):
    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.setWindowTitle("Rights Annotator")
        self.resize(1100, 700)

        self.documents = DocumentTableModel()
        self.table = QTableView()
        self.table.setModel(self.documents)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.setCentralWidget(self.table)
        self._build_menus()
        self.refresh()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        reload = QAction("&Reload library", self)
        reload.setShortcuts([QKeySequence("F5"), QKeySequence("Ctrl+R")])
        reload.triggered.connect(self.refresh)
        quit_action = QAction("&Quit", self, shortcut=QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addActions([reload, quit_action])
        file_menu.insertSeparator(quit_action)
        # Shortcuts of actions that sit only in a closed menu do not fire on every platform.
        self.addActions([reload, quit_action])
        help_menu = self.menuBar().addMenu("&Help")
        about = QAction("&About Rights Annotator", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def refresh(self) -> None:
        try:
            documents = list_documents(self.library)
        except LibraryError as error:
            QMessageBox.warning(self, "Rights Annotator", str(error))
            return
        self.documents.set_documents(documents)
        count = len(documents)
        if count:
            self.statusBar().showMessage(f"library: {count} document{'s' if count != 1 else ''}")
        else:
            self.statusBar().showMessage(
                "The library is empty. Import PDFs with: rights-annotator import PATH..."
            )

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "About Rights Annotator",
            f"<b>Rights Annotator</b> {__version__}<br>Read, annotate and cite human-rights reports."
            f"<br>Library: {self.library.root}<br>Licence: AGPL-3.0-or-later.",
        )
