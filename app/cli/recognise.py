"""``rights-annotator recognise``: recognise (OCR) the text of a document's pages, or every page waiting."""

from __future__ import annotations

import argparse
import signal
import sys
from types import FrameType

from app.cli.output import print_json, say
from app.errors import LibraryError
from app.library import Library
from app.services import documents, recognition
from app.text.recognised_text import LANGUAGES

EXIT_OK, EXIT_FAILED = 0, 1


def add_parser(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("document", metavar="DOC", nargs="?",
                     help="number, SHA-256 prefix, reference symbol or part of the title; "
                          "without it, the pages waiting in the library's queue are recognised")
    sub.add_argument("--pages", metavar="RANGE", help="these pages, by number: 1-5, 3 or 1,4-6, even with a text layer "
                                                      "of their own (default: the pages without one)")
    sub.add_argument("--language", choices=sorted(LANGUAGES),
                     help="the document's language, remembered for it (default: guessed from its text)")


def page_range(text: str, page_count: int) -> list[int]:
    """Page indexes from page numbers as a reader writes them ("1-5", "3", "1,4-6")."""
    pages: set[int] = set()
    for part in text.replace(" ", "").split(","):
        first, _, last = part.partition("-")
        if not first.isdigit() or (last and not last.isdigit()):
            raise ValueError(f"\u201c{part}\u201d is not a page number or range (write 3 or 1-5)")
        low, high = int(first), int(last or first)
        if low < 1 or high < low:
            raise ValueError(f"\u201c{part}\u201d is not a range of pages")
        if high > page_count:
            raise ValueError(f"the document has {page_count} pages; there is no page {high}")
        pages.update(range(low - 1, high))
    return sorted(pages)


def run(library: Library, args: argparse.Namespace) -> int:
    document_id = None
    if args.document:
        found = documents.find_document(library, args.document)
        document_id = found.id
        try:
            pages = page_range(args.pages, found.page_count) if args.pages else None
        except ValueError as error:
            raise LibraryError(f"--pages: {error}.") from None
        if not recognition.queue_pages(library, document_id, pages, args.language):
            say(f"Every page of \u201c{found.title}\u201d has a text layer of its own: none needs recognising "
                "(give --pages to recognise pages anyway).")
            return EXIT_OK
    elif args.pages or args.language:
        raise LibraryError("--pages and --language need the document (DOC) they are about.")
    unavailable = recognition.check_available([args.language] if args.language else recognition.LANGUAGES)
    if unavailable:
        raise LibraryError(f"Text cannot be recognised here: {unavailable}.")
    stop = _Stop()
    previous = signal.signal(signal.SIGINT, stop)
    try:
        report = recognition.process_queue(library, document_id=document_id, cancelled=stop.asked,
                                           progress=None if args.json else _progress)
    finally:
        signal.signal(signal.SIGINT, previous)
        if not args.json and sys.stderr.isatty():
            print(file=sys.stderr)
    left = recognition.waiting(library, document_id)
    if args.json:
        print_json({"recognised": report.recognised, "failed": report.failed, "notes": report.notes,
                    "waiting": left, "cancelled": report.cancelled})
    else:
        for note in report.notes:
            say(f"note: {note}", file=sys.stderr)
        for failure in report.failed:
            say(f"failed: {failure}", file=sys.stderr)
        noun = "page" if report.recognised == 1 else "pages"
        say(f"{report.recognised} {noun} recognised, {len(report.failed)} failed"
            + (f"; stopped, {left} still waiting (run the command again to go on)" if report.cancelled else ""))
    if report.cancelled:
        return 130
    return EXIT_FAILED if report.failed else EXIT_OK


class _Stop:
    """Ctrl+C asks the run to stop after the pages in flight are put back; a second one stops at once."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, _signal: int, _frame: FrameType | None) -> None:
        self.count += 1
        if self.count > 1:
            raise KeyboardInterrupt

    def asked(self) -> bool:
        return self.count > 0


def _progress(done: int, total: int, what: str) -> None:
    if sys.stderr.isatty():
        print(f"\r\033[K{what} ({done}/{total})", end="", file=sys.stderr, flush=True)
    else:
        print(f"{what} ({done}/{total})", file=sys.stderr, flush=True)
