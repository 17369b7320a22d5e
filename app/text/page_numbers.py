"""Printed page numbers, for PDFs that do not carry page labels of their own.

Reports are cited by the number printed on the page ("p. 12"), which often differs from
the PDF's page index: a cover and a contents page come first, unnumbered or in roman
numerals. Where the PDF has no /PageLabels, the numbers printed in the running headers or
footers are read instead, but only when they follow the pages steadily.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from app.text.paragraphs import MARGIN, Line

_PRINTED = re.compile(r"^(?:page\s+)?[-–—]?\s*(\d{1,4}|[ivxlc]{1,7})\s*[-–—]?$", re.IGNORECASE)
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
# The share of pages whose printed number must agree with the others.
AGREEMENT = 0.6


# The number printed in a page's margin, arabic and roman (the first of each), if any.
PrintedNumber = tuple[int | None, str | None]


def printed_number(text: str, height: float, lines: Iterable[Line]) -> PrintedNumber:
    """The page number printed in one page's header or footer; read where the page is read."""
    arabic: int | None = None
    roman: str | None = None
    for line in lines:
        if height * MARGIN <= line.y0 and line.y1 <= height * (1 - MARGIN):
            continue
        match = _PRINTED.match(text[line.start : line.end].strip())
        if not match:
            continue
        value = match.group(1)
        if value.isdigit():
            arabic = int(value) if arabic is None else arabic
        elif _roman_value(value):
            roman = value.lower() if roman is None else roman
    return arabic, roman


def printed_labels(pages: list[PrintedNumber]) -> list[str] | None:
    """One label per page, or None when the printed numbers are absent, plain or unsteady.

    Arabic numbers must sit at one steady offset from the page index on most pages; pages
    before the first of them keep roman numbers where printed, else their page number.
    """
    arabic = {index: number for index, (number, _roman) in enumerate(pages) if number is not None}
    roman = {index: numeral for index, (_number, numeral) in enumerate(pages) if numeral is not None}
    if not arabic:
        return None
    offsets = Counter(number - index for index, number in arabic.items())
    offset, votes = offsets.most_common(1)[0]
    if votes < max(3, AGREEMENT * len(arabic)) or offset == 1 and not roman:
        return None  # no numbering, an unsteady one, or the same as the page numbers
    first = min(index for index, number in arabic.items() if number - index == offset)
    labels = []
    for index in range(len(pages)):
        if index + offset >= 1 and index >= first:
            labels.append(str(index + offset))
        else:
            # Unnumbered front matter gets roman numbers, so no label is given twice.
            labels.append(roman.get(index, _to_roman(index + 1)))
    return labels


def _to_roman(number: int) -> str:
    result = ""
    for value, numeral in ((100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while number >= value:
            result += numeral
            number -= value
    return result


def _roman_value(numeral: str) -> int:
    total = 0
    values = [_ROMAN.get(char, 0) for char in numeral.lower()]
    if not all(values):
        return 0
    for position, value in enumerate(values):
        following = values[position + 1] if position + 1 < len(values) else 0
        total += -value if value < following else value
    return total
