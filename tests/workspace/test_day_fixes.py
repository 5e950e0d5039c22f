"""The day's fixes seen through the workspace: a draft's deadlines, undated wordings, names."""

import dataclasses
import datetime as dt
from pathlib import Path

from docx import Document

from desktop_app.domain.calendar import ItemKind, ItemState
from desktop_app.domain.deadline_parser import read_deadline
from desktop_app.domain.deadlines import Deadline, DeadlineKind
from desktop_app.domain.ids import AppendixId, PlanId, TaskId
from desktop_app.domain.plans import (
    Appendix,
    AppendixKind,
    Issuer,
    Plan,
    PlanStatus,
    System,
    Task,
    TaskStatus,
)
from desktop_app.domain.progress import TaskState
from desktop_app.workspace import Workspace
from desktop_app.workspace.documents import DocumentKind

D = dt.date
TODAY = D(2026, 11, 23)
TITLE = "Tổ chức ra quân làm đường giao thông nông thôn trên địa bàn xã năm 2026"


def _plan(status: PlanStatus, number: int | None = None) -> Plan:
    return Plan(
        id=PlanId(f"plan-{status.value}"),
        system=System.STATE,
        issuer=Issuer("ỦY BAN NHÂN DÂN XÃ PHÚ LẠC"),
        title=TITLE,
        symbol="KH-UBND",
        number=number,
        place="Phú Lạc",
        date=D(2026, 10, 1),
        status=status,
        tasks=(
            Task(
                TaskId(f"late-{status.value}"),
                "Rà soát các tuyến đường",
                deadline=Deadline(
                    DeadlineKind.DATE, text="trước ngày 01/11/2026", on=D(2026, 11, 1), before=True
                ),
            ),
            Task(
                TaskId(f"undated-{status.value}"),
                "Vận động nhân dân hiến đất",
                deadline=read_deadline("khi có hướng dẫn của huyện"),
            ),
        ),
    )


def test_a_drafts_deadlines_are_not_overdue_but_an_issued_plans_are(workspace: Workspace) -> None:
    draft = workspace.plans.save(_plan(PlanStatus.DRAFT))
    issued = workspace.plans.save(_plan(PlanStatus.IN_PROGRESS, number=12))
    items = workspace.calendar.items(D(2026, 10, 1), D(2026, 12, 31), TODAY)
    states = {i.plan_id: i.state for i in items if i.kind is ItemKind.DEADLINE}
    assert states == {draft.id: ItemState.DUE, issued.id: ItemState.OVERDUE}
    overdue = workspace.calendar.agenda(TODAY).overdue
    assert [i.plan_id for i in overdue] == [issued.id]
    assert workspace.progress.board(draft, TODAY).count(TaskState.OVERDUE) == 0
    assert workspace.progress.board(issued, TODAY).count(TaskState.OVERDUE) == 1


def test_a_numberless_plan_is_named_by_title_and_date_on_the_calendar_and_in_files(
    workspace: Workspace,
) -> None:
    draft = workspace.plans.save(_plan(PlanStatus.DRAFT))
    items = workspace.calendar.items(D(2026, 10, 1), D(2026, 12, 31), TODAY)
    names = {i.plan_reference for i in items}
    assert names == {
        "\u201cTổ chức ra quân làm đường giao thông nông thôn trên địa…\u201d ngày 01/10/2026"
    }
    name = workspace.documents.file_name(draft, DocumentKind.PLAN)
    assert "KH-UBND" not in name
    assert "chua-so-to-chuc-ra-quan" in name
    sheet = workspace.progress.sheet_file_name([draft])
    assert "chua-so-to-chuc" in sheet


def test_an_undated_wording_is_kept_through_storage_the_board_and_the_word_plan(
    workspace: Workspace, tmp_path: Path
) -> None:
    appendix = Appendix(AppendixId("tasks"), AppendixKind.TASKS, "Danh mục nhiệm vụ")
    plan = _plan(PlanStatus.IN_PROGRESS, number=12)
    plan = workspace.plans.save(dataclasses.replace(plan, appendices=(appendix,)))
    again = workspace.plans.get(plan.id)
    undated = again.tasks[1].deadline
    assert undated == Deadline(DeadlineKind.UNDATED, text="khi có hướng dẫn của huyện")
    board = workspace.progress.board(again, TODAY)
    row = next(r for r in board.tasks if r.task.id == again.tasks[1].id)
    assert row.due is None
    assert row.state is TaskState.NOT_STARTED
    assert row.deadline_text == "khi có hướng dẫn của huyện"
    assert board.undated() == [row]
    assert "chưa xác định ngày 1" in board.counts_text()
    assert "1 việc chưa xác định ngày" in workspace.calendar.startup_message(TODAY)
    out = workspace.documents.export_docx(again, tmp_path / "kh.docx")
    text = "\n".join(c.text for t in Document(str(out)).tables for r in t.rows for c in r.cells)
    text += "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "khi có hướng dẫn của huyện" in text


def test_a_done_undated_task_is_not_counted(workspace: Workspace) -> None:
    plan = _plan(PlanStatus.IN_PROGRESS, number=12)
    tasks = (plan.tasks[0], dataclasses.replace(plan.tasks[1], status=TaskStatus.DONE))
    workspace.plans.save(dataclasses.replace(plan, tasks=tasks))
    assert "chưa xác định ngày" not in workspace.calendar.startup_message(TODAY)
