"""What a document is, read from the text of its pages: reference symbol, kind, dates, country, title.

Plain text in, plain values out: no PDF library and no database here, so the rules can be
tested on any text. Conventions are described in the team's notes on CPT and UN documents.
A field the text does not state stays empty: nothing is guessed for the sake of filling it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from app.text import countries
from app.text.detection import news, sources
from app.text.detection.dates import MONTH, date_after, first_date, iso
from app.text.detection.titles import CoverLine, cover_title, is_generic, split_title, without_outlet

__all__ = ["COVER_PAGES", "CoverLine", "Detected", "detect", "first_date", "reference_symbol", "symbols_in",
           "visit_dates"]

_CPT_SYMBOL = re.compile(r"\bCPT\s*/\s*Inf\s*\(\s*(\d{4})\s*\)\s*(\d+)", re.IGNORECASE)
_UN_SYMBOL = re.compile(
    r"\b(A/HRC/(?:WG\.6/)?\d+/(?:L\.)?\d+(?:/Add\.\d+)?"
    r"|(?:CAT|CCPR|CERD|CEDAW|CRC|CESCR|CED|CRPD|CMW)/C/[A-Z]{2,3}/CO/\d+(?:-\d+)?(?:/Add\.\d+)?"
    r"|CAT/OP/[A-Z]{2,3}/\d+"
    r"|A/\d{2}/\d+(?:/Add\.\d+)?)"
)
# Council of Europe: Committee of Ministers, Commissioner for Human Rights, Secretary General.
_COE_SYMBOL = re.compile(r"\b((?:CM|CommDH|SG)(?:/[A-Za-z]+)*\s?\(\d{4}\)\s?\d+)")

_DISTRIBUTION = re.compile(r"Distr\.?:?\s*(?:General|Restricted|Limited)?\b(.{0,80})", re.IGNORECASE | re.DOTALL)
_STRASBOURG = re.compile(r"Strasbourg,\s*(.{0,30})", re.IGNORECASE)
_UPR_COUNTRY = re.compile(
    r"Report\s+of\s+the\s+Working\s+Group\s+on\s+the\s+Universal\s+Periodic\s+Review\s*[^\w\s]{0,3}\s*\n\s*([^\n*]+?)\s*\**\s*\n",
    re.IGNORECASE,
)  # The mark after "Review" is a footnote's asterisk, read from a scan as ":", "«" or "’" as often as not.
# Footnote marks a cover may print after the State's name ("Poland ∗", "Poland¹").
_MARK = r"[\u2217*\u2020\u2021\u00b9\u00b2\u00b3\u2070-\u2079]*"
# Reports say "visit to X carried out … from … to …"; responses often just "visit to X from … to …".
_VISIT_COUNTRY = re.compile(
    r"\bvisit\s+to\s+(?:the\s+)?([A-Z][\w'’ -]+?)" + _MARK + r"\s+(?:carried\s+out|from\s+\d|in\s+\d{4}\b)",
    re.DOTALL,
)
_VISIT_DATES = re.compile(
    r"\bfrom\s+(\d{1,2})(?:\s+" + MONTH + r")?(?:\s+(\d{4}))?\s+to\s+(\d{1,2})\s+" + MONTH + r"\s+(\d{4})",
    re.IGNORECASE,
)

# How many first pages the cover information is looked for in (the last page is read too).
COVER_PAGES = 3


@dataclass(frozen=True)
class Detected:
    reference: str | None = None
    kind: str = "other"
    published: str | None = None
    country: str | None = None
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    visit_start: str | None = None
    visit_end: str | None = None


def detect(
    pages: list[str],
    metadata_title: str | None = None,
    *,
    cover_lines: Sequence[CoverLine] = (),
    title_shared: bool = False,
    recognised: bool = False,
) -> Detected:
    """What a document's pages say about it; fields stay empty where they are silent.

    ``pages`` may be the whole document: the first pages and the last are read. ``cover_lines``
    are the first page's lines with their sizes, for a title when the metadata's cannot be
    trusted; ``title_shared`` says another document in the library has the same metadata title;
    ``recognised``, that the cover's lines were recognised from a scan (their sizes are their ink's).
    """
    found = _what(pages, metadata_title)
    if found.title:
        return found
    trusted = None if title_shared or is_generic(metadata_title) else metadata_title
    if found.kind == "news":
        title = (split_title(trusted)[0] or trusted) if trusted else cover_title(cover_lines, recognised=recognised)
        return replace(found, title=without_outlet(title, found.publisher) if title else None)
    return replace(found, title=trusted or cover_title(cover_lines, found.reference, recognised=recognised))


def _what(pages: list[str], metadata_title: str | None) -> Detected:
    text = "\n".join(pages[:COVER_PAGES])
    cover = pages[0] if pages else ""
    reference = reference_symbol(text)
    if reference and reference.startswith("CPT/"):
        return _cpt(reference, cover)
    if reference and _UN_SYMBOL.fullmatch(reference):
        return _un(reference, cover)
    if reference:
        return Detected(reference=reference, publisher="Council of Europe", published=date_after(_STRASBOURG, cover))
    scanned = sources.scanned_pages(pages, COVER_PAGES)
    court = sources.court(scanned)
    if court:
        return Detected(reference=court.reference, publisher=court.publisher, published=date_after(_STRASBOURG, cover))
    article = news.article(cover, metadata_title)
    if article:
        return Detected(
            kind="news", publisher=article.outlet, author=article.author, published=article.published
        )
    source = sources.field_mission([cover]) or sources.ngo(scanned) or sources.field_mission(scanned)
    if source:
        return Detected(kind=source.kind, publisher=source.publisher, country=source.country)
    return Detected()


def reference_symbol(text: str) -> str | None:
    """The document's own symbol: the one its cover and running headers repeat most."""
    found = [f"CPT/Inf ({year}) {number}" for year, number in _CPT_SYMBOL.findall(text)]
    found += _UN_SYMBOL.findall(text)
    found += [" ".join(symbol.split()) for symbol in _COE_SYMBOL.findall(text)]
    if not found:
        return None
    counts = Counter(found)
    # Most frequent wins; among equals, the one that comes first.
    return max(found, key=lambda symbol: (counts[symbol], -found.index(symbol)))


def symbols_in(text: str) -> list[str]:
    """Every document symbol the text prints (CPT, UN, Council of Europe), in order, each once."""
    found = [f"CPT/Inf ({year}) {number}" for year, number in _CPT_SYMBOL.findall(text)]
    found += _UN_SYMBOL.findall(text)
    found += [" ".join(symbol.split()) for symbol in _COE_SYMBOL.findall(text)]
    return sorted(set(found), key=found.index)


def visit_dates(text: str) -> tuple[str | None, str | None]:
    """The first and last day of the visit the text tells of ("from 3 to 14 March 2025"), as ISO."""
    visit = _VISIT_DATES.search(text)
    if not visit:
        return None, None
    first_day, first_month, first_year, last_day, last_month, last_year = visit.groups()
    return iso(first_year or last_year, first_month or last_month, first_day), iso(last_year, last_month, last_day)


def _cpt(reference: str, cover: str) -> Detected:
    response = re.search(r"\bresponse of the\b", cover, re.IGNORECASE)
    country = _VISIT_COUNTRY.search(cover)
    start, end = visit_dates(cover)
    return Detected(
        reference=reference,
        kind="government_response" if response else "cpt_report",
        publisher="Council of Europe, CPT",
        published=date_after(_STRASBOURG, cover),
        country=countries.canonical(country.group(1)) if country else None,
        visit_start=start,
        visit_end=end,
    )


def _un(reference: str, cover: str) -> Detected:
    upr = _UPR_COUNTRY.search(cover)
    printed = " ".join(upr.group(1).split()) if upr else None
    return Detected(
        reference=reference,
        kind="un_report",
        publisher="United Nations Human Rights Council" if reference.startswith("A/HRC/") else "United Nations",
        published=date_after(_DISTRIBUTION, cover),
        country=countries.canonical(printed),
        # The title keeps the State's name as the cover prints it; the country field is the canonical one.
        title=f"Report of the Working Group on the Universal Periodic Review: {printed}" if printed else None,
    )
