"""Read what the library keeps of a PDF: metadata, page labels, outline and page text.

Runs inside a worker process (see ``app.pdf.sandbox``): a malformed file may crash or
hang MuPDF, and must not take the app with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import pymupdf

from app.text.page_numbers import PrintedNumber, printed_labels, printed_number
from app.pdf.annotations import PdfAnnotation, read_annotations
from app.pdf.emphasis import Emphasis, emphasised
from app.text.paragraphs import Line, PageLayout, Paragraph, find_paragraphs, page_layout

pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)

# Authors that authoring tools write when nobody set one.
_JUNK_AUTHORS = {"default", "user", "admin", "administrator", "owner", "odsdba", "unknown"}
# Titles that authoring tools write in place of a real one.
_JUNK_TITLE = re.compile(
    r"^(untitled|united nations|mise en page\s*\d*|microsoft (word|powerpoint)\b.*|document\d*"
    r"|.*\.(docx?|pdf|indd|qxp|rtf))$",
    re.IGNORECASE,
)
_PDF_DATE = re.compile(
    r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*(?:(Z)|([+-])(\d{2})'?(\d{2})?'?)?"
)


class ExtractError(Exception):
    """The file cannot be read as a PDF; the message says why, for the user."""


class NeedsPassword(ExtractError):
    pass


class BadPassword(ExtractError):
    pass


@dataclass(frozen=True)
class PageInfo:
    text: str
    label: str | None
    width: float
    height: float
    # What structure detection needs of the page, summarised by the worker that read it, so
    # that only a short pass over the whole document is left once the pages are together;
    # empty when structure was not asked for.
    layout: PageLayout = PageLayout()
    printed: PrintedNumber = (None, None)
    emphasis: Emphasis = ()  # text set in bold or italics, where structure was asked for


@dataclass(frozen=True)
class Extraction:
    title: str | None
    author: str | None
    created: str | None
    modified: str | None
    metadata: dict[str, str]
    pages: list[PageInfo]
    has_labels: bool
    outline: list[list[object]]
    encrypted: bool
    warnings: list[str] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    annotations: list[PdfAnnotation] = field(default_factory=list)
    page_indexes: list[int] = field(default_factory=list)  # which pages these are (see ``parts``)

    @property
    def text_pages(self) -> int:
        return sum(1 for page in self.pages if page.text.strip())


def extract(data: bytes, password: str | None = None, structure: bool = True, part: int = 0, parts: int = 1) -> Extraction:
    """Everything the library keeps of a PDF; ``structure`` also finds its numbered paragraphs.

    With ``parts`` > 1 only every ``parts``-th page from ``part`` is read, so workers can share
    a long document; :func:`merge` puts the parts together and completes the structure.
    """
    try:
        document = pymupdf.open(stream=data, filetype="pdf")
    except Exception as error:  # MuPDF raises plain RuntimeError/ValueError subclasses
        if b"%PDF" not in data[:1024]:
            raise ExtractError("not a PDF file") from None
        raise ExtractError(f"damaged beyond repair ({_short(error)})") from None
    try:
        extraction = _read(document, password, structure, part, parts)
    except (ExtractError, MemoryError):
        raise
    except Exception as error:
        raise ExtractError(f"damaged beyond repair ({_short(error)})") from None
    finally:
        document.close()
    return extraction if parts > 1 else complete(extraction, structure)


def _read(document: pymupdf.Document, password: str | None, structure: bool, part: int, parts: int) -> Extraction:
    encrypted = bool(document.is_encrypted or document.needs_pass)
    if document.needs_pass:
        if not password:
            raise NeedsPassword("password-protected: its password is needed to open it")
        if not document.authenticate(password):
            raise BadPassword("password-protected, and the password given does not open it")
    if document.page_count < 1:
        raise ExtractError("damaged beyond repair: no page could be found in it")
    # Counted only now: an encrypted file shows no pages until it is opened with its password.
    indexes = range(part, document.page_count, parts)
    warnings: list[str] = []
    has_labels = _has_labels(document, warnings)
    pages = [_page(document, index, has_labels, structure, warnings) for index in indexes]
    metadata = {key: value for key, value in (document.metadata or {}).items() if value}
    return Extraction(
        title=_title(metadata.get("title")),
        author=_author(metadata.get("author")),
        created=pdf_date(metadata.get("creationDate")),
        modified=pdf_date(metadata.get("modDate")),
        metadata=metadata,
        pages=pages,
        has_labels=has_labels,
        outline=_outline(document, warnings) if indexes.start == 0 else [],
        encrypted=encrypted,
        warnings=warnings,
        annotations=_annotations(document, {i: page.text for i, page in zip(indexes, pages)}, warnings),
        page_indexes=list(indexes),
    )


def merge(parts: list[Extraction], structure: bool = True) -> Extraction:
    """One extraction from the parts that workers read (each every n-th page)."""
    first = parts[0]
    by_index = {index: page for part in parts for index, page in zip(part.page_indexes, part.pages)}
    pages = [by_index[index] for index in sorted(by_index)]
    merged = replace(
        first,
        pages=pages,
        page_indexes=sorted(by_index),
        warnings=[warning for part in parts for warning in part.warnings],
        annotations=sorted((a for part in parts for a in part.annotations), key=lambda a: a.page_index),
    )
    return complete(merged, structure)


def complete(extraction: Extraction, structure: bool) -> Extraction:
    """Printed page labels and numbered paragraphs: they need every page at once."""
    if not structure:
        return extraction
    pages, has_labels = extraction.pages, extraction.has_labels
    if not has_labels:
        printed = printed_labels([page.printed for page in pages])
        if printed:
            pages = [replace(page, label=label) for page, label in zip(pages, printed)]
            has_labels = True
    paragraphs = find_paragraphs([page.layout for page in pages])
    return replace(extraction, pages=pages, has_labels=has_labels, paragraphs=paragraphs)


def _page(
    document: pymupdf.Document, index: int, has_labels: bool, structure: bool, warnings: list[str]
) -> PageInfo:
    try:
        page = document.load_page(index)
    except Exception as error:
        warnings.append(f"page {index + 1} could not be read ({_short(error)})")
        return PageInfo(text="", label=None, width=612.0, height=792.0)
    rect = page.rect
    layout, printed, emphasis = PageLayout(), (None, None), ()
    try:
        # One text page serves both the plain text and, when asked, the line geometry.
        textpage = page.get_textpage(flags=pymupdf.TEXTFLAGS_TEXT)
        text = page.get_text("text", textpage=textpage)
        if structure:
            page_html = textpage.extractHTML()
            lines = _lines(text, page_html, rect.width)
            layout = page_layout(text, rect.height, lines)
            emphasis = emphasised(text, page_html)
            if not has_labels:
                printed = printed_number(text, rect.height, lines)
    except Exception as error:
        warnings.append(f"the text of page {index + 1} could not be read ({_short(error)})")
        text, layout, emphasis = "", PageLayout(), ()
    label = None
    if has_labels:
        try:
            label = page.get_label() or None
        except Exception:
            label = None
    return PageInfo(
        text=text, label=label, width=float(rect.width), height=float(rect.height), layout=layout, printed=printed,
        emphasis=emphasis,
    )


# MuPDF's HTML output places each text line in a <p> with its top, left and height, and
# opens it with <b> when its first span is bold (which tells a section heading).
_HTML_LINE = re.compile(r'<p style="top:(-?[\d.]+)pt;left:(-?[\d.]+)pt;line-height:([\d.]+)pt">(<b>)?')


def _lines(text: str, html: str, width: float) -> tuple[Line, ...]:
    """Each non-blank line of ``text`` with its place and size, read from MuPDF's HTML output.

    The HTML costs a fraction of PyMuPDF's dict or word extraction, which matters on a
    300-page import; it gives a line's top, left and height but not its right edge, so
    lines are taken to span the text column (margins are assumed even). Its lines come in
    the order of the text's; should their counts differ, the page gets no geometry rather
    than wrong geometry.
    """
    places = _HTML_LINE.findall(html)
    rows = text.split("\n")
    rows.pop()
    if len(places) != len(rows):
        return ()
    found = []  # (start, end, left, top, height, bold) of each non-blank line
    cursor = 0
    for (top, left, height, bold), row in zip(places, rows):
        end = cursor + len(row)
        if row and not row.isspace():
            found.append((cursor, end, float(left), float(top), float(height), bool(bold)))
        cursor = end + 1
    if not found:
        return ()
    right = width - min(left for _start, _end, left, _top, _height, _bold in found)
    return tuple(
        Line(start, end, left, top, right if right > left else left, top + height, height, bold)
        for start, end, left, top, height, bold in found
    )


def _annotations(document: pymupdf.Document, texts: dict[int, str], warnings: list[str]) -> list[PdfAnnotation]:
    try:
        return read_annotations(document, texts)
    except Exception as error:
        warnings.append(f"the annotations already in the file could not be read ({_short(error)})")
        return []


def read_file_annotations(data: bytes, password: str | None = None) -> list[PdfAnnotation]:
    """The annotations in a PDF's bytes, for bringing them in on request (run in the sandbox)."""
    document = pymupdf.open(stream=data, filetype="pdf")
    try:
        if document.needs_pass and not document.authenticate(password or ""):
            raise NeedsPassword("password-protected: its password is needed to open it")
        texts = {page.number: page.get_text("text") for page in document}
        return read_annotations(document, texts)
    finally:
        document.close()


def _has_labels(document: pymupdf.Document, warnings: list[str]) -> bool:
    try:
        rules = document.get_page_labels()
    except Exception as error:
        warnings.append(f"page labels ignored ({_short(error)})")
        return False
    # A single rule "decimal from 1, no prefix" says nothing plain numbers do not.
    plain = [{"startpage": 0, "prefix": "", "firstpagenum": 1, "style": "D"}]
    return bool(rules) and rules != plain


def _outline(document: pymupdf.Document, warnings: list[str]) -> list[list[object]]:
    try:
        toc = document.get_toc(simple=True)
    except Exception as error:
        warnings.append(f"outline ignored ({_short(error)})")
        return []
    # get_toc gives 1-based pages, -1 or 0 for entries that point nowhere.
    return [[level, str(title), page - 1 if page > 0 else None] for level, title, page, *_ in toc]


def _title(raw: str | None) -> str | None:
    title = " ".join((raw or "").split())
    if not title or _JUNK_TITLE.match(title):
        return None
    return title


def _author(raw: str | None) -> str | None:
    author = " ".join((raw or "").split())
    return None if author.lower() in _JUNK_AUTHORS else author or None


def pdf_date(raw: str | None) -> str | None:
    """A PDF date string (``D:20130708091227+02'00'``) as ISO 8601, as precise as given."""
    match = _PDF_DATE.match((raw or "").strip())
    if not match:
        return None
    year, month, day, hour, minute, second, zulu, sign, tz_hour, tz_minute = match.groups()
    try:
        if not 1 <= int(month or 1) <= 12 or not 1 <= int(day or 1) <= 31:
            return None
    except ValueError:
        return None
    result = year + (f"-{month}" if month else "") + (f"-{day}" if month and day else "")
    if day and hour:
        result += f"T{hour}:{minute or '00'}:{second or '00'}"
        if zulu:
            result += "+00:00"
        elif sign and tz_hour:
            result += f"{sign}{tz_hour}:{tz_minute or '00'}"
    return result


def _short(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text[:160]
