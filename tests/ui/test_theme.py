"""View › Theme: system, light or dark, for the whole application, and kept for the next start."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QPalette

from tests.ui.helpers import open_window
from ui.main_window import MainWindow
from ui.theme import apply_theme, is_dark


def _theme_action(window, key):
    themes = next(a.menu() for a in window.menu("view").actions() if a.text() == "&Theme")
    return next(a for a in themes.actions() if a.data() == key)


def test_a_dark_theme_is_applied_kept_and_given_back(qtbot, library, settings):
    window = open_window(qtbot, library, settings)
    assert _theme_action(window, "system").isChecked()
    try:
        _theme_action(window, "dark").trigger()
        assert is_dark() and _theme_action(window, "dark").isChecked()
        palette = QGuiApplication.palette()
        text, base = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base)
        assert text.lightness() - base.lightness() > 150  # light ink on a dark ground
        again = MainWindow(library, settings)
        qtbot.addWidget(again)
        assert again.theme == "dark" and _theme_action(again, "dark").isChecked()
        _theme_action(window, "light").trigger()
        assert not is_dark()
    finally:
        window.set_theme("system")
    assert settings.value("view/theme") == "system"


def test_a_chosen_annotation_is_drawn_readable_in_the_dark(qtbot):
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtWidgets import QListView, QStyle, QStyleOptionViewItem

    from ui.annotation_panel import ANNOTATION_ROLE, _Delegate

    class Chosen:  # what the delegate reads of a row: its annotation and its text
        color = "yellow"

        def data(self, role=0):
            return self if role == ANNOTATION_ROLE else "<b>\u201cRecords were incomplete\u201d</b>"

    try:
        apply_theme("dark")
        view = QListView()
        qtbot.addWidget(view)
        option = QStyleOptionViewItem()
        option.initFrom(view)
        option.rect = QRect(0, 0, 300, 40)
        option.state |= QStyle.StateFlag.State_Selected
        image = QImage(300, 40, QImage.Format.Format_RGB32)
        image.fill(QColor("black"))
        painter = QPainter(image)
        try:
            _Delegate(view).paint(painter, option, Chosen())
        finally:
            painter.end()
        assert image.pixelColor(290, 38).lightness() < 110  # a deep tint under the light ink, not a pale one
        inks = [image.pixelColor(x, y).lightness() for x in range(12, 200) for y in range(2, 30)]
        assert max(inks) > 180  # the text is drawn in light ink
    finally:
        apply_theme("system")
