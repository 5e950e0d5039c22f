"""The month and calendar item models: Qt model tester, days off, lunar dates, colours."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from desktop_app.domain.calendar import WEEKDAY_NAMES, ItemState
from desktop_app.domain.holidays import OfficeDayKind
from desktop_app.ui.calendar.calendar_items_table_model import CalendarItemsTableModel
from desktop_app.ui.calendar.days_off_table_model import DayOffRow, DaysOffTableModel
from desktop_app.ui.calendar.month_table_model import (
    CELL_ROLE,
    HOLIDAY_COLOUR,
    STATE_COLOURS,
    MonthTableModel,
    plan_colour,
)
from desktop_app.workspace import Workspace
from tests.conftest import sample_plan_id

pytestmark = pytest.mark.gui


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


def test_days_off_model(qtmodeltester: ModelTester) -> None:
    model = DaysOffTableModel()
    model.set_rows(
        [
            DayOffRow(dt.date(2026, 1, 1), "Ngày lễ", "Tết Dương lịch"),
            DayOffRow(dt.date(2026, 2, 21), "Nghỉ bù", "Nghỉ bù Tết", "o1"),
        ]
    )
    qtmodeltester.check(model)
    assert [model.index(1, c).data() for c in range(4)] == [
        "21/02/2026",
        WEEKDAY_NAMES[dt.date(2026, 2, 21).weekday()],
        "Nghỉ bù",
        "Nghỉ bù Tết",
    ]
    assert model.row_object(0).office_id == ""
