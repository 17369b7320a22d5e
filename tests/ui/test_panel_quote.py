"""The panel shows a quote as the clipboard and the exports give it: lines joined, line-end hyphens undone."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument

from app.services import annotations as notes
from app.services.citing import cite_annotation
from tests.app.test_quote_everywhere import SHOWN, quoted  # noqa: F401 - a fixture
from ui.annotation_panel import AnnotationPanel


def test_the_panel_shows_the_quote_the_clipboard_holds(qtbot, quoted):
    library, made = quoted
    panel = AnnotationPanel(library)
    qtbot.addWidget(panel)
    panel.set_document(made.document_id)
    shown = QTextDocument()
    shown.setHtml(panel.model.html(panel.model.rows[0]))
    assert f"\u201c{SHOWN}\u201d" in shown.toPlainText()
    assert cite_annotation(library, made.uuid).plain.startswith(f"\u201c{SHOWN}\u201d")
    assert notes.get_annotation(library, made.uuid).quote != SHOWN  # stored as the PDF broke it
