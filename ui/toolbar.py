"""The reader's toolbar: pages, zoom and fit; highlight, colours, note and tag; library search.

Every button is one of the window's own actions (its menus' and the annotating ones), so a
button does what its menu entry and its key do, is disabled when they are, and the list of
keyboard shortcuts has each command once. The page number and the zoom can be typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QSizePolicy, QToolBar, QToolButton, QWidget

from ui.icons import inked_icon, swatch_icon

if TYPE_CHECKING:
    from ui.annotating import AnnotationController
    from ui.viewer import Viewer

ZOOM_CHOICES = (50, 75, 100, 125, 150, 200, 300, 400)  # percent, offered in the zoom box's list
_ZOOM_TYPED = re.compile(r"\s*(\d+(?:[.,]\d+)?)\s*%?\s*")


def with_keys(action: QAction) -> None:
    """Let the action's tooltip name its shortcut, as a toolbar button has no other place to show it."""
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    if keys and not action.toolTip().endswith(f"({keys})"):
        action.setToolTip(f"{action.toolTip()} ({keys})")


class ReaderToolbar(QToolBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Toolbar", parent)
        self.setObjectName("toolbar")  # the saved layout knows it by this name
        self.setAllowedAreas(Qt.ToolBarArea.TopToolBarArea | Qt.ToolBarArea.BottomToolBarArea)
        self.setFloatable(False)
        self.viewer: Viewer | None = None
        self.page = QLineEdit()
        self.page.setObjectName("page-number")
        self.page.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.page.setAccessibleName("Page")
        self.page.setFixedWidth(self.page.fontMetrics().horizontalAdvance("0000000") + 12)
        self.page_count = QLabel()
        self.page_count.setContentsMargins(4, 0, 6, 0)
        self.zoom = QComboBox()
        self.zoom.setObjectName("zoom")
        self.zoom.setEditable(True)
        self.zoom_field = QLineEdit()
        self.zoom.setLineEdit(self.zoom_field)
        self.zoom.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zoom.setAccessibleName("Zoom")
        self.zoom.addItems([f"{percent}%" for percent in ZOOM_CHOICES])
        self.zoom.setMinimumContentsLength(5)
        self.zoom.setToolTip("Zoom: choose one, or type a percentage and press Return")
        self._annotating: QAction | None = None  # where the annotating buttons go, once there are any
        self._go_to: Callable[[str], bool] = lambda _wanted: False
        self._show_status: Callable[[str, int], None] = lambda _message, _msecs: None

    # --- the reading commands (the window's own: from its View and Go menus) ------------------

    def add_reading(self, commands: dict[str, QAction], viewer: Viewer, go_to: Callable[[str], bool],
                    show_status: Callable[[str, int], None]) -> None:
        """``go_to``: the window's Go to page (a printed label or a #sheet number), which says why it
        cannot go somewhere; ``show_status`` shows a line in the status bar."""
        self.viewer, self._go_to, self._show_status = viewer, go_to, show_status
        for name in ("page-previous", "page-next"):
            self._add(commands[name], name)
        self.page.setToolTip(f"Page as printed (\u201civ\u201d, \u201c12\u201d) or #sheet number; Return goes there "
                             f"({commands['go-to'].shortcut().toString(QKeySequence.SequenceFormat.NativeText)} "
                             "asks for one)")
        self.addWidget(self.page)
        self.addWidget(self.page_count)
        self.addSeparator()
        self._add(commands["zoom-out"], "zoom-out")
        self.addWidget(self.zoom)
        self._add(commands["zoom-in"], "zoom-in")
        for name in ("fit-width", "fit-page"):
            self._add(commands[name], name)
        self.addSeparator()
        spring = QWidget()
        spring.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._annotating = self.addWidget(spring)

        self.page.returnPressed.connect(self._page_typed)
        self.page.editingFinished.connect(self._page_left)
        self.zoom.textActivated.connect(self._zoom_typed)  # chosen from the list
        # Typed: a box that adds nothing to its list does not report Return with text of its own.
        self.zoom_field.returnPressed.connect(lambda: self._zoom_typed(self.zoom.currentText()))
        viewer.status_changed.connect(self.show_place)
        # The typed fields work when the commands they stand beside do.
        for field, command in ((self.page, commands["go-to"]), (self.page_count, commands["go-to"]),
                               (self.zoom, commands["zoom-in"])):
            field.setEnabled(command.isEnabled())
            command.enabledChanged.connect(field.setEnabled)
        self.show_place()

    def _add(self, action: QAction, icon: str) -> None:
        action.setIcon(inked_icon(icon))
        with_keys(action)
        self.addAction(action)

    def show_place(self) -> None:
        """The open page and zoom, unless the reader is typing one."""
        viewer = self.viewer
        view = viewer.view if viewer is not None else None
        if viewer is None or view is None or not viewer.status_text():
            self.page.clear()
            self.page_count.clear()
            self.zoom.setEditText("")
            return
        index = max(0, viewer.pages.current_page())
        label, count = view.page_label(index), len(view.pages)
        if not self.page.hasFocus():
            self.page.setText(label)
        self.page_count.setText(f"of {count}" if label == str(index + 1) else f"({index + 1} of {count})")
        if not self.zoom_field.hasFocus():
            self.zoom.setEditText(viewer.zoom_text())

    def _page_typed(self) -> None:
        if self._go_to(self.page.text()):
            self.page.clearFocus()
            self.show_place()  # "#12" reads as the page's label again
        else:  # the window has said why; the text stays, to be corrected
            self.page.selectAll()

    def _page_left(self) -> None:
        if not self.page.hasFocus():
            self.show_place()

    def _zoom_typed(self, text: str) -> None:
        if self.viewer is None:
            return
        from ui.page_layout import MAX_ZOOM, MIN_ZOOM

        typed = _ZOOM_TYPED.fullmatch(text)
        percent = float(typed.group(1).replace(",", ".")) if typed else 0.0
        if not MIN_ZOOM * 100 <= percent <= MAX_ZOOM * 100:
            self._show_status(f"The zoom goes from {MIN_ZOOM * 100:.0f}% to {MAX_ZOOM * 100:.0f}%: type a number "
                              f"such as 125, or choose one from the list.", 8000)
            self.zoom_field.selectAll()
            return
        self.viewer.pages.set_zoom(percent / 100)
        self.viewer.pages.setFocus()
        self.show_place()

    # --- annotating and search (once the library is open) -------------------------------------

    def add_annotating(self, annotations: AnnotationController) -> None:
        """Highlight, the highlight colours, note and tag: the annotating commands, before the spring."""
        from app.services.annotations import PALETTE

        where = self._annotating
        if where is None:
            raise RuntimeError("The reading commands go on the toolbar before the annotating ones.")
        self.insertAction(where, self._annotated(annotations.highlight_action, "highlight"))
        swatch_size = self.iconSize() * 0.75
        for action, (name, colour) in zip(annotations.color_actions, PALETTE.items(), strict=True):
            action.setIcon(swatch_icon(colour))
            action.setToolTip(f"Highlight in {name}, or give the chosen annotations that colour")
            with_keys(action)
            button = QToolButton()
            button.setDefaultAction(action)
            button.setIconSize(swatch_size)
            button.setAutoRaise(True)
            self.insertWidget(where, button)
        for action, icon in ((annotations.note_action, "note"), (annotations.tag_action, "tag")):
            self.insertAction(where, self._annotated(action, icon))

    def _annotated(self, action: QAction, icon: str) -> QAction:
        action.setIcon(inked_icon(icon))
        with_keys(action)
        return action

    def add_search(self, search: QAction) -> None:
        """Search the library, at the far end."""
        self._add(search, "search-library")
