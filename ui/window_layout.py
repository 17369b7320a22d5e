"""Keeping the window's layout sane: the page keeps at least half the width, side panels stay
within bounds, and the window never grows larger than its screen.

Docks take the width their contents ask for; one wide panel (the search with its filters) once
pushed the right column to most of the window and the window past the screen's edge. Here each
side of the window gets a share it may not exceed, and the window is fitted back on its screen
whenever a dock changes and when a saved layout is restored.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDockWidget, QFrame, QMainWindow, QScrollArea, QWidget

# The most of the window's width each side may take: the page keeps the rest (at least half).
SIDE_SHARE = {Qt.DockWidgetArea.LeftDockWidgetArea: 0.27, Qt.DockWidgetArea.RightDockWidgetArea: 0.22}
DOCK_MIN_WIDTH = 160
DEFAULT_SIZE = QSize(1280, 800)


def available(window: QWidget) -> QRect:
    """The part of the window's screen a window may cover (without panels and task bars)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def open_over(window: QWidget, parent: QWidget | None, width: int, height: int) -> None:
    """Size a window of its own to ``width`` by ``height``, or less where its screen is smaller, and
    set it over the middle of ``parent`` (of its screen without one), wholly on that screen.

    Left to the window manager, a new window lands where there is room: on a large screen, its
    lower right corner, away from the window it belongs to."""
    screen = available(parent if parent is not None else window)
    size = QSize(min(width, screen.width() - 40), min(height, screen.height() - 60))
    window.resize(size)
    place = QRect(QPoint(0, 0), size)
    place.moveCenter(parent.frameGeometry().center() if parent is not None and parent.isVisible() else screen.center())
    x = min(max(place.left(), screen.left()), screen.right() + 1 - size.width())
    y = min(max(place.top(), screen.top()), screen.bottom() + 1 - size.height())
    window.move(x, y)


def _frame(window: QWidget) -> QSize:
    """What the window manager adds around the window (title bar, borders); a guess before it is shown."""
    if window.isVisible():
        extra = window.frameGeometry().size() - window.geometry().size()
        if extra.width() >= 0 and extra.height() >= 0:
            return extra
    return QSize(0, 0)


def fits(window: QMainWindow) -> bool:
    screen, frame = available(window), _frame(window)
    return (window.width() + frame.width() <= screen.width()
            and window.height() + frame.height() <= screen.height())


def fit_to_screen(window: QMainWindow) -> bool:
    """Shrink and move the window onto its screen if it is larger or off its edge; True if it changed."""
    if window.isMaximized() or window.isFullScreen():
        return False
    screen, frame = available(window), _frame(window)
    width = min(window.width(), screen.width() - frame.width())
    height = min(window.height(), screen.height() - frame.height())
    changed = False
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
        changed = True
    frame_rect = window.frameGeometry()
    x = min(max(frame_rect.x(), screen.left()), screen.right() + 1 - frame_rect.width())
    y = min(max(frame_rect.y(), screen.top()), screen.bottom() + 1 - frame_rect.height())
    if (x, y) != (frame_rect.x(), frame_rect.y()) and window.isVisible():
        window.move(max(x, screen.left()), max(y, screen.top()))
        changed = True
    return changed


def default_size(window: QMainWindow) -> QSize:
    """The size a window starts at without a saved layout: 1280×800, or less on a smaller screen."""
    return DEFAULT_SIZE.boundedTo(available(window).size() * 0.95)


def limit_docks(window: QMainWindow) -> None:
    """Bound every docked panel's width by its side's share of the window (floating ones are free)."""
    for dock in window.findChildren(QDockWidget):
        if dock.isFloating():
            dock.setMinimumWidth(0)
            dock.setMaximumWidth(16777215)
            continue
        share = SIDE_SHARE.get(window.dockWidgetArea(dock))
        if share is None:  # top or bottom: the width is the window's
            dock.setMaximumWidth(16777215)
            continue
        most = max(DOCK_MIN_WIDTH, int(window.width() * share))
        dock.setMinimumWidth(min(DOCK_MIN_WIDTH, most))
        dock.setMaximumWidth(most)


def scrolling(panel: QWidget) -> QScrollArea:
    """``panel`` in a scroll area, for a dock: a tall panel (the search with its filters) scrolls on a
    small screen instead of making the window taller than the screen, and fills the dock elsewhere."""
    area = QScrollArea()
    area.setWidget(panel)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area
