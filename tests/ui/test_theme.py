"""View › Theme: system, light or dark, for the whole application, and kept for the next start."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

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


def _lightness(widget, role) -> int:
    return widget.palette().color(role).lightness()


def test_the_timeline_is_drawn_on_the_theme_s_ground_and_in_its_ink(qtbot, library):
    from app.vocabulary.builtin import load_sample_events
    from ui.timeline_view import EventItem
    from ui.timeline_window import TimelineWindow

    load_sample_events(library)
    try:
        apply_theme("dark")
        window = TimelineWindow(library)
        qtbot.addWidget(window)
        window.show()
        view = window.view
        assert view.backgroundBrush().color().lightness() < 60  # a dark ground, not the light one it had
        [item, *_] = view.items_by_id().values()
        assert isinstance(item, EventItem) and item.inks.text.lightness() > 180  # light ink on it
        window.select_event(item.tag_id)

        apply_theme("light")  # a change of theme with the window open: drawn again in the new colours
        qtbot.waitUntil(lambda: view.backgroundBrush().color().lightness() > 200)  # widgets hear of it by event
        assert next(iter(view.items_by_id().values())).inks.text.lightness() < 80
        assert "color:#" in window.details.text()
    finally:
        apply_theme("system")


def test_the_export_preview_is_dark_in_the_dark_theme(qtbot, library):
    from app.export.scope import ExportScope
    from ui.export_dialog import ExportDialog
    from ui.operations import Operations

    try:
        apply_theme("dark")
        dialog = ExportDialog(library, ExportScope(), Operations())
        qtbot.addWidget(dialog)
        preview = dialog.preview
        assert preview.autoFillBackground() and not preview.styleSheet()
        assert _lightness(preview, preview.backgroundRole()) < 60
        assert _lightness(preview, preview.foregroundRole()) > 180
        message = dialog.template_message  # a template that cannot be read: said in a red that reads there
        assert _lightness(message, QPalette.ColorRole.WindowText) > 150
        apply_theme("light")
        qtbot.waitUntil(lambda: _lightness(preview, preview.backgroundRole()) > 200)
        assert _lightness(preview, preview.foregroundRole()) < 80
        light = ExportDialog(library, ExportScope(), Operations())
        qtbot.addWidget(light)
        assert _lightness(light.template_message, QPalette.ColorRole.WindowText) < 100
    finally:
        apply_theme("system")


def test_a_widget_with_a_style_sheet_takes_the_new_theme_too(qtbot):
    from PySide6.QtWidgets import QLabel

    label = QLabel("Passages")
    label.setStyleSheet("font-weight: bold;")  # as the passage lists' headings are
    qtbot.addWidget(label)
    label.show()
    try:
        apply_theme("dark")
        assert _lightness(label, QPalette.ColorRole.WindowText) > 180
        apply_theme("light")
        assert _lightness(label, QPalette.ColorRole.WindowText) < 80
    finally:
        apply_theme("system")


def test_the_toolbar_icons_are_drawn_in_the_theme_s_ink(qtbot):
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon

    from ui.icons import inked_icon

    icon = inked_icon("zoom-in")

    def darkest_and_lightest(mode) -> tuple[int, int]:
        image = icon.pixmap(QSize(24, 24), mode).toImage()
        inks = [image.pixelColor(x, y) for x in range(24) for y in range(24)]
        drawn = [c.lightness() for c in inks if c.alpha() > 200]
        assert drawn, "the icon draws nothing"
        return min(drawn), max(drawn)

    try:
        apply_theme("dark")
        assert darkest_and_lightest(QIcon.Mode.Normal)[0] > 180  # light strokes on a dark bar
        apply_theme("light")
        assert darkest_and_lightest(QIcon.Mode.Normal)[1] < 80
        assert darkest_and_lightest(QIcon.Mode.Disabled)[0] > darkest_and_lightest(QIcon.Mode.Normal)[1]
    finally:
        apply_theme("system")


def test_an_unticked_check_box_shows_in_the_dark_theme(qtbot):
    """Fusion drew an empty box's edge darker than the window: on the dark ground it did not show."""
    from PySide6.QtWidgets import QCheckBox, QStyle, QStyleOptionButton

    box = QCheckBox("ECHR")
    qtbot.addWidget(box)
    try:
        apply_theme("dark")
        box.setPalette(QApplication.palette())
        box.resize(120, 30)
        image = box.grab().toImage()
        option = QStyleOptionButton()
        option.initFrom(box)
        indicator = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
        ratio = image.width() / box.width()
        lightest = max(image.pixelColor(int(x * ratio), int(y * ratio)).lightness()
                       for x in range(indicator.left(), indicator.right() + 1)
                       for y in range(indicator.top(), indicator.bottom() + 1))
        ground = QApplication.palette().color(QPalette.ColorRole.Window).lightness()
        assert lightest - ground > 60
    finally:
        apply_theme("system")
