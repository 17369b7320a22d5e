"""Help › User guide (F1): the guide shipped in app/resources/guide opens offline in a window of its own,
its links and screenshots all resolve, Esc closes it, and it reads in the dark theme."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QImage, QPalette, QTextDocument

import app
from tests.ui.helpers import open_window
from ui.theme import apply_theme
from ui.user_guide import GUIDE_DIR, GUIDE_INDEX, UserGuideWindow

MAX_WIDTH = 900  # pixels: the screenshots are kept small
MAX_BYTES = 2 * 1024 * 1024  # the guide's files together


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.sources: list[str] = []
        self.anchors: set[str] = set()
        self.headings: dict[str, str] = {}  # id -> text, for the headings that carry one
        self._heading: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.anchors.add(values["id"])
            if tag in {"h1", "h2"}:
                self._heading = values["id"]
                self.headings[self._heading] = ""
        if tag == "a" and values.get("name"):
            self.anchors.add(values["name"])
        if tag == "a" and values.get("href") is not None:
            self.hrefs.append(values["href"] or "")
        if tag == "img":
            self.sources.append(values.get("src") or "")

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self.headings[self._heading] += data

    def handle_endtag(self, tag: str) -> None:
        if tag in {"h1", "h2"}:
            self._heading = None


def _parsed() -> _Links:
    links = _Links()
    links.feed(GUIDE_INDEX.read_text(encoding="utf-8"))
    return links


def test_the_guide_is_read_beside_the_app_package_as_shipped_package_data():
    # tests/app/test_packaging.py finds it there in an installed wheel.
    assert GUIDE_DIR == Path(app.__file__).resolve().parent / "resources" / "guide"
    assert GUIDE_INDEX.parent == GUIDE_DIR and GUIDE_INDEX.is_file()


def test_every_link_of_the_guide_goes_to_a_section_of_it_and_every_image_is_there():
    links = _parsed()
    assert len(links.hrefs) >= 14 and len(links.sources) >= 8  # the contents, and the screenshots
    for href in links.hrefs:
        assert href.startswith("#"), f"{href}: the guide links only to itself (it is read offline)"
        assert href[1:] in links.anchors, f"{href}: no section of the guide has this name"
    for source in links.sources:
        path = GUIDE_DIR / source
        assert "/" not in source and path.is_file(), f"{source}: not in {GUIDE_DIR}"
        image = QImage(str(path))
        assert not image.isNull(), f"{source}: not an image Qt can read"
        assert image.width() <= MAX_WIDTH, f"{source} is {image.width()} px wide"
    shipped = {path.name for path in GUIDE_DIR.iterdir()}
    assert shipped == {"index.html", *links.sources}, "a file of the guide that nothing shows"
    assert sum(path.stat().st_size for path in GUIDE_DIR.iterdir()) <= MAX_BYTES


def test_f1_opens_the_guide_once_and_esc_closes_it(qtbot, library):
    window = open_window(qtbot, library)
    [entry] = [a for a in window.menu("help").actions() if a.shortcut().toString() == "F1"]
    assert entry.text() == "&User guide"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=10000)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.findChild(UserGuideWindow) is not None, timeout=10000)
    guide = window.findChild(UserGuideWindow)
    qtbot.waitUntil(guide.isVisible)
    assert guide.browser.source() == QUrl.fromLocalFile(str(GUIDE_INDEX))
    assert "Rights Annotator user guide" in guide.browser.toPlainText()
    screen = window.screen().availableGeometry()
    assert guide.width() <= screen.width() and guide.height() <= screen.height()

    qtbot.waitUntil(guide.isActiveWindow, timeout=10000)  # brought to the front, over the main window
    qtbot.keyClick(guide.browser, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not guide.isVisible(), timeout=10000)
    entry.trigger()  # again: the same window comes back, not a second one
    assert guide.isVisible() and window.findChildren(UserGuideWindow) == [guide]


@pytest.mark.parametrize("anchor", sorted(_parsed().headings))
def test_each_link_of_the_contents_brings_its_section_to_the_top(qtbot, anchor):
    guide = UserGuideWindow()
    qtbot.addWidget(guide)
    guide.resize(900, 600)
    guide.show()
    qtbot.waitExposed(guide)
    guide.browser.setSource(QUrl(f"#{anchor}"))  # as a click on the link does: relative to the page
    qtbot.waitUntil(lambda: guide.browser.source().fragment() == anchor)
    bar = guide.browser.verticalScrollBar()
    top = " ".join(guide.browser.cursorForPosition(QPoint(20, 20)).block().text().split())
    heading = " ".join(_parsed().headings[anchor].split())
    assert top == heading or bar.value() == bar.maximum(), f"#{anchor} shows {top!r} at the top"


def test_screenshots_are_drawn_no_wider_than_a_narrow_window(qtbot):
    guide = UserGuideWindow()
    qtbot.addWidget(guide)
    guide.resize(520, 500)
    guide.show()
    qtbot.waitExposed(guide)
    document = guide.browser.document()
    widths = []
    for source in _parsed().sources:
        image = document.resource(QTextDocument.ResourceType.ImageResource.value, QUrl.fromLocalFile(str(GUIDE_DIR / source)))
        if image is None:
            image = document.resource(QTextDocument.ResourceType.ImageResource.value, QUrl(source))
        assert isinstance(image, QImage), source
        widths.append(image.width())
    assert max(widths) <= guide.browser.viewport().width()
    assert guide.browser.horizontalScrollBar().maximum() == 0


def test_the_guide_reads_in_the_dark_theme_links_too(qtbot):
    guide = UserGuideWindow()
    qtbot.addWidget(guide)
    guide.show()
    qtbot.waitExposed(guide)
    try:
        apply_theme("dark")
        qtbot.waitUntil(lambda: guide.browser.palette().color(QPalette.ColorRole.Base).lightness() < 80)
        palette = guide.browser.palette()
        assert palette.color(QPalette.ColorRole.Text).lightness() > 180  # light ink on the dark ground

        def link_colour() -> str:
            block = guide.browser.document().begin()
            while block.isValid():
                for fragment in _fragments(block):
                    if fragment.charFormat().anchorHref():
                        return fragment.charFormat().foreground().color().name()
                block = block.next()
            return ""

        qtbot.waitUntil(lambda: link_colour() == palette.color(QPalette.ColorRole.Link).name())
    finally:
        apply_theme("system")


def _fragments(block):
    iterator = block.begin()
    while not iterator.atEnd():
        yield iterator.fragment()
        iterator += 1


def test_the_guide_is_plain_html_without_colours_of_its_own():
    # Colours written into the page would not follow the theme.
    class Styling(HTMLParser):
        found: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in {"style", "font"}:
                self.found.append(tag)
            self.found.extend(f"{tag} {name}" for name, _value in attrs if name in {"style", "color", "bgcolor"})

    styling = Styling()
    styling.feed(GUIDE_INDEX.read_text(encoding="utf-8"))
    assert styling.found == []
