"""Where a page's pixels and words come from: the seam a recognised-text (OCR) layer plugs into.

Selection (``app.text.selection``) and find work from a page's words and text, whatever read
them; today only PyMuPDF does (``PyMuPDFPages``). A scanned page has no text for MuPDF to
give: a layer that recognises it can stand in as another ``WordsSource`` (``FixedWords``
holds words already read, which is what such a layer would give) while PyMuPDF still draws.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol

from app.pdf.find import find_in_words, find_on_page
from app.pdf.page_pixels import Canvas, draw_page
from app.pdf.words import page_words
from app.text.selection import PageWords

if TYPE_CHECKING:
    from app.text.selection import Quad

Hits = tuple[tuple["Quad", ...], ...]  # each hit as the quads of its line parts


class WordsSource(Protocol):
    def words(self, page_index: int) -> PageWords:
        """The page's words in reading order, each placed in the page's text, with that text."""
        ...

    def find(self, page_index: int, text: str) -> Hits:
        """The hits of ``text`` on the page, case ignored, a line break matching a space."""
        ...


class PageRenderer(Protocol):
    def render(self, page_index: int, scale: float, canvas: Canvas, clip: tuple | None = None) -> tuple[int, int, int]:
        """Draw the page (``clip`` of it, in points) at ``scale`` into ``canvas``: width, height, bytes per line."""
        ...


class PyMuPDFPages:
    """A document open in PyMuPDF, as both renderer and words source.

    The page last loaded is kept: the reader is asked for a page's words and links, or its
    pixels and then its words, one after the other, and loading it again would be wasted.
    """

    def __init__(self, pymupdf, document) -> None:  # noqa: ANN001 - the pymupdf module and a Document
        self.pymupdf = pymupdf
        self.document = document
        self._loaded: tuple[int, object] | None = None

    def page(self, page_index: int):  # noqa: ANN201 - a pymupdf.Page
        if self._loaded is None or self._loaded[0] != page_index:
            self._loaded = None  # a page that fails to load leaves none kept
            self._loaded = (page_index, self.document.load_page(page_index))
        return self._loaded[1]

    def render(self, page_index: int, scale: float, canvas: Canvas, clip: tuple | None = None) -> tuple[int, int, int]:
        return draw_page(self.pymupdf, self.page(page_index), scale, canvas, clip)

    def words(self, page_index: int) -> PageWords:
        return page_words(self.page(page_index), page_index)

    def find(self, page_index: int, text: str) -> Hits:
        return find_on_page(self.page(page_index), text)

    def close(self) -> None:
        self._loaded = None
        self.document.close()


class FixedWords:
    """Words already read (by a recognition layer, or a test), held in memory."""

    def __init__(self, pages: Mapping[int, PageWords]) -> None:
        self.pages = dict(pages)

    def words(self, page_index: int) -> PageWords:
        return self.pages.get(page_index) or PageWords(page_index, (), "")

    def find(self, page_index: int, text: str) -> Hits:
        return find_in_words(self.words(page_index), text)


class LayeredWords:
    """A document's own words, with recognised words (OCR) standing in on the pages that have them.

    A scanned page has no words for PyMuPDF to give; the words recognised on it (kept in the
    library, ``app.services.recognition.recognised_words``) are its text layer instead, so
    selection, highlighting and find work on it as on any page.
    """

    def __init__(self, base: WordsSource | None, recognised: Mapping[int, PageWords]) -> None:
        self.base = base
        self.recognised = dict(recognised)

    def words(self, page_index: int) -> PageWords:
        if page_index in self.recognised or self.base is None:
            return self.recognised.get(page_index) or PageWords(page_index, (), "")
        return self.base.words(page_index)

    def find(self, page_index: int, text: str) -> Hits:
        if page_index in self.recognised or self.base is None:
            return find_in_words(self.words(page_index), text)
        return self.base.find(page_index, text)
