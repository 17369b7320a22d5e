"""What a document is, read from the text of its first pages: reference symbol, kind, date, country.

Plain text in, plain values out: no PDF library and no database here, so the rules can be
tested on any text. Conventions are described in the team's notes on CPT and UN documents.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

_MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "janvier"), ("february", "février", "fevrier"), ("march", "mars"), ("april", "avril"),
         ("may", "mai"), ("june", "juin"), ("july", "juillet"), ("august", "août", "aout"),
         ("september", "septembre"), ("october", "octobre"), ("november", "novembre"),
         ("december", "décembre", "decembre")],
        start=1,
    )
    for name in names
}
_DATE = re.compile(r"\b(\d{1,2})(?:er)?\s+(" + "|".join(_MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE)

_CPT_SYMBOL = re.compile(r"\bCPT\s*/\s*Inf\s*\(\s*(\d{4})\s*\)\s*(\d+)", re.IGNORECASE)
_UN_SYMBOL = re.compile(
    r"\b(A/HRC/(?:WG\.6/)?\d+/(?:L\.)?\d+(?:/Add\.\d+)?"
    r"|(?:CAT|CCPR|CERD|CEDAW|CRC|CESCR|CED|CRPD|CMW)/C/[A-Z]{2,3}/CO/\d+(?:-\d+)?(?:/Add\.\d+)?"
    r"|A/\d{2}/\d+(?:/Add\.\d+)?)"
)
_DISTRIBUTION_DATE = re.compile(r"Distr\.?:?\s*(?:General|Restricted|Limited)?\b(.{0,80})", re.IGNORECASE | re.DOTALL)
_STRASBOURG_DATE = re.compile(r"Strasbourg,\s*(.{0,30})", re.IGNORECASE)
_UPR_COUNTRY = re.compile(
    r"Report\s+of\s+the\s+Working\s+Group\s+on\s+the\s+Universal\s+Periodic\s+Review\s*\**\s*\n\s*([^\n*]+?)\s*\**\s*\n",
    re.IGNORECASE,
)

# How many first pages the cover information is looked for in.
COVER_PAGES = 3


@dataclass(frozen=True)
class Detected:
    reference: str | None = None
    kind: str = "other"
    published: str | None = None
    country: str | None = None
    title: str | None = None


def detect(pages: list[str]) -> Detected:
    """What the first pages of a document say about it; fields stay empty where they are silent."""
    text = "\n".join(pages[:COVER_PAGES])
    cover = pages[0] if pages else ""
    reference = reference_symbol(text)
    kind = "other"
    published = None
    country = None
    title = None
    if reference and reference.startswith("CPT/"):
        kind = "government_response" if re.search(r"\bresponse of the\b", cover, re.IGNORECASE) else "cpt_report"
        published = _first_date(_STRASBOURG_DATE, cover)
    elif reference:
        kind = "un_report"
        published = _first_date(_DISTRIBUTION_DATE, cover)
        upr = _UPR_COUNTRY.search(cover)
        if upr:
            country = " ".join(upr.group(1).split())
            title = f"Report of the Working Group on the Universal Periodic Review: {country}"
    return Detected(reference=reference, kind=kind, published=published, country=country, title=title)


def reference_symbol(text: str) -> str | None:
    """The document's own symbol: the one its cover and running headers repeat most."""
    found = [f"CPT/Inf ({year}) {number}" for year, number in _CPT_SYMBOL.findall(text)]
    found += _UN_SYMBOL.findall(text)
    if not found:
        return None
    counts = Counter(found)
    # Most frequent wins; among equals, the one that comes first.
    return max(found, key=lambda symbol: (counts[symbol], -found.index(symbol)))


def _first_date(anchor: re.Pattern[str], text: str) -> str | None:
    match = anchor.search(text)
    if not match:
        return None
    found = _DATE.search(match.group(1))
    if not found:
        return None
    day, month, year = int(found.group(1)), _MONTHS[found.group(2).lower()], int(found.group(3))
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
