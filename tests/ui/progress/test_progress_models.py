"""The progress window's table models: model tester, Vietnamese numbers."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from desktop_app.domain.plans import Plan, TaskStatus
from desktop_app.domain.progress import (
    Report,
)
from desktop_app.ui.common.table_model import ROW_ROLE
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
from desktop_app.workspace import Workspace
from tests.ui.conftest import TODAY
from tests.ui.progress.helpers import MEASURES, task_row

pytestmark = pytest.mark.gui


def test_every_progress_model_passes_the_model_tester(
    qtmodeltester: ModelTester, samples: Workspace, phu_lac: Plan
) -> None:
    board = samples.progress.board(phu_lac, TODAY)
    samples.progress.record(
        phu_lac,
        board.campaigns[0].key,
        Report(participants=1250, figures={MEASURES[0]: 1.5, MEASURES[1]: 40}, note="Tốt"),
        dt.date(2025, 12, 8),
        today=TODAY,
    )
    seven = task_row(samples, phu_lac, "7.1")
    samples.progress.record(
        phu_lac, seven.key, Report(TaskStatus.DONE, 100, "Đã gửi"), TODAY, today=TODAY
    )
    board = samples.progress.board(phu_lac, TODAY)

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
    names: dict[str, str] = {u.id: u.name for u in samples.directory.units()}
    hamlet_names: dict[str, str] = {h.id: h.name for h in samples.directory.hamlets()}
    log.set_rows(log_lines(samples.progress.log(phu_lac), phu_lac, names, hamlet_names))
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
