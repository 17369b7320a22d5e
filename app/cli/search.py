"""``rights-annotator search``: the annotation search from a terminal, with the same filters."""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any

from app.cli.output import print_json, say
from app.errors import NotFound
from app.library import Library
from app.services.annotations import PALETTE
from app.services.documents import find_document
from app.services.search import AnnotationFilters, AnnotationHit, search_annotations
from app.text import countries
from app.vocabulary.dates import BadDate, span
from app.vocabulary.search import find_tags, fold
from app.vocabulary.tags import list_tags

KINDS = ("cpt_report", "un_report", "government_response", "ngo_report", "news", "other")


def add_parser(sub: argparse.ArgumentParser) -> None:
    add_filter_arguments(sub)
    sub.add_argument("--sort", choices=("relevance", "date", "document"), default="relevance")
    sub.add_argument("--limit", type=int, default=50, help="at most this many passages (default 50)")


def add_filter_arguments(sub: argparse.ArgumentParser) -> None:
    """The query and filters shared by ``search`` and ``export``."""
    sub.add_argument("query", nargs="?", default="", metavar="QUERY",
                     help='words, "a phrase", prefix*, AND / OR / NOT; leave out to list by the filters alone')
    sub.add_argument("--tag", action="append", default=[], metavar="T",
                     help="tagged with T (slug, code or name; a treaty includes its articles); repeat for any of them")
    sub.add_argument("--all-tags", action="store_true", help="with several --tag: tagged with every one")
    sub.add_argument("--event", action="append", default=[], metavar="E", help="tagged with this event")
    sub.add_argument("--doc", action="append", default=[], metavar="D", help="in this document")
    sub.add_argument("--kind", action="append", default=[], choices=KINDS, help="in documents of this kind")
    sub.add_argument("--country", action="append", default=[], help="in documents about this country")
    sub.add_argument("--color", action="append", default=[], type=colour, metavar="COLOUR",
                     help=f"highlighted in this colour: {', '.join(PALETTE)}, or #rrggbb")
    sub.add_argument("--since", metavar="DATE", type=partial_date,
                     help="documents published on or after (2019, 2019-05...)")
    sub.add_argument("--until", metavar="DATE", type=partial_date, help="documents published on or before")
    sub.add_argument("--has-note", action="store_true", help="only passages with a note")
    sub.add_argument("--author", action="append", default=[], metavar="LOGIN",
                     help="made by this member (a team library's login, a local library's user name)")
    sub.add_argument("--linked-to", action="append", default=[], metavar="DOC",
                     help="linked (either way) to a passage in this document: number, symbol or part of the "
                          "title; repeat for any of them")
    sub.add_argument("--without-link", metavar="KIND",
                     help='with no link of this kind either way, as "responds to" for "has no response"; '
                          '--without-link "" for passages with no link at all')


def stored_country(text: str) -> str:
    """A ``--country`` value as documents store it: any of the State's names, or its ISO code in any case."""
    text = text.strip()
    return countries.canonical(text.upper() if len(text) in (2, 3) and text.isalpha() else text) or text


def partial_date(text: str) -> str:
    """A ``--since`` or ``--until`` value: a date that exists, whole or in part."""
    try:
        span(text)
    except BadDate:
        raise argparse.ArgumentTypeError(
            f"\u201c{text}\u201d is not a date; write a year, a month or a day, as 2019, 2019-05 or 2019-05-17"
        ) from None
    return text.strip()


_HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")


def colour(text: str) -> str:
    """A ``--color`` value: a colour of the palette (by name) or a colour written in hex."""
    name = text.strip().lower()
    if name in PALETTE or _HEX_COLOUR.fullmatch(name):
        return name
    raise argparse.ArgumentTypeError(
        f"\u201c{text}\u201d is not a colour the app knows; give one of {', '.join(PALETTE)}, "
        "or a colour in hex such as #ffd54f"
    )


def filters_from(library: Library, args: argparse.Namespace) -> AnnotationFilters:
    """The filters the arguments of :func:`add_filter_arguments` name, tags and documents looked up."""
    tags = [_tag(library, ref, None) for ref in args.tag]
    events = [_tag(library, ref, ("event",)) for ref in args.event]
    return AnnotationFilters(
        tags_any=tuple(events) + (() if args.all_tags else tuple(tags)),
        tags_all=tuple(tags) if args.all_tags else (),
        documents=tuple(find_document(library, ref).id for ref in args.doc),
        document_kinds=tuple(args.kind),
        countries=tuple(stored_country(name) for name in args.country),
        colors=tuple(args.color),
        published_from=args.since,
        published_to=args.until,
        has_note=True if args.has_note else None,
        authors=tuple(args.author),
        linked_to_documents=tuple(find_document(library, ref).id for ref in args.linked_to),
        without_link=args.without_link,
    )


def run(library: Library, args: argparse.Namespace) -> int:
    filters = filters_from(library, args)
    results = search_annotations(library, args.query, filters, sort=args.sort, limit=args.limit)
    if args.json:
        print_json({"hints": list(results.hints), "results": [_hit_json(hit) for hit in results.hits]})
        return 0
    for hint in results.hints:
        say(f"note: {hint}", file=sys.stderr)
    bold = sys.stdout.isatty()
    for hit in results.hits:
        annotation = hit.annotation
        say(hit.citation)
        quote = f"\u201c{' '.join(annotation.quote.split())}\u201d"
        say(quote, spans=_shifted(_folded(annotation.quote, hit.highlights), 1), bold=bold, indent="    ")
        if annotation.tags:
            say(f"    tags: {'; '.join(tag.code or tag.label for tag in annotation.tags)}")
        if annotation.note:
            say(f"    note: {annotation.note}")
    say(f"{len(results.hits)} passage{'s' if len(results.hits) != 1 else ''}")
    return 0


def _tag(library: Library, ref: str, kinds: tuple[str, ...] | None) -> int:
    """The tag a user names: an exact slug, code or name first, else the only close match."""
    wanted = fold(ref)
    every = list_tags(library, kinds)
    exact = [t for t in every if ref == t.slug or wanted in (fold(t.fields.code or ""), fold(t.label))]
    if exact:
        return exact[0].id
    candidates = find_tags(library, ref, kinds, limit=5)
    if len(candidates) == 1:
        return candidates[0].id
    if not candidates:
        raise NotFound(f"No {'event' if kinds else 'tag'} matches \u201c{ref}\u201d; `vocabulary list` shows them.")
    names = "; ".join(f"{t.slug}" for t in candidates)
    raise NotFound(f"\u201c{ref}\u201d matches several tags ({names}); give one of these slugs.")


def _folded(quote: str, spans: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    """Spans over ``quote`` moved onto the quote with its runs of whitespace folded to one space."""
    mapping, folded, previous_space = [], 0, True
    for char in quote:
        mapping.append(folded)
        if char.isspace():
            if not previous_space:
                folded += 1
            previous_space = True
        else:
            folded += 1
            previous_space = False
    mapping.append(folded)
    return tuple((mapping[start], mapping[end]) for start, end in spans)


def _shifted(spans: tuple[tuple[int, int], ...], by: int) -> tuple[tuple[int, int], ...]:
    return tuple((start + by, end + by) for start, end in spans)


def _hit_json(hit: AnnotationHit) -> dict[str, Any]:
    annotation = hit.annotation
    return {
        "uuid": annotation.uuid,
        "document_id": annotation.document_id,
        "document_title": hit.document_title,
        "document_reference": hit.document_reference,
        "page_index": annotation.page_index,
        "page_label": hit.page_label,
        "paragraphs": list(annotation.paragraphs),
        "quote": annotation.quote,
        "highlights": [list(span) for span in hit.highlights],
        "note": annotation.note,
        "color": annotation.color,
        "tags": [{"slug": t.slug, "kind": t.kind, "label": t.label, "code": t.code} for t in annotation.tags],
        "created_at": annotation.created_at.isoformat(),
        "created_by": annotation.created_by,
        "updated_by": annotation.updated_by,
        "anchor_status": annotation.anchor_status,
    }
