"""DOCX through python-docx: quotations with their citations under headings, ready for a brief."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.text.paragraph import Paragraph

from app.export.grouping import grouped
from app.export.options import ExportOptions
from app.export.rows import ExportRow
from app.export.writing import Steps
from app.export.xlsx_format import cell_text

# Letters of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko and their forms).
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def write(rows: Sequence[ExportRow], path: Path, options: ExportOptions, steps: Steps) -> None:
    document = Document()
    document.core_properties.title = options.title
    document.add_heading(cell_text(options.title), level=1)
    for group in grouped(rows, options.group_by):
        if group.heading:
            _direction(document.add_heading(cell_text(group.heading), level=2))
        for row in group.rows:
            quote = cell_text(row.quote.replace("\f", "\n"))
            _direction(document.add_paragraph(f"\u201c{quote}\u201d", style="Quote"))
            _direction(document.add_paragraph(cell_text(row.citation)))
            if row.tags:
                _direction(document.add_paragraph(f"Tags: {cell_text(row.tag_names())}"))
            if row.note:
                _direction(document.add_paragraph(f"Note: {cell_text(row.note)}"))
            steps.step()
    document.save(str(path))


def _direction(paragraph: Paragraph) -> Paragraph:
    """Mark a paragraph right to left when its text is in such a script, so Word lays it out so."""
    if _RTL.search(paragraph.text):
        paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))  # noqa: SLF001 - python-docx has no API
        for run in paragraph.runs:
            run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))  # noqa: SLF001
    return paragraph
