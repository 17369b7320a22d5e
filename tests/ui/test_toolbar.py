"""The toolbar: the window's own commands as buttons, off without a document, hidden and shown
again with the layout, and no wider than a 1280-pixel screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolButton

from app.services import annotations as notes
from tests.pdfs import make_pdf
from tests.ui.helpers import import_one, open_and_wait, open_window, settle
from tests.ui.test_annotating import open_annotating, report, select
from ui.main_window import MainWindow
from ui.shortcuts_dialog import shortcut_rows


def button(window: MainWindow, action: QAction) -> QToolButton:
    [found] = [b for b in window.toolbar.findChildren(QToolButton) if b.defaultAction() is action]
    return found


def click(qtbot, window: MainWindow, action: QAction) -> None:
    qtbot.mouseClick(button(window, action), Qt.MouseButton.LeftButton)


def three_pages(qtbot, library, tmp_path, settings=None) -> MainWindow:
    document = import_one(library, make_pdf(tmp_path / "r.pdf", ["one", "two", "three"], title="Visit report"))
    window = open_window(qtbot, library, settings)
    open_and_wait(qtbot, window, document.id)
    return window


def test_every_button_is_a_command_of_the_menus_once(qtbot, library):
    window = open_window(qtbot, library)
    annotations = window.features.annotations
    shown = [b.defaultAction() for b in window.toolbar.findChildren(QToolButton) if b.defaultAction() is not None]
    menus = window.menus.commands
    expected = [menus["page-previous"], menus["page-next"], menus["zoom-out"], menus["zoom-in"], menus["fit-width"],
                menus["fit-page"], annotations.highlight_action, *annotations.color_actions, annotations.note_action,
                annotations.tag_action, window.features.search_action]
    assert shown == expected
    for action in expected:
        assert action in window.actions() and not action.icon().isNull()
        assert action.shortcut().toString(QKeySequence.SequenceFormat.NativeText) in action.toolTip()
    # Help › Keyboard shortcuts lists each command once: no second action stands behind a button.
    commands = [(where, command) for where, command, _keys in shortcut_rows(window)]
    assert len(commands) == len(set(commands))
    assert sum(keys == "Ctrl+PgDown" for _where, _command, keys in shortcut_rows(window)) == 1


def test_the_buttons_are_off_without_a_document(qtbot, library, tmp_path):
    import_one(library, make_pdf(tmp_path / "r.pdf", ["one"], title="Visit report"))
    window = open_window(qtbot, library)
    annotations = window.features.annotations
    reading = [window.menus.commands["page-next"], window.menus.commands["zoom-in"], annotations.highlight_action,
               annotations.color_actions[0], annotations.tag_action]
    assert not any(button(window, action).isEnabled() for action in reading)
    assert not window.toolbar.page.isEnabled() and not window.toolbar.zoom.isEnabled()
    assert button(window, window.features.search_action).isEnabled()  # the library is there to search

    open_and_wait(qtbot, window, window.documents.document(0).id)
    assert all(button(window, action).isEnabled() for action in reading)
    assert window.toolbar.page.isEnabled() and window.toolbar.zoom.isEnabled()


def test_page_buttons_and_the_typed_page_move_the_page(qtbot, library, tmp_path):
    window = three_pages(qtbot, library, tmp_path)
    pages, toolbar = window.viewer.pages, window.toolbar
    assert (toolbar.page.text(), toolbar.page_count.text()) == ("1", "of 3")

    click(qtbot, window, window.menus.commands["page-next"])
    qtbot.waitUntil(lambda: pages.current_page() == 1)
    assert toolbar.page.text() == "2"
    click(qtbot, window, window.menus.commands["page-previous"])
    qtbot.waitUntil(lambda: pages.current_page() == 0)

    toolbar.page.setFocus()
    toolbar.page.selectAll()
    qtbot.keyClicks(toolbar.page, "#3")
    qtbot.keyClick(toolbar.page, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: pages.current_page() == 2)
    assert toolbar.page.text() == "3" and not toolbar.page.hasFocus()

    toolbar.page.setFocus()
    toolbar.page.selectAll()
    qtbot.keyClicks(toolbar.page, "99")
    qtbot.keyClick(toolbar.page, Qt.Key.Key_Return)
    assert pages.current_page() == 2
    assert window.statusBar().currentMessage() == "This document has 3 pages: there is no page 99."
    assert toolbar.page.text() == "99"  # left to be corrected


def test_zoom_buttons_and_the_typed_zoom(qtbot, library, tmp_path):
    window = three_pages(qtbot, library, tmp_path)
    pages, zoom = window.viewer.pages, window.toolbar.zoom
    before = pages.zoom
    click(qtbot, window, window.menus.commands["zoom-in"])
    assert pages.zoom > before and zoom.currentText() == f"{round(pages.zoom * 100)}%"
    click(qtbot, window, window.menus.commands["fit-page"])
    assert pages.zoom_mode == "fit-page"

    zoom.lineEdit().setFocus()
    zoom.lineEdit().selectAll()
    qtbot.keyClicks(zoom.lineEdit(), "140")
    qtbot.keyClick(zoom.lineEdit(), Qt.Key.Key_Return)
    assert round(pages.zoom, 2) == 1.4 and zoom.currentText() == "140%"

    zoom.lineEdit().setFocus()
    zoom.lineEdit().selectAll()
    qtbot.keyClicks(zoom.lineEdit(), "large")
    qtbot.keyClick(zoom.lineEdit(), Qt.Key.Key_Return)
    assert round(pages.zoom, 2) == 1.4
    assert "The zoom goes from 10% to 800%" in window.statusBar().currentMessage()


def test_a_swatch_highlights_the_selection_in_its_colour(qtbot, library, tmp_path):
    document = report(library, tmp_path)
    window = open_annotating(qtbot, library, document.id)
    blue = window.features.annotations.color_actions[list(notes.PALETTE).index("blue")]
    select(qtbot, window, "allegations", "custody.")
    click(qtbot, window, blue)
    settle(qtbot, window.operations)
    [made] = notes.list_annotations(library, document.id)
    assert made.color == "blue" and made.quote.split()[0] == "allegations"


def test_the_search_button_opens_the_library_search(qtbot, library):
    window = open_window(qtbot, library)
    click(qtbot, window, window.features.search_action)
    qtbot.waitUntil(window.features.search_dock.isVisible)


def test_a_hidden_toolbar_stays_hidden_after_a_restart_and_reset_layout_shows_it(qtbot, library, settings):
    window = open_window(qtbot, library, settings)
    toggle = window.toolbar.toggleViewAction()
    assert toggle in window.menu("view").actions() and toggle.isChecked()
    toggle.trigger()
    assert window.toolbar.isHidden()
    window.close()

    again = open_window(qtbot, library, settings)
    assert again.toolbar.isHidden() and not again.toolbar.toggleViewAction().isChecked()
    again.addToolBar(Qt.ToolBarArea.BottomToolBarArea, again.toolbar)  # moved as well
    reset = next(a for a in again.menu("view").actions() if a.text() == "&Reset layout")
    reset.trigger()
    assert again.toolbar.isVisible() and again.toolBarArea(again.toolbar) == Qt.ToolBarArea.TopToolBarArea


def test_at_1280_by_720_every_button_shows_and_the_window_is_no_wider(qtbot, library, tmp_path):
    window = three_pages(qtbot, library, tmp_path)
    window.resize(1280, 720)
    qtbot.waitUntil(lambda: window.width() == 1280)
    settle(qtbot, window.operations)
    assert window.minimumSizeHint().width() <= 1280 and window.toolbar.width() <= 1280
    overflow = window.toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
    assert overflow is None or not overflow.isVisible()  # no button pushed into the overflow menu
    for found in window.toolbar.findChildren(QToolButton):
        if found.defaultAction() is not None:
            assert found.isVisible() and found.geometry().right() <= window.toolbar.width()
