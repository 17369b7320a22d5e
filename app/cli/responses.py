"""``rights-annotator responses``: a government response's replies offered as links to its report, or linked."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from app.cli.output import print_json, say
from app.library import Library
from app.services import documents, responses

EXIT_OK = 0


def add_parser(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("document", metavar="DOC", help="the response: number, SHA-256 prefix, reference symbol or part "
                                                     "of the title")
    sub.add_argument("--report", metavar="DOC", help="the report it answers, where several could be")
    sub.add_argument("--accept", action="store_true",
                     help="link every reply not linked yet to the recommendation it answers (\"responds to\")")


def run(library: Library, args: argparse.Namespace) -> int:
    response = documents.find_document(library, args.document)
    report = documents.find_document(library, args.report) if args.report else None
    alignment = responses.align(library, response.id, report.id if report else None)
    if args.accept:
        accepted = responses.accept(library, [s for s in alignment.suggestions if not s.accepted])
        alignment = responses.align(library, response.id, report.id if report else None)
        if not args.json:
            say(f"{len(accepted.links)} repl{'ies' if len(accepted.links) != 1 else 'y'} linked.")
    if args.json:
        print_json(asdict(alignment))
        return EXIT_OK
    if alignment.report is not None:
        say(f"Answers {alignment.report.name} ({alignment.report.because})")
    for line in [alignment.message] + [f"{r.name} also answers this report ({r.because})." for r in alignment.rivals]:
        if line:
            say(line)
    for s in alignment.suggestions:
        say(f"p. {s.page:<4} cites {s.cited:<5} {'linked ' if s.accepted else 'offered'}  "
            f"{' '.join(s.quote.split())[:90]}")
        say(f"\u2192 {' '.join(s.recommendation_text.split())}", indent=" " * 12)
    for u in alignment.unmatched:
        say(f"p. {u.page:<4} cites {u.cited:<5} not linked: {u.reason}")
    waiting = sum(not s.accepted for s in alignment.suggestions)
    if alignment.suggestions:
        say(f"{len(alignment.suggestions)} replies to link, {len(alignment.suggestions) - waiting} linked"
            + (" (add --accept to link the rest)" if waiting else ""))
    return EXIT_OK
