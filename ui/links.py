"""Clicking a link in a PDF: a jump within the document just goes there; a web address opens
in the browser only once the user has read the whole address and agreed; anything else a
link may ask for (run a program, open a file or another document) is refused with a word why.

The links of each page arrive from the page reader with the page's words (see
app.pdf.links), so finding the link under the mouse costs no call to PyMuPDF here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QMouseEvent
from PySide6.QtWidgets import QMessageBox

from app.pdf.links import BLOCKED, GOTO, URI, PageLink, shown_address
from app.text.display_text import visible

if TYPE_CHECKING:
    from ui.page_view import PageView
    from ui.render_worker import RenderWorker


class LinkClicks(QObject):
    def __init__(self, pages: PageView, worker: RenderWorker) -> None:
        super().__init__(pages)
        self.pages = pages
        self.token = -1
        self.links: dict[int, tuple[PageLink, ...]] = {}  # page -> its links, for the open document
        self._pressed: PageLink | None = None
        self._pointing = False
        worker.links_ready.connect(self._arrived)
        pages.viewport().setMouseTracking(True)  # to show the pointing hand over a link
        pages.viewport().installEventFilter(self)

    def _arrived(self, token: int, page: int, links: tuple[PageLink, ...]) -> None:
        if token != self.pages.token:
            return
        if token != self.token:  # another document: the links of the last one go
            self.token, self.links = token, {}
        self.links[page] = links

    def link_at(self, position) -> PageLink | None:  # noqa: ANN001 - a QPointF in the viewport
        if self.token != self.pages.token:
            return None
        point = self.pages.point_at(position)
        if point is None:
            return None
        return next((link for link in self.links.get(point.page, ()) if link.contains(point.x, point.y)), None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind not in (QEvent.Type.MouseMove, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
            return False
        assert isinstance(event, QMouseEvent)
        plain = event.modifiers() == Qt.KeyboardModifier.NoModifier
        if kind == QEvent.Type.MouseMove:
            if event.buttons() == Qt.MouseButton.NoButton:
                self._point(self.link_at(event.position()) is not None)
            return False
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        link = self.link_at(event.position()) if plain else None
        if kind == QEvent.Type.MouseButtonPress:
            self._pressed = link
            return link is not None  # a press on a link does not start a text selection
        pressed, self._pressed = self._pressed, None
        if pressed is not None and link == pressed:
            self.follow(link)
            return True
        return pressed is not None

    def _point(self, over_link: bool) -> None:
        if over_link != self._pointing:
            self._pointing = over_link
            shape = Qt.CursorShape.PointingHandCursor if over_link else Qt.CursorShape.IBeamCursor
            self.pages.viewport().setCursor(shape)

    def follow(self, link: PageLink) -> None:
        if link.kind == GOTO:
            self.pages.go_to_page(link.page, link.y)
        elif link.kind == URI:
            if confirm_address(self.pages, link.target):
                QDesktopServices.openUrl(QUrl(link.target, QUrl.ParsingMode.StrictMode))
        elif link.kind == BLOCKED:
            box = QMessageBox(QMessageBox.Icon.Information, "Link not followed",
                              f"{_refusal(link.target)}\n\nIt points to: {shown_address(link.target)}",
                              QMessageBox.StandardButton.Ok, self.pages)
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.exec()


def _refusal(target: str) -> str:
    if target.lower().startswith("mailto:"):
        return ("This mail link asks your mail program to attach a file from this computer, which Rights Annotator "
                "never lets a document do.")
    return "This link asks to open a file or run a program, which Rights Annotator never does from a document."


def confirm_address(parent, address: str) -> bool:  # noqa: ANN001 - a QWidget
    """Show the whole address (and its site, where a long address could hide it) and ask.

    Both are shown with bidi and invisible characters as escapes, so a right-to-left
    override cannot make "evil.example/gpj.exe" read as another address."""
    url = QUrl(address, QUrl.ParsingMode.StrictMode)
    if not url.isValid():
        invalid = QMessageBox(QMessageBox.Icon.Information, "Link not followed",
                              f"This link's address is not valid:\n\n{shown_address(address)}",
                              QMessageBox.StandardButton.Ok, parent)
        invalid.setTextFormat(Qt.TextFormat.PlainText)  # as written, never read as markup
        invalid.exec()
        return False
    site = visible(url.host() or url.path(), strict=True)
    box = QMessageBox(QMessageBox.Icon.Question, "Open a link in your browser?",
                      f"This link leads to {site}.\n\nThe full address:\n{shown_address(address)}\n\n"
                      "Open it in your web browser?",
                      QMessageBox.StandardButton.Cancel, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # the address is shown as written, never as markup
    go = box.addButton("Open in browser", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is go
