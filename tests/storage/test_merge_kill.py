"""A save, a merge and a backup killed at any point leave a sound file that lost nothing.

The child process says where it is (a line on stdout) and waits for a go-ahead before each
step, so the test kills it at a chosen step, not after a share of a measured time: the
outcome cannot depend on how busy the machine is. The steps are chosen by a seeded
generator, so a failure comes back the same way.
"""

import random
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.workspace import Workspace
from tests.conftest import sample_plan_id
from tests.storage.exchange_helpers import Snapshot, snapshot

ROOT = Path(__file__).resolve().parents[2]
SEED = 22

# Every child: `pause(name)` prints the step and waits for a line on stdin ("go"). The test
# kills it instead of answering when the step is the chosen one.
_PAUSE = """
import sys
import threading
# A merge's backup pauses in its own thread: one pause at a time, or two threads reading
# stdin at once could take each other's line.
_one_at_a_time = threading.Lock()
def pause(name):
    with _one_at_a_time:
        print(name, flush=True)
        if sys.stdin.readline().strip() != "go":
            sys.exit(3)
"""

MERGE_CHILD = _PAUSE + textwrap.dedent(
    """
    from pathlib import Path
    from desktop_app.storage import backups
    from desktop_app.workspace import Workspace

    ws = Workspace.open(Path(sys.argv[1]), device="pc-b")
    preview = ws.exchange.preview(Path(sys.argv[2]))
    # The backup's copy runs in a thread of its own, beside the merge's steps.
    real_copy = backups._copy_stoppable
    def copy(*args, **kwargs):
        pause("backup")
        real_copy(*args, **kwargs)
        pause("backup-done")
    backups._copy_stoppable = copy
    from desktop_app.workspace.backup_checks import BACKUP_WAIT_REPORT
    def progress(i, total, text):
        # The reports while the merge waits for its backup come as often as time passes:
        # not steps that each run has.
        if (i, total, text) != BACKUP_WAIT_REPORT:
            pause(f"step {i}/{total}")
    ws.exchange.merge(preview, progress=progress)
    pause("committed")
    ws.close()
    """
)

SAVE_CHILD = _PAUSE + textwrap.dedent(
    """
    import dataclasses
    from pathlib import Path
    from desktop_app.storage import rows
    from desktop_app.workspace import Workspace

    ws = Workspace.open(Path(sys.argv[1]), device="pc-b")
    plan_id = sys.argv[2]
    real_put = rows.RowWriter.put
    def put(self, table, row, reason="edit"):
        done = real_put(self, table, row, reason)
        if done:
            pause(f"wrote {table}")
        return done
    rows.RowWriter.put = put
    for n in range(1, 4):
        plan = ws.plans.get(plan_id)
        ws.plans.save_edited(dataclasses.replace(plan, notes=f"Lần sửa {n}"), plan)
        pause(f"committed {n}")
    ws.close()
    """
)

BACKUP_CHILD = _PAUSE + textwrap.dedent(
    """
    import os
    from pathlib import Path
    from desktop_app.storage import backups
    from desktop_app.workspace import Workspace

    ws = Workspace.open(Path(sys.argv[1]), device="pc-b")
    real_replace, real_fsync = os.replace, os.fsync
    def fsync(fd):
        pause("flush")
        real_fsync(fd)
    def replace(src, dst):
        pause("rename")
        real_replace(src, dst)
        pause("renamed")
    backups.os.fsync, backups.os.replace = fsync, replace
    ws.exchange.backup_now()
    pause("done")
    ws.close()
    """
)


class Child:
    """A child process that stops at each step until told to go on."""

    def __init__(self, script: str, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", script, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )

    def steps(self) -> Iterator[str]:
        """The steps as the child reaches them; each waits until the next is asked for."""
        assert self.process.stdout is not None
        assert self.process.stdin is not None
        while line := self.process.stdout.readline():
            yield line.strip()
            self.process.stdin.write("go\n")
            self.process.stdin.flush()

    def run_to_end(self) -> list[str]:
        seen = list(self.steps())
        _out, err = self.process.communicate(timeout=120)
        assert self.process.returncode == 0, err
        return seen

    def kill_at(self, wanted: str) -> None:
        for step in self.steps():
            if step == wanted:
                self.process.kill()
                break
        self.process.communicate(timeout=60)


def _state(path: Path) -> tuple[Snapshot, bool]:
    ws = Workspace.open(path, device="check")
    try:
        return snapshot(ws), ws.exchange.check_db().ok
    finally:
        ws.close()


def _chosen(steps: list[str], count: int, must: tuple[str, ...]) -> list[str]:
    """Some steps picked by the seeded generator, with the ones that must be tried."""
    picked = random.Random(SEED).sample(steps, min(count, len(steps)))
    return list(dict.fromkeys([*must, *picked]))


@pytest.mark.slow
def test_a_merge_killed_at_any_step_is_all_or_nothing(samples_path: Path, tmp_path: Path) -> None:
    start = tmp_path / "start.sqlite"
    shutil.copy2(samples_path, start)
    # PC A: the common start plus copied plans, so the merge has many steps.
    a_path = tmp_path / "a.sqlite"
    shutil.copy2(start, a_path)
    a = Workspace.open(a_path, device="pc-a")
    for key in ("phu_lac", "kon_tum", "nhu_khe", "tan_ky", "huyen_uy"):
        plan_id = sample_plan_id(a, key)
        for years in range(1, 5):
            a.plans.duplicate(plan_id, years)
    package = a.exchange.pack(tmp_path / "a.skh").path
    a.close()

    before, ok = _state(start)
    assert ok
    whole = tmp_path / "whole.sqlite"
    shutil.copy2(start, whole)
    steps = Child(MERGE_CHILD, str(whole), str(package)).run_to_end()
    after, ok = _state(whole)
    assert ok
    assert len(after["plans"]) == len(before["plans"]) + 20
    assert "backup" in steps
    assert "backup-done" in steps
    assert steps[-1] == "committed"

    for step in _chosen(steps, 6, must=("backup", "backup-done", steps[-2], "committed")):
        db = tmp_path / "killed.sqlite"
        shutil.copy2(start, db)
        Child(MERGE_CHILD, str(db), str(package)).kill_at(step)
        state, ok = _state(db)
        assert ok, step
        assert state == (after if step == "committed" else before), step
        for leftover in db.parent.glob("killed.sqlite*"):
            leftover.unlink()


@pytest.mark.slow
def test_a_save_killed_at_any_step_keeps_every_committed_edit(
    samples_path: Path, tmp_path: Path
) -> None:
    ws = Workspace.open(samples_path, device="x")
    plan_id = sample_plan_id(ws, "tan_ky")
    opened_notes = ws.plans.get(plan_id).notes
    ws.close()
    whole = tmp_path / "whole.sqlite"
    shutil.copy2(samples_path, whole)
    steps = Child(SAVE_CHILD, str(whole), plan_id).run_to_end()
    assert [s for s in steps if s.startswith("committed")] == [f"committed {n}" for n in (1, 2, 3)]

    for step in _chosen(steps, 6, must=(steps[0], "committed 1", "committed 3")):
        db = tmp_path / "killed.sqlite"
        shutil.copy2(samples_path, db)
        Child(SAVE_CHILD, str(db), plan_id).kill_at(step)
        _state_after, ok = _state(db)
        assert ok, step
        # Every edit committed before the kill is there; the one under way is not half there.
        committed = sum(1 for s in steps[: steps.index(step) + 1] if s.startswith("committed"))
        check = Workspace.open(db, device="check")
        notes = check.plans.get(plan_id).notes
        check.close()
        assert notes == (f"Lần sửa {committed}" if committed else opened_notes), step
        for leftover in db.parent.glob("killed.sqlite*"):
            leftover.unlink()


@pytest.mark.slow
def test_a_backup_killed_at_any_step_leaves_the_data_and_the_old_backups_sound(
    samples_path: Path, tmp_path: Path
) -> None:
    whole = tmp_path / "whole.sqlite"
    shutil.copy2(samples_path, whole)
    steps = Child(BACKUP_CHILD, str(whole)).run_to_end()
    assert "rename" in steps
    for step in steps:
        db = tmp_path / "killed" / "data.sqlite"
        db.parent.mkdir(exist_ok=True)
        shutil.copy2(samples_path, db)
        Child(BACKUP_CHILD, str(db)).kill_at(step)
        _snapshot, ok = _state(db)
        assert ok, step
        ws = Workspace.open(db, device="check")
        backups = ws.exchange.backups()
        ws.close()
        # A backup is there whole, or not at all: never a half-copied file under its name.
        from desktop_app.storage.backups import check_backup  # noqa: PLC0415

        for backup in backups:
            check_backup(backup.path)
        shutil.rmtree(db.parent)
