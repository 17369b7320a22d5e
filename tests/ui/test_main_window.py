"""The window opens on a library and shows its documents."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtCore import Qt

from app.services.importing import import_paths
from tests.pdfs import make_pdf
from ui.main_window import MainWindow


def test_window_lists_the_library_documents(qtbot, library, tmp_path):
    import_paths(library, [make_pdf(tmp_path / "r.pdf", ["one", "two", "three"], title="Visit report")])
    window = MainWindow(library)
    qtbot.addWidget(window)
    window.show()

    model = window.table.model()
    assert model.rowCount() == 1
    assert model.index(0, 0).data() == "Visit report"
    assert model.index(0, 5).data() == 3
    assert window.statusBar().currentMessage() == "library: 1 document"


def test_empty_library_says_how_to_add_documents(qtbot, library):
    window = MainWindow(library)
    qtbot.addWidget(window)
    assert window.table.model().rowCount() == 0
    assert "empty" in window.statusBar().currentMessage()


def test_reload_picks_up_documents_added_by_the_command_line(qtbot, library, tmp_path):
    window = MainWindow(library)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
    assert window.table.model().rowCount() == 0
    pdf = make_pdf(tmp_path / "r.pdf", ["text"], title="Added by the command line")
    command = [sys.executable, "-m", "app", "--data-dir", str(library.root), "import", str(pdf)]
    assert subprocess.run(command, capture_output=True, timeout=120).returncode == 0

    qtbot.keyClick(window.table, Qt.Key.Key_F5)

    assert window.table.model().index(0, 0).data() == "Added by the command line"


def test_the_library_names_kinds_and_countries_and_the_title_follows_a_rename(qtbot, library, tmp_path):
    from PySide6.QtCore import Qt as _Qt

    from app.services.documents import document_details
    from tests.app.test_detection import CPT_COVER
    from tests.ui.helpers import open_and_wait, open_window, settle
    from ui.document_properties import DocumentPropertiesDialog

    pages = [CPT_COVER, "\n".join(f"{n}. Paragraph {n} on detention." for n in range(1, 7))]
    [outcome] = import_paths(library, [make_pdf(tmp_path / "cpt.pdf", pages)])
    document = outcome.document
    window = open_window(qtbot, library)
    model = window.table.model()
    headers = [model.headerData(c, _Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Title", "Kind", "Country", "Reference", "Date", "Pages"]
    assert model.index(0, 1).data() == "CPT report"
    assert model.index(0, 2).data() == document_details(library, document.id).info.country
    assert document.title in model.index(0, 0).data(_Qt.ItemDataRole.ToolTipRole)

    open_and_wait(qtbot, window, document.id)
    dialog = DocumentPropertiesDialog(library, document.id, window.operations, window.features.undo_stack, window)
    qtbot.addWidget(dialog)
    dialog.editors["title"].setText("Visit to Utopia, May 2023")
    dialog.save()
    settle(qtbot, window.operations)
    assert window.windowTitle() == "Visit to Utopia, May 2023 \u2014 Rights Annotator"


def test_the_title_column_keeps_room_in_a_narrow_library(qtbot, library, tmp_path):
    from tests.ui.helpers import open_window

    import_paths(library, [make_pdf(tmp_path / "r.pdf", ["one"], title="Report of the Working Group on the UPR")])
    window = open_window(qtbot, library)
    window.library_dock.setFixedWidth(260)
    qtbot.wait(50)
    window.library_panel.fit_columns()
    assert window.table.columnWidth(0) >= 0.35 * window.table.viewport().width()


def test_after_the_window_closes_the_database_file_alone_holds_the_documents(qtbot, library, tmp_path):
    import shutil
    import sqlite3

    from tests.ui.helpers import open_window

    import_paths(library, [make_pdf(tmp_path / "r.pdf", ["one"], title="Visit report")])
    window = open_window(qtbot, library)
    window.close()

    alone = tmp_path / "alone" / "library.sqlite3"
    alone.parent.mkdir()
    shutil.copyfile(library.db_path, alone)  # without its -wal and -shm
    with sqlite3.connect(alone) as connection:
        assert connection.execute("SELECT title FROM documents").fetchall() == [("Visit report",)]


def test_keyboard_shortcuts_lists_every_action_with_a_shortcut(qtbot, library):
    from PySide6.QtGui import QKeySequence

    from tests.ui.helpers import open_window
    from ui.shortcuts_dialog import ShortcutsDialog, shortcut_rows

    window = open_window(qtbot, library)
    rows = shortcut_rows(window)
    listed = {keys for _where, _command, keys in rows}
    for action in window.actions():
        for shortcut in action.shortcuts():
            if not shortcut.isEmpty():
                assert any(shortcut.toString(QKeySequence.SequenceFormat.NativeText) in keys for keys in listed), action.text()
    commands = {(where, command) for where, command, _keys in rows}
    assert ("Annotate", "Copy with citation") in commands and ("Edit", "Undo") in commands
    assert ("Help", "Keyboard shortcuts") not in commands  # it has no shortcut of its own
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == len(rows)


def test_commands_on_a_document_are_off_until_one_is_open(qtbot, library, tmp_path):
    from tests.ui.helpers import open_and_wait, open_window

    import_paths(library, [make_pdf(tmp_path / "r.pdf", ["one", "two"], title="Visit report")])
    window = open_window(qtbot, library)

    def enabled(menu: str, text: str) -> bool:
        return next(a for a in window.menu(menu).actions() if a.text() == text).isEnabled()

    assert not enabled("go", "&Go to page\u2026") and not enabled("view", "Zoom &in")
    assert not window.features.annotations.highlight_action.isEnabled()
    assert not enabled("document", "Document &properties\u2026")
    open_and_wait(qtbot, window, window.documents.document(0).id)
    assert enabled("go", "&Go to page\u2026") and enabled("view", "Zoom &in") and enabled("edit", "&Find in document\u2026")
    assert window.features.annotations.highlight_action.isEnabled()
    assert enabled("document", "Document &properties\u2026")


def test_typing_in_the_library_filter_then_enter_or_down_opens_the_document_shown(qtbot, library, tmp_path):
    from tests.ui.helpers import open_window

    for name in ("Visit report", "Government response"):
        import_paths(library, [make_pdf(tmp_path / f"{name}.pdf", [f"{name} text"], title=name)])
    window = open_window(qtbot, library)
    filter_box = window.library_panel.filter
    qtbot.keyClicks(filter_box, "no such title")  # nothing shown: Enter opens nothing and says nothing
    qtbot.keyClick(filter_box, Qt.Key.Key_Return)
    qtbot.keyClick(filter_box, Qt.Key.Key_Down)
    assert window.viewer.document_id is None and not window.table.currentIndex().isValid()
    filter_box.clear()
    qtbot.keyClicks(filter_box, "response")
    qtbot.keyClick(filter_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.viewer.document_id is not None, timeout=5000)
    assert window.table.currentIndex().data() == "Government response"
    assert window.focusWidget() is window.table  # the list has the keys for the next documents
    filter_box.clear()
    qtbot.keyClicks(filter_box, "visit")  # the open document is no longer shown: Down opens the one that is
    qtbot.keyClick(filter_box, Qt.Key.Key_Down)
    assert window.table.currentIndex().data() == "Visit report"
    assert filter_box.text() == "visit"


def test_the_library_columns_are_fitted_to_the_width_the_list_is_given_not_the_one_it_had(qtbot, library, tmp_path):
    from app.services.structure import correct_document
    from tests.ui.helpers import open_window

    [outcome] = import_paths(library, [make_pdf(tmp_path / "r.pdf", ["one"], title="Report to the Government")])
    correct_document(library, outcome.document.id, country="Republic of Examplia")
    window = open_window(qtbot, library)
    header = window.table.horizontalHeader()
    window.library_dock.setFixedWidth(520)
    qtbot.waitUntil(lambda: window.table.viewport().width() > 400, timeout=2000)
    assert not header.isSectionHidden(2)  # room for the country
    window.library_dock.setFixedWidth(230)
    qtbot.waitUntil(lambda: window.table.viewport().width() < 230, timeout=2000)
    shown = [header.isSectionHidden(column) for column in range(header.count())]
    window.library_panel.fit_columns()  # what the width it has now asks for
    assert shown == [header.isSectionHidden(column) for column in range(header.count())]
    assert window.table.columnWidth(0) >= 0.35 * window.table.viewport().width()
