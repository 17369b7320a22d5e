"""Who issued a document that carries no symbol: a court, a UN field mission, an NGO.

They name themselves on the cover, on the page after it, or only on the back cover (an
NGO's address and site, a mission's contact page), so the first pages and the last are read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.text import countries

_ECHR_APPLICATION = re.compile(r"\b[Aa]pplications?\s+[Nn]os?\.\s*(\d{1,6}/\d{2})")
_COURTS = (
    ("European Court of Human Rights", re.compile(r"\bEuropean\s+Court\s+of\s+Human\s+Rights\b", re.IGNORECASE)),
    ("Inter-American Court of Human Rights", re.compile(r"\bInter-American\s+Court\s+of\s+Human\s+Rights\b", re.I)),
    ("African Court on Human and Peoples' Rights",
     re.compile(r"\bAfrican\s+Court\s+on\s+Human\s+and\s+Peoples[’']?\s+Rights\b", re.IGNORECASE)),
)
_RULING = re.compile(r"\b(JUDGMENT|DECISION|ADVISORY OPINION|ORDER|ARRÊT|Judgment of|Decision of)\b")
# "United Nations Assistance Mission in Afghanistan", "UN Human Rights Monitoring Mission in Ukraine".
_MISSION = re.compile(
    r"\b((?:United[^\S\n]+Nations|UN)\s+(?:[A-Z][\w-]*\s+(?:and\s+|for\s+)?){0,5}Mission\s+(?:in|for|to|on)\s+"
    r"(?:the\s+)?((?:[A-Z][\w'’-]*)(?:[^\S\n]+(?:of\s+|the\s+)*[A-Z][\w'’-]*){0,5}))"
)
_ORG_SITE = re.compile(r"\bwww\.([a-z0-9-]+)\.org\b", re.IGNORECASE)
_OFFICIAL_SITES = {"un", "coe", "ohchr", "echr", "unhcr", "unicef", "osce"}
_SHORT_NAME = 8


@dataclass(frozen=True)
class Source:
    kind: str = "other"
    publisher: str | None = None
    reference: str | None = None
    country: str | None = None


def scanned_pages(pages: list[str], first: int) -> list[str]:
    """The first ``first`` pages and the last one: where an issuer names itself."""
    return pages[:first] + pages[first:][-1:]


def court(pages: list[str]) -> Source | None:
    text = "\n".join(pages)
    application = _ECHR_APPLICATION.search(text)
    if application:
        return Source(reference=f"Application no. {application.group(1)}", publisher=_COURTS[0][0])
    for name, pattern in _COURTS:
        if pattern.search(text) and _RULING.search(text):
            return Source(publisher=name)
    return None


def field_mission(pages: list[str]) -> Source | None:
    """A UN mission's document: UN-issued, about the country the mission is in."""
    for page in pages:
        for match in _MISSION.finditer(page):
            found = _country_prefix(match.group(2))
            if found:
                name, country = found
                publisher = " ".join(match.group(1)[: match.start(2) - match.start(1)].split()) + " " + name
                return Source(kind="un_report", publisher=publisher, country=country)
    return None


def ngo(pages: list[str]) -> Source | None:
    for page in pages:
        for site in _ORG_SITE.finditer(page):
            name = site.group(1)
            if name.lower() not in _OFFICIAL_SITES:
                return Source(kind="ngo_report", publisher=name.upper() if len(name) <= _SHORT_NAME else None)
    return None


def _country_prefix(words: str) -> tuple[str, str] | None:
    """The longest run of leading words that names a State, as printed and as stored."""
    parts = words.split()
    for end in range(len(parts), 0, -1):
        printed = " ".join(parts[:end])
        found = countries.lookup(printed)
        if found:
            return printed, found[1]
    return None
