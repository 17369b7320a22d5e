"""A crafted or broken backup is refused whole, with a plain message, and changes nothing.

Each test here is an attack or an accident found by review: files outside the library,
formulas in ids, shapes the app never writes, zip bombs, interrupted restores.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import json
import os
import struct
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, insert, text, update

from app.errors import LibraryError
from app.export import export_annotations
from app.export.archive import Limits, _read_member, export_library, import_library
from app.export.archive_schema import schema
from app.export.writing import ExportError
from app.infra.file_check import check_files
from app.library import Library, UnsafeFileName
from app.services.search import AnnotationFilters, search_annotations
from app.store.models import Annotation, Base, Tag, stored_tables
from tests.app.test_archive import everything
from tests.app.test_search import library_with_passages  # noqa: F401 - a fixture


@pytest.fixture
def backup(library_with_passages, tmp_path):
    """A backup of the fixture library: (its library.json as data, its files by member name)."""
    library, *_ = library_with_passages
    export_library(library, tmp_path / "good.zip")
    with zipfile.ZipFile(tmp_path / "good.zip") as archive:
        data = json.loads(archive.read("library.json"))
        files = {name: archive.read(name) for name in archive.namelist() if name != "library.json"}
    return data, files


def write_zip(path: Path, data: object, files: dict[str, bytes], *, raw: bytes | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        content = raw if raw is not None else json.dumps(data).encode()
        archive.writestr("library.json", content, compress_type=zipfile.ZIP_DEFLATED)
        for name, content in files.items():
            archive.writestr(name, content)
    return path


def assert_untouched(library: Library) -> None:
    rows = everything(library)
    assert not any(rows[name] for name in rows if name != "tags")
    assert not list(library.files_dir.iterdir())


def refused(tmp_path: Path, data: object, files: dict[str, bytes], match: str, **options) -> str:
    """Import the crafted backup into a new library; it must be refused with ``match`` and leave nothing."""
    with Library.open(tmp_path / "victim") as library:
        with pytest.raises(ExportError, match=match) as caught:
            import_library(library, write_zip(tmp_path / "crafted.zip", data, files), **options)
        assert_untouched(library)
    assert "othing was changed" in str(caught.value)
    return str(caught.value)


def first(data: dict, table: str) -> dict:
    return data["tables"][table][0]


# 1. Files are written atomically, read-only, and checked on a retry.

def test_a_file_left_empty_by_a_killed_restore_is_replaced_on_retry(backup, tmp_path):
    data, files = backup
    name = first(data, "documents")["file_name"]
    with Library.open(tmp_path / "restored") as library:
        left = library.file_path(name)
        left.write_bytes(b"")  # what a restore killed between creating and writing the file left
        left.chmod(0o444)
        import_library(library, write_zip(tmp_path / "b.zip", data, files))
        assert left.read_bytes() == files[f"files/{name}"]
        assert check_files(library.root).ok


def test_restored_files_are_read_only_as_imported_files_are(backup, tmp_path):
    data, files = backup
    with Library.open(tmp_path / "restored") as library:
        import_library(library, write_zip(tmp_path / "b.zip", data, files))
        for path in library.files_dir.iterdir():
            assert not path.stat().st_mode & 0o222, path


def test_a_file_that_cannot_be_written_whole_leaves_no_part_of_it(backup, tmp_path, monkeypatch):
    data, files = backup

    def failing_fsync(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    with Library.open(tmp_path / "restored") as library:
        monkeypatch.setattr(os, "fsync", failing_fsync)
        with pytest.raises(ExportError, match="No space left on device. Nothing was changed"):
            import_library(library, write_zip(tmp_path / "b.zip", data, files))
        monkeypatch.undo()
        assert_untouched(library)


def test_check_files_names_the_damaged_and_the_missing(library_with_passages):
    library, *_ = library_with_passages
    assert check_files(library.root).summary() == "files: all 2 intact"
    damaged, missing = sorted(library.files_dir.iterdir())
    damaged.chmod(0o644)
    damaged.write_bytes(damaged.read_bytes()[:-1] + b"!")
    missing.chmod(0o644)
    missing.unlink()
    verdict = check_files(library.root)
    assert not verdict.ok and {(p.name, p.reason) for p in verdict.problems} == {
        (damaged.name, "damaged"), (missing.name, "missing")}
    assert verdict.summary().startswith("files: 2 of 2 damaged or missing: ")


def test_check_full_reports_damaged_files_and_fails(library_with_passages, capsys):
    from app.cli import main

    library, *_ = library_with_passages
    assert main(["--data-dir", str(library.root), "check", "--full"]) == 0
    assert "files: all 2 intact" in capsys.readouterr().out
    damaged = sorted(library.files_dir.iterdir())[0]
    damaged.chmod(0o644)
    damaged.write_bytes(b"")
    assert main(["--data-dir", str(library.root), "check", "--full"]) == 1
    assert f"files: 1 of 2 damaged or missing: {damaged.name}" in capsys.readouterr().out
    assert main(["--data-dir", str(library.root), "check", "--full", "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["files"]["problems"][0]["reason"] == "damaged"
    assert main(["--data-dir", str(library.root), "check"]) == 0  # the quick check reads no files
    assert "files:" not in capsys.readouterr().out


def test_a_library_holding_the_built_in_vocabulary_takes_the_backups_instead(backup, tmp_path):
    from app.vocabulary.builtin import ensure_builtin

    data, files = backup
    with Library.open(tmp_path / "restored") as library:
        assert ensure_builtin(library)  # as the window and the command line do at opening: treaties and articles
        import_library(library, write_zip(tmp_path / "b.zip", data, files))
        assert [tag["slug"] for tag in everything(library)["tags"]] == [tag["slug"] for tag in data["tables"]["tags"]]


# 2. A document can name only the library's own file.

@pytest.mark.parametrize("name", ["../outside.pdf", "/etc/passwd", "sub/x.pdf", "x.pdf"])
def test_a_file_name_that_is_not_the_librarys_own_is_refused(backup, tmp_path, name):
    data, files = backup
    document = first(data, "documents")
    files = {**files, f"files/{name}": files[f"files/{document['file_name']}"]}
    document["file_name"] = name
    refused(tmp_path, data, files, "documents row 1: file_name")
    assert not (tmp_path / "outside.pdf").exists()


def test_a_document_pointing_outside_the_library_is_neither_backed_up_nor_exported(library_with_passages, tmp_path):
    library, _passages, _ids, russia, _news = library_with_passages
    secret = library.root.parent / "secret.pdf"
    secret.write_bytes(b"private key")
    with library.writing() as session:
        session.execute(text("UPDATE documents SET file_name = '../secret.pdf' WHERE id = :id"), {"id": russia})
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(UnsafeFileName):
        export_library(library, folder / "library.zip")
    with pytest.raises(UnsafeFileName):
        export_annotations(library, folder / "copy.pdf", "pdf", filters=AnnotationFilters(documents=(russia,)))
    assert not list(folder.iterdir())


@pytest.mark.parametrize("name", ["../x.pdf", "/etc/passwd", "a/b.pdf", "a\\b.pdf", "", "..", "x\0.pdf"])
def test_file_path_refuses_a_name_outside_files(tmp_path, name):
    with Library.open(tmp_path / "lib") as library:
        with pytest.raises(UnsafeFileName, match="not one of its own files"):
            library.file_path(name)
        assert library.file_path("a" * 64 + ".pdf").parent == library.files_dir


# 3. Every field is checked against the schema, and rows against each other.

@pytest.mark.parametrize(("table", "field", "value", "message"), [
    ("annotations", "color", "=cmd", "annotations row 1: color '=cmd' is not a colour"),
    ("annotations", "color", "yellow\n=cmd", "annotations row 1: color 'yellow\n=cmd' is not a colour"),
    ("annotations", "uuid", "=HYPERLINK(\"http://x\")", "annotations row 1: uuid '=HYPERLINK.*' is not a UUID"),
    ("annotations", "targets", "not a list", "annotations row 1: targets 'not a list' is not a list"),
    ("annotations", "targets", [{"page": 0, "quads": [[1, 2]]}], r"annotations row 1: targets\[0\].quads\[0\]"),
    ("annotations", "kind", "scribble", "annotations row 1: kind 'scribble' is not one of highlight"),
    ("annotations", "created_at", "yesterday", "annotations row 1: created_at 'yesterday' is not an ISO 8601"),
    ("annotations", "page_index", 1.5, "annotations row 1: page_index '1.5' is not a whole number"),
    ("annotations", "document_id", 999, "annotations row 1: document_id '999' names no row of documents"),
    ("documents", "sha256", "=1+1", "documents row 1: sha256 '=1\\+1' is not a SHA-256"),
    ("documents", "title", None, "documents row 1: title 'None' is not text"),
    ("tags", "color", "=cmd", "tags row 1: color '=cmd' is not a colour"),
    ("documents", "outline", {"page": 1}, "documents row 1: outline .* is not a list"),
    ("documents", "outline", [[1, "Title", -3]], r"documents row 1: outline\[0\]\[2\] '-3' is not allowed"),
    ("page_texts", "width", "wide", "page_texts row 1: width 'wide' is not a number"),
])
def test_a_field_of_the_wrong_shape_is_refused_by_table_row_and_field(backup, tmp_path, table, field, value, message):
    data, files = backup
    first(data, table)[field] = value
    refused(tmp_path, data, files, message)


def test_a_missing_field_and_a_row_not_an_object_are_refused(backup, tmp_path):
    data, files = backup
    del first(data, "annotations")["uuid"]
    refused(tmp_path, data, files, "annotations row 1: uuid is missing")
    data["tables"]["annotations"][0] = ["not", "a", "row"]
    refused(tmp_path, data, files, "annotations row 1 .* is not an object")


def test_a_duplicated_row_or_unique_value_is_refused(backup, tmp_path):
    data, files = backup
    rows = data["tables"]["annotations"]
    twice = copy.deepcopy(data)
    twice["tables"]["annotations"].append(copy.deepcopy(rows[0]))
    refused(tmp_path, twice, files, f"annotations row {len(rows) + 1}: id '{rows[0]['id']}' is already in row 1")
    same_uuid = copy.deepcopy(data)
    same_uuid["tables"]["annotations"][1]["uuid"] = rows[0]["uuid"]
    refused(tmp_path, same_uuid, files, "annotations row 2: uuid .* is already in row 1")
    same_link = copy.deepcopy(data)
    same_link["tables"]["annotation_tags"].append(dict(same_link["tables"]["annotation_tags"][0]))
    refused(tmp_path, same_link, files, "annotation_tags row .*: annotation_id .*, tag_id .* is already in row 1")


def test_a_loop_of_parents_is_refused(backup, tmp_path):
    data, files = backup
    tags = {tag["slug"]: tag for tag in data["tables"]["tags"]}
    tags["echr"]["parent_id"] = tags["echr-3"]["id"]  # the treaty inside its own article
    refused(tmp_path, data, files, "tags row .*: parent_id makes a loop")


def test_the_schema_covers_every_column_of_every_table():
    tables = schema()["properties"]["tables"]["properties"]
    assert "tag_passages" not in tables  # kept by the database's triggers: rebuilt, never brought in
    for table in stored_tables():
        assert set(tables[table.name]["items"]["properties"]) == set(table.columns.keys()), table.name


def test_csv_guards_ids_and_colours_too(library_with_passages, tmp_path):
    library, *_ = library_with_passages
    with library.writing() as session:
        first_id = session.scalar(text("SELECT min(id) FROM annotations"))
        session.execute(update(Annotation).where(Annotation.id == first_id).values(color="=cmd|' /C calc'!A0",
                                                                                  uuid="=1+1"))
    export_annotations(library, tmp_path / "out.csv", "csv")
    with (tmp_path / "out.csv").open(encoding="utf-8-sig") as file:
        rows = list(csv.DictReader(file))
    cells = [cell for row in rows for cell in row.values()]
    assert "'=1+1" in cells and "'=cmd|' /C calc'!A0" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


# 4. Zip bombs and unreadable JSON.

def _zeros_member(archive: zipfile.ZipFile, name: str, megabytes: int) -> None:
    """A member of zeros, written a megabyte at a time: a bomb that costs the test little memory."""
    block = bytes(2**20)
    with archive.open(name, "w", force_zip64=True) as member:
        for _ in range(megabytes):
            member.write(block)


def _zeros_sha256(megabytes: int) -> str:
    digest = hashlib.sha256()
    for _ in range(megabytes):
        digest.update(bytes(2**20))
    return digest.hexdigest()


def test_a_library_json_bomb_is_refused_from_the_directory(tmp_path):
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        _zeros_member(archive, "library.json", 64)
    assert bomb.stat().st_size < 2**20
    with Library.open(tmp_path / "victim") as library:
        with pytest.raises(ExportError, match="library.json would unpack to .* times its size"):
            import_library(library, bomb)
        with pytest.raises(ExportError, match="library.json would unpack to 64.0 MB, more than 32.0 MB"):
            import_library(library, bomb, limits=Limits(data_bytes=32 * 2**20, data_ratio=10_000))
        assert_untouched(library)


def test_a_pdf_bomb_is_refused_before_any_file_is_written(backup, tmp_path):
    data, files = backup
    document = first(data, "documents")
    bomb = tmp_path / "bomb.zip"
    sha = _zeros_sha256(64)
    document.update(sha256=sha, file_name=f"{sha}.pdf")
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("library.json", json.dumps(data))
        for name, content in files.items():
            archive.writestr(name, content)
        _zeros_member(archive, f"files/{sha}.pdf", 64)
    with Library.open(tmp_path / "victim") as library:
        with pytest.raises(ExportError, match=r"files/.*\.pdf would unpack to .* times its size"):
            import_library(library, bomb)
        with pytest.raises(ExportError, match=r"files/.*\.pdf would unpack to 64.0 MB, more than 1.0 MB"):
            import_library(library, bomb, limits=Limits(file_bytes=2**20, file_ratio=10_000))
        assert_untouched(library)


def test_a_member_larger_than_its_directory_says_is_cut_off_while_reading(tmp_path):
    with zipfile.ZipFile(tmp_path / "a.zip", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("library.json", bytes(3 * 2**20))
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        with pytest.raises(ExportError, match="unpacks to more than 1.0 MB"):
            _read_member(archive, archive.getinfo("library.json"), 2**20)


def test_a_directory_that_lies_about_a_size_is_refused_plainly(backup, tmp_path):
    data, files = backup
    path = write_zip(tmp_path / "lying.zip", data, files)
    content = bytearray(path.read_bytes())
    header = content.index(b"PK\x01\x02")  # the first central directory entry: library.json
    assert content[header + 46: header + 58] == b"library.json"
    struct.pack_into("<I", content, header + 24, 100)  # its uncompressed size, said to be 100 bytes
    path.write_bytes(bytes(content))
    with Library.open(tmp_path / "victim") as library:
        with pytest.raises(ExportError, match="library.json cannot be read"):
            import_library(library, path)
        assert_untouched(library)


def test_too_many_members_and_a_member_twice_are_refused(backup, tmp_path):
    data, files = backup
    crowded = {**files, **{f"extra/{n}": b"" for n in range(10)}}
    refused(tmp_path, data, crowded, "holds 13 entries, more than 5", limits=Limits(members=5))
    twice = tmp_path / "twice.zip"
    with pytest.warns(UserWarning, match="Duplicate name"):
        with zipfile.ZipFile(twice, "w") as archive:
            archive.writestr("library.json", json.dumps(data))
            archive.writestr("library.json", json.dumps(data))
            for name, content in files.items():
                archive.writestr(name, content)
    with Library.open(tmp_path / "victim") as library:
        with pytest.raises(ExportError, match="holds library.json twice"):
            import_library(library, twice)


@pytest.mark.parametrize(("raw", "message"), [
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (b"[]", "not a backup this version can read"),
    (b"\xff\xfe not text", "not readable JSON"),
    (b'{"format": "rights-annotator-backup", "version": 1, "tables": []}', "tables '\\[\\]' is not an object"),
    (b'{"format": "rights-annotator-backup", "version": 1, "tables": {"documents": 3}}',
     "table documents '3' is not a list"),
    (b'{"format": "rights-annotator-backup", "version": 1, "tables": {"page_texts": [{"width": NaN}]}}',
     "NaN is not a number JSON allows"),
])
def test_unreadable_or_mistyped_json_gives_a_message_not_a_traceback(tmp_path, raw, message):
    with Library.open(tmp_path / "victim") as library:
        with pytest.raises(ExportError, match=message):
            import_library(library, write_zip(tmp_path / "b.zip", None, {}, raw=raw))
        assert_untouched(library)


# 5. Whatever library.json holds, a restore is all or nothing.

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
# Values close to right, or known to hurt: these find more than random JSON does.
_NEAR = st.sampled_from([
    None, "", 0, -1, 1, 2**63, 1.5, True, [], {}, "=cmd", "../x.pdf", "/etc/passwd", "yellow", "#fff", "2025-01-01",
    "2025-13-01T00:00:00", "a" * 64, [{"page": 0, "quads": [[0, 0, 1, 0, 0, 1, 1, 1]]}], [{"page": "0"}], ["1"], [[1]],
])


@st.composite
def _mutated(draw, base: dict, files: dict[str, bytes]) -> tuple[dict, dict[str, bytes]]:
    """The backup with one to three of its rows, fields or tables changed, and perhaps one of its files."""
    return draw(_mutated_data(base)), draw(_mutated_files(files))


@st.composite
def _mutated_files(draw, files: dict[str, bytes]) -> dict[str, bytes]:
    files = dict(files)
    name = draw(st.sampled_from(sorted(files)))
    how = draw(st.sampled_from(["keep", "keep", "drop", "rename", "damage"]))
    if how == "drop":
        del files[name]
    elif how == "rename":
        files[draw(st.sampled_from(["files/../x.pdf", "/x.pdf", "library.json/x", "files/" + "b" * 64 + ".pdf"]))] = \
            files.pop(name)
    elif how == "damage":
        files[name] = files[name][:-1]
    return files


@st.composite
def _mutated_data(draw, base: dict) -> dict:
    data = copy.deepcopy(base)
    tables = data["tables"]
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(sorted(tables)))
        rows = tables[name]
        how = draw(st.sampled_from(["value", "value", "value", "duplicate", "rename", "drop", "table"]))
        if how == "table" or not rows or not isinstance(rows, list):
            tables[name] = draw(_JSON | st.just([]))
            continue
        row = draw(st.sampled_from(rows))
        if not isinstance(row, dict) or not row:
            continue
        field = draw(st.sampled_from(sorted(row)))
        if how == "value":
            row[field] = draw(_NEAR | _JSON)
        elif how == "duplicate":
            rows.append(copy.deepcopy(row))
        elif how == "rename":
            row[draw(st.text(max_size=8))] = row.pop(field)
        else:
            rows.remove(row)
    return data


def test_any_mutated_backup_is_restored_whole_or_refused_leaving_nothing(backup, tmp_path):
    base, files = backup
    with Library.open(tmp_path / "victim") as library:
        empty = everything(library)

        @settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(_mutated(base, files))
        def restore(backup: tuple[dict, dict[str, bytes]]) -> None:
            data, members = backup
            assert everything(library) == empty, "an earlier example left rows behind"
            path = write_zip(tmp_path / "mutated.zip", data, members)
            try:
                import_library(library, path)
            except LibraryError as error:
                assert "othing was changed" in str(error), error
                event("refused")
                assert everything(library) == empty and not list(library.files_dir.iterdir())
                return
            event("restored")
            try:
                restored = everything(library)
                for table in stored_tables():
                    assert len(restored[table.name]) == len(data["tables"].get(table.name, [])), table.name
                search_annotations(library, "")  # what crashed on a malformed passage
            finally:
                _empty_again(library, empty)

        restore()


def _empty_again(library: Library, empty: dict) -> None:
    with library.writing() as session:
        session.execute(update(Tag).values(parent_id=None))  # RESTRICT is checked row by row
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(delete(table))
        if empty["tags"]:  # the built-in vocabulary, when the library was made with one
            session.execute(insert(Tag.__table__), empty["tags"])
    for path in library.files_dir.iterdir():
        path.chmod(0o644)
        path.unlink()
