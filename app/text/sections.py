"""Numbered section headings ("3.5 Conditions of detention"), cited as "§ 3.5".

Many NGO reports number their sections and not their paragraphs. A heading is told from a
paragraph by :func:`app.text.paragraphs.find_paragraphs` (a short line set off in bold or a larger
size, with body text after it); here the headings must also follow one another as a
numbering does (1, 1.1, 1.2, 2 ...), and a document needs a few of them.
"""

from __future__ import annotations

from app.text.paragraph_records import Candidate, PageLayout, Paragraph
from app.text.paragraph_spans import body_pieces, make_paragraph

MIN_SECTIONS = 3
MAX_STEP = 2  # a heading the extraction missed may leave a gap of one


def find_sections(
    pages: list[PageLayout], headings: list[Candidate], body_size: float, furniture: set[tuple[int, int]]
) -> list[Paragraph]:
    accepted = _follow_numbering(headings)
    if len(accepted) < MIN_SECTIONS:
        return []
    starts = {(c.page, c.piece) for c in accepted}
    sections = []
    for candidate in accepted:
        # A section holds its own headings in capitals and its lettered sub-headings: only
        # the next numbered heading ends it.
        pieces = body_pieces(pages, (candidate.page, candidate.piece), starts, body_size, furniture, False)
        sections.append(make_paragraph(f"§ {_label(candidate)}", pieces, "section"))
    return sections


def _follow_numbering(headings: list[Candidate]) -> list[Candidate]:
    """Headings that go on from the one before: the next at its level, a first child, or the next chapter."""
    accepted: list[Candidate] = []
    main, sub = 0, 0
    for heading in headings:
        if heading.suffix:
            continue
        if heading.sub is None:
            fits = main < heading.main <= main + MAX_STEP
        else:
            same = heading.main == main and sub < heading.sub <= sub + MAX_STEP
            fits = same or (heading.sub == 1 and main < heading.main <= main + MAX_STEP)
        if fits:
            accepted.append(heading)
            main, sub = heading.main, heading.sub or 0
    return accepted


def _label(candidate: Candidate) -> str:
    return f"{candidate.main}.{candidate.sub}" if candidate.sub is not None else str(candidate.main)
