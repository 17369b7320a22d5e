"""The sample library: three PDFs made here from texts we wrote (``app/resources/samples``).

A CPT-style visit report (cover with its reference symbol, contents, numbered paragraphs,
recommendations in bold, page numbers "- n -", an outline), the Government's response to it
(each reply citing the report's paragraph it answers), and a news article about a state's
withdrawal from the European Convention for the Prevention of Torture.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pymupdf

SAMPLES_DIR = Path(__file__).resolve().parent / "resources" / "samples"  # package data: in the wheel too
REPORT_SYMBOL = "CPT/Inf (2025) 17"
REPORT_TITLE = "Report to the Government of the Republic of Examplia on the periodic visit carried out by the CPT"
RESPONSE_SYMBOL = "CPT/Inf (2025) 18"
RESPONSE_TITLE = "Response of the Government of the Republic of Examplia to the report on the CPT's periodic visit"
_DISCLAIMER = ("Sample document of Rights Annotator. The State, the places visited and every finding in it are "
               "fictitious; it follows the structure of the CPT's published documents.")
NEWS_TITLE = "Russian government proposes leaving the European anti-torture convention"

_PAGE = pymupdf.paper_rect("a4")
_MARGIN = 62.0
_BODY = ("helv", 10.5, 14.5)  # font, size, line height
_BOLD = ("hebo", 10.5, 14.5)
_HEADING = ("hebo", 12.5, 20.0)
_SUBHEADING = ("hebo", 11.0, 17.0)


@dataclass
class _Flow:
    """Lays text out top to bottom, page after page, like a word processor would."""

    document: pymupdf.Document
    header: str
    first_number: int = 1
    page: pymupdf.Page | None = None
    y: float = 0.0

    def new_page(self) -> None:
        self.page = self.document.new_page(width=_PAGE.width, height=_PAGE.height)
        number = self.document.page_count - 1 + self.first_number - 1
        if self.header:
            self.page.insert_text((_MARGIN, 40), self.header, fontname="helv", fontsize=8)
        if number >= 1:
            self.page.insert_text((_PAGE.width / 2 - 10, _PAGE.height - 34), f"- {number} -", fontname="helv", fontsize=8)
        self.y = 78.0

    def lines(self, text: str, style: tuple[str, float, float], indent: float = 0.0, first: str = "") -> None:
        font, size, leading = style
        width = _PAGE.width - 2 * _MARGIN - indent
        wrapped = list(_wrap(text, font, size, width))
        for number, line in enumerate(wrapped):
            if self.page is None or self.y + leading > _PAGE.height - 60:
                self.new_page()
            assert self.page is not None
            if number == 0 and first:
                self.page.insert_text((_MARGIN, self.y), first, fontname=font, fontsize=size)
            self.page.insert_text((_MARGIN + indent, self.y), line, fontname=font, fontsize=size)
            self.y += leading

    def space(self, points: float) -> None:
        self.y += points


def write_samples(folder: Path) -> list[Path]:
    """Write the sample PDFs into ``folder``: the report, the news article and the response."""
    folder.mkdir(parents=True, exist_ok=True)
    return [write_report(folder / "CPT-Inf-2025-17-sample-visit-report.pdf"), write_news(folder / "news-ecpt-withdrawal.pdf"),
            write_response(folder / "CPT-Inf-2025-18-sample-government-response.pdf")]


def write_report(path: Path) -> Path:
    return _write(path, REPORT_SYMBOL, REPORT_TITLE, "cpt_visit_report.txt", (
        "Report to the Government of the Republic of Examplia on the visit to the Republic of Examplia "
        "carried out by the European Committee for the Prevention of Torture and Inhuman or Degrading "
        "Treatment or Punishment (CPT) from 3 to 14 March 2025", 380), (
        "The Government of the Republic of Examplia has requested the publication of this report "
        "and of its response. The Government's response is set out in document CPT/Inf (2025) 18.", 430))


def write_response(path: Path) -> Path:
    """The Government's response to the sample report, as the CPT publishes one: its own symbol, the
    report it answers, and replies citing the report's paragraphs."""
    return _write(path, RESPONSE_SYMBOL, RESPONSE_TITLE, "cpt_government_response.txt", (
        "Response of the Government of the Republic of Examplia to the report of the European Committee for the "
        "Prevention of Torture and Inhuman or Degrading Treatment or Punishment (CPT) on its visit to the Republic "
        "of Examplia from 3 to 14 March 2025", 400), (
        "The Government of the Republic of Examplia has requested the publication of this response. The CPT's "
        f"report on the visit is set out in document {REPORT_SYMBOL}.", 450))


def _write(path: Path, symbol: str, title: str, body: str, heading: tuple[str, float],
           publication: tuple[str, float]) -> Path:
    """A CPT document: its cover (symbol, ``heading`` down to the height given, the ``publication`` note
    from the height given, place and date, the disclaimer), then the pages of the text file ``body``."""
    document = pymupdf.open()
    cover = document.new_page(width=_PAGE.width, height=_PAGE.height)
    cover.insert_text((_PAGE.width - _MARGIN - 90, 70), symbol, fontname="hebo", fontsize=11)
    cover.insert_textbox(pymupdf.Rect(_MARGIN, 200, _PAGE.width - _MARGIN, heading[1]), heading[0],
                         fontname="hebo", fontsize=15, align=pymupdf.TEXT_ALIGN_CENTER)
    cover.insert_textbox(pymupdf.Rect(_MARGIN, publication[1], _PAGE.width - _MARGIN, publication[1] + 90),
                         publication[0], fontname="helv", fontsize=10, align=pymupdf.TEXT_ALIGN_CENTER)
    cover.insert_text((_MARGIN, 600), "Strasbourg, 17 September 2025", fontname="helv", fontsize=10)
    cover.insert_textbox(pymupdf.Rect(_MARGIN, 700, _PAGE.width - _MARGIN, 780), _DISCLAIMER,
                         fontname="helv", fontsize=8, align=pymupdf.TEXT_ALIGN_CENTER)
    _body(document, symbol, body)
    _finish(document, path, title, symbol)
    return path


def _body(document: pymupdf.Document, symbol: str, name: str) -> None:
    """The pages after the cover, from the text file ``name``, with their outline."""
    flow = _Flow(document, header=symbol)
    toc: list[list[object]] = []
    for kind, text in _items(name):
        if kind == "heading":
            flow.space(8)
            flow.lines(text, _HEADING)
            toc.append([1, text, document.page_count])
        elif kind == "subheading":
            flow.space(4)
            flow.lines(text, _SUBHEADING)
            toc.append([2, text, document.page_count])
        elif kind == "paragraph":
            number, body = text.split(" ", 1)
            flow.space(5)
            flow.lines(body, _BODY, indent=28, first=number)
        elif kind == "text":
            flow.space(5)
            flow.lines(text, _BODY)
        else:
            flow.space(2)
            flow.lines(text, _BOLD, indent=28)
    document.set_toc(toc)


def _finish(document: pymupdf.Document, path: Path, title: str, symbol: str) -> None:
    document.set_page_labels([
        {"startpage": 0, "prefix": "Cover", "style": "", "firstpagenum": 1},
        {"startpage": 1, "prefix": "", "style": "D", "firstpagenum": 1},
    ])
    document.set_metadata({
        "title": title, "author": "Rights Annotator sample", "subject": symbol,
        "creationDate": "D:20250917090000+02'00'", "modDate": "D:20250917090000+02'00'",
    })
    document.save(path, garbage=3, deflate=True, no_new_id=True)
    document.close()


def write_news(path: Path) -> Path:
    lines = _text_lines("news_ecpt_withdrawal.txt")
    headline, paragraphs = lines[0], lines[1:]
    document = pymupdf.open()
    flow = _Flow(document, header="Sample news article \u00b7 Rights Annotator", first_number=0)
    flow.new_page()
    flow.lines(headline, ("hebo", 18.0, 24.0))
    flow.space(4)
    flow.lines("By Sample Desk", ("heit", 9.0, 13.0))  # a byline, as news articles carry
    flow.space(6)
    flow.lines("Written for the sample library from public facts.", ("heit", 9.0, 13.0))
    for paragraph in paragraphs:
        flow.space(7)
        flow.lines(paragraph, _BODY)
    document.set_metadata({
        "title": NEWS_TITLE, "author": "Rights Annotator sample",
        "creationDate": "D:20250601090000+00'00'", "modDate": "D:20250601090000+00'00'",
    })
    document.save(path, garbage=3, deflate=True, no_new_id=True)
    document.close()
    return path


def _text_lines(name: str) -> list[str]:
    text = (SAMPLES_DIR / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _items(name: str) -> Iterator[tuple[str, str]]:
    for line in _text_lines(name):
        if line.startswith("== "):
            yield "subheading", line[3:]
        elif line.startswith("= "):
            yield "heading", line[2:]
        elif line.startswith("! "):
            yield "recommendation", line[2:]
        elif re.match(r"\d+\. ", line):
            yield "paragraph", line
        else:
            yield "text", line


def _wrap(text: str, font: str, size: float, width: float) -> Iterator[str]:
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and pymupdf.get_text_length(candidate, fontname=font, fontsize=size) > width:
            yield line
            line = word
        else:
            line = candidate
    if line:
        yield line
