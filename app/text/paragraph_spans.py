"""Where each numbered paragraph runs, with its lettered items and its listed recommendations.

A paragraph runs to the next one, or to a heading, or to the end of its text; running headers,
footers and footnotes met on the way are not its text, so its ranges leave them out.
"""

from __future__ import annotations

from app.text.paragraph_records import (
    HEADING_LINE,
    ITEM_LABEL,
    SIZE,
    SMALL_PRINT,
    Candidate,
    Listed,
    PageLayout,
    Paragraph,
    Piece,
)

MAX_PAGES = 3  # a "paragraph" over more pages than this is a contents entry or a heading, not a paragraph

_BodyPiece = tuple[int, int, Piece]  # page, index in the page's pieces, piece
_Spot = tuple[int, int]  # page, piece
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")


def paragraph_spans(
    pages: list[PageLayout],
    accepted: list[Candidate],
    listed: Listed,
    body_size: float,
    furniture: set[_Spot],
) -> list[Paragraph]:
    """The paragraphs of the accepted starts, nested items and recommendations after each.

    A paragraph over more than :data:`MAX_PAGES` pages is dropped, and the whole numbering
    when most of it is such: numbers that span whole sections number something else.
    A paragraph that lists its recommendations may run long; each of them is its own locator.
    """
    starts = {(c.page, c.piece) for c in accepted}
    paragraphs: list[Paragraph] = []
    dropped = 0
    for candidate in accepted:
        pieces = body_pieces(pages, (candidate.page, candidate.piece), starts, body_size, furniture)
        own = listed.get((candidate.page, candidate.piece), [])
        if pieces[-1][0] - pieces[0][0] + 1 > MAX_PAGES and not own:
            dropped += 1
            continue
        number = _number(candidate)
        paragraphs.append(make_paragraph(number, pieces))
        paragraphs.extend(_children(number, pieces, own))
    if dropped * 2 > len(accepted):
        return []
    return paragraphs


def _children(number: str, pieces: list[_BodyPiece], recommended: list[tuple[_Spot, int]]) -> list[Paragraph]:
    """Lettered items ("45(a)") and listed recommendations ("60 rec. 12"), nested in the paragraph."""
    children = []
    for labels, kind in ((_item_pieces(pieces), "item"), (_recommendation_pieces(pieces, recommended), "recommendation")):
        for position, (begin, label) in enumerate(labels):
            finish = labels[position + 1][0] if position + 1 < len(labels) else len(pieces)
            locator = f"{number}({label})" if kind == "item" else f"{number} rec. {label}"
            children.append(make_paragraph(locator, pieces[begin:finish], kind))
    return children


def _recommendation_pieces(pieces: list[_BodyPiece], recommended: list[tuple[_Spot, int]]) -> list[tuple[int, str]]:
    if not recommended:
        return []
    where = {(page, index): position for position, (page, index, _piece) in enumerate(pieces)}
    return [(where[spot], str(n)) for spot, n in recommended if spot in where]


def _item_pieces(pieces: list[_BodyPiece]) -> list[tuple[int, str]]:
    """Where the items (a), (b)... or (i), (ii)... of a paragraph open, with their labels.

    Only a run that starts at (a) or (i), goes on in order and has two items at least:
    an item met alone is the tail of a list that runs inside the lines, not a structure.
    """
    found = [(i, piece[ITEM_LABEL]) for i, (_page, _index, piece) in enumerate(pieces) if i and piece[ITEM_LABEL]]
    for sequence in (_LETTERS, _ROMAN):
        run: list[tuple[int, str]] = []
        for index, label in found:
            if len(run) < len(sequence) and label == sequence[len(run)]:
                run.append((index, label))
        if len(run) >= 2:
            return run
    return []


def body_pieces(
    pages: list[PageLayout], own: _Spot, starts: set[_Spot], body_size: float, furniture: set[_Spot],
    stop_at_headings: bool = True,
) -> list[_BodyPiece]:
    """The pieces of text from ``own`` to the next start (or heading), furniture and small print left out."""
    found: list[_BodyPiece] = []
    page, index = own
    smallest = body_size * SMALL_PRINT
    while page < len(pages):
        pieces = pages[page].pieces
        if index >= len(pieces):
            page, index = page + 1, 0
            continue
        if (page, index) in starts and (page, index) != own:
            break
        piece = pieces[index]
        if piece[SIZE] >= smallest and (page, index) not in furniture:
            if stop_at_headings and piece[HEADING_LINE] and (page, index) != own:
                break
            found.append((page, index, piece))
        index += 1
    return found


def _number(candidate: Candidate) -> str:
    number = str(candidate.main)
    if candidate.sub is not None:
        number += f".{candidate.sub}"
    if candidate.suffix:
        number += f" {candidate.suffix}"
    return number


def make_paragraph(number: str, pieces: list[_BodyPiece], kind: str = "paragraph") -> Paragraph:
    boxes: dict[int, tuple[float, float, float, float]] = {}
    ranges: dict[int, tuple[int, int]] = {}
    for page, _index, (start, end, x0, y0, x1, y1, *_rest) in pieces:
        box = boxes.get(page)
        boxes[page] = (
            (x0, y0, x1, y1) if box is None else (min(box[0], x0), min(box[1], y0), max(box[2], x1), max(box[3], y1))
        )
        ranges[page] = (ranges[page][0], end) if page in ranges else (start, end)
    (first_page, _first_index, first), (last_page, _last_index, last) = pieces[0], pieces[-1]
    return Paragraph(
        number=number,
        page_index=first_page,
        start=first[0],
        end_page_index=last_page,
        end=last[1],
        boxes=tuple((page, *box) for page, box in sorted(boxes.items())),
        ranges=tuple((page, *span) for page, span in sorted(ranges.items())),
        kind=kind,
    )
