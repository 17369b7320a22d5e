"""Where each document was left (page, place on the page, zoom), so it reopens there."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings


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
