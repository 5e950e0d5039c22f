"""One running program per workspace file: a second start brings the first window forward.

Two windows on one file would each keep an editor's copy of the same plan; the saves are
guarded (a stale one is refused), but the clerk would still be working twice. So the first
program holds a lock in the data folder and listens on a local socket named after the
file; a second start on the same file asks it to come to the front, and closes.
"""

import hashlib
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from desktop_app.paths import data_dir

_WAKE = b"len-truoc"


def _key(workspace: Path) -> str:
    text = str(workspace.resolve()).casefold()
    return "so-ke-hoach-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class SingleInstance(QObject):
    """The lock of one workspace file for this program; ``woken`` when another start asks."""

    woken = Signal()

    def __init__(self, workspace: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = _key(workspace)
        folder = data_dir() / "khoa"
        folder.mkdir(parents=True, exist_ok=True)
        self._lock = QLockFile(str(folder / f"{self._name}.lock"))
        self._lock.setStaleLockTime(0)  # a crashed program's lock is known by its dead PID
        self._server: QLocalServer | None = None

    def acquire(self) -> bool:
        """True: this program is the only one on the file (and now listens for others)."""
        if not self._lock.tryLock(100):
            return False
        server = QLocalServer(self)
        QLocalServer.removeServer(self._name)  # a socket file a crash left behind
        server.listen(self._name)
        server.newConnection.connect(self._answer)
        self._server = server
        return True

    def wake_other(self, timeout_ms: int = 1000) -> bool:
        """Ask the program that holds the file to bring its window to the front."""
        socket = QLocalSocket()
        socket.connectToServer(self._name)
        if not socket.waitForConnected(timeout_ms):
            return False
        socket.write(_WAKE)
        sent = socket.waitForBytesWritten(timeout_ms)
        socket.disconnectFromServer()
        return sent

    def _answer(self) -> None:
        assert self._server is not None
        while (connection := self._server.nextPendingConnection()) is not None:
            connection.readyRead.connect(lambda c=connection: self._read(c))
            if connection.bytesAvailable():
                self._read(connection)

    def _read(self, connection: QLocalSocket) -> None:
        if bytes(connection.readAll().data()).startswith(_WAKE):
            self.woken.emit()
        connection.disconnectFromServer()

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()
