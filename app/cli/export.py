"""``rights-annotator export``: the annotations the search finds, written in one format to a file."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from app.cli.output import print_json, say
from app.cli.search import add_filter_arguments, filters_from
from app.export import FORMATS, export_annotations
from app.export.fields import DEFAULT_FIELDS, FIELDS, FieldError, check_fields
from app.export.grouping import GROUPINGS
from app.export.options import ExportOptions
from app.export.writing import ExportError
from app.library import Library
from app.text.citations import DEFAULT_TEMPLATE, TemplateError, check_template

if TYPE_CHECKING:
    from app.export.archive import ArchiveOutcome

EXIT_OK, EXIT_FAILED = 0, 1


def add_parser(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--format", "-f", required=True, choices=tuple(FORMATS), metavar="F",
                     help=f"one of {', '.join(FORMATS)}")
    sub.add_argument("--output", "-o", required=True, metavar="FILE", help="the file to write")
    sub.add_argument("--force", action="store_true", help="replace FILE if it exists")
    add_filter_arguments(sub)
    sub.add_argument("--sort", choices=("document", "date", "relevance"), default="document",
                     help="order of the passages (default: by document and page)")
    sub.add_argument("--fields", metavar="F,F", default=",".join(DEFAULT_FIELDS),
                     help=f"columns for csv and xlsx, in order; known: {', '.join(FIELDS)}")
    sub.add_argument("--group-by", choices=GROUPINGS, help="headings for md, html and docx")
    sub.add_argument("--template", default=DEFAULT_TEMPLATE, metavar="T",
                     help=f'citation template (default "{DEFAULT_TEMPLATE}")')
    sub.add_argument("--title", default="Annotations", help="the title of an md, html or docx export")


def run(library: Library, args: argparse.Namespace) -> int:
    try:
        check_template(args.template)
        fields = check_fields([name.strip() for name in args.fields.split(",") if name.strip()])
    except (TemplateError, FieldError) as error:
        return _failed(error)
    options = ExportOptions(fields=fields, group_by=args.group_by, template=args.template, title=args.title)
    progress = _progress_printer() if sys.stderr.isatty() and not args.json else None
    try:
        outcome = export_annotations(
            library, args.output, args.format, text=args.query, filters=filters_from(library, args),
            sort=args.sort, options=options, force=args.force, progress=progress,
        )
    except ExportError as error:
        return _failed(error)
    if progress is not None:
        sys.stderr.write("\n")
    if args.json:
        print_json({"path": str(outcome.path), "format": outcome.format, "annotations": outcome.annotations,
                    "documents": outcome.documents})
    elif args.format in ("csl-json", "bibtex"):
        plural = "s" if outcome.documents != 1 else ""
        say(f"{outcome.documents} document{plural} (of {outcome.annotations} passages) exported to {outcome.path}")
    else:
        plural = "s" if outcome.annotations != 1 else ""
        say(f"{outcome.annotations} passage{plural} exported to {outcome.path}")
    return EXIT_OK


def _progress_printer():  # noqa: ANN202 - a progress callback
    def progress(done: int, total: int) -> None:
        sys.stderr.write(f"\rexporting\u2026 {100 * done // max(total, 1)}%")
        sys.stderr.flush()

    return progress


def add_export_library_parser(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--output", "-o", required=True, metavar="FILE", help="the zip file to write")
    sub.add_argument("--force", action="store_true", help="replace FILE if it exists")


def add_import_library_parser(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("backup", metavar="FILE", help="a zip written by `export-library`")


def run_export_library(library: Library, args: argparse.Namespace) -> int:
    from app.export.archive import export_library  # noqa: PLC0415 - only this command needs it

    try:
        outcome = export_library(library, args.output, force=args.force)
    except ExportError as error:
        return _failed(error)
    say(f"{_counts(outcome)} written to {outcome.path}")
    return EXIT_OK


def run_import_library(library: Library, args: argparse.Namespace) -> int:
    from app.export.archive import import_library  # noqa: PLC0415

    try:
        outcome = import_library(library, args.backup)
    except ExportError as error:
        return _failed(error)
    say(f"{_counts(outcome)} restored into {library.root}")
    return EXIT_OK


def add_import_annotations_parser(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("file", metavar="FILE",
                     help="Web Annotations (.jsonld), a Hypothesis export (.json) or a REFI-QDA project (.qdpx)")
    sub.add_argument("--format", default="auto", choices=("auto", "jsonld", "hypothesis", "refi"),
                     help="the file's format (default: told from its content)")


def run_import_annotations(library: Library, args: argparse.Namespace) -> int:
    """Anchor another tool's annotations in the library's documents; lists what could not be, and why."""
    from app.export.annotation_import import AnnotationImportRefused, import_file  # noqa: PLC0415

    try:
        result = import_file(library, args.file, args.format)
    except AnnotationImportRefused as error:
        return _failed(error)
    if args.json:
        print_json({"format": result.format, "created_tags": list(result.created_tags),
                    "items": [{"source": item.source_id, "status": item.status, "quote": item.quote,
                               "reason": item.reason or None, "uuid": item.uuid, "document": item.document_id,
                               "page": None if item.page_index is None else item.page_index + 1}
                              for item in result.items],
                    "links": [{"source": link.source_id, "status": link.status, "kind": link.kind,
                               "reason": link.reason or None, "uuid": link.uuid, "from": link.source_uuid,
                               "to": link.target_uuid} for link in result.links]})
    else:
        for item in result.items:
            if item.status == "failed":
                say(f"not anchored: {item.source_id} \u201c{item.quote}\u201d: {item.reason}", file=sys.stderr)
            elif item.status == "fuzzy":
                say(f"anchored by similarity, check it: \u201c{item.quote}\u201d (document #{item.document_id}, "
                    f"page {(item.page_index or 0) + 1})")
        for link in result.links_of("failed"):
            say(f"not linked: {link.source_id} \u201c{link.kind}\u201d: {link.reason}", file=sys.stderr)
        say(f"{args.file}: {result.summary}")
    return EXIT_FAILED if result.failed or result.links_of("failed") else EXIT_OK


def _counts(outcome: ArchiveOutcome) -> str:
    return f"{outcome.documents} documents, {outcome.annotations} annotations and {outcome.tags} tags"


def _failed(error: Exception) -> int:
    say(f"error: {error}", file=sys.stderr)
    return EXIT_FAILED
