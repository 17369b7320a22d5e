"""Citations of passages as lawyers write them: ``CPT/Inf (2024) 23, para. 45, p. 12``.

A template names fields in braces; a part in square brackets is left out when a field
in it is empty, so one template serves documents with and without paragraph numbers.
``{reference|title}`` takes the first field that has a value.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_TEMPLATE = "{reference|title}[, para. {paragraphs}][, p. {page}]"
FIELDS = ("reference", "title", "publisher", "date", "paragraphs", "page", "country", "sha256", "added")

_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")
_FIELD = re.compile(r"\{([a-z0-9_|]+)\}")


class TemplateError(ValueError):
    """The template cannot be used; the message says why."""


@dataclass(frozen=True)
class CitationParts:
    reference: str | None
    title: str
    publisher: str | None
    date: str | None
    paragraphs: tuple[str, ...]
    page: str
    country: str | None = None
    sha256: str | None = None
    added: str | None = None

    def values(self) -> dict[str, str]:
        paragraphs = self.paragraphs
        if len(paragraphs) > 1:
            joined = f"{paragraphs[0]}-{paragraphs[-1]}" if _consecutive(paragraphs) else ", ".join(paragraphs)
        else:
            joined = paragraphs[0] if paragraphs else ""
        return {
            "reference": self.reference or "",
            "title": self.title,
            "publisher": self.publisher or "",
            "date": self.date or "",
            "paragraphs": joined,
            "page": self.page,
            "country": self.country or "",
            "sha256": self.sha256 or "",
            "added": self.added or "",
        }


def check_template(template: str) -> None:
    """Refuse templates with unknown fields or unbalanced brackets, naming the problem."""
    if template.count("[") != template.count("]") or template.count("{") != template.count("}"):
        raise TemplateError("A bracket in the citation template is not closed.")
    for names in _FIELD.findall(template):
        for name in names.split("|"):
            if name not in FIELDS:
                raise TemplateError(f"The citation template names an unknown field {{{name}}}; known: {', '.join(FIELDS)}.")


def cite(parts: CitationParts, template: str = DEFAULT_TEMPLATE) -> str:
    check_template(template)
    values = parts.values()
    # "paras." where several paragraphs are cited.
    if len(parts.paragraphs) > 1:
        template = template.replace("para. {paragraphs}", "paras. {paragraphs}")

    def optional(match: re.Match[str]) -> str:
        inner = match.group(1)
        return _fill(inner, values) if all(_value(names, values) for names in _FIELD.findall(inner)) else ""

    return _fill(_OPTIONAL.sub(optional, template), values).strip()


def clipboard(quote: str, citation: str) -> tuple[str, str]:
    """What "Copy citation" puts on the clipboard: plain text and HTML."""
    text = " ".join(quote.split())
    plain = f"\u201c{text}\u201d ({citation})"
    rich = f"<blockquote>\u201c{html.escape(text)}\u201d</blockquote><p>{html.escape(citation)}</p>"
    return plain, rich


def _fill(template: str, values: Mapping[str, str]) -> str:
    return _FIELD.sub(lambda match: _value(match.group(1), values), template)


def _value(names: str, values: Mapping[str, str]) -> str:
    return next((values[name] for name in names.split("|") if values.get(name)), "")


def _consecutive(paragraphs: tuple[str, ...]) -> bool:
    if not all(p.isdigit() for p in paragraphs):
        return False
    numbers = [int(p) for p in paragraphs]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))
