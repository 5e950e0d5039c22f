"""Workspace files before a workspace is open on them.

- a workspace file on a USB stick or a network drive is never opened in place:
  :func:`safe_workspace_path`;
- a file too damaged to open is replaced by a good backup (:func:`restore_damaged`) or what
  can still be read of it goes to a new file (:func:`rescue_damaged`).
"""

import datetime as dt
import hashlib
import shutil
from pathlib import Path

from desktop_app.paths import StorageKind, backups_dir_for, data_dir, resolved, storage_kind
from desktop_app.storage import backups as backup_files
from desktop_app.storage.errors import StorageError
from desktop_app.storage.rescue import RescueReport, rescue


def safe_workspace_path(path: Path) -> tuple[Path, str]:
    """Where to open ``path``: itself, or a copy in the data folder (a stick, a network).

    SQLite on a stick that is pulled out mid-write loses data, its WAL is unsafe over a
    network share, and the stick travels to the other PC while the clerk goes on working
    here. So the file is copied in, once: later runs on the same file (the same workspace,
    whatever drive letter the stick gets) open that same copy, so the clerk's work is never
    split between copies. The returned message says which copy is open and, when the file
    on the stick changed since, that it is merged as a package rather than copied over.
    """
    kind = storage_kind(path) if path.exists() else StorageKind.LOCAL
    if kind is StorageKind.LOCAL:
        return path, ""
    where = "USB" if kind is StorageKind.REMOVABLE else "ổ mạng"
    folder = data_dir() / "tu-usb"
    target = folder / f"{path.stem}-{_workspace_key(path)}{path.suffix}"
    source_stamp = _file_stamp(path)
    record = target.with_name(target.name + ".nguon")
    if target.exists():
        changed = record.exists() and record.read_text(encoding="utf-8") != source_stamp
        message = (
            f"Tệp {path.name} nằm trên {where} nên chương trình không làm việc trực tiếp trên "
            f"đó. Đang mở bản đã chép vào máy từ lần trước: {target} (không chép thêm bản mới)."
        )
        if changed:
            message += (
                f" Tệp trên {where} đã thay đổi từ lần chép đó (có thể đã sửa ở máy khác): để "
                f"đưa các thay đổi ấy vào, hãy nhập nó như một gói (Nhập gói dữ liệu, hoặc lệnh "
                f"merge {path})."
            )
        return target, message
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        for extra in ("-wal", "-shm"):
            side = path.with_name(path.name + extra)
            if side.exists():
                shutil.copy2(side, target.with_name(target.name + extra))
        record.write_text(source_stamp, encoding="utf-8")
    except OSError as exc:
        raise StorageError(
            f"Tệp {path} nằm trên {where}; không chép được vào máy ({exc}). Hãy chép tệp vào "
            "máy rồi mở bản đã chép."
        ) from exc
    return target, (
        f"Tệp {path.name} nằm trên {where} nên chương trình không làm việc trực tiếp trên đó "
        f"(rút USB hay mất mạng khi đang ghi sẽ làm hỏng dữ liệu). Đã chép vào máy và mở bản "
        f"chép: {target}; lần sau mở tệp này sẽ vẫn là bản chép đó. Để đưa dữ liệu về máy "
        "khác, hãy dùng Xuất gói dữ liệu."
    )


def _workspace_key(path: Path) -> str:
    """The same key for the same workspace, whatever drive letter its stick gets today."""
    identity = backup_files.workspace_id_of(path) or str(resolved(path))
    return hashlib.sha256(identity.encode()).hexdigest()[:8]


def _file_stamp(path: Path) -> str:
    info = path.stat()
    return f"{info.st_size}:{info.st_mtime_ns}"


def restore_damaged(path: Path, backup: Path | None = None) -> tuple[Path, Path]:
    """Put a backup in place of a workspace too damaged to open; the damaged file is kept.

    Args:
        path: the workspace file.
        backup: the backup to restore; None: the newest one that passes the integrity check,
            in the backup folder beside the file.

    Returns:
        (the backup restored, where the damaged file was moved).

    Raises:
        StorageError: no good backup, or it cannot be put in place (the file is as it was).
    """
    if backup is None:
        # The damaged file's own id, when the page holding it can still be read.
        own = backup_files.workspace_id_of(path)
        found = backup_files.newest_good(backups_dir_for(resolved(path)), own)
        if found is None:
            raise StorageError(
                f"Không tìm thấy bản sao lưu tốt nào trong {backups_dir_for(resolved(path))}. "
                "Hãy chỉ ra tệp sao lưu (restore <tệp>), hoặc cứu dữ liệu còn đọc được "
                "(rescue --out <tệp mới>)."
            )
        backup = found.path
    aside = backup_files.restore_closed(backup, path, dt.datetime.now())
    return backup, aside


def rescue_damaged(path: Path, out: Path, device_id: str) -> RescueReport:
    """Read what can still be read from a damaged workspace into the new file ``out``."""
    return rescue(path, out, device_id)
