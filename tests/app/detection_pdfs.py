"""PDFs laid out as the documents detection gets wrong are: covers set in several type sizes.

``tests.pdfs.make_pdf`` writes every page in one size; a cover's title is told from the rest
by its size, so these builders set each block of lines in a size of its own.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf

# One block of lines and the font size it is set in.
Block = tuple[str, float]
BODY = 10.0


def make_laid_out_pdf(
    path: Path, pages: list[list[Block] | str], *, title: str | None = None, author: str | None = None
) -> Path:
    """A PDF whose pages are blocks of lines, each block in its size; a plain string is body text."""
    document = pymupdf.open()
    for blocks in pages:
        page = document.new_page(width=595, height=842)
        y = 90.0
        for text, size in [(blocks, BODY)] if isinstance(blocks, str) else blocks:
            for line in text.splitlines():
                page.insert_text((60, y), line, fontsize=size, fontname="helv")
                y += size * 1.35
            y += size
    if title or author:
        document.set_metadata({"title": title or "", "author": author or ""})
    document.save(path)
    document.close()
    return path


def cpt_cover(country: str, title_lines: str, *, symbol: str = "CPT/Inf (2024) 23") -> list[Block]:
    """A word-processor CPT cover: the symbol, the report's title large, the publication lines small."""
    return [
        (symbol, 12.0),
        (title_lines, 18.0),
        (f"The Government of {country} has requested the publication of this report.", BODY),
        ("Strasbourg, 14 March 2024", BODY),
    ]


def browser_article(headline: str, byline: str, *, top_bar: str, dates: str, outlet: str) -> list[Block]:
    """An article printed from a browser: the site's bar with today's date, headline, byline, dates."""
    return [
        (f"{outlet}   {top_bar}   Subscribe   Sign in", 8.0),
        (headline, 22.0),
        (byline, BODY),
        (dates, 8.0),
        ("The government has proposed to leave the convention.\nThe decree gives no reasons for the move.", BODY),
    ]
