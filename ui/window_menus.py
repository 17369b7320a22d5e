"""The window's menus: every command in a menu, with its shortcut (as listed in the design notes)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

from ui.qt_fixes import run_slot
from ui.theme import THEMES

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDockWidget, QMenuBar, QToolBar

    from app.library import Library
    from ui.viewer import Viewer


class MenuHost(Protocol):
    """What the menus call on the window (the main window is the one host)."""

    library: Library | None
    viewer: Viewer
    library_dock: QDockWidget
    annotations_dock: QDockWidget
    toolbar: QToolBar

    def menuBar(self) -> QMenuBar: ...  # noqa: N802 - Qt's name

    def addAction(self, action: QAction) -> None: ...  # noqa: N802 - Qt's name

    def choose_import(self) -> None: ...

    def reload(self) -> None: ...

    def close(self) -> bool: ...

    def copy(self) -> None: ...

    def ask_go_to(self) -> None: ...

    def load_samples(self) -> None: ...

    def fill_recent(self) -> None: ...

    def reset_layout(self) -> None: ...

    theme: str

    def set_theme(self, name: str) -> None: ...


NEEDS_DOCUMENT = "needs-document"  # the property marking an action that works on the open document


@dataclass(frozen=True)
class WindowMenus:
    """The menus by name ("file", "edit", "view", "go", "document", "tools", "help"), and the entries
    the window itself refers to again; ``commands``: those the toolbar shows too, by name."""

    by_name: dict[str, QMenu]
    recent: QMenu
    reload: QAction
    commands: dict[str, QAction]


def build_menus(window: MenuHost) -> WindowMenus:
    commands: dict[str, QAction] = {}

    def action(menu: QMenu, text: str, slot: Callable[[], object], *shortcuts: str, reading: bool = False,
               name: str = "") -> QAction:
        """``reading``: the command works on the open document, and is disabled while none is;
        ``name``: the command is kept in ``commands`` under it."""
        made = QAction(text, window)
        if name:
            commands[name] = made
        if reading:
            made.setProperty(NEEDS_DOCUMENT, True)
        if shortcuts:
            made.setShortcuts([QKeySequence(s) for s in shortcuts])
        made.triggered.connect(lambda _checked=False: run_slot(slot))
        menu.addAction(made)
        # Shortcuts of actions that sit only in a closed menu do not fire on every platform.
        window.addAction(made)
        return made

    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    action(file_menu, "&Import PDFs\u2026", window.choose_import, "Ctrl+O")
    recent = file_menu.addMenu("Open &recent")
    recent.aboutToShow.connect(window.fill_recent)
    reload = action(file_menu, "&Reload library", window.reload, "F5", "Ctrl+R")
    file_menu.addSeparator()
    action(file_menu, "&Quit", window.close, "Ctrl+Q")

    edit = bar.addMenu("&Edit")
    action(edit, "&Copy text", window.copy, "Ctrl+C", reading=True)
    edit.addSeparator()
    action(edit, "&Find in document\u2026", window.viewer.open_find, "Ctrl+F", reading=True)
    action(edit, "Find &next", window.viewer.find_next, "F3", reading=True)
    action(edit, "Find &previous", window.viewer.find_previous, "Shift+F3", reading=True)

    view = bar.addMenu("&View")
    pages = window.viewer.pages
    action(view, "Zoom &in", pages.zoom_in, "Ctrl++", "Ctrl+=", reading=True, name="zoom-in")
    action(view, "Zoom &out", pages.zoom_out, "Ctrl+-", reading=True, name="zoom-out")
    action(view, "Fit &width", pages.fit_width, "Ctrl+0", reading=True, name="fit-width")
    action(view, "Fit &page", pages.fit_page, "Ctrl+9", reading=True, name="fit-page")
    action(view, "&Actual size", lambda: pages.set_zoom(1.0), "Ctrl+1", reading=True)
    view.addSeparator()
    view.addAction(window.toolbar.toggleViewAction())
    view.addAction(window.library_dock.toggleViewAction())
    view.addAction(window.annotations_dock.toggleViewAction())
    action(view, "&Reset layout", window.reset_layout)
    themes = view.addMenu("&Theme")
    chosen = QActionGroup(themes)
    for key, text in THEMES.items():
        item = themes.addAction(text)
        item.setCheckable(True)
        item.setData(key)
        item.setChecked(key == window.theme)
        chosen.addAction(item)
        item.triggered.connect(lambda _checked=False, key=key: run_slot(window.set_theme, key))

    go = bar.addMenu("&Go")
    action(go, "&Go to page\u2026", window.ask_go_to, "Ctrl+G", reading=True, name="go-to")
    action(go, "&Next page", lambda: pages.go_to_page(pages.current_page() + 1), "Ctrl+PgDown", reading=True,
           name="page-next")
    action(go, "&Previous page", lambda: pages.go_to_page(pages.current_page() - 1), "Ctrl+PgUp", reading=True,
           name="page-previous")
    action(go, "&First page", lambda: pages.go_to_page(0), "Ctrl+Home", reading=True)
    action(go, "&Last page", lambda: pages.go_to_page(pages.page_count() - 1), "Ctrl+End", reading=True)

    document = bar.addMenu("&Document")
    document.menuAction().setVisible(False)  # shown once something is added to it
    tools = bar.addMenu("&Tools")
    tools.menuAction().setVisible(False)  # shown once something is added to it

    help_menu = bar.addMenu("&Help")
    action(help_menu, "&User guide", lambda: show_user_guide(window), "F1")
    action(help_menu, "&Keyboard shortcuts", lambda: show_shortcuts(window))
    action(help_menu, "&Load sample documents", window.load_samples)
    action(help_menu, "&About Rights Annotator", lambda: show_about(window))
    menus = {"file": file_menu, "edit": edit, "view": view, "go": go, "document": document, "tools": tools,
             "help": help_menu}
    return WindowMenus(menus, recent, reload, commands)


def show_shortcuts(window: MenuHost) -> None:
    from ui.shortcuts_dialog import ShortcutsDialog

    ShortcutsDialog(window).exec()  # type: ignore[arg-type]  # the host is the main window


def show_user_guide(window: MenuHost) -> None:
    from ui.user_guide import show_user_guide as show

    show(window)  # type: ignore[arg-type]  # the host is the main window


def show_about(window: MenuHost) -> None:
    from app import __version__

    root = window.library.root if window.library is not None else "(opening)"
    QMessageBox.about(
        window,
        "About Rights Annotator",
        f"<b>Rights Annotator</b> {__version__}<br>Read, annotate and cite human-rights reports."
        f"<br>Library: {root}<br>Licence: AGPL-3.0-or-later.",
    )
