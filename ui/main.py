"""Start the window: painted first, from the list seen last time; the library opens right after.

Loading the database layer takes several times longer than drawing a window, so it happens
on a background thread once the window is on screen; choosing a document meanwhile opens it
as soon as the library is ready.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.errors import LibraryDamaged, LibraryError
from app.infra import paths
from app.infra.listing_cache import load_listing
from ui.instance import InstanceServer, hand_over
from ui.main_window import MainWindow

if TYPE_CHECKING:
    from app.infra import backups
    from app.library import Library


class _FirstPaint(QObject):
    """Calls back once, after ``widget`` has painted while ``ready()`` holds."""

    def __init__(self, widget: QWidget, ready: Callable[[], bool], callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._ready, self._callback = ready, callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and self._ready():
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._callback)  # after this paint has been handled
        return False


class _LibraryOpener(QObject):
    opened = Signal(object)  # Library
    failed = Signal(str)
    damaged = Signal(object, object)  # LibraryDamaged, the latest good Backup or None

    def start(self, data_dir: str | None, database: str | None = None) -> None:
        threading.Thread(target=self._open, args=(data_dir, database), name="open-library", daemon=True).start()

    def _open(self, data_dir: str | None, database: str | None) -> None:
        try:
            from app.library import Library

            self.opened.emit(Library.open(data_dir, check=True, database=database))
        except LibraryDamaged as error:
            # Finding a good backup reads each candidate whole: here, off the UI thread.
            from app.infra import backups  # only for a damaged library: kept off the start's path

            self.damaged.emit(error, backups.latest_good(backups.backup_folder(paths.library_dir(data_dir))))
        except LibraryError as error:
            self.failed.emit(str(error))
        except Exception as error:  # noqa: BLE001 - an unexpected failure must still reach the user
            self.failed.emit(f"The library could not be opened: {error}")


def main(data_dir: str | None = None, *, ready: Callable[[MainWindow], None] | None = None,
         address: str | None = None, database: str | None = None) -> int:
    """Show the window and open the library; ``ready`` is called once the library list is painted.

    With ``address`` (``rights-annotator open``) the passage it names is opened: by the window
    already running on this library when there is one (and this start ends), else by this one.
    """
    application = QApplication.instance() or QApplication(sys.argv[:1])
    application.setApplicationName("Rights Annotator")
    application.setOrganizationName("rights-annotator")
    root = paths.library_dir(data_dir, database)
    # A window already on this library comes forward instead (at the passage, given an address).
    if hand_over(root, address or ""):
        return 0
    window = MainWindow(None, listing_root=root)
    early = load_listing(root)
    if early:
        window.show_documents(early)
    opened: list[Library] = []
    opener = _LibraryOpener()
    rest_of_check = _RestOfCheck()
    rest_of_check.found.connect(lambda verdict: _warn_damaged(window, verdict))
    status = {"code": 0}

    # Addresses from `rights-annotator open`, this start's and later ones', opened once the library is.
    waiting: list[str] = [address] if address is not None else []
    instance = InstanceServer(root, window)
    instance.listen()

    def open_address(text: str) -> None:
        if not text.strip():  # another start without an address: this window only comes forward
            _bring_forward(window)
            return
        if not opened:
            waiting.append(text)
            return
        _open_address(window, opened[0], text)

    instance.received.connect(open_address)

    def attach(library: Library) -> None:
        opened.append(library)
        window.attach_library(library)
        if library.check_unfinished:
            rest_of_check.start(library)
        while waiting:
            _open_address(window, library, waiting.pop(0))

    def fail(message: str) -> None:
        QMessageBox.critical(window, "Rights Annotator", message)
        status["code"] = 3
        window.close()

    def damaged(error: LibraryDamaged, backup: backups.Backup | None) -> None:
        from ui.damaged_library import offer_restore

        done = offer_restore(window, error, backup)
        if done is None:
            status["code"] = 3
            window.close()
            return
        opener.opened.connect(lambda _library: window.statusBar().showMessage(done, 20000), Qt.ConnectionType.SingleShotConnection)
        opener.start(data_dir, database)

    opener.opened.connect(attach)
    opener.failed.connect(fail)
    opener.damaged.connect(damaged)
    def painted() -> None:
        _collect_from_now()
        opener.start(data_dir, database)

    _FirstPaint(window, lambda: True, painted)
    if ready is not None:
        listed = lambda: window.table.model().rowCount() > 0  # noqa: E731
        _FirstPaint(window.table.viewport(), listed, lambda: ready(window))
    window.show()
    try:
        code = application.exec()
    finally:
        instance.close()
        for library in opened:
            _backup_at_quit(library)
            library.close()
    return status["code"] or code


def _collect_from_now() -> None:
    """Collect garbage again, once the window has painted; what the start made (modules, Qt's types and
    enums: tens of thousands of objects kept for the whole run) is left out of every later collection.

    The launcher (``rights_annotator``) turns collection off before it imports the window: the start
    makes no garbage worth it, and the collector went over those objects some seventy times before the
    first paint (7 ms of it)."""
    gc.freeze()
    gc.enable()


class _RestOfCheck(QObject):
    """The check at open that ran out of time, finished beside the open library."""

    found = Signal(str)  # what is wrong; nothing is sent when all is well

    def start(self, library: Library) -> None:
        threading.Thread(target=self._check, args=(library,), name="check-library", daemon=True).start()

    def _check(self, library: Library) -> None:
        try:
            verdict = library.finish_check()
        except LibraryError as error:
            verdict = str(error)
        if verdict != "ok":
            self.found.emit(verdict)


def _warn_damaged(window: MainWindow, verdict: str) -> None:
    QMessageBox.warning(
        window, "Rights Annotator",
        f"The check of the library, finished after it opened, found a problem: {verdict[:300]}\n\n"
        "The file may be damaged: restore the latest good backup (Tools \u203a Backups\u2026) before "
        "going on.")


def _backup_beside(library: Library) -> None:
    """The quit's backup of a big library, by a command-line process of its own that goes on after
    the window has gone (in a session of its own, so closing the terminal does not stop it)."""
    import subprocess

    import app

    log = library.root / "backup-at-quit.log"
    code_root = str(Path(app.__file__).resolve().parent.parent)  # found whether installed or not
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, (code_root, os.environ.get("PYTHONPATH")))))
    try:
        with open(log, "w", encoding="utf-8") as output:
            subprocess.Popen(
                [sys.executable, "-m", "app", "--data-dir", str(library.root), "backup", "--if-changed"],
                stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
                env=env)
    except OSError as error:  # the next start's daily backup still comes
        print(f"rights-annotator: no backup at quit: {error}", file=sys.stderr)


def _bring_forward(window: MainWindow) -> None:
    if window.isMinimized():
        window.showNormal()
    window.raise_()
    window.activateWindow()


def _open_address(window: MainWindow, library: Library, text: str) -> None:
    """Bring the window forward at the passage ``text`` names, or say in the status bar why not."""
    from app.services.addressing import resolve
    from app.text.addresses import AddressError

    _bring_forward(window)
    try:
        passage = resolve(library, text)
    except (AddressError, LibraryError) as error:
        window.show_status(str(error), 15000)
        return
    if passage.annotation_uuid is not None and window.features is not None:
        window.features.open_passage(passage.document_id, passage.page_index, passage.annotation_uuid)
    elif window.open_document(passage.document_id, lambda: window.viewer.go_to_page(passage.page_index),
                              at_page=passage.page_index):
        window.viewer.go_to_page(passage.page_index)


def _backup_at_quit(library: Library) -> None:
    """A backup as the app leaves (the window is already gone), if anything changed; bounded in time.
    A team library's backups are its server's."""
    from app.infra import backups

    if library.is_team:
        return
    if library.db_path.stat().st_size > backups.QUIT_INLINE_BYTES:
        _backup_beside(library)
        return
    try:
        backups.backup_at_quit(library.db_path, backups.backup_folder(library.root))
    except LibraryError as error:  # the next start tries again; the user has already left
        print(f"rights-annotator: no backup at quit: {error}", file=sys.stderr)
