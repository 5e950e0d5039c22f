"""The window's merge while its backup is copied beside it: the bar, "Hủy", a failed backup."""

import errno
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.storage import backups
from desktop_app.storage.backups import CheckStop
from desktop_app.ui.common.dialogs import WorkProgressDialog
from desktop_app.workspace import Workspace
from desktop_app.workspace.backup_checks import BACKUP_WAIT_REPORT
from tests.backup_doubles import check_after_the_copy, check_until_stopped
from tests.ui.exchange.helpers import (
    Boxes,
    close,
    file_state,
    preview_of_notes_from_a,
    unit_of,
)

pytestmark = pytest.mark.gui

# Long enough for any busy machine; reached only when the code under test is broken.
NEVER = 120


def _untouched(b: Workspace) -> bool:
    return all(not u.note.startswith("Sửa trên máy A") for u in b.directory.units())


def test_a_backup_that_fails_during_the_merge_is_said_and_nothing_is_merged(
    qtbot: QtBot,
    pcs: tuple[Workspace, Workspace],
    usb: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _a, b = pcs
    preview = preview_of_notes_from_a(qtbot, pcs, usb)
    state = file_state(b)

    def disk_full(_copy: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backups, "_as_one_file", disk_full)
    check_after_the_copy(monkeypatch)  # the copy fails before the merge may commit
    boxes = Boxes(close)
    qtbot.mouseClick(preview.apply_button, Qt.MouseButton.LeftButton)
    assert boxes.done
    assert boxes.texts[0].startswith("Không sao lưu được vào")
    assert "chưa có gì được ghi: dữ liệu trên máy này vẫn như trước" in boxes.texts[0]
    assert preview.isVisible()  # the clerk may try again, once the disk has room
    assert preview.merge_result is None
    assert b.exchange.backups() == []
    b.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert file_state(b) == state
    assert _untouched(b)

    monkeypatch.undo()
    boxes = Boxes(close)
    qtbot.mouseClick(preview.apply_button, Qt.MouseButton.LeftButton)
    assert boxes.done
    assert boxes.texts[0].startswith("Đã nhập gói: 0 thêm mới, 5 sửa")
    assert len(b.exchange.backups()) == 1


def test_cancel_while_the_merge_waits_for_its_backup_merges_nothing(
    qtbot: QtBot,
    pcs: tuple[Workspace, Workspace],
    usb: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    _a, b = pcs
    preview = preview_of_notes_from_a(qtbot, pcs, usb)
    state = file_state(b)
    real_copy = backups._copy_stoppable

    def slow_copy(source: Path, target: Path, stop: CheckStop) -> None:
        # A copy to a slow stick: it goes on until the stop comes.
        for _ in range(NEVER * 100):
            if stop.stopped:
                break
            threading.Event().wait(0.01)
        real_copy(source, target, stop)

    monkeypatch.setattr(backups, "_copy_stoppable", slow_copy)
    check_until_stopped(monkeypatch)
    monkeypatch.setattr(WorkProgressDialog, "SHOW_AFTER_S", 0.0)
    seen: list[str] = []
    real_merge = b.exchange.merge

    def merge(*args: Any, **kwargs: Any) -> Any:
        step: Callable[[int, int, str], bool] = args[2]
        dialog = step.__self__  # type: ignore[attr-defined]
        assert isinstance(dialog, WorkProgressDialog)

        def press() -> None:
            seen.append(dialog.label.text())
            dialog.grab().save(str(tmp_path / "cho-sao-luu.png"))
            QTest.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

        def pressing(done: int, total: int, what: str) -> bool:
            if (done, total, what) == BACKUP_WAIT_REPORT and not seen:
                QTimer.singleShot(0, press)  # the clerk presses "Hủy" while it waits
            return step(done, total, what)

        return real_merge(args[0], args[1], pressing, **kwargs)

    monkeypatch.setattr(b.exchange, "merge", merge)
    boxes = Boxes(close)
    qtbot.mouseClick(preview.apply_button, Qt.MouseButton.LeftButton)
    assert boxes.done
    assert seen == [BACKUP_WAIT_REPORT[2]]
    assert boxes.texts[0].startswith("Đã hủy nhập gói: dữ liệu trên máy này chưa có gì thay đổi")
    assert preview.isVisible()
    assert b.exchange.backups() == []
    assert not any(b.exchange.backup_dir.iterdir())  # no copy cut short either
    b.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert file_state(b) == state
    assert _untouched(b)
    unit = b.directory.units()[0]
    assert unit_of(b, unit.id).note == unit.note


def test_the_window_goes_on_while_the_backup_is_copied_and_warns_if_the_copy_fails(
    qtbot: QtBot,
    pcs: tuple[Workspace, Workspace],
    usb: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _a, b = pcs
    preview = preview_of_notes_from_a(qtbot, pcs, usb)
    release = threading.Event()
    real_copy = backups._copy_stoppable

    def held_copy(source: Path, target: Path, stop: CheckStop) -> None:
        # A big office's file on an old disk: still being copied when the merge commits.
        assert release.wait(NEVER)
        real_copy(source, target, stop)

    def disk_full(_copy: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backups, "_copy_stoppable", held_copy)
    monkeypatch.setattr(backups, "_as_one_file", disk_full)

    def read_then_let_the_copy_end(box: QMessageBox) -> None:
        assert b.exchange.backup_finishing  # the clerk reads this while the copy goes on
        release.set()
        close(box)

    boxes = Boxes(read_then_let_the_copy_end, close)
    qtbot.mouseClick(preview.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: boxes.done, timeout=NEVER * 1000)
    assert boxes.texts[0].startswith("Đã nhập gói: 0 thêm mới, 5 sửa")
    assert "Bản sao lưu dữ liệu trước khi nhập đang được ghi nốt" in boxes.texts[0]
    assert boxes.texts[1].startswith("Không sao lưu được vào")
    assert "Gói dữ liệu đã được nhập và vẫn được giữ" in boxes.texts[1]
    assert not _untouched(b)  # the merge stays
    monkeypatch.undo()
    assert b.exchange.backups() == []
    assert b.store.changed_since_backup
