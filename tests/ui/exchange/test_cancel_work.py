""" "Hủy" on the progress bar of a pack, a merge and a check: the work stops, nothing changes."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.ui.exchange.backup_dialogs import CheckDataDialog
from desktop_app.workspace import Workspace
from tests.storage.test_integrity import _break
from tests.ui.cancel_helpers import StopAt, stop_at
from tests.ui.conftest import open_window
from tests.ui.exchange.helpers import Boxes, close, file_state, preview_of_notes_from_a, unit_of

pytestmark = pytest.mark.gui

CANCELLING = ("Đang hủy, đưa mọi thứ về như trước…", False, True)


def test_cancel_on_the_merge_bar_leaves_the_file_and_backups_as_they_were(
    qtbot: QtBot,
    pcs: tuple[Workspace, Workspace],
    usb: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    a, b = pcs
    preview = preview_of_notes_from_a(qtbot, pcs, usb)
    state = file_state(b)
    stop = stop_at(monkeypatch, b.exchange, "merge", StopAt(call=1))
    boxes = Boxes(close)
    qtbot.mouseClick(preview.apply_button, Qt.MouseButton.LeftButton)
    assert boxes.done
    assert stop.seen == [CANCELLING]
    assert stop.answers == [False]  # the work heard it at once
    assert boxes.texts[0].startswith("Đã hủy nhập gói: dữ liệu trên máy này chưa có gì thay đổi")
    assert preview.isVisible()  # the clerk may merge again
    assert preview.merge_result is None
    assert b.exchange.backups() == []
    b.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert file_state(b) == state
    assert all(not u.note.startswith("Sửa trên máy A") for u in b.directory.units())

    monkeypatch.undo()  # a second try, not stopped, merges
    boxes = Boxes(close)
    qtbot.mouseClick(preview.apply_button, Qt.MouseButton.LeftButton)
    assert boxes.done
    assert boxes.texts[0].startswith("Đã nhập gói: 0 thêm mới, 5 sửa")
    unit = a.directory.units()[0]
    assert unit_of(b, unit.id).note == "Sửa trên máy A 0"


def test_escape_on_the_pack_bar_writes_no_package(
    qtbot: QtBot, samples: Workspace, usb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    win = open_window(qtbot, samples)
    dialog = win.export_package()
    dialog.set_path(usb / "goi.skh")
    stop = stop_at(monkeypatch, samples.exchange, "pack", StopAt(call=2, use_escape=True))
    boxes = Boxes(close)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert boxes.done
    assert stop.seen == [CANCELLING]
    assert stop.answers == [True, False]
    assert boxes.texts == ["Đã hủy xuất gói: không có tệp gói nào được ghi."]
    assert list(usb.iterdir()) == []
    assert dialog.isVisible()
    assert dialog.pack_result is None


def _problems(dialog: CheckDataDialog) -> int | None:
    """How many problems the dialog's last check found; None when it was stopped."""
    return None if dialog.report is None else len(dialog.report.problems)


def test_cancel_on_the_check_stops_it_and_a_second_check_runs_to_the_end(
    qtbot: QtBot, samples: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break(samples)
    win = open_window(qtbot, samples)
    stop = stop_at(monkeypatch, samples.exchange, "check_db", StopAt(call=3))
    dialog = CheckDataDialog(samples, win)
    qtbot.addWidget(dialog)
    assert stop.seen == [CANCELLING]
    assert _problems(dialog) is None
    assert dialog.summary.text().startswith("Đã dừng kiểm tra theo yêu cầu")
    assert not dialog.repair_button.isEnabled()
    assert not dialog.view.isVisibleTo(dialog)

    dialog.show()
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)  # not stopped this time
    assert _problems(dialog) == 4
    assert dialog.repair_button.isEnabled()


def test_cancel_on_the_repair_bar_changes_nothing_and_keeps_no_backup(
    qtbot: QtBot, samples: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break(samples)
    win = open_window(qtbot, samples)
    dialog = CheckDataDialog(samples, win)
    qtbot.addWidget(dialog)
    dialog.show()
    problems = dialog.report.problems if dialog.report else ()
    samples.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    state = file_state(samples)
    # Past the check the repair begins with, into the repair itself.
    stop = stop_at(monkeypatch, samples.exchange, "repair_db", StopAt(call=10))
    boxes = Boxes(lambda box: box.button(box.StandardButton.Yes).click(), close)
    qtbot.mouseClick(dialog.repair_button, Qt.MouseButton.LeftButton)
    assert boxes.done
    assert stop.seen == [CANCELLING]
    assert boxes.texts[1].startswith("Đã hủy sửa dữ liệu: dữ liệu chưa có gì thay đổi")
    assert samples.exchange.backups() == []
    assert samples.exchange.check_db().problems == problems
    samples.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert file_state(samples) == state
