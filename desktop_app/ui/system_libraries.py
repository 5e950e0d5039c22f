"""Whether Linux has the system libraries Qt's window needs, asked before Qt is loaded.

PySide6 brings Qt but not the X11/Wayland libraries its platform plugins link to. A fresh
Debian or Ubuntu lacks several (libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1...), and Qt
then aborts the process at ``QApplication()`` with an English hint on stderr. Loading each
library by its soname with the system's loader, exactly as the plugin would, tells in a few
milliseconds which Debian/Ubuntu packages to install, so the clerk (or whoever set the PC
up) reads one Vietnamese sentence and one ``apt-get install`` command instead.

This module imports no Qt: it must run where importing PySide6 itself would fail.
"""

import ctypes
import os
import sys
from collections.abc import Callable, Mapping

# (soname, Debian/Ubuntu package) of what every Qt window needs (QtGui's own links).
_GUI = (
    ("libEGL.so.1", "libegl1"),
    ("libGL.so.1", "libgl1"),
    ("libfontconfig.so.1", "libfontconfig1"),
    ("libfreetype.so.6", "libfreetype6"),
    ("libxkbcommon.so.0", "libxkbcommon0"),
    ("libglib-2.0.so.0", "libglib2.0-0"),
    ("libX11.so.6", "libx11-6"),
    ("libdbus-1.so.3", "libdbus-1-3"),
)
# The xcb (X11) plugin: readelf -d of plugins/platforms/libqxcb.so and libQt6XcbQpa.so.6.
_XCB = (
    ("libxcb.so.1", "libxcb1"),
    ("libX11-xcb.so.1", "libx11-xcb1"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxcb-image.so.0", "libxcb-image0"),
    ("libxcb-util.so.1", "libxcb-util1"),
    ("libxcb-randr.so.0", "libxcb-randr0"),
    ("libxcb-render.so.0", "libxcb-render0"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libxcb-shape.so.0", "libxcb-shape0"),
    ("libxcb-shm.so.0", "libxcb-shm0"),
    ("libxcb-sync.so.1", "libxcb-sync1"),
    ("libxcb-xfixes.so.0", "libxcb-xfixes0"),
    ("libxcb-xkb.so.1", "libxcb-xkb1"),
)
_WAYLAND = (
    ("libwayland-client.so.0", "libwayland-client0"),
    ("libwayland-cursor.so.0", "libwayland-cursor0"),
)
LIBRARIES: dict[str, tuple[tuple[str, str], ...]] = {
    "xcb": _GUI + _XCB,
    "wayland": _GUI + _WAYLAND,
    "offscreen": _GUI,
}

Loader = Callable[[str], bool]


def _can_load(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def window_platform(
    environ: Mapping[str, str] | None = None, *, system: str | None = None
) -> str | None:
    """The Qt platform plugin the window will load here; None off Linux (nothing to check).

    ``QT_QPA_PLATFORM`` decides when set (its first choice); else Qt 6 takes Wayland in a
    Wayland session and X11 (xcb) everywhere else.
    """
    environ = os.environ if environ is None else environ
    if not (system or sys.platform).startswith("linux"):
        return None
    forced = environ.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if forced:
        return forced
    if environ.get("WAYLAND_DISPLAY") or environ.get("XDG_SESSION_TYPE") == "wayland":
        return "wayland"
    return "xcb"


def missing_packages(platform: str | None, load: Loader | None = None) -> list[str]:
    """The packages to install for ``platform``'s libraries that do not load, in order."""
    if platform is None:
        return []
    load = load or _can_load
    missing: list[str] = []
    for soname, package in LIBRARIES.get(platform, _GUI):
        if package not in missing and not load(soname):
            missing.append(package)
    return missing


def missing_packages_message(packages: list[str]) -> str:
    """What to tell the person at the PC: why the window cannot open and the command to run."""
    return (
        "Chưa mở được cửa sổ chương trình: máy còn thiếu thư viện hệ thống mà Qt cần "
        f"({', '.join(packages)}).\n"
        "Trên Debian hoặc Ubuntu, hãy cài chúng bằng lệnh:\n"
        f"    sudo apt-get install {' '.join(packages)}\n"
        "rồi mở lại chương trình."
    )


def check_window_libraries(
    environ: Mapping[str, str] | None = None,
    *,
    system: str | None = None,
    load: Loader | None = None,
) -> str | None:
    """None when the window's libraries are all there, else the Vietnamese message."""
    packages = missing_packages(window_platform(environ, system=system), load)
    return missing_packages_message(packages) if packages else None


def check_desktop_libraries(
    environ: Mapping[str, str] | None = None,
    *,
    system: str | None = None,
    load: Loader | None = None,
) -> str | None:
    """Like :func:`check_window_libraries` for the desktop session, whatever Qt runs on now.

    The self-test paints offscreen (``QT_QPA_PLATFORM=offscreen``) yet must say whether the
    real window would open, which is the X11 or Wayland plugin's business.
    """
    environ = dict(os.environ if environ is None else environ)
    environ.pop("QT_QPA_PLATFORM", None)
    return check_window_libraries(environ, system=system, load=load)


NO_DISPLAY_MESSAGE = (
    "Chưa mở được cửa sổ chương trình: không có màn hình để hiện (biến DISPLAY chưa được đặt, "
    "như khi chạy qua SSH hoặc trong container).\n"
    "Hãy chạy chương trình trong phiên làm việc có màn hình. Các lệnh dòng lệnh vẫn dùng "
    "được: python -m desktop_app --help."
)


def check_window_can_open(
    environ: Mapping[str, str] | None = None,
    *,
    system: str | None = None,
    load: Loader | None = None,
) -> str | None:
    """None when Qt can open the window here; else why not, in Vietnamese.

    Besides the libraries, X11 needs a display to connect to: without one Qt aborts too.
    """
    environ = os.environ if environ is None else environ
    missing = check_window_libraries(environ, system=system, load=load)
    if missing is not None:
        return missing
    if window_platform(environ, system=system) == "xcb" and not environ.get("DISPLAY"):
        return NO_DISPLAY_MESSAGE
    return None
