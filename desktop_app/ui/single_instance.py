"""One running program per workspace file: a second start brings the first window forward.

Two windows on one file would each keep an editor's copy of the same plan; the saves are
guarded (a stale one is refused), but the clerk would still be working twice. So the first
program holds a lock in the data folder and watches a "wake" file beside it; a second start
on the same file writes to that file, which brings the first window to the front, and
closes. (A file, not a local socket: the build leaves QtNetwork out.)
"""

import contextlib
import hashlib
import time
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QLockFile, QObject, Signal

from desktop_app.paths import data_dir, resolved


def _key(workspace: Path) -> str:
    text = str(resolved(workspace)).casefold()
    return "so-ke-hoach-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class SingleInstance(QObject):
    """The lock of one workspace file for this program; ``woken`` when another start asks."""

    woken = Signal()

    def __init__(self, workspace: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        name = _key(workspace)
        folder = data_dir() / "khoa"
        folder.mkdir(parents=True, exist_ok=True)
        self._lock = QLockFile(str(folder / f"{name}.lock"))
        # A long-held lock: stale only when its program is gone (Qt checks the PID).
        self._lock.setStaleLockTime(0)
        self._wake = folder / f"{name}.wake"
        self._watcher: QFileSystemWatcher | None = None

    def acquire(self) -> bool:
        """True: this program is the only one on the file (and now watches for others)."""
        if not self._lock.tryLock(100):
            return False
        self._wake.write_text("", encoding="utf-8")
        watcher = QFileSystemWatcher([str(self._wake)], self)
        watcher.fileChanged.connect(self._changed)
        self._watcher = watcher
        return True

    def wake_other(self) -> bool:
        """Ask the program that holds the file to bring its window to the front."""
        try:
            # Written in place, never replaced: the other program watches this very file.
            with self._wake.open("w", encoding="utf-8") as wake:
                wake.write(f"{time.time()}")
        except OSError:
            return False
        return True

    def _changed(self, _path: str) -> None:
        if self._watcher is not None and str(self._wake) not in self._watcher.files():
            self._watcher.addPath(str(self._wake))  # some editors and systems re-create it
        self.woken.emit()

    def release(self) -> None:
        if self._watcher is not None:
            self._watcher.removePath(str(self._wake))
            self._watcher = None
        with contextlib.suppress(OSError):
            self._wake.unlink()
        self._lock.unlock()
