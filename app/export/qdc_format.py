"""The ``qdc`` export format: a REFI-QDA codebook of the exported passages' tags (and their parents).

``rights-annotator vocabulary export FILE.qdc`` writes the whole vocabulary instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select

from app.export import refi
from app.export.options import ExportOptions
from app.export.rows import ExportRow
from app.export.writing import ExportError, Steps
from app.library import Library
from app.store.models import Tag

NEEDS_LIBRARY = True


def write(rows: Sequence[ExportRow], path: Path, options: ExportOptions, steps: Steps, library: Library) -> None:
    slugs = {tag.slug for row in rows for tag in row.tags}
    if not slugs:
        raise ExportError("None of these passages is tagged, so a codebook of their tags would be empty.")
    with library.reading() as session:
        ids = list(session.scalars(select(Tag.id).where(Tag.slug.in_(slugs))))
    root, _count = refi.codebook_document(library, ids)
    refi.check_written(root, "codebook", ExportError)
    path.write_bytes(refi.xml_bytes(root))
    steps.step(len(rows))
