"""The full check and thinning of backups, run in a worker thread while the clerk works.

On a big office SQLite's full check takes seconds per backup (about 4 s for 400 MB). A merge
leaves its backup's check for later (:meth:`ExchangeService.backup_now`); the window then
runs it here, off its own thread, instead of at the close or at the next backup. The worker
opens only its own read-only connections on the backup files and touches nothing outside the
backup folder (``storage.backups``), never the workspace's connection; a thinning of the same
folder in the window's thread meanwhile waits for it (the folder's lock).
"""

import datetime as dt
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop_app.storage import backups as backup_files
from desktop_app.storage.backups import SetAside


@dataclass(frozen=True)
class BackupCheckOutcome:
    """What a check in the background found and did."""

    set_aside: tuple[SetAside, ...]
    removed: int
    # Folders whose checks were stopped or failed: left for the next time, nothing lost.
    unfinished: tuple[Path, ...]
    error: str = ""

    def damage_text(self) -> str:
        """The clerk's words for the backups set aside, or "" when none was."""
        if not self.set_aside:
            return ""
        # SQLite's own words on the damage say nothing to a clerk; the status bar is short.
        if len(self.set_aside) == 1:
            which = f"Bản sao lưu {self.set_aside[0].aside.name}"
        else:
            names = ", ".join(s.aside.name for s in self.set_aside)
            which = f"{len(self.set_aside)} bản sao lưu ({names})"
        return (
            f"{which} không qua kiểm tra đầy đủ nên được để riêng; các bản tốt vẫn được giữ. "
            "Tệp dữ liệu có thể có chỗ hỏng: hãy chạy Tệp > Kiểm tra dữ liệu."
        )


class BackgroundCheck:
    """The full checks and thinning of some backup folders, in a thread of their own.

    ``on_done`` is called in that thread, once, with the outcome (also when stopped).
    """

    def __init__(
        self,
        folders: Sequence[Path],
        on_done: Callable[[BackupCheckOutcome], None],
        now: Callable[[], dt.datetime] = dt.datetime.now,
    ) -> None:
        self._folders = tuple(folders)
        self._on_done = on_done
        self._now = now
        self._stop = backup_files.CheckStop()
        self._thread = threading.Thread(target=self._run, name="kiem-tra-sao-luu", daemon=True)
        self.outcome: BackupCheckOutcome | None = None

    def start(self) -> None:
        self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def wait(self) -> None:
        """Until the checks end (seconds per backup on a big office)."""
        if self._thread.ident is not None:
            self._thread.join()

    def stop(self) -> None:
        """Stop now: the check under way is interrupted, those left wait for next time.

        Safe: a backup not fully checked is checked before it counts, and a stopped
        thinning removes nothing.
        """
        self._stop.stop()
        self.wait()

    def _run(self) -> None:
        aside: list[SetAside] = []
        removed = 0
        unfinished: list[Path] = []
        error = ""
        for folder in self._folders:
            if self._stop.stopped:
                unfinished.append(folder)
                continue
            try:
                thinning = backup_files.thin(folder, self._now(), self._stop)
            except OSError as exc:  # the folder gone (a stick pulled out): try next time
                unfinished.append(folder)
                error = str(exc)
                continue
            aside.extend(thinning.set_aside)
            removed += len(thinning.removed)
            if not thinning.complete:
                unfinished.append(folder)
        self.outcome = BackupCheckOutcome(tuple(aside), removed, tuple(unfinished), error)
        self._on_done(self.outcome)
