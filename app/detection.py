"""What a document is, read from the text of its first pages: reference symbol, kind, dates, country.

Plain text in, plain values out: no PDF library and no database here, so the rules can be
tested on any text. Conventions are described in the team's notes on CPT and UN documents.
A field the text does not state stays empty: nothing is guessed for the sake of filling it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

_MONTH_NAMES = [
    ("january", "janvier", "jan"), ("february", "février", "fevrier", "feb"), ("march", "mars", "mar"),
    ("april", "avril", "apr"), ("may", "mai"), ("june", "juin", "jun"), ("july", "juillet", "jul"),
    ("august", "août", "aout", "aug"), ("september", "septembre", "sept", "sep"),
    ("october", "octobre", "oct"), ("november", "novembre", "nov"), ("december", "décembre", "decembre", "dec"),
]
_MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names}
_MONTH = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:er|st|nd|rd|th)?\s+" + _MONTH + r"\s+(\d{4})\b", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(r"\b" + _MONTH + r"\s+(\d{1,2}),?\s+(\d{4})\b", re.IGNORECASE)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")

_CPT_SYMBOL = re.compile(r"\bCPT\s*/\s*Inf\s*\(\s*(\d{4})\s*\)\s*(\d+)", re.IGNORECASE)
_UN_SYMBOL = re.compile(
    r"\b(A/HRC/(?:WG\.6/)?\d+/(?:L\.)?\d+(?:/Add\.\d+)?"
    r"|(?:CAT|CCPR|CERD|CEDAW|CRC|CESCR|CED|CRPD|CMW)/C/[A-Z]{2,3}/CO/\d+(?:-\d+)?(?:/Add\.\d+)?"
    r"|CAT/OP/[A-Z]{2,3}/\d+"
    r"|A/\d{2}/\d+(?:/Add\.\d+)?)"
)
# Council of Europe: Committee of Ministers, Commissioner for Human Rights, Secretary General.
_COE_SYMBOL = re.compile(r"\b((?:CM|CommDH|SG)(?:/[A-Za-z]+)*\s?\(\d{4}\)\s?\d+)")
_ECHR_APPLICATION = re.compile(r"\b[Aa]pplications?\s+[Nn]os?\.\s*(\d{1,6}/\d{2})")

_DISTRIBUTION = re.compile(r"Distr\.?:?\s*(?:General|Restricted|Limited)?\b(.{0,80})", re.IGNORECASE | re.DOTALL)
_STRASBOURG = re.compile(r"Strasbourg,\s*(.{0,30})", re.IGNORECASE)
_UPR_COUNTRY = re.compile(
    r"Report\s+of\s+the\s+Working\s+Group\s+on\s+the\s+Universal\s+Periodic\s+Review\s*\**\s*\n\s*([^\n*]+?)\s*\**\s*\n",
    re.IGNORECASE,
)
_VISIT_COUNTRY = re.compile(r"\bvisit\s+to\s+(?:the\s+)?([A-Z][\w'’ -]+?)\s+carried\s+out", re.DOTALL)
_VISIT_DATES = re.compile(
    r"\bfrom\s+(\d{1,2})(?:\s+" + _MONTH + r")?(?:\s+(\d{4}))?\s+to\s+(\d{1,2})\s+" + _MONTH + r"\s+(\d{4})",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^\s*(?:By|Par|Von|Por)\s+([A-Z][\w.'’-]+(?:\s+(?:[A-Z][\w.'’-]+|and|et|&)){0,5})\s*$", re.MULTILINE)
_URL = re.compile(r"https?://(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)", re.IGNORECASE)
_ORG_SITE = re.compile(r"\bwww\.([a-z0-9-]+)\.org\b", re.IGNORECASE)
_OFFICIAL_SITES = {"un", "coe", "ohchr", "echr"}

# How many first pages the cover information is looked for in.
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


def detect(pages: list[str], metadata_title: str | None = None) -> Detected:
    """What the first pages of a document say about it; fields stay empty where they are silent."""
    text = "\n".join(pages[:COVER_PAGES])
    cover = pages[0] if pages else ""
    reference = reference_symbol(text)
    if reference and reference.startswith("CPT/"):
        return _cpt(reference, cover)
    if reference and _UN_SYMBOL.fullmatch(reference):
        return _un(reference, cover)
    if reference:
        return Detected(reference=reference, publisher="Council of Europe", published=_date_after(_STRASBOURG, cover))
    application = _ECHR_APPLICATION.search(text)
    if application:
        return Detected(
            reference=f"Application no. {application.group(1)}",
            publisher="European Court of Human Rights",
            published=_date_after(_STRASBOURG, cover),
        )
    return _news_or_ngo(cover, metadata_title)


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


def _cpt(reference: str, cover: str) -> Detected:
    response = re.search(r"\bresponse of the\b", cover, re.IGNORECASE)
    country = _VISIT_COUNTRY.search(cover)
    visit = _VISIT_DATES.search(cover)
    start = end = None
    if visit:
        first_day, first_month, first_year, last_day, last_month, last_year = visit.groups()
        end = _iso(last_year, last_month, last_day)
        start = _iso(first_year or last_year, first_month or last_month, first_day)
    return Detected(
        reference=reference,
        kind="government_response" if response else "cpt_report",
        publisher="Council of Europe, CPT",
        published=_date_after(_STRASBOURG, cover),
        country=" ".join(country.group(1).split()) if country else None,
        visit_start=start,
        visit_end=end,
    )


def _un(reference: str, cover: str) -> Detected:
    upr = _UPR_COUNTRY.search(cover)
    country = " ".join(upr.group(1).split()) if upr else None
    return Detected(
        reference=reference,
        kind="un_report",
        publisher="United Nations Human Rights Council" if reference.startswith("A/HRC/") else "United Nations",
        published=_date_after(_DISTRIBUTION, cover),
        country=country,
        title=f"Report of the Working Group on the Universal Periodic Review: {country}" if country else None,
    )


def _news_or_ngo(cover: str, metadata_title: str | None) -> Detected:
    head = "\n".join(cover.splitlines()[:40])
    byline = _BYLINE.search(head)
    url = _URL.search(cover)
    headline, outlet = _split_title(metadata_title)
    if byline or (url and outlet):
        return Detected(
            kind="news",
            title=headline,
            publisher=outlet or (url.group(1) if url else None),
            author=byline.group(1) if byline else None,
            published=first_date(head),
        )
    site = _ORG_SITE.search(cover)
    if site and site.group(1).lower() not in _OFFICIAL_SITES:
        return Detected(kind="ngo_report", publisher=site.group(1).upper() if len(site.group(1)) <= 8 else None)
    return Detected()


def _split_title(title: str | None) -> tuple[str | None, str | None]:
    """Saved web pages are titled "Headline | Outlet" or "Headline - Outlet"."""
    if not title:
        return None, None
    for separator in (" | ", " — ", " – ", " - "):
        if separator in title:
            headline, outlet = title.rsplit(separator, 1)
            if 0 < len(outlet) <= 40:
                return headline.strip(), outlet.strip()
    return None, None


def first_date(text: str) -> str | None:
    """The first full date written in ``text`` (12 March 2024, March 12, 2024, 2024-03-12), as ISO."""
    found = []
    for pattern, order in ((_DAY_MONTH_YEAR, (3, 2, 1)), (_MONTH_DAY_YEAR, (3, 1, 2)), (_ISO_DATE, (1, 2, 3))):
        match = pattern.search(text)
        if match:
            value = _iso(*(match.group(i) for i in order))
            if value:
                found.append((match.start(), value))
    return min(found)[1] if found else None


def _date_after(anchor: re.Pattern[str], text: str) -> str | None:
    match = anchor.search(text)
    return first_date(match.group(1)) if match else None


def _iso(year: str | None, month: str | None, day: str | None) -> str | None:
    if not (year and month and day):
        return None
    number = int(month) if month.isdigit() else _MONTHS.get(month.lower().rstrip("."))
    try:
        return date(int(year), number or 0, int(day)).isoformat()
    except (TypeError, ValueError):
        return None
