"""The plans' table models (list, tasks, events, and the editor's) pass Qt model tester."""

import pytest
from PySide6.QtCore import QModelIndex
from pytestqt.modeltest import ModelTester

from desktop_app.domain.ids import SectionId
from desktop_app.domain.plans import RECIPIENT_ROLE_LABELS, TASK_STATUS_LABELS, Section
from desktop_app.ui.common.table_model import ROW_ROLE
from desktop_app.ui.directory.assignments_table_model import AssignmentsTableModel
from desktop_app.ui.plans.appendices_table_model import AppendicesTableModel
from desktop_app.ui.plans.events_table_model import EventsTableModel
from desktop_app.ui.plans.plans_table_model import PlansTableModel
from desktop_app.ui.plans.recipients_table_model import RecipientsTableModel
from desktop_app.ui.plans.sections_tree_model import SectionsTreeModel
from desktop_app.ui.plans.tasks_table_model import TasksTableModel
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


def test_plan_editor_models(qtmodeltester: ModelTester, samples: Workspace) -> None:
    plan = samples.plans.get(sample_plan_id(samples, "phu_lac"))
    sections, recipients, appendices = (
        SectionsTreeModel(),
        RecipientsTableModel(),
        AppendicesTableModel(),
    )
    sections.set_sections(plan.sections)
    recipients.set_rows(plan.recipients)
    appendices.set_rows(plan.appendices)
    for model in (sections, recipients, appendices):
        qtmodeltester.check(model)
    assert sections.rowCount() == len(plan.sections)
    second = sections.index(1, 0)
    assert second.data() == plan.sections[1].label
    assert sections.index(1, 1).data() == plan.sections[1].title
    assert sections.rowCount(second) == len(plan.sections[1].children)
    child = sections.index(0, 0, second)
    assert sections.path(child) == (1, 0)
    assert sections.parent(child) == second
    assert sections.index_of((1, 0)) == child
    assert recipients.rowCount() == len(plan.recipients)
    assert recipients.index(0, 0).data() == plan.recipients[0].text
    assert recipients.index(0, 2).data() == RECIPIENT_ROLE_LABELS[plan.recipients[0].role]
    assert appendices.rowCount() == len(plan.appendices)
    assert appendices.index(0, 0).data(ROW_ROLE) == plan.appendices[0]


def test_a_new_section_reads_as_new(qtmodeltester: ModelTester) -> None:
    model = SectionsTreeModel()
    model.set_sections((Section(SectionId("s1"), "I.", ""),))
    qtmodeltester.check(model)
    assert model.index(0, 1).data() == "(mục mới)"
    assert model.path(QModelIndex()) is None
    assert not model.index_of((3,)).isValid()
