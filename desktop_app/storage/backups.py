"""Backups of the workspace file: taken whole and consistent, kept thinned, restored safely.

The policy is Anki's (``reference/peers.md`` section 3.1): a backup when the data changed
(on close and every 30 minutes), always one before a merge, a restore or a repair; old
ones thinned to everything of the last day, then one a day, one a week and one a month.
"""

import contextlib
import datetime as dt
import os
import re
import sqlite3
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from desktop_app.domain.registry import Registry
from desktop_app.paths import HELD_FILE_HINT, replace_retrying
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

    Raises:
        StorageError: the folder cannot be written (full, read-only, pulled out).
    """
    target = folder / backup_name(now, reason)
    while target.exists():  # two backups in one second (a merge right after a backup)
        now += dt.timedelta(seconds=1)
        target = folder / backup_name(now, reason)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _copy_into_place(conn, target)
        damage = verify(target)
    except PermissionError as exc:
        raise StorageError(f"Không sao lưu được vào {folder}: {HELD_FILE_HINT}") from exc
    except (OSError, sqlite3.Error) as exc:
        raise StorageError(
            f"Không sao lưu được vào {folder}: {exc}. Hãy kiểm tra ổ đĩa hoặc chọn thư mục "
            "sao lưu khác (Tệp > Sao lưu…)."
        ) from exc
    if damage:
        # The copy is of a damaged file: it must not count as a good backup, nor push one
        # out of the thinning. Kept aside for a rescue, under a name that says so.
        aside = target.with_name(DAMAGED_PREFIX + target.name)
        try:
            os.replace(target, aside)
        except OSError:
            aside = target
        raise StorageError(
            f"Tệp dữ liệu đang mở có chỗ hỏng: bản sao lưu vừa chép không qua kiểm tra "
            f"({damage[0][:120]}) nên được để riêng là {aside.name}; các bản sao lưu cũ được "
            "giữ nguyên. Hãy chạy Kiểm tra dữ liệu, rồi khôi phục bản sao lưu tốt gần nhất."
        )
    return target


def verify(path: Path) -> list[str]:
    """SQLite's ``integrity_check`` of a backup file: empty when it is whole."""
    conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        result = [str(r[0]) for r in conn.execute("PRAGMA integrity_check(5)").fetchall()]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()
    return [] if result == ["ok"] else result


def to_keep(backups: list[BackupInfo], now: dt.datetime) -> set[Path]:
    """Which backups thinning keeps.

    The last three always; all of the last day; then one a day, a week and a month. A
    backup stamped in the future (the PC's clock ran ahead) is not "recent" for ever: the
    newest such one is kept (it may hold the latest data), the others are thinned.
    """
    future = [b for b in backups if b.taken_at > now + CLOCK_SLACK]
    past = sorted(
        (b for b in backups if b.taken_at <= now + CLOCK_SLACK),
        key=lambda b: b.taken_at,
        reverse=True,
    )
    keep: set[Path] = {b.path for b in past[:KEEP_LAST]}
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


def thin(folder: Path, now: dt.datetime) -> list[Path]:
    """Delete the backups thinning does not keep; returns what was deleted."""
    backups = list_backups(folder)
    keep = to_keep(backups, now)
    removed = []
    # A backup cut short (the program killed while writing it) leaves its temporary file.
    for leftover in folder.glob(f".{PREFIX}*.tmp"):
        with contextlib.suppress(OSError):
            if now.timestamp() - leftover.stat().st_mtime > RECENT.total_seconds() / 24:
                leftover.unlink()
    for backup in backups:
        if backup.path not in keep:
            with contextlib.suppress(OSError):
                backup.path.unlink()
                removed.append(backup.path)
    return removed


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

    ``closed_target``: ``target`` is a workspace nobody has open; its WAL files go too, or
    SQLite would replay them onto the copy.

    Raises:
        OSError, sqlite3.Error: nothing was put in place; the temporary file is gone.
    """
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        dest = sqlite3.connect(str(tmp))
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        with tmp.open("rb+") as f:
            os.fsync(f.fileno())
        if closed_target:
            for extra in ("-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    target.with_name(target.name + extra).unlink()
        replace_retrying(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


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
