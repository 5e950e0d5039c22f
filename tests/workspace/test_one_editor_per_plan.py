"""Two windows, or a window and the command line, on one workspace (issue 22).

Each save compares the plan with the one the editor opened inside its write transaction
(BEGIN IMMEDIATE, compare, write): a save whose base is stale is refused with both
versions, never silently overwriting the other's edit.
"""

import dataclasses
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

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
