"""The window's icons: the app's own, and the toolbar's, drawn in the ink of the theme in use.

The toolbar's icons are ours (``app/resources/icons/``), drawn in black and painted at paint time
in the palette's button text colour (its disabled one for a disabled command), so one set reads
on a light and on a dark theme and follows a change of theme without being made again. Desktop
icon themes are not recoloured by Qt: a dark palette with them leaves dark glyphs on a dark bar.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPen, QPixmap

import app

ICONS_DIR = Path(app.__file__).resolve().parent / "resources" / "icons"
APP_ICON = ICONS_DIR / "rights-annotator.svg"


def app_icon() -> QIcon:
    """The app's icon, for its windows' title bars and task bar (drawn only when first asked for)."""
    return QIcon(str(APP_ICON))


def _ink(mode: QIcon.Mode) -> QColor:
    group = QPalette.ColorGroup.Disabled if mode == QIcon.Mode.Disabled else QPalette.ColorGroup.Normal
    return QGuiApplication.palette().color(group, QPalette.ColorRole.ButtonText)


class _InkedEngine(QIconEngine):
    """One of our black drawings, painted in the theme's ink."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.shape = QIcon(str(path))
        self._made: dict[tuple[int, int, int, int], QPixmap] = {}  # (width, height, mode, ink): painted once

    def clone(self) -> QIconEngine:
        return _InkedEngine(self.path)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        ink = _ink(mode)
        key = (size.width(), size.height(), int(mode.value), ink.rgba())
        made = self._made.get(key)
        if made is None:
            made = self.shape.pixmap(size)
            painter = QPainter(made)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
            painter.fillRect(made.rect(), ink)
            painter.end()
            self._made[key] = made
        return QPixmap(made)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        ratio = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        pixmap = self.pixmap(rect.size() * ratio, mode, state)
        pixmap.setDevicePixelRatio(ratio)
        painter.drawPixmap(rect.topLeft(), pixmap)


def inked_icon(name: str) -> QIcon:
    """The toolbar icon ``name`` (``zoom-in`` for ``app/resources/icons/zoom-in.svg``)."""
    path = ICONS_DIR / f"{name}.svg"
    if not path.is_file():
        raise FileNotFoundError(f"No icon {path.name} in {ICONS_DIR}")
    return QIcon(_InkedEngine(path))


class _SwatchEngine(QIconEngine):
    """A round swatch of a highlight colour, ringed in the theme's ink so a pale one shows on a light bar."""

    def __init__(self, colour: str) -> None:
        super().__init__()
        self.colour = colour

    def clone(self) -> QIconEngine:
        return _SwatchEngine(self.colour)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pixmap

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        side = min(rect.width(), rect.height()) * 0.78
        circle = QRectF(0, 0, side, side)
        circle.moveCenter(QRectF(rect).center())
        fill, ring = QColor(self.colour), _ink(mode)
        if mode == QIcon.Mode.Disabled:
            fill.setAlpha(70)
        ring.setAlpha(150)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(ring, max(1.0, side / 14)))
        painter.setBrush(fill)
        painter.drawEllipse(circle)
        painter.restore()


def swatch_icon(colour: str) -> QIcon:
    """A highlight colour (``#ffd54f``) as an icon of any size."""
    return QIcon(_SwatchEngine(colour))
