"""The scripted stream of the fault run: operation ``i`` of the stream is fixed by the seed (an
import of a new PDF, a new annotation, a new note on an earlier one, or now and then a restore, a
whole-library archive written and read into a new library, or a vocabulary import). This program
runs the stream from a given operation and prints one line after each is committed:

    edit <uuid> <i>            import <sha256> <i>          restore - <i>
    archive <folder> <i> <n>   (n documents in the archive)  tag <slug> <i>

The fault run kills it with SIGKILL.
"""

from __future__ import annotations

import json
import random
import shutil
import sys
from pathlib import Path

from app.export.archive import export_library, import_library
from app.infra.backups import backup_folder, make_backup
from app.infra.restoring import restore
from app.library import Library
from app.services import annotations as notes
from app.services.importing import import_paths
from app.text.selection import PageSelection, TextSelection
from app.vocabulary import codebook
from tests.pdfs import make_pdf

QUAD = (0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0)
IMPORT_EVERY = 16  # one operation in 16 imports a new PDF (a long write: pages, text, search index)
# One operation in 40 of each: they replace or copy whole files, so they are rarer and longer.
RARE_EVERY = 40
RARE = {11: "restore", 23: "archive", 31: "vocabulary"}
KINDS = ("create", "edit", "import", *RARE.values())


def operation(seed: int, index: int) -> str:
    """What operation ``index`` of the stream is: one of :data:`KINDS`."""
    if index % RARE_EVERY in RARE:
        return RARE[index % RARE_EVERY]
    if index % IMPORT_EVERY == IMPORT_EVERY // 3:
        return "import"
    return "create" if random.Random(seed * 1_000_003 + index).random() < 0.5 else "edit"


def note_of(index: int) -> str:
    return f"operation {index}"


def copy_folder(work: Path, index: int) -> Path:
    """The new library an archive made at operation ``index`` is read into."""
    return work / "copies" / f"copy-{index}"


def archive_path(work: Path, index: int) -> Path:
    return work / "archives" / f"library-{index}.zip"


def main(data_dir: str, document_id: int, seed: int, first: int, last: int, work_dir: str) -> None:
    work = Path(work_dir)
    library = Library.open(data_dir)
    known = [a.uuid for a in notes.list_annotations(library, document_id)]
    for index in range(first, last):
        kind = operation(seed, index)
        if kind == "edit" and known:
            uuid = random.Random(seed + index).choice(known)
            notes.set_note(library, uuid, note_of(index))
            print(f"edit {uuid} {index}", flush=True)
        elif kind == "import":
            pdf = make_pdf(work / "pdfs" / f"report-{index}.pdf", [f"Report number {index} on detention."],
                           title=f"Report {index}")
            [outcome] = import_paths(library, [pdf])
            print(f"import {outcome.document.sha256} {index}", flush=True)
        elif kind == "restore":
            library = _restore_latest(library)
            print(f"restore - {index}", flush=True)
        elif kind == "archive":
            target = archive_path(work, index)
            target.parent.mkdir(parents=True, exist_ok=True)
            made = export_library(library, target, force=True)
            # An attempt cut short was checked and read in again after the kill: start afresh.
            shutil.rmtree(copy_folder(work, index), ignore_errors=True)
            with Library.open(copy_folder(work, index)) as copy:
                import_library(copy, target)
            print(f"archive {copy_folder(work, index)} {index} {made.documents}", flush=True)
        elif kind == "vocabulary":
            slug = f"fault-theme-{index}"
            source = work / "codebooks" / f"{slug}.json"
            source.parent.mkdir(parents=True, exist_ok=True)
            source.write_text(json.dumps({"format": codebook.FORMAT, "version": codebook.VERSION, "tags": [
                {"slug": slug, "kind": "theme", "label": f"Theme of operation {index}"}]}), encoding="utf-8")
            codebook.import_file(library, source)
            print(f"tag {slug} {index}", flush=True)
        else:
            part = PageSelection(0, (QUAD,), 0, 5, "Words")
            draft = notes.draft_from_selection(TextSelection(document_id, (part,), "Words", 0, 5), note=note_of(index))
            made = notes.create_annotation(library, draft)
            known.append(made.uuid)
            print(f"edit {made.uuid} {index}", flush=True)
    library.close()


def _restore_latest(library: Library) -> Library:
    """Back up, close, restore that backup, open again: the library as it was, through a whole restore."""
    backup = make_backup(library.db_path, backup_folder(library.root))
    root = library.root
    library.close()
    restore(root / "library.sqlite3", backup.path)
    return Library.open(root)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6])
