"""Dates as documents write them (12 March 2024, March 12, 2024, 2024-03-12), read as ISO."""

from __future__ import annotations

import re
from datetime import date

_MONTH_NAMES = [
    ("january", "janvier", "jan"), ("february", "février", "fevrier", "feb"), ("march", "mars", "mar"),
    ("april", "avril", "apr"), ("may", "mai"), ("june", "juin", "jun"), ("july", "juillet", "jul"),
    ("august", "août", "aout", "aug"), ("september", "septembre", "sept", "sep"),
    ("october", "octobre", "oct"), ("november", "novembre", "nov"), ("december", "décembre", "decembre", "dec"),
]
MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names}
MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:er|st|nd|rd|th)?\s+" + MONTH + r"\s+(\d{4})\b", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(r"\b" + MONTH + r"\s+(\d{1,2}),?\s+(\d{4})\b", re.IGNORECASE)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")

# Web pages say when an article came out on a line of its own; the site's top bar carries
# today's date, which is not the article's. Published beats posted, posted beats updated.
_STATED = [
    re.compile(rf"^[^\S\n]*(?:{word})\b(?:[^\S\n]+on)?[^\S\n]*:?[^\S\n]*(.{{0,60}})$", re.IGNORECASE | re.MULTILINE)
    for word in ("published|first published|publié le|publié", "posted", "updated|last updated|mis à jour")
]


def first_date(text: str) -> str | None:
    """The first full date written in ``text``, as ISO."""
    found = []
    for pattern, order in ((_DAY_MONTH_YEAR, (3, 2, 1)), (_MONTH_DAY_YEAR, (3, 1, 2)), (_ISO_DATE, (1, 2, 3))):
        match = pattern.search(text)
        if match:
            value = iso(*(match.group(i) for i in order))
            if value:
                found.append((match.start(), value))
    return min(found)[1] if found else None


def stated_date(text: str) -> str | None:
    """The date on a "Published …" line (else "Posted …", else "Updated …")."""
    for pattern in _STATED:
        for match in pattern.finditer(text):
            value = first_date(match.group(1))
            if value:
                return value
    return None


def date_after(anchor: re.Pattern[str], text: str) -> str | None:
    match = anchor.search(text)
    return first_date(match.group(1)) if match else None


def iso(year: str | None, month: str | None, day: str | None) -> str | None:
    if not (year and month and day):
        return None
    number = int(month) if month.isdigit() else MONTHS.get(month.lower().rstrip("."))
    try:
        return date(int(year), number or 0, int(day)).isoformat()
    except (TypeError, ValueError):
        return None
