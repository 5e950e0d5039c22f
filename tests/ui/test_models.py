"""Every table model passes Qt's model tester, on the sample data."""

import datetime as dt

import pytest
from pytestqt.modeltest import ModelTester

from desktop_app.domain.plans import TASK_STATUS_LABELS
from desktop_app.ui.models.assignments_table_model import AssignmentsTableModel
from desktop_app.ui.models.base import ROW_ROLE, SORT_ROLE
from desktop_app.ui.models.calendar_items_table_model import CalendarItemsTableModel
from desktop_app.ui.models.events_table_model import EventsTableModel
from desktop_app.ui.models.hamlets_table_model import HamletsTableModel
from desktop_app.ui.models.month_table_model import MonthTableModel
from desktop_app.ui.models.plans_table_model import PlansTableModel
from desktop_app.ui.models.tasks_table_model import TasksTableModel
from desktop_app.ui.models.units_table_model import UnitsTableModel
from desktop_app.workspace import Workspace
from tests.conftest import sample_plan_id

pytestmark = pytest.mark.gui


def test_plans_model(qtmodeltester: ModelTester, samples: Workspace) -> None:
    model = PlansTableModel()
    model.set_rows(samples.list_plans())
    qtmodeltester.check(model)
    assert model.rowCount() == 5
    assert model.index(0, 0).data(ROW_ROLE).id == samples.list_plans()[0].id


def test_plan_content_models(qtmodeltester: ModelTester, samples: Workspace) -> None:
    plan = samples.get_plan(sample_plan_id(samples, "phu_lac"))
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
    units.set_rows(samples.units())
    hamlets.set_rows(samples.hamlets())
    qtmodeltester.check(units)
    qtmodeltester.check(hamlets)
    assert hamlets.index(0, 0).data(SORT_ROLE) < hamlets.index(1, 0).data(SORT_ROLE)


def test_calendar_models(qtmodeltester: ModelTester, samples: Workspace) -> None:
    today = dt.date(2026, 11, 23)
    items = samples.month_items(2026, 12, today)
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


def test_month_shows_holidays(samples: Workspace) -> None:
    month = MonthTableModel()
    month.set_month(2026, 9, samples.month_items(2026, 9), dt.date(2026, 11, 23))
    assert "Quốc khánh" in month.index_of(dt.date(2026, 9, 2)).data()
