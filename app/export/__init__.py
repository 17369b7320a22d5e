"""Exporting annotations: spreadsheets, documents for briefs, reference managers, annotated PDFs.

:func:`export_annotations` picks the annotations as the search does (words and filters, no
limit), reads them into :class:`~app.export.rows.ExportRow` records and hands them to one
format's ``write(rows, path, options, steps)``, writing a temporary file renamed into place
when complete.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.export.options import ExportOptions
from app.export.rows import iter_rows, matching_ids
from app.export.scope import ExportScope, ScopeCount, count
from app.export.table import iter_table
from app.export.writing import ExportCancelled, ExportError, Progress, Steps, atomic_target, check_target
from app.library import Library
from app.services.search import AnnotationFilters, Sort

# Format name -> module under app.export (imported when used: some libraries are slow to load).
FORMATS: dict[str, str] = {
    "csv": "csv_format",
    "xlsx": "xlsx_format",
    "md": "md_format",
    "html": "html_format",
    "docx": "docx_format",
    "jsonld": "jsonld_format",
    "csl-json": "csl_json",
    "bibtex": "bibtex_format",
    "pdf": "pdf_format",
    "qdpx": "refi",  # REFI-QDA project: QualCoder, ATLAS.ti, MAXQDA, NVivo
    "qdc": "qdc_format",  # REFI-QDA codebook of the passages' tags
}
# What the window shows for each format, and which options each format reads.
LABELS = {"csv": "CSV spreadsheet", "xlsx": "Excel workbook", "md": "Markdown", "html": "Web page (HTML)",
          "docx": "Word document", "jsonld": "Web Annotations (JSON-LD)", "csl-json": "CSL-JSON (Zotero, Pandoc)",
          "bibtex": "BibTeX", "pdf": "Annotated PDF copy", "qdpx": "REFI-QDA project (QualCoder, ATLAS.ti, MAXQDA, NVivo)",
          "qdc": "REFI-QDA codebook"}
USES_FIELDS = frozenset({"csv", "xlsx"})
USES_GROUPING = frozenset({"md", "html", "docx"})
USES_TEMPLATE = frozenset({"csv", "xlsx", "md", "html", "docx", "jsonld", "pdf"})  # the others list documents
SUFFIXES = {"csv": ".csv", "xlsx": ".xlsx", "md": ".md", "html": ".html", "docx": ".docx", "jsonld": ".jsonld",
            "csl-json": ".json", "bibtex": ".bib", "pdf": ".pdf", "qdpx": ".qdpx", "qdc": ".qdc"}


@dataclass(frozen=True)
class ExportOutcome:
    path: Path
    format: str
    annotations: int  # how many passages the file holds
    cancelled: bool = False
    documents: int = 0  # how many documents they come from (the entries of csl-json and bibtex)


def scope_problem(format: str, counted: ScopeCount) -> str:
    """Why ``format`` cannot export what was counted, in words for the user; "" when it can."""
    if counted.annotations == 0:
        return "No annotation matches, so there is nothing to export."
    if format == "pdf" and counted.documents > 1:
        return (f"An annotated PDF is a copy of one document; these passages come from {counted.documents} "
                "documents. Export one document, or choose another format.")
    return ""


def export_annotations(
    library: Library,
    target: str | Path,
    format: str,
    *,
    text: str = "",
    filters: AnnotationFilters = AnnotationFilters(),
    sort: Sort = "document",
    options: ExportOptions = ExportOptions(),
    uuids: tuple[str, ...] = (),
    force: bool = False,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> ExportOutcome:
    """Write the annotations the search finds to ``target``; on cancel the target is untouched."""
    if format not in FORMATS:
        raise ExportError(f"Unknown format \u201c{format}\u201d; choose one of {', '.join(FORMATS)}.")
    writer = importlib.import_module(f"app.export.{FORMATS[format]}")
    target = Path(target)
    check_target(target, force)  # before reading: a refusal should be quick
    if hasattr(writer, "write_table"):  # CSV, XLSX: cells straight from SQL to the file, a batch at a time
        scope = ExportScope(text, filters, uuids, sort)
        counted = count(library, scope)
        steps = Steps(total=counted.annotations, progress=progress, cancelled=cancelled)

        def write(temporary: Path) -> None:
            batches = iter_table(library, scope, options.fields, options.template, guard=writer.GUARD,
                                 cancelled=cancelled)
            writer.write_table(batches, temporary, options, steps)

        if not _written(target, force, steps, cancelled, write):
            return ExportOutcome(target, format, 0, cancelled=True)
        return ExportOutcome(target, format, steps.done, documents=counted.documents)

    ids = matching_ids(library, text, filters, sort, uuids)
    steps = Steps(total=2 * len(ids), progress=progress, cancelled=cancelled)
    rows = []
    try:
        for batch in iter_rows(library, ids, options.template, cancelled):
            rows.extend(batch)
            steps.step(len(batch))
        if cancelled():
            raise ExportCancelled
    except ExportCancelled:
        return ExportOutcome(target, format, 0, cancelled=True)
    check = getattr(writer, "check", None)
    if check is not None:
        check(library, rows)  # a format's own refusals (a PDF copy is of one document) come before writing
    # A format that copies the library's file (the annotated PDF) is handed the library.
    extra = {"library": library} if getattr(writer, "NEEDS_LIBRARY", False) else {}
    if not _written(target, force, steps, cancelled, lambda temporary: writer.write(rows, temporary, options, steps, **extra)):
        return ExportOutcome(target, format, 0, cancelled=True)
    return ExportOutcome(target, format, len(rows), documents=len({row.document_id for row in rows}))


def _written(target: Path, force: bool, steps: Steps, cancelled: Callable[[], bool],
             write: Callable[[Path], None]) -> bool:
    """``write`` to a temporary file renamed to ``target`` when complete; False (and no file) when cancelled."""
    try:
        with atomic_target(target, force) as temporary:
            write(temporary)
            if cancelled():
                raise ExportCancelled
    except ExportCancelled:
        return False
    if steps.progress is not None:
        steps.progress(steps.total, steps.total)
    return True
