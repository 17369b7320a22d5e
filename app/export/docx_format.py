"""DOCX through python-docx: quotations with their citations under headings, ready for a brief."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from app.export.grouping import grouped
from app.export.options import ExportOptions
from app.export.rows import ExportRow
from app.export.writing import Steps
from app.export.xml_text import xml_text
from app.text.addresses import annotation_address

# Letters of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko and their forms).
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def write(rows: Sequence[ExportRow], path: Path, options: ExportOptions, steps: Steps) -> None:
    document = Document()
    document.core_properties.title = xml_text(options.title)
    add = _Appender(document)
    add(options.title, "Heading 1")
    for group in grouped(rows, options.group_by):
        if group.heading:
            add(group.heading, "Heading 2")
        for row in group.rows:
            add(f"\u201c{row.shown_quote()}\u201d", "Quote")
            add.linked(add(row.citation, "Normal"), annotation_address(row.uuid))
            if row.tags:
                add(f"Tags: {row.tag_names()}", "Normal")
            if row.note:
                add(f"Note: {row.note}", "Normal")
            steps.step()
    document.save(str(path))


class _Appender:
    """Adds paragraphs at the end of the body in constant time.

    python-docx's ``add_paragraph`` looks for the section properties among all the body's
    paragraphs each time, which makes 10,000 quotations take minutes; here they are found once.
    """

    def __init__(self, document: DocumentObject) -> None:
        self.body = document._body  # noqa: SLF001 - python-docx has no public constant-time append
        self.end = document.element.body.sectPr
        # Style ids set directly: assigning a style object looks through every style each time.
        self.styles = {name: document.styles[name].style_id for name in ("Heading 1", "Heading 2", "Quote")}
        self.rels = document.part.rels
        self.links = 0

    def linked(self, paragraph: Paragraph, url: str) -> None:
        """Make the paragraph's runs one hyperlink to ``url`` (python-docx has no API for links).

        The relationship is added under an id of its own: python-docx's ``relate_to`` looks for an
        equal one and for a free id among all relationships each time, which made 10,000 linked
        citations take ten times as long as the rest of the document.
        """
        self.links += 1
        relation = f"rIdLink{self.links}"
        self.rels.add_relationship(RT.HYPERLINK, url, relation, is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), relation)
        for run in paragraph._p.r_lst:  # noqa: SLF001 - python-docx has no API
            style = run.get_or_add_rPr()
            style.insert(0, OxmlElement("w:u"))
            style[0].set(qn("w:val"), "single")
            link.append(run)
        paragraph._p.append(link)  # noqa: SLF001

    def __call__(self, text: str, style: str) -> Paragraph:
        element = OxmlElement("w:p")
        self.end.addprevious(element)
        if style in self.styles:
            element.get_or_add_pPr().style = self.styles[style]
        run = element.add_r()
        for number, line in enumerate(xml_text(text).split("\n")):
            if number:
                run.add_br()
            run.add_t(line)
        return _direction(Paragraph(element, self.body))


def _direction(paragraph: Paragraph) -> Paragraph:
    """Mark a paragraph right to left when its text is in such a script, so Word lays it out so."""
    if _RTL.search(paragraph.text):
        paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))  # noqa: SLF001 - python-docx has no API
        for run in paragraph.runs:
            run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))  # noqa: SLF001
    return paragraph
