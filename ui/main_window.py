"""The main window: library on the left, the pages in the centre, annotations on the right."""

from __future__ import annotations

import gc
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QThreadPool, QTimer, Slot
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QSplitter,
    QTabWidget,
)

from app.errors import LibraryError
from ui.document_model import DocumentTableModel
from ui.file_fetch import FileFetch
from ui.import_outcomes import imported_change, needs_password, summary
from ui.operations import Operations, Task
from ui.qt_fixes import run_slot
from ui.render_worker import RenderWorker
from ui.side_panels import THUMB_WIDTH, AnnotationsPanel, LibraryPanel, OutlineTree, ThumbnailList
from ui.theme import SETTING as THEME_SETTING
from ui.theme import apply_theme
from ui.toolbar import ReaderToolbar
from ui.view_state import recent_documents, remember_recent, restore_layout, save_layout
from ui.viewer import Viewer
from ui.window_layout import default_size, fit_to_screen, limit_docks

if TYPE_CHECKING:
    from app.changes import LibraryChange
    from app.library import Library
    from app.records import DocumentInfo, ImportOutcome

class MainWindow(QMainWindow):
    def __init__(
        self, library: Library | None, settings: QSettings | None = None, *, listing_root: Path | None = None
    ) -> None:
        """``library`` may come later (:meth:`attach_library`); with ``listing_root``, each list read
        from the library is also saved there, for the next start to show at once."""
        super().__init__()
        self.library = library
        self.listing_root = listing_root
        self._pending_open: int | None = None
        self.go_to_refusal = ""  # why the last page asked for could not be shown
        self.settings = settings if settings is not None else QSettings()
        self.theme = str(self.settings.value(THEME_SETTING, "system") or "system")
        if self.theme != "system":
            self.theme = apply_theme(self.theme)
        self.setWindowTitle("Rights Annotator")
        if QApplication.windowIcon().isNull():  # the app's icon for this window and its dialogs
            from ui.icons import app_icon

            QApplication.setWindowIcon(app_icon())
        self.resize(default_size(self))
        self.setAcceptDrops(True)
        self.operations = Operations(self)
        self.operations.failed.connect(lambda message: QMessageBox.warning(self, "Rights Annotator", message))
        self.operations.changed.connect(self.library_changed)
        self.import_job: Task | None = None
        self.progress: QProgressDialog | None = None
        self.last_report: QMessageBox | None = None
        self._document_actions: list[tuple[QAction, Callable[[int], None]]] = []
        self._samples_dir: str | None = None
        self.features = None  # annotating, undo, properties, vocabulary: once the library is open
        self._opening = None  # the document just opened, until its side panels are filled
        self._finish_timer = QTimer(self, singleShot=True, interval=300)
        self._finish_timer.timeout.connect(self._finish_opening)

        self.worker = RenderWorker(self)
        self.worker.start()
        self.documents = DocumentTableModel()
        self.library_panel = LibraryPanel(self.documents)
        self.table = self.library_panel.table
        self.outline = OutlineTree()
        self.thumbnails = ThumbnailList()
        self.viewer = Viewer(self.worker, self.settings)
        self.annotations = AnnotationsPanel()
        self.setCentralWidget(self.viewer)
        self.toolbar = ReaderToolbar(self)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        self._build_docks()
        self._build_status_bar()
        self.file_fetch = FileFetch(self.operations, self.statusBar(), self.viewer.show_message)
        self._build_menus()
        self.toolbar.add_reading(self.menus.commands, self.viewer, self.go_to, self.show_status)
        self._connect()
        self._restore_window()
        if library is not None:
            self._install_features()
            self.worker.preload()
            self.refresh()
            self._settle_memory()
        else:
            self.statusBar().showMessage("Opening the library\u2026")

    # --- building ----------------------------------------------------------------------

    def _build_docks(self) -> None:
        navigation = QTabWidget()
        navigation.addTab(self.outline, "Outline")
        navigation.addTab(self.thumbnails, "Thumbnails")
        self.navigation = navigation
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.library_panel)
        left.addWidget(navigation)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 2)
        self.left_splitter = left
        self.library_dock = QDockWidget("Library", self, objectName="library")
        self.library_dock.setWidget(left)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.library_dock)
        self.annotations_dock = QDockWidget("Annotations", self, objectName="annotations")
        self.annotations_dock.setWidget(self.annotations)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.annotations_dock)
        self._default_docks()
        self._default_state = self.saveState()
        self._fit_timer = QTimer(self, singleShot=True, interval=0)
        self._fit_timer.timeout.connect(self.fit_layout)

    def _default_docks(self) -> None:
        width = self.width()
        self.resizeDocks([self.library_dock, self.annotations_dock], [int(width * 0.26), int(width * 0.2)],
                         Qt.Orientation.Horizontal)

    def _watch_docks(self) -> None:
        """Refit the layout whenever a panel is shown, hidden, moved or floated."""
        for dock in self.findChildren(QDockWidget):
            if dock.property("watched"):
                continue
            dock.setProperty("watched", True)
            # Bound methods, not lambdas: they go with the window (docks signal while it is destroyed).
            dock.visibilityChanged.connect(self._dock_changed)
            dock.dockLocationChanged.connect(self._dock_changed)
            dock.topLevelChanged.connect(self._dock_changed)
        self.fit_layout()

    @Slot()
    def _dock_changed(self, *_args) -> None:
        self._fit_timer.start()

    def fit_layout(self) -> None:
        """Each side within its share of the width, and the window on its screen."""
        limit_docks(self)
        fit_to_screen(self)

    def reset_layout(self) -> None:
        """View › Reset layout: the panels where they start, the window at its first size."""
        self.restoreState(self._default_state)
        self.library_dock.show()
        self.annotations_dock.show()
        for dock in self.findChildren(QDockWidget):  # panels added later go behind the annotations
            if dock not in (self.library_dock, self.annotations_dock):
                dock.setFloating(False)
                dock.show()
                self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
                self.tabifyDockWidget(self.annotations_dock, dock)
        self.annotations_dock.raise_()
        if self.isMaximized():
            self.showNormal()
        self.resize(default_size(self))
        self.left_splitter.setSizes([3000, 2000])
        limit_docks(self)
        self._default_docks()
        fit_to_screen(self)
        self.statusBar().showMessage("The panels are back where they start.", 4000)

    def set_theme(self, name: str) -> None:
        """View › Theme: the system's look, light or dark, for the whole application; kept for next time."""
        self.theme = apply_theme(name)
        self.settings.setValue(THEME_SETTING, self.theme)
        self.viewer.pages.viewport().update()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self.isVisible():
            limit_docks(self)

    def _build_status_bar(self) -> None:
        self.page_status = QLabel()
        self.zoom_status = QLabel()
        self.statusBar().addPermanentWidget(self.page_status)
        self.statusBar().addPermanentWidget(self.zoom_status)

    def _build_menus(self) -> None:
        from ui.window_keys import WindowKeysFirst
        from ui.window_menus import build_menus

        self.menus = build_menus(self)
        self.window_keys = WindowKeysFirst(self)

    # --- what the window's parts may ask of it (ui.context.Shell) ----------------------

    def menu(self, name: str) -> QMenu:
        return self.menus.by_name[name]

    def show_status(self, message: str, msecs: int = 5000) -> None:
        self.statusBar().showMessage(message, msecs)

    def document_title(self, document_id: int) -> str | None:
        known = self.documents.find(document_id)
        return known.title if known is not None else None

    def document_reference(self, document_id: int) -> str | None:
        known = self.documents.find(document_id)
        return known.reference if known is not None else None

    def add_tool_action(self, action: QAction) -> None:
        """For features that add a window-wide command (they own the action and its shortcut)."""
        tools = self.menu("tools")
        tools.addAction(action)
        tools.menuAction().setVisible(True)
        self.addAction(action)

    def add_document_action(self, text: str, callback: Callable[[int], None], shortcut: str | None = None) -> QAction:
        """A command on one document (e.g. "Document properties…"): in the Document menu and the
        library's context menu; ``callback`` gets the id of the open or chosen document."""
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: run_slot(self._run_document_action, callback))
        document = self.menu("document")
        document.addAction(action)
        self.addAction(action)
        self._document_actions.append((action, callback))
        action.setEnabled(self.chosen_document_id() is not None)
        document.menuAction().setVisible(True)
        return action

    def _run_document_action(self, callback: Callable[[int], None]) -> None:
        document_id = self.chosen_document_id()
        if document_id is not None:
            callback(document_id)

    def _connect(self) -> None:
        self.table.selectionModel().currentRowChanged.connect(lambda current, _old: self._row_chosen(current.row()))
        self.table.selectionModel().currentRowChanged.connect(lambda _current, _old: self.update_actions())
        self.table.customContextMenuRequested.connect(self._table_menu)
        self.viewer.status_changed.connect(self._update_status)
        self.viewer.locate_file_wanted.connect(self.ask_locate_file)
        self.viewer.pages.current_page_changed.connect(self.thumbnails.select_page)
        self.viewer.pages.page_painted.connect(self._first_page_painted)
        self.outline.page_wanted.connect(self._go_to_index)
        self.thumbnails.page_wanted.connect(self._go_to_index)
        self.thumbnails.thumbnails_wanted.connect(self._thumbnails_wanted)
        self.worker.thumbnail.connect(self._thumbnail_arrived)

    # --- the library -------------------------------------------------------------------

    def attach_library(self, library: Library) -> None:
        """Give the window its library once it is open (the window may be shown before)."""
        self.library = library
        self._install_features()
        self.worker.preload()
        self.refresh()
        self._settle_memory()
        if self._pending_open is not None:
            self.open_document(self._pending_open)
        else:
            self.reopen_last()

    def reopen_last(self) -> bool:
        """Open the document read last, where it was left; False when there is none to open."""
        if self.viewer.document_id is not None:
            return False
        for document_id in self.recent_documents():
            if self.documents.find(document_id) is not None:
                return self.open_document(document_id)
        return False

    def _settle_memory(self) -> None:
        """Exempt what start-up loaded from garbage collection passes: a full pass walks every
        object, tens of milliseconds with the database layer loaded, and made scrolling stutter."""
        gc.collect()
        gc.freeze()

    def reload(self) -> None:
        """Read everything shown again, with any changes saved elsewhere (F5)."""
        from app.changes import LibraryChange

        self.operations.publish(LibraryChange.everything())
        self.statusBar().showMessage("Read again from the library, with any changes saved elsewhere.", 5000)

    def library_changed(self, change: LibraryChange) -> None:
        if change.documents or change.elsewhere:
            self.refresh()
            open_id = self.viewer.document_id
            if open_id is not None and (open_id in change.documents or change.elsewhere):
                self._show_title(self.document_title(open_id))

    def _show_title(self, title: str | None) -> None:
        self.setWindowTitle(f"{title} \u2014 Rights Annotator" if title else "Rights Annotator")

    def refresh(self) -> None:
        if self.library is None:
            return
        from app.services.documents import list_documents

        try:
            documents = list_documents(self.library)
        except LibraryError as error:
            QMessageBox.warning(self, "Rights Annotator", str(error))
            return
        self.show_documents(documents)
        if self.listing_root is not None:
            from app.infra.listing_cache import save_listing

            save_listing(self.listing_root, documents)

    def show_documents(self, documents: list[DocumentInfo]) -> None:
        open_id = self.viewer.document_id
        self.documents.set_documents(documents)
        count = len(documents)
        if count:
            self.statusBar().showMessage(f"library: {count} document{'s' if count != 1 else ''}")
            if open_id is None:
                self.viewer.show_message(
                    "Choose a document in the library to read it.<br><br>"
                    "<small>Import more with File \u203a Import PDFs (Ctrl+O) or by dropping PDF files here.</small>",
                    [("Import PDFs\u2026", self.choose_import)],
                )
            else:
                self._select_row_of(open_id)
        else:
            self.statusBar().showMessage("The library is empty. Import PDFs with Ctrl+O, or load the sample documents.")
            self.viewer.close_document()
            self.viewer.show_message(
                "<b>Your library is empty.</b><br><br>Import PDF reports and articles (Ctrl+O, or drop "
                "them on this window), or start with three sample documents: a CPT-style visit report, "
                "the Government's response answering it, and a news article.",
                [("Load sample documents", self.load_samples), ("Import PDFs\u2026", self.choose_import)],
            )

    def _row_chosen(self, view_row: int) -> None:
        if view_row < 0:
            return
        document = self.documents.document(self.library_panel.document_row(view_row))
        # The row of a document whose file is coming is chosen by the window, not asked for anew:
        # the place asked for stays the one it opens at.
        if document.id != self.viewer.document_id and not self.file_fetch.coming(document.file_name):
            self.open_document(document.id)

    def _select_row_of(self, document_id: int) -> None:
        for row in range(self.documents.rowCount()):
            if self.documents.document(row).id == document_id:
                index = self.library_panel.proxy.mapFromSource(self.documents.index(row, 0))
                if index.isValid() and self.table.currentIndex().row() != index.row():
                    self.table.selectRow(index.row())
                return

    def chosen_document_id(self) -> int | None:
        if self.viewer.document_id is not None:
            return self.viewer.document_id
        row = self.table.currentIndex().row()
        return self.documents.document(self.library_panel.document_row(row)).id if row >= 0 else None

    def open_document(self, document_id: int, then: Callable[[], None] | None = None, *,
                      at_page: int | None = None) -> bool:
        """True once the document is open. False when it cannot be now: another member's file is
        brought first, and ``then`` is called once it came and the document opened (the place the
        member asked for is reached then; not if another document was asked for meanwhile).
        ``at_page``: open at that page rather than where the reader left the document."""
        if self.library is None:
            self._pending_open = document_id  # opened once the library is
            self.viewer.show_message("Opening the library\u2026")
            return False
        self._pending_open = None
        from app.services.viewing import open_view

        known = self.documents.find(document_id)
        if known is not None and self.library.missing_here(known.file_name):  # another member's: brought first
            self.viewer.close_document()

            def brought() -> None:
                if self.open_document(document_id) and then is not None:
                    then()

            self.file_fetch.bring(self.library, known, brought)
            self._select_row_of(document_id)
            return False
        self.file_fetch.stop()
        if known is not None and not known.encrypted:
            path = self.library.file_path(known.file_name)
            if path.is_file():
                self.viewer.prestart(path, known.sha256, at_page)
        try:
            view = open_view(self.library, document_id, known)
        except LibraryError as error:
            self.viewer.close_document()  # not the first page shown without its document
            QMessageBox.warning(self, "Rights Annotator", str(error))
            return False
        self.viewer.open_document(view, at_page)
        self._show_title(view.info.title)
        self._select_row_of(document_id)
        # The side panels are filled once the first page is on screen: the reader waits for that.
        self._opening = view
        self._finish_timer.start()
        return True

    @property
    def side_panels_pending(self) -> bool:
        """True from opening a document until its outline and thumbnails are filled in."""
        return self._opening is not None

    def _first_page_painted(self, _page: int) -> None:
        # Not inside the paint: the page reaches the screen when the paint event returns.
        if self._opening is not None:
            self._finish_timer.start(0)

    def _finish_opening(self, *_args) -> None:
        view, self._opening = self._opening, None
        self._finish_timer.stop()
        if view is None or view.info.id != self.viewer.document_id:
            return
        self.outline.set_outline(view.outline)
        self.thumbnails.set_pages([(p.width, p.height) for p in view.pages], [p.label for p in view.pages])
        self._remember_recent(view.info.id)
        if self.features is not None:
            self.features.document_opened(view)

    def _install_features(self) -> None:
        if self.features is None and self.library is not None:
            from PySide6.QtGui import QUndoStack

            from ui.context import WindowContext
            from ui.features import Features  # loads the database layer: after the first paint

            context = WindowContext(self.library, self.operations, QUndoStack(self), self.settings, self, self)
            self.features = Features(context, self.viewer, self.library_panel, self.library_dock, self.annotations_dock)
            # A link's other end opens the one way a passage is opened (as an address is).
            annotating = self.features.annotations
            annotating.passage_wanted.connect(self.features.open_passage)
            annotating.add_link_action()
            self.toolbar.add_annotating(annotating)
            self.toolbar.add_search(self.features.search_action)
            if self.library.is_team:  # a file that could not come while the server was away comes once it is back
                self.features.refresher.away_changed.connect(lambda away: away or self.file_fetch.retry_failed())
            self._watch_docks()
            self._actions_state = None
            self.update_actions()

    def _table_menu(self, position) -> None:
        index = self.table.indexAt(position)
        if not index.isValid() or not self._document_actions:
            return
        document = self.documents.document(self.library_panel.document_row(index.row()))
        menu = QMenu(self)
        for action, callback in self._document_actions:
            menu.addAction(action.text()).triggered.connect(lambda _c=False, cb=callback: run_slot(cb, document.id))
        menu.popup(self.table.viewport().mapToGlobal(position))

    # --- navigation --------------------------------------------------------------------

    def _go_to_index(self, page: int) -> None:
        self.viewer.pages.go_to_page(page)
        self.viewer.pages.setFocus()

    def go_to(self, wanted: str) -> bool:
        """Go to a page by its printed label ("iv", "12") or its number; False if there is none."""
        if self.viewer.view is None:
            return False
        from app.services.viewing import page_for

        view, wanted = self.viewer.view, wanted.strip()
        count = len(view.pages)
        page = page_for(view, wanted)
        if page is None:
            self.go_to_refusal = (
                f"This document has {count} page{'s' if count != 1 else ''}: there is no page {wanted.lstrip('#')}."
                if wanted.lstrip("#").isdigit() else f"No page \u201c{wanted}\u201d in this document."
            )
            self.statusBar().showMessage(self.go_to_refusal, 8000)
            return False
        self.go_to_refusal = ""
        self._go_to_index(page)
        label = view.pages[page].label
        if label.casefold() == wanted.casefold() and wanted != str(page + 1):
            # A printed label, not the sheet's number: say which page that is, and how to ask for the other.
            also = f"; #{wanted} for sheet {wanted}" if wanted.isdigit() and int(wanted) <= count else ""
            self.statusBar().showMessage(
                f"Page \u201c{label}\u201d as printed: sheet {page + 1} of {count}{also}.", 8000)
        return True

    def ask_go_to(self) -> None:
        if self.viewer.view is None:
            return
        count = len(self.viewer.view.pages)
        text, ok = QInputDialog.getText(
            self, "Go to page",
            f"Page as printed (\u201civ\u201d, \u201c12\u201d) or #sheet number (#1\u2013#{count}):")
        if ok and text.strip() and not self.go_to(text):
            QMessageBox.information(self, "Go to page", self.go_to_refusal)

    def copy(self) -> None:
        if not self.viewer.pages.copy_selection():
            self.statusBar().showMessage("Nothing selected to copy.", 3000)

    def _thumbnails_wanted(self, pages: list[int]) -> None:
        view = self.viewer.view
        if view is None or not self.viewer.pages.ready:
            return
        ratio = self.devicePixelRatioF()
        self.worker.request_thumbnails(
            self.viewer.pages.token, [(p, THUMB_WIDTH * ratio / view.pages[p].width) for p in pages]
        )

    def _thumbnail_arrived(self, token: int, page: int, image) -> None:
        if token == self.viewer.pages.token:
            image.setDevicePixelRatio(self.devicePixelRatioF())
            self.thumbnails.set_thumbnail(page, image)

    def _update_status(self) -> None:
        self.page_status.setText(self.viewer.status_text())
        self.zoom_status.setText(self.viewer.zoom_text())
        self.update_actions()

    def update_actions(self) -> None:
        """Commands on the open document are off while none is open; those on a document of the
        library while none is open or chosen in the list."""
        from ui.window_menus import NEEDS_DOCUMENT

        reading = self.viewer.view is not None and self.viewer.stack.currentIndex() == 1
        chosen = self.chosen_document_id() is not None
        if (reading, chosen) == getattr(self, "_actions_state", None):
            return
        self._actions_state = (reading, chosen)
        for action in self.actions():
            if action.property(NEEDS_DOCUMENT):
                action.setEnabled(reading)
        for action, _callback in self._document_actions:
            action.setEnabled(chosen)

    # --- import ------------------------------------------------------------------------

    def choose_import(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Import PDFs", "", "PDF files (*.pdf);;All files (*)")
        if paths:
            self.start_import(paths)

    def start_import(self, paths: list[str], password: str | None = None) -> Task | None:
        """Import off the UI thread with progress and Cancel; returns the running task."""
        if self.library is None:
            return None
        if self.import_job is not None:
            self.statusBar().showMessage("An import is already running; wait for it to finish.", 5000)
            return None
        library, wanted = self.library, list(paths)

        def work(task: Task) -> list[ImportOutcome]:
            from app.services.importing import import_paths

            return import_paths(library, wanted, password=password, cancelled=lambda: task.cancelled,
                                progress=lambda done, total, outcome: task.report(done, total, outcome.path))

        self.progress = QProgressDialog("Importing\u2026", "Cancel", 0, 0, self)
        self.progress.setWindowTitle("Import")
        self.progress.setMinimumDuration(400)
        task = self.operations.run(work, changes=imported_change,
                                   done=lambda outcomes: self._import_finished(outcomes, password),
                                   failed=lambda message: self._import_failed(wanted, password, message))
        self.progress.canceled.connect(task.cancel)
        task.progressed.connect(self._import_progressed)
        self.import_job = task
        return task

    def _import_progressed(self, done: int, total: int, path: str) -> None:
        if self.progress is not None:
            self.progress.setMaximum(total)
            self.progress.setValue(done)
            self.progress.setLabelText(f"Imported {done} of {total}\n{Path(path).name}")

    def _import_failed(self, paths: list[str], password: str | None, message: str) -> None:
        """The library itself failed: every file is reported as not imported."""
        from app.records import ImportOutcome

        self._import_finished([ImportOutcome(path, "failed", reason=message) for path in paths], password)

    def _import_finished(self, outcomes: list[ImportOutcome], password: str | None) -> None:
        self.import_job = None
        if self.progress is not None:
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None
        if self._samples_dir is not None:
            shutil.rmtree(self._samples_dir, ignore_errors=True)
            self._samples_dir = None
            if self.features is not None:
                self.features.samples_imported()
        line, details = summary(outcomes)
        self.statusBar().showMessage(line, 10000)
        first = next((o.document for o in outcomes if o.document is not None), None)
        if first is not None and self.viewer.document_id is None:
            self.open_document(first.id)
        locked = [o.path for o in outcomes if needs_password(o)]
        if locked and password is None:
            password = self.viewer.password_provider(
                ", ".join(Path(p).name for p in locked), "Password-protected: enter the password to import."
            )
            if password is not None:
                self.start_import(locked, password)
                return
        if details:
            report = QMessageBox(QMessageBox.Icon.Warning, "Import", line, parent=self)
            report.setInformativeText("Some files were not imported; the details say why.")
            report.setDetailedText(details)
            report.open()  # not exec(): the window stays live while the report is shown
            self.last_report = report

    def load_samples(self) -> None:
        from app.samples import write_samples

        folder = tempfile.mkdtemp(prefix="rights-annotator-samples-")
        try:
            paths = write_samples(Path(folder))
        except OSError as error:
            shutil.rmtree(folder, ignore_errors=True)
            QMessageBox.warning(self, "Sample documents", f"Could not write the sample documents: {error}")
            return
        self._samples_dir = folder
        if self.features is not None:
            self.features.samples_loaded()
        if self.start_import([str(p) for p in paths]) is None:
            shutil.rmtree(folder, ignore_errors=True)
            self._samples_dir = None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.start_import(paths)

    # --- a missing library file ----------------------------------------------------------

    def ask_locate_file(self, document_id: int) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Locate the document's PDF", "", "PDF files (*.pdf)")
        if path:
            self.locate_file(document_id, path)

    def locate_file(self, document_id: int, path: str) -> bool:
        if self.library is None:
            return False
        from app.services.viewing import relink_file

        try:
            relink_file(self.library, document_id, path)
        except LibraryError as error:
            QMessageBox.warning(self, "Locate file", str(error))
            return False
        return self.open_document(document_id)

    # --- settings ----------------------------------------------------------------------

    def _remember_recent(self, document_id: int) -> None:
        remember_recent(self.settings, document_id)

    def recent_documents(self) -> list[int]:
        return recent_documents(self.settings)

    def fill_recent(self) -> None:
        recent = self.menus.recent
        recent.clear()
        titles = {self.documents.document(r).id: self.documents.document(r).title for r in range(self.documents.rowCount())}
        for document_id in self.recent_documents():
            if document_id in titles:
                action = recent.addAction(titles[document_id])
                action.triggered.connect(lambda _c=False, i=document_id: run_slot(self.open_document, i))
        if recent.isEmpty():
            recent.addAction("(none)").setEnabled(False)

    def _restore_window(self) -> None:
        restore_layout(self.settings, self, self.left_splitter)
        self._watch_docks()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.viewer.save_state()
        save_layout(self.settings, self, self.left_splitter)
        if self.import_job is not None:
            self.import_job.cancel()
        self.file_fetch.stop()  # a file coming stops at its next part
        QThreadPool.globalInstance().waitForDone(60_000)  # a cancelled import stops at its next file
        if self.library is not None:  # the database file complete without its -wal, whatever comes next
            from app.changes import LibraryChange

            library = self.library
            self.operations.edit(library.checkpoint, changes=lambda _all_in: LibraryChange())
        self.operations.wait()
        self.worker.stop()
        super().closeEvent(event)
