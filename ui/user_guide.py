"""Help › User guide: the guide shipped with the app (``app/resources/guide``), read offline in a
window of its own. Alt+Left and Alt+Right go back and forward (QTextBrowser's own keys)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, Qt, QUrl
from PySide6.QtGui import QImage, QKeySequence, QShortcut, QShowEvent, QTextDocument
from PySide6.QtWidgets import QStyle, QTextBrowser, QVBoxLayout, QWidget

import app
from ui.window_layout import open_over

GUIDE_DIR = Path(app.__file__).resolve().parent / "resources" / "guide"  # package data: in the wheel too
GUIDE_INDEX = GUIDE_DIR / "index.html"
_MARGIN = 14
_IMAGE_MARGIN = 2 * _MARGIN + 4  # the page's margins, and room to spare


class GuideBrowser(QTextBrowser):
    """Screenshots are drawn no wider than the page, so a small screen (or 2x scale) needs no sideways scroll."""

    def loadResource(self, kind: int, name: QUrl | str) -> object:  # noqa: N802 - Qt's name
        resource = super().loadResource(kind, name)
        if kind != QTextDocument.ResourceType.ImageResource.value or not isinstance(resource, QByteArray):
            return resource
        image = QImage.fromData(resource)
        # The page's width once the vertical scroll bar is in, which a long page soon needs.
        scroll_bar = 0 if self.verticalScrollBar().isVisible() else self.style().pixelMetric(
            QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        room = max(200, self.viewport().width() - scroll_bar - _IMAGE_MARGIN)
        if image.width() > room:
            return image.scaledToWidth(room, Qt.TransformationMode.SmoothTransformation)
        return image


class UserGuideWindow(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("User guide \u2014 Rights Annotator")
        open_over(self, parent, 980, 760)
        self.browser = GuideBrowser()
        self.browser.setOpenExternalLinks(False)  # the app never uses the network; the guide links only to itself
        self.browser.setSearchPaths([str(GUIDE_DIR)])
        self.browser.document().setDocumentMargin(_MARGIN)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)  # a window of its own: Esc closes it

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self.browser.source().isEmpty():  # read once its size is known, so the screenshots fit it
            self.browser.setSource(QUrl.fromLocalFile(str(GUIDE_INDEX)))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        # Link colours are fixed when a page is read: read it again in the new theme's.
        if event.type() == QEvent.Type.PaletteChange and not self.browser.source().isEmpty():
            self.browser.reload()


def show_user_guide(parent: QWidget) -> UserGuideWindow:
    """The guide's window, made once for ``parent`` and brought to the front each time after."""
    guide = parent.findChild(UserGuideWindow)
    if guide is None:
        guide = UserGuideWindow(parent)
    guide.show()
    guide.raise_()
    guide.activateWindow()
    return guide
