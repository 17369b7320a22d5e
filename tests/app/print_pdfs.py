"""PDFs whose text layer holds what print varies: ligatures, Arabic with its marks, words broken at a line end."""

from __future__ import annotations

from pathlib import Path

import pymupdf

# A font with the "ﬁ" ligature and Arabic letters, so the text layer holds those characters.
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def make_print_pdf(path: Path, lines: list[str]) -> Path:
    """One page, a line each. Arabic lines are given in reading order: PyMuPDF draws characters
    left to right and MuPDF reads them back in that order, so they are drawn reversed."""
    document = pymupdf.open()
    page = document.new_page(width=595, height=842)
    for number, line in enumerate(lines):
        drawn = line[::-1] if any("\u0600" <= char <= "\u06ff" for char in line) else line
        page.insert_text((72, 72 + 16 * number), drawn, fontsize=11, fontname="F0", fontfile=str(FONT))
    document.save(path)
    document.close()
    return path
