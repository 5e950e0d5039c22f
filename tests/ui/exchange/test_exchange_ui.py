"""Packages, the merge preview, backups, the data check and the history, through the window."""

import datetime as dt
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop_app.domain.record_changes import FieldChange
from desktop_app.domain.units import Unit
from desktop_app.exchange import BACKUP_INTERVAL
from desktop_app.storage.backups import BackupReason
from desktop_app.storage.errors import StorageError
from desktop_app.storage.merge import ItemKind, Side
from desktop_app.storage.package import read_package
from desktop_app.ui.common.table_model import ROW_ROLE
from desktop_app.ui.exchange.backup_dialogs import BackupsDialog, CheckDataDialog
from desktop_app.ui.exchange.exchange_models import (
    BackupsTableModel,
    HistoryFieldsTableModel,
    HistoryTableModel,
    MergeFieldsTableModel,
    PlanChoiceTableModel,
    ProblemsTableModel,
    size_text,
)
from desktop_app.ui.exchange.history_dialog import HistoryDialog
from desktop_app.ui.exchange.merge_models import CHOICE_LABELS, MergeTreeModel
from desktop_app.ui.exchange.merge_preview import MergePreviewDialog
from desktop_app.ui.exchange.package_dialogs import ExportPackageDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.workspace import Workspace
from tests.conftest import sample_plan_id
from tests.ui.conftest import TODAY, type_text

pytestmark = pytest.mark.gui

NOTE_A = "Ghi chú sửa trên máy A"
NOTE_B = "Ghi chú sửa trên máy B"


class Boxes:
    """Answers the next message boxes in turn (progress dialogs are let be) and notes their text."""

    POLLS = 500  # 10 s: a box that never comes must not be answered in a later test

    def __init__(self, *acts: Callable[[QMessageBox], None]) -> None:
        self.texts: list[str] = []
        self._acts = list(acts)
        self._seen: list[QMessageBox] = []
        self._polls = 0
        QTimer.singleShot(0, self._poll)

    def _poll(self) -> None:
        self._polls += 1
        widget = QApplication.activeModalWidget()
        if isinstance(widget, QMessageBox) and all(widget is not w for w in self._seen):
            self._seen.append(widget)
            self.texts.append(widget.text())
            self._acts.pop(0)(widget)
        if self._acts and self._polls < self.POLLS:
            QTimer.singleShot(20, self._poll)

    @property
    def done(self) -> bool:
        return not self._acts


def yes(box: QMessageBox) -> None:
    box.button(QMessageBox.StandardButton.Yes).click()


def no(box: QMessageBox) -> None:
    box.button(QMessageBox.StandardButton.No).click()


def close(box: QMessageBox) -> None:
    box.button(QMessageBox.StandardButton.Ok).click()


def _open_window(qtbot: QtBot, ws: Workspace) -> MainWindow:
    win = MainWindow(ws, today=TODAY)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    return win


def _file_state(ws: Workspace) -> dict[str, bytes]:
    """The bytes of the workspace file and its journal: what "nothing saved" must keep."""
    out = {}
    for suffix in ("", "-wal"):
        path = ws.path.with_name(ws.path.name + suffix)
        if path.exists():
            out[suffix] = path.read_bytes()
    return out


def _unit(ws: Workspace, unit_id: str) -> Unit:
    return next(u for u in ws.units() if u.id == unit_id)


@pytest.fixture
def pcs(samples_path: Path, tmp_path: Path) -> Iterator[tuple[Workspace, Workspace]]:
    """Two PCs that started from the same data: A (the sample file) and B (a copy of it)."""
    b_path = tmp_path / "may-b" / "so-ke-hoach.sqlite"
    b_path.parent.mkdir()
    shutil.copy2(samples_path, b_path)
    a = Workspace.open(samples_path, device="pc-a")
    b = Workspace.open(b_path, device="pc-b")
    yield a, b
    a.close()
    b.close()


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


def _export(qtbot: QtBot, win: MainWindow, out: Path) -> list[str]:
    dialog = win.export_package()
    dialog.set_path(out)
    boxes = Boxes(close)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert boxes.done
    assert not dialog.isVisible()
    return boxes.texts


# ---- the menu and automatic backups ----------------------------------------------------------


def test_file_menu_has_the_exchange_commands(qtbot: QtBot, window: MainWindow) -> None:
    menu = window.menuBar().actions()[0].menu()
    assert isinstance(menu, QMenu)
    actions = {a.text(): a.shortcut().toString() for a in menu.actions() if a.text()}
    assert actions == {
        "&Xuất gói dữ liệu…": "Ctrl+Shift+E",
        "Nhập &gói dữ liệu…": "Ctrl+Shift+I",
        "Nhập kế hoạch từ &văn bản…": "Ctrl+Shift+O",
        "&Sao lưu và khôi phục…": "",
        "&Kiểm tra dữ liệu…": "",
        "&Lịch sử thay đổi…": "Ctrl+H",
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
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
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
    unit = samples.units()[0]
    samples.save_unit(replace(unit, note="đổi"))
    path = window.auto_backup()
    assert path is not None
    assert path.is_file()
    assert [b.reason for b in samples.backups()] == [BackupReason.AUTO]
    assert "Đã tự sao lưu" in window.statusBar().currentMessage()
    assert window.auto_backup() is None  # and not again until the next change

    # Not while a dialog is up: a minute later.
    samples.save_unit(replace(unit, note="đổi lần nữa"))
    dialog = window.check_data()
    window.backup_timer.timeout.emit()
    assert window.backup_retry.isActive()
    assert len(samples.backups()) == 1
    dialog.close()
    # Nor inside a transaction (a progress bar lets the timer run during the work).
    with samples.store.transaction():
        window.backup_timer.timeout.emit()
    assert len(samples.backups()) == 1
    window.backup_retry.timeout.emit()
    assert len(samples.backups()) == 2

    def fail() -> None:
        raise StorageError("Ổ đĩa đầy.")

    monkeypatch.setattr(samples, "auto_backup", fail)
    window.backup_timer.timeout.emit()
    assert window.statusBar().currentMessage() == "Không tự sao lưu được: Ổ đĩa đầy."
    # Closing with a failing backup neither stops nor asks: the file is closed all the same.
    assert window.close()
    assert not samples.is_open


def test_closing_the_window_backs_up_what_changed(qtbot: QtBot, samples: Workspace) -> None:
    win = _open_window(qtbot, samples)
    samples.save_unit(replace(samples.units()[0], note="trước khi đóng"))
    win.close()
    assert not samples.is_open
    backups = list((samples.path.parent / "sao-luu").glob("sao-luu-*-tu-dong.sqlite"))
    assert len(backups) == 1


# ---- packages ----------------------------------------------------------------------------------


def _check_conflict_shown(preview: MergePreviewDialog, b: Workspace, unit_id: str) -> None:
    """The preview's summary and tree: one conflict, this PC's version kept by default."""
    assert preview.summary.text() == "Sẽ có: 1 xung đột."
    assert "Không đổi: " in preview.unchanged_label.text()
    assert "0 bản ghi máy này đã có bản sửa mới hơn" in preview.unchanged_label.text()
    assert preview.conflict_bar.isVisible()
    assert not preview.adopt_note.isVisible()
    assert preview.kind_combo.itemText(1) == "Xung đột (1)"
    assert preview.shown_label.text() == "Đang hiện 1/1 mục"
    model = preview.model
    assert model.index(0, 0).data() == "Đơn vị — 1 bản ghi: 1 xung đột"
    conflict = model.index(0, 0, model.index(0, 0))
    assert conflict.data() == "Xung đột"
    assert conflict.siblingAtColumn(MergeTreeModel.COL_LABEL).data() == _unit(b, unit_id).name
    choice = conflict.siblingAtColumn(MergeTreeModel.COL_CHOICE)
    assert choice.data() == "Giữ bản trên máy này"


def test_package_round_trip_with_a_conflict(
    qtbot: QtBot, pcs: tuple[Workspace, Workspace], usb: Path
) -> None:
    a, b = pcs
    unit_id = a.units()[2].id
    a.save_unit(replace(_unit(a, unit_id), note=NOTE_A))
    b.save_unit(replace(_unit(b, unit_id), note=NOTE_B))  # later: B's edit wins by default
    win_a, win_b = _open_window(qtbot, a), _open_window(qtbot, b)

    # A writes the package to the stick; the name gets its extension.
    texts = _export(qtbot, win_a, usb / "goi-cho-may-b")
    package = usb / "goi-cho-may-b.skh"
    assert package.is_file()
    assert "Có thể rút USB ra" in texts[0]
    assert "toàn bộ dữ liệu" in texts[0]
    assert "Đã xuất gói" in win_a.statusBar().currentMessage()

    # B looks at it first.
    preview = win_b.import_package(package)
    assert isinstance(preview, MergePreviewDialog)
    assert preview.isVisible()
    _check_conflict_shown(preview, b, unit_id)
    model = preview.model
    conflict = model.index(0, 0, model.index(0, 0))
    choice = conflict.siblingAtColumn(MergeTreeModel.COL_CHOICE)

    # The conflict is selected at the start; its detail shows both versions.
    item = preview.shown_item
    assert item is not None
    assert item.kind is ItemKind.CONFLICT
    assert item.row_id == unit_id
    assert item.default is Side.LOCAL
    assert preview.local_radio.isChecked()
    assert "sửa lúc" in preview.incoming_radio.text()
    assert "Bản trên máy này sửa lúc" in preview.detail_when.text()
    assert [(f.label, f.local, f.incoming) for f in preview.fields_model.rows()] == [
        ("Ghi chú", NOTE_B, NOTE_A)
    ]
    assert preview.fields_view.model().headerData(1, Qt.Orientation.Horizontal) == "Trên máy này"

    # The clerk takes the package's version, then applies with Ctrl+Enter.
    qtbot.mouseClick(preview.incoming_radio, Qt.MouseButton.LeftButton)
    assert model.choices[item.key] is Side.INCOMING
    assert choice.data() == "Lấy bản trong gói"
    assert "lấy bản trong gói ở 1" in preview.choice_counts.text()
    before = len(b.backups())
    boxes = Boxes(yes, close)
    preview.activateWindow()
    qtbot.waitUntil(preview.isActiveWindow)
    qtbot.keyClick(preview, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert boxes.done
    assert "Gói có 1 xung đột" in boxes.texts[0]
    assert "lấy bản trong gói ở 1" in boxes.texts[0]
    assert boxes.texts[1].startswith("Đã nhập gói: 0 thêm mới, 0 sửa, 0 xóa, 1 xung đột")
    assert not preview.isVisible()
    assert preview.merge_result is not None

    # B now has A's note; its own is in the history; a backup was taken first.
    assert _unit(b, unit_id).note == NOTE_A
    kept = [e for e in b.history_entries() if e.row_id == unit_id]
    assert any(e.values.get("note") == NOTE_B for e in kept)
    assert len(b.backups()) == before + 1
    assert BackupReason.BEFORE_MERGE in {x.reason for x in b.backups()}
    # The window read it again.
    shown = [u for u in win_b.units_tab.model.rows() if u.id == unit_id]
    assert shown[0].note == NOTE_A


def test_cancel_saves_nothing(
    qtbot: QtBot, pcs: tuple[Workspace, Workspace], usb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = pcs
    unit_id = a.units()[0].id
    a.save_unit(replace(_unit(a, unit_id), note=NOTE_A))
    a.pack(usb / "goi.skh")
    win_b = _open_window(qtbot, b)
    state = _file_state(b)
    answers = ["", str(usb / "goi.skh")]  # first the clerk cancels the file dialog
    asked: list[str] = []

    def pick(_parent: QWidget, _title: str, _folder: str, filters: str) -> tuple[str, str]:
        asked.append(filters)
        return (answers.pop(0), "")

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(pick))
    assert win_b.import_package() is None
    preview = win_b.import_package()
    assert preview is not None
    assert "(*.skh *.sqlite)" in asked[0]
    assert preview.summary.text() == "Sẽ có: 1 sửa."
    assert not preview.conflict_bar.isVisible()
    qtbot.mouseClick(preview.cancel_button, Qt.MouseButton.LeftButton)
    assert not preview.isVisible()
    assert _file_state(b) == state
    assert b.backups() == []
    assert _unit(b, unit_id).note == ""


def test_a_broken_package_is_refused(
    qtbot: QtBot, pcs: tuple[Workspace, Workspace], usb: Path
) -> None:
    _a, b = pcs
    win_b = _open_window(qtbot, b)
    broken = usb / "hong.skh"
    broken.write_bytes(os.urandom(4096))
    state = _file_state(b)
    boxes = Boxes(close)
    assert win_b.import_package(broken) is None
    assert boxes.done
    assert boxes.texts == [
        "Tệp hong.skh không dùng được: đây không phải một gói dữ liệu, hoặc tệp bị hỏng hay "
        "chép thiếu. Dữ liệu của bạn không bị thay đổi."
    ]
    assert _file_state(b) == state


def test_data_changed_since_the_preview_keeps_the_dialog_open(
    qtbot: QtBot, pcs: tuple[Workspace, Workspace], usb: Path
) -> None:
    a, b = pcs
    unit_id = a.units()[0].id
    a.save_unit(replace(_unit(a, unit_id), note=NOTE_A))
    a.pack(usb / "goi.skh")
    win_b = _open_window(qtbot, b)
    preview = win_b.import_package(usb / "goi.skh")
    assert preview is not None
    assert preview.summary.text() == "Sẽ có: 1 sửa."
    b.save_unit(replace(_unit(b, unit_id), note=NOTE_B))  # now it would be a conflict
    boxes = Boxes(close)
    qtbot.mouseClick(preview.apply_button, Qt.MouseButton.LeftButton)
    assert boxes.done
    assert "vừa thay đổi sau khi xem trước gói" in boxes.texts[0]
    assert preview.isVisible()
    assert _unit(b, unit_id).note == NOTE_B
    preview.reject()


def test_a_package_fills_an_empty_workspace(
    qtbot: QtBot, samples: Workspace, workspace: Workspace, usb: Path
) -> None:
    samples.pack(usb / "tat-ca.skh")
    win = _open_window(qtbot, workspace)
    assert win.plans_tab.plans_model.rowCount() == 0
    preview = win.import_package(usb / "tat-ca.skh")
    assert preview is not None
    total = preview.model.total_count()
    assert total > 400
    assert preview.summary.text() == f"Sẽ có: {total} thêm mới."
    assert preview.adopt_note.isVisible()
    assert "dùng chung bộ dữ liệu" in preview.adopt_note.text()
    assert not preview.conflict_bar.isVisible()
    assert preview.shown_label.text() == f"Đang hiện {total}/{total} mục"

    # The filter finds without diacritics, and by kind of change.
    type_text(preview.filter_edit, "xom dong vong")
    shown = preview.model.shown_count()
    assert 0 < shown < total
    assert preview.shown_label.text() == f"Đang hiện {shown}/{total} mục"
    preview.kind_combo.setCurrentIndex(preview.kind_combo.findData(ItemKind.CONFLICT.value))
    assert preview.model.shown_count() == 0
    assert preview.shown_item is None
    preview.kind_combo.setCurrentIndex(0)
    preview.filter_edit.clear()
    assert preview.model.shown_count() == total

    # An added row's detail has no "this PC" column.
    branches = [preview.model.index(r, 0).data() for r in range(preview.model.rowCount())]
    plans = next(r for r, text in enumerate(branches) if text.startswith("Kế hoạch"))
    first_plan = preview.model.index(0, 0, preview.model.index(plans, 0))
    preview.tree.setCurrentIndex(first_plan)
    assert preview.detail_when.text().startswith("Chưa có trên máy này.")
    assert preview.fields_view.isColumnHidden(MergeFieldsTableModel.COL_LOCAL)
    assert first_plan.siblingAtColumn(MergeTreeModel.COL_PLAN).data() == ""

    boxes = Boxes(close)  # no conflicts: no question, only the result
    qtbot.mouseClick(preview.apply_button, Qt.MouseButton.LeftButton)
    assert boxes.done
    assert boxes.texts[0].startswith(f"Đã nhập gói: {total} thêm mới")
    assert win.plans_tab.plans_model.rowCount() == 5
    assert not win.welcome.isVisible()
    assert workspace.store.workspace_id == samples.store.workspace_id


def test_export_chosen_plans_and_the_remembered_folder(
    qtbot: QtBot, window: MainWindow, samples: Workspace, usb: Path
) -> None:
    dialog = window.export_package()
    assert dialog.whole_radio.isChecked()
    assert not dialog.plans_panel.isEnabled()
    assert Path(dialog.path_edit.text()).name == f"goi-du-lieu-{TODAY:%Y-%m-%d}.skh"
    assert dialog.plans_model.rowCount() == 5

    dialog.plans_radio.setChecked(True)
    assert dialog.plans_panel.isEnabled()
    boxes = Boxes(close)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)  # nothing ticked yet
    assert boxes.done
    assert "ít nhất một kế hoạch" in boxes.texts[0]
    assert dialog.isVisible()

    type_text(dialog.search, "phu lac")
    assert dialog.plans_model.rowCount() == 1
    first = dialog.plans_model.index(0, PlanChoiceTableModel.COL_REFERENCE)
    checked = Qt.CheckState.Checked.value
    assert dialog.plans_model.setData(first, checked, Qt.ItemDataRole.CheckStateRole)
    dialog.search.clear()
    assert dialog.count_label.text() == "Đã đánh dấu 1/5 kế hoạch"
    phu_lac = sample_plan_id(samples, "phu_lac")
    assert dialog.chosen_plan_ids() == [phu_lac]

    # A folder that cannot be written: the message, and the dialog stays.
    blocker = usb / "khong-phai-thu-muc"
    blocker.write_text("x")
    dialog.set_path(blocker / "goi.skh")
    boxes = Boxes(close)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert boxes.done
    assert "Không ghi được" in boxes.texts[0]
    assert dialog.isVisible()

    dialog.set_path(usb / "mot-ke-hoach.skh")
    boxes = Boxes(close)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert boxes.done
    assert "1 kế hoạch" in boxes.texts[0]
    manifest = read_package(usb / "mot-ke-hoach.skh", None).manifest
    assert [p.id for p in manifest.plans] == [phu_lac]

    # The next export starts on the stick; an existing file is not overwritten unasked.
    again = window.export_package()
    assert Path(again.path_edit.text()).parent == usb
    again.set_path(usb / "mot-ke-hoach.skh")
    boxes = Boxes(no)
    qtbot.mouseClick(again.export_button, Qt.MouseButton.LeftButton)
    assert boxes.done
    assert "Ghi đè" in boxes.texts[0]
    assert again.isVisible()
    again.reject()


# ---- backups -------------------------------------------------------------------------------------


def test_backup_now_then_restore_it(qtbot: QtBot, window: MainWindow, samples: Workspace) -> None:
    dialog = window.open_backups()
    assert dialog.folder_edit.text() == str(samples.backup_dir)
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
    unit = samples.units()[0]
    samples.save_unit(replace(unit, name="Tên sửa sau khi sao lưu"))
    samples.delete_plan(sample_plan_id(samples, "kon_tum"))
    window.reload()
    assert window.plans_tab.plans_model.rowCount() == 4
    old_store = samples.store

    boxes = Boxes(yes, close)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert boxes.done
    assert "Trước khi khôi phục" in boxes.texts[0]
    assert boxes.texts[1].startswith("Đã khôi phục dữ liệu từ bản sao lưu lúc")
    assert samples.store is not old_store
    assert _unit(samples, unit.id).name == unit.name
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
    assert samples.backups() == []
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


# ---- the data check ------------------------------------------------------------------------------


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
    assert BackupReason.BEFORE_REPAIR in {b.reason for b in samples.backups()}
    # The search works again in the window.
    qtbot.keyClicks(window.plans_tab.search, "dong vong")
    assert window.plans_tab.plans_model.rowCount() == 1
    dialog.close()


# ---- the history ---------------------------------------------------------------------------------


def test_history_shows_and_restores_a_version(
    qtbot: QtBot, window: MainWindow, samples: Workspace
) -> None:
    unit = samples.units()[1]
    samples.save_unit(replace(unit, name="Tên mới của đơn vị"))
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
    assert _unit(samples, unit.id).name == unit.name
    assert unit.name in [u.name for u in window.units_tab.model.rows()]
    assert dialog.status_label.text().startswith("Đã khôi phục phiên bản lúc")
    # The replaced name is in the history in its turn.
    dialog.search.clear()
    labels = [e.values.get("name") for e in dialog.model.rows() if e.row_id == unit.id]
    assert "Tên mới của đơn vị" in labels
    dialog.close()


# ---- the models ----------------------------------------------------------------------------------


def test_merge_tree_model(
    qtmodeltester: ModelTester, pcs: tuple[Workspace, Workspace], usb: Path
) -> None:
    a, b = pcs
    units = a.units()
    a.save_unit(replace(units[0], note=NOTE_A))
    b.save_unit(replace(_unit(b, units[0].id), note=NOTE_B))
    a.save_unit(replace(units[1], note=NOTE_A))
    a.delete_plan(sample_plan_id(a, "tan_ky"))
    a.pack(usb / "goi.skh")
    merge = b.preview_package(usb / "goi.skh").merge
    model = MergeTreeModel(merge.items)
    qtmodeltester.check(model)
    assert model.index(0, 0).data().startswith("Đơn vị — 2 bản ghi: 1 xung đột, 1 sửa")
    assert model.index(0, 0, model.index(0, 0)).data() == "Xung đột"
    assert model.index(1, 0, model.index(0, 0)).data() == "Sửa"
    kinds = {model.index(r, 0).data().split(" — ")[0] for r in range(model.rowCount())}
    assert "Kế hoạch" in kinds
    assert model.total_count() == len(merge.items)
    assert model.conflict_count() == 1

    conflict = model.index(0, MergeTreeModel.COL_CHOICE, model.index(0, 0))
    assert model.flags(conflict) & Qt.ItemFlag.ItemIsEditable
    change = model.index(1, MergeTreeModel.COL_CHOICE, model.index(0, 0))
    assert not model.flags(change) & Qt.ItemFlag.ItemIsEditable
    assert change.data() == ""
    assert model.setData(conflict, Side.INCOMING.value)
    assert conflict.data() == CHOICE_LABELS[Side.INCOMING]
    assert not model.setData(change, Side.INCOMING.value)
    model.set_all_choices(Side.LOCAL)
    assert conflict.data() == CHOICE_LABELS[Side.LOCAL]
    assert model.kept_local_count() == 1

    model.set_filter("khong co gi nhu the")
    assert model.rowCount() == 0
    model.set_filter("", ItemKind.DELETE)
    qtmodeltester.check(model)
    assert model.shown_count() == sum(i.kind is ItemKind.DELETE for i in merge.items) > 0
    assert model.index(0, 0).data() == "Kế hoạch — 1 bản ghi: 1 xóa"


def test_table_models(qtmodeltester: ModelTester, samples: Workspace, usb: Path) -> None:
    plans = PlanChoiceTableModel()
    plans.set_rows(samples.list_plans())
    qtmodeltester.check(plans)
    first = plans.index(0, 0)
    assert first.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    plans.set_checked([samples.list_plans()[0].id])
    assert first.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked

    fields = [FieldChange("note", "Ghi chú", "bây giờ", "khi đó")]
    for model in (MergeFieldsTableModel(), HistoryFieldsTableModel()):
        model.set_rows(fields)
        qtmodeltester.check(model)
        assert model.index(0, 2).data() == "khi đó"

    samples.backup_now()
    backups = BackupsTableModel()
    backups.set_rows(samples.backups())
    qtmodeltester.check(backups)
    assert backups.index(0, BackupsTableModel.COL_SIZE).data().endswith("KB")

    unit = samples.units()[0]
    samples.save_unit(replace(unit, note="đổi"))
    history = HistoryTableModel()
    history.set_rows(samples.history_entries())
    qtmodeltester.check(history)
    assert history.index(0, HistoryTableModel.COL_TIME).data() == (
        samples.history_entries()[0].replaced_at.strftime("%d/%m/%Y %H:%M")
    )

    samples.store.conn.execute("DELETE FROM plan_search")
    problems = ProblemsTableModel()
    problems.set_rows(samples.check_db().problems)
    qtmodeltester.check(problems)
    assert problems.rowCount() == 1


def test_size_text() -> None:
    assert size_text(100) == "1 KB"
    assert size_text(61_440) == "60 KB"
    assert size_text(1_258_291) == "1,2 MB"


def test_a_big_preview_stays_quick(
    qtbot: QtBot, samples: Workspace, workspace: Workspace, usb: Path
) -> None:
    """Thousands of items: a model, branches opened only where it is worth it."""
    samples.pack(usb / "tat-ca.skh")
    preview = workspace.preview_package(usb / "tat-ca.skh")
    many = preview.merge.items * 40  # ~20,000 rows, as a large office's first exchange
    big = replace(preview, merge=replace(preview.merge, items=many))
    start = dt.datetime.now()
    dialog = MergePreviewDialog(workspace, big)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.filter_edit, "xom")
    qtbot.waitUntil(lambda: dialog.model.shown_count() < len(many))
    assert dt.datetime.now() - start < dt.timedelta(seconds=10)
    assert dialog.model.total_count() == len(many)


def test_choosing_the_file_in_the_save_dialog(
    qtbot: QtBot, window: MainWindow, usb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (usb / "da-co.skh").write_bytes(b"cu")
    asked: list[tuple[str, str]] = []

    def pick(_parent: QWidget, _title: str, suggested: str, filters: str) -> tuple[str, str]:
        asked.append((suggested, filters))
        return (str(usb / "da-co.skh"), filters)

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(pick))
    dialog = window.export_package()
    dialog.browse()
    assert asked[0][1] == "Gói dữ liệu Sổ Kế hoạch (*.skh)"
    assert asked[0][0].endswith(f"goi-du-lieu-{TODAY:%Y-%m-%d}.skh")
    assert dialog.path() == usb / "da-co.skh"
    boxes = Boxes(close)  # the save dialog asked about overwriting: no second question
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert boxes.done
    assert boxes.texts[0].startswith("Đã ghi và kiểm tra gói da-co.skh")


def test_open_the_backup_folder(
    window: MainWindow, samples: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(opened.append))
    dialog = window.open_backups()
    dialog.open_folder()
    assert [u.toLocalFile() for u in opened] == [str(samples.backup_dir)]
    assert samples.backup_dir.is_dir()
    dialog.close()


def test_a_restore_closes_the_progress_window_of_a_plan_it_removes(
    qtbot: QtBot, window: MainWindow, samples: Workspace
) -> None:
    before = samples.backup_now()
    copy = samples.duplicate_plan(sample_plan_id(samples, "phu_lac"))
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


def test_a_workspace_file_can_be_imported_like_a_package(
    qtbot: QtBot, pcs: tuple[Workspace, Workspace]
) -> None:
    a, b = pcs
    unit_id = b.units()[0].id
    b.save_unit(replace(_unit(b, unit_id), note=NOTE_B))
    win_a = _open_window(qtbot, a)
    preview = win_a.import_package(b.path)
    assert preview is not None
    assert f"Gói <b>{b.path.name}</b>" in preview.findChildren(QLabel)[0].text()
    assert preview.summary.text() == "Sẽ có: 1 sửa."
    boxes = Boxes(close)
    qtbot.mouseClick(preview.apply_button, Qt.MouseButton.LeftButton)
    assert boxes.done
    assert _unit(a, unit_id).note == NOTE_B


def test_warnings_are_shown_in_orange(
    qtbot: QtBot, pcs: tuple[Workspace, Workspace], usb: Path
) -> None:
    a, b = pcs
    a.pack(usb / "goi.skh")
    preview = b.preview_package(usb / "goi.skh")
    warned = replace(preview, merge=replace(preview.merge, warnings=("Đồng hồ lệch.",)))
    dialog = MergePreviewDialog(b, warned)
    qtbot.addWidget(dialog)
    dialog.show()
    assert [w.text() for w in dialog.warning_labels] == ["\u26a0 Đồng hồ lệch."]
    assert "#b35900" in dialog.warning_labels[0].styleSheet()
    assert dialog.warning_labels[0].isVisible()
    assert dialog.summary.text() == "Gói không có gì mới so với dữ liệu trên máy này."
    assert dialog.model.rowCount() == 0
    assert dialog.apply_button.isEnabled()


def test_a_merge_waits_for_the_plan_editor(
    qtbot: QtBot, pcs: tuple[Workspace, Workspace], usb: Path
) -> None:
    a, b = pcs
    unit_id = a.units()[0].id
    a.save_unit(replace(_unit(a, unit_id), note=NOTE_A))
    a.pack(usb / "goi.skh")
    win_b = _open_window(qtbot, b)
    win_b.plans_tab.select_plan(sample_plan_id(b, "phu_lac"))
    editor = win_b.plans_tab.edit_plan()
    assert editor is not None
    assert editor.isVisible()
    preview = win_b.import_package(usb / "goi.skh")
    assert preview is not None
    boxes = Boxes(no)  # keep the editor: nothing is merged
    qtbot.mouseClick(preview.apply_button, Qt.MouseButton.LeftButton)
    assert boxes.done
    assert "Cửa sổ soạn kế hoạch đang mở" in boxes.texts[0]
    assert editor.isVisible()
    assert preview.isVisible()
    assert _unit(b, unit_id).note == ""
    boxes = Boxes(yes, close)  # close it (no unsaved changes), then merge
    qtbot.mouseClick(preview.apply_button, Qt.MouseButton.LeftButton)
    assert boxes.done
    assert not editor.isVisible()
    assert _unit(b, unit_id).note == NOTE_A
