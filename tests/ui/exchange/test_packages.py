"""Data packages and the merge preview, through the window."""

import datetime as dt
import os
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QWidget,
)
from pytestqt.qtbot import QtBot

from benchmarks.generate_office import generate, scaled
from desktop_app.storage.backups import BackupReason
from desktop_app.storage.merge_plan import ItemKind, Side
from desktop_app.storage.package import read_package
from desktop_app.ui.exchange.exchange_models import (
    MergeFieldsTableModel,
    PlanChoiceTableModel,
)
from desktop_app.ui.exchange.merge_models import MergeTreeModel
from desktop_app.ui.exchange.merge_preview import MergePreviewDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.workspace import Workspace
from tests.conftest import sample_plan_id
from tests.ui.conftest import TODAY, activate, answer_file_dialog, open_window, type_text
from tests.ui.exchange.helpers import (
    NOTE_A,
    NOTE_B,
    Boxes,
    close,
    export_package,
    file_state,
    no,
    unit_of,
    yes,
)

pytestmark = pytest.mark.gui


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
    assert conflict.siblingAtColumn(MergeTreeModel.COL_LABEL).data() == unit_of(b, unit_id).name
    choice = conflict.siblingAtColumn(MergeTreeModel.COL_CHOICE)
    assert choice.data() == "Giữ bản trên máy này"


def _pack_an_edited_unit(a: Workspace, package: Path) -> str:
    """A's first unit gets NOTE_A, then A writes its package; the unit's id."""
    unit_id = a.directory.units()[0].id
    a.directory.save_unit(replace(unit_of(a, unit_id), note=NOTE_A))
    a.exchange.pack(package)
    return unit_id


def test_package_round_trip_with_a_conflict(
    qtbot: QtBot, pcs: tuple[Workspace, Workspace], usb: Path
) -> None:
    a, b = pcs
    unit_id = a.directory.units()[2].id
    a.directory.save_unit(replace(unit_of(a, unit_id), note=NOTE_A))
    b.directory.save_unit(
        replace(unit_of(b, unit_id), note=NOTE_B)
    )  # later: B's edit wins by default
    win_a, win_b = open_window(qtbot, a), open_window(qtbot, b)

    # A writes the package to the stick; the name gets its extension.
    texts = export_package(qtbot, win_a, usb / "goi-cho-may-b")
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
    before = len(b.exchange.backups())
    boxes = Boxes(yes, close)
    activate(qtbot, preview)
    qtbot.keyClick(preview, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert boxes.done
    assert "Gói có 1 xung đột" in boxes.texts[0]
    assert "lấy bản trong gói ở 1" in boxes.texts[0]
    assert boxes.texts[1].startswith("Đã nhập gói: 0 thêm mới, 0 sửa, 0 xóa, 1 xung đột")
    assert not preview.isVisible()
    assert preview.merge_result is not None

    # B now has A's note; its own is in the history; a backup was taken first.
    assert unit_of(b, unit_id).note == NOTE_A
    kept = [e for e in b.exchange.history() if e.row_id == unit_id]
    assert any(e.values.get("note") == NOTE_B for e in kept)
    assert len(b.exchange.backups()) == before + 1
    assert BackupReason.BEFORE_MERGE in {x.reason for x in b.exchange.backups()}
    # The window read it again.
    shown = [u for u in win_b.units_tab.model.rows() if u.id == unit_id]
    assert shown[0].note == NOTE_A


def test_cancel_saves_nothing(
    qtbot: QtBot, pcs: tuple[Workspace, Workspace], usb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = pcs
    unit_id = _pack_an_edited_unit(a, usb / "goi.skh")
    win_b = open_window(qtbot, b)
    state = file_state(b)
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
    assert file_state(b) == state
    assert b.exchange.backups() == []
    assert unit_of(b, unit_id).note == ""


def test_a_broken_package_is_refused(
    qtbot: QtBot, pcs: tuple[Workspace, Workspace], usb: Path
) -> None:
    _a, b = pcs
    win_b = open_window(qtbot, b)
    broken = usb / "hong.skh"
    broken.write_bytes(os.urandom(4096))
    state = file_state(b)
    boxes = Boxes(close)
    assert win_b.import_package(broken) is None
    assert boxes.done
    assert boxes.texts == [
        "Tệp hong.skh không dùng được: đây không phải một gói dữ liệu, hoặc tệp bị hỏng hay "
        "chép thiếu. Dữ liệu của bạn không bị thay đổi."
    ]
    assert file_state(b) == state


def test_data_changed_since_the_preview_keeps_the_dialog_open(
    qtbot: QtBot, pcs: tuple[Workspace, Workspace], usb: Path
) -> None:
    a, b = pcs
    unit_id = _pack_an_edited_unit(a, usb / "goi.skh")
    win_b = open_window(qtbot, b)
    preview = win_b.import_package(usb / "goi.skh")
    assert preview is not None
    assert preview.summary.text() == "Sẽ có: 1 sửa."
    b.directory.save_unit(replace(unit_of(b, unit_id), note=NOTE_B))  # now it would be a conflict
    boxes = Boxes(close)
    qtbot.mouseClick(preview.apply_button, Qt.MouseButton.LeftButton)
    assert boxes.done
    assert "vừa thay đổi sau khi xem trước gói" in boxes.texts[0]
    assert preview.isVisible()
    assert unit_of(b, unit_id).note == NOTE_B
    preview.reject()


def test_a_package_fills_an_empty_workspace(
    qtbot: QtBot, samples: Workspace, workspace: Workspace, usb: Path
) -> None:
    samples.exchange.pack(usb / "tat-ca.skh")
    win = open_window(qtbot, workspace)
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
    blocker.write_text("x", encoding="utf-8")
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


def test_a_big_preview_stays_quick(
    qtbot: QtBot, workspace: Workspace, usb: Path, tmp_path: Path
) -> None:
    """A large office's first exchange: items made as shown, branches opened where worth it."""
    office = Workspace.open(tmp_path / "office.sqlite", device="pc-a")
    generate(office, scaled(0.02))
    office.exchange.pack(usb / "tat-ca.skh")
    office.close()
    preview = workspace.exchange.preview(usb / "tat-ca.skh")
    many = len(preview.merge.items)
    assert many > 10_000
    start = dt.datetime.now()
    dialog = MergePreviewDialog(workspace, preview)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.model.total_count() == many
    type_text(dialog.filter_edit, "xom")
    qtbot.waitUntil(lambda: dialog.model.shown_count() < many)
    assert dt.datetime.now() - start < dt.timedelta(seconds=10)


def test_choosing_the_file_in_the_save_dialog(
    qtbot: QtBot, window: MainWindow, usb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (usb / "da-co.skh").write_bytes(b"cu")
    asked = answer_file_dialog(monkeypatch, "getSaveFileName", usb / "da-co.skh")
    dialog = window.export_package()
    dialog.browse()
    assert asked[0][1] == "Gói dữ liệu Sổ Kế hoạch (*.skh)"
    assert asked[0][0].endswith(f"goi-du-lieu-{TODAY:%Y-%m-%d}.skh")
    assert dialog.path() == usb / "da-co.skh"
    boxes = Boxes(close)  # the save dialog asked about overwriting: no second question
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert boxes.done
    assert boxes.texts[0].startswith("Đã ghi và kiểm tra gói da-co.skh")


def test_a_workspace_file_can_be_imported_like_a_package(
    qtbot: QtBot, pcs: tuple[Workspace, Workspace]
) -> None:
    a, b = pcs
    unit_id = b.directory.units()[0].id
    b.directory.save_unit(replace(unit_of(b, unit_id), note=NOTE_B))
    win_a = open_window(qtbot, a)
    preview = win_a.import_package(b.path)
    assert preview is not None
    assert f"Gói <b>{b.path.name}</b>" in preview.findChildren(QLabel)[0].text()
    assert preview.summary.text() == "Sẽ có: 1 sửa."
    boxes = Boxes(close)
    qtbot.mouseClick(preview.apply_button, Qt.MouseButton.LeftButton)
    assert boxes.done
    assert unit_of(a, unit_id).note == NOTE_B


def test_warnings_are_shown_in_orange(
    qtbot: QtBot, pcs: tuple[Workspace, Workspace], usb: Path
) -> None:
    a, b = pcs
    a.exchange.pack(usb / "goi.skh")
    preview = b.exchange.preview(usb / "goi.skh")
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
    unit_id = _pack_an_edited_unit(a, usb / "goi.skh")
    win_b = open_window(qtbot, b)
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
    assert unit_of(b, unit_id).note == ""
    boxes = Boxes(yes, close)  # close it (no unsaved changes), then merge
    qtbot.mouseClick(preview.apply_button, Qt.MouseButton.LeftButton)
    assert boxes.done
    assert not editor.isVisible()
    assert unit_of(b, unit_id).note == NOTE_A


def test_a_change_package_for_a_pc_that_sent_one_here(
    qtbot: QtBot, pcs: tuple[Workspace, Workspace], usb: Path, tmp_path: Path
) -> None:
    a, b = pcs
    win_a = open_window(qtbot, a)
    dialog = win_a.export_package()
    assert not dialog.changes_radio.isEnabled()  # no PC has sent a package here yet
    assert "chưa nhập gói nào" in dialog.changes_note.text()
    dialog.reject()

    # A whole package each way: A now knows what B holds.
    whole = a.exchange.pack(usb / "tu-may-a").path
    b.exchange.merge(b.exchange.preview(whole))
    back = b.exchange.pack(usb / "tu-may-b").path
    a.exchange.merge(a.exchange.preview(back))
    unit_id = a.directory.units()[2].id
    a.directory.save_unit(replace(unit_of(a, unit_id), note=NOTE_A))

    dialog = win_a.export_package()
    assert dialog.changes_radio.isEnabled()
    assert dialog.peer_combo.count() == 1
    assert dialog.peer_combo.currentData() == "pc-b"
    assert not dialog.peer_combo.isEnabled()
    dialog.changes_radio.setChecked(True)
    assert dialog.peer_combo.isEnabled()
    assert dialog.chosen_plan_ids() == []
    assert Path(dialog.path_edit.text()).name == f"goi-thay-doi-{TODAY:%Y-%m-%d}.skh"
    dialog.grab().save(str(tmp_path / "goi-thay-doi.png"))
    dialog.set_path(usb / "thay-doi")
    boxes = Boxes(close)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert boxes.done
    assert "gói thay đổi: những gì máy" in boxes.texts[0]
    assert not dialog.isVisible()

    # The sample rows came with the file on both PCs: only the new note travels.
    assert sum(read_package(usb / "thay-doi.skh", None).manifest.counts.values()) == 1
    shown = open_window(qtbot, b).import_package(usb / "thay-doi.skh")
    assert isinstance(shown, MergePreviewDialog)
    assert shown.summary.text() == "Sẽ có: 1 sửa."
    shown.grab().save(str(tmp_path / "nhap-goi-thay-doi.png"))
    shown.reject()
    preview = b.exchange.preview(usb / "thay-doi.skh")
    assert [(i.kind, i.row_id) for i in preview.merge.items] == [(ItemKind.CHANGE, unit_id)]
    b.exchange.merge(preview)
    assert unit_of(b, unit_id).note == NOTE_A
