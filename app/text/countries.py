"""Countries as ISO 3166-1 knows them: any of a State's names in, one short name and its code out.

Documents name one State many ways (UN style "United Kingdom of Great Britain and Northern
Ireland", CPT style "the Netherlands", former names such as "Turkey"), often with a footnote
mark after the name. A library stores one canonical short name per State so that a filter,
a facet count or a citation sees one country, not three; the alpha-2 code is derived from it.
"""

from __future__ import annotations

import re
from functools import cache

import pycountry

# Names still written in documents that ISO 3166-1 no longer lists (or never listed) for a State.
_FORMER_NAMES = {
    "turkey": "TR", "republic of turkey": "TR", "swaziland": "SZ", "macedonia": "MK",
    "the former yugoslav republic of macedonia": "MK", "former yugoslav republic of macedonia": "MK",
    "republic of korea": "KR", "russia": "RU", "great britain": "GB", "britain": "GB",
    "ivory coast": "CI", "cape verde": "CV", "burma": "MM", "holy see": "VA", "vatican": "VA",
    "czech republic": "CZ", "moldova": "MD", "democratic republic of the congo": "CD",
    "republic of the congo": "CG", "united states of america": "US", "micronesia": "FM", "palestine": "PS",
}
# Footnote marks printed after a State's name on covers: asterisks, daggers, superscript or plain digits.
_MARKS = re.compile(r"[\s\u2217*\u2020\u2021\u00b9\u00b2\u00b3\u2070-\u2079\d]+$")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


def clean_name(text: str) -> str:
    """The name as printed, without footnote marks, a leading "the" or doubled spaces."""
    name = _MARKS.sub("", " ".join(text.split()))
    return _LEADING_THE.sub("", name).strip(" ,.;:")


def lookup(text: str | None) -> tuple[str, str] | None:
    """(alpha-2 code, short name) of the State ``text`` names in any of its forms, or None."""
    if not text:
        return None
    name = clean_name(text)
    if not name:
        return None
    # Codes only in capitals: "and", "can", "per" in running text are words, not Andorra, Canada, Peru.
    code = _by_code().get(name) or _by_name().get(name.casefold())
    return (code, short_name(code)) if code else None


def canonical(text: str | None) -> str | None:
    """The short name to store for ``text``: the list's when it knows the State, else the cleaned name.

    Unknown names (a territory ISO does not list, a fictional State in a test) are kept as
    printed: a name the text gives is never dropped, only tidied."""
    if not text:
        return None
    found = lookup(text)
    return found[1] if found else (clean_name(text) or None)


def code(text: str | None) -> str | None:
    found = lookup(text)
    return found[0] if found else None


@cache
def short_name(alpha_2: str) -> str:
    """The name a reader expects: the common name where ISO has one, and no "Korea, Republic of"."""
    country = pycountry.countries.get(alpha_2=alpha_2)
    name = getattr(country, "common_name", None) or country.name
    if ", " in name:
        main, qualifier = name.split(", ", 1)
        if qualifier.endswith((" of", " of the")):
            name = _LEADING_THE.sub("", f"{qualifier} {main}")
            name = name[:1].upper() + name[1:]
    return name


@cache
def _by_name() -> dict[str, str]:
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            value = getattr(country, attribute, None)
            if value:
                names.setdefault(_LEADING_THE.sub("", value).casefold(), country.alpha_2)
    for name, alpha_2 in _FORMER_NAMES.items():
        names.setdefault(name, alpha_2)
    for alpha_2 in set(names.values()):
        names.setdefault(short_name(alpha_2).casefold(), alpha_2)
    return names


@cache
def _by_code() -> dict[str, str]:
    return {
        value: country.alpha_2
        for country in pycountry.countries
        for value in (country.alpha_2, country.alpha_3, "UK" if country.alpha_2 == "GB" else None)
        if value
    }
