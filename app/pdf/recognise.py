"""Recognise the text of a page image (OCR), in a worker process: Tesseract as PyMuPDF builds it in.

Only the language data is needed (``*.traineddata``): where ``TESSDATA_PREFIX`` says, else where
Debian's ``tesseract-ocr-*`` packages put it.
"""

from __future__ import annotations

import math
import os
import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pymupdf

from app.pdf.extract import PageInfo, extract
from app.pdf.margin_numbers import PAD, margin_words, numbered
from app.pdf.words import map_words
from app.text.recognised_text import guess_language

pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)

ENGINE = f"tesseract (PyMuPDF {pymupdf.VersionBind})"
DPI = 300
# A page is never rendered for recognition at more pixels than this (an A0 page at 300 dpi would be
# 140 million): a larger one is read at the resolution that fits, and its note says so.
MAX_PIXELS = 40_000_000
# Skew: looked for up to this many degrees either way, corrected from this many on.
SKEW_RANGE = 5.0
SKEW_MINIMUM = 0.3
_SKEW_DPI = 50
_SKEW_SAMPLE = 20_000  # dark pixels looked at, at most
# A reading with fewer common words than this (per thousand letters) may be of a page turned on its
# side or upside down: the other three ways are tried on a smaller rendering, the one that reads
# most common words kept. Only words of three letters and more are counted: a page read the wrong
# way round comes out as short bits ("as", "is", "on", "le") at random, enough for 40 a thousand
# letters, and almost never as "the" or "que" (readings of pages of a UN report turned each way:
# 0-1.4 a thousand letters; read upright, 11 on its cover, 14 on a list of names, 24 on its text).
_UPRIGHT_WORDS = 5
_TURN_DPI = 150
_COMMON = frozenset(
    "the and for with was were are this which has have that from not its been their "
    "les des une est dans pour que qui aux sur par ont avec sont pas ces leur été "
    "что это для как его она они или при был была были также все этих всех".split())
_TOKEN = re.compile(r"[^\W\d_]+")
_ONE_ALONE = re.compile(r"^[lI|](?=\.$)", re.MULTILINE)
_INK = bytes(0 if value < 128 else 255 for value in range(256))  # grey to black and white
_WHITE = b"\xff"
_STRIP_GAP = 12.0  # points of white between the strips read again at once
_STRIPS_HEIGHT = 6_000  # pixels, some 50 lines at 300 dpi: the engine takes none over 32,767, and its time grows with them
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
    note: str = ""  # how the page was read when not as it came: "turned 90°", "straightened 1.5°"...


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
        dpi, notes = capped_dpi(page.rect, dpi)
        if language is None:
            probe = _read(page, "+".join(("eng", "fra", "rus")), min(dpi, _TURN_DPI))
            language = guess_language([probe[0]]) or "eng"
        skew = skew_angle(page)
        text, words = _read_turned(page, language, dpi, skew, best=True)
        turn = 0 if common_words(text) >= _UPRIGHT_WORDS else upright_turn(page, language, dpi, text)
        if turn:
            skew = skew_angle(page, turn)
            text, words = _read_turned(page, language, dpi, turn + skew, best=True)
            notes.append(f"turned {turn}\u00b0")
        if skew:
            notes.append(f"straightened {abs(skew):.1f}\u00b0")
    finally:
        document.close()
    return Recognised(page_index, language, text, words, note="; ".join(notes))


def capped_dpi(rect: pymupdf.Rect, dpi: int) -> tuple[int, list[str]]:
    """``dpi``, or less for a page (of size ``rect``) so large that it would need more than
    :data:`MAX_PIXELS`; with the note why."""
    inches = (rect.width / 72) * (rect.height / 72)
    if inches <= 0 or inches * dpi * dpi <= MAX_PIXELS:
        return dpi, []
    fits = max(1, int(math.sqrt(MAX_PIXELS / inches)))
    size = f"{rect.width / 72 * 25.4:.0f} \u00d7 {rect.height / 72 * 25.4:.0f} mm"
    return fits, [f"read at {fits} dpi, not {dpi}: the page ({size}) would need more than "
                  f"{MAX_PIXELS // 1_000_000} million pixels"]


def common_words(text: str) -> float:
    """Common words of English, French and Russian per thousand letters: high for text read the right way up."""
    tokens = _TOKEN.findall(text)
    letters = sum(map(len, tokens))
    return 1000 * _common_count(tokens) / letters if letters >= 200 else 0.0


def _common_count(tokens: list[str]) -> int:
    return sum(token.lower() in _COMMON for token in tokens)


def upright_turn(page: pymupdf.Page, language: str, dpi: int, upright_text: str) -> int:
    """0, 90, 180 or 270: how far the page's content must be turned to read it, judged from readings
    of a smaller rendering turned each way against ``upright_text``, the page read as it is
    (Tesseract as PyMuPDF builds it in does not tell orientation). The reading with most common
    words wins, not the one with most a thousand letters: a page read the wrong way round gives
    fewer letters, so a few words met by chance weigh more in them."""
    low = min(dpi, _TURN_DPI)
    best, best_score = 0, _common_count(_TOKEN.findall(upright_text))
    for turn in (90, 180, 270):
        score = _common_count(_TOKEN.findall(_read_turned(page, language, low, turn)[0]))
        if score > best_score:
            best, best_score = turn, score
    return best


def skew_angle(page: pymupdf.Page, turn: int = 0) -> float:
    """The small turn (within :data:`SKEW_RANGE` degrees) that sets the page's lines of text level,
    or 0 under :data:`SKEW_MINIMUM`: the angle at which a low rendering's dark pixels, projected on the
    vertical, pile up most sharply (lines of text and the white between them)."""
    zoom = _SKEW_DPI / 72
    pixmap = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom).prerotate(turn), colorspace=pymupdf.csGRAY,
                             alpha=False)
    width, samples = pixmap.width, pixmap.samples
    dark = [index for index, value in enumerate(samples) if value < 128]
    if len(dark) < 50:
        return 0.0
    step = max(1, len(dark) // _SKEW_SAMPLE)
    points = [(index % width, index // width) for index in dark[::step]]

    def sharpness(angle: float) -> float:
        matrix = pymupdf.Matrix(angle)
        b, d = matrix.b, matrix.d
        rows: dict[int, int] = {}
        for x, y in points:
            row = round(x * b + y * d)
            rows[row] = rows.get(row, 0) + 1
        return float(sum(count * count for count in rows.values()))

    coarse = max((a / 2 for a in range(int(-2 * SKEW_RANGE), int(2 * SKEW_RANGE) + 1)), key=sharpness)
    fine = max((coarse + a / 10 for a in range(-5, 6)), key=sharpness)
    return round(fine, 1) if abs(fine) >= SKEW_MINIMUM else 0.0


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
    # A paragraph number 1 alone on its line, as the engine often reads it: "l." (the same length,
    # so the words' places in the text stay).
    text = _ONE_ALONE.sub("1", text)
    on_line = Counter((word[5], word[6]) for word in raw)
    raw = [(*word[:4], "1.", *word[5:]) if word[4] in ("l.", "I.", "|.") and on_line[word[5], word[6]] == 1
           else word for word in raw]
    words = [[w.x0, w.y0, w.x1, w.y1, w.text, w.block, w.line, w.start, w.end] for w in map_words(raw, text)]
    return text, words


def _read_turned(page: pymupdf.Page, language: str, dpi: int, angle: float,
                 best: bool = False) -> tuple[str, list[list[Any]]]:
    """:func:`_read` of the page turned ``angle`` degrees, its words' boxes put back on the page as it is.

    ``best``: the reading kept, not a first look. The rendering is averaged over 2 x 2 pixels, and
    smoothed back up to ``dpi`` as it is read: speckle (dust, sensor noise, JPEG) fades below what
    Tesseract takes for ink, and letters stay (on a page of a UN report, CER 1.57 % -> 0.19 % with
    0.5 % of its pixels speckled, 14 % -> 0.8 % speckled, at 200 dpi, turned 1.5 degrees and in
    JPEG; 0.13 % -> 0.16 % clean). Then the paragraph numbers at the margin are put right
    (:mod:`app.pdf.margin_numbers`), those read apart from their line read again from the
    rendering as it came, since smoothing blurs the few pixels of a number, its full stop first."""
    zoom = dpi / 72
    matrix = pymupdf.Matrix(zoom, zoom).prerotate(angle)
    pixmap = page.get_pixmap(matrix=matrix, colorspace=pymupdf.csGRAY, alpha=False)
    origin, size = pymupdf.Point(pixmap.x, pixmap.y), (pixmap.width / zoom, pixmap.height / zoom)
    smoothed = pymupdf.Pixmap(pixmap, 0) if best else pixmap  # a copy: the sharp one is read again
    if best:
        smoothed.shrink(1)
    text, words = _read_image(smoothed, size, language, dpi)
    if best:
        text = numbered(text, words, _read_strips(pixmap, margin_words(words), language, dpi))
    back = ~matrix
    for word in words:
        corners = [(pymupdf.Point(x, y) * zoom + origin) * back
                   for x in (word[0], word[2]) for y in (word[1], word[3])]
        word[0:4] = [min(p.x for p in corners), min(p.y for p in corners),
                     max(p.x for p in corners), max(p.y for p in corners)]
    return text, words


def _read_image(pixmap: pymupdf.Pixmap, size: tuple[float, float], language: str,
                dpi: int) -> tuple[str, list[list[Any]]]:
    """:func:`_read` of ``pixmap`` made a page ``size`` points wide and high."""
    document = pymupdf.open()
    try:
        image = document.new_page(width=size[0], height=size[1])
        image.insert_image(image.rect, pixmap=pixmap)
        return _read(image, language, dpi)
    finally:
        document.close()


def _read_strips(pixmap: pymupdf.Pixmap, strips: list[tuple[int, pymupdf.Rect]], language: str,
                 dpi: int) -> dict[int, str]:
    """The first word read in each strip of ``pixmap`` (strips in points at ``dpi``), by the index the
    strip came with. The strips are read in black and white, which drops JPEG's grey ringing round
    the strokes, and all at once, one under another on one image, as each call of the engine costs
    more than its pixels; as many as fit in :data:`_STRIPS_HEIGHT` pixels."""
    zoom = dpi / 72
    width, samples = pixmap.width, pixmap.samples
    gap = round(_STRIP_GAP * zoom)
    boxes, top = [], 0
    for index, rect in strips:
        box = pymupdf.IRect(rect * zoom) & pymupdf.IRect(0, 0, width, pixmap.height)
        if not box.is_empty and top + box.height + gap <= _STRIPS_HEIGHT:
            boxes.append((index, box))
            top += box.height + gap
    if not boxes:
        return {}
    widest = max(box.width for _, box in boxes)
    above = gap // 2
    bands, rows, top = [], [], 0
    for index, box in boxes:
        rows.append(_WHITE * (widest * above))
        for y in range(box.y0, box.y1):
            rows.append(samples[y * width + box.x0:y * width + box.x1] + _WHITE * (widest - box.width))
        rows.append(_WHITE * (widest * (gap - above)))
        bands.append((index, (top + above) / zoom, (top + above + box.height) / zoom))
        top += box.height + gap
    stacked = pymupdf.Pixmap(pymupdf.csGRAY, widest, top, b"".join(rows).translate(_INK), False)
    words = _read_image(stacked, (widest / zoom, top / zoom), language, dpi)[1]
    readings = {}
    for index, y0, y1 in bands:
        # Not what shows of the lines above and below, cut through at the strip's edges.
        inside = [word for word in words if y0 + PAD <= (word[1] + word[3]) / 2 <= y1 - PAD]
        if inside:
            readings[index] = min(inside, key=lambda word: word[0])[4]
    return readings


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
