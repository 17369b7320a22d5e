"""The window's layout: the page keeps half the width, the window stays on its screen, and a
layout saved for a larger screen (or a squeezed one from before) does not come back."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtWidgets import QWidget

from tests.pdfs import make_pdf
from tests.ui.helpers import import_one, open_and_wait, open_window, settle
from ui.main_window import MainWindow
from ui.window_layout import available


def _window_on_screen(qtbot, library, settings=None) -> MainWindow:
    window = open_window(qtbot, library, settings)
    screen = available(window)
    window.resize(screen.width() - 20, screen.height() - 60)
    qtbot.waitUntil(lambda: window.width() == screen.width() - 20)
    return window


def test_library_search_docks_behind_the_annotations_and_the_page_keeps_half_the_width(qtbot, library, tmp_path):
    document = import_one(library, make_pdf(tmp_path / "r.pdf", ["one", "two"], title="Visit report"))
    window = _window_on_screen(qtbot, library)
    open_and_wait(qtbot, window, document.id)
    search_dock = window.features.search_dock

    window.features.show_search()
    qtbot.waitUntil(search_dock.isVisible)
    settle(qtbot, window.operations)
    qtbot.wait(50)

    assert search_dock in window.tabifiedDockWidgets(window.annotations_dock)
    assert window.viewer.width() >= 0.48 * window.width()
    screen = available(window)
    assert window.width() <= screen.width() and window.height() <= screen.height()

    search_dock.close()
    qtbot.wait(50)
    assert window.viewer.width() >= 0.48 * window.width()


def test_a_dock_cannot_take_the_page_away(qtbot, library):
    window = _window_on_screen(qtbot, library)
    window.resizeDocks([window.library_dock, window.annotations_dock], [window.width(), window.width()],
                       Qt.Orientation.Horizontal)
    qtbot.wait(50)
    assert window.library_dock.width() <= 0.28 * window.width()
    assert window.annotations_dock.width() <= 0.23 * window.width()
    assert window.viewer.width() >= 0.48 * window.width()


def test_a_window_larger_than_its_screen_is_fitted_back_when_a_panel_changes(qtbot, library):
    window = open_window(qtbot, library)
    screen = available(window)
    window.resize(screen.width() + 300, screen.height() + 200)
    window.annotations_dock.hide()
    qtbot.waitUntil(lambda: window.width() <= screen.width() and window.height() <= screen.height())


def test_a_layout_saved_for_a_larger_screen_or_without_its_screen_is_not_restored(qtbot, library, settings):
    window = _window_on_screen(qtbot, library, settings)
    window.library_dock.hide()
    window.close()
    assert isinstance(settings.value("window/state"), QByteArray)

    again = MainWindow(library, settings)
    qtbot.addWidget(again)
    assert again.library_dock.isHidden()  # the same screen: as it was left

    screen = available(again)
    settings.setValue("window/screen", QSize(screen.width() + 640, screen.height()))
    bigger = MainWindow(library, settings)
    qtbot.addWidget(bigger)
    assert not bigger.library_dock.isHidden()

    settings.remove("window/screen")  # saved before layouts knew their screen: maybe squeezed
    older = MainWindow(library, settings)
    qtbot.addWidget(older)
    assert not older.library_dock.isHidden()


def test_reset_layout_brings_the_panels_back(qtbot, library):
    window = _window_on_screen(qtbot, library)
    window.library_dock.setFloating(True)
    window.annotations_dock.hide()
    window.features.show_search()
    reset = next(a for a in window.menu("view").actions() if a.text() == "&Reset layout")

    reset.trigger()
    qtbot.wait(50)

    assert not window.library_dock.isFloating() and window.library_dock.isVisible()
    assert window.annotations_dock.isVisible()
    assert window.dockWidgetArea(window.library_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert window.features.search_dock in window.tabifiedDockWidgets(window.annotations_dock)
    screen = available(window)
    assert window.width() <= screen.width() and window.height() <= screen.height()


def test_with_the_toolbar_and_the_search_the_window_fits_a_screen_540_pixels_high(qtbot, library):
    """1920×1080 at twice the scale is a 960×540 screen: the search's filters scroll instead."""
    window = open_window(qtbot, library)
    window.features.show_search()
    qtbot.waitUntil(window.features.search_dock.isVisible)
    assert window.toolbar.isVisible()
    title_bar = 30
    assert window.minimumSizeHint().height() + title_bar <= 540 and window.minimumSizeHint().width() <= 960

    window.resize(1100, 760)  # room enough: the panel fills its dock, nothing to scroll
    qtbot.wait(50)
    area = window.features.search_dock.widget()
    assert area.widget() is window.features.search and not area.verticalScrollBar().isVisible()


def test_a_window_of_its_own_opens_over_the_window_it_belongs_to_and_on_its_screen(qtbot, library):
    from ui.timeline_window import TimelineWindow

    screen = available(QWidget())
    owner = QWidget()
    qtbot.addWidget(owner)
    owner.resize(screen.width() // 2, screen.height() // 2)
    owner.move(screen.left() + screen.width() // 2 - 10, screen.top() + screen.height() // 2 - 10)  # lower right
    owner.show()
    qtbot.waitExposed(owner)
    timeline = TimelineWindow(library, owner)
    qtbot.addWidget(timeline)
    place = timeline.frameGeometry()
    assert screen.contains(place), "the timeline opens off its screen"
    # Over its owner: as near its middle as the screen allows, not where the window manager found room.
    assert place.intersects(owner.frameGeometry())
    middle = owner.frameGeometry().center()
    expected = (min(middle.x() - timeline.width() // 2, screen.right() + 1 - place.width()),
                min(middle.y() - timeline.height() // 2, screen.bottom() + 1 - place.height()))
    assert abs(place.left() - expected[0]) <= 2 and abs(place.top() - expected[1]) <= 2
    assert timeline.width() <= screen.width() - 40 and timeline.height() <= screen.height() - 60
