"""One window per library: a second start hands its address to the window already running.

The running window listens on a local socket (QLocalServer: a Unix domain socket, or a named
pipe on Windows; never the network) whose name is derived from the library folder and the
user, so two libraries, or two users, each have their own. ``rights-annotator open ADDRESS``
first offers the address there; only when no window answers does it start one.

The exchange is one line each way: the address in UTF-8, then ``ok`` once the window took it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

# An address is short; anything longer is not one and is dropped unread.
MAX_LINE = 4096
TIMEOUT_MS = 2000


def server_name(root: Path) -> str:
    """The socket's name for the library at ``root``: the same for every start on that folder."""
    try:
        folder = str(Path(root).resolve())
    except OSError:
        folder = os.path.abspath(root)
    user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    digest = hashlib.sha256(f"{user}\0{folder}".encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return f"rights-annotator-{digest}"


def hand_over(root: Path, address: str, timeout_ms: int = TIMEOUT_MS) -> bool:
    """Give ``address`` to the window running on ``root``; False when none answers in time."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(root))
    if not socket.waitForConnected(timeout_ms):
        return False
    try:
        socket.write((address.strip() + "\n").encode("utf-8"))
        if not socket.waitForBytesWritten(timeout_ms):
            return False
        reply = b""
        while b"\n" not in reply and len(reply) < 64:
            if not socket.waitForReadyRead(timeout_ms):
                return False
            reply += bytes(socket.readAll().data())
        return reply.startswith(b"ok")
    finally:
        socket.abort()


class InstanceServer(QObject):
    """Listens for addresses from later starts on the same library; ``received`` carries each."""

    received = Signal(str)

    def __init__(self, root: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(root)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)  # this user only
        self._server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        """Start listening; False when another window on this library already does."""
        # Asked first: with access options Qt puts its socket in place by renaming, over a live one.
        probe = QLocalSocket()
        probe.connectToServer(self.name)
        if probe.waitForConnected(300):  # a live window owns the name: leave it to that one
            probe.abort()
            return False
        if self._server.listen(self.name):
            return True
        QLocalServer.removeServer(self.name)  # left behind by a window that crashed
        return self._server.listen(self.name)

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda socket=socket: self._read(socket))
            socket.disconnected.connect(lambda socket=socket: self._drop(socket))

    def _read(self, socket: QLocalSocket) -> None:
        data = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        if b"\n" not in data:
            if len(data) > MAX_LINE:
                socket.abort()
                self._drop(socket)
            else:
                self._buffers[socket] = data
            return
        line = data.split(b"\n", 1)[0]
        self._buffers[socket] = b""
        socket.write(b"ok\n")
        socket.flush()
        socket.disconnectFromServer()
        if len(line) <= MAX_LINE:
            self.received.emit(line.decode("utf-8", "replace"))

    def _drop(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()
