"""Citations of passages as lawyers write them: ``CPT/Inf (2024) 23, para. 45, p. 12``.

A template names fields in braces; a part in square brackets is left out when a field
in it is empty, so one template serves documents with and without paragraph numbers.
``{reference|title}`` takes the first field that has a value.

A passage's locators come as detection stores them: paragraphs ("45", "45(a)"), numbered
sections ("§ 3.5", cited where no paragraph number holds the passage) and recommendations
listed inside a paragraph ("60 rec. 12"), which fill ``{paragraphs}``, ``{section}`` and
``{recommendation}``.

The template is read once into :class:`Template` pieces; exports turn those pieces into
one SQL expression (so 100,000 citations cost no Python per row), and :func:`cite` fills
them in Python for one passage.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

DEFAULT_TEMPLATE = "{reference|title}[, para. {paragraphs}][, rec. {recommendation}][, § {section}][, p. {page}]"
FIELDS = ("reference", "title", "publisher", "date", "paragraphs", "page", "country", "sha256", "added", "section",
          "recommendation")
LOCATOR_FIELDS = frozenset({"paragraphs", "section", "recommendation"})
SECTION_MARK, RECOMMENDATION_MARK = "§ ", " rec. "

_NAME = re.compile(r"[a-z0-9_]+")


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
        paragraphs, sections, recommendations = split_locators(self.paragraphs)
        return {
            "reference": self.reference or "",
            "title": self.title,
            "publisher": self.publisher or "",
            "date": self.date or "",
            "paragraphs": join_paragraphs(paragraphs),
            "section": ", ".join(sections),
            "recommendation": ", ".join(recommendations),
            "page": self.page,
            "country": self.country or "",
            "sha256": self.sha256 or "",
            "added": self.added or "",
        }


@dataclass(frozen=True)
class Field:
    names: tuple[str, ...]  # the first with a value is used


@dataclass(frozen=True)
class Optional:
    pieces: tuple[str | Field, ...]  # left out unless every field in it has a value


Piece = str | Field | Optional


@dataclass(frozen=True)
class Template:
    pieces: tuple[Piece, ...]

    def fields(self) -> set[str]:
        found: set[str] = set()
        for piece in self.pieces:
            for inner in piece.pieces if isinstance(piece, Optional) else (piece,):
                if isinstance(inner, Field):
                    found.update(inner.names)
        return found


@lru_cache(maxsize=64)
def parse_template(template: str) -> Template:
    """The template read into pieces; :class:`TemplateError` names what is wrong, and where."""
    if not template.strip():
        raise TemplateError("The citation template is empty.")
    pieces: list[Piece] = []
    optional: list[str | Field] | None = None
    position = 0
    while position < len(template):
        char = template[position]
        target: list = pieces if optional is None else optional
        if char == "{":
            end = template.find("}", position)
            if end < 0:
                raise TemplateError("A \u201c{\u201d in the citation template is not closed.")
            target.append(_field(template[position + 1 : end]))
            position = end + 1
        elif char == "}":
            raise TemplateError("A \u201c}\u201d in the citation template has no \u201c{\u201d before it.")
        elif char == "[":
            if optional is not None:
                raise TemplateError("Optional parts in square brackets cannot be nested.")
            optional = []
            position += 1
        elif char == "]":
            if optional is None:
                raise TemplateError("A \u201c]\u201d in the citation template has no \u201c[\u201d before it.")
            pieces.append(Optional(tuple(optional)))
            optional = None
            position += 1
        else:
            end = min([i for i in (template.find(c, position) for c in "{}[]") if i >= 0] or [len(template)])
            target.append(template[position:end])
            position = end
    if optional is not None:
        raise TemplateError("A \u201c[\u201d in the citation template is not closed.")
    return Template(tuple(pieces))


def _field(inside: str) -> Field:
    names = tuple(name.strip() for name in inside.split("|"))
    for name in names:
        if name not in FIELDS:
            shown = name if _NAME.fullmatch(name) else name[:20]
            raise TemplateError(f"The citation template names an unknown field {{{shown}}}; known: {', '.join(FIELDS)}.")
    return Field(names)


def check_template(template: str) -> None:
    """Refuse templates with unknown fields or unbalanced brackets, naming the problem."""
    parse_template(template)


def plural(template: Template, fields: frozenset[str] = frozenset({"paragraphs"})) -> Template:
    """The template for a passage over several paragraphs (or sections): "para. {paragraphs}"
    reads "paras.", "§ {section}" reads "§§"."""
    marks = {"paragraphs": ("para. ", "paras. "), "section": ("§ ", "§§ ")}

    def fix(pieces: Sequence[Piece]) -> tuple:
        out: list = []
        for index, piece in enumerate(pieces):
            following = pieces[index + 1] if index + 1 < len(pieces) else None
            name = following.names[0] if isinstance(following, Field) and len(following.names) == 1 else ""
            if isinstance(piece, Optional):
                out.append(Optional(fix(piece.pieces)))
            elif isinstance(piece, str) and name in fields and name in marks and piece.endswith(marks[name][0]):
                out.append(piece[: -len(marks[name][0])] + marks[name][1])
            else:
                out.append(piece)
        return tuple(out)

    return Template(fix(template.pieces))


def fill(template: Template, values: Mapping[str, str]) -> str:
    out: list[str] = []
    for piece in template.pieces:
        if isinstance(piece, Optional):
            if all(_value(inner, values) for inner in piece.pieces if isinstance(inner, Field)):
                out.extend(inner if isinstance(inner, str) else _value(inner, values) for inner in piece.pieces)
        else:
            out.append(piece if isinstance(piece, str) else _value(piece, values))
    return "".join(out).strip()


def cite(parts: CitationParts, template: str = DEFAULT_TEMPLATE) -> str:
    parsed = parse_template(template)
    paragraphs, sections, _recommendations = split_locators(parts.paragraphs)
    several = frozenset(name for name, found in (("paragraphs", paragraphs), ("section", sections)) if len(found) > 1)
    if several:
        parsed = plural(parsed, several)
    return fill(parsed, parts.values())


def preview(samples: Sequence[CitationParts], template: str) -> tuple[list[str], str]:
    """Citations of ``samples`` by ``template`` and "", or no citations and why the template cannot be used."""
    try:
        return [cite(parts, template) for parts in samples], ""
    except TemplateError as error:
        return [], str(error)


def clipboard(quote: str, citation: str) -> tuple[str, str]:
    """What "Copy citation" puts on the clipboard: plain text and HTML."""
    text = " ".join(quote.split())
    plain = f"\u201c{text}\u201d ({citation})"
    rich = f"<blockquote>\u201c{html.escape(text)}\u201d</blockquote><p>{html.escape(citation)}</p>"
    return plain, rich


def is_plain(locator: str) -> bool:
    """Whether a locator is a paragraph's number alone (no section, no recommendation)."""
    return not locator.startswith(SECTION_MARK) and RECOMMENDATION_MARK not in locator


def split_locators(locators: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Paragraph numbers, section numbers and recommendation numbers of a passage's locators."""
    if all(map(is_plain, locators)):
        return tuple(locators), (), ()
    paragraphs: list[str] = []
    sections: list[str] = []
    recommendations: list[str] = []
    for locator in locators:
        if locator.startswith(SECTION_MARK):
            sections.append(locator[len(SECTION_MARK) :])
        elif RECOMMENDATION_MARK in locator:
            paragraph, recommendation = locator.split(RECOMMENDATION_MARK, 1)
            if paragraph not in paragraphs:
                paragraphs.append(paragraph)
            recommendations.append(recommendation)
        else:
            paragraphs.append(locator)
    return tuple(paragraphs), tuple(sections), tuple(recommendations)


def join_paragraphs(paragraphs: Sequence[str]) -> str:
    """"45" for one, "45-47" for a run of numbers, "45, 45(a)" otherwise."""
    if len(paragraphs) > 1:
        return f"{paragraphs[0]}-{paragraphs[-1]}" if _consecutive(paragraphs) else ", ".join(paragraphs)
    return paragraphs[0] if paragraphs else ""


def _value(field: Field, values: Mapping[str, str]) -> str:
    return next((values[name] for name in field.names if values.get(name)), "")


def _consecutive(paragraphs: Sequence[str]) -> bool:
    if not all(p.isdigit() for p in paragraphs):
        return False
    numbers = [int(p) for p in paragraphs]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))
