"""The scripted stream of the fault run: operation ``i`` of the stream is fixed by the seed
(an import of a new PDF, a new annotation, or a new note on an earlier one). This program
runs the stream from a given operation and prints one line after each is committed:
``edit <uuid> <i>`` or ``import <sha256> <i>``. The fault run kills it with SIGKILL.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from app.library import Library
from app.selection import PageSelection, TextSelection
from app.services import annotations as notes
from app.services.importing import import_paths
from tests.pdfs import make_pdf

QUAD = (0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0)
IMPORT_EVERY = 16  # one operation in 16 imports a new PDF (a long write: pages, text, search index)


def operation(seed: int, index: int) -> str:
    """What operation ``index`` of the stream is: "import", "create" or "edit"."""
    if index % IMPORT_EVERY == IMPORT_EVERY // 3:
        return "import"
    return "create" if random.Random(seed * 1_000_003 + index).random() < 0.5 else "edit"


def note_of(index: int) -> str:
    return f"operation {index}"


def main(data_dir: str, document_id: int, seed: int, first: int, last: int, pdf_dir: str) -> None:
    with Library.open(data_dir) as library:
        known = [a.uuid for a in notes.list_annotations(library, document_id)]
        for index in range(first, last):
            kind = operation(seed, index)
            if kind == "edit" and known:
                uuid = random.Random(seed + index).choice(known)
                notes.set_note(library, uuid, note_of(index))
                print(f"edit {uuid} {index}", flush=True)
            elif kind == "import":
                pdf = make_pdf(Path(pdf_dir) / f"report-{index}.pdf", [f"Report number {index} on detention."],
                               title=f"Report {index}")
                [outcome] = import_paths(library, [pdf])
                print(f"import {outcome.document.sha256} {index}", flush=True)
            else:
                part = PageSelection(0, (QUAD,), 0, 5, "Words")
                draft = notes.draft_from_selection(TextSelection(document_id, (part,), "Words", 0, 5), note=note_of(index))
                made = notes.create_annotation(library, draft)
                known.append(made.uuid)
                print(f"edit {made.uuid} {index}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6])
