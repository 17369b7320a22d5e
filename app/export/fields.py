"""The columns a user can choose for tabular exports, with their headers and values."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import attrgetter

from app.export.rows import ExportRow, link_readings, linked_ids
from app.text.addresses import annotation_address

# Plain text fields are read with attrgetter, which runs in C: it counts over 100,000 rows.
FIELDS: dict[str, tuple[str, Callable[[ExportRow], str]]] = {
    "citation": ("Citation", attrgetter("citation")),
    "quote": ("Quote", lambda r: r.shown_quote()),
    "note": ("Note", attrgetter("note")),
    "tags": ("Tags", lambda r: r.tag_names()),
    "treaties": ("Treaties", lambda r: "; ".join(r.treaties())),
    "events": ("Events", lambda r: "; ".join(r.events())),
    "document": ("Document", attrgetter("document_title")),
    "reference": ("Reference", lambda r: r.document_reference or ""),
    "publisher": ("Publisher", lambda r: r.publisher or ""),
    "published": ("Published", lambda r: r.published or ""),
    "country": ("Country", lambda r: r.country or ""),
    "page": ("Page", attrgetter("page_label")),
    "paragraphs": ("Paragraphs", lambda r: ", ".join(r.paragraphs)),
    "color": ("Colour", attrgetter("color")),
    "kind": ("Kind", attrgetter("kind")),
    "created": ("Created", lambda r: r.created_at.isoformat()),
    "sha256": ("SHA-256", attrgetter("sha256")),
    "added": ("Imported", lambda r: r.added_at.isoformat()),
    # The passage's links both ways, as the panel reads them ("responds to <citation>"), and the other ends' IDs.
    "links": ("Links", lambda r: link_readings(r.links)),
    "linked_ids": ("Linked annotation IDs", lambda r: linked_ids(r.links)),
    # The address that opens the passage in the app (rights-annotator open, or a click where registered).
    "link": ("Link", lambda r: annotation_address(r.uuid)),
    "uuid": ("Annotation ID", attrgetter("uuid")),
}
DEFAULT_FIELDS = ("citation", "quote", "note", "tags", "document", "reference", "page", "paragraphs",
                  "published", "publisher", "color", "created", "sha256", "added", "links", "linked_ids",
                  "link", "uuid")


class FieldError(ValueError):
    """An unknown field was asked for; the message names the known ones."""


def check_fields(names: Sequence[str]) -> tuple[str, ...]:
    unknown = [name for name in names if name not in FIELDS]
    if unknown:
        raise FieldError(f"Unknown field {', '.join(unknown)}; known: {', '.join(FIELDS)}.")
    if not names:
        raise FieldError("Choose at least one field to export.")
    return tuple(dict.fromkeys(names))


def headers(names: Sequence[str]) -> list[str]:
    return [FIELDS[name][0] for name in names]


def getters(names: Sequence[str]) -> list[Callable[[ExportRow], str]]:
    return [FIELDS[name][1] for name in names]
