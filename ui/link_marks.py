"""The mark of a linked passage on the page: a small chain in a disc at its first line's top right.

Painted over the page in screen pixels (not into the page's decorated rendering), so it keeps its
size at every zoom and costs a few shapes per linked passage in view.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

DIAMETER = 14.0
MARK_COLOUR = QColor(0x1A, 0x4F, 0xA0)
_CHAIN_PEN = QPen(QColor(255, 255, 255), 1.4)


def mark_rect(corner: QPointF) -> QRectF:
    """Where the mark of a passage whose first line's top right is ``corner`` (viewport pixels) goes:
    just past the line's end, its centre on the line's top edge."""
    return QRectF(corner.x() + 1, corner.y() - DIAMETER / 2, DIAMETER, DIAMETER)


def paint_mark(painter: QPainter, corner: QPointF) -> None:
    rect = mark_rect(corner)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(MARK_COLOUR)
    painter.drawEllipse(rect)
    # Two links of a chain, crossing at the disc's centre, at 45 degrees.
    painter.translate(rect.center())
    painter.rotate(-45)
    painter.setPen(_CHAIN_PEN)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    link_width, link_height = DIAMETER * 0.36, DIAMETER * 0.24
    for shift in (-link_width * 0.32, link_width * 0.32):
        painter.drawRoundedRect(QRectF(shift - link_width / 2, -link_height / 2, link_width, link_height),
                                link_height / 2, link_height / 2)
    painter.restore()
