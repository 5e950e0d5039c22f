"""Where things live: bundled resources, the user's data folder, this PC's device id. No Qt."""

import os
import socket
import sys
import uuid
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


def is_removable(path: Path) -> bool:
    """True when ``path`` is on a USB stick or another removable disk.

    ``SO_KE_HOACH_REMOVABLE`` (a folder) makes everything under it count as removable, so
    tests and support staff can try the behaviour without a stick.
    """
    path = path.resolve()
    override = os.environ.get("SO_KE_HOACH_REMOVABLE")
    if override and path.is_relative_to(Path(override).resolve()):
        return True
    if sys.platform == "win32":
        import ctypes  # noqa: PLC0415 - Windows only

        drive_removable = 2
        root = path.anchor or str(path)[:3]
        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
        return bool(kernel32.GetDriveTypeW(root) == drive_removable)
    return _linux_removable(path)


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
