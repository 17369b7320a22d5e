"""What the user chose for an export: columns, grouping, citation template, title."""

from __future__ import annotations

from dataclasses import dataclass

from app.export.fields import DEFAULT_FIELDS
from app.export.grouping import GroupBy
from app.text.citations import DEFAULT_TEMPLATE


@dataclass(frozen=True)
class ExportOptions:
    fields: tuple[str, ...] = DEFAULT_FIELDS  # tabular formats: csv, xlsx
    group_by: GroupBy | None = None  # structured formats: md, html, docx
    template: str = DEFAULT_TEMPLATE
    title: str = "Annotations"
