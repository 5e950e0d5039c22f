"""The plan list, task and event table models pass Qt model tester, on the sample data."""

import pytest
from pytestqt.modeltest import ModelTester

from desktop_app.domain.plans import TASK_STATUS_LABELS
from desktop_app.ui.common.table_model import ROW_ROLE
from desktop_app.ui.directory.assignments_table_model import AssignmentsTableModel
from desktop_app.ui.plans.events_table_model import EventsTableModel
from desktop_app.ui.plans.plans_table_model import PlansTableModel
from desktop_app.ui.plans.tasks_table_model import TasksTableModel
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
