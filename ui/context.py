"""What the parts of the window are handed: their stated dependencies, in one value.

A part (annotating, search, exports, backups, vocabulary...) gets a :class:`WindowContext` and
asks the window for what it needs through :class:`Shell`, never through the window's own
attributes or those of other parts. The parts then import neither the window nor each other,
so they form no circle, and a part can be built in a test with any shell that does these things.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QAction, QUndoStack
    from PySide6.QtWidgets import QMainWindow, QMenu

    from app.library import Library
    from ui.operations import Operations


class Shell(Protocol):
    """The window, as its parts may use it."""

    def open_document(self, document_id: int, then: Callable[[], None] | None = None, *,
                      at_page: int | None = None) -> bool: ...

    def show_status(self, message: str, msecs: int = 5000) -> None: ...

    def reload(self) -> None: ...

    def document_title(self, document_id: int) -> str | None: ...

    def document_reference(self, document_id: int) -> str | None: ...

    def menu(self, name: str) -> QMenu: ...

    def add_document_action(self, text: str, callback: Callable[[int], None], shortcut: str | None = None
                            ) -> QAction: ...

    def add_tool_action(self, action: QAction) -> None: ...


@dataclass(frozen=True)
class WindowContext:
    library: Library
    operations: Operations
    undo_stack: QUndoStack
    settings: QSettings
    shell: Shell
    window: QMainWindow  # what dialogs open over, and where window-wide shortcuts live
