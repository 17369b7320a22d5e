"""The W3C Web Annotation data model as JSON-LD: text quote, text position and PDF page selectors.

The source is named by its SHA-256 (``urn:sha256:``), which stays true wherever the file
travels; the page fragment follows RFC 3778 (``page=12``, counted from 1).

A link between two passages is an annotation of its own, as the model links resources: the
motivation "linking", the target the link's source passage, the body its target passage
(both by their ids in this file, ``urn:uuid:``, the body also by the address that opens it in
the app), the link's kind a describing body and its note a commenting one. Each link is
written once, when either of its ends is exported.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.export.options import ExportOptions
from app.export.rows import ExportRow, LinkCell
from app.export.writing import Steps
from app.text.addresses import annotation_address

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
PDF_FRAGMENT = "http://tools.ietf.org/rfc/rfc3778"


def annotation(row: ExportRow) -> dict[str, Any]:
    selectors: list[dict[str, Any]] = [
        # The selector is the anchor, matched against the document's text by whoever reads it (this
        # app's import-annotations too): it keeps the text as the PDF laid it out, as the library
        # does. Joined, a round trip anchored only by similarity.
        {"type": "TextQuoteSelector", "exact": row.quote, "prefix": row.prefix, "suffix": row.suffix},
    ]
    if row.start_offset is not None and row.end_offset is not None:
        selectors.append({"type": "TextPositionSelector", "start": row.start_offset, "end": row.end_offset})
    selectors.append({"type": "FragmentSelector", "conformsTo": PDF_FRAGMENT, "value": f"page={row.page_index + 1}"})
    bodies: list[dict[str, Any]] = []
    if row.note:
        bodies.append({"type": "TextualBody", "purpose": "commenting", "value": row.note, "format": "text/plain"})
    for tag in row.tags:
        bodies.append({"type": "TextualBody", "purpose": "tagging", "value": tag.code or tag.label,
                       "id": f"urn:rights-annotator:tag:{tag.slug}"})
    bodies.append({"type": "TextualBody", "purpose": "describing", "value": row.citation, "format": "text/plain"})
    item: dict[str, Any] = {
        "id": f"urn:uuid:{row.uuid}",
        "type": "Annotation",
        "via": annotation_address(row.uuid),  # opens the passage in the app that made it
        "motivation": "commenting" if row.note else "highlighting",
        "created": row.created_at.isoformat(),
        "modified": row.updated_at.isoformat(),
        "body": bodies,
        "target": {
            "source": {
                "id": f"urn:sha256:{row.sha256}",
                "type": "Text",
                "format": "application/pdf",
                "title": row.document_title,
            },
            "selector": selectors,
        },
    }
    if row.author:
        item["creator"] = {"type": "Person", "name": row.author}
    return item


def linking(row: ExportRow, link: LinkCell) -> dict[str, Any]:
    """One of the row's links as a linking annotation: "source <kind> target"."""
    source, target = (row.uuid, link.other_uuid) if link.outgoing else (link.other_uuid, row.uuid)
    bodies: list[dict[str, Any]] = [
        {"id": f"urn:uuid:{target}", "type": "SpecificResource", "via": annotation_address(target)},
        {"type": "TextualBody", "purpose": "describing", "value": link.kind, "format": "text/plain"},
    ]
    if link.note:
        bodies.append({"type": "TextualBody", "purpose": "commenting", "value": link.note, "format": "text/plain"})
    return {
        "id": f"urn:uuid:{link.uuid}",
        "type": "Annotation",
        "motivation": "linking",
        "label": link.kind,
        "body": bodies,
        "target": {"id": f"urn:uuid:{source}", "via": annotation_address(source)},
    }


def write(rows: Sequence[ExportRow], path: Path, options: ExportOptions, steps: Steps) -> None:
    items = []
    written: set[str] = set()
    for row in rows:
        items.append(annotation(row))
        for link in row.links:
            if link.uuid not in written:
                written.add(link.uuid)
                items.append(linking(row, link))
        steps.step()
    collection = {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": options.title,
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }
    with path.open("w", encoding="utf-8") as file:
        json.dump(collection, file, ensure_ascii=False, indent=2)
        file.write("\n")
