"""What the window remembers between runs on this PC (not in the data file, not sent to others).

Kept in an INI file in the program's data folder rather than the registry, so a portable
copy carries it and tests (which point the data folder at a temporary one) never touch the
real user's settings.
"""

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from desktop_app.paths import data_dir, documents_dir

SETTINGS_FILE = "giao-dien.ini"
_PACKAGE_FOLDER = "packages/folder"
_MAIN_WINDOW_GEOMETRY = "main-window/geometry"


def _settings() -> QSettings:
    return QSettings(str(data_dir() / SETTINGS_FILE), QSettings.Format.IniFormat)


def package_folder() -> Path:
    """Where packages were last written or read (often the USB stick), else Documents.

    A folder that is gone (the stick is not plugged in) falls back to Documents.
    """
    saved = _settings().value(_PACKAGE_FOLDER, "")
    if isinstance(saved, str) and saved and Path(saved).is_dir():
        return Path(saved)
    return documents_dir()


def remember_package_folder(folder: Path) -> None:
    settings = _settings()
    settings.setValue(_PACKAGE_FOLDER, str(folder))
    settings.sync()


def main_window_geometry() -> QByteArray | None:
    """The main window's size and place when it was last closed (``saveGeometry()``)."""
    saved = _settings().value(_MAIN_WINDOW_GEOMETRY)
    return saved if isinstance(saved, QByteArray) and not saved.isEmpty() else None


def remember_main_window_geometry(geometry: QByteArray) -> None:
    settings = _settings()
    settings.setValue(_MAIN_WINDOW_GEOMETRY, geometry)
    settings.sync()
