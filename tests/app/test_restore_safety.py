"""A restore never loses a database: refused while the library is open anywhere, and finished at the
next open when it was killed part-way."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from app.cli import main
from app.errors import LibraryInUse
from app.infra import restoring
from app.infra.backups import backup_folder, make_backup
from app.infra.library_lock import in_use
from app.library import Library
from app.services.documents import list_documents
from app.services.importing import import_paths
from tests.pdfs import make_pdf

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture
def two_states(tmp_path):
    """A library holding "First" and "Second", with a backup holding only "First"."""
    root = tmp_path / "lib"
    with Library.open(root) as library:
        import_paths(library, [make_pdf(tmp_path / "a.pdf", ["First report"], title="First")])
        backup = make_backup(library.db_path, backup_folder(root))
        import_paths(library, [make_pdf(tmp_path / "b.pdf", ["Second report"], title="Second")])
    return root, backup.path


def _titles(root) -> list[str]:
    with Library.open(root, check=True) as library:
        return sorted(d.title for d in list_documents(library))


def test_restore_is_refused_while_the_library_is_open_in_this_process(two_states, capsys):
    root, backup = two_states
    with Library.open(root) as window:
        assert main(["--data-dir", str(root), "restore", str(backup), "--yes"]) == 3
        assert "open in another window or command" in capsys.readouterr().err
        assert sorted(d.title for d in list_documents(window)) == ["First", "Second"]
    assert _titles(root) == ["First", "Second"]
    assert not list(root.glob("library.sqlite3.replaced-*"))


def test_restore_is_refused_while_another_process_has_the_library_open(two_states):
    root, backup = two_states
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys
            from app.library import Library
            with Library.open({str(root)!r}):
                print("open", flush=True)
                sys.stdin.readline()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "open"
        assert in_use(root)
        with pytest.raises(LibraryInUse):
            restoring.restore(root / "library.sqlite3", backup)
    finally:
        holder.communicate("\n", timeout=30)
    assert not in_use(root)  # the holder's exit let go of the library
    restoring.restore(root / "library.sqlite3", backup)
    assert _titles(root) == ["First"]


def test_a_window_restoring_under_another_open_library_is_refused_and_keeps_its_hold(two_states):
    root, backup = two_states
    with Library.open(root) as window, Library.open(root) as other:
        with pytest.raises(LibraryInUse):
            restoring.restore_into(window, backup)
        assert sorted(d.title for d in list_documents(window)) == ["First", "Second"]
        other.close()
        # The refused attempt did not drop the window's own hold: a restore from outside is still refused.
        with pytest.raises(LibraryInUse):
            restoring.restore(root / "library.sqlite3", backup)
        restoring.restore_into(window, backup)  # alone now, the window may
        assert [d.title for d in list_documents(window)] == ["First"]


class _Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs, no handler sees it."""


def _cut_at(monkeypatch, target, name: str, call: int) -> None:
    real, calls = getattr(target, name), []

    def cut(*args, **kwargs):
        calls.append(args)
        if len(calls) == call:
            raise _Killed
        return real(*args, **kwargs)

    monkeypatch.setattr(target, name, cut)


# Each step of the restore a kill can fall after: the copy, the journal, moving the database
# aside, putting the copy in place, dropping the journal.
CUTS = [("shutil", "copyfileobj", 1), ("os", "replace", 1), ("os", "replace", 2), ("os", "replace", 3),
        ("os", "fsync", 1), ("os", "fsync", 2), ("os", "fsync", 4)]


@pytest.mark.parametrize(("module", "name", "call"), CUTS)
def test_a_restore_killed_at_any_step_is_finished_or_undone_at_the_next_open(two_states, monkeypatch, module, name,
                                                                             call):
    root, backup = two_states
    with monkeypatch.context() as patch:
        _cut_at(patch, {"shutil": shutil, "os": os}[module], name, call)
        with pytest.raises(_Killed):
            restoring.restore(root / "library.sqlite3", backup)
    titles = _titles(root)  # always a library, never an empty one made in place of a lost file
    assert titles in (["First"], ["First", "Second"])
    leftovers = {p.name for p in root.iterdir()} - {"files", "backups", "library.sqlite3", "library.lock"}
    if titles == ["First"]:  # gone forward: the replaced database is kept aside, whole
        [aside] = [name for name in leftovers if name.startswith("library.sqlite3.replaced-")]
        copy = root.parent / "aside"
        copy.mkdir()
        shutil.copy(root / aside, copy / "library.sqlite3")
        assert _titles(copy) == ["First", "Second"]
    else:
        assert not leftovers  # nothing was moved; the part copy is gone
