"""A whole-library backup restored into a new library loses nothing: every field of every row, every file."""

from __future__ import annotations

import zipfile

import pytest
from sqlalchemy import select

from app.export.archive import export_library, import_library
from app.export.writing import ExportError
from app.library import Library
from app.services import annotations as notes
from app.services.search import search_annotations
from app.store.models import Base
from tests.app.test_search import library_with_passages  # noqa: F401 - a fixture


def everything(library):
    """Every row of every table, by primary key, as the database gives it back."""
    with library.reading() as session:
        connection = session.connection()
        return {
            table.name: [dict(row._mapping) for row in connection.execute(
                select(table).order_by(*table.primary_key.columns))]
            for table in Base.metadata.sorted_tables
        }


def test_backup_and_restore_keep_every_field_of_every_row(library_with_passages, tmp_path):
    library, passages, ids, russia, news = library_with_passages
    notes.set_note(library, passages["beds"].uuid, "note with \u0627\u0644\u062a\u0639\u0630\u064a\u0628 \U0001F600")
    notes.trash(library, [passages["rules"].uuid])  # the trash is part of the library too
    seen = []
    outcome = export_library(library, tmp_path / "library.zip", progress=lambda d, t: seen.append((d, t)))
    assert (outcome.documents, outcome.annotations) == (2, 4) and seen[-1] == (2, 2)

    with Library.open(tmp_path / "restored") as restored:
        import_library(restored, tmp_path / "library.zip")
        before, after = everything(library), everything(restored)
        assert before.keys() == after.keys()
        for table in before:
            assert after[table] == before[table], table
        assert before["documents"] and before["annotations"] and before["annotation_tags"] and before["tags"]
        for document in before["documents"]:
            name = document["file_name"]
            assert restored.file_path(name).read_bytes() == library.file_path(name).read_bytes()
        # The search indexes are rebuilt from the restored rows.
        assert [h.annotation.uuid for h in search_annotations(restored, "restraint").hits] == [passages["beds"].uuid]


def test_restore_refuses_a_library_in_use_and_a_damaged_backup(library_with_passages, tmp_path):
    library, *_ = library_with_passages
    export_library(library, tmp_path / "library.zip")
    with pytest.raises(ExportError, match="already holds documents"):
        import_library(library, tmp_path / "library.zip")
    with pytest.raises(ExportError, match="already exists"):
        export_library(library, tmp_path / "library.zip")

    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(tmp_path / "library.zip") as source, zipfile.ZipFile(damaged, "w") as copy:
        for item in source.infolist():
            content = source.read(item)
            copy.writestr(item, content[:-10] + b"0123456789" if item.filename.endswith(".pdf") else content)
    (tmp_path / "not-a-zip.zip").write_text("hello")
    with Library.open(tmp_path / "fresh") as fresh:
        with pytest.raises(ExportError, match="damaged"):
            import_library(fresh, damaged)
        with pytest.raises(ExportError, match="not a library backup"):
            import_library(fresh, tmp_path / "not-a-zip.zip")
        assert not everything(fresh)["documents"] and not list(fresh.files_dir.iterdir())


def test_a_cancelled_backup_leaves_nothing(library_with_passages, tmp_path):
    library, *_ = library_with_passages
    folder = tmp_path / "out"
    folder.mkdir()
    outcome = export_library(library, folder / "library.zip", cancelled=lambda: True)
    assert outcome.cancelled and not list(folder.iterdir())


def test_export_and_import_library_commands(library_with_passages, tmp_path, capsys):
    from app.cli import EXIT_FAILED, EXIT_OK, main

    library, *_ = library_with_passages
    zip_path = str(tmp_path / "b.zip")
    assert main(["--data-dir", str(library.root), "export-library", "-o", zip_path]) == EXIT_OK
    assert "2 documents, 4 annotations" in capsys.readouterr().out
    assert main(["--data-dir", str(tmp_path / "new"), "import-library", zip_path]) == EXIT_OK
    assert "restored" in capsys.readouterr().out
    assert main(["--data-dir", str(tmp_path / "new"), "import-library", zip_path]) == EXIT_FAILED
    assert "new, empty library" in capsys.readouterr().err
    assert main(["--data-dir", str(tmp_path / "new"), "search", "beatings", "--json"]) == EXIT_OK
    assert "beatings during arrest" in capsys.readouterr().out
