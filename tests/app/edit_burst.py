"""A stream of edits that says "saved <uuid>" after each one is committed: killed at random by a test."""

from __future__ import annotations

import sys

from app.library import Library
from app.selection import PageSelection, TextSelection
from app.services import annotations as notes

QUAD = (0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0)


def main(data_dir: str, document_id: int) -> None:
    with Library.open(data_dir) as library:
        number = 0
        while True:
            number += 1
            part = PageSelection(0, (QUAD,), 0, 5, "Words")
            draft = notes.draft_from_selection(TextSelection(document_id, (part,), "Words", 0, 5), note=f"edit {number}")
            made = notes.create_annotation(library, draft)
            edited = notes.set_note(library, made.uuid, f"edited {number}")
            print(f"saved {made.uuid} {edited.note}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
