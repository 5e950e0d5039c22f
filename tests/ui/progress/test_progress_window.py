"""The progress window of a plan: opening it, recording reports, the measures."""

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from desktop_app.domain.plans import Plan, TaskStatus
from desktop_app.domain.progress import (
    CampaignRow,
    CampaignState,
    TaskRow,
    TaskState,
)
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.progress.progress_dialogs import (
    MeasuresDialog,
    ReportEntryDialog,
)
from desktop_app.ui.progress.progress_window import ProgressWindow
from desktop_app.workspace import Workspace
from tests.conftest import sample_plan_id
from tests.ui.conftest import TODAY, close_message, type_text
from tests.ui.progress.helpers import MEASURES, task_row

pytestmark = pytest.mark.gui


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
    board = samples.progress.board(phu_lac, TODAY)
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
    six = task_row(samples, phu_lac, "6")
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
    [entry] = samples.progress.log(phu_lac)
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
    assert samples.plans.get(phu_lac.id).tasks[5].status is TaskStatus.IN_PROGRESS

    # Again: the dialog starts from the last report; "Hoàn thành" makes it 100%.
    again = progress.record_report()
    assert again is not None
    assert again.result_text.toPlainText() == "Đã họp triển khai ở 12 xóm"
    assert again.percent.value() == 40
    again.status.setCurrentIndex(again.status.findText("Hoàn thành"))
    assert again.percent.value() == 100
    again.reject()
    assert len(samples.progress.log(phu_lac)) == 1  # cancelled: nothing more


def test_a_campaign_day_report_with_the_measures(
    qtbot: QtBot, progress: ProgressWindow, samples: Workspace, phu_lac: Plan
) -> None:
    first = samples.progress.board(phu_lac, TODAY).campaigns[0]
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
    [entry] = samples.progress.log(phu_lac)
    assert entry.figures == {MEASURES[0]: 1.5}
    assert entry.reported_on == dt.date(2025, 12, 8)


def test_a_bad_value_shows_the_message_and_saves_nothing(
    qtbot: QtBot, progress: ProgressWindow, samples: Workspace, phu_lac: Plan
) -> None:
    dialog = progress.record_report()  # the first task is selected
    assert dialog is not None
    dialog.date.setDate(QDate(2025, 11, 1))  # before the plan was made
    seen: list[str] = []
    close_message(seen)
    dialog.accept()
    assert "đứng trước ngày của kế hoạch" in seen[0]
    assert dialog.isVisible()  # stays open to be corrected
    dialog.date.setDate(QDate(2026, 12, 1))  # not yet come
    close_message(seen)
    dialog.accept()
    assert "còn chưa đến" in seen[1]
    dialog.result_text.setPlainText("x" * 5000)
    dialog.date.setDate(QDate(2026, 11, 20))
    close_message(seen)
    dialog.accept()
    assert "dài quá" in seen[2]
    assert samples.progress.log(phu_lac) == []
    assert progress.log_model.rowCount() == 0
    dialog.reject()


def test_with_nothing_selected_the_clerk_is_told_what_to_pick(
    qtbot: QtBot, progress: ProgressWindow
) -> None:
    progress.tabs.setCurrentWidget(progress.log_view)
    seen: list[str] = []
    close_message(seen)
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
    close_message(seen)
    dialog.accept()
    assert "bị trùng" in seen[0]
    assert dialog.isVisible()
    assert samples.plans.get(phu_lac.id).measures == MEASURES
    dialog.edit.setPlainText("Rác thu gom (kg)\n\nCây xanh trồng mới (cây)\n")
    dialog.accept()
    assert samples.plans.get(phu_lac.id).measures == (
        "Rác thu gom (kg)",
        "Cây xanh trồng mới (cây)",
    )
    model = progress.campaigns_model
    headers = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]
    assert headers[5:] == ["Rác thu gom (kg)", "Cây xanh trồng mới (cây)", "Ghi chú"]
