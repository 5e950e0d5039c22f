"""Backups of the workspace file: taken whole and consistent, kept thinned, restored safely.

The policy is Anki's (``reference/peers.md`` section 3.1): a backup when the data changed
(on close and every 30 minutes), always one before a merge, a restore or a repair; old
ones thinned to everything of the last day, then one a day, one a week and one a month.

A backup is checked twice. As it is written, SQLite's ``quick_check`` (about a seventh of
the full check's time on a big office) finds a damaged page of the workspace: on the very
snapshot being copied, while it is copied (:class:`BackupUnderWay`), so a merge, which writes
meanwhile and waits for its backup before it commits, pays little for it. Before thinning
removes anything, SQLite's full ``integrity_check`` runs on every backup that would count
among the last three verified and has not had it yet; the result is recorded in a small
file beside the backup, so each backup is checked once, across restarts. A backup that
fails either check is kept aside under a ``hong-`` name and never counts.

The full checks may run in a worker thread (the window's, while the clerk works): they open
their own read-only connections on the backup files and touch nothing outside the backup
folder. One lock per folder keeps two thinnings (the worker's, and a backup taken meanwhile)
from running at once, and a :class:`CheckStop` lets another thread stop them, the check under
way interrupted. A backup is written under a temporary name and renamed once whole, so no
check ever sees one half-written.
"""

import contextlib
import datetime as dt
import errno
import json
import os
import re
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from desktop_app.domain.registry import Registry
from desktop_app.paths import HELD_FILE_HINT, os_path, replace_retrying
from desktop_app.storage.errors import StorageError
from desktop_app.storage.migrations import LATEST

PREFIX = "sao-luu-"
SUFFIX = ".sqlite"
_NAME = re.compile(r"^sao-luu-(\d{8}-\d{6})-([a-z-]+)\.sqlite$")
_TIME_FORMAT = "%Y%m%d-%H%M%S"

# The newest backups thinning never removes, whatever their stamps say.
KEEP_LAST = 3
# A backup stamped this far past now was taken while the PC's clock ran ahead.
CLOCK_SLACK = dt.timedelta(minutes=5)
# A backup that failed its check is kept under this prefix: out of the list and the thinning.
DAMAGED_PREFIX = "hong-"
# Beside a backup that passed SQLite's full check: what the check found, and which file it saw.
VERIFIED_SUFFIX = ".da-kiem-tra"
KEEP_DAILY = 12
KEEP_WEEKLY = 10
KEEP_MONTHLY = 9
RECENT = dt.timedelta(days=1)


class BackupReason(StrEnum):
    AUTO = "tu-dong"
    MANUAL = "thu-cong"
    BEFORE_MERGE = "truoc-khi-gop"
    BEFORE_RESTORE = "truoc-khi-khoi-phuc"
    BEFORE_REPAIR = "truoc-khi-sua"


REASON_LABELS: Registry[BackupReason, str] = Registry(
    BackupReason,
    {
        BackupReason.AUTO: "Tự động",
        BackupReason.MANUAL: "Sao lưu ngay",
        BackupReason.BEFORE_MERGE: "Trước khi nhập gói",
        BackupReason.BEFORE_RESTORE: "Trước khi khôi phục",
        BackupReason.BEFORE_REPAIR: "Trước khi sửa dữ liệu",
    },
    "backup reason labels",
)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: dt.datetime  # local time, as in the name
    reason: BackupReason
    size: int

    @property
    def reason_text(self) -> str:
        return REASON_LABELS[self.reason]


def backup_name(taken_at: dt.datetime, reason: BackupReason) -> str:
    return f"{PREFIX}{taken_at.strftime(_TIME_FORMAT)}-{reason.value}{SUFFIX}"


def list_backups(folder: Path) -> list[BackupInfo]:
    """The backups in ``folder``, newest first; other files there are left alone."""
    out = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for path in entries:
        match = _NAME.match(path.name)
        if not match:
            continue
        try:
            taken_at = dt.datetime.strptime(match[1], _TIME_FORMAT)
            reason = BackupReason(match[2])
            size = path.stat().st_size
        except (ValueError, OSError):
            continue
        out.append(BackupInfo(path, taken_at, reason, size))
    return sorted(out, key=lambda b: b.taken_at, reverse=True)


def write_backup(
    conn: sqlite3.Connection, folder: Path, reason: BackupReason, now: dt.datetime
) -> Path:
    """Copy the open workspace, consistent even while it is in use, into ``folder``.

    :func:`start_backup`, waited for. The copy gets SQLite's quick check at once (a damaged
    page of the workspace); its full check waits for the thinning (:func:`thin`).

    Raises:
        StorageError: the folder cannot be written (full, read-only, pulled out), or the copy
            fails its check (it is then kept aside, see :func:`damaged_backup_error`).
    """
    return start_backup(conn, folder, reason, now).result()


def write_and_thin(
    conn: sqlite3.Connection, folder: Path, reason: BackupReason, now: dt.datetime
) -> Path:
    """:func:`write_backup`, then :func:`thin` the folder, the new backup's full check first.

    Raises:
        StorageError: as :func:`write_backup`, or the new backup fails its full check (it is
            then kept aside).
    """
    path = write_backup(conn, folder, reason, now)
    thinning = thin(folder, now)
    failed = next((s for s in thinning.set_aside if s.backup == path), None)
    if failed is not None:
        raise damaged_backup_error(failed.aside, failed.damage)
    return path


def damaged_backup_error(aside: Path, damage: Iterable[str]) -> StorageError:
    """What the clerk is told when the backup just written fails its check."""
    first = next(iter(damage), "")
    return StorageError(
        f"Tệp dữ liệu đang mở có chỗ hỏng: bản sao lưu vừa chép không qua kiểm tra "
        f"({first[:120]}) nên được để riêng là {aside.name}; các bản sao lưu cũ được "
        "giữ nguyên. Hãy chạy Kiểm tra dữ liệu, rồi khôi phục bản sao lưu tốt gần nhất."
    )


def set_aside(backup: Path) -> Path:
    """Keep a backup that failed its check under a name that says so; returns where it is.

    It must not count as a good backup, nor push one out of the thinning, but a rescue may
    still read it.
    """
    forget_verified(backup)
    aside = backup.with_name(DAMAGED_PREFIX + backup.name)
    try:
        os.replace(backup, aside)
    except OSError:
        return backup
    return aside


def discard(backup: Path) -> None:
    """Delete a backup and its record of verification (one taken for nothing)."""
    with contextlib.suppress(OSError):
        backup.unlink()
    forget_verified(backup)


def quick_check(path: Path) -> list[str]:
    """SQLite's ``quick_check`` of a backup file (every page read, no index compared)."""
    return _check(path, "quick_check")


def verify(path: Path) -> list[str]:
    """SQLite's ``integrity_check`` of a backup file: empty when it is whole."""
    return _check(path, "integrity_check")


# SQLite's words when a file is held or cannot be opened now, or the check was stopped:
# nothing said of its content.
_NOT_NOW = ("locked", "busy", "unable to open", "interrupted")


class CheckStop:
    """Lets another thread stop the full checks; the one under way is interrupted at once."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._stopped = False
        self._interrupt: Callable[[], None] | None = None

    @property
    def stopped(self) -> bool:
        return self._stopped

    def stop(self) -> None:
        with self._guard:
            self._stopped = True
            if self._interrupt is not None:
                self._interrupt()

    @contextlib.contextmanager
    def running(self, interrupt: Callable[[], None]) -> Iterator[bool]:
        """While the block runs, :meth:`stop` calls ``interrupt``; yields False if stopped."""
        with self._guard:
            going = not self._stopped
            if going:
                self._interrupt = interrupt
        if not going:
            yield False
            return
        try:
            yield True
        finally:
            with self._guard:
                self._interrupt = None


def _check(path: Path, pragma: str) -> list[str]:
    found = _check_if_readable(path, pragma)
    return ["không đọc được tệp"] if found is None else found


def _check_if_readable(path: Path, pragma: str, stop: CheckStop | None = None) -> list[str] | None:
    """What the check found (empty: whole); None when the file cannot be read now.

    A file held by another program (an antivirus) says nothing of its content, nor does a
    check stopped by ``stop``.
    """
    try:
        conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        with (stop or CheckStop()).running(conn.interrupt) as going:
            if not going:
                return None
            result = [str(r[0]) for r in conn.execute(f"PRAGMA {pragma}(5)").fetchall()]
    except sqlite3.OperationalError as exc:
        if any(word in str(exc).lower() for word in _NOT_NOW):
            return None
        return [str(exc)]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()
    return [] if result == ["ok"] else result


def start_backup(
    conn: sqlite3.Connection, folder: Path, reason: BackupReason, now: dt.datetime
) -> "BackupUnderWay":
    """Begin a backup of the open workspace that goes on while ``conn`` writes.

    ``conn`` must not be in a transaction. Where the file itself can be copied consistently
    (:func:`_hold_snapshot`), the copy, its flush to disk and its quick check run in a thread
    of their own: ``conn`` may meanwhile write in a transaction, which must wait for
    :meth:`BackupUnderWay.safe_to_commit` before it commits. Elsewhere (another program reading the
    file, a read-only connection) the backup is taken here and now through SQLite's backup
    API, and comes back done.

    Raises:
        StorageError: as :func:`write_backup`, for the part done here.
    """
    with _said_for_the_clerk(folder):
        folder.mkdir(parents=True, exist_ok=True)
        target = _reserve_name(folder, reason, now)
        try:
            held = _hold_snapshot(conn)
        except BaseException:
            _remove_copy(_temporary_of(target))
            raise
        if held is not None:
            return BackupUnderWay(target, *held)
        _copy_into_place(conn, target)
    damage = quick_check(target)
    if damage:
        raise damaged_backup_error(set_aside(target), damage)
    return BackupUnderWay.done(target)


def _temporary_of(target: Path) -> Path:
    return target.with_name(f".{target.name}.tmp")


def _reserve_name(folder: Path, reason: BackupReason, now: dt.datetime) -> Path:
    """A backup name in ``folder`` that no backup has, nor is being written under.

    Two backups may be taken in one second (a merge right after a backup), and a merge's
    copy may still be written while another workspace of the same folder, in this program
    or another, takes its own. The temporary file is created here, only if it does not
    exist, so two backups never write into one file or one name: a backup put in place
    under the name meanwhile had its temporary file until then, so the name is looked at
    again once the temporary file is made.

    Raises:
        PermissionError: the folder cannot be written (Windows also says so of a file
            still being deleted: the next names are tried first).
    """
    for attempt in range(_NAME_TRIES):
        target = folder / backup_name(now + dt.timedelta(seconds=attempt), reason)
        tmp = _temporary_of(target)
        try:
            with tmp.open("xb"):
                pass
        except FileExistsError:
            continue
        except PermissionError:
            if attempt == _NAME_TRIES - 1:
                raise
            continue
        if not target.exists():
            return target
        tmp.unlink()
    raise FileExistsError(errno.EEXIST, "không còn tên trống cho bản sao lưu", str(folder))


# Names tried for one backup, a second apart (each taken, or being written, or deleted).
_NAME_TRIES = 60


@contextlib.contextmanager
def _said_for_the_clerk(folder: Path) -> Iterator[None]:
    """A failure to write a backup into ``folder``, as a StorageError that says what to do."""
    try:
        yield
    except PermissionError as exc:
        raise StorageError(f"Không sao lưu được vào {folder}: {HELD_FILE_HINT}") from exc
    except (OSError, sqlite3.Error) as exc:
        raise StorageError(
            f"Không sao lưu được vào {folder}: {exc}. Hãy kiểm tra ổ đĩa hoặc chọn thư mục "
            "sao lưu khác (Tệp > Sao lưu…)."
        ) from exc


class _BackupStoppedError(Exception):
    """The backup was stopped (:meth:`BackupUnderWay.stop`): nothing was put in place."""


# Read and written a chunk at a time, so a stop is heard within one chunk (a backup folder
# on a slow stick takes many seconds). Few chunks: each one takes Python's lock back from the
# merge's thread, which can cost a few milliseconds while that thread computes.
_COPY_CHUNK = 8 << 20
# Where the bytes pass through the program (Windows), as ``shutil.copyfile`` reads there.
_COPY_BUFFER = 1 << 20


class BackupUnderWay:
    """A backup being copied, flushed and checked in threads of its own.

    It copies the workspace file under a read transaction that began on an emptied WAL
    (:func:`_hold_snapshot`): the file is then the snapshot, and SQLite writes nothing into
    it while the read lasts, whatever the workspace's own connection writes meanwhile (its
    writes go to the WAL, and no checkpoint goes past a reader's snapshot). While one thread
    copies the file and flushes the copy to disk, another runs SQLite's quick check on the
    same snapshot (:meth:`_check_snapshot`). The read ends when both are done, and the copy
    takes its name only then: a backup under its name is always whole, on the disk, and
    checked. One that fails the check is kept aside (:func:`set_aside`) and reported.

    The write may commit before the copy is whole (:meth:`safe_to_commit`): once the check
    has passed, the snapshot held is the backup's content, whatever is committed meanwhile.
    """

    def __init__(self, target: Path, snapshot: sqlite3.Connection, main: str) -> None:
        self.target = target
        self._snapshot: sqlite3.Connection | None = snapshot
        self._main = main
        self._stop = CheckStop()
        self._path: Path | None = None
        self._error: BaseException | None = None
        self._checked = threading.Event()
        self._check_passed = False
        self._copying: _InThread | None = None
        self._thread: threading.Thread | None = threading.Thread(
            target=self._run, name="sao-luu", daemon=True
        )
        self._thread.start()

    @classmethod
    def done(cls, path: Path) -> "BackupUnderWay":
        """A backup already taken (the slower way, at once)."""
        backup = cls.__new__(cls)
        backup.target, backup._snapshot, backup._main = path, None, ""
        backup._stop, backup._path, backup._error, backup._thread = CheckStop(), path, None, None
        backup._checked, backup._check_passed, backup._copying = threading.Event(), True, None
        backup._checked.set()
        return backup

    @property
    def path(self) -> Path | None:
        """The backup once it is in place and checked; None before, or if it failed."""
        return None if self.running else self._path

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> bool:
        """Until the backup is done or failed, at most ``timeout`` seconds; True once it is."""
        if self._thread is not None:
            self._thread.join(timeout)
        return not self.running

    def safe_to_commit(self, timeout: float) -> bool:
        """Whether the write taken beside this backup may commit now (waits at most ``timeout``).

        It may once the backup is done, well or not (:meth:`result` says which), or once the
        quick check of the snapshot has passed while the copy goes on and has not failed: the
        read holding the snapshot lasts until the copy is whole, and no checkpoint writes into
        the file before then, so the copy is the data before the write even when the write
        has committed. A copy that fails later is the caller's to report (the write is kept).
        """
        if not self.running:
            return True
        if not self._checked.wait(timeout):
            return False
        copying = self._copying
        if self._check_passed and copying is not None and not copying.failed:
            return True
        return self.wait(timeout)  # a failed check or copy: its outcome, whole

    @property
    def written(self) -> bool:
        """Done, in place and checked (False while running, or when it failed)."""
        return not self.running and self._path is not None

    def result(self) -> Path:
        """The backup, in place and checked, once done.

        Raises:
            StorageError: it could not be written, or the copy failed its check (it is then
                kept aside; the data is not backed up).
        """
        self.wait()
        if self._error is not None:
            with _said_for_the_clerk(self.target.parent):
                raise self._error
        if self._path is None:  # stopped
            raise StorageError("Bản sao lưu đã bị dừng giữa chừng: chưa có bản sao lưu mới.")
        return self._path

    def stop(self) -> None:
        """Stop at once and leave nothing behind: no copy, no backup under its name.

        The check under way is interrupted; the copy stops at its next chunk.
        """
        self._stop.stop()
        self.wait()
        if self._path is not None:
            discard(self._path)
            self._path = None

    def _run(self) -> None:
        try:
            self._path = self._write()
        except _BackupStoppedError:
            pass
        except BaseException as exc:  # handed to the waiting thread by result()
            self._error = exc

    def _write(self) -> Path:
        tmp = _temporary_of(self.target)
        snapshot = self._snapshot
        assert snapshot is not None
        try:
            try:
                pages = snapshot.execute("PRAGMA page_count").fetchone()[0]
                size = int(pages) * int(snapshot.execute("PRAGMA page_size").fetchone()[0])
                copying = _InThread(lambda: self._copy_whole(tmp, size), "chep-sao-luu")
                self._copying = copying
                try:
                    damage = self._check_snapshot(snapshot)
                    self._check_passed = not damage
                finally:
                    self._checked.set()
                    copying.join()
            finally:
                self._release()  # the copy and the check both read the file through it
            copying.result()
            if self._stop.stopped:
                raise _BackupStoppedError
            replace_retrying(tmp, self.target)
        except BaseException:
            _remove_copy(tmp)
            raise
        if damage:
            raise damaged_backup_error(set_aside(self.target), damage)
        return self.target

    def _check_snapshot(self, snapshot: sqlite3.Connection) -> list[str]:
        """SQLite's quick check of the snapshot being copied, while it is copied.

        The copy is that file byte for byte (its length is checked after), so this checks
        the copy's pages, as a check of the copy would, without waiting for the copy to end.
        The copy itself still gets SQLite's full check before it counts among the good
        backups (:func:`verify_newest`).
        """
        with self._stop.running(snapshot.interrupt) as going:
            if not going:
                raise _BackupStoppedError
            try:
                found = [str(r[0]) for r in snapshot.execute("PRAGMA quick_check(5)")]
            except sqlite3.OperationalError as exc:
                if self._stop.stopped:
                    raise _BackupStoppedError from exc
                return [str(exc)]
            except sqlite3.DatabaseError as exc:
                return [str(exc)]
        return [] if found == ["ok"] else found

    def _copy_whole(self, tmp: Path, size: int) -> None:
        """The copy, whole, one file, on the disk; raises when it is not."""
        self._copy(tmp)
        copied = tmp.stat().st_size
        if copied != size:
            raise OSError(f"bản chép dài {copied} byte, dữ liệu dài {size} byte")
        _as_one_file(tmp)
        with tmp.open("rb+") as f:
            os.fsync(f.fileno())

    def _copy(self, tmp: Path) -> None:
        try:
            _copy_stoppable(Path(self._main), tmp, self._stop)
        except OSError:
            # A file Windows will not share (a lock, an antivirus): SQLite reads it itself,
            # in the same read transaction. A full disk fails there again, and is said so.
            _remove_copy(tmp)
            assert self._snapshot is not None
            dest = sqlite3.connect(os_path(tmp))
            try:
                self._snapshot.backup(dest)
            finally:
                dest.close()

    def _release(self) -> None:
        """End the read: SQLite may checkpoint into the workspace file again."""
        if self._snapshot is not None:
            with contextlib.suppress(sqlite3.Error):
                self._snapshot.execute("ROLLBACK")
            self._snapshot.close()
            self._snapshot = None


class _InThread:
    """Some work in a thread of its own, its error handed to the thread that waits for it."""

    def __init__(self, work: Callable[[], None], name: str) -> None:
        self._work = work
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._work()
        except BaseException as exc:  # raised again by result()
            self._error = exc

    def join(self) -> None:
        self._thread.join()

    @property
    def failed(self) -> bool:
        """The work has raised (it may still be running otherwise)."""
        return self._error is not None

    def result(self) -> None:
        """Once done; raises what the work raised."""
        self._thread.join()
        if self._error is not None:
            raise self._error


def _copy_stoppable(source: Path, target: Path, stop: CheckStop) -> None:
    """Copy ``source`` to ``target`` a chunk at a time, until ``stop`` says no more.

    Raises:
        _BackupStoppedError: ``stop`` asked; the part written is left to the caller to remove.
        OSError: a file cannot be read or written.
    """
    with (
        open(os_path(source), "rb", buffering=0) as src,
        open(os_path(target), "wb", buffering=0) as dst,
    ):
        if _copied_by_the_kernel(src.fileno(), dst.fileno(), stop):
            return
        buffer = bytearray(_COPY_BUFFER)
        view = memoryview(buffer)
        while read := src.readinto(buffer):
            if stop.stopped:
                raise _BackupStoppedError
            dst.write(view[:read])


def _copied_by_the_kernel(src: int, dst: int, stop: CheckStop) -> bool:
    """The copy done by Linux itself, the bytes never passing through the program.

    As ``shutil.copyfile`` does there: on the benchmark machine five to seven times less CPU
    than reading and writing them. False when it cannot (another system, an old kernel):
    nothing was written then.
    """
    if not sys.platform.startswith("linux"):
        return False
    offset = 0
    while True:
        if stop.stopped:
            raise _BackupStoppedError
        try:
            sent = os.sendfile(dst, src, offset, _COPY_CHUNK)
        except OSError as exc:
            if offset == 0 and exc.errno in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
                return False
            raise
        if sent == 0:
            return True
        offset += sent


def _as_one_file(copy: Path) -> None:
    """One file, as a backup must be: a read-only open, a stick or a mail carries it alone.

    The copy's header still says WAL. SQLite's own sync is off for this one change: the
    copy is flushed whole right after, and not counted as a backup before that is done.
    """
    dest = sqlite3.connect(os_path(copy))
    try:
        dest.execute("PRAGMA synchronous = OFF")
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()


def _remove_copy(tmp: Path) -> None:
    for leftover in (tmp, *(tmp.with_name(tmp.name + extra) for extra in ("-wal", "-shm"))):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _verified_record(backup: Path) -> Path:
    return backup.with_name(backup.name + VERIFIED_SUFFIX)


def _identity(backup: Path) -> dict[str, int]:
    info = backup.stat()
    return {"size": info.st_size, "mtime_ns": info.st_mtime_ns}


def is_verified(backup: Path) -> bool:
    """The backup passed the full check, as its record says, and is the file that did.

    A record missing, unreadable, garbled or of another file (same name, other size or
    time) means "not verified yet": the check is then simply run again.
    """
    try:
        record = json.loads(_verified_record(backup).read_text(encoding="utf-8"))
        return (
            isinstance(record, dict)
            and record.get("integrity_check") == "ok"
            and record.get("file") == _identity(backup)
        )
    except (OSError, ValueError):
        return False


def record_verified(backup: Path, now: dt.datetime) -> None:
    """Remember that ``backup`` passed the full check.

    A record that cannot be written is no harm: the check runs again next time.
    """
    record = {
        "integrity_check": "ok",
        "file": _identity(backup),
        "checked_at": now.isoformat(timespec="seconds"),
    }
    with contextlib.suppress(OSError):
        _verified_record(backup).write_text(json.dumps(record), encoding="utf-8")


def forget_verified(backup: Path) -> None:
    with contextlib.suppress(OSError):
        _verified_record(backup).unlink()


@dataclass(frozen=True)
class SetAside:
    """A backup that failed the full check, and where it was put."""

    backup: Path
    aside: Path
    damage: tuple[str, ...]


@dataclass(frozen=True)
class Thinning:
    removed: list[Path]
    set_aside: list[SetAside]
    # False: stopped before the end (:class:`CheckStop`); nothing was removed then.
    complete: bool = True


def verify_newest(
    folder: Path, now: dt.datetime, stop: CheckStop | None = None
) -> tuple[set[Path], list[SetAside]]:
    """Fully check, newest first, the backups that count among the last three verified.

    Each backup not verified yet gets SQLite's ``integrity_check`` now; one that passes is
    recorded, one that fails is set aside (and the next older one is looked at instead).
    ``stop`` ends the checks early; the backups not checked then are simply not counted.

    Returns:
        The backups known verified (recorded before or now), and those set aside.
    """
    verified: set[Path] = set()
    aside: list[SetAside] = []
    counted = 0
    for backup in _newest_first_past(list_backups(folder), now):
        if counted >= KEEP_LAST or (stop is not None and stop.stopped):
            break
        if not is_verified(backup.path):
            damage = _check_if_readable(backup.path, "integrity_check", stop)
            if damage is None or not backup.path.exists():
                continue  # held, or gone meanwhile: not counted, looked at again next time
            if damage:
                aside.append(SetAside(backup.path, set_aside(backup.path), tuple(damage)))
                continue
            record_verified(backup.path, now)
        verified.add(backup.path)
        counted += 1
    for backup in list_backups(folder):
        if backup.path not in verified and is_verified(backup.path):
            verified.add(backup.path)
    return verified, aside


def _newest_first_past(backups: list[BackupInfo], now: dt.datetime) -> list[BackupInfo]:
    return sorted(
        (b for b in backups if b.taken_at <= now + CLOCK_SLACK),
        key=lambda b: b.taken_at,
        reverse=True,
    )


def to_keep(
    backups: list[BackupInfo], now: dt.datetime, verified: set[Path] | None = None
) -> set[Path]:
    """Which backups thinning keeps.

    The last three always, and the last three of ``verified`` (None: all are); all of the
    last day; then one a day, a week and a month. A backup stamped in the future (the PC's
    clock ran ahead) is not "recent" for ever: the newest such one is kept (it may hold the
    latest data), the others are thinned.
    """
    future = [b for b in backups if b.taken_at > now + CLOCK_SLACK]
    past = _newest_first_past(backups, now)
    keep: set[Path] = {b.path for b in past[:KEEP_LAST]}
    if verified is not None:
        keep |= {b.path for b in [b for b in past if b.path in verified][:KEEP_LAST]}
    if future:
        keep.add(max(future, key=lambda b: b.taken_at).path)
    days: set[dt.date] = set()
    weeks: set[tuple[int, int]] = set()
    months: set[tuple[int, int]] = set()
    for backup in past:
        day = backup.taken_at.date()
        iso = day.isocalendar()
        week = (iso.year, iso.week)
        month = (day.year, day.month)
        wanted = (
            now - backup.taken_at <= RECENT
            or (day not in days and len(days) < KEEP_DAILY)
            or (week not in weeks and len(weeks) < KEEP_WEEKLY)
            or (month not in months and len(months) < KEEP_MONTHLY)
        )
        if not wanted:
            continue
        keep.add(backup.path)
        days.add(day)
        weeks.add(week)
        months.add(month)
    return keep


# One per backup folder, by its absolute path: two thinnings of one folder at once would
# check the same backups twice and could count a backup the other is setting aside.
_FOLDER_LOCKS: dict[str, threading.Lock] = {}
_FOLDER_LOCKS_GUARD = threading.Lock()


def _folder_lock(folder: Path) -> threading.Lock:
    key = os.path.normcase(os.path.abspath(folder))
    with _FOLDER_LOCKS_GUARD:
        return _FOLDER_LOCKS.setdefault(key, threading.Lock())


def thin(folder: Path, now: dt.datetime, stop: CheckStop | None = None) -> Thinning:
    """Verify the newest backups, then delete those thinning does not keep.

    A backup that fails the full check (:func:`verify_newest`) is set aside first, and never
    counted among the last three. A thinning of the same folder under way in another thread
    is waited for. Stopped by ``stop``, it removes nothing (the checks it left are not done).
    """
    with _folder_lock(folder):
        return _thin(folder, now, stop)


def _thin(folder: Path, now: dt.datetime, stop: CheckStop | None) -> Thinning:
    verified, aside = verify_newest(folder, now, stop)
    if stop is not None and stop.stopped:
        return Thinning([], aside, complete=False)
    backups = list_backups(folder)
    keep = to_keep(backups, now, verified)
    removed = []
    # A backup cut short (the program killed while writing it) leaves its temporary file.
    for leftover in folder.glob(f".{PREFIX}*.tmp*"):
        with contextlib.suppress(OSError):
            if now.timestamp() - leftover.stat().st_mtime > RECENT.total_seconds() / 24:
                leftover.unlink()
    for backup in backups:
        if backup.path not in keep:
            with contextlib.suppress(OSError):
                backup.path.unlink()
                removed.append(backup.path)
                forget_verified(backup.path)
    # Records left by a backup deleted by hand (or by an older program).
    for record in folder.glob(f"{PREFIX}*{SUFFIX}{VERIFIED_SUFFIX}"):
        if not record.with_name(record.name.removesuffix(VERIFIED_SUFFIX)).exists():
            with contextlib.suppress(OSError):
                record.unlink()
    return Thinning(removed, aside)


def check_backup(path: Path) -> None:
    """The file is a workspace this program can open, and SQLite finds it whole.

    Raises:
        StorageError: it is not, with what to do.
    """
    if not path.is_file():
        raise StorageError(f"Không tìm thấy bản sao lưu {path}.")
    try:
        conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StorageError(f"Không mở được bản sao lưu {path.name}: {exc}") from exc
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        result = conn.execute("PRAGMA integrity_check(1)").fetchone()[0]
        conn.execute("SELECT value FROM meta WHERE key = 'workspace_id'").fetchone()
    except sqlite3.Error as exc:
        raise StorageError(
            f"{path.name} không phải bản sao lưu của chương trình, hoặc đã bị hỏng."
        ) from exc
    finally:
        conn.close()
    if result != "ok":
        raise StorageError(f"Bản sao lưu {path.name} bị hỏng ({result}); hãy chọn bản khác.")
    if version > LATEST:
        raise StorageError(
            f"Bản sao lưu {path.name} do phiên bản mới hơn của chương trình tạo ra; "
            "hãy cập nhật chương trình."
        )


def workspace_id_of(path: Path) -> str | None:
    """The id a workspace file carries, read without changing it (None: not readable)."""
    try:
        conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'workspace_id'").fetchone()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return str(row[0]) if row else None


def open_elsewhere(path: Path) -> bool:
    """True when another connection (a second window, another program) has the file open.

    SQLite refuses to leave WAL mode while another connection uses the file; the probe
    puts it back in WAL mode when it was free.
    """
    try:
        probe = sqlite3.connect(str(path), timeout=1)
    except sqlite3.Error:
        return True
    try:
        mode = str(probe.execute("PRAGMA journal_mode = DELETE").fetchone()[0]).lower()
        if mode == "delete":
            probe.execute("PRAGMA journal_mode = WAL")
            return False
        return True
    except sqlite3.Error:
        return True
    finally:
        probe.close()


def replace_file(source: Path, target: Path) -> None:
    """Put a copy of ``source`` in place of ``target`` (closed), atomically.

    Raises:
        StorageError: the copy cannot be written; ``target`` is then as it was.
    """
    try:
        src = sqlite3.connect(f"file:{source.as_posix()}?mode=ro", uri=True)
        try:
            _copy_into_place(src, target, closed_target=True)
        finally:
            src.close()
    except PermissionError as exc:
        raise StorageError(f"Không khôi phục được {source.name}: {HELD_FILE_HINT}") from exc
    except (OSError, sqlite3.Error) as exc:
        raise StorageError(f"Không khôi phục được {source.name}: {exc}") from exc


def _copy_into_place(
    source: sqlite3.Connection, target: Path, *, closed_target: bool = False
) -> None:
    """A consistent copy of ``source`` at ``target``: written beside it, flushed, renamed.

    SQLite's backup API copies it, so any connection will do (a backup's, read-only).

    ``closed_target``: ``target`` is a workspace nobody has open; its WAL files go too, or
    SQLite would replay them onto the copy.

    Raises:
        OSError, sqlite3.Error: nothing was put in place; the temporary file is gone.
    """
    tmp = _temporary_of(target)
    try:
        dest = sqlite3.connect(os_path(tmp))
        try:
            source.backup(dest)
        finally:
            dest.close()
        _as_one_file(tmp)
        with tmp.open("rb+") as f:
            os.fsync(f.fileno())
        if closed_target:
            for extra in ("-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    target.with_name(target.name + extra).unlink()
        replace_retrying(tmp, target)
    except BaseException:
        _remove_copy(tmp)
        raise


# How long the copy waits for another connection's read to end before it takes the slower
# way (SQLite's backup API, which needs no wait).
_CHECKPOINT_WAIT_MS = 200


def _hold_snapshot(source: sqlite3.Connection) -> tuple[sqlite3.Connection, str] | None:
    """A second connection on the workspace file, reading it whole and alone, and its name.

    None when the file itself would not be a consistent copy: the backup API copies then.

    Copying the file is two to three times faster than SQLite's backup API on a big office,
    which copies page by page through the page cache. In WAL mode, after a TRUNCATE
    checkpoint the WAL is empty and every page is in the database file. A read transaction
    begun then reads that file alone, and SQLite copies nothing from the WAL into the file
    while it lasts (the read holds SQLite's read lock 0, which a checkpoint of any mode must
    take alone before it writes into the file), even when other connections, ``source``
    included, write to the WAL and commit meanwhile: the file is the snapshot, whole. The
    WAL still being empty once the read has begun proves that it began on an empty WAL
    (emptying it again needs every reader gone). The read is on a connection of its own,
    so that ``source`` may write while the file is copied.
    """
    if source.in_transaction:
        return None
    try:
        files = source.execute("PRAGMA database_list").fetchall()
        main = next((str(f[2]) for f in files if f[1] == "main"), "")
        mode = str(source.execute("PRAGMA journal_mode").fetchone()[0]).lower()
        if not main or mode != "wal":
            return None
        wait = int(source.execute("PRAGMA busy_timeout").fetchone()[0])
        source.execute(f"PRAGMA busy_timeout = {_CHECKPOINT_WAIT_MS}")
        try:
            busy = int(source.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0])
        finally:
            source.execute(f"PRAGMA busy_timeout = {wait}")
    except sqlite3.Error:
        return None  # a read-only connection, a checkpoint refused: the backup API copies
    if busy:
        return None  # another connection is reading: the WAL could not be emptied
    try:
        reader = sqlite3.connect(main, isolation_level=None, check_same_thread=False)
    except sqlite3.Error:
        return None
    try:
        reader.execute("PRAGMA query_only = ON")
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the read begins
        if Path(main + "-wal").stat().st_size == 0:
            return reader, main
    except (OSError, sqlite3.Error):
        pass  # no WAL file, or no read: not provably the snapshot
    # Written between the checkpoint and the read.
    with contextlib.suppress(sqlite3.Error):
        reader.execute("ROLLBACK")
    reader.close()
    return None


def newest_good(folder: Path, workspace_id: str | None = None) -> BackupInfo | None:
    """The newest backup in ``folder`` that passes SQLite's integrity check.

    With ``workspace_id``, only a backup of that workspace (two workspace files in one
    folder share its backup folder).
    """
    for backup in list_backups(folder):
        if workspace_id is not None and workspace_id_of(backup.path) != workspace_id:
            continue
        try:
            check_backup(backup.path)
        except StorageError:
            continue
        return backup
    return None


def restore_closed(backup: Path, path: Path, now: dt.datetime) -> Path:
    """Put ``backup`` in place of a workspace nobody has open (a damaged one that cannot be).

    The file it replaces is moved aside, never deleted: a rescue may still read it.

    Returns:
        Where the replaced file now is.

    Raises:
        StorageError: the backup is not usable, or the files cannot be moved; then the
            workspace file is where it was.
    """
    check_backup(backup)
    aside = path.with_name(f"{path.name}.hong-{now.strftime(_TIME_FORMAT)}")
    try:
        if path.exists():
            replace_retrying(path, aside)
        for extra in ("-wal", "-shm"):
            side = path.with_name(path.name + extra)
            if side.exists():
                replace_retrying(side, aside.with_name(aside.name + extra))
    except OSError as exc:
        raise StorageError(f"Không chuyển được tệp hỏng {path.name} sang bên: {exc}") from exc
    try:
        replace_file(backup, path)
    except StorageError:
        with contextlib.suppress(OSError):
            replace_retrying(aside, path)
        raise
    return aside
