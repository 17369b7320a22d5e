"""A PDF's fingerprint as pdf.js computes it, and so Hypothesis names the PDF an annotation is on.

pdf.js takes the first string of the trailer's ``/ID`` in hex, else the MD5 of the file's first
1,024 bytes. The trailer is where a reader starts, at the file's end: a classic ``trailer``
dictionary just before ``startxref``, or (PDF 1.5 and later) the dictionary of the cross-reference
stream that ``startxref`` points to, which is never compressed. Reading those few kilobytes finds the
``/ID`` of nearly every file without parsing it; a file where they do not give it (an ``/ID`` written
as a literal string or held in another object, a damaged end) is opened with MuPDF, which reads the
trailer the same way once it has parsed the file.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import BinaryIO

import pymupdf

# pdf.js reads this many bytes for the fingerprint of a PDF without a usable /ID.
HEAD_BYTES = 1024
# Enough for the trailer dictionary and startxref, or a cross-reference stream's dictionary.
_TAIL_BYTES = 4096
_FIRST_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f\s]*)>")
_STARTXREF = re.compile(rb"startxref\s+(\d+)")


def pdf_fingerprints(path: Path) -> tuple[str, ...]:
    """The /ID's first string in hex and the MD5 of the first 1,024 bytes (older clients used the MD5);
    only the MD5 when the /ID is missing or all zeros; () for a file that cannot be read as a PDF."""
    try:
        with path.open("rb") as file:
            head = file.read(HEAD_BYTES)
            digits = _trailer_id(file)
        if digits is None:
            digits = _id_by_mupdf(path)
    except Exception:  # noqa: BLE001 - MuPDF raises plain exceptions; an unreadable file has no fingerprint
        return ()
    md5 = hashlib.md5(head, usedforsecurity=False).hexdigest()
    return (digits, md5) if digits and set(digits) != {"0"} else (md5,)


def _hex(found: bytes) -> str:
    return re.sub(rb"\s", b"", found).decode("ascii").lower()


def _id_in(dictionary: bytes) -> str | None:
    """The first /ID string of a whole trailer dictionary in hex; "" when it has none, None when it has
    one these bytes do not spell (a literal string, a reference to another object)."""
    found = _FIRST_ID.search(dictionary)
    if found:
        return _hex(found[1])
    return None if b"/ID" in dictionary else ""


def _trailer_id(file: BinaryIO) -> str | None:
    """The /ID read where the last cross-reference section's trailer is ("" when it has none); None
    when the trailer is not found there."""
    size = file.seek(0, 2)
    file.seek(max(0, size - _TAIL_BYTES))
    tail = file.read()
    end = tail.rfind(b"startxref")
    if end < 0:
        return None
    trailer = tail.rfind(b"trailer", 0, end)
    if trailer >= 0:  # a classic trailer: the last one written is this one
        return _id_in(tail[trailer:end])
    offset = _STARTXREF.match(tail, end)
    if offset is None or int(offset[1]) >= size:
        return None
    file.seek(int(offset[1]))
    dictionary = file.read(_TAIL_BYTES).split(b"stream", 1)[0]
    return _id_in(dictionary) if b"/XRef" in dictionary and b">>" in dictionary else None


def _id_by_mupdf(path: Path) -> str | None:
    with pymupdf.open(path) as pdf:
        kind, value = pdf.xref_get_key(-1, "ID")
    if kind != "array":
        return None
    first = re.match(r"\[\s*<([0-9A-Fa-f\s]*)>", value)
    return _hex(first[1].encode("ascii")) if first else None
