"""The backups' full checks in the background of the window (issue 23): a merge's backup is
checked off the window's thread, the window answers meanwhile, the close does not wait, and a
damaged backup is told in the status bar.

No test waits for a time: the check is held by a test double until the test releases it.
"""

import dataclasses
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.storage.backups import BackupReason, is_verified, list_backups
from desktop_app.ui.main_window import MainWindow
from desktop_app.workspace import Workspace
from tests.storage.schema_helpers import break_an_index
from tests.storage.test_backup_threads import NEVER, BlockingCheck, blocking  # noqa: F401
from tests.ui.exchange.helpers import unit_of
from tests.ui.test_shortcuts import press

TIMEOUT_MS = NEVER * 1000


def _merge_a_change(pcs: tuple[Workspace, Workspace], usb: Path) -> Path:
    """B merges a unit A changed; returns the backup the merge took on B."""
    a, b = pcs
    unit = a.directory.units()[0]
    a.directory.save_unit(dataclasses.replace(unit, note="sửa trên máy A"))
    package = a.exchange.pack(usb / "goi.skh").path
    result = b.exchange.merge(b.exchange.preview(package))
    assert result.changed >= 1
    assert unit_of(b, unit.id).note == "sửa trên máy A"
    (backup,) = [x.path for x in b.exchange.backups() if x.reason is BackupReason.BEFORE_MERGE]
    return backup


def _window(qtbot: QtBot, ws: Workspace) -> MainWindow:
    win = MainWindow(ws)
    qtbot.addWidget(win)
    win.show()
    return win


def _check_under_way(
    qtbot: QtBot, pcs: tuple[Workspace, Workspace], usb: Path, held: BlockingCheck
) -> tuple[MainWindow, Path]:
    """B's window, a merge's backup, and the background check held inside its full check."""
    win = _window(qtbot, pcs[1])
    backup = _merge_a_change(pcs, usb)
    assert win.backup_checks.start_now()
    assert held.entered.wait(NEVER)  # the worker is inside the full check
    assert win.backup_checks.running
    return win, backup


def test_a_merge_backup_is_checked_in_the_background_soon_after(
    qtbot: QtBot, pcs: tuple[Workspace, Workspace], usb: Path
) -> None:
    win = _window(qtbot, pcs[1])
    backup = _merge_a_change(pcs, usb)
    assert not is_verified(backup)  # the merge did not wait for it
    win.on_data_replaced()  # what the window does after a merge
    timer = win.backup_checks._timer
    assert timer.isActive()  # once the window has been idle a moment
    with qtbot.waitSignal(win.backup_checks.finished, timeout=TIMEOUT_MS) as done:
        timer.timeout.emit()
    assert done.args is not None
    assert done.args[0].set_aside == ()
    assert is_verified(backup)
    assert not win.backup_checks.running


def test_the_window_answers_while_the_check_runs(
    qtbot: QtBot,
    pcs: tuple[Workspace, Workspace],
    usb: Path,
    blocking: BlockingCheck,  # noqa: F811
) -> None:
    b = pcs[1]
    win, backup = _check_under_way(qtbot, pcs, usb, blocking)
    # The clerk goes on: clicks a tab, saves (Ctrl+S takes a backup of the merged data).
    bar = win.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(3).center())
    assert win.tabs.currentIndex() == 3
    press(qtbot, win, win.tabs.currentWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "sao lưu thêm một bản" in win.statusBar().currentMessage()
    assert len(list_backups(b.exchange.backup_dir)) == 2
    assert win.backup_checks.running  # all that while
    with qtbot.waitSignal(win.backup_checks.finished, timeout=TIMEOUT_MS):
        blocking.release.set()
    assert is_verified(backup)
    assert blocking.most_at_once == 1


def test_closing_while_the_check_runs_stops_it_and_the_next_start_does_it(
    qtbot: QtBot,
    pcs: tuple[Workspace, Workspace],
    usb: Path,
    blocking: BlockingCheck,  # noqa: F811
) -> None:
    b = pcs[1]
    path = b.path
    win, backup = _check_under_way(qtbot, pcs, usb, blocking)
    assert win.close()  # does not wait for the check (the test double would hold it)
    assert not b.is_open
    assert not win.backup_checks.running
    # Left for next time, not set aside; the close's own backup too.
    assert backup.exists()
    assert not is_verified(backup)
    (closing,) = [x.path for x in list_backups(backup.parent) if x.reason is BackupReason.AUTO]
    assert not is_verified(closing)

    blocking.release.set()  # no longer held: the next start checks them
    again = Workspace.open(path, device="pc-b")
    try:
        win = _window(qtbot, again)
        with qtbot.waitSignal(win.backup_checks.finished, timeout=TIMEOUT_MS):
            win.backup_checks._timer.timeout.emit()
        assert is_verified(backup)
        assert is_verified(closing)
    finally:
        again.close()


def test_a_damaged_backup_found_in_the_background_is_told_in_the_status_bar(
    qtbot: QtBot, pcs: tuple[Workspace, Workspace], usb: Path
) -> None:
    win = _window(qtbot, pcs[1])
    backup = _merge_a_change(pcs, usb)
    break_an_index(backup)  # an old disk lost a write of the copy
    with qtbot.waitSignal(win.backup_checks.finished, timeout=TIMEOUT_MS):
        assert win.backup_checks.start_now()
    message = win.statusBar().currentMessage()
    assert "không qua kiểm tra đầy đủ" in message
    assert f"hong-{backup.name}" in message
    assert "Kiểm tra dữ liệu" in message
    assert not backup.exists()
    assert (backup.parent / f"hong-{backup.name}").exists()
