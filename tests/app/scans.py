"""Scanned test PDFs: text rendered to an image with PyMuPDF, the image made a page with no text layer."""

from __future__ import annotations

import html
import os
from pathlib import Path

import pymupdf
import pytest

ENGLISH = [
    "1. The delegation visited the prison of Kharkiv on 3 May and found overcrowded cells in every wing.",
    "2. Detainees told the delegation that they were held for days without access to a lawyer.",
    "3. The Committee recommends that the authorities take urgent measures to end ill-treatment by staff.",
    "4. Medical screening on arrival was not carried out in a systematic manner.",
    "5. The delegation received several allegations of excessive use of force during transfers.",
    "6. The authorities are invited to provide information on the investigations opened.",
]
FRENCH = [
    "1. La délégation a visité la prison et a constaté des cellules surpeuplées dans chaque aile.",
    "2. Les détenus ont déclaré à la délégation qu'ils étaient privés de l'accès à un avocat.",
    "3. Le Comité recommande que les autorités prennent des mesures urgentes contre les mauvais traitements.",
    "4. Le dépistage médical à l'arrivée n'était pas effectué de manière systématique.",
]
RUSSIAN = [
    "1. Делегация посетила тюрьму и обнаружила переполненные камеры во всех корпусах.",
    "2. Задержанные сообщили делегации, что их содержали несколько дней без доступа к адвокату.",
    "3. Комитет рекомендует властям принять срочные меры для прекращения жестокого обращения.",
    "4. Медицинский осмотр по прибытии не проводился систематически.",
]


def scanned_page(document: pymupdf.Document, paragraphs: list[str], dpi: int = 150,
                 number: str | None = None) -> pymupdf.Page:
    """A new page at the end of ``document`` that is only an image of ``paragraphs`` (and of
    ``number`` printed at its foot)."""
    source = pymupdf.open()
    drawn = source.new_page()
    body = "".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in paragraphs)
    drawn.insert_htmlbox(pymupdf.Rect(72, 72, 540, 700), body, css="p {font-size: 12pt; margin-bottom: 10pt}")
    if number is not None:
        drawn.insert_htmlbox(pymupdf.Rect(280, 750, 340, 770), f"<p style='text-align:center'>{number}</p>",
                             css="p {font-size: 11pt}")
    pixmap = drawn.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
    page = document.new_page(width=drawn.rect.width, height=drawn.rect.height)
    page.insert_image(page.rect, pixmap=pixmap)
    source.close()
    return page


def make_scan(path: Path, *pages: list[str], text_pages: dict[int, str] | None = None) -> Path:
    """A PDF of scanned pages (each a list of paragraphs); ``text_pages`` puts ordinary text pages between."""
    document = pymupdf.open()
    for index, paragraphs in enumerate(pages):
        if text_pages and index in text_pages:
            page = document.new_page()
            page.insert_text((72, 100), text_pages[index], fontsize=11)
        else:
            scanned_page(document, paragraphs)
    document.save(path, deflate=True)
    document.close()
    return path


def make_numbered_scan(path: Path, pages: list[list[str]], first: int) -> Path:
    """Scanned pages with their numbers printed at the foot, from ``first`` on."""
    document = pymupdf.open()
    for offset, paragraphs in enumerate(pages):
        scanned_page(document, paragraphs, number=str(first + offset))
    document.save(path, deflate=True)
    document.close()
    return path


def make_garbage_font_scan(path: Path, paragraphs: list[str]) -> Path:
    """A scan with an invisible text layer in a font with no Unicode map: its text reads as codes."""
    document = pymupdf.open()
    page = scanned_page(document, paragraphs)
    body = "".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in paragraphs)
    page.insert_htmlbox(pymupdf.Rect(72, 72, 540, 740), body, opacity=0)
    for xref in range(1, document.xref_length()):
        if document.xref_get_key(xref, "ToUnicode")[0] != "null":
            document.xref_set_key(xref, "ToUnicode", "null")
    document.save(path, deflate=True)
    document.close()
    return path


def needs_recognition() -> None:
    """Skip where the language data for recognition is not installed; fail under CI, which installs it."""
    from app.services.recognition import check_available

    reason = check_available()
    if reason is None:
        return
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(reason + "; CI must have it (.ci/run installs tesseract-ocr-eng, -fra and -rus)")
    pytest.skip(reason)
