"""Event dates: ISO 8601, possibly partial ("2024", "2024-02", "2024-02-16")."""

from __future__ import annotations

import calendar
import re
from datetime import date

_PARTIAL = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


class BadDate(ValueError):
    pass


def span(text: str) -> tuple[date, date]:
    """The first and last day a partial date can mean; ``BadDate`` names what is wrong."""
    match = _PARTIAL.fullmatch(text.strip())
    if not match:
        raise BadDate(f"\u201c{text}\u201d is not a date: write it as YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None
    try:
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)
        last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0
        if day is None:
            return date(year, month, 1), date(year, month, last)
        return date(year, month, day), date(year, month, day)
    except ValueError:
        raise BadDate(f"\u201c{text}\u201d is not a date that exists") from None


def precision_of(text: str) -> str:
    """The precision a partial date states by its form."""
    return ("year", "month", "day")[text.strip().count("-")]


def midpoint(start: str, end: str | None) -> date:
    """Where an event sits on a time axis: the middle of what its dates can mean."""
    first = span(start)[0]
    last = span(end)[1] if end else span(start)[1]
    return first + (last - first) / 2
