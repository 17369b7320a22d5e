"""Addresses of passages: links that lead back from a brief, a spreadsheet or a note to the app.

Two kinds, both under the ``rights-annotator`` URL scheme the desktop hands to
``rights-annotator open ADDRESS``:

* ``rights-annotator://annotation/<uuid>``: one annotation, by its identity (lower-case, hyphenated);
  it stays true when the annotation is edited, and in any library that holds it.
* ``rights-annotator://document/<sha256>?page=N``: a page of a document, named by the SHA-256 of
  its file (as the JSON-LD export names sources) and its page counted from 1, as printed page
  numbers and RFC 3778's ``page=`` fragments count; without ``?page=`` the document's first page.

Anything else (another scheme, another kind, a malformed identity, other query fields, a
fragment) is refused with :class:`AddressError`, saying what was wrong. Pure text: no library.
"""

from __future__ import annotations

import re
import uuid as uuids
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

SCHEME = "rights-annotator"
_HEX64 = re.compile(r"[0-9a-fA-F]{64}")
# Addresses arrive from other programs and the command line: a long one is not an address.
MAX_LENGTH = 512


class AddressError(ValueError):
    """Not an address of this app; the message says why, for the user."""


@dataclass(frozen=True)
class AnnotationAddress:
    uuid: str

    def __str__(self) -> str:
        return annotation_address(self.uuid)


@dataclass(frozen=True)
class PageAddress:
    sha256: str
    page_index: int = 0  # counted from 0 inside the app; the address counts from 1

    def __str__(self) -> str:
        return page_address(self.sha256, self.page_index)


Address = AnnotationAddress | PageAddress


def annotation_address(annotation_uuid: str) -> str:
    return f"{SCHEME}://annotation/{annotation_uuid}"


def page_address(sha256: str, page_index: int = 0) -> str:
    return f"{SCHEME}://document/{sha256}?page={page_index + 1}"


def parse(text: str) -> Address:
    """The address ``text`` spells, or :class:`AddressError` naming the first thing wrong with it."""
    if not isinstance(text, str) or not text.strip():
        raise AddressError("No address was given.")
    text = text.strip()
    if len(text) > MAX_LENGTH:
        raise AddressError(f"Not an address of this app: longer than {MAX_LENGTH} characters.")
    if any(ord(c) < 32 or c.isspace() for c in text):
        raise AddressError("Not an address of this app: it holds spaces or control characters.")
    try:
        parts = urlsplit(text)
    except ValueError as error:
        raise AddressError(f"Not an address of this app: {error}.") from None
    if parts.scheme.lower() != SCHEME:
        shown = f"\u201c{parts.scheme}:\u201d" if parts.scheme else "none"
        raise AddressError(f"Not an address of this app: it must begin {SCHEME}:// (its scheme is {shown}).")
    if not text.lower().startswith(f"{SCHEME}://"):
        raise AddressError(f"Not an address of this app: it must begin {SCHEME}://.")
    if parts.fragment:
        raise AddressError("An address of this app has no #fragment.")
    kind, path = parts.netloc.lower(), parts.path
    if kind == "annotation":
        if parts.query:
            raise AddressError("An annotation's address takes no ?query.")
        return AnnotationAddress(_uuid(path))
    if kind == "document":
        return PageAddress(_sha256(path), _page(parts.query))
    if not kind:
        raise AddressError(f"Not an address of this app: {SCHEME}:// must be followed by annotation/ or document/.")
    raise AddressError(f"Unknown kind of address \u201c{kind}\u201d: this app has annotation/ and document/ addresses.")


def _single_segment(path: str, what: str) -> str:
    segment = path[1:] if path.startswith("/") else path
    segment = segment[:-1] if segment.endswith("/") else segment  # a trailing slash, as some mail programs add
    if not segment:
        raise AddressError(f"The address names no {what}.")
    if "/" in segment:
        raise AddressError(f"The address has more after the {what} than this app knows.")
    return segment


def _uuid(path: str) -> str:
    segment = _single_segment(path, "annotation")
    try:
        parsed = uuids.UUID(segment)
    except ValueError:
        raise AddressError(f"\u201c{segment[:60]}\u201d is not an annotation's identity (a UUID).") from None
    # Only the canonical spelling (any case): UUID() also takes braces, "urn:uuid:" and bare hex.
    if segment.lower() != str(parsed):
        raise AddressError(f"\u201c{segment[:60]}\u201d is not an annotation's identity (a UUID).")
    return str(parsed)


def _sha256(path: str) -> str:
    segment = _single_segment(path, "document")
    if not _HEX64.fullmatch(segment):
        raise AddressError(f"\u201c{segment[:70]}\u201d is not a document's SHA-256 (64 hexadecimal digits).")
    return segment.lower()


def _page(query: str) -> int:
    if not query:
        return 0
    try:
        fields = parse_qsl(query, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        raise AddressError("The address's ?query is malformed.") from None
    names = [name for name, _value in fields]
    if names != ["page"]:
        others = ", ".join(sorted(set(names) - {"page"})) or "page more than once"
        raise AddressError(f"A document's address takes only ?page=N (it has {others}).")
    value = fields[0][1]
    if not value.isascii() or not value.isdigit() or int(value) < 1 or len(value) > 6:
        raise AddressError(f"\u201c{value[:20]}\u201d is not a page number (pages count from 1).")
    return int(value) - 1
