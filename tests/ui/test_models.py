"""Every table model passes Qt's model tester, on the sample data."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from desktop_app.domain.calendar import ItemState
from desktop_app.domain.holidays import OfficeDayKind
from desktop_app.domain.plans import TASK_STATUS_LABELS
from desktop_app.ui.models.assignments_table_model import AssignmentsTableModel
from desktop_app.ui.models.base import ROW_ROLE, SORT_ROLE
from desktop_app.ui.models.calendar_items_table_model import CalendarItemsTableModel
from desktop_app.ui.models.events_table_model import EventsTableModel
from desktop_app.ui.models.hamlets_table_model import HamletsTableModel
from desktop_app.ui.models.month_table_model import (
    CELL_ROLE,
    HOLIDAY_COLOUR,
    STATE_COLOURS,
    MonthTableModel,
    plan_colour,
)
from desktop_app.ui.models.plans_table_model import PlansTableModel
from desktop_app.ui.models.tasks_table_model import TasksTableModel
from desktop_app.ui.models.units_table_model import UnitsTableModel
from desktop_app.workspace import Workspace
from tests.conftest import sample_plan_id

pytestmark = pytest.mark.gui


def test_plans_model(qtmodeltester: ModelTester, samples: Workspace) -> None:
    model = PlansTableModel()
    model.set_rows(samples.plans.summaries())
    qtmodeltester.check(model)
    assert model.rowCount() == 5
    assert model.index(0, 0).data(ROW_ROLE).id == samples.plans.summaries()[0].id


def test_plan_content_models(qtmodeltester: ModelTester, samples: Workspace) -> None:
    plan = samples.plans.get(sample_plan_id(samples, "phu_lac"))
    tasks, events, assignments = TasksTableModel(), EventsTableModel(), AssignmentsTableModel()
    tasks.set_rows(plan.tasks)
    events.set_rows(plan.events)
    assignments.set_rows(plan.assignments)
    for model in (tasks, events, assignments):
        qtmodeltester.check(model)
    assert events.index(0, 1).data() == "Thứ Bảy"
    assert events.index(0, 2).data() == "06/12/2025"
    assert assignments.index(3, 1).data() == (
        "Xóm Khu 1, Xóm Khu 2, Xóm Đồng Vòng, Xóm 11, Xóm 11A"
    )
    assert tasks.index(0, 5).data() in TASK_STATUS_LABELS.values()


def test_directory_models(qtmodeltester: ModelTester, samples: Workspace) -> None:
    units, hamlets = UnitsTableModel(), HamletsTableModel()
    units.set_rows(samples.directory.units())
    hamlets.set_rows(samples.directory.hamlets())
    qtmodeltester.check(units)
    qtmodeltester.check(hamlets)
    assert hamlets.index(0, 0).data(SORT_ROLE) < hamlets.index(1, 0).data(SORT_ROLE)


def test_calendar_models(qtmodeltester: ModelTester, samples: Workspace) -> None:
    today = dt.date(2026, 11, 23)
    items = samples.calendar.month_items(2026, 12, today)
    month = MonthTableModel()
    month.set_month(2026, 12, items, today)
    qtmodeltester.check(month)
    cell = month.index_of(dt.date(2026, 12, 5))
    assert "Đợt 13" in cell.data()
    assert "◆ Hạn: Phòng Kinh tế" in month.index_of(dt.date(2026, 12, 10)).data()
    outside_month = month.index_of(dt.date(2026, 9, 2))
    assert not outside_month.isValid()
    listing = CalendarItemsTableModel()
    listing.set_rows(items)
    qtmodeltester.check(listing)


def test_month_shows_days_off_and_lunar_dates(samples: Workspace) -> None:
    month = MonthTableModel()
    samples.calendar.save_office_day(dt.date(2026, 9, 12), OfficeDayKind.WORKDAY, "Làm bù")
    first, last = dt.date(2026, 8, 31), dt.date(2026, 10, 11)
    month.set_month(
        2026,
        9,
        samples.calendar.month_items(2026, 9),
        dt.date(2026, 11, 23),
        days_off=samples.calendar.days_off(first, last),
        workdays=samples.calendar.workdays(first, last),
    )
    national_day = month.index_of(dt.date(2026, 9, 2))
    assert "Quốc khánh" in national_day.data()
    # 02/9/2026 is the 21st day of the 7th lunar month.
    assert national_day.data().startswith("2 (21/7)")
    cell = national_day.data(CELL_ROLE)
    assert cell.day_off == "Quốc khánh"
    assert cell.lines[0].colour == HOLIDAY_COLOUR
    assert "Ngày làm bù" in month.index_of(dt.date(2026, 9, 12)).data()
    assert "Âm lịch: ngày 21 tháng 7 năm Bính Ngọ" in national_day.data(Qt.ItemDataRole.ToolTipRole)


def test_month_lines_are_coloured_by_state_or_by_plan(samples: Workspace) -> None:
    month = MonthTableModel()
    today = dt.date(2026, 12, 8)
    month.set_month(2026, 12, samples.calendar.month_items(2026, 12, today), today)
    lines = month.index_of(dt.date(2026, 12, 5)).data(CELL_ROLE).lines
    by_state = {line.text: line.colour for line in lines}
    assert by_state["● Đợt 13"] == STATE_COLOURS[ItemState.DONE]  # an event already past
    deadline = next(text for text in by_state if text.startswith("◆"))
    assert by_state[deadline] == STATE_COLOURS[ItemState.OVERDUE]  # "trước ngày 05": late
    month.set_colour_by_plan(True)
    by_plan = {line.colour for line in month.index_of(dt.date(2026, 12, 5)).data(CELL_ROLE).lines}
    phu_lac = sample_plan_id(samples, "phu_lac")
    assert by_plan == {plan_colour(phu_lac)}


def test_the_last_month_the_lunar_calendar_covers_still_shows() -> None:
    # December 2199's grid runs into January 2200, past the lunar calendar's range.
    month = MonthTableModel()
    month.set_month(2199, 12, [], dt.date(2026, 11, 23))
    assert month.index_of(dt.date(2199, 12, 31)).data(CELL_ROLE).lunar
    assert month.index_of(dt.date(2200, 1, 1)).data(CELL_ROLE).lunar == ""
    assert "Âm lịch" not in month.index_of(dt.date(2200, 1, 1)).data(Qt.ItemDataRole.ToolTipRole)
