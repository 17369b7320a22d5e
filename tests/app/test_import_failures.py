"""Bad input and a hostile environment: a clear reason, nothing half-written, the library still usable."""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

import pytest
from sqlalchemy import event

from app.errors import LibraryUnavailable
from app.library import Library
from app.services.documents import list_documents, search_text
from app.services.importing import CANCELLED, import_paths
from tests.app import misbehaving
from tests.pdfs import make_pdf


@pytest.fixture
def good_pdf(tmp_path: Path) -> Path:
    return make_pdf(tmp_path / "good.pdf", ["Findings on conditions of detention."])


def assert_nothing_written(library: Library) -> None:
    assert list_documents(library) == []
    assert list(library.files_dir.iterdir()) == []


def assert_still_usable(library: Library, pdf: Path) -> None:
    [outcome] = import_paths(library, [pdf])
    assert outcome.status == "imported", outcome.reason
    assert search_text(library, "detention")


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("notes.pdf", b"These are my notes, not a PDF at all.\n", "not a PDF file"),
        ("empty.pdf", b"", "empty file (0 bytes)"),
        ("truncated.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "damaged beyond repair"),
    ],
)
def test_unreadable_content_is_refused_with_its_reason(library, tmp_path, good_pdf, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    [outcome] = import_paths(library, [path])
    assert outcome.status == "failed"
    assert outcome.reason.startswith(reason)
    assert outcome.message.startswith(str(path))
    assert_nothing_written(library)
    assert_still_usable(library, good_pdf)


def test_missing_path_and_empty_folder_are_reported(library, tmp_path):
    (tmp_path / "empty-folder").mkdir()
    outcomes = import_paths(library, [tmp_path / "nowhere.pdf", tmp_path / "empty-folder"])
    assert [o.reason for o in outcomes] == ["no such file or folder", "the folder holds no PDF files"]
    assert_nothing_written(library)


def test_unreadable_file_is_reported(library, tmp_path, good_pdf, monkeypatch):
    locked = make_pdf(tmp_path / "locked-down.pdf", ["private"])
    real_read = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked-down.pdf":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    [outcome] = import_paths(library, [locked])
    assert outcome.reason == "cannot be read: permission denied"
    assert_nothing_written(library)
    assert_still_usable(library, good_pdf)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file, so permissions cannot deny it here")
def test_file_without_read_permission_is_reported(library, tmp_path):
    locked = make_pdf(tmp_path / "mode000.pdf", ["private"])
    locked.chmod(0)
    [outcome] = import_paths(library, [locked])
    assert outcome.reason == "cannot be read: permission denied"


@pytest.mark.parametrize(
    ("extractor", "reason"),
    [
        (misbehaving.crash, "the PDF reader crashed on it"),
        (misbehaving.hang, "reading it took longer than 1 s; it was stopped"),
        (misbehaving.exhaust_memory, "reading it needed too much memory"),
    ],
)
def test_a_crash_or_hang_in_the_parser_costs_one_file(library, good_pdf, extractor, reason):
    [outcome] = import_paths(library, [good_pdf], extractor=extractor, timeout=1)
    assert (outcome.status, outcome.reason) == ("failed", reason)
    assert_nothing_written(library)
    assert_still_usable(library, good_pdf)


def test_a_batch_goes_on_after_a_parser_crash(library, tmp_path):
    paths = [make_pdf(tmp_path / f"{n}.pdf", [f"detention page {n}"], title=f"Report {n}") for n in range(4)]
    paths[1] = make_pdf(tmp_path / "poison.pdf", ["detention"], title="CRASH-ME")
    outcomes = import_paths(library, paths, extractor=misbehaving.crash_on_marked)
    assert [o.status for o in outcomes] == ["imported", "failed", "imported", "imported"]
    assert outcomes[1].reason == "the PDF reader crashed on it"
    assert sorted(d.title for d in list_documents(library)) == ["Report 0", "Report 2", "Report 3"]


def _on_every_connection(library: Library, pragma: str) -> None:
    library.engine.dispose()
    event.listen(library.engine, "connect", lambda connection, _record: connection.execute(pragma))


def test_read_only_library_refuses_with_a_message_and_keeps_what_it_has(tmp_path, good_pdf):
    with Library.open(tmp_path / "lib") as library:
        [kept] = import_paths(library, [good_pdf])
        other = make_pdf(tmp_path / "other.pdf", ["Another report on detention."])
        _on_every_connection(library, "PRAGMA query_only = 1")

        [outcome] = import_paths(library, [other])

        assert outcome.status == "failed"
        assert "read-only" in outcome.reason and "Nothing already saved was lost" in outcome.reason
        assert [d.id for d in list_documents(library)] == [kept.document.id]
        assert sorted(p.name for p in library.files_dir.iterdir()) == [kept.document.file_name]


def test_full_disk_refuses_with_a_message_and_loses_nothing(tmp_path, good_pdf):
    with Library.open(tmp_path / "lib") as library:
        [kept] = import_paths(library, [good_pdf])
        big = make_pdf(tmp_path / "big.pdf", [f"Page {n} on detention. " * 200 for n in range(40)])
        with library.reading() as session:
            pages = session.connection().exec_driver_sql("PRAGMA page_count").scalar()
        _on_every_connection(library, f"PRAGMA max_page_count = {pages + 2}")

        [outcome] = import_paths(library, [big])

        assert outcome.status == "failed" and "disk holding the library is full" in outcome.reason
        assert [d.id for d in list_documents(library)] == [kept.document.id]
        assert sorted(p.name for p in library.files_dir.iterdir()) == [kept.document.file_name]


def test_file_copy_failure_leaves_no_row_and_no_partial_file(library, good_pdf, monkeypatch):
    def no_space(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    [outcome] = import_paths(library, [good_pdf])
    monkeypatch.undo()
    assert outcome.reason == "could not be copied into the library: No space left on device"
    assert_nothing_written(library)
    assert_still_usable(library, good_pdf)


def test_library_folder_that_cannot_be_created_gives_a_message(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    with pytest.raises(LibraryUnavailable, match="Cannot create the library folder"):
        Library.open(blocker / "library")


def test_damaged_database_gives_a_message_and_is_left_untouched(tmp_path):
    root = tmp_path / "lib"
    root.mkdir()
    garbage = b"this is not an SQLite database" * 100
    (root / "library.sqlite3").write_bytes(garbage)
    with pytest.raises(LibraryUnavailable, match="damaged or is not a library"):
        Library.open(root)
    assert (root / "library.sqlite3").read_bytes() == garbage


def test_cancelling_does_not_wait_for_a_file_that_hangs(library, good_pdf):
    start = time.monotonic()
    [outcome] = import_paths(
        library, [good_pdf], extractor=misbehaving.hang, timeout=600,
        cancelled=lambda: time.monotonic() - start > 0.5,
    )
    assert outcome.reason == CANCELLED
    assert time.monotonic() - start < 60  # far below the file's own time limit
    assert_nothing_written(library)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders, so the folder's mode cannot refuse it here")
def test_read_only_library_folder_refuses_imports_and_keeps_what_it_has(tmp_path, good_pdf):
    with Library.open(tmp_path / "lib") as library:
        [kept] = import_paths(library, [good_pdf])
        other = make_pdf(tmp_path / "other.pdf", ["Another report on detention."])
        library.files_dir.chmod(0o555)
        try:
            [outcome] = import_paths(library, [other])
        finally:
            library.files_dir.chmod(0o755)
        assert outcome.status == "failed" and "could not be copied into the library" in outcome.reason
        assert [d.id for d in list_documents(library)] == [kept.document.id]


def _named(folder: Path, name: bytes, text: str) -> Path:
    """A PDF under a name given as bytes, as a file system that is not UTF-8 would hold it."""
    made = make_pdf(folder / "made.pdf", [text])
    os.rename(made, os.path.join(os.fsencode(folder), name))
    return Path(os.fsdecode(os.path.join(os.fsencode(folder), name)))


def test_a_file_name_that_is_not_utf8_costs_nothing_in_a_batch(library, tmp_path, good_pdf):
    folder = tmp_path / "batch"
    folder.mkdir()
    os.rename(good_pdf, folder / "good.pdf")
    latin1 = _named(folder, b"caf\xe9.pdf", "Findings on the caf\xe9 cells.")
    outcomes = import_paths(library, [folder])
    assert [o.status for o in outcomes] == ["imported", "imported"], [o.reason for o in outcomes]
    by_path = {o.path: o for o in outcomes}
    assert by_path[str(latin1)].shown_path.endswith("caf\\xe9.pdf")
    assert by_path[str(latin1)].message.encode("utf-8")  # printable as it is
    assert sorted(d.title for d in list_documents(library)) == ["caf\\xe9", "good"]


def test_the_longest_file_name_in_a_long_path_imports(library, tmp_path, good_pdf):
    folder = tmp_path / ("d" * 120) / ("\u00e9" * 60)
    folder.mkdir(parents=True)
    name = "\u00e9" * 125 + "a.pdf"  # 255 bytes: the most one name can hold
    long_one = _named(folder, name.encode(), "Findings on a long-named report.")
    assert len(str(long_one)) > 300
    outcomes = import_paths(library, [good_pdf, long_one])
    assert [o.status for o in outcomes] == ["imported", "imported"], [o.reason for o in outcomes]
    assert {d.title for d in list_documents(library)} == {"good", name[:-4]}


def test_a_part_written_copy_of_a_killed_import_is_swept_by_the_next(library, tmp_path):
    from app.services.importing import sweep_part_files

    # Past Linux's largest process number (2**22): the process that wrote it is gone.
    gone = library.files_dir / f".{'0' * 64}.pdf.{2**22 + 12345}.part"
    gone.write_bytes(b"%PDF-1.4 cut off")
    mine = library.files_dir / f".{'1' * 64}.pdf.{os.getpid()}.part"  # a live writer's: left alone
    mine.write_bytes(b"%PDF-1.4 still being written")
    import_paths(library, [make_pdf(tmp_path / "next.pdf", ["Words"])])
    assert not gone.exists() and mine.exists()
    assert sweep_part_files(library.files_dir) == []
