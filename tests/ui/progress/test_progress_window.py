"""The progress window of a plan, its report dialog, its sheets, and the import preview."""

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QMessageBox,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop_app.domain.plans import Plan, TaskStatus
from desktop_app.domain.progress import (
    CampaignRow,
    CampaignState,
    Report,
    TaskRow,
    TaskState,
)
from desktop_app.domain.sheet_changes import TASKS_SHEET
from desktop_app.ui.common.table_model import ROW_ROLE
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.progress.import_preview import ImportPreviewDialog
from desktop_app.ui.progress.progress_dialogs import (
    MeasuresDialog,
    ReportEntryDialog,
    UnitSheetsDialog,
)
from desktop_app.ui.progress.progress_models import (
    OVERDUE_BACKGROUND,
    CampaignProgressTableModel,
    HamletTallyTableModel,
    ProgressLogTableModel,
    TaskProgressTableModel,
    UnitTallyTableModel,
    figure_text,
    log_lines,
)
from desktop_app.ui.progress.progress_window import ProgressWindow
from desktop_app.workspace import Workspace
from tests.conftest import sample_plan_id
from tests.ui.conftest import TODAY, type_text, when_modal

pytestmark = pytest.mark.gui

MEASURES = ("Đường được vệ sinh (km)", "Cây xanh trồng mới (cây)")


@pytest.fixture
def phu_lac(samples: Workspace) -> Plan:
    plan = samples.get_plan(sample_plan_id(samples, "phu_lac"))
    return samples.set_measures(plan, MEASURES)


@pytest.fixture
def progress(qtbot: QtBot, window: MainWindow, phu_lac: Plan) -> ProgressWindow:
    tab = window.plans_tab
    tab.select_plan(phu_lac.id)
    opened = tab.open_progress()
    assert isinstance(opened, ProgressWindow)
    return opened


def _close_message(texts: list[str]) -> None:
    """Note the text of the next message box and close it."""

    def act(widget: QWidget) -> None:
        assert isinstance(widget, QMessageBox)
        texts.append(widget.text())
        widget.accept()

    when_modal(act)


def _task(ws: Workspace, plan: Plan, number: str) -> TaskRow:
    return next(r for r in ws.progress_board(plan, TODAY).tasks if r.number == number)


# ---- models ------------------------------------------------------------------------------


def test_every_progress_model_passes_the_model_tester(
    qtmodeltester: ModelTester, samples: Workspace, phu_lac: Plan
) -> None:
    board = samples.progress_board(phu_lac, TODAY)
    samples.record_progress(
        phu_lac,
        board.campaigns[0].key,
        Report(participants=1250, figures={MEASURES[0]: 1.5, MEASURES[1]: 40}, note="Tốt"),
        dt.date(2025, 12, 8),
        today=TODAY,
    )
    seven = _task(samples, phu_lac, "7.1")
    samples.record_progress(
        phu_lac, seven.key, Report(TaskStatus.DONE, 100, "Đã gửi"), TODAY, today=TODAY
    )
    board = samples.progress_board(phu_lac, TODAY)

    tasks = TaskProgressTableModel()
    tasks.set_rows(board.overdue_first())
    units = UnitTallyTableModel()
    units.set_rows(board.by_unit())
    hamlets = HamletTallyTableModel()
    campaigns = CampaignProgressTableModel()
    for model in (hamlets, campaigns):
        model.set_measures(phu_lac.measures)
    hamlets.set_rows(board.by_hamlet())
    campaigns.set_rows(board.campaigns)
    log = ProgressLogTableModel()
    names: dict[str, str] = {u.id: u.name for u in samples.units()}
    hamlet_names: dict[str, str] = {h.id: h.name for h in samples.hamlets()}
    log.set_rows(log_lines(samples.progress_log(phu_lac), phu_lac, names, hamlet_names))
    for checked in (tasks, units, hamlets, campaigns, log):
        qtmodeltester.check(checked)

    assert tasks.index(0, TaskProgressTableModel.COL_STATE).data() == "Quá hạn"
    assert tasks.index(0, 0).data(Qt.ItemDataRole.BackgroundRole).color().name() == (
        OVERDUE_BACKGROUND
    )
    done = tasks.rowCount() - 1
    assert tasks.index(done, 0).data(ROW_ROLE).number == "7.1"
    assert tasks.index(done, TaskProgressTableModel.COL_PERCENT).data() == "100%"
    assert tasks.index(done, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert [units.headerData(i, Qt.Orientation.Horizontal) for i in range(6)] == [
        "Đơn vị",
        "Tổng số",
        "Quá hạn",
        "Đang thực hiện",
        "Chưa thực hiện",
        "Hoàn thành",
    ]
    headers = [campaigns.headerData(i, Qt.Orientation.Horizontal) for i in range(8)]
    assert headers == ["Xóm", "Đợt", "Ngày", "Tình trạng", "Số người", *MEASURES, "Ghi chú"]
    assert campaigns.index(0, 4).data() == "1.250"
    assert campaigns.index(0, campaigns.measure_column(MEASURES[0])).data() == "1,5"
    assert campaigns.index(1, campaigns.measure_column(MEASURES[0])).data() == ""
    quang_minh = [t.hamlet.name for t in board.by_hamlet()].index("Xóm Quang Minh")
    assert hamlets.index(quang_minh, hamlets.measure_column(MEASURES[1])).data() == "40"
    assert hamlets.index(0, hamlets.measure_column(MEASURES[1])).data() == "0"
    assert log.rowCount() == 2
    assert log.index(0, 1).data().startswith("7, kỳ hạn 10/01/2026. Định kỳ tổng hợp")
    assert log.index(1, 1).data() == "Xóm Quang Minh – Đợt 1 (06/12/2025)"
    assert "1.250 người tham gia" in log.index(1, ProgressLogTableModel.COL_RESULT).data()

    campaigns.set_measures(())  # the measures changed: the columns follow
    qtmodeltester.check(campaigns)
    assert campaigns.columnCount() == 6


def test_figures_read_as_vietnamese_numbers() -> None:
    assert [figure_text(v) for v in (None, 0, 40.0, 1.5, 1250.25, 2.0001)] == [
        "",
        "0",
        "40",
        "1,5",
        "1.250,25",
        "2",
    ]


# ---- the window --------------------------------------------------------------------------


# Bringing the window forward again: the offscreen platform cannot raise a window.
@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_the_window_opens_from_the_plans_tab_with_overdue_first(
    qtbot: QtBot, window: MainWindow, samples: Workspace, phu_lac: Plan
) -> None:
    tab = window.plans_tab
    tab.select_plan(phu_lac.id)
    assert tab.progress_button.isEnabled()
    tab.plans_view.setFocus()
    qtbot.keyClick(
        tab.plans_view,
        Qt.Key.Key_T,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    progress = tab.progress_windows[phu_lac.id]
    assert progress.isVisible()
    assert not progress.isModal()
    board = samples.progress_board(phu_lac, TODAY)
    assert board.counts_text() in progress.header.text()
    assert "Tổ chức thực hiện ra quân" in progress.header.text()
    states = [r.state for r in progress.tasks_model.rows()]
    assert states[0] is TaskState.OVERDUE
    overdue = states.count(TaskState.OVERDUE)
    assert overdue > 0
    assert set(states[:overdue]) == {TaskState.OVERDUE}
    assert progress.tabs.tabText(0) == f"Theo nhiệm vụ ({len(board.tasks)})"
    titles = [progress.tabs.tabText(i) for i in range(progress.tabs.count())]
    assert titles[1:3] == ["Theo đơn vị", "Theo xóm"]
    assert titles[3].startswith("Ra quân (")
    assert titles[4] == "Nhật ký (0)"
    assert progress.tabs.isTabVisible(2)
    assert progress.record_button.isEnabled()  # the first task is selected

    # The units tab and the hamlets tab.
    kinh_te = next(t for t in progress.units_model.rows() if t.unit.name == "Phòng Kinh tế")
    assert kinh_te.counts[TaskState.OVERDUE] > 0
    progress.tabs.setCurrentIndex(1)
    assert not progress.record_button.isEnabled()  # nothing to report on a count
    assert progress.hamlets_model.rowCount() == len(board.by_hamlet())

    # Asked again, the same window comes forward.
    tab.plans_view.setFocus()
    assert tab.open_progress() is progress

    # A plan without campaign days shows neither the hamlets nor the campaign days.
    tab.select_plan(sample_plan_id(samples, "kon_tum"))
    other = tab.open_progress()
    assert other is not None
    assert other is not progress
    assert not other.tabs.isTabVisible(2)
    assert not other.tabs.isTabVisible(3)
    assert not other.measures_button.isEnabled()

    # Nothing selected, nothing to open.
    type_text(tab.search, "không có kế hoạch nào như thế")
    assert not tab.progress_button.isEnabled()


def test_recording_a_report_updates_the_table_and_the_log(
    qtbot: QtBot, progress: ProgressWindow, samples: Workspace, phu_lac: Plan
) -> None:
    six = _task(samples, phu_lac, "6")
    assert progress.select_key(six.key)
    dialog = progress.record_report()
    assert isinstance(dialog, ReportEntryDialog)
    assert dialog.status.currentText() == "Chưa thực hiện"
    assert dialog.percent.text() == "(không ghi)"
    assert dialog.date.date() == QDate(2026, 11, 23)
    assert dialog.date.displayFormat() == "dd/MM/yyyy"
    dialog.status.setCurrentIndex(dialog.status.findText("Đang thực hiện"))
    dialog.percent.setValue(40)
    dialog.result_text.setFocus()
    type_text(dialog.result_text, "Đã họp triển khai ở 12 xóm")
    dialog.document.setText("Báo cáo số 03/BC-KT")
    dialog.reporter.setText("Nguyễn Văn An")
    with qtbot.waitSignal(progress.data_changed):
        dialog.accept()
    assert not dialog.isVisible()

    row = progress.selected_row()
    assert isinstance(row, TaskRow)
    assert row.key == six.key
    assert (row.state, row.percent, row.result) == (
        TaskState.IN_PROGRESS,
        40,
        "Đã họp triển khai ở 12 xóm",
    )
    [entry] = samples.progress_log(phu_lac)
    assert (entry.status, entry.percent, entry.reporter, entry.source) == (
        TaskStatus.IN_PROGRESS,
        40,
        "Nguyễn Văn An",
        "Nhập tay",
    )
    assert entry.reported_on == TODAY
    assert progress.log_model.rowCount() == 1
    assert progress.log_model.index(0, 2).data() == "Đang thực hiện"
    assert progress.log_model.index(0, 6).data() == "Nguyễn Văn An"
    assert progress.tabs.tabText(4) == "Nhật ký (1)"
    # The task's status is the reported one: the plan's task list shows it too.
    assert samples.get_plan(phu_lac.id).tasks[5].status is TaskStatus.IN_PROGRESS

    # Again: the dialog starts from the last report; "Hoàn thành" makes it 100%.
    again = progress.record_report()
    assert again is not None
    assert again.result_text.toPlainText() == "Đã họp triển khai ở 12 xóm"
    assert again.percent.value() == 40
    again.status.setCurrentIndex(again.status.findText("Hoàn thành"))
    assert again.percent.value() == 100
    again.reject()
    assert len(samples.progress_log(phu_lac)) == 1  # cancelled: nothing more


def test_a_campaign_day_report_with_the_measures(
    qtbot: QtBot, progress: ProgressWindow, samples: Workspace, phu_lac: Plan
) -> None:
    first = samples.progress_board(phu_lac, TODAY).campaigns[0]
    assert progress.select_key(first.key)
    assert progress.tabs.currentWidget() is progress.campaigns_view
    dialog = progress.record_report()
    assert dialog is not None
    assert list(dialog.figures) == list(MEASURES)
    dialog.participants.setValue(85)
    dialog.figures[MEASURES[0]].setValue(1.5)
    dialog.note.setText("Phát quang đường trục xóm")
    dialog.date.setDate(QDate(2025, 12, 8))
    dialog.accept()
    row = progress.selected_row()
    assert isinstance(row, CampaignRow)
    assert row.state is CampaignState.REPORTED
    assert (row.participants, row.figures) == (85, {MEASURES[0]: 1.5})
    model = progress.campaigns_model
    index = model.rows().index(row)
    assert model.index(index, model.measure_column(MEASURES[0])).data() == "1,5"
    assert model.index(index, model.measure_column(MEASURES[1])).data() == ""
    [entry] = samples.progress_log(phu_lac)
    assert entry.figures == {MEASURES[0]: 1.5}
    assert entry.reported_on == dt.date(2025, 12, 8)


def test_a_bad_value_shows_the_message_and_saves_nothing(
    qtbot: QtBot, progress: ProgressWindow, samples: Workspace, phu_lac: Plan
) -> None:
    dialog = progress.record_report()  # the first task is selected
    assert dialog is not None
    dialog.date.setDate(QDate(2025, 11, 1))  # before the plan was made
    seen: list[str] = []
    _close_message(seen)
    dialog.accept()
    assert "đứng trước ngày của kế hoạch" in seen[0]
    assert dialog.isVisible()  # stays open to be corrected
    dialog.date.setDate(QDate(2026, 12, 1))  # not yet come
    _close_message(seen)
    dialog.accept()
    assert "còn chưa đến" in seen[1]
    dialog.result_text.setPlainText("x" * 5000)
    dialog.date.setDate(QDate(2026, 11, 20))
    _close_message(seen)
    dialog.accept()
    assert "dài quá" in seen[2]
    assert samples.progress_log(phu_lac) == []
    assert progress.log_model.rowCount() == 0
    dialog.reject()


def test_with_nothing_selected_the_clerk_is_told_what_to_pick(
    qtbot: QtBot, progress: ProgressWindow
) -> None:
    progress.tabs.setCurrentWidget(progress.log_view)
    seen: list[str] = []
    _close_message(seen)
    assert progress.record_report() is None
    assert "Theo nhiệm vụ" in seen[0]


def test_the_measures_are_edited_one_a_line(
    qtbot: QtBot, progress: ProgressWindow, samples: Workspace, phu_lac: Plan
) -> None:
    dialog = progress.edit_measures()
    assert isinstance(dialog, MeasuresDialog)
    assert dialog.edit.toPlainText() == "\n".join(MEASURES)
    dialog.edit.setPlainText("Cây xanh trồng mới (cây)\ncây XANH trồng mới (CÂY)")
    seen: list[str] = []
    _close_message(seen)
    dialog.accept()
    assert "bị trùng" in seen[0]
    assert dialog.isVisible()
    assert samples.get_plan(phu_lac.id).measures == MEASURES
    dialog.edit.setPlainText("Rác thu gom (kg)\n\nCây xanh trồng mới (cây)\n")
    dialog.accept()
    assert samples.get_plan(phu_lac.id).measures == ("Rác thu gom (kg)", "Cây xanh trồng mới (cây)")
    model = progress.campaigns_model
    headers = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]
    assert headers[5:] == ["Rác thu gom (kg)", "Cây xanh trồng mới (cây)", "Ghi chú"]


# ---- sheets ------------------------------------------------------------------------------


def test_export_excel_asks_in_the_export_folder_and_writes_the_workbook(
    progress: ProgressWindow,
    samples: Workspace,
    phu_lac: Plan,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []
    target = tmp_path / "chosen" / "tien-do"  # no suffix typed: .xlsx is added
    target.parent.mkdir()

    def fake_dialog(_parent: QWidget, _title: str, start: str, _pattern: str) -> tuple[str, str]:
        asked.append(start)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_dialog)
    seen: list[str] = []
    _close_message(seen)
    written = progress.export_excel()
    assert written == target.with_suffix(".xlsx")
    assert Path(asked[0]).name == samples.sheet_file_name([phu_lac])
    assert Path(asked[0]).parent == tmp_path / "documents" / "Sổ theo dõi Kế hoạch"
    assert str(written) in seen[0]
    book = openpyxl.load_workbook(written)
    assert TASKS_SHEET in book.sheetnames
    assert samples.export_folder() == target.parent


def test_unit_sheets_go_to_the_chosen_folder_one_per_unit(
    qtbot: QtBot, progress: ProgressWindow, samples: Workspace, phu_lac: Plan, tmp_path: Path
) -> None:
    folder = tmp_path / "phieu"
    folder.mkdir()
    scopes = samples.sheet_scopes(phu_lac)
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
        _close_message(seen)
        ok.click()

    when_modal(choose)
    written = progress.export_unit_sheets()
    names = {samples.sheet_file_name([phu_lac], s) for s in (scopes[0], scopes[-1])}
    assert {p.name for p in written} == names
    assert {p.name for p in folder.iterdir()} == names
    assert seen[0].startswith("Đã xuất 2 phiếu vào thư mục:")
    assert str(folder) in seen[0]
    assert samples.export_folder() == folder


def _kinh_te_sheet(samples: Workspace, plan: Plan, tmp_path: Path) -> Path:
    scope = samples.unit_scope("Phòng Kinh tế")
    path = tmp_path / samples.sheet_file_name([plan], scope)
    return samples.export_xlsx([plan], path, scope, today=TODAY)


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
    six, seven = _task(samples, phu_lac, "6"), _task(samples, phu_lac, "7.1")

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
    _close_message(seen)
    with qtbot.waitSignal(progress.data_changed):
        assert dialog.apply() == 2
    assert seen == [f"Đã cập nhật 2 dòng từ {path.name}."]
    assert not dialog.isVisible()
    log = samples.progress_log(phu_lac)
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
    six = _task(samples, phu_lac, "6")
    _fill(path, lambda sheet, rows: sheet.__setitem__(f"H{rows[six.key.token()]}", 30))
    dialog = progress.import_sheet(path=path)
    assert dialog is not None
    dialog.reject()
    assert samples.progress_log(phu_lac) == []


def test_older_news_starts_unticked_with_its_warning(
    qtmodeltester: ModelTester,
    progress: ProgressWindow,
    samples: Workspace,
    phu_lac: Plan,
    tmp_path: Path,
) -> None:
    path = _kinh_te_sheet(samples, phu_lac, tmp_path)
    seven = _task(samples, phu_lac, "7.1")
    samples.record_progress(
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
    six, seven = _task(samples, phu_lac, "6"), _task(samples, phu_lac, "7.1")

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
    assert samples.progress_log(phu_lac) == []
    dialog.reject()


def test_a_file_that_is_no_sheet_gives_its_message(
    qtbot: QtBot, progress: ProgressWindow, tmp_path: Path
) -> None:
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"\x00junk" * 100)
    seen: list[str] = []
    _close_message(seen)
    assert progress.import_sheet(path=junk) is None
    assert "không phải bảng tính Excel" in seen[0]
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, ImportPreviewDialog)]
