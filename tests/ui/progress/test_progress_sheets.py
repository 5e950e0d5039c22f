"""The progress sheets: export to Excel, the unit sheets, and the import preview."""

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop_app.domain.plans import Plan, TaskStatus
from desktop_app.domain.progress import (
    Report,
)
from desktop_app.domain.sheet_layout import TASKS_SHEET
from desktop_app.ui.progress.import_preview import ImportPreviewDialog
from desktop_app.ui.progress.progress_dialogs import (
    UnitSheetsDialog,
)
from desktop_app.ui.progress.progress_window import ProgressWindow
from desktop_app.workspace import Workspace
from tests.ui.conftest import TODAY, answer_file_dialog, close_message, when_modal
from tests.ui.progress.helpers import task_row

pytestmark = pytest.mark.gui


def test_export_excel_asks_in_the_export_folder_and_writes_the_workbook(
    progress: ProgressWindow,
    samples: Workspace,
    phu_lac: Plan,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "chosen" / "tien-do"  # no suffix typed: .xlsx is added
    target.parent.mkdir()
    asked = answer_file_dialog(monkeypatch, "getSaveFileName", target)
    seen: list[str] = []
    close_message(seen)
    written = progress.export_excel()
    assert written == target.with_suffix(".xlsx")
    assert Path(asked[0][0]).name == samples.progress.sheet_file_name([phu_lac])
    assert Path(asked[0][0]).parent == tmp_path / "documents" / "Sổ theo dõi Kế hoạch"
    assert str(written) in seen[0]
    book = openpyxl.load_workbook(written)
    assert TASKS_SHEET in book.sheetnames
    assert samples.documents.export_folder() == target.parent


def test_unit_sheets_go_to_the_chosen_folder_one_per_unit(
    qtbot: QtBot, progress: ProgressWindow, samples: Workspace, phu_lac: Plan, tmp_path: Path
) -> None:
    folder = tmp_path / "phieu"
    folder.mkdir()
    scopes = samples.progress.sheet_scopes(phu_lac)
    seen: list[str] = []

    def choose(widget: QWidget) -> None:
        assert isinstance(widget, UnitSheetsDialog)
        assert len(widget.chosen()) == len(scopes)  # every one, to start with
        widget.folder_edit.setText(str(folder))
        widget._set_all(Qt.CheckState.Unchecked)
        ok = widget.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert not ok.isEnabled()
        for row in (0, len(scopes) - 1):
            index = widget.model.index(row, 0)
            widget.model.setData(index, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
        assert widget.count_label.text() == f"Đã chọn 2/{len(scopes)} phiếu"
        close_message(seen)
        ok.click()

    when_modal(choose)
    written = progress.export_unit_sheets()
    names = {samples.progress.sheet_file_name([phu_lac], s) for s in (scopes[0], scopes[-1])}
    assert {p.name for p in written} == names
    assert {p.name for p in folder.iterdir()} == names
    assert seen[0].startswith("Đã xuất 2 phiếu vào thư mục:")
    assert str(folder) in seen[0]
    assert samples.documents.export_folder() == folder


def _kinh_te_sheet(samples: Workspace, plan: Plan, tmp_path: Path) -> Path:
    scope = samples.progress.unit_scope("Phòng Kinh tế")
    path = tmp_path / samples.progress.sheet_file_name([plan], scope)
    return samples.progress.export_xlsx([plan], path, scope, today=TODAY)


def _fill(path: Path, edit: Callable[[Worksheet, dict[str, int]], None]) -> None:
    """Fill the task sheet in as a unit does in Excel: rows found by their hidden key."""
    book = openpyxl.load_workbook(path)
    sheet = book[TASKS_SHEET]
    rows = {
        str(sheet.cell(r, 1).value): r
        for r in range(6, sheet.max_row + 1)
        if sheet.cell(r, 1).value
    }
    edit(sheet, rows)
    book.save(path)


def test_the_import_preview_applies_only_the_ticked_cells(
    qtbot: QtBot,
    progress: ProgressWindow,
    samples: Workspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    phu_lac = progress.plan
    path = _kinh_te_sheet(samples, phu_lac, tmp_path)
    six, seven = task_row(samples, phu_lac, "6"), task_row(samples, phu_lac, "7.1")

    def fill(sheet: Worksheet, rows: dict[str, int]) -> None:
        a, b = rows[six.key.token()], rows[seven.key.token()]
        sheet[f"G{a}"] = "Đang thực hiện"
        sheet[f"H{a}"] = 60
        sheet[f"I{a}"] = "Đã rà soát 12/20 xóm"
        sheet[f"G{b}"] = "Hoàn thành"
        sheet[f"I{b}"] = "Đã gửi báo cáo tháng 12"
        sheet[f"K{b}"] = dt.datetime(2026, 1, 9)

    _fill(path, fill)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *_args: (str(path), "Bảng tính Excel (*.xlsx)")
    )
    dialog = progress.import_sheet()
    assert isinstance(dialog, ImportPreviewDialog)
    assert dialog.summary.text() == "Phiếu có 2 dòng thay đổi."
    assert not dialog.problems.isVisible()
    assert dialog.model.rowCount() == 2
    assert dialog.apply_button.isEnabled()
    first = dialog.change_index(0)
    assert first.data().startswith("Trang “Nhiệm vụ”, dòng ")
    assert "6. Chủ trì, tham mưu" in first.data()
    assert first.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    cells = {index.data(): index for index in dialog.field_indexes(0)}
    assert set(cells) == {"Trạng thái", "Tỷ lệ (%)", "Kết quả thực hiện"}
    percent = cells["Tỷ lệ (%)"]
    assert (percent.siblingAtColumn(1).data(), percent.siblingAtColumn(2).data()) == (
        "(trống)",
        "60%",
    )

    # Untick one cell: its row is partly ticked.
    assert dialog.model.setData(percent, Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    assert first.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.PartiallyChecked
    # Unticking the second row whole, then ticking it again, ticks each of its cells.
    second = dialog.change_index(1)
    dialog.model.setData(second, Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    assert all(
        i.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
        for i in dialog.field_indexes(1)
    )
    dialog.model.setData(second, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert all(
        i.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        for i in dialog.field_indexes(1)
    )
    assert dialog.ticked() == {0: {"status", "text"}, 1: {"status", "text"}}

    seen: list[str] = []
    close_message(seen)
    with qtbot.waitSignal(progress.data_changed):
        assert dialog.apply() == 2
    assert seen == [f"Đã cập nhật 2 dòng từ {path.name}."]
    assert not dialog.isVisible()
    log = samples.progress.log(phu_lac)
    by_task = {e.occurrence or e.task_id: e for e in log}
    assert len(log) == 2
    entry_six = by_task[six.task.id]
    assert (entry_six.status, entry_six.percent, entry_six.text) == (
        TaskStatus.IN_PROGRESS,
        None,  # unticked: the program keeps what it had
        "Đã rà soát 12/20 xóm",
    )
    entry_seven = by_task[dt.date(2026, 1, 10)]
    assert (entry_seven.status, entry_seven.reported_on) == (TaskStatus.DONE, dt.date(2026, 1, 9))
    assert {e.source for e in log} == {f"Phiếu Excel: {path.name}"}
    assert progress.log_model.rowCount() == 2


def test_cancelling_the_preview_saves_nothing(
    qtbot: QtBot, progress: ProgressWindow, samples: Workspace, phu_lac: Plan, tmp_path: Path
) -> None:
    path = _kinh_te_sheet(samples, phu_lac, tmp_path)
    six = task_row(samples, phu_lac, "6")
    _fill(path, lambda sheet, rows: sheet.__setitem__(f"H{rows[six.key.token()]}", 30))
    dialog = progress.import_sheet(path=path)
    assert dialog is not None
    dialog.reject()
    assert samples.progress.log(phu_lac) == []


def test_older_news_starts_unticked_with_its_warning(
    qtmodeltester: ModelTester,
    progress: ProgressWindow,
    samples: Workspace,
    phu_lac: Plan,
    tmp_path: Path,
) -> None:
    path = _kinh_te_sheet(samples, phu_lac, tmp_path)
    seven = task_row(samples, phu_lac, "7.1")
    samples.progress.record(
        phu_lac, seven.key, Report(TaskStatus.IN_PROGRESS), dt.date(2026, 1, 18), today=TODAY
    )

    def fill(sheet: Worksheet, rows: dict[str, int]) -> None:
        sheet[f"I{rows[seven.key.token()]}"] = "Đã tổng hợp xong"
        sheet[f"K{rows[seven.key.token()]}"] = dt.datetime(2026, 1, 16)

    _fill(path, fill)
    dialog = progress.import_sheet(path=path)
    assert dialog is not None
    qtmodeltester.check(dialog.model)
    top = dialog.change_index(0)
    assert top.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    warning = dialog.model.index(0, 0, top)
    assert warning.isValid()
    assert "cũ hơn" in warning.data()
    assert warning.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b35900"
    assert not dialog.apply_button.isEnabled()  # nothing ticked
    dialog.model.setData(top, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert dialog.apply_button.isEnabled()
    qtmodeltester.check(dialog.model)
    dialog.reject()


def test_a_sheet_with_problems_cannot_be_applied(
    qtbot: QtBot, progress: ProgressWindow, samples: Workspace, phu_lac: Plan, tmp_path: Path
) -> None:
    path = _kinh_te_sheet(samples, phu_lac, tmp_path)
    six, seven = task_row(samples, phu_lac, "6"), task_row(samples, phu_lac, "7.1")

    def fill(sheet: Worksheet, rows: dict[str, int]) -> None:
        sheet[f"H{rows[six.key.token()]}"] = 60
        sheet[f"A{rows[seven.key.token()]}"] = "T:<script>"  # a damaged hidden key

    _fill(path, fill)
    dialog = progress.import_sheet(path=path)
    assert dialog is not None
    assert dialog.preview.problems
    assert dialog.problems.isVisible()
    assert "mã ẩn của dòng bị sửa" in dialog.problems.toPlainText()
    assert dialog.summary.text().startswith("Phiếu có 1 lỗi")
    assert not dialog.apply_button.isEnabled()
    assert dialog.apply() == 0
    assert samples.progress.log(phu_lac) == []
    dialog.reject()


def test_a_file_that_is_no_sheet_gives_its_message(
    qtbot: QtBot, progress: ProgressWindow, tmp_path: Path
) -> None:
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"\x00junk" * 100)
    seen: list[str] = []
    close_message(seen)
    assert progress.import_sheet(path=junk) is None
    assert "không phải bảng tính Excel" in seen[0]
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, ImportPreviewDialog)]
