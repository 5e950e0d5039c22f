"""Backups (automatic, by hand, restore), the data check and the history, through the window."""

import os
from dataclasses import replace
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QMenu,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop_app.storage.backups import BackupReason
from desktop_app.storage.errors import StorageError
from desktop_app.ui.common.table_model import ROW_ROLE
from desktop_app.ui.exchange.backup_dialogs import BackupsDialog, CheckDataDialog
from desktop_app.ui.exchange.exchange_models import (
    BackupsTableModel,
    HistoryTableModel,
    ProblemsTableModel,
)
from desktop_app.ui.exchange.history_dialog import HistoryDialog
from desktop_app.ui.exchange.package_dialogs import ExportPackageDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.workspace import Workspace
from desktop_app.workspace.exchange import BACKUP_INTERVAL
from tests.conftest import sample_plan_id
from tests.ui.conftest import activate, open_window, type_text
from tests.ui.exchange.helpers import (
    Boxes,
    close,
    unit_of,
    yes,
)

pytestmark = pytest.mark.gui


def test_file_menu_has_the_exchange_commands(qtbot: QtBot, window: MainWindow) -> None:
    menu = window.menuBar().actions()[0].menu()
    assert isinstance(menu, QMenu)
    actions = {a.text(): a.shortcut().toString() for a in menu.actions() if a.text()}
    assert actions == {
        "Lư&u": "Ctrl+S",
        "&In…": "Ctrl+P",
        "Xuất &Word, Excel…": "Ctrl+E",
        "&Bảng tiến độ toàn cơ quan (Excel)…": "",
        "&Xuất gói dữ liệu…": "Ctrl+Shift+E",
        "Nhập &gói dữ liệu…": "Ctrl+Shift+I",
        "Nhập kế hoạch từ &văn bản…": "Ctrl+Shift+O",
        "&Sao lưu và khôi phục…": "",
        "&Kiểm tra dữ liệu…": "",
        "&Lịch sử thay đổi…": "Ctrl+H",
        "Thông tin &cơ quan…": "",
        "&Nạp dữ liệu mẫu": "",
        "&Thoát": "Ctrl+Q",
    }
    opened: list[QWidget] = []
    for text, kind in (
        ("&Xuất gói dữ liệu…", ExportPackageDialog),
        ("&Sao lưu và khôi phục…", BackupsDialog),
        ("&Kiểm tra dữ liệu…", CheckDataDialog),
        ("&Lịch sử thay đổi…", HistoryDialog),
    ):
        next(a for a in menu.actions() if a.text() == text).trigger()
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, kind), text
        opened.append(dialog)
        dialog.close()
    activate(qtbot, window)
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_E, shift_ctrl)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, ExportPackageDialog)
    dialog.close()


def test_automatic_backups(
    qtbot: QtBot, window: MainWindow, samples: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.backup_timer.isActive()
    assert window.backup_timer.interval() == BACKUP_INTERVAL.total_seconds() * 1000
    assert window.auto_backup() is None  # nothing changed since the file was opened
    unit = samples.directory.units()[0]
    samples.directory.save_unit(replace(unit, note="đổi"))
    path = window.auto_backup()
    assert path is not None
    assert path.is_file()
    assert [b.reason for b in samples.exchange.backups()] == [BackupReason.AUTO]
    assert "Đã tự sao lưu" in window.statusBar().currentMessage()
    assert window.auto_backup() is None  # and not again until the next change

    # Not while a dialog is up: a minute later.
    samples.directory.save_unit(replace(unit, note="đổi lần nữa"))
    dialog = window.check_data()
    window.backup_timer.timeout.emit()
    assert window.backup_retry.isActive()
    assert len(samples.exchange.backups()) == 1
    dialog.close()
    # Nor inside a transaction (a progress bar lets the timer run during the work).
    with samples.store.transaction():
        window.backup_timer.timeout.emit()
    assert len(samples.exchange.backups()) == 1
    window.backup_retry.timeout.emit()
    assert len(samples.exchange.backups()) == 2

    def fail(*, check_later: bool = False) -> None:
        raise StorageError("Ổ đĩa đầy.")

    monkeypatch.setattr(samples.exchange, "auto_backup", fail)
    window.backup_timer.timeout.emit()
    assert window.statusBar().currentMessage() == "Không tự sao lưu được: Ổ đĩa đầy."
    # Closing with a failing backup neither stops nor asks: the file is closed all the same.
    assert window.close()
    assert not samples.is_open


def test_closing_the_window_backs_up_what_changed(qtbot: QtBot, samples: Workspace) -> None:
    win = open_window(qtbot, samples)
    samples.directory.save_unit(replace(samples.directory.units()[0], note="trước khi đóng"))
    win.close()
    assert not samples.is_open
    backups = list((samples.path.parent / "sao-luu").glob("sao-luu-*-tu-dong.sqlite"))
    assert len(backups) == 1


def test_backup_now_then_restore_it(qtbot: QtBot, window: MainWindow, samples: Workspace) -> None:
    dialog = window.open_backups()
    assert dialog.folder_edit.text() == str(samples.exchange.backup_dir)
    assert dialog.model.rowCount() == 0
    assert not dialog.restore_button.isEnabled()
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    assert dialog.model.rowCount() == 1
    backup = dialog.selected()
    assert backup is not None
    assert backup.reason is BackupReason.MANUAL
    assert dialog.model.index(0, BackupsTableModel.COL_REASON).data() == "Sao lưu ngay"
    assert dialog.restore_button.isEnabled()

    # An edit after the backup, seen in the tabs.
    unit = samples.directory.units()[0]
    samples.directory.save_unit(replace(unit, name="Tên sửa sau khi sao lưu"))
    samples.plans.delete(sample_plan_id(samples, "kon_tum"))
    window.reload()
    assert window.plans_tab.plans_model.rowCount() == 4
    old_store = samples.store

    boxes = Boxes(yes, close)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert boxes.done
    assert "Trước khi khôi phục" in boxes.texts[0]
    assert boxes.texts[1].startswith("Đã khôi phục dữ liệu từ bản sao lưu lúc")
    assert samples.store is not old_store
    assert unit_of(samples, unit.id).name == unit.name
    assert window.plans_tab.plans_model.rowCount() == 5
    assert unit.name in [u.name for u in window.units_tab.model.rows()]
    assert "Tên sửa sau khi sao lưu" not in [u.name for u in window.units_tab.model.rows()]
    # The data as it was just before is a backup of its own.
    assert sorted(b.reason for b in dialog.model.rows()) == sorted(
        [BackupReason.BEFORE_RESTORE, BackupReason.MANUAL]
    )
    dialog.close()


def test_restoring_a_file_that_is_not_a_backup_changes_nothing(
    qtbot: QtBot, window: MainWindow, samples: Workspace, tmp_path: Path
) -> None:
    dialog = window.open_backups()
    bad = tmp_path / "khong-phai.sqlite"
    bad.write_bytes(os.urandom(2048))
    boxes = Boxes(yes, close)
    assert dialog.restore_other_file(bad) is None
    assert boxes.done
    assert "không phải bản sao lưu" in boxes.texts[1]
    assert window.plans_tab.plans_model.rowCount() == 5
    assert samples.exchange.backups() == []
    dialog.close()


def test_changing_the_backup_folder(
    qtbot: QtBot, window: MainWindow, samples: Workspace, tmp_path: Path
) -> None:
    dialog = window.open_backups()
    boxes = Boxes(close)
    dialog.change_folder(tmp_path / "o-khac")
    assert boxes.done
    assert dialog.folder_edit.text() == str(tmp_path / "o-khac")
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    assert len(list((tmp_path / "o-khac").glob("sao-luu-*.sqlite"))) == 1
    dialog.close()


def test_check_on_clean_data_says_no_errors(window: MainWindow) -> None:
    dialog = window.check_data()
    assert dialog.summary.text().startswith("Dữ liệu không có lỗi.")
    assert not dialog.view.isVisible()
    assert not dialog.repair_button.isEnabled()
    assert not dialog.backups_hint.isVisible()
    dialog.close()


def test_check_then_repair(qtbot: QtBot, window: MainWindow, samples: Workspace) -> None:
    samples.store.conn.execute("DELETE FROM plan_search")
    dialog = window.check_data()
    assert dialog.summary.text().startswith("Có 1 vấn đề, sửa được 1.")
    assert dialog.model.rowCount() == 1
    assert dialog.model.index(0, ProblemsTableModel.COL_REPAIR).data() == "Dựng lại chỉ mục"
    assert dialog.repair_button.isEnabled()
    boxes = Boxes(yes)
    qtbot.mouseClick(dialog.repair_button, Qt.MouseButton.LeftButton)
    assert boxes.done
    assert "không xóa gì" in boxes.texts[0]
    assert "đã dựng lại chỉ mục" in dialog.done_text.toPlainText()
    assert dialog.summary.text().startswith("Dữ liệu không có lỗi.")
    assert BackupReason.BEFORE_REPAIR in {b.reason for b in samples.exchange.backups()}
    # The search works again in the window.
    qtbot.keyClicks(window.plans_tab.search, "dong vong")
    assert window.plans_tab.plans_model.rowCount() == 1
    dialog.close()


def test_history_shows_and_restores_a_version(
    qtbot: QtBot, window: MainWindow, samples: Workspace
) -> None:
    unit = samples.directory.units()[1]
    samples.directory.save_unit(replace(unit, name="Tên mới của đơn vị"))
    window.reload()
    dialog = window.open_history()
    assert dialog.model.rowCount() >= 1
    assert dialog.count_label.text().endswith("phiên bản")
    type_text(dialog.search, unit.name)  # a version is named as it was then
    assert dialog.model.rowCount() == 1
    newest = dialog.model.index(0, 0).data(ROW_ROLE)
    assert newest.row_id == unit.id
    assert dialog.model.index(0, HistoryTableModel.COL_WHAT).data() == "Đơn vị"
    assert dialog.model.index(0, HistoryTableModel.COL_REASON).data() == "Sửa"
    assert dialog.model.index(0, HistoryTableModel.COL_DEVICE).data() == "máy này"
    assert not dialog.restore_button.isEnabled()
    dialog.view.selectRow(0)
    assert dialog.restore_button.isEnabled()
    assert ("Tên", "Tên mới của đơn vị", unit.name) in [
        (f.label, f.local, f.incoming) for f in dialog.fields_model.rows()
    ]

    boxes = Boxes(yes)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert boxes.done
    assert "Bản hiện tại sẽ được lưu vào lịch sử" in boxes.texts[0]
    assert unit_of(samples, unit.id).name == unit.name
    assert unit.name in [u.name for u in window.units_tab.model.rows()]
    assert dialog.status_label.text().startswith("Đã khôi phục phiên bản lúc")
    # The replaced name is in the history in its turn.
    dialog.search.clear()
    labels = [e.values.get("name") for e in dialog.model.rows() if e.row_id == unit.id]
    assert "Tên mới của đơn vị" in labels
    dialog.close()


def test_open_the_backup_folder(
    window: MainWindow, samples: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(opened.append))
    dialog = window.open_backups()
    dialog.open_folder()
    # Paths, not strings: QUrl gives C:/… where Windows' Path prints C:\…
    assert [Path(u.toLocalFile()) for u in opened] == [samples.exchange.backup_dir]
    assert samples.exchange.backup_dir.is_dir()
    dialog.close()


def test_a_restore_closes_the_progress_window_of_a_plan_it_removes(
    qtbot: QtBot, window: MainWindow, samples: Workspace
) -> None:
    before = samples.exchange.backup_now()
    copy = samples.plans.duplicate(sample_plan_id(samples, "phu_lac"))
    window.reload()
    tab = window.plans_tab
    assert tab.select_plan(copy.id)
    kept = tab.select_plan(sample_plan_id(samples, "kon_tum")) and tab.open_progress()
    assert tab.select_plan(copy.id)
    gone = tab.open_progress()
    assert gone is not None
    assert kept
    dialog = window.open_backups()
    assert dialog.select(before)
    replaced: list[bool] = []
    window.data_replaced.connect(lambda: replaced.append(True))
    boxes = Boxes(yes, close)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert boxes.done
    assert replaced == [True]
    assert copy.id not in tab.progress_windows
    assert not shiboken6.isValid(gone)  # closed and deleted
    assert sample_plan_id(samples, "kon_tum") in tab.progress_windows
    assert window.plans_tab.plans_model.rowCount() == 5
    dialog.close()
