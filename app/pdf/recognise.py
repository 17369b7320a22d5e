"""Recognise the text of a page image (OCR), in a worker process: Tesseract as PyMuPDF builds it in.

Only the language data is needed (``*.traineddata``): where ``TESSDATA_PREFIX`` says, else where
Debian's ``tesseract-ocr-*`` packages put it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pymupdf

from app.pdf.extract import PageInfo, extract
from app.pdf.words import map_words
from app.recognised_text import guess_language

pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)

ENGINE = f"tesseract (PyMuPDF {pymupdf.VersionBind})"
DPI = 300
_SEARCHED = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
)


class RecognitionUnavailable(Exception):
    """The language data recognition needs is not installed; the message says what to install."""


def tessdata_for(languages: str) -> str:
    """The folder holding the data of every language in ``languages`` ("eng", "eng+fra")."""
    wanted = languages.split("+")
    folders = [os.environ["TESSDATA_PREFIX"]] if os.environ.get("TESSDATA_PREFIX") else []
    for folder in folders + list(_SEARCHED):
        if all(Path(folder, f"{language}.traineddata").is_file() for language in wanted):
            return folder
    packages = " ".join(f"tesseract-ocr-{language}" for language in wanted)
    raise RecognitionUnavailable(
        f"the text recognition data for {languages} is not installed (install {packages}, or set TESSDATA_PREFIX)")


@dataclass(frozen=True)
class Recognised:
    page_index: int
    language: str
    text: str
    words: list[list[Any]]  # [x0, y0, x1, y1, text, block, line, start, end]
    engine: str = ENGINE


def recognise_page(path: str, page_index: int, language: str | None, password: str | None = None,
                   dpi: int = DPI) -> Recognised:
    """The page's words and text, recognised in ``language``; with none, the language is guessed
    from a first reading in every language known, and the page read again in it."""
    document = pymupdf.open(path)
    try:
        if document.needs_pass:
            document.authenticate(password or "")
        page = document.load_page(page_index)
        if _blank(page):  # nothing drawn that could be text: no image, no vector path
            return Recognised(page_index, language or "eng", "", [])
        if language is None:
            probe = _read(page, "+".join(("eng", "fra", "rus")), dpi)
            language = guess_language([probe[0]]) or "eng"
        text, words = _read(page, language, dpi)
    finally:
        document.close()
    return Recognised(page_index, language, text, words)


def _blank(page: pymupdf.Page) -> bool:
    try:
        return not page.get_images(full=False) and not page.get_drawings()
    except Exception:  # noqa: BLE001 - a page that cannot be looked at is recognised, and fails there if it must
        return False


def _read(page: pymupdf.Page, language: str, dpi: int) -> tuple[str, list[list[Any]]]:
    textpage = page.get_textpage_ocr(flags=pymupdf.TEXTFLAGS_TEXT, language=language, dpi=dpi, full=True,
                                     tessdata=tessdata_for(language))
    text = page.get_text("text", textpage=textpage)
    raw = page.get_text("words", textpage=textpage, sort=False)
    words = [[w.x0, w.y0, w.x1, w.y1, w.text, w.block, w.line, w.start, w.end] for w in map_words(raw, text)]
    return text, words


def native_pages(path: str, password: str | None = None) -> tuple[list[PageInfo], bool]:
    """Every page as import reads it, without the labels that printed numbers gave, and whether the
    PDF defines page labels of its own: what structure detection is given again, recognised pages
    put in, once a document's pages are recognised."""
    data = Path(path).read_bytes()
    extraction = extract(data, password)
    document = pymupdf.open(stream=data, filetype="pdf")
    try:
        if document.needs_pass:
            document.authenticate(password or "")
        own_labels = bool(document.get_page_labels())
    except Exception:  # noqa: BLE001 - labels MuPDF cannot read are no labels
        own_labels = False
    finally:
        document.close()
    pages = extraction.pages if own_labels else [replace(page, label=None) for page in extraction.pages]
    return pages, own_labels
