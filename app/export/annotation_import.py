"""Annotations in from other tools: W3C Web Annotations (as this app exports them), Hypothesis's
JSON export, and REFI-QDA projects (:mod:`app.export.refi` reads those into the same items).

Every file is read and checked whole before anything is written (a bad file is refused with
:class:`AnnotationImportRefused` and changes nothing). Each annotation is then found in a
document of the library (by the file's SHA-256, by its PDF fingerprint as pdf.js and so
Hypothesis compute it, or by its web address) and anchored by its quote, with its context and
its position as a hint, as :mod:`app.text.anchoring` re-anchors a reissued document's passages. The
result lists what was anchored (exactly, or by similarity: "fuzzy"), what was already in the
library, and what could not be, with the reason; all new passages are written in one transaction.
The links between passages that this app's JSON-LD carries come back in the same transaction, each
end found by its identity among the passages just anchored or already in the library, and are
reported the same way (linked, already there, or not linked and why).
"""

from __future__ import annotations

import json
import re
import uuid as uuids
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pymupdf
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import LibraryError
from app.library import Library
from app.pdf.fingerprints import pdf_fingerprints
from app.pdf.page_source import PyMuPDFPages
from app.services.annotations import AnnotationDraft, Target, insert_annotation
from app.services.links import LinkExists, add_link
from app.store.models import PAGE_SEPARATOR, Annotation, AnnotationLink, Document, PageText, Tag
from app.text import addresses
from app.text.anchoring import locate, pages_for_span, selection_for_span
from app.text.selection import PageWords
from app.vocabulary import slugs

FORMATS = ("auto", "jsonld", "hypothesis", "refi")
# Annotations from Hypothesis get an identity derived from theirs, so a second import finds them.
_HYPOTHESIS = uuids.UUID("3c0a2a4e-5b7d-4f71-9a0e-7c1d2b6e8f40")
_TAG_ID = "urn:rights-annotator:tag:"
# Larger files are not annotation exports (a year of a team's Hypothesis notes is a few MB).
MAX_BYTES = 200 * 1024 * 1024


class AnnotationImportRefused(LibraryError):
    """A file that cannot be imported at all; nothing was written. The message names the problem."""


@dataclass(frozen=True)
class IncomingTag:
    name: str
    slug: str | None = None
    color: str | None = None
    description: str = ""


@dataclass(frozen=True)
class Incoming:
    """One annotation as another tool wrote it, before it is found in the library."""

    source_id: str  # how the file names it, for the report
    quote: str
    prefix: str = ""
    suffix: str = ""
    start: int | None = None  # a hint: where the quote began in the document's text
    page_index: int | None = None
    note: str = ""
    tags: tuple[IncomingTag, ...] = ()
    uuid: str | None = None
    created: datetime | None = None
    author: str | None = None
    color: str | None = None
    # Where the document is: any of these that the library knows picks it.
    sha256: str | None = None
    fingerprints: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    title: str = ""
    # REFI-QDA gives a rectangle on a page (PDF points from the page's top left) and perhaps no quote.
    rect: tuple[float, float, float, float] | None = None
    trust_offsets: bool = False  # offsets counted in this app's own text (its JSON-LD export)
    unreadable: str = ""  # why this app cannot anchor it at all (a REFI-QDA selection of a text or a recording)


@dataclass(frozen=True)
class IncomingLink:
    """A link between two passages as the file gives it: "source <kind> target", each end by its identity."""

    source_id: str
    source_uuid: str | None
    target_uuid: str | None
    kind: str
    note: str = ""
    uuid: str | None = None


@dataclass(frozen=True)
class ImportedItem:
    source_id: str
    quote: str
    status: str  # "anchored", "fuzzy", "present" (already in the library) or "failed"
    reason: str = ""
    uuid: str | None = None
    document_id: int | None = None
    page_index: int | None = None


@dataclass(frozen=True)
class ImportedLink:
    source_id: str
    kind: str
    status: str  # "linked", "present" (already in the library) or "failed"
    reason: str = ""
    uuid: str | None = None
    source_uuid: str | None = None
    target_uuid: str | None = None


@dataclass(frozen=True)
class AnnotationImportResult:
    format: str
    items: tuple[ImportedItem, ...]
    created_tags: tuple[str, ...] = ()
    links: tuple[ImportedLink, ...] = ()

    def of(self, *statuses: str) -> tuple[ImportedItem, ...]:
        return tuple(item for item in self.items if item.status in statuses)

    @property
    def anchored(self) -> tuple[ImportedItem, ...]:
        return self.of("anchored", "fuzzy")

    @property
    def failed(self) -> tuple[ImportedItem, ...]:
        return self.of("failed")

    def links_of(self, *statuses: str) -> tuple[ImportedLink, ...]:
        return tuple(link for link in self.links if link.status in statuses)

    @property
    def summary(self) -> str:
        fuzzy = len(self.of("fuzzy"))
        parts = [f"{len(self.anchored)} anchored" + (f" ({fuzzy} by similarity: check them)" if fuzzy else ""),
                 f"{len(self.of('present'))} already in the library", f"{len(self.failed)} not anchored"]
        if self.created_tags:
            parts.append(f"{len(self.created_tags)} new tag{'s' if len(self.created_tags) != 1 else ''}")
        if self.links:
            parts.append(f"links: {len(self.links_of('linked'))} linked, {len(self.links_of('present'))} already in "
                         f"the library, {len(self.links_of('failed'))} not linked")
        return ", ".join(parts)


# ---- reading files ------------------------------------------------------------------------------

def read_file(path: str | Path, format: str = "auto") -> tuple[str, list[Incoming], list[IncomingLink]]:
    """The file's format, its annotations and the links between them, or :class:`AnnotationImportRefused`
    saying why not."""
    path = Path(path)
    if format not in FORMATS:
        raise AnnotationImportRefused(f"Unknown format \u201c{format}\u201d; choose one of {', '.join(FORMATS)}.")
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise AnnotationImportRefused(f"{path}: no such file.") from None
    except OSError as error:
        raise AnnotationImportRefused(f"{path}: cannot be read ({error.strerror or error}).") from None
    if size > MAX_BYTES:
        raise AnnotationImportRefused(f"{path}: {size:,} bytes is too large for an annotation export.")
    if format == "refi" or (format == "auto" and zipfile.is_zipfile(path)):
        from app.export import refi  # noqa: PLC0415 - only REFI-QDA projects need it

        return "refi", refi.read_project_annotations(path), []
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise AnnotationImportRefused(f"{path.name}: not an annotation export (not UTF-8 text).") from None
    except json.JSONDecodeError as error:
        raise AnnotationImportRefused(
            f"{path.name}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg}).") from None
    except RecursionError:
        raise AnnotationImportRefused(f"{path.name}: nested too deeply to be an annotation export.") from None
    if format == "auto":
        format = _guess(data, path.name)
    if format == "jsonld":
        return format, *parse_jsonld(data, path.name)
    return format, parse_hypothesis(data, path.name), []


def _guess(data: Any, source: str) -> str:
    if isinstance(data, dict) and ("@context" in data or data.get("type") in ("AnnotationCollection", "AnnotationPage")):
        return "jsonld"
    if isinstance(data, dict) and ("annotations" in data or "rows" in data):
        return "hypothesis"
    items = data if isinstance(data, list) else [data]
    first = items[0] if items and isinstance(items[0], dict) else {}
    if first.get("type") == "Annotation" or "@context" in first:
        return "jsonld"
    if "uri" in first or isinstance(first.get("target"), list):
        return "hypothesis"
    raise AnnotationImportRefused(
        f"{source}: neither Web Annotations (JSON-LD) nor a Hypothesis export; give --format if it is one.")


def _refuse(source: str, where: str, problem: str) -> AnnotationImportRefused:
    return AnnotationImportRefused(f"{source}: {where}: {problem}; nothing was imported.")


def _text(value: Any, source: str, where: str, name: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _refuse(source, where, f"{name} is {type(value).__name__}, not text")
    if re.search("[\ud800-\udfff\x00]", value):
        raise _refuse(source, where, f"{name} holds characters no text file can (a lone surrogate or NUL)")
    return value


def _listed(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _when(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _uuid_of(value: Any) -> str | None:
    if isinstance(value, str) and value.lower().startswith("urn:uuid:"):
        try:
            return str(uuids.UUID(value[9:]))
        except ValueError:
            return None
    return None


def _document_keys(uris: Iterable[Any]) -> tuple[str | None, tuple[str, ...], tuple[str, ...]]:
    """SHA-256, PDF fingerprints and web addresses among a document's URIs."""
    sha, prints, urls = None, [], []
    for uri in uris:
        if not isinstance(uri, str) or not uri:
            continue
        lowered = uri.strip().lower()
        if lowered.startswith("urn:sha256:") and re.fullmatch(r"[0-9a-f]{64}", lowered[11:]):
            sha = lowered[11:]
        elif lowered.startswith("urn:x-pdf:"):
            prints.append(lowered[10:])
        elif lowered.startswith(("http://", "https://")):
            urls.append(uri.strip())
    return sha, tuple(dict.fromkeys(prints)), tuple(dict.fromkeys(urls))


def _selectors(target: dict[str, Any], source: str, where: str) -> dict[str, Any]:
    """quote, prefix, suffix, start and page_index from a target's selectors."""
    found: dict[str, Any] = {}
    for selector in _listed(target.get("selector")):
        if not isinstance(selector, dict):
            raise _refuse(source, where, "a selector is not an object")
        kind = selector.get("type")
        if kind == "TextQuoteSelector":
            found["quote"] = _text(selector.get("exact"), source, where, "the quote")
            found["prefix"] = _text(selector.get("prefix"), source, where, "the prefix")
            found["suffix"] = _text(selector.get("suffix"), source, where, "the suffix")
        elif kind == "TextPositionSelector" and isinstance(selector.get("start"), int) and selector["start"] >= 0:
            found["start"] = selector["start"]
        elif kind == "FragmentSelector" and isinstance(selector.get("value"), str):
            page = re.fullmatch(r"page=(\d{1,6})", selector["value"])
            if page and int(page[1]) >= 1:
                found["page_index"] = int(page[1]) - 1
        elif kind == "PageSelector" and isinstance(selector.get("index"), int) and selector["index"] >= 0:
            found["page_index"] = selector["index"]  # Hypothesis's, counted from 0
    return found


def _end_uuid(end: Any) -> str | None:
    """A link's end: an annotation named by ``urn:uuid:`` or by its address in this app."""
    names = [end] if isinstance(end, str) else [end.get("id"), end.get("via")] if isinstance(end, dict) else []
    for name in names:
        found = _uuid_of(name)
        if found is None and isinstance(name, str):
            try:
                address = addresses.parse(name)
            except addresses.AddressError:
                continue
            found = address.uuid if isinstance(address, addresses.AnnotationAddress) else None
        if found:
            return found
    return None


def _link(item: dict[str, Any], number: int, source: str) -> IncomingLink:
    """A linking annotation: its target the link's source passage, its resource body the other end."""
    where = f"annotation {number}"
    kind, notes, ends = "", [], []
    for body in _listed(item.get("body")):
        if isinstance(body, dict) and (body.get("type") == "TextualBody" or "value" in body):
            value = _text(body.get("value"), source, where, "a body's value")
            if body.get("purpose") == "describing" and not kind:
                kind = value
            elif body.get("purpose") in ("commenting", None) and value:
                notes.append(value)
        else:
            ends.append(body)  # in the model, a body that is not text is the resource linked to
    targets = _listed(item.get("target"))
    return IncomingLink(
        source_id=str(item.get("id") or f"#{number}"),
        source_uuid=_end_uuid(targets[0]) if targets else None, target_uuid=_end_uuid(ends[0]) if ends else None,
        kind=kind or _text(item.get("label"), source, where, "the label"), note="\n\n".join(notes),
        uuid=_uuid_of(item.get("id")),
    )


def parse_jsonld(data: Any, source: str = "annotations") -> tuple[list[Incoming], list[IncomingLink]]:
    """W3C Web Annotations: a collection (``first.items``), a page (``items``), a list or one annotation;
    the passages, and the links between passages (as this app writes them: motivation "linking")."""
    if isinstance(data, dict) and data.get("type") == "AnnotationCollection":
        pages = _listed(data.get("first"))
        items = [item for page in pages if isinstance(page, dict) for item in _listed(page.get("items"))]
    elif isinstance(data, dict) and "items" in data:
        items = _listed(data.get("items"))
    else:
        items = _listed(data)
    found, links = [], []
    for number, item in enumerate(items, start=1):
        where = f"annotation {number}"
        if not isinstance(item, dict) or item.get("type", "Annotation") != "Annotation":
            raise _refuse(source, where, "not a Web Annotation (an object of type Annotation)")
        if item.get("motivation") == "linking" and not any(
                isinstance(t, dict) and t.get("source") for t in _listed(item.get("target"))):
            links.append(_link(item, number, source))  # between two passages, not a passage of a document
            continue
        targets = [t for t in _listed(item.get("target")) if isinstance(t, dict)]
        if not targets:
            raise _refuse(source, where, "it has no target (the document and the place in it)")
        target = targets[0]
        source_value = target.get("source")
        source_ids = [source_value.get("id") if isinstance(source_value, dict) else source_value]
        title = source_value.get("title") if isinstance(source_value, dict) else ""
        sha, prints, urls = _document_keys(source_ids)
        chosen = _selectors(target, source, where)
        note, tags = "", []
        for body in _listed(item.get("body")):
            if isinstance(body, str):
                body = {"type": "TextualBody", "value": body}
            if not isinstance(body, dict):
                continue
            value = _text(body.get("value"), source, where, "a body's value")
            purpose = body.get("purpose")
            if purpose == "tagging" and value.strip():
                body_id = str(body.get("id") or "")
                slug = body_id[len(_TAG_ID):] if body_id.startswith(_TAG_ID) else None
                tags.append(IncomingTag(value.strip(), slug if slug and slugs.is_valid(slug) else None))
            elif purpose in ("commenting", None) and value:
                note = value if not note else f"{note}\n\n{value}"
        creator = item.get("creator")
        author = creator.get("name") if isinstance(creator, dict) else creator if isinstance(creator, str) else None
        found.append(Incoming(
            source_id=str(item.get("id") or f"#{number}"),
            quote=chosen.get("quote", ""), prefix=chosen.get("prefix", ""), suffix=chosen.get("suffix", ""),
            start=chosen.get("start"), page_index=chosen.get("page_index"), note=note, tags=tuple(tags),
            uuid=_uuid_of(item.get("id")), created=_when(item.get("created")),
            author=author if isinstance(author, str) else None,
            sha256=sha, fingerprints=prints, urls=urls, title=title if isinstance(title, str) else "",
            trust_offsets=sha is not None,
        ))
    return found, links


def parse_hypothesis(data: Any, source: str = "annotations") -> list[Incoming]:
    """Hypothesis's export (``{"annotations": [...]}``), an API search (``{"rows": [...]}``) or a list."""
    if isinstance(data, dict):
        rows = data.get("annotations", data.get("rows"))
        if not isinstance(rows, list):
            raise AnnotationImportRefused(f"{source}: a Hypothesis export lists its annotations under \u201cannotations\u201d.")
    elif isinstance(data, list):
        rows = data
    else:
        raise AnnotationImportRefused(f"{source}: not a Hypothesis export (neither a list nor an object).")
    found = []
    for number, row in enumerate(rows, start=1):
        where = f"annotation {number}"
        if not isinstance(row, dict):
            raise _refuse(source, where, "not an object")
        targets = [t for t in _listed(row.get("target")) if isinstance(t, dict)]
        target = targets[0] if targets else {}
        document: dict[str, Any] = row["document"] if isinstance(row.get("document"), dict) else {}
        uris: list[Any] = [row.get("uri"), target.get("source")]
        fingerprint = document.get("documentFingerprint")
        if isinstance(fingerprint, str) and fingerprint:
            uris.append(f"urn:x-pdf:{fingerprint}")
        uris.extend(link.get("href") for link in _listed(document.get("link")) if isinstance(link, dict))
        sha, prints, urls = _document_keys(uris)
        chosen = _selectors(target, source, where)
        tags = [IncomingTag(_text(tag, source, where, "a tag").strip()) for tag in _listed(row.get("tags"))]
        titles = [t for t in _listed(document.get("title")) if isinstance(t, str)]
        identity = row.get("id") if isinstance(row.get("id"), str) and row.get("id") else None
        user = row.get("user") if isinstance(row.get("user"), str) else None
        found.append(Incoming(
            source_id=identity or f"#{number}",
            quote=chosen.get("quote", ""), prefix=chosen.get("prefix", ""), suffix=chosen.get("suffix", ""),
            start=chosen.get("start"), page_index=chosen.get("page_index"),
            note=_text(row.get("text"), source, where, "the note"),
            tags=tuple(tag for tag in tags if tag.name),
            uuid=str(uuids.uuid5(_HYPOTHESIS, identity)) if identity else None,
            created=_when(row.get("created")),
            author=user.removeprefix("acct:").split("@")[0] if user else None,
            sha256=sha, fingerprints=prints, urls=urls, title=titles[0] if titles else "",
        ))
    return found


# ---- finding documents --------------------------------------------------------------------------

class _Documents:
    """The library's documents by each key an import may name them by; fingerprints computed once, when needed."""

    def __init__(self, library: Library) -> None:
        self.library = library
        with library.reading() as session:
            rows = session.execute(select(Document.id, Document.sha256, Document.file_name, Document.source_url)).all()
        self.by_sha = {row.sha256: row.id for row in rows}
        self.by_url = {row.source_url: row.id for row in rows if row.source_url}
        self._files = [(row.id, row.file_name) for row in rows]
        self._by_print: dict[str, int] | None = None

    def find(self, item: Incoming) -> int | None:
        if item.sha256 and item.sha256 in self.by_sha:
            return self.by_sha[item.sha256]
        if item.fingerprints:
            if self._by_print is None:
                self._by_print = {}
                for document_id, file_name in self._files:
                    for fingerprint in pdf_fingerprints(self.library.file_path(file_name)):
                        self._by_print.setdefault(fingerprint, document_id)
            for fingerprint in item.fingerprints:
                if fingerprint in self._by_print:
                    return self._by_print[fingerprint]
        return next((self.by_url[url] for url in item.urls if url in self.by_url), None)


# ---- anchoring and writing ----------------------------------------------------------------------

@dataclass
class _Text:
    text: str
    starts: list[int]
    file_name: str
    page_count: int
    words: dict[int, PageWords] = field(default_factory=dict)


@dataclass(frozen=True)
class _Placed:
    item: Incoming
    document_id: int
    draft: AnnotationDraft
    fuzzy: bool


def import_annotations(library: Library, items: Sequence[Incoming], format: str,
                       links: Sequence[IncomingLink] = ()) -> AnnotationImportResult:
    """Anchor ``items`` in the library's documents and add the new ones, then the ``links`` whose ends are
    both in the library, all in one transaction."""
    documents = _Documents(library)
    with library.reading() as session:
        wanted = [item.uuid for item in items if item.uuid]
        known = set(session.scalars(select(Annotation.uuid).where(Annotation.uuid.in_(wanted)))) if wanted else set()
    texts: dict[int, _Text] = {}
    report: list[ImportedItem | _Placed] = []
    seen: set[str] = set()
    for item in items:
        shown = _shown(item.quote)
        if item.uuid and item.uuid in known:
            report.append(ImportedItem(item.source_id, shown, "present", uuid=item.uuid))
            continue
        if item.uuid and item.uuid in seen:
            report.append(ImportedItem(item.source_id, shown, "failed", "the file lists this annotation twice",
                                       uuid=item.uuid))
            continue
        if item.uuid:
            seen.add(item.uuid)
        if item.unreadable:
            report.append(ImportedItem(item.source_id, shown, "failed", item.unreadable))
            continue
        document_id = documents.find(item)
        if document_id is None:
            report.append(ImportedItem(item.source_id, shown, "failed", _no_document(item)))
            continue
        if document_id not in texts:
            texts[document_id] = _read_text(library, document_id)
        placed = _place(library, document_id, texts[document_id], item)
        report.append(placed if isinstance(placed, _Placed) else
                      ImportedItem(item.source_id, shown, "failed", placed, document_id=document_id))
    created_tags: list[str] = []
    final: list[ImportedItem] = []
    with library.writing() as session:
        tag_ids = _TagFinder(session, created_tags)
        for entry in report:
            if isinstance(entry, ImportedItem):
                final.append(entry)
                continue
            draft = replace(entry.draft, tag_ids=tuple(dict.fromkeys(tag_ids.find(tag) for tag in entry.item.tags)))
            row = insert_annotation(session, draft)
            if entry.fuzzy:
                row.anchor_status = "fuzzy"
            final.append(ImportedItem(entry.item.source_id, _shown(row.quote), "fuzzy" if entry.fuzzy else "anchored",
                                      uuid=row.uuid, document_id=entry.document_id, page_index=row.page_index))
        session.flush()
        linked = _add_links(session, links, {item.uuid for item in items if item.uuid}) if links else []
    return AnnotationImportResult(format, tuple(final), tuple(created_tags), tuple(linked))


def _add_links(session: Session, links: Sequence[IncomingLink], in_file: set[str]) -> list[ImportedLink]:
    """Each link made, found already in the library, or left out with the reason (an end that is missing)."""
    wanted = [link.uuid for link in links if link.uuid]
    known = set(session.scalars(select(AnnotationLink.uuid).where(AnnotationLink.uuid.in_(wanted)))) if wanted else set()
    named = {end for link in links for end in (link.source_uuid, link.target_uuid) if end}
    present = set(session.scalars(select(Annotation.uuid).where(Annotation.uuid.in_(named)))) if named else set()
    report: list[ImportedLink] = []
    seen: set[str] = set()
    for link in links:
        status, reason = "linked", ""
        missing = next(((role, end) for role, end in (("source", link.source_uuid), ("target", link.target_uuid))
                        if end not in present), None)
        if link.uuid and link.uuid in known:
            status = "present"
        elif link.uuid and link.uuid in seen:
            status, reason = "failed", "the file lists this link twice"
        elif missing is not None:
            role, end = missing
            status, reason = "failed", (
                f"its {role} passage is not named (by urn:uuid: or its {addresses.SCHEME}:// address)" if end is None
                else f"its {role} passage ({end}) was not anchored" if end in in_file
                else f"its {role} passage ({end}) is neither in the file nor in the library")
        else:
            assert link.source_uuid and link.target_uuid
            try:
                add_link(session, link.source_uuid, link.target_uuid, link.kind, link.note, link.uuid)
            except LinkExists as error:
                status, reason = "present", str(error)
            except LibraryError as error:
                status, reason = "failed", str(error)
        if link.uuid:
            seen.add(link.uuid)
        report.append(ImportedLink(link.source_id, link.kind, status, reason, link.uuid,
                                   link.source_uuid, link.target_uuid))
    return report


def import_file(library: Library, path: str | Path, format: str = "auto") -> AnnotationImportResult:
    """Read ``path`` (refused whole when it is not an export) and import its annotations."""
    found_format, items, links = read_file(path, format)
    if found_format == "refi":
        from app.export import refi  # noqa: PLC0415

        return refi.import_project(library, path)
    return import_annotations(library, items, found_format, links)


def _shown(quote: str, limit: int = 80) -> str:
    quote = " ".join(quote.split())
    return quote if len(quote) <= limit else quote[: limit - 1] + "\u2026"


def _no_document(item: Incoming) -> str:
    named = item.title or (f"SHA-256 {item.sha256[:12]}\u2026" if item.sha256 else "") or (
        f"PDF fingerprint {item.fingerprints[0]}" if item.fingerprints else "") or (item.urls[0] if item.urls else "")
    if not named:
        return "the annotation names no document this app can find (no SHA-256, PDF fingerprint or address)"
    return f"its document ({named}) is not in the library: import the PDF first"


def _read_text(library: Library, document_id: int) -> _Text:
    with library.reading() as session:
        rows = session.execute(
            select(PageText.text, PageText.start_offset).where(PageText.document_id == document_id)
            .order_by(PageText.page_index)
        ).all()
        document = session.get(Document, document_id)
        assert document is not None
        return _Text(PAGE_SEPARATOR.join(r.text for r in rows), [r.start_offset for r in rows],
                     document.file_name, document.page_count)


def _words(library: Library, text: _Text, pages: Iterable[int]) -> dict[int, PageWords]:
    missing = [page for page in pages if page not in text.words]
    if missing:
        try:
            with pymupdf.open(library.file_path(text.file_name)) as pdf:
                source = PyMuPDFPages(pymupdf, pdf)
                for page in missing:
                    text.words[page] = source.words(page)
        except Exception as error:
            raise LibraryError(f"The library's copy of the document cannot be read ({error}).") from error
    return text.words


def _place(library: Library, document_id: int, text: _Text, item: Incoming) -> _Placed | str:
    """The new annotation's draft, or why the passage could not be found."""
    if item.page_index is not None and item.page_index >= text.page_count:
        return f"the document has {text.page_count} pages; the annotation is on page {item.page_index + 1}"
    if not item.quote.strip() and item.rect is not None and item.page_index is not None:
        return _place_rect(library, document_id, text, item)
    if not item.quote.strip():
        return "it quotes no text to anchor (a page note or a drawing)"
    hint = item.start if item.trust_offsets else None
    if hint is None and item.page_index is not None and item.page_index < len(text.starts):
        hint = text.starts[item.page_index]
    elif hint is None and item.start is not None:
        hint = item.start  # another program's offsets: counted in its own text, near ours at best
    match = locate(text.text, item.quote, item.prefix, item.suffix, hint)
    if match is None and item.rect is not None and item.page_index is not None:
        return _place_rect(library, document_id, text, item)  # a name that is not the quote: the rectangle tells
    if match is None:
        return "its quote is not in the document's text (nor anything close enough to it)"
    words = _words(library, text, pages_for_span(text.starts, match.start, match.end))
    selection = selection_for_span(document_id, words, text.starts, match.start, match.end)
    if selection is None:
        return "its quote was found in the text, but not among the words drawn on the page"
    quote = item.quote if match.exact else text.text[match.start:match.end].replace(PAGE_SEPARATOR, "\n")
    return _Placed(item, document_id, _draft(document_id, item, selection.pages, quote, match.start, match.end),
                   fuzzy=not match.exact)


def _place_rect(library: Library, document_id: int, text: _Text, item: Incoming) -> _Placed | str:
    """A REFI-QDA selection without text: the words inside its rectangle, else an area."""
    assert item.rect is not None and item.page_index is not None
    page = item.page_index
    x0, y0, x1, y1 = item.rect
    words = _words(library, text, [page])[page].words
    inside = [w for w in words if w.start is not None and w.end is not None
              and (w.x0 + w.x1) / 2 >= x0 and (w.x0 + w.x1) / 2 <= x1 and (w.y0 + w.y1) / 2 >= y0 and (w.y0 + w.y1) / 2 <= y1]
    if not inside:
        quad = (x0, y0, x1, y0, x0, y1, x1, y1)
        draft = _draft(document_id, item, (), "", None, None)
        return _Placed(item, document_id, replace(draft, kind="area", targets=(Target(page, (quad,)),)), fuzzy=False)
    base = text.starts[page]
    start = base + min(w.start for w in inside if w.start is not None)
    end = base + max(w.end for w in inside if w.end is not None)
    selection = selection_for_span(document_id, {page: text.words[page]}, text.starts, start, end)
    if selection is None:
        return "no words of the page lie inside its rectangle"
    return _Placed(item, document_id, _draft(document_id, item, selection.pages, selection.text, start, end), fuzzy=False)


def _draft(document_id: int, item: Incoming, pages: Sequence[Any], quote: str, start: int | None,
           end: int | None) -> AnnotationDraft:
    from app.services.annotations import DEFAULT_COLOR, PALETTE  # noqa: PLC0415

    color = item.color if item.color and (item.color in PALETTE or re.fullmatch(r"#[0-9a-fA-F]{6}", item.color)) \
        else DEFAULT_COLOR
    return AnnotationDraft(
        document_id=document_id,
        targets=tuple(Target(part.page_index, tuple(part.quads)) for part in pages if part.quads),
        quote=quote, start_offset=start, end_offset=end, color=color, note=item.note, origin="imported",
        author=item.author, created_at=item.created, uuid=item.uuid,
    )


class _TagFinder:
    """Tags by slug, then by code or name (ignoring case); a name the library lacks becomes a theme."""

    def __init__(self, session: Session, created: list[str]) -> None:
        self.session, self.created = session, created
        rows = session.execute(select(Tag.id, Tag.slug, Tag.code, Tag.label)).all()
        self.by_slug = {row.slug: row.id for row in rows}
        self.by_name: dict[str, int] = {}
        for row in rows:
            for name in (row.code, row.label):
                if name:
                    self.by_name.setdefault(name.casefold(), row.id)

    def find(self, tag: IncomingTag) -> int:
        if tag.slug and tag.slug in self.by_slug:
            return self.by_slug[tag.slug]
        if tag.name.casefold() in self.by_name:
            return self.by_name[tag.name.casefold()]
        slug = tag.slug if tag.slug and slugs.is_valid(tag.slug) else slugs.new_slug(self.session, tag.name, "theme", None)
        color = tag.color if tag.color and re.fullmatch(r"#[0-9a-fA-F]{6}", tag.color) else None
        row = Tag(slug=slug, kind="theme", label=tag.name[:500], description=tag.description, color=color)
        self.session.add(row)
        self.session.flush()
        self.by_slug[slug] = self.by_name[tag.name.casefold()] = row.id
        self.created.append(tag.name)
        return row.id

