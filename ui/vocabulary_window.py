"""The vocabulary window: treaties and themes as trees, events as a table; every edit undoable.

Open it with ``VocabularyWindow(library, parent)``; connect ``passage_activated`` to open a
passage in the viewer. It loads the built-in treaties into the library when it opens.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.changes import LibraryChange
from app.errors import LibraryError
from app.library import Library
from app.vocabulary import codebook
from app.vocabulary import tags as tag_service
from app.vocabulary.builtin import ensure_builtin
from app.vocabulary.kinds import EVENT_TYPE_LABELS, TREATY_KINDS
from app.vocabulary.passages import passages_for_tag
from app.vocabulary.records import TagFields, TagInfo
from ui.operations import Operations, Report
from ui.qt_fixes import run_slot
from ui.timeline_window import TimelineWindow
from ui.undo import push
from ui.vocabulary_commands import CreateTag, EditTag, ImportCodebook, MergeTags, VocabularyCommand
from ui.vocabulary_dialogs import ColorButton, TagDialog
from ui.vocabulary_models import TAG_ID_ROLE, EventFilter, EventTableModel, TagTreeModel
from ui.vocabulary_panels import PassageList, describe
from ui.window_layout import open_over

TABS = (("Treaties", (*TREATY_KINDS, "article")), ("Events", ("event",)), ("Themes", ("theme",)))


class VocabularyWindow(QMainWindow):
    passage_activated = Signal(int, int, str)
    export_requested = Signal(object)  # a TagInfo: export its passages

    def __init__(self, library: Library, operations: Operations, undo_stack: QUndoStack,
                 parent: QWidget | None = None) -> None:
        """``undo_stack`` is the window's: one stack for every edit, whichever window made it."""
        super().__init__(parent)
        self.library = library
        self.operations = operations
        self.setWindowTitle("Vocabulary \u2014 Rights Annotator")
        open_over(self, parent, 1150, 720)
        self.undo_stack = undo_stack
        operations.changed.connect(self.library_changed)
        self._tags: dict[int, TagInfo] = {}
        self.timeline: TimelineWindow | None = None

        self.treaty_model, self.theme_model = TagTreeModel(self), TagTreeModel(self)
        self.treaty_view, self.theme_view = self._tree(self.treaty_model), self._tree(self.theme_model)
        self.event_model = EventTableModel(self)
        self.event_filter = EventFilter(self)
        self.event_filter.setSourceModel(self.event_model)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.treaty_view, "Treaties")
        self.tabs.addTab(self._event_page(), "Events")
        self.tabs.addTab(self.theme_view, "Themes")
        self.tabs.currentChanged.connect(lambda _index: self._selection_changed())

        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.passage_list = PassageList()
        self.passage_list.passage_activated.connect(self.passage_activated)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(self.details)
        side_layout.addWidget(self.passage_list, 1)
        splitter = QSplitter()
        splitter.addWidget(self.tabs)
        splitter.addWidget(side)
        splitter.setSizes([760, 390])
        self.setCentralWidget(splitter)
        self._build_actions()

        try:
            ensure_builtin(library)
        except LibraryError as error:
            self._report(str(error))
        self.refresh()

    # ---- building ---------------------------------------------------------------------------------

    def _tree(self, model: TagTreeModel) -> QTreeView:
        view = QTreeView()
        view.setModel(model)
        view.setAlternatingRowColors(True)
        view.setUniformRowHeights(True)
        view.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        view.header().setStretchLastSection(False)
        for column in (1, 2):
            view.header().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        view.selectionModel().currentChanged.connect(lambda *_: self._selection_changed())
        view.doubleClicked.connect(lambda _index: self.edit_current())
        return view

    def _event_page(self) -> QWidget:
        self.event_words = QLineEdit()
        self.event_words.setPlaceholderText("Filter events\u2026")
        self.event_words.setClearButtonEnabled(True)
        self.event_type = QComboBox()
        self.event_type.addItem("All types", None)
        for key, text in EVENT_TYPE_LABELS.items():
            self.event_type.addItem(text, key)
        self.event_country = QComboBox()
        self.event_country.addItem("All countries", None)
        for widget in (self.event_words,):
            widget.textChanged.connect(self._filter_events)
        for box in (self.event_type, self.event_country):
            box.currentIndexChanged.connect(self._filter_events)
        bar = QHBoxLayout()
        bar.addWidget(self.event_words, 1)
        bar.addWidget(self.event_type)
        bar.addWidget(self.event_country)
        self.event_view = QTableView()
        self.event_view.setModel(self.event_filter)
        self.event_view.setSortingEnabled(True)
        self.event_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.event_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.event_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.event_view.setAlternatingRowColors(True)
        self.event_view.verticalHeader().hide()
        self.event_view.setWordWrap(False)
        header = self.event_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((2, 120), (3, 110), (4, 120)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.event_view.verticalHeader().setDefaultSectionSize(self.event_view.fontMetrics().height() + 8)
        self.event_view.selectionModel().currentChanged.connect(lambda *_: self._selection_changed())
        self.event_view.doubleClicked.connect(lambda _index: self.edit_current())
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.event_view)
        return page

    def _build_actions(self) -> None:
        toolbar = QToolBar("Vocabulary")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(toolbar)
        menu = self.menuBar().addMenu("&Vocabulary")
        edit_menu = self.menuBar().addMenu("&Edit")

        def action(text: str, slot, shortcut: str | QKeySequence.StandardKey | None = None, where=menu) -> QAction:  # noqa: ANN001
            made = QAction(text, self)
            if shortcut is not None:
                made.setShortcut(QKeySequence(shortcut))
            made.triggered.connect(lambda _checked=False: run_slot(slot))
            where.addAction(made)
            self.addAction(made)
            return made

        self.new_action = action("&New\u2026", self.new_tag, "Ctrl+N")
        self.new_child_action = action("New &under selected\u2026", self.new_child, "Ctrl+Shift+N")
        self.edit_action = action("&Edit\u2026", self.edit_current, "F2")
        self.colour_action = action("&Colour\u2026", self.choose_colour)
        self.merge_action = action("&Merge into\u2026", self.ask_merge, "Ctrl+M")
        self.delete_action = action("&Delete\u2026", self.ask_delete, QKeySequence.StandardKey.Delete)
        menu.addSeparator()
        self.import_action = action("&Import codebook\u2026", self.ask_import)
        self.export_action = action("E&xport codebook\u2026", self.ask_export)
        self.export_passages_action = action("Export its &passages\u2026", self.export_passages)
        menu.addSeparator()
        self.timeline_action = action("&Timeline of events", self.show_timeline, "Ctrl+T")
        menu.addSeparator()
        action("&Close", self.close, "Ctrl+W")
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit_menu.addActions([self.undo_action, self.redo_action])
        self.addActions([self.undo_action, self.redo_action])
        for item in (self.new_action, self.new_child_action, self.edit_action, self.colour_action,
                     self.merge_action, self.delete_action):
            toolbar.addAction(item)
        toolbar.addSeparator()
        self._toolbar_undo: list[QAction] = []
        # Short labels on the toolbar; the menu's undo/redo name the step ("Undo Merge \u2026").
        stack = self.undo_stack
        for text, slot, signal, tip, now in (
            ("Undo", stack.undo, stack.canUndoChanged, stack.undoTextChanged, stack.canUndo()),
            ("Redo", stack.redo, stack.canRedoChanged, stack.redoTextChanged, stack.canRedo()),
        ):
            button = QAction(text, self)
            button.triggered.connect(lambda _checked=False, slot=slot: run_slot(slot))
            button.setEnabled(now)  # the window's stack may hold steps already
            signal.connect(button.setEnabled)
            tip.connect(button.setToolTip)  # a bound slot: let go when the window goes, the stack stays
            toolbar.addAction(button)
            self._toolbar_undo.append(button)
        toolbar.addSeparator()
        toolbar.addActions([self.import_action, self.export_action])
        toolbar.addSeparator()
        toolbar.addAction(self.timeline_action)

    # ---- reading --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the vocabulary and keep the current tag selected."""
        current = self.current_tag_id()
        try:
            every = tag_service.list_tags(self.library)
        except LibraryError as error:
            self._report(str(error))
            return
        first_load = not self._tags
        self._tags = {tag.id: tag for tag in every}
        for view, model, kinds in ((self.treaty_view, self.treaty_model, (*TREATY_KINDS, "article")),
                                   (self.theme_view, self.theme_model, ("theme",))):
            # Keep what the user opened or closed across the reload.
            expanded = [tag_id for tag_id in model.tag_ids() if view.isExpanded(model.index_of(tag_id))]
            model.set_tags([t for t in every if t.kind in kinds])
            if first_load and model is self.treaty_model:
                view.expandToDepth(0)  # treaties open on their articles, protocols closed
            elif first_load:
                view.expandAll()
            for tag_id in expanded:
                view.expand(model.index_of(tag_id))
        events = [t for t in every if t.kind == "event"]
        self.event_model.set_events(events)
        chosen = self.event_country.currentData()
        self.event_country.blockSignals(True)
        self.event_country.clear()
        self.event_country.addItem("All countries", None)
        for country in sorted({e.fields.country for e in events if e.fields.country}, key=str.casefold):
            self.event_country.addItem(country, country)
        self.event_country.setCurrentIndex(max(0, self.event_country.findData(chosen)))
        self.event_country.blockSignals(False)
        self._filter_events()
        if current is not None and current in self._tags:
            self.select_tag(current)
        self._selection_changed()
        user = sum(not t.builtin for t in every)
        self.statusBar().showMessage(
            f"{len(every)} tags ({len(every) - user} built in), {len(events)} events, "
            f"{sum(t.passages for t in every)} tagged passages"
        )

    def _filter_events(self) -> None:
        self.event_filter.set_filter(self.event_words.text(), self.event_type.currentData(),
                                     self.event_country.currentData())

    def current_tag_id(self) -> int | None:
        page = self.tabs.currentIndex()
        if page == 1:
            index = self.event_view.currentIndex()
            return index.data(TAG_ID_ROLE) if index.isValid() else None
        view, model = (self.treaty_view, self.treaty_model) if page == 0 else (self.theme_view, self.theme_model)
        return model.tag_id(view.currentIndex())

    def current_tag(self) -> TagInfo | None:
        tag_id = self.current_tag_id()
        return self._tags.get(tag_id) if tag_id is not None else None

    def select_tag(self, tag_id: int) -> bool:
        """Show the tag's tab and select it."""
        tag = self._tags.get(tag_id)
        if tag is None:
            return False
        if tag.kind == "event":
            self.tabs.setCurrentIndex(1)
            row = self.event_model.row_of(tag_id)
            index = self.event_filter.mapFromSource(self.event_model.index(row, 0))
            if not index.isValid():  # hidden by the filter: clear it rather than hide the selection
                self.event_words.clear()
                self.event_type.setCurrentIndex(0)
                self.event_country.setCurrentIndex(0)
                index = self.event_filter.mapFromSource(self.event_model.index(row, 0))
            self.event_view.setCurrentIndex(index)
            self.event_view.scrollTo(index)
            return True
        page, view, model = ((0, self.treaty_view, self.treaty_model) if tag.kind in (*TREATY_KINDS, "article")
                             else (2, self.theme_view, self.theme_model))
        self.tabs.setCurrentIndex(page)
        index: QModelIndex = model.index_of(tag_id)
        view.setCurrentIndex(index)
        view.scrollTo(index)
        return index.isValid()

    def _selection_changed(self) -> None:
        tag = self.current_tag()
        for item in (self.edit_action, self.colour_action, self.merge_action, self.delete_action):
            item.setEnabled(tag is not None)
        if tag is not None:
            self.merge_action.setEnabled(not tag.builtin)
            self.delete_action.setEnabled(not tag.builtin)
        self.new_child_action.setEnabled(tag is not None and tag.kind in (*TREATY_KINDS, "theme"))
        self.export_passages_action.setEnabled(tag is not None)
        if tag is None:
            self.details.setText("<p style='color:#666'>Choose a tag to see its details and passages.</p>")
            self.passage_list.set_passages([], "")
            return
        names = {t.slug: t.fields.code or t.label for t in self._tags.values() if t.kind in (*TREATY_KINDS, "article")}
        self.details.setText(describe(tag, names))
        try:
            self.passage_list.set_passages(passages_for_tag(self.library, tag.id))
        except LibraryError as error:
            self._report(str(error))

    # ---- editing (each through an undo command) ---------------------------------------------------

    def execute(self, command: VocabularyCommand, done: Callable[[], None] | None = None,
                refused: Report | None = None) -> None:
        """Run a command and put it on the undo stack once it succeeded; a refusal is shown, nothing pushed."""
        push(self.operations, self.undo_stack, command, failed=refused or self._report,
             done=None if done is None else lambda _command: done())

    def library_changed(self, change: LibraryChange) -> None:
        # A passage tagged, trashed or restored moves its tags' counts: read again (they are kept
        # by the database, so this costs the same in a library of any size).
        if change.vocabulary or change.elsewhere or change.annotations:
            self.refresh()
            if self.timeline is not None:
                self.timeline.refresh()

    def create(self, fields: TagFields, refused: Report | None = None, done: Callable[[], None] | None = None) -> None:
        """Create a tag (undoable) and choose it once made."""
        command = CreateTag(self.library, fields)

        def made() -> None:
            assert command.created is not None
            self.select_tag(command.created.id)
            if done is not None:
                done()

        self.execute(command, made, refused)

    def update(self, tag: TagInfo, fields: TagFields, text: str | None = None, refused: Report | None = None,
               done: Callable[[], None] | None = None) -> None:
        """Save new fields on a tag (undoable)."""
        self.execute(EditTag(self.library, tag, fields, text=text), done, refused)

    def merge(self, source_id: int, target_id: int) -> None:
        self.execute(MergeTags(self.library, self._tags[source_id], self._tags[target_id]))

    def delete(self, tag_id: int, move_passages_to: int | None = None) -> None:
        source = self._tags[tag_id]
        target = self._tags[move_passages_to] if move_passages_to is not None else None
        text = f"Delete \u201c{source.label}\u201d" + (f", passages to \u201c{target.label}\u201d" if target else "")
        self.execute(MergeTags(self.library, source, target, text=text))

    def set_colour(self, tag_id: int, color: str | None) -> None:
        tag = self._tags[tag_id]
        self.execute(EditTag(self.library, tag, tag.fields.with_changes(color=color),
                             text=f"Colour of \u201c{tag.label}\u201d"))

    def import_codebook(self, path: str) -> None:
        try:
            entries = codebook.read_file(path)
        except LibraryError as error:
            self._report(str(error))
            return
        command = ImportCodebook(self.library, entries, path.rsplit("/", 1)[-1])

        def imported() -> None:
            assert command.result is not None
            self.statusBar().showMessage(f"Imported {path}: {command.result.summary}", 8000)

        self.execute(command, imported)

    # ---- the dialogs behind the actions -------------------------------------------------------------

    def _kind_for_tab(self) -> str:
        return TABS[self.tabs.currentIndex()][1][0]

    def new_tag(self, parent_id: int | None = None, kind: str | None = None) -> None:
        kind = kind or self._kind_for_tab()
        fields = TagFields(kind=kind, label="", parent_id=parent_id,
                           event_type="other" if kind == "event" else None)
        self._open_dialog(fields, self.create)

    def new_child(self) -> None:
        tag = self.current_tag()
        if tag is None:
            return
        kind = "article" if tag.kind in TREATY_KINDS else tag.kind
        self.new_tag(parent_id=tag.id, kind=kind)

    def edit_current(self) -> None:
        tag = self.current_tag()
        if tag is not None:
            self._open_dialog(tag.fields, lambda f, refused, done: self.update(tag, f, refused=refused, done=done), tag)

    def _open_dialog(self, fields: TagFields, submit, tag: TagInfo | None = None) -> TagDialog:  # noqa: ANN001
        parents = [t for t in self._tags.values() if t.kind in (*TREATY_KINDS, "theme") and (tag is None or t.id != tag.id)]
        treaties = [t for t in self._tags.values() if t.kind in (*TREATY_KINDS, "article")]
        dialog = TagDialog(fields, submit, parents, treaties, builtin=bool(tag and tag.builtin), parent=self)
        self.dialog = dialog  # reachable by tests
        dialog.open()
        return dialog

    def choose_colour(self) -> None:
        tag = self.current_tag()
        if tag is None:
            return
        button = ColorButton(tag.color, self)
        button.hide()
        button.click()
        if button.color != tag.color:
            self.set_colour(tag.id, button.color)

    def _same_kind_choices(self, tag: TagInfo) -> list[TagInfo]:
        return sorted((t for t in self._tags.values() if t.kind == tag.kind and t.id != tag.id),
                      key=lambda t: (t.fields.code or "", t.label.casefold()))

    def ask_merge(self) -> None:
        tag = self.current_tag()
        if tag is None:
            return
        choices = self._same_kind_choices(tag)
        if not choices:
            self._report(f"There is no other {tag.kind} to merge \u201c{tag.label}\u201d into.")
            return
        names = [f"{t.display}  ({t.passages})" for t in choices]
        name, ok = QInputDialog.getItem(
            self, "Merge", f"Merge \u201c{tag.label}\u201d into (its {tag.passages} passages move there):", names, 0, False)
        if ok:
            self.merge(tag.id, choices[names.index(name)].id)

    def ask_delete(self) -> None:
        tag = self.current_tag()
        if tag is None:
            return
        if tag.passages == 0:
            self.delete(tag.id)  # undoable, so no confirmation
            return
        choices = self._same_kind_choices(tag)
        names = [f"{t.display}  ({t.passages})" for t in choices]
        if not choices:
            self._report(f"\u201c{tag.label}\u201d is used by {tag.passages} passages and there is no other "
                         f"{tag.kind} to move them to.")
            return
        name, ok = QInputDialog.getItem(
            self, "Delete", f"\u201c{tag.label}\u201d is used by {tag.passages} passages. Move them to:", names, 0, False)
        if ok:
            self.delete(tag.id, choices[names.index(name)].id)

    def ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import codebook", "", "Codebooks (*.json);;All files (*)")
        if path:
            self.import_codebook(path)

    def ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export codebook", "codebook.json", "Codebooks (*.json)")
        if not path:
            return
        try:
            count = codebook.export_file(self.library, path)
        except LibraryError as error:
            self._report(str(error))
            return
        self.statusBar().showMessage(f"{count} tags written to {path}", 8000)

    def export_passages(self) -> None:
        tag = self.current_tag()
        if tag is not None:
            self.export_requested.emit(tag)

    def show_timeline(self) -> TimelineWindow:
        """The events on a time axis; its passages open through this window's ``passage_activated``."""
        if self.timeline is None:
            self.timeline = TimelineWindow(self.library, self)
            self.timeline.passage_activated.connect(self.passage_activated)
        self.timeline.show()
        self.timeline.raise_()
        return self.timeline

    def _report(self, message: str) -> None:
        self.last_message = message
        QMessageBox.warning(self, "Vocabulary", message)
