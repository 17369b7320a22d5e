"""``rights-annotator recommendations``: list the recommendations found in the library, or find them again."""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from app.cli.output import print_json, say
from app.cli.search import stored_country
from app.errors import LibraryError
from app.export.matrix import export_matrix
from app.library import Library
from app.services import documents, passage_links, repeats
from app.services.recommendations import KIND_NAMES, RecommendationInfo, find_again, list_recommendations

EXIT_OK = 0
CSV_COLUMNS = ("Document", "Reference", "Kind", "Number", "Paragraph", "Page", "Text", "Recommending States",
               "Response", "Status")


def add_parser(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("document", metavar="DOC", nargs="?",
                     help="number, SHA-256 prefix, reference symbol or part of the title (default: every document)")
    sub.add_argument("--find", action="store_true",
                     help="read the documents again and find their recommendations, keeping the follow-up "
                          "status of those found again")
    sub.add_argument("--country", metavar="C", help="only the documents about this country (any of its names or its code)")
    sub.add_argument("--link-repeats", action="store_true",
                     help="link each recommendation listed to the earlier ones on its country it repeats "
                          "(\u201crepeats\u201d links, with how alike the wording is)")
    sub.add_argument("--csv", action="store_true", help="print CSV (one row per recommendation) for a spreadsheet")
    sub.add_argument("--matrix", metavar="FILE", type=Path,
                     help="write the follow-up matrix (response, status, note, evidence) to FILE.xlsx, .csv or .docx")
    sub.add_argument("--force", action="store_true", help="with --matrix, replace FILE if it exists")


def run(library: Library, args: argparse.Namespace) -> int:
    if args.document and args.country:
        raise LibraryError("Give a document or --country, not both.")
    chosen = documents.find_document(library, args.document) if args.document else None
    country = stored_country(args.country) if args.country else None
    if args.find:
        targets = [chosen] if chosen else [d for d in documents.list_documents(library)
                                           if country is None or d.country == country]
        for document in targets:
            refound = find_again(library, document.id)
            if not args.json and not args.csv:
                say(refound.summary(document.title))
    if args.matrix is not None:
        written = export_matrix(library, args.matrix, document_id=chosen.id if chosen else None, country=country,
                                force=args.force)
        say(f"{written} recommendation{'s' if written != 1 else ''} written to {args.matrix}")
        return EXIT_OK
    found = list_recommendations(library, document_id=chosen.id if chosen else None, country=country)
    if args.link_repeats:
        made = passage_links.link(library, repeats.wanted(repeats.repeats(library, found)))
        if not args.json and not args.csv:
            say(f"{len(made.links)} repeat{'s' if len(made.links) != 1 else ''} linked.")
    if args.json:
        print_json([item._asdict() | {"locator": item.locator} for item in found])
    elif args.csv:
        _write_csv(found)
    elif not found:
        where = (f"\u201c{chosen.title}\u201d" if chosen else f"the documents about {country}" if country
                 else "the library")
        say(f"No recommendations were found in {where}." + ("" if args.find else
            " Documents imported before recommendations were looked for: add --find."))
    else:
        _print(found)
    return EXIT_OK


def _print(found: list[RecommendationInfo]) -> None:
    document = None
    for item in found:
        if item.document_id != document:
            document = item.document_id
            say(f"{item.document_reference or '#' + str(item.document_id)}  {item.document_title}")
        details = [KIND_NAMES.get(item.kind, item.kind), item.response or "", ", ".join(item.states), item.status]
        say(f"{item.locator:>10}  p. {item.page_index + 1:<4} {item.text}")
        say("  ".join(part for part in details if part), indent=" " * 12)
    say(f"{len(found)} recommendation{'s' if len(found) != 1 else ''}")


def _write_csv(found: list[RecommendationInfo]) -> None:
    writer = csv.writer(sys.stdout)
    writer.writerow(CSV_COLUMNS)
    for item in found:
        writer.writerow([item.document_title, item.document_reference or "", KIND_NAMES.get(item.kind, item.kind),
                         item.number or "", item.paragraph or "", item.page_index + 1, item.text,
                         "; ".join(item.states), item.response or "", item.status])
