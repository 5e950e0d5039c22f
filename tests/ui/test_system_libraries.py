"""A Linux PC without Qt's X11 libraries gets the packages to install, not Qt's abort."""

import sys
from pathlib import Path

import pytest

import desktop_app.__main__ as entry
from desktop_app.ui import system_libraries
from desktop_app.ui.system_libraries import (
    NO_DISPLAY_MESSAGE,
    check_desktop_libraries,
    check_window_can_open,
    check_window_libraries,
    missing_packages,
    window_platform,
)

FRESH_DEBIAN_LACKS = {"libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"}


def fresh_debian(soname: str) -> bool:
    return soname not in FRESH_DEBIAN_LACKS


@pytest.mark.parametrize(
    ("environ", "platform"),
    [
        ({"DISPLAY": ":0"}, "xcb"),
        ({}, "xcb"),
        ({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, "wayland"),
        ({"XDG_SESSION_TYPE": "wayland"}, "wayland"),
        ({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"}, "offscreen"),
        ({"QT_QPA_PLATFORM": "xcb;wayland", "WAYLAND_DISPLAY": "w"}, "xcb"),
        ({"QT_QPA_PLATFORM": "offscreen:size=1920x1080"}, "offscreen"),
    ],
)
def test_the_platform_qt_will_load(environ: dict[str, str], platform: str) -> None:
    assert window_platform(environ, system="linux") == platform


def test_windows_has_nothing_to_check() -> None:
    assert window_platform({}, system="win32") is None
    assert check_window_libraries({}, system="win32", load=lambda _: False) is None


def test_missing_xcb_libraries_name_their_debian_packages() -> None:
    assert missing_packages("xcb", fresh_debian) == [
        "libxcb-cursor0",
        "libxcb-icccm4",
        "libxcb-keysyms1",
    ]
    message = check_window_libraries({"DISPLAY": ":0"}, system="linux", load=fresh_debian)
    assert message is not None
    assert "thiếu thư viện hệ thống" in message
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1" in message


def test_offscreen_needs_only_the_gui_libraries() -> None:
    environ = {"QT_QPA_PLATFORM": "offscreen"}
    assert check_window_libraries(environ, system="linux", load=fresh_debian) is None


def test_the_self_test_checks_the_desktop_even_when_painting_offscreen() -> None:
    environ = {"QT_QPA_PLATFORM": "offscreen"}
    message = check_desktop_libraries(environ, system="linux", load=fresh_debian)
    assert message is not None
    assert "libxcb-cursor0" in message


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the X11 libraries Qt needs are Linux's"
)
def test_every_library_loads_on_this_test_machine() -> None:
    # scripts/test.sh installs them all; the self-test and the window need them.
    assert missing_packages("xcb") == []


def test_the_window_command_says_what_to_install_and_loads_no_qt(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("XDG_SESSION_TYPE", raising=False)
    monkeypatch.setattr(system_libraries, "_can_load", fresh_debian)
    monkeypatch.setattr(sys, "platform", "linux")
    assert entry.main(["--db", str(tmp_path / "a.sqlite")]) == 2
    assert entry.main(["open-package", str(tmp_path / "x.skh")]) == 2
    err = capsys.readouterr().err
    assert err.count("sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1") == 2
    assert not (tmp_path / "a.sqlite").exists()


def test_the_self_test_fails_with_the_packages_in_its_log(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setattr(system_libraries, "_can_load", fresh_debian)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("XDG_SESSION_TYPE", raising=False)
    assert entry.main(["--smoke"]) == 1
    assert "libxcb-icccm4" in capsys.readouterr().err
    log = (tmp_path / "data" / "smoke.log").read_text(encoding="utf-8")
    assert "smoke: FAIL the window cannot open here" in log
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1" in log


def test_no_display_is_said_before_qt_would_abort(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert check_window_can_open({}, system="linux", load=lambda _: True) == NO_DISPLAY_MESSAGE
    assert check_window_can_open({"DISPLAY": ":0"}, system="linux", load=lambda _: True) is None
    on_wayland = {"WAYLAND_DISPLAY": "wayland-0"}
    assert check_window_can_open(on_wayland, system="linux", load=lambda _: True) is None
    missing = check_window_can_open({}, system="linux", load=fresh_debian)
    assert missing is not None
    assert "libxcb-cursor0" in missing  # the packages first: a display would not help
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(system_libraries, "_can_load", lambda _: True)
    monkeypatch.setattr(sys, "platform", "linux")
    assert entry.main(["--db", str(tmp_path / "a.sqlite")]) == 2
    assert "DISPLAY" in capsys.readouterr().err
