"""Where an export starts: File › Export (Ctrl+E) for the library, and each view for what it shows.

The search's results, the annotation panel's selection or document, a document in the
library, a tag or event in the vocabulary: each becomes an :class:`ExportScope` for the
one export dialog.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from app.export.scope import ExportScope
from app.services.search import AnnotationFilters
from ui.export_dialog import ExportDialog, summary
from ui.qt_fixes import run_slot
from ui.window_menus import menu_named

if TYPE_CHECKING:
    from app.library import Library
    from app.services.search import Sort
    from app.vocabulary.records import TagInfo


class ExportActions:
    def __init__(self, window: QMainWindow, library: Library) -> None:
        self.window, self.library = window, library
        self.dialog: ExportDialog | None = None
        self.action = QAction("&Export annotations\u2026", window)
        self.action.setShortcut(QKeySequence("Ctrl+E"))
        self.action.triggered.connect(lambda _checked=False: run_slot(self.export_library))
        file_menu = menu_named(window, "&File")
        # Above the separator before Quit, beside the other commands on the whole library.
        separators = [a for a in file_menu.actions() if a.isSeparator()]
        file_menu.insertAction(separators[-1] if separators else None, self.action)
        window.addAction(self.action)
        window.add_document_action("E&xport its annotations\u2026", self.export_document)

    def open(self, scope: ExportScope) -> ExportDialog:
        """The export dialog for ``scope``, not modal: the window stays usable while it is open."""
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()  # parented to the window, it would stay until the window goes
        dialog = ExportDialog(self.library, scope, self.window.operations, self.window.settings, self.window)
        dialog.exported.connect(lambda outcome: self.window.statusBar().showMessage(summary(outcome), 10000))
        dialog.show()
        self.dialog = dialog
        return dialog

    def export_library(self) -> ExportDialog:
        return self.open(ExportScope(description="every annotation in the library"))

    def export_document(self, document_id: int) -> ExportDialog:
        known = self.window.documents.find(document_id)
        title = known.title if known is not None else f"document {document_id}"
        return self.open(ExportScope(filters=AnnotationFilters(documents=(document_id,)),
                                     description=f"the annotations of \u201c{title}\u201d"))

    def export_selection(self, document_id: int, uuids: tuple[str, ...]) -> ExportDialog:
        if not uuids:
            return self.export_document(document_id)
        n = len(uuids)
        return self.open(ExportScope(filters=AnnotationFilters(documents=(document_id,)), uuids=tuple(uuids),
                                     description=f"the {n} selected annotation{'s' if n != 1 else ''}"))

    def export_search(self, text: str, filters: AnnotationFilters, sort: Sort) -> ExportDialog:
        words = f" for \u201c{text.strip()}\u201d" if text.strip() else ""
        return self.open(ExportScope(text=text, filters=filters, sort=sort,
                                     description=f"every passage the search finds{words} (not only those listed)"))

    def export_tag(self, tag: TagInfo) -> ExportDialog:
        what = "event" if tag.kind == "event" else "tag"
        return self.open(ExportScope(filters=AnnotationFilters(tags_any=(tag.id,)),
                                     description=f"the passages tagged with the {what} \u201c{tag.display}\u201d"))
