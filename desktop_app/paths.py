"""Where things live: bundled resources, the user's data folder, this PC's device id. No Qt."""

import os
import socket
import sys
import time
import uuid
from enum import StrEnum
from pathlib import Path

import platformdirs

APP_DIR_NAME = "SoTheoDoiKeHoach"
DB_FILE_NAME = "so-ke-hoach.sqlite"


def resource_path(*parts: str) -> Path:
    """A file under ``resources/``: beside the package, or inside the bundle when frozen."""
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
    return base.joinpath("resources", *parts)


def data_dir() -> Path:
    r"""The user's data folder (``%LOCALAPPDATA%\SoTheoDoiKeHoach`` on Windows).

    ``SO_KE_HOACH_DATA_DIR`` overrides it (tests, portable installs).
    """
    override = os.environ.get("SO_KE_HOACH_DATA_DIR")
    if override:
        return Path(override)
    return platformdirs.user_data_path(APP_DIR_NAME, appauthor=False)


def documents_dir() -> Path:
    """The user's Documents folder; ``SO_KE_HOACH_DOCUMENTS_DIR`` overrides it (tests)."""
    override = os.environ.get("SO_KE_HOACH_DOCUMENTS_DIR")
    if override:
        return Path(override)
    return platformdirs.user_documents_path()


def default_db_path() -> Path:
    return data_dir() / DB_FILE_NAME


def device_id() -> str:
    """This PC's id, made once and kept in the data folder: it stamps every change made here."""
    path = data_dir() / "device-id"
    try:
        text = path.read_text(encoding="utf-8").strip()
        if text:
            return text
    except OSError:
        pass
    new = f"{socket.gethostname()[:40]}-{uuid.uuid4().hex[:12]}"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(new, encoding="utf-8")
    except OSError:
        pass  # a read-only profile still works; the id is then per session
    return new


def backups_dir_for(db_path: Path) -> Path:
    """Where a workspace's backups go unless the clerk chose a folder: beside it."""
    return db_path.parent / "sao-luu"


class StorageKind(StrEnum):
    LOCAL = "local"
    REMOVABLE = "removable"  # a USB stick or a USB hard disk
    NETWORK = "network"  # a mapped drive or a \\server\\share path


def resolved(path: Path) -> Path:
    """``path.resolve()``, or its absolute form where the system cannot resolve it.

    Resolving asks Windows for the file's final name; under a folder deeper than 260
    characters, on some network shares and under Wine that call can fail (WinError 234),
    and a workspace that opened fine must not fail on naming its backup folder.
    """
    try:
        return path.resolve()
    except OSError:
        return Path(os.path.abspath(path))


def is_removable(path: Path) -> bool:
    """True when ``path`` is on a USB stick or another removable disk."""
    return storage_kind(path) is StorageKind.REMOVABLE


def storage_kind(path: Path) -> StorageKind:
    """Where ``path`` lives: a local disk, a removable one, or a network drive.

    ``SO_KE_HOACH_REMOVABLE`` / ``SO_KE_HOACH_NETWORK`` (a folder) make everything under it
    count as such, so tests and support staff can try the behaviour without a stick.
    """
    path = resolved(path)
    for variable, kind in (
        ("SO_KE_HOACH_REMOVABLE", StorageKind.REMOVABLE),
        ("SO_KE_HOACH_NETWORK", StorageKind.NETWORK),
    ):
        override = os.environ.get(variable)
        if override and path.is_relative_to(resolved(Path(override))):
            return kind
    if sys.platform == "win32":
        return _windows_kind(path)
    if _linux_network(path):
        return StorageKind.NETWORK
    return StorageKind.REMOVABLE if _linux_removable(path) else StorageKind.LOCAL


_DRIVE_REMOVABLE = 2
_DRIVE_FIXED = 3
_DRIVE_REMOTE = 4
_BUS_TYPE_USB = 7
_IOCTL_STORAGE_QUERY_PROPERTY = 0x2D1400


def _windows_kind(path: Path) -> StorageKind:  # pragma: no cover - Windows only
    import ctypes  # noqa: PLC0415 - Windows only

    text = str(path)
    if text.startswith("\\\\") and not text.startswith(("\\\\?\\", "\\\\.\\")):
        return StorageKind.NETWORK  # \\server\\share
    root = path.anchor or text[:3]
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
    drive = kernel32.GetDriveTypeW(root)
    if drive == _DRIVE_REMOTE:
        return StorageKind.NETWORK
    if drive == _DRIVE_REMOVABLE:
        return StorageKind.REMOVABLE
    # A USB hard disk says DRIVE_FIXED: its bus type tells it apart.
    if drive == _DRIVE_FIXED and _windows_bus_type(root) == _BUS_TYPE_USB:
        return StorageKind.REMOVABLE
    return StorageKind.LOCAL


def _windows_bus_type(root: str) -> int | None:  # pragma: no cover - Windows only
    """The STORAGE_BUS_TYPE of the volume at ``root`` (a drive), None when it cannot be asked."""
    import ctypes  # noqa: PLC0415 - Windows only
    from ctypes import wintypes  # noqa: PLC0415

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
    kernel32.CreateFileW.restype = wintypes.HANDLE
    handle = kernel32.CreateFileW(
        f"\\\\.\\{root[:2]}",
        0,
        3,
        None,
        3,
        0,
        None,  # no access, share read/write
    )
    if handle in (None, wintypes.HANDLE(-1).value):
        return None
    try:
        query = (ctypes.c_ulong * 3)(0, 0, 0)  # StorageDeviceProperty, PropertyStandardQuery
        out = (ctypes.c_ubyte * 1024)()
        returned = wintypes.DWORD()
        ok = kernel32.DeviceIoControl(
            handle,
            _IOCTL_STORAGE_QUERY_PROPERTY,
            ctypes.byref(query),
            ctypes.sizeof(query),
            ctypes.byref(out),
            ctypes.sizeof(out),
            ctypes.byref(returned),
            None,
        )
        # STORAGE_DEVICE_DESCRIPTOR: BusType is the DWORD at offset 28.
        return int.from_bytes(bytes(out[28:32]), "little") if ok else None
    finally:
        kernel32.CloseHandle(handle)


def _linux_network(path: Path) -> bool:
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return False
    best, kind = "", ""
    for line in mounts:
        fields = line.split()
        if len(fields) < 3:
            continue
        mount = fields[1].replace("\\040", " ")
        if path.is_relative_to(mount) and len(mount) > len(best):
            best, kind = mount, fields[2]
    return kind in {"nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs"}


def _linux_removable(path: Path) -> bool:
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return False
    best, device = "", ""
    for line in mounts:
        fields = line.split()
        if len(fields) < 2:
            continue
        mount = fields[1].replace("\\040", " ")
        if path.is_relative_to(mount) and len(mount) > len(best):
            best, device = mount, fields[0]
    if not device.startswith("/dev/"):
        return False
    name = Path(device).name.rstrip("0123456789")
    if name.startswith("nvme") or name.startswith("mmcblk"):
        name = name.rstrip("p")
    try:
        return Path(f"/sys/block/{name}/removable").read_text(encoding="utf-8").strip() == "1"
    except OSError:
        return best.startswith(("/media/", "/run/media/"))


# An antivirus scanning a file just written holds it for a moment; Windows then refuses to
# rename over it (PermissionError, WinError 5 or 32). Waited out: about 3 s in all.
RENAME_WAITS = (0.05, 0.1, 0.2, 0.4, 0.8, 1.5)


def replace_retrying(source: Path, target: Path) -> None:
    """``os.replace``, retried with a short backoff while another program holds a file.

    Raises:
        PermissionError: still held after the last wait (the caller explains).
        OSError: any other failure, at once.
    """
    for wait in (*RENAME_WAITS, None):
        try:
            os.replace(source, target)
        except PermissionError:
            if wait is None:
                raise
            time.sleep(wait)
        else:
            return


HELD_FILE_HINT = (
    "Có thể phần mềm diệt virus hoặc một chương trình khác đang giữ tệp: hãy đợi một lát "
    "rồi thử lại."
)


# Windows' classic limit: longer paths work only with the \\?\ prefix (or a registry
# switch an office PC seldom has). SQLite and Python both accept the prefixed form.
MAX_PLAIN_PATH = 259


def os_path(path: Path, platform: str = sys.platform) -> str:
    """``path`` as the operating system takes it, long paths included."""
    text = str(path)
    if platform != "win32" or len(text) <= MAX_PLAIN_PATH or text.startswith("\\\\?\\"):
        return text
    absolute = text if platform != sys.platform else str(Path(text).absolute())
    if absolute.startswith("\\\\"):  # a network share: the UNC form of the prefix
        return "\\\\?\\UNC\\" + absolute[2:]
    return "\\\\?\\" + absolute
