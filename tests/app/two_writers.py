"""One of two programs editing one library at once (run by test_two_processes): annotates,
edits notes, optionally imports a long document, then waits to see the other's edits."""

from __future__ import annotations

import json
import sys
import time

from app.errors import LibraryError
from app.library import Library
from app.services import annotations as notes
from app.services.importing import import_paths
from app.text.selection import PageSelection, TextSelection

QUAD = (0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0)


def main(data_dir: str, document_id: int, who: str, other: str, edits: int, start_at: float, pdf: str) -> None:
    errors: list[str] = []
    with Library.open(data_dir) as library:
        time.sleep(max(0.0, start_at - time.time()))  # both begin together
        for number in range(edits):
            try:
                part = PageSelection(0, (QUAD,), 0, 5, "Words")
                draft = notes.draft_from_selection(TextSelection(document_id, (part,), "Words", 0, 5), note=f"{who} {number}")
                made = notes.create_annotation(library, draft)
                notes.set_note(library, made.uuid, f"{who} {number} edited")
                if pdf and number == edits // 2:
                    [outcome] = import_paths(library, [pdf])  # a long write in the middle of the other's edits
                    if outcome.document is None:
                        errors.append(f"import: {outcome.reason}")
            except LibraryError as error:
                errors.append(str(error))
        mine = f"{who} "
        seen = 0
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # "refresh": read again until the other's edits show
            rows = notes.list_annotations(library, document_id)
            seen = sum(1 for a in rows if a.note.startswith(f"{other} ") and a.note.endswith("edited"))
            if seen >= edits:
                break
            time.sleep(0.05)
        own = sum(1 for a in notes.list_annotations(library, document_id) if a.note.startswith(mine))
    print(json.dumps({"who": who, "errors": errors, "own": own, "seen_other": seen}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5]), float(sys.argv[6]),
         sys.argv[7] if len(sys.argv) > 7 else "")
