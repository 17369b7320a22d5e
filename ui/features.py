"""What the window gains once its library is open: annotating, undo, properties, vocabulary.

Installed after the library has opened, so the database layer these features load stays
off the path to the window's first paint.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMenu, QMessageBox

from app.infra.backups import backup_folder, list_backups, make_backup
from app.changes import LibraryChange
from app.errors import LibraryError
from app.text.query import parse
from app.services.importing import import_paths
from app.services.pdf_annotations import BroughtIn, import_pdf_annotations
from app.services.responses import link_sample_chain
from app.services.revisions import carry_over
from app.vocabulary.builtin import ensure_builtin, load_sample_events
from ui.activity_window import ActivityWindow
from ui.annotating import AnnotationController
from ui.backups_dialog import BackupsDialog
from ui.context import WindowContext
from ui.team_connect import TeamActions
from ui.document_properties import DocumentPropertiesDialog
from ui.export_actions import ExportActions
from ui.language_switch import open_other_language
from ui.library_refresh import LibraryRefresh
from ui.qt_fixes import run_slot
from ui.recognition import Recognition
from ui.recommendations_window import RecommendationsWindow
from ui.responses_window import ResponsesWindow
from ui.search_panel import SearchPanel
from ui.trash_dialog import TrashDialog
from ui.undo import undo_actions
from ui.vocabulary_window import VocabularyWindow
from ui.side_panels import LibraryPanel
from ui.viewer import Viewer
from ui.window_layout import scrolling


class Features:
    """Built with its stated dependencies: the context, and the window's parts it works with."""

    def __init__(self, context: WindowContext, viewer: Viewer, library_panel: LibraryPanel,
                 library_dock: QDockWidget, annotations_dock: QDockWidget) -> None:
        self.context = context
        window, shell = context.window, context.shell
        self.window, self.shell, self.viewer = window, shell, viewer
        self.library, self.operations, self.undo_stack = context.library, context.operations, context.undo_stack
        ensure_builtin(self.library)
        self._daily_backup()
        self.vocabulary: VocabularyWindow | None = None
        self.recommendations: RecommendationsWindow | None = None
        self.responses: ResponsesWindow | None = None

        edit = shell.menu("edit")
        undo, redo = undo_actions(self.undo_stack, window)
        first = edit.actions()[0] if edit.actions() else None
        edit.insertActions(first, [undo, redo])
        edit.insertSeparator(first)
        window.addActions([undo, redo])

        self.annotations = AnnotationController(viewer.pages, self.undo_stack, self.operations, window,
                                                shell.show_status)
        self.annotations.set_library(self.library)
        annotations_dock.setWidget(self.annotations.panel)
        annotate = QMenu("&Annotate", window)
        annotate.addActions(self.annotations.actions[:4])
        colours = annotate.addMenu("&Colour")
        colours.addActions(self.annotations.color_actions)
        annotate.addSeparator()
        annotate.addActions([self.annotations.delete_action, self.annotations.cite_action])
        window.menuBar().insertMenu(shell.menu("view").menuAction(), annotate)

        file_menu = shell.menu("file")
        self.team = TeamActions(window, self.library, self.operations, context.settings, file_menu,
                                file_menu.actions()[-1])  # before Quit
        if self.library.is_team:
            activity_action = QAction("&Activity\u2026", window)
            activity_action.triggered.connect(lambda _checked=False: self.show_activity())
            shell.add_tool_action(activity_action)
        self.search = SearchPanel(self.library, self.operations)
        self.search_dock = QDockWidget("Search", window, objectName="search")
        self.search_dock.setWidget(scrolling(self.search))  # its filters scroll on a small screen
        # Where the user left it, if the saved layout knows it; else behind the annotations (asked
        # before adding it: once added, Qt reports the dock "restored" to where it was just put).
        if not window.restoreDockWidget(self.search_dock):
            window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.search_dock)
            window.tabifyDockWidget(annotations_dock, self.search_dock)
            annotations_dock.raise_()
        self.search.passage_wanted.connect(self.open_passage)
        self.search.page_wanted.connect(self.open_page)
        # Saved searches are listed in the library panel too, and run from there by a click.
        self.library_panel = library_panel
        library_panel.set_saved_searches(self.search.saved_searches())
        self.search.saved_changed.connect(library_panel.set_saved_searches)
        library_panel.saved_search_chosen.connect(self.run_saved_search)
        self.search_action = find_all = QAction("Search the &library\u2026", window)
        find_all.setShortcut(QKeySequence("Ctrl+Shift+F"))
        find_all.triggered.connect(lambda _checked=False: self.show_search())
        edit.addAction(find_all)
        window.addAction(find_all)
        self.operations.changed.connect(self._library_changed)
        self.exports = ExportActions(context)
        self.search.export_requested.connect(lambda *scope: run_slot(self.exports.export_search, *scope))
        self.annotations.panel.export_requested.connect(
            lambda uuids: run_slot(self.exports.export_selection, self.annotations.panel.document_id, uuids))

        hint = annotate.addAction("Area highlight: Shift+drag on the page")
        hint.setEnabled(False)

        shell.add_document_action("Document &properties\u2026", self.show_properties, "Ctrl+I")
        shell.add_document_action("Import a new &revision\u2026", self.import_revision)
        shell.add_document_action("Bring in the PDF's own &annotations", self.bring_in_annotations)
        shell.add_document_action("Open in another &language", self.open_other_language, "Ctrl+Shift+L")
        shell.add_document_action("Align with the &report it answers\u2026", self.show_responses, "Ctrl+Shift+A")
        tools = [
            ("&Vocabulary\u2026", "Ctrl+Shift+V", self.show_vocabulary),
            ("&Timeline of events\u2026", "Ctrl+Shift+T", self.show_timeline),
            ("&Recommendations\u2026", "Ctrl+Shift+R", self.show_recommendations),
            ("T&rash\u2026", "", self.show_trash),
        ]
        if not self.library.is_team:  # a team library's backups are its server's
            tools.append(("&Backups\u2026", "", self.show_backups))
        for text, shortcut, slot in tools:
            action = QAction(text, window)
            action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(lambda _checked=False, slot=slot: slot())
            shell.add_tool_action(action)
        self.refresher = LibraryRefresh(context, on_replaced=self._library_replaced)
        if self.library.is_team:
            self.refresher.away_changed.connect(self.team.set_away)
        # Scanned pages waiting for their text (from this import or a run cut short) are recognised now.
        self.recognition = Recognition(context, viewer)

    def show_backups(self) -> None:
        self.backups_dialog().exec()

    def backups_dialog(self) -> BackupsDialog:
        """Tools › Backups…; after a restore, the window shows the restored library."""
        dialog = BackupsDialog(self.library, self.operations, self.window)
        dialog.restored.connect(lambda _aside: self.refresher.library_replaced())
        return dialog

    def _library_replaced(self) -> None:
        """After a restore: the open document is read again from the restored library, if it is there."""
        document_id = self.viewer.document_id
        self.viewer.close_document()
        self.annotations.document_opened(None)
        self.shell.reload()
        if document_id is not None and self.shell.document_title(document_id) is not None:
            self.shell.open_document(document_id)

    def show_activity(self) -> ActivityWindow:
        """Tools › Activity… (a team library's): every change, who made it and when."""
        window = ActivityWindow(self.library, self.operations, self.annotations.document_id, self.window)
        window.show()
        return window

    def _daily_backup(self) -> None:
        """A verified copy of the database at start, once a day, off the UI thread (a team library's
        backups are its server's)."""
        if self.library.is_team:
            return
        folder = backup_folder(self.library.root)
        newest = list_backups(folder)[:1]
        if newest and datetime.now(timezone.utc) - newest[0].made_at < timedelta(hours=20):
            return
        db_path = self.library.db_path

        self.operations.run(lambda _task: make_backup(db_path, folder),
                            failed=lambda message: self.shell.show_status(f"The daily backup failed: {message}", 10000))

    def document_opened(self, view) -> None:  # noqa: ANN001 - a DocumentView
        labels = {index: page.label for index, page in enumerate(view.pages)}
        self.annotations.document_opened(view.info.id, labels)
        self.recognition.document_opened(view.info.id)

    def samples_loaded(self) -> None:
        load_sample_events(self.library)

    def samples_imported(self) -> None:
        """The sample response's replies linked to the sample report's recommendations: a chain from the start."""
        library = self.library
        self.operations.run(lambda _task: link_sample_chain(library), failed=self.shell.show_status,
                            changes=lambda accepted: LibraryChange(documents=frozenset(accepted.annotations),
                                                                   annotations=accepted.annotations))

    def show_properties(self, document_id: int) -> None:
        DocumentPropertiesDialog(self.library, document_id, self.operations, self.undo_stack, self.window).exec()

    def _library_changed(self, change: LibraryChange) -> None:
        if change.annotations or change.vocabulary or change.elsewhere:
            if self.search_dock.isVisible() and self.search.query.text().strip():
                self.search.run_search()  # what is listed may have changed
        if change.saved_searches or change.elsewhere:
            self.library_panel.set_saved_searches(self.search.saved_searches())

    def show_search(self) -> None:
        self.search_dock.show()
        self.search_dock.raise_()
        self.search.focus_query()

    def run_saved_search(self, search) -> None:  # noqa: ANN001 - a SavedSearchInfo
        self.search_dock.show()
        self.search_dock.raise_()
        self.search.run_saved(search)

    def open_page(self, document_id: int, page_index: int, words: str) -> None:
        """A hit in a document's text: its page, with the words found there marked."""
        if self.viewer.document_id != document_id and not self.shell.open_document(
                document_id, lambda: self.open_page(document_id, page_index, words), at_page=page_index):
            return
        self.viewer.go_to_page(page_index)
        terms = parse(words).terms
        if terms:  # the find bar marks the first word or phrase searched for on the pages
            self.viewer.find_words(" ".join(terms[0].words))

    def open_other_language(self, document_id: int) -> None:
        """The same report in another language, at the paragraph of the chosen passage (of this
        document), else of the page in view."""
        chosen = [a for a in self.annotations.panel.selected() if a.document_id == document_id and a.paragraphs]
        here = self.viewer.pages.current_page() if self.viewer.document_id == document_id else 0
        page = chosen[0].page_index if chosen else max(0, here)
        open_other_language(self.context, document_id, page, chosen[0].paragraphs[0] if chosen else None,
                            lambda other, page_index: self.open_page(other, page_index, ""))

    def show_trash(self) -> None:
        TrashDialog(self.library, self.operations, self.undo_stack, self.window).exec()

    def bring_in_annotations(self, document_id: int) -> None:
        library = self.library

        def done(result: BroughtIn) -> None:
            self.shell.show_status(result.summary(), 10000)  # with each annotation left out, and why

        self.operations.edit(lambda: import_pdf_annotations(library, document_id), done=done,
                             changes=LibraryChange.of_annotations,
                             failed=lambda message: QMessageBox.warning(self.window, "Annotations in the PDF", message))

    def import_revision(self, old_id: int) -> None:
        """Import a reissued version and carry the annotations over, re-anchored in its text."""
        path, _filter = QFileDialog.getOpenFileName(self.window, "Import a new revision", "", "PDF files (*.pdf)")
        if path:
            library = self.library
            self.operations.run(lambda _task: _import_revision(library, old_id, path), done=self._revision_done,
                                changes=lambda result: LibraryChange(documents=frozenset({old_id, result[0]})),
                                failed=lambda message: QMessageBox.warning(self.window, "New revision", message))

    def _revision_done(self, result: tuple) -> None:
        new_id, report = result
        self.shell.open_document(new_id)
        lines = [f"{len(report.anchored)} passage(s) found again exactly."]
        if report.fuzzy:
            lines.append(f"{len(report.fuzzy)} found where the words changed: check them (marked \u201cfuzzy\u201d).")
        if report.orphans:
            lines.append(f"{len(report.orphans)} could not be found and are kept as orphans, with their notes and tags.")
        QMessageBox.information(self.window, "New revision", "\n".join(lines))

    def show_vocabulary(self) -> VocabularyWindow:
        if self.vocabulary is None:
            self.vocabulary = VocabularyWindow(self.library, self.operations, self.undo_stack, self.window)
            self.vocabulary.passage_activated.connect(self.open_passage)
            self.vocabulary.export_requested.connect(lambda *tag: run_slot(self.exports.export_tag, *tag))
        self.vocabulary.show()
        self.vocabulary.raise_()
        return self.vocabulary

    def show_recommendations(self) -> RecommendationsWindow:
        """Tools › Recommendations…: on the open document, if any; a row opens its passage here."""
        if self.recommendations is None:
            self.recommendations = RecommendationsWindow(
                self.library, self.operations, self.undo_stack,
                lambda: next(iter(self.annotations.panel.selected()), None))
            self.recommendations.passage_wanted.connect(self._open_recommendation)
            self.recommendations.evidence_wanted.connect(self.open_passage)
            self.window.destroyed.connect(self.recommendations.close)
        self.recommendations.show_for(self.viewer.document_id)
        return self.recommendations

    def show_responses(self, document_id: int) -> ResponsesWindow:
        """Document › Align with the report it answers…: the response's replies offered as links."""
        if self.responses is None:
            self.responses = ResponsesWindow(self.library, self.operations, self.undo_stack)
            self.responses.passage_wanted.connect(self._open_recommendation)
            self.window.destroyed.connect(self.responses.close)
        self.responses.show_for(document_id)
        return self.responses

    def _open_recommendation(self, document_id: int, page_index: int, words: str) -> None:
        self.open_page(document_id, page_index, words)
        self.window.raise_()  # over the list the recommendation was chosen in
        self.window.activateWindow()

    def show_timeline(self) -> None:
        self.show_vocabulary().show_timeline()

    def open_passage(self, document_id: int, page_index: int, uuid: str) -> None:
        already_open = self.viewer.document_id == document_id
        if not already_open and not self.shell.open_document(
                document_id, lambda: self.open_passage(document_id, page_index, uuid), at_page=page_index):
            return
        self.window.raise_()  # over the vocabulary or timeline window the passage was chosen in
        self.window.activateWindow()
        self.viewer.go_to_page(page_index)
        # A document still opening (as the window reopens the last one at a start) has no rows yet.
        if self.annotations.document_id == document_id:
            self.annotations.panel.select(uuid)
        else:
            self.annotations.pending_select = uuid  # chosen once the panel has the document's rows

def _import_revision(library, old_id: int, path: str):  # noqa: ANN001, ANN202
    [outcome] = import_paths(library, [path])
    if outcome.document is None:
        raise LibraryError(f"{path}: {outcome.reason}")
    if outcome.document.id == old_id:
        raise LibraryError("This file is the same as the document already in the library.")
    return outcome.document.id, carry_over(library, old_id, outcome.document.id)
