"""Has another program (or another window) changed the library since we last looked?

SQLite's ``PRAGMA data_version`` answers without reading any table: on one connection it
changes whenever any *other* connection has committed. The watcher keeps its own read-only
connection for asking, and takes in the new value right after each commit made through its
library object, so its own edits (already on screen) do not count as someone else's. A team
library's server sends a notice at each commit instead (``app.store.postgres.ChangeListener``).
"""

from __future__ import annotations

import sqlite3
import threading

from app.library import Library
from app.store.postgres import ChangeListener


class ChangeWatch:
    def __init__(self, library: Library) -> None:
        self.library = library
        self._lock = threading.Lock()  # commits come from background threads too
        self._connection: sqlite3.Connection | None = None
        self._listener = ChangeListener(library.engine) if library.is_team else None
        if self._listener is not None:
            self._listener.changed_elsewhere()  # listening from now on
        self._version = self._read()
        library.commit_listeners.append(self._own_commit)

    def _read(self) -> int | None:
        if self._listener is not None:
            return None  # the server's notices stand for the version
        try:
            if self._connection is None:
                self._connection = sqlite3.connect(
                    f"file:{self.library.db_path}?mode=ro", uri=True, check_same_thread=False
                )
            return self._connection.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error:
            self._drop()  # e.g. the file was replaced by a restore: ask on a new connection next time
            return None

    def _own_commit(self) -> None:
        with self._lock:
            self._version = self._read()

    def changed_elsewhere(self) -> bool:
        """True when another connection committed since the last call (or since our last commit)."""
        if self._listener is not None:
            with self._lock:
                return self._listener.changed_elsewhere()
        with self._lock:
            version = self._read()
            moved = version is None or version != self._version
            self._version = version
            return moved

    def reset(self) -> None:
        """Start afresh (after a restore put another file in place)."""
        with self._lock:
            self._drop()
            self._version = self._read()

    def close(self) -> None:
        with self._lock:
            self._drop()
            if self._listener is not None:
                self._listener.close()
        if self._own_commit in self.library.commit_listeners:
            self.library.commit_listeners.remove(self._own_commit)

    def _drop(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
