"""Annotations already in a PDF (made in Acrobat, Zotero, Okular...), read as plain records.

Runs in the import sandbox with the rest of a PDF's parsing. Markup over text keeps its
quads, the text under them and where that text stands in the page's text; comments keep
their box; each keeps its comment, author, date and colour.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pymupdf

from app.pdf.words import map_words

# PDF annotation types (PDF 32000-1, 12.5.6) and what they become here.
_MARKUP = {8: "highlight", 9: "underline", 10: "underline", 11: "underline"}  # highlight, underline, squiggly, strike-out
_COMMENT = {0: "note", 2: "note", 14: "note"}  # sticky note, free text, caret
_DRAWING = {4: "area", 5: "area", 6: "area", 7: "area", 13: "area", 15: "area"}  # square ... stamp, ink


@dataclass(frozen=True)
class PdfAnnotation:
    page_index: int
    kind: str
    quads: tuple[tuple[float, ...], ...]
    text: str  # the words under a markup annotation
    start: int | None  # offsets of those words in the page's text
    end: int | None
    comment: str
    author: str | None
    date: str | None  # as the PDF wrote it; parsed by the caller
    color: str | None
    key: str  # stable within the file: page, object number and the annotation's own name


def read_annotations(document: pymupdf.Document, texts: Mapping[int, str]) -> list[PdfAnnotation]:
    """Every supported annotation on the pages of ``texts`` (page index to that page's text)."""
    found = []
    for page in (document[index] for index in texts):
        annotations = list(page.annots() or ())
        if not annotations:
            continue
        words = None
        for annotation in annotations:
            kind_number = annotation.type[0]
            kind = _MARKUP.get(kind_number) or _COMMENT.get(kind_number) or _DRAWING.get(kind_number)
            if kind is None:
                continue
            if kind_number in _MARKUP:
                if words is None:
                    words = map_words(page.get_text("words", sort=False), texts[page.number])
                quads = _quads(annotation)
                covered = [w for w in words if any(_inside(w, quad) for quad in quads)]
                text = " ".join(w.text for w in covered)
                placed = [w for w in covered if w.start is not None]
                start = placed[0].start if placed else None
                end = placed[-1].end if placed else None
            else:
                quads = (_rect_quad(annotation.rect),)
                text, start, end = "", None, None
            info = annotation.info or {}
            found.append(
                PdfAnnotation(
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
                    key=f"{page.number}:{annotation.xref}:{info.get('id') or ''}",
                )
            )
    return found


def _quads(annotation: pymupdf.Annot) -> tuple[tuple[float, ...], ...]:
    points = annotation.vertices or []
    if len(points) < 4:
        return (_rect_quad(annotation.rect),)
    return tuple(
        tuple(coordinate for point in points[i : i + 4] for coordinate in point) for i in range(0, len(points) - 3, 4)
    )


def _rect_quad(rect: pymupdf.Rect) -> tuple[float, ...]:
    return (rect.x0, rect.y0, rect.x1, rect.y0, rect.x0, rect.y1, rect.x1, rect.y1)


def _inside(word, quad: tuple[float, ...]) -> bool:  # noqa: ANN001 - an app.selection.Word
    xs, ys = quad[0::2], quad[1::2]
    x, y = (word.x0 + word.x1) / 2, (word.y0 + word.y1) / 2
    return min(xs) - 1 <= x <= max(xs) + 1 and min(ys) - 1 <= y <= max(ys) + 1


def _hex(color: object) -> str | None:
    if not isinstance(color, (list, tuple)) or len(color) != 3:
        return None
    return "#" + "".join(f"{round(max(0.0, min(1.0, float(c))) * 255):02x}" for c in color)
