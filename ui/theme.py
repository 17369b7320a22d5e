"""View › Theme: the system's look, or a light or a dark one (Qt's Fusion style with its palette).

The whole application takes the theme: the main window, its dialogs and the other windows. Text
the app colours itself (search hits, tag chips) sets both its background and its ink, so it reads
in every theme.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget

THEMES = {"system": "&System", "light": "&Light", "dark": "&Dark"}
SETTING = "view/theme"
_system: tuple[str, QPalette] | None = None  # the style and palette the application started with
_dark_style: QProxyStyle | None = None


def dark_palette() -> QPalette:
    palette = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    for name, colour in (
        (role.Window, "#2b2b2b"), (role.WindowText, "#e6e6e6"), (role.Base, "#1f1f1f"),
        (role.AlternateBase, "#2a2a2a"), (role.ToolTipBase, "#3a3a3a"), (role.ToolTipText, "#f0f0f0"),
        (role.Text, "#e6e6e6"), (role.Button, "#353535"), (role.ButtonText, "#e6e6e6"),
        (role.BrightText, "#ff5252"), (role.Link, "#7fb2ff"), (role.Highlight, "#2f65ca"),
        (role.HighlightedText, "#ffffff"), (role.PlaceholderText, "#8c8c8c"), (role.Mid, "#4a4a4a"),
        (role.Dark, "#1a1a1a"), (role.Light, "#505050"), (role.Shadow, "#101010"),
    ):
        palette.setColor(name, QColor(colour))
    for name in (role.Text, role.WindowText, role.ButtonText):
        palette.setColor(group.Disabled, name, QColor("#7a7a7a"))
    return palette


class DarkStyle(QProxyStyle):
    """Fusion with check boxes that show when unticked: Fusion draws their edge darker than the
    window, which on a dark ground left an empty box invisible (the event editor's treaties, the
    export's columns)."""

    _BOXES = (QStyle.PrimitiveElement.PE_IndicatorCheckBox, QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck)

    def __init__(self) -> None:
        super().__init__("Fusion")

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption, painter: QPainter,  # noqa: N802
                      widget: QWidget | None = None) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element in self._BOXES:
            painter.save()
            painter.setPen(option.palette.color(QPalette.ColorRole.PlaceholderText))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            box = option.rect.adjusted(1, 1, -2, -2) if option.rect.width() > 6 else option.rect
            painter.drawRect(box)
            painter.restore()


def apply_theme(name: str) -> str:
    """Give the application the theme ``name`` ("system", "light" or "dark"); returns the one applied."""
    global _system, _dark_style
    application = QApplication.instance()
    if not isinstance(application, QApplication):
        return "system"
    if _system is None:
        _system = (application.style().name(), QPalette(application.palette()))
    if name not in THEMES:
        name = "system"
    if name == "system":
        application.setStyle(_system[0])
        application.setPalette(_system[1])
    elif name == "dark":
        # A new one each time: the application deletes the style it is given when given another.
        _dark_style = DarkStyle()
        application.setStyle(_dark_style)
        application.setPalette(dark_palette())
    else:
        application.setStyle("Fusion")
        application.setPalette(application.style().standardPalette())
    for widget in application.allWidgets():
        if widget.styleSheet():  # polished with the palette before: it would keep that theme's ink
            widget.setStyleSheet(widget.styleSheet())
    return name


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def error_ink(palette: QPalette | None = None) -> str:
    """A red that reads on the theme's ground: deep on a light one, pale on a dark one."""
    return "#ff8a80" if is_dark(palette) else "#b00020"
