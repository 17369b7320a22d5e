"""Showing what another window, program or team member saved: on F5 (File › Reload library), when
the window comes to the front if the library changed meanwhile (``PRAGMA data_version``, which
costs no table read, so asking on every activation is free), and for a team library as soon as
the server's notice comes (heard on a thread of the watch's own, so a slow or absent server never
holds up the window). While a team library's server is away, writes are refused and
``away_changed`` says so."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Signal

from app.infra.change_watch import ChangeWatch
from app.services import team
from ui.context import WindowContext


class LibraryRefresh(QObject):
    away_changed = Signal(object)  # what to say while the server is away; None once it is back
    # From the watch's thread to this one (queued: the receiver lives on the window's thread).
    _noticed = Signal()
    _lost = Signal()
    _back = Signal()

    def __init__(self, context: WindowContext, on_replaced: Callable[[], None]) -> None:
        """``on_replaced`` closes and reopens what shows the library, after a restore."""
        super().__init__(context.window)
        self.context, self.on_replaced = context, on_replaced
        self.window = context.window
        self.library = context.library
        self.watch = ChangeWatch(context.library)
        self.window.installEventFilter(self)
        self._pending = False  # a notice came while the window was hidden
        if self.library.is_team:
            self._noticed.connect(self._changed)
            self._lost.connect(self._server_lost)
            self._back.connect(self._server_back)
            self.watch.follow(self._noticed.emit, self._lost.emit, self._back.emit)
        else:
            # Whatever asked for everything to be read again (F5 too), what is read now is up to date.
            context.operations.changed.connect(lambda change: change.elsewhere and self.watch.changed_elsewhere())

    @property
    def following(self) -> bool:
        """True while a team library's notices are listened for."""
        return self.watch.following

    @property
    def server_away(self) -> bool:
        return self.library.writes_refused is not None

    def _changed(self) -> None:
        if self.window.isVisible():
            self.context.shell.reload()
        else:
            self._pending = True

    def _server_lost(self) -> None:
        message = (f"{team.description(self.library)}: server unreachable since {datetime.now():%H:%M} \u2014 "
                   "your changes are not saved until it is back")
        self.library.writes_refused = f"Not saved. {message}."
        self.away_changed.emit(message)

    def _server_back(self) -> None:
        self.library.writes_refused = None
        self.context.shell.reload()  # what others saved meanwhile is unknown: everything is read once
        self.away_changed.emit(None)  # after the reload: what is asked again then is not shown over
        self.context.shell.show_status(f"{team.description(self.library)}: the server is back.", 8000)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Close:  # the window goes, and its library with it: look no more
            self.watch.close()
        elif event.type() == QEvent.Type.ActivationChange and self.window.isActiveWindow():
            if self.library.is_team:
                if self._pending:
                    self._pending = False
                    self.context.shell.reload()
            elif self.watch.changed_elsewhere():
                self.context.shell.reload()
        return False

    def library_replaced(self) -> None:
        """After a restore: another file is in place; nothing on screen can be trusted."""
        self.watch.reset()
        self.context.undo_stack.clear()  # its commands refer to the library as it was
        self.on_replaced()
