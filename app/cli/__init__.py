"""The ``rights-annotator`` command: the window when given no command, else the library from a terminal."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from app import __version__
from app.cli import backup as cli_backup
from app.cli import export as cli_export
from app.cli import recognise as cli_recognise
from app.cli import recommendations as cli_recommendations
from app.cli import responses as cli_responses
from app.cli import search as cli_search
from app.cli import team as cli_team
from app.cli.output import print_json, say
from app.errors import LibraryError, NotFound
from app.infra import paths
from app.library import Library
from app.pdf.sandbox import DEFAULT_TIMEOUT
from app.records import DocumentDetails, DocumentInfo, ImportOutcome
from app.services import documents, importing, recognition
from app.text import addresses
from app.text.recognised_text import LANGUAGES
from app.vocabulary import codebook
from app.vocabulary import tags as vocabulary_tags
from app.vocabulary.builtin import ensure_builtin
from app.vocabulary.kinds import KINDS
from app.vocabulary.records import TagInfo
from app.vocabulary.rules import VocabularyRefused

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_LIBRARY = 0, 1, 2, 3


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rights-annotator",
        description="Read, annotate and cite human-rights reports. With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    data_dir_help = f"library folder (default: ${paths.HOME_ENV}, else {paths.library_dir(None)})"
    parser.add_argument("--data-dir", metavar="DIR", help=data_dir_help)
    database_help = (f"a team library's address, postgresql://name@server/library (default: ${paths.DATABASE_ENV}, "
                     "else the local library)")
    parser.add_argument("--database", metavar="URL", help=database_help)
    desktop_options = parser.add_mutually_exclusive_group()
    desktop_options.add_argument(
        "--install-desktop", action="store_true",
        help="add the menu entry, the icon and the rights-annotator:// link handler for this user (XDG folders)",
    )
    desktop_options.add_argument(
        "--uninstall-desktop", action="store_true", help="remove what --install-desktop added")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.add_argument("--json", action="store_true", help="print JSON for scripts")
        # After the command too (`list --data-dir DIR`); given before it, it is kept.
        sub.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help=data_dir_help)
        sub.add_argument("--database", metavar="URL", default=argparse.SUPPRESS, help=database_help)
        return sub

    sub = command("import", "import PDF files; folders are searched recursively")
    sub.add_argument("paths", nargs="+", metavar="PATH")
    sub.add_argument("--password", help="password for encrypted PDFs")
    sub.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
        help=f"give up on a file that takes longer to read (default {DEFAULT_TIMEOUT:g})",
    )
    command("list", "list the documents in the library")
    sub = command("info", "show one document's details")
    sub.add_argument("document", metavar="DOC", help="number, SHA-256 prefix, reference symbol or part of the title")
    sub = command("search-text", "find words in the documents' text")
    sub.add_argument("query", metavar="QUERY", help='words, "a phrase" or prefix*')
    sub.add_argument("--doc", metavar="DOC", help="only in this document")
    sub.add_argument("--limit", type=int, default=50, help="at most this many pages (default 50)")
    cli_search.add_parser(command("search", "search the annotations: words, tags, events, documents"))
    cli_backup.add_parsers(command)
    cli_export.add_parser(command("export", "export annotations (search filters) to csv, xlsx, md, html, docx, "
                                            "jsonld, csl-json, bibtex or an annotated pdf"))
    cli_export.add_export_library_parser(command(
        "export-library", "write the whole library (every table as JSON, and the files) to one zip"))
    cli_export.add_import_library_parser(command("import-library", "fill a new, empty library from such a zip"))
    cli_team.add_parsers(command)
    cli_recognise.add_parser(command("recognise", "recognise the text of scanned pages (OCR), or recognise it again"))
    cli_recommendations.add_parser(command(
        "recommendations", "list the recommendations found in a document, a country's documents or the library"))
    cli_responses.add_parser(command(
        "responses", "a government response's replies offered as links to the recommendations of its report"))
    _vocabulary_parser(command("vocabulary", "list, export or import the vocabulary (treaties, events, themes)"))
    cli_export.add_import_annotations_parser(command(
        "import-annotations", "anchor annotations from other tools (Web Annotations, Hypothesis, REFI-QDA) in the documents"))
    sub = command("open", "open the window at a passage: rights-annotator://annotation/UUID or "
                          "rights-annotator://document/SHA256?page=N (in the window already running, if any)")
    # Optional: the menu entry runs `open %u`, and a launcher drops %u when it starts the app with no link.
    sub.add_argument("address", metavar="ADDRESS", nargs="?")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.install_desktop or args.uninstall_desktop:
        from app.cli import desktop  # noqa: PLC0415 - only this option's branch needs it

        return desktop.install() if args.install_desktop else desktop.uninstall()
    database = paths.database_address(args.database)
    if args.command is None:
        return _open_window(args.data_dir, database=database)
    if args.command == "open" and args.address is None:
        return _open_window(args.data_dir, database=database)
    if args.command == "open":  # the window opens the library: not opened here
        try:
            address = str(addresses.parse(args.address))
        except addresses.AddressError as error:
            _error(str(error))
            return EXIT_USAGE
        return _open_window(args.data_dir, address, database=database)
    if args.command in cli_backup.COMMANDS:  # on the file itself: a damaged library can be mended
        if database:
            _error(f"`{args.command}` works on a local library's file; a team library is checked and backed up "
                   "on its server (pg_dump, by its administrator).")
            return EXIT_USAGE
        return cli_backup.guarded(args)
    try:
        # Checked first, as the window does: a damaged database is neither searched nor written.
        with Library.open(args.data_dir, check=True, database=database) as library:
            return COMMANDS[args.command](library, args)
    except LibraryError as error:
        _error(str(error))
        return EXIT_FAILED if isinstance(error, NotFound) else EXIT_LIBRARY
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as other command-line tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _open_window(data_dir: str | None, address: str | None = None, *, database: str | None = None) -> int:
    try:
        from importlib import import_module  # noqa: PLC0415 - only the window's branch needs it

        window = import_module("ui.main")
    except ImportError as error:
        _error(f"The window needs PySide6, which could not be loaded ({error}). The commands work without it: see --help.")
        return EXIT_LIBRARY
    return int(window.main(data_dir, address=address, database=database))


def _import(library: Library, args: argparse.Namespace) -> int:
    bar = _ProgressBar(enabled=not args.json)
    try:
        outcomes = importing.import_paths(
            library, args.paths, password=args.password, timeout=args.timeout, progress=bar.update
        )
    finally:
        bar.close()
    failed = [outcome for outcome in outcomes if outcome.status == "failed"]
    if args.json:
        print_json([_outcome_json(outcome) for outcome in outcomes])
    else:
        for outcome in outcomes:
            if outcome.status != "failed":
                say(outcome.message)
                for warning in outcome.warnings:
                    say(f"  warning: {warning}")
        for outcome in failed:
            say(f"failed: {outcome.message}", file=sys.stderr)
        counts = {status: sum(o.status == status for o in outcomes) for status in ("imported", "present", "failed")}
        say(
            f"{counts['imported']} imported, {counts['present']} already in the library, {counts['failed']} failed"
        )
        waiting = recognition.waiting(library)
        if waiting and counts["imported"]:
            say(f"{waiting} scanned page{'s wait for their' if waiting != 1 else ' waits for its'} text to be "
                "recognised: rights-annotator recognise")
    return EXIT_FAILED if failed else EXIT_OK


def _list(library: Library, args: argparse.Namespace) -> int:
    found = documents.list_documents(library)
    if args.json:
        print_json([_document_json(document) for document in found])
        return EXIT_OK
    if not found:
        say("The library is empty. Add documents with: rights-annotator import PATH...")
        return EXIT_OK
    recognised = recognition.recognised_counts(library)
    say(f"{'#':>4}  {'pages':>5}  {'kind':<10}  {'reference':<18}  title")
    for document in found:
        if document.id in recognised:
            marker = f"  [recognised text: {recognised[document.id]} of {document.page_count} pages]"
        else:
            marker = "" if document.has_text_layer else "  [no text layer]"
        say(
            f"{document.id:>4}  {document.page_count:>5}  {document.kind:<10}  "
            f"{(document.reference or '-'):<18}  {document.title}{marker}"
        )
    say(f"{len(found)} document{'s' if len(found) != 1 else ''}")
    return EXIT_OK


def _info(library: Library, args: argparse.Namespace) -> int:
    found = documents.find_document(library, args.document)
    details = documents.document_details(library, found.id)
    if args.json:
        print_json(_details_json(details))
        return EXIT_OK
    info = details.info
    rows = [
        ("Document", f"#{info.id}"),
        ("Title", info.title),
        ("Kind", info.kind.replace("_", " ")),
        ("Reference", info.reference),
        ("Publisher", info.publisher),
        ("Country", info.country),
        ("Author", info.author),
        ("Published", info.published),
        ("Visit", " to ".join(filter(None, (details.visit_start, details.visit_end)))),
        ("Paragraphs", f"{details.paragraph_count} numbered" if details.paragraph_count else None),
        ("Source", details.source_url),
        ("Corrected", ", ".join(details.corrected)),
        ("Pages", f"{info.page_count} ({info.text_pages} with text)"),
        ("Page labels", _labels_summary(details)),
        ("Text layer", "yes" if info.has_text_layer else "no (a scan: its text cannot be searched)"),
        ("Recognised", _recognised_summary(library, info)),
        ("Encrypted", "yes" if info.encrypted else "no"),
        ("PDF created", details.pdf_created),
        ("PDF modified", details.pdf_modified),
        ("SHA-256", info.sha256),
        ("Size", f"{info.file_size:,} bytes"),
        ("Library file", str(library.file_path(info.file_name))),
        ("Imported from", info.original_path),
        ("Added", info.added_at.isoformat(timespec="seconds")),
    ]
    for name, value in rows:
        if value:
            say(f"{name + ':':<15}{value}")
    if details.outline:
        say("Outline:")
        for entry in details.outline:
            page = f"p. {details.page_label(entry.page_index)}" if entry.page_index is not None else ""
            say(f"  {'  ' * (entry.level - 1)}{entry.title}  {page}")
    return EXIT_OK


def _search_text(library: Library, args: argparse.Namespace) -> int:
    document_id = documents.find_document(library, args.doc).id if args.doc else None
    hits = documents.search_text(library, args.query, limit=args.limit, document_id=document_id)
    if args.json:
        print_json([asdict(hit) for hit in hits])
        return EXIT_OK
    if not hits:
        say("No page matches." if args.query.strip() else "Give one or more words to search for.")
        return EXIT_OK
    bold = sys.stdout.isatty()
    for hit in hits:
        say(f"#{hit.document_id} {hit.document_title}, p. {hit.page_label}" + (
            f" (page {hit.page_index + 1})" if hit.page_label != str(hit.page_index + 1) else ""))
        say(hit.snippet, spans=hit.highlights, bold=bold, indent="    ")
    say(f"{len(hits)} page{'s' if len(hits) != 1 else ''}")
    return EXIT_OK


# ---- vocabulary: treaties, events and themes; shared codebooks ------------------------------------

def _vocabulary_parser(sub: argparse.ArgumentParser) -> None:
    actions = sub.add_subparsers(dest="vocabulary_action", metavar="ACTION", required=True)
    for name, help in (
        ("list", "list the tags with their passage counts"),
        ("export", "write the vocabulary to a JSON codebook, or a REFI-QDA one when FILE ends in .qdc"),
        ("import", "merge a JSON codebook into the vocabulary, by slug (never duplicating); or a REFI-QDA .qdc"),
    ):
        action = actions.add_parser(name, help=help, description=help)
        # SUPPRESS: a --json given before the action is not reset by the action's own default.
        action.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print JSON for scripts")
        if name != "list":
            action.add_argument("file", metavar="FILE")
        else:
            action.add_argument("--kind", choices=KINDS, help="only tags of this kind")


def _vocabulary(library: Library, args: argparse.Namespace) -> int:
    ensure_builtin(library)
    try:
        return _vocabulary_action(library, args)
    except VocabularyRefused as error:  # a bad file, not a broken library
        _error(str(error))
        return EXIT_FAILED


def _vocabulary_action(library: Library, args: argparse.Namespace) -> int:
    qdc = getattr(args, "file", "").lower().endswith(".qdc")  # REFI-QDA, for QualCoder, ATLAS.ti, MAXQDA, NVivo
    if qdc:
        from app.export import refi  # noqa: PLC0415 - only REFI-QDA codebooks need lxml
    if args.vocabulary_action == "export":
        count = refi.export_codebook(library, args.file) if qdc else codebook.export_file(library, args.file)
        if args.json:
            print_json({"file": args.file, "tags": count})
        else:
            say(f"{count} tags written to {args.file}")
        return EXIT_OK
    if args.vocabulary_action == "import":
        result = refi.import_codebook(library, args.file) if qdc else codebook.import_file(library, args.file)
        if args.json:
            print_json({"created": len(result.created_ids), "updated": len(result.updated_ids),
                         "unchanged": result.unchanged})
        else:
            say(f"{args.file}: {result.summary}")
        return EXIT_OK
    found = vocabulary_tags.list_tags(library, [args.kind] if args.kind else None)
    if args.json:
        print_json([_tag_json(tag) for tag in found])
        return EXIT_OK
    depth: dict[int, int] = {}
    for tag in found:  # parents come before their children
        depth[tag.id] = depth.get(tag.parent_id, -1) + 1 if tag.parent_id in depth else 0
        say(f"{'  ' * depth[tag.id]}{tag.display}  [{tag.kind}, {tag.slug}]  {tag.passages} passage{'s' if tag.passages != 1 else ''}")
    return EXIT_OK


def _tag_json(tag: TagInfo) -> dict[str, Any]:
    data = {"id": tag.id, "slug": tag.slug, "builtin": tag.builtin, "passages": tag.passages}
    data.update(asdict(tag.fields))
    return data


COMMANDS = {
    "import": _import,
    "list": _list,
    "info": _info,
    "search": cli_search.run,
    "export": cli_export.run,
    "export-library": cli_export.run_export_library,
    "import-library": cli_export.run_import_library,
    "import-annotations": cli_export.run_import_annotations,
    "search-text": _search_text,
    "vocabulary": _vocabulary,
    "recognise": cli_recognise.run,
    "recommendations": cli_recommendations.run,
    "responses": cli_responses.run,
    **dict.fromkeys(cli_team.COMMANDS, cli_team.run),
}


def _recognised_summary(library: Library, info: DocumentInfo) -> str | None:
    """The pages whose text was recognised (OCR), in which language, and how many still wait."""
    done = recognition.recognised_counts(library).get(info.id, 0)
    waiting = recognition.waiting(library, info.id)
    if not done and not waiting:
        return None
    language = recognition.document_language(library, info.id)
    parts = [f"{done} of {info.page_count} pages"]
    if language:
        named = " and ".join(LANGUAGES.get(code, code) for code in language[0].split("+"))
        parts.append(f"in {named}{' (guessed)' if language[1] == 'guessed' else ''}")
    if waiting:
        parts.append(f"{waiting} waiting (rights-annotator recognise {info.id})")
    return ", ".join(parts)


def _labels_summary(details: DocumentDetails) -> str | None:
    if not details.page_labels:
        return None
    labels = details.page_labels
    return f"{labels[0]} … {labels[-1]}" if len(labels) > 1 else labels[0]


def _document_json(document: DocumentInfo) -> dict[str, Any]:
    data = asdict(document)
    data["added_at"] = document.added_at.isoformat()
    return data


def _details_json(details: DocumentDetails) -> dict[str, Any]:
    data = _document_json(details.info)
    data.update(
        page_labels=list(details.page_labels) if details.page_labels else None,
        outline=[asdict(entry) for entry in details.outline],
        pdf_created=details.pdf_created,
        pdf_modified=details.pdf_modified,
        metadata=details.metadata,
        source_url=details.source_url,
        visit_start=details.visit_start,
        visit_end=details.visit_end,
        paragraph_count=details.paragraph_count,
        corrected=list(details.corrected),
    )
    return data


def _outcome_json(outcome: ImportOutcome) -> dict[str, Any]:
    return {
        "path": outcome.shown_path,
        "status": outcome.status,
        "reason": outcome.reason or None,
        "warnings": list(outcome.warnings),
        "document": _document_json(outcome.document) if outcome.document else None,
    }


def _error(message: str) -> None:
    say(f"rights-annotator: {message}", file=sys.stderr)


class _ProgressBar:
    """A bar on standard error while many files are imported; silent when not a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self._bar: Any = None

    def update(self, done: int, total: int, outcome: ImportOutcome) -> None:
        if not self.enabled or total < 2:
            return
        if self._bar is None:
            from tqdm import tqdm  # noqa: PLC0415 - only when a bar is drawn

            self._bar = tqdm(total=total, unit="file", desc="Importing", file=sys.stderr, leave=False)
        self._bar.update(done - self._bar.n)
        self._bar.set_postfix_str(outcome.shown_path.rsplit("/", 1)[-1][-40:], refresh=False)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


if __name__ == "__main__":
    sys.exit(main())
