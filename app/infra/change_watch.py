"""Has another program (or another window) changed the library since we last looked?

SQLite's ``PRAGMA data_version`` answers without reading any table: on one connection it
changes whenever any *other* connection has committed. The watcher keeps its own read-only
connection for asking, and takes in the new value right after each commit made through its
library object, so its own edits (already on screen) do not count as someone else's. A team
library's server sends a notice at each commit instead (``app.store.postgres.ChangeListener``),
which :meth:`ChangeWatch.follow` listens for on a thread of its own: connecting to a slow or
absent server never holds up whoever asked.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable

from app.library import Library
from app.store.postgres import ChangeListener


class ChangeWatch:
    def __init__(self, library: Library) -> None:
        self.library = library
        self._lock = threading.Lock()  # commits come from background threads too
        self._connection: sqlite3.Connection | None = None
        # A team library's listener connects at its first look, not here (the server may be slow or away).
        self._listener = ChangeListener(library.engine) if library.is_team else None
        self._version = self._read()
        library.commit_listeners.append(self._own_commit)
        library.unreachable_listeners.append(self._unreachable)
        self._stop = threading.Event()
        self._follower: threading.Thread | None = None
        self._suspect = False  # an action met the server away: the listener is to connect again

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

    @property
    def reachable(self) -> bool:
        """False while a team library's server is taken for away (always True for a local library)."""
        return self._listener is None or self._listener.reachable

    @property
    def following(self) -> bool:
        """True from :meth:`follow` until :meth:`close`."""
        return self._follower is not None and not self._stop.is_set()

    def _unreachable(self) -> None:
        self._suspect = True

    def follow(self, changed: Callable[[], None], lost: Callable[[], None], back: Callable[[], None],
               every: float = 1.0) -> None:
        """Look at a team library's notices each ``every`` seconds on a thread of its own, from now
        until :meth:`close`: ``changed`` when another member committed, ``lost`` once when the server
        cannot be reached, ``back`` once when it can again (what happened meanwhile is unknown), also
        when an action met it away and it answers again before it was seen away. The callbacks are
        called on that thread."""
        if self._listener is None or self._follower is not None:
            return
        self._follower = threading.Thread(target=self._follow, args=(changed, lost, back, every),
                                          name="team library notices", daemon=True)
        self._follower.start()

    def _follow(self, changed: Callable[[], None], lost: Callable[[], None], back: Callable[[], None],
                every: float) -> None:
        assert self._listener is not None
        reachable = True
        while not self._stop.is_set():
            with self._lock:
                checked = self._suspect  # an action met the server away: is it?
                if checked:
                    self._suspect = False
                    self._listener.drop()
                moved = self._listener.changed_elsewhere()
                now = self._listener.reachable
            if now != reachable or (checked and now):  # away only for the action: back already
                reachable = now
                (back if now else lost)()
            elif moved:
                changed()
            self._stop.wait(every)
        with self._lock:
            self._listener.close()

    def reset(self) -> None:
        """Start afresh (after a restore put another file in place)."""
        with self._lock:
            self._drop()
            self._version = self._read()

    def close(self) -> None:
        """Stop looking; a follower thread still connecting ends by itself, closing its connection."""
        self._stop.set()
        if self._follower is None:  # else the follower closes its listener: waiting here could take its connect's time
            with self._lock:
                self._drop()
                if self._listener is not None:
                    self._listener.close()
        for listeners, mine in ((self.library.commit_listeners, self._own_commit),
                                (self.library.unreachable_listeners, self._unreachable)):
            if mine in listeners:
                listeners.remove(mine)

    def _drop(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
