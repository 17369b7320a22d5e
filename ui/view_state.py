"""What the window remembers between sessions: where each document was left (page, place on
the page, zoom), the documents read last, and the window's layout."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QSettings, QSize
from PySide6.QtWidgets import QMainWindow, QSplitter

RECENT_KEPT = 10


@dataclass(frozen=True)
class ViewState:
    page: int = 0
    y: float = 0.0  # PDF points from the top of the page
    zoom: float = 1.0
    mode: str = "fit-width"


def load_view_state(settings: QSettings, sha256: str) -> ViewState | None:
    key = f"views/{sha256}"
    if not settings.contains(f"{key}/page"):
        return None
    try:
        return ViewState(
            page=int(settings.value(f"{key}/page", 0)),
            y=float(settings.value(f"{key}/y", 0.0)),
            zoom=float(settings.value(f"{key}/zoom", 1.0)),
            mode=str(settings.value(f"{key}/mode", "fit-width")),
        )
    except (TypeError, ValueError):  # a hand-edited or damaged settings file: start at the top
        return None


def save_view_state(settings: QSettings, sha256: str, state: ViewState) -> None:
    key = f"views/{sha256}"
    settings.setValue(f"{key}/page", state.page)
    settings.setValue(f"{key}/y", round(state.y, 1))
    settings.setValue(f"{key}/zoom", round(state.zoom, 4))
    settings.setValue(f"{key}/mode", state.mode)


def recent_documents(settings: QSettings) -> list[int]:
    return [int(i) for i in (settings.value("recent", []) or []) if str(i).isdigit()]


def remember_recent(settings: QSettings, document_id: int) -> None:
    recent = [document_id] + [i for i in recent_documents(settings) if i != document_id]
    settings.setValue("recent", recent[:RECENT_KEPT])


def save_layout(settings: QSettings, window: QMainWindow, splitter: QSplitter) -> None:
    """The window's place, size and panels, with the size of the screen they were made for."""
    from ui.window_layout import available

    settings.setValue("window/screen", available(window).size())
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState())
    settings.setValue("window/left-splitter", splitter.saveState())
    settings.sync()


def restore_layout(settings: QSettings, window: QMainWindow, splitter: QSplitter) -> bool:
    """Put the window back as it was left; False (nothing restored) when the layout was saved for a
    larger screen than this one, or before layouts knew their screen: such a layout no longer fits."""
    from ui.window_layout import available

    saved_for = settings.value("window/screen")
    screen = available(window).size()
    if not isinstance(saved_for, QSize) or saved_for.width() > screen.width() or saved_for.height() > screen.height():
        return False
    geometry = settings.value("window/geometry")
    state = settings.value("window/state")
    kept = settings.value("window/left-splitter")
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
    if isinstance(state, QByteArray):
        window.restoreState(state)
    if isinstance(kept, QByteArray):
        splitter.restoreState(kept)
    return True
