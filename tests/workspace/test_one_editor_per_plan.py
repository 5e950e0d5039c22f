"""Two windows, or a window and the command line, on one workspace (issue 22).

Each save compares the plan with the one the editor opened inside its write transaction
(BEGIN IMMEDIATE, compare, write): a save whose base is stale is refused with both
versions, never silently overwriting the other's edit.
"""

import dataclasses
import datetime as dt
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import openpyxl
import pytest

from desktop_app.domain.ids import TaskId
from desktop_app.domain.plans import PlanStatus, TaskStatus
from desktop_app.workspace import Workspace
from desktop_app.workspace.plans import StaleEditError
from tests.conftest import sample_plan_id


def test_an_edit_saved_elsewhere_between_the_check_and_the_write_is_not_overwritten(
    samples_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window_a = Workspace.open(samples_path, device="a")
    window_b = Workspace.open(samples_path, device="b")
    plan_id = sample_plan_id(window_a, "phu_lac")
    opened = window_a.plans.get(plan_id)
    real = window_a.store.transaction

    def other_window_saves_first() -> AbstractContextManager[None]:
        theirs = window_b.plans.get(plan_id)
        window_b.plans.save_edited(dataclasses.replace(theirs, notes="Sửa ở cửa sổ B"), theirs)
        return real()

    monkeypatch.setattr(window_a.store, "transaction", other_window_saves_first)
    with pytest.raises(StaleEditError, match="vừa được sửa ở nơi khác") as stale:
        window_a.plans.save_edited(dataclasses.replace(opened, title="Sửa ở cửa sổ A"), opened)
    monkeypatch.undo()
    assert stale.value.theirs is not None
    assert stale.value.theirs.notes == "Sửa ở cửa sổ B"
    assert stale.value.mine.title == "Sửa ở cửa sổ A"
    assert window_a.plans.get(plan_id).notes == "Sửa ở cửa sổ B"
    # The clerk chooses: keep mine, made on top of theirs.
    window_a.plans.save_edited(stale.value.mine, stale.value.theirs)
    kept = window_b.plans.get(plan_id)
    assert kept.title == "Sửa ở cửa sổ A"
    assert window_a.store.history_count("plans", plan_id) >= 2  # B's version is in history
    window_a.close()
    window_b.close()


@pytest.mark.parametrize("what", ["status", "reopen", "move_event", "event_rule"])
def test_a_change_worked_out_from_the_stored_plan_builds_on_an_edit_saved_a_moment_before(
    samples_path: Path, monkeypatch: pytest.MonkeyPatch, what: str
) -> None:
    """Issue, reopen, a status, a moved event: read inside the write lock, so nothing is undone."""
    window_a = Workspace.open(samples_path, device="a")
    window_b = Workspace.open(samples_path, device="b")
    plan_id = sample_plan_id(window_a, "phu_lac")
    real = window_a.store.transaction

    def other_window_saves_first() -> AbstractContextManager[None]:
        theirs = window_b.plans.get(plan_id)
        window_b.plans.save_edited(dataclasses.replace(theirs, notes="Sửa ở cửa sổ B"), theirs)
        return real()

    monkeypatch.setattr(window_a.store, "transaction", other_window_saves_first)
    plan = window_a.plans.get(plan_id)
    event = plan.events[0]
    changes = {
        "status": lambda: window_a.plans.set_status(plan_id, PlanStatus.DONE),
        "reopen": lambda: window_a.plans.reopen(plan_id),
        "move_event": lambda: window_a.calendar.move_event(
            plan_id, event.id, event.date + dt.timedelta(days=1), "Trùng ngày lễ"
        ),
        "event_rule": lambda: window_a.calendar.add_event_rule(
            plan_id, "ngày 15 hằng tháng từ tháng 1/2026 đến hết tháng 3/2026"
        ),
    }
    changed = changes[what]()
    monkeypatch.undo()
    assert changed.notes == "Sửa ở cửa sổ B"
    assert window_b.plans.get(plan_id) == changed
    window_a.close()
    window_b.close()


_OTHER_PROCESS = textwrap.dedent(
    """
    import dataclasses, sys
    from pathlib import Path
    from desktop_app.workspace import Workspace
    ws = Workspace.open(Path(sys.argv[1]), device="process-2")
    plan = ws.plans.get(sys.argv[2])
    ws.plans.save_edited(dataclasses.replace(plan, notes="Sửa ở tiến trình 2"), plan)
    ws.close()
    """
)


@pytest.fixture
def first_process(samples_path: Path) -> Iterator[Workspace]:
    ws = Workspace.open(samples_path, device="process-1")
    yield ws
    ws.close()


def test_two_processes_editing_one_plan_the_second_save_is_refused(
    first_process: Workspace, samples_path: Path
) -> None:
    plan_id = sample_plan_id(first_process, "kon_tum")
    opened = first_process.plans.get(plan_id)
    subprocess.run(
        [sys.executable, "-c", _OTHER_PROCESS, str(samples_path), plan_id],
        check=True,
        cwd=Path(__file__).resolve().parents[2],
        timeout=120,
    )
    with pytest.raises(StaleEditError) as stale:
        first_process.plans.save_edited(dataclasses.replace(opened, title="Tiến trình 1"), opened)
    assert "Kế hoạch này vừa được sửa ở nơi khác" in stale.value.message
    plan = first_process.plans.get(plan_id)
    assert plan.notes == "Sửa ở tiến trình 2"  # nothing lost
    assert plan.title == opened.title


def test_a_command_line_edit_while_the_window_is_open_makes_the_windows_save_stale(
    first_process: Workspace, samples_path: Path, tmp_path: Path
) -> None:
    """The command line follows the same rule: the window, holding the plan open, is told."""
    plan_id = sample_plan_id(first_process, "phu_lac")
    opened = first_process.plans.get(plan_id)
    sheet = first_process.progress.export_xlsx([opened], tmp_path / "phieu.xlsx")
    book = openpyxl.load_workbook(sheet)
    tasks = book["Nhiệm vụ"]
    row = next(r for r in range(6, tasks.max_row + 1) if str(tasks[f"A{r}"].value)[:2] == "T:")
    task_id = TaskId(str(tasks[f"A{row}"].value).split(":")[1])
    tasks[f"G{row}"] = "Hoàn thành"
    book.save(sheet)
    command = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--db", str(samples_path), "import-xlsx", str(sheet)],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert command.returncode == 0, command.stderr
    assert "Đã cập nhật 1 dòng." in command.stdout

    edited = dataclasses.replace(opened, notes="Sửa trong cửa sổ")
    with pytest.raises(StaleEditError, match="vừa được sửa ở nơi khác") as stale:
        first_process.plans.save_edited(edited, opened)
    assert stale.value.theirs is not None
    done = {t.id: t.status for t in stale.value.theirs.tasks}[task_id]
    assert done is TaskStatus.DONE
    # The clerk keeps the window's version on top of the command line's: nothing is lost.
    first_process.plans.save_edited(
        dataclasses.replace(stale.value.theirs, notes="Sửa trong cửa sổ"), stale.value.theirs
    )
    kept = first_process.plans.get(plan_id)
    assert kept.notes == "Sửa trong cửa sổ"
    assert {t.id: t.status for t in kept.tasks}[task_id] is TaskStatus.DONE
