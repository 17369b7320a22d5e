"""Where an export starts: File › Export (Ctrl+E) for the library, and each view for what it shows.

The search's results, the annotation panel's selection or document, a document in the
library, a tag or event in the vocabulary: each becomes an :class:`ExportScope` for the
one export dialog.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

from app.export.scope import ExportScope
from app.services.search import AnnotationFilters
from ui.export_dialog import ExportDialog, summary
from ui.qt_fixes import run_slot

if TYPE_CHECKING:
    from app.services.search import Sort
    from ui.context import WindowContext
    from app.vocabulary.records import TagInfo


class ExportActions:
    def __init__(self, context: WindowContext) -> None:
        self.context = context
        window = context.window
        self.dialog: ExportDialog | None = None
        self.action = QAction("&Export annotations\u2026", window)
        self.action.setShortcut(QKeySequence("Ctrl+E"))
        self.action.triggered.connect(lambda _checked=False: run_slot(self.export_library))
        file_menu = context.shell.menu("file")
        # Above the separator before Quit, beside the other commands on the whole library.
        separators = [a for a in file_menu.actions() if a.isSeparator()]
        file_menu.insertAction(separators[-1] if separators else None, self.action)
        window.addAction(self.action)
        context.shell.add_document_action("E&xport its annotations\u2026", self.export_document)

    def open(self, scope: ExportScope, file_stem: str = "annotations") -> ExportDialog:
        """The export dialog for ``scope``, not modal: the window stays usable while it is open."""
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()  # parented to the window, it would stay until the window goes
        context = self.context
        dialog = ExportDialog(context.library, scope, context.operations, context.settings, context.window,
                              file_stem=file_stem)
        dialog.exported.connect(lambda outcome: context.shell.show_status(summary(outcome), 10000))
        dialog.show()
        self.dialog = dialog
        return dialog

    def export_library(self) -> ExportDialog:
        return self.open(ExportScope(description="every annotation in the library"))

    def export_document(self, document_id: int) -> ExportDialog:
        title = self.context.shell.document_title(document_id) or f"document {document_id}"
        return self.open(ExportScope(filters=AnnotationFilters(documents=(document_id,)),
                                     description=f"the annotations of \u201c{title}\u201d"), self._stem(document_id))

    def export_selection(self, document_id: int, uuids: tuple[str, ...]) -> ExportDialog:
        if not uuids:
            return self.export_document(document_id)
        n = len(uuids)
        return self.open(ExportScope(filters=AnnotationFilters(documents=(document_id,)), uuids=tuple(uuids),
                                     description=f"the {n} selected annotation{'s' if n != 1 else ''}"),
                         self._stem(document_id))

    def _stem(self, document_id: int) -> str:
        """The file an export of one document is offered as: its reference, else its title."""
        return self.context.shell.document_reference(document_id) or self.context.shell.document_title(
            document_id) or "annotations"

    def export_search(self, text: str, filters: AnnotationFilters, sort: Sort) -> ExportDialog:
        words = f" for \u201c{text.strip()}\u201d" if text.strip() else ""
        return self.open(ExportScope(text=text, filters=filters, sort=sort,
                                     description=f"every passage the search finds{words} (not only those listed)"))

    def export_tag(self, tag: TagInfo) -> ExportDialog:
        what = "event" if tag.kind == "event" else "tag"
        return self.open(ExportScope(filters=AnnotationFilters(tags_any=(tag.id,)),
                                     description=f"the passages tagged with the {what} \u201c{tag.display}\u201d"))
