"""Annotations already in a PDF (made in Acrobat, Zotero, Okular...), read as plain records.

Runs in the import sandbox with the rest of a PDF's parsing. Markup over text keeps its
quads, the text under them and where that text stands in the page's text; comments keep
their box; each keeps its comment, author, date and colour. Every annotation of the page's
/Annots is read, those written inline as direct objects too (``page.annots()`` lists only
those with an object number of their own, and so would drop them unsaid); one that cannot
come in is listed with the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import pymupdf

from app.pdf.words import map_words
from app.text.selection import Word

# PDF annotation types (PDF 32000-1, 12.5.6) and what they become here. The library's
# kinds are fewer: squiggly and strike-out lines are drawn as underlines.
_MARKUP = {8: "highlight", 9: "underline", 10: "underline", 11: "underline"}  # highlight, underline, squiggly, strike-out
_COMMENT = {0: "note", 2: "note", 14: "note"}  # sticky note, free text, caret
_DRAWING = {3: "area", 4: "area", 5: "area", 6: "area", 7: "area", 13: "area", 15: "area"}  # line ... stamp, ink
# Parts of the document or of another annotation, not a reader's marks: neither brought in nor listed.
_NOT_MARKS = {1, 16, 20}  # link, popup (the window of its parent's comment), form field
# Why the other kinds stay out.
_REASONS = {
    12: "a redaction not yet applied: brought in, it would hide nothing",
    17: "a file attachment: the attached file is not brought in",
}
_NOTHING_TO_QUOTE = "it marks no passage and holds no comment to bring in"


@dataclass(frozen=True)
class PdfAnnotation:
    page_index: int
    kind: str  # the library's kind; for one skipped, the PDF's own name of it ("FileAttachment")
    quads: tuple[tuple[float, ...], ...]
    text: str  # the words under a markup annotation
    start: int | None  # offsets of those words in the page's text
    end: int | None
    comment: str
    author: str | None
    date: str | None  # as the PDF wrote it; parsed by the caller
    color: str | None
    key: str  # stable within the file: page, object number (or place in /Annots) and the annotation's own name
    skipped: str = ""  # why it is not brought in; empty for one that is


def read_annotations(document: pymupdf.Document, texts: Mapping[int, str]) -> list[PdfAnnotation]:
    """Every annotation on the pages of ``texts`` (page index to that page's text), those that
    cannot come in marked ``skipped``."""
    found = []
    for page in (document[index] for index in texts):
        words = _words_once(page, texts[page.number])
        for position, annotation in enumerate(every_annotation(page)):
            try:
                read = _read(page, annotation, position, words)
            except Exception as error:  # noqa: BLE001 - MuPDF raises plain exceptions for a damaged annotation
                read = _skipped(page, annotation, position, f"it could not be read ({error})")
            if read is not None:
                found.append(read)
    return found


def every_annotation(page: pymupdf.Page) -> Iterator[pymupdf.Annot]:
    """The page's annotations in /Annots order, inline ones included, as MuPDF's own list holds them."""
    annotation = page.first_annot
    while annotation:
        yield annotation
        annotation = annotation.next


def _words_once(page: pymupdf.Page, text: str) -> Callable[[], Sequence[Word]]:
    """The page's words placed in its text, read when a markup annotation first needs them."""
    kept: list[Sequence[Word]] = []

    def words() -> Sequence[Word]:
        if not kept:
            kept.append(map_words(page.get_text("words", sort=False), text))
        return kept[0]

    return words


def _read(page: pymupdf.Page, annotation: pymupdf.Annot, position: int,
          words: Callable[[], Sequence[Word]]) -> PdfAnnotation | None:
    number = annotation.type[0]
    if number in _NOT_MARKS:
        return None
    kind = _MARKUP.get(number) or _COMMENT.get(number) or _DRAWING.get(number)
    if kind is None:
        return _skipped(page, annotation, position, _REASONS.get(number, _NOTHING_TO_QUOTE))
    text, start, end = "", None, None
    if number in _MARKUP:
        quads = _quads(annotation)
        covered = [w for w in words() if any(_inside(w, quad) for quad in quads)]
        text = " ".join(w.text for w in covered)
        placed = [w for w in covered if w.start is not None]
        start = placed[0].start if placed else None
        end = placed[-1].end if placed else None
    else:
        quads = (_rect_quad(annotation.rect),)
    return _record(page, annotation, position, kind, quads, text, start, end)


def _skipped(page: pymupdf.Page, annotation: pymupdf.Annot, position: int, reason: str) -> PdfAnnotation:
    box: tuple[tuple[float, ...], ...] = ()
    name = "annotation"
    try:
        name, box = annotation.type[1], (_rect_quad(annotation.rect),)
    except Exception:  # noqa: BLE001 - as unreadable as the rest of it
        pass
    try:
        return _record(page, annotation, position, name, box, "", None, None, skipped=reason)
    except Exception:  # noqa: BLE001
        return PdfAnnotation(page.number, name, box, "", None, None, "", None, None, None,
                             f"{page.number}:inline{position}:", skipped=reason)


def _record(page: pymupdf.Page, annotation: pymupdf.Annot, position: int, kind: str,
            quads: tuple[tuple[float, ...], ...], text: str, start: int | None, end: int | None,
            skipped: str = "") -> PdfAnnotation:
    info = annotation.info or {}
    # An annotation with an object number keeps the key it has always had; an inline one is
    # known by its place in /Annots, which it keeps as long as the file is unchanged.
    place = str(annotation.xref) if annotation.xref else f"inline{position}"
    return PdfAnnotation(
        page_index=page.number,
        kind=kind,
        quads=quads,
        text=text,
        start=start,
        end=end,
        comment=info.get("content") or "",
        author=(info.get("title") or "").strip() or None,
        date=info.get("modDate") or info.get("creationDate") or None,
        color=_hex((annotation.colors or {}).get("stroke")),
        key=f"{page.number}:{place}:{info.get('id') or ''}",
        skipped=skipped,
    )


def _quads(annotation: pymupdf.Annot) -> tuple[tuple[float, ...], ...]:
    points = annotation.vertices or []
    if len(points) < 4:
        return (_rect_quad(annotation.rect),)
    return tuple(
        tuple(coordinate for point in points[i : i + 4] for coordinate in point) for i in range(0, len(points) - 3, 4)
    )


def _rect_quad(rect: pymupdf.Rect) -> tuple[float, ...]:
    return (rect.x0, rect.y0, rect.x1, rect.y0, rect.x0, rect.y1, rect.x1, rect.y1)


def _inside(word, quad: tuple[float, ...]) -> bool:  # noqa: ANN001 - an app.text.selection.Word
    xs, ys = quad[0::2], quad[1::2]
    x, y = (word.x0 + word.x1) / 2, (word.y0 + word.y1) / 2
    return min(xs) - 1 <= x <= max(xs) + 1 and min(ys) - 1 <= y <= max(ys) + 1


def _hex(color: object) -> str | None:
    if not isinstance(color, (list, tuple)) or len(color) != 3:
        return None
    return "#" + "".join(f"{round(max(0.0, min(1.0, float(c))) * 255):02x}" for c in color)
