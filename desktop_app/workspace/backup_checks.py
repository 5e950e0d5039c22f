"""Backup work off the window's thread: checks while the clerk works, copies while a write runs.

A backup taken before a merge or a repair is copied and checked while the write runs
(:func:`written_with_backup`). The write waits before it commits (:func:`wait_before_commit`)
until the backup's quick check has passed; the copy of the snapshot then checked may end
after the commit (:meth:`ExchangeService.finish_merge_backup`).

On a big office SQLite's full check takes seconds per backup (about 4 s for 400 MB). A merge
leaves its backup's check for later (:meth:`ExchangeService.backup_now`); the window then
runs it here, off its own thread, instead of at the close or at the next backup. The worker
opens only its own read-only connections on the backup files and touches nothing outside the
backup folder (``storage.backups``), never the workspace's connection; a thinning of the same
folder in the window's thread meanwhile waits for it (the folder's lock).
"""

import contextlib
import datetime as dt
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop_app.storage import backups as backup_files
from desktop_app.storage.backups import BackupUnderWay, SetAside
from desktop_app.storage.errors import StorageError
from desktop_app.storage.store import Store
from desktop_app.workspace.store_handle import Checkpoint

# How often the window hears "Hủy" while a write waits for its backup before it commits.
_BACKUP_POLL_S = 0.05
# The report made meanwhile: the write is done but not kept yet, so a stop is honoured.
BACKUP_WAIT_REPORT = (99, 100, "Đang hoàn tất bản sao lưu trước khi ghi…")


@contextlib.contextmanager
def written_with_backup(
    store: Store, start: Callable[[], BackupUnderWay]
) -> Iterator[BackupUnderWay]:
    """A backup before a write in one transaction, dropped if the write does not happen.

    ``start`` begins the backup (``ExchangeService._start_backup``). It is copied and checked
    in a thread of its own while the block writes: the writes go to SQLite's WAL, not into
    the file being copied. The block calls :func:`wait_before_commit` before it commits, so
    no write is ever kept before the data it changes is checked and held for its backup.
    """
    changed_before = store.changed_since_backup
    backup = start()
    clock = store.writer.clock_state()
    try:
        yield backup
    except BaseException:
        # Nothing was written: the backup is the data as it still is, and would only push
        # an older, different one out of the thinning. The clock goes back too, as after
        # a dry run: the rows that would have advanced it are not here.
        backup.stop()  # its copy, whole or not, is deleted
        store.writer.restore_clock(clock)
        # The rolled-back writes count in SQLite's changes: the data needs a backup just
        # as it did before, no more (a copy of the same data) and no less (edits the
        # dropped backup held).
        if changed_before:
            store.mark_changed()
        else:
            store.mark_backed_up()
        raise


def wait_before_commit(backup: BackupUnderWay, checkpoint: Checkpoint | None) -> None:
    """Wait, before the commit, for the backup taken while the transaction wrote.

    Waits until the backup is done, or until its quick check has passed while its copy goes
    on (:meth:`BackupUnderWay.safe_to_commit`): the copy of a big office's file takes
    seconds on an old disk, and is the data before the write whenever it ends.

    The clerk may still stop then: the window repaints and hears "Hủy" while it waits.

    Raises:
        StorageError: the backup failed; the transaction must roll back.
        CancelledError: the clerk stopped it.
    """
    while not backup.safe_to_commit(_BACKUP_POLL_S):
        if checkpoint:
            checkpoint(*BACKUP_WAIT_REPORT)
    if backup.running:
        return  # checked, being copied: its outcome is awaited after the commit
    try:
        backup.result()
    except StorageError as exc:
        raise StorageError(
            f"{exc.message} Vì chưa có bản sao lưu nên chưa có gì được ghi: dữ liệu trên máy "
            "này vẫn như trước."
        ) from exc


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


class BackupWorkLeft:
    """What a workspace's backups still have to do after the work that took them.

    The copy of a merge's backup still being written after the merge committed (it is the
    only copy of the data before the merge: waited for, never stopped), and the backup
    folders whose full checks and thinning wait for a check in the background or the close.
    """

    def __init__(self) -> None:
        # Backup folders with a backup that waits for its full check and the thinning.
        self.thinning_due: set[Path] = set()
        self._background: BackgroundCheck | None = None
        self._copying: BackupUnderWay | None = None
        # Why that copy was not written, until the window or the command line says it.
        self._unsaid_failure = ""

    def copying_after_commit(self, backup: BackupUnderWay) -> None:
        """The backup of a write that has committed: kept until its outcome is said.

        One already written needs nothing more; one still copied, or that failed since the
        write stopped waiting for it (during the commit), is waited for or said.
        """
        if not backup.written:
            self._copying = backup

    @property
    def copy_pending(self) -> bool:
        """A copy is being written, or has ended and its outcome is not yet said."""
        return self._copying is not None

    @property
    def copy_running(self) -> bool:
        return self._copying is not None and self._copying.running

    def wait_for_copy(self, store: Store) -> None:
        """Until the copy is written; one that failed counts the data as not backed up."""
        backup, self._copying = self._copying, None
        if backup is None:
            return
        try:
            backup.result()
        except StorageError as exc:
            store.mark_changed()
            self._unsaid_failure = (
                f"{exc.message} Gói dữ liệu đã được nhập và vẫn được giữ; bản cũ của mỗi mục "
                "bị thay đổi vẫn còn trong Lịch sử thay đổi. Hãy sao lưu lại (Tệp > Sao lưu "
                "và khôi phục…) khi ổ đĩa đã dùng được."
            )

    def take_copy_failure(self) -> str:
        """What to tell the clerk of a copy that failed after its merge, once; else ""."""
        said, self._unsaid_failure = self._unsaid_failure, ""
        return said

    def finish(self, store: Store) -> None:
        """Everything left, here and now (on close); a check in the background first."""
        self.wait_for_copy(store)
        if self._background is not None:
            self._background.wait()
        while self.thinning_due and not store.conn.in_transaction:
            backup_files.thin(self.thinning_due.pop(), dt.datetime.now())

    def check_in_background(
        self, on_done: Callable[[BackupCheckOutcome], None]
    ) -> BackgroundCheck | None:
        """Start the checks due in a worker thread; None if none, running, or a copy runs."""
        if not self.thinning_due or self.checking or self.copy_pending:
            return None
        folders = list(self.thinning_due)
        self.thinning_due.clear()

        def done(outcome: BackupCheckOutcome) -> None:
            # One C-level call under the GIL: safe beside the owner's thread.
            self.thinning_due.update(outcome.unfinished)
            on_done(outcome)

        self._background = BackgroundCheck(folders, done)
        self._background.start()
        return self._background

    @property
    def checking(self) -> bool:
        return self._background is not None and self._background.running

    def stop_check(self) -> None:
        if self._background is not None:
            self._background.stop()
