"""A merge killed at any moment leaves a sound file with all of the package or none of it."""

import random
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from desktop_app.workspace import Workspace
from tests.conftest import sample_plan_id
from tests.storage.exchange_helpers import Snapshot, snapshot

CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from desktop_app.workspace import Workspace

    ws = Workspace.open(Path(sys.argv[1]), device="pc-b")
    preview = ws.exchange.preview(Path(sys.argv[2]))
    print("ready", flush=True)
    ws.exchange.merge(preview)
    print("done", flush=True)
    ws.close()
    """
)


def _state(path: Path) -> tuple[Snapshot, bool]:
    ws = Workspace.open(path, device="check")
    try:
        return snapshot(ws), ws.exchange.check_db().ok
    finally:
        ws.close()


def _run_child(db: Path, package: Path, kill_after: float | None) -> float:
    """Run a merge in another process; kill it ``kill_after`` seconds into the merge."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db), str(package)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # A failed assert must not leave the child running with its pipes open.
    with child:
        try:
            assert child.stdout is not None
            assert child.stderr is not None
            assert child.stdout.readline().strip() == "ready", child.stderr.read()
        except BaseException:
            child.kill()
            raise
        start = time.monotonic()
        if kill_after is None:
            out, err = child.communicate(timeout=120)
            assert child.returncode == 0, err
            assert out.strip() == "done"
        else:
            time.sleep(kill_after)
            child.kill()
            child.communicate(timeout=30)
        return time.monotonic() - start


@pytest.mark.slow
def test_a_merge_killed_at_random_points_is_all_or_nothing(
    samples_path: Path, tmp_path: Path
) -> None:
    start = tmp_path / "start.sqlite"
    shutil.copy2(samples_path, start)
    # PC A: the common start plus many copied plans, so the merge takes a while.
    a_path = tmp_path / "a.sqlite"
    shutil.copy2(start, a_path)
    a = Workspace.open(a_path, device="pc-a")
    for key in ("phu_lac", "kon_tum", "nhu_khe", "tan_ky", "huyen_uy"):
        plan_id = sample_plan_id(a, key)
        for years in range(1, 9):
            a.plans.duplicate(plan_id, years)
    package = a.exchange.pack(tmp_path / "a.skh").path
    a.close()

    before, ok = _state(start)
    assert ok
    whole = tmp_path / "whole.sqlite"
    shutil.copy2(start, whole)
    duration = _run_child(whole, package, None)
    after, ok = _state(whole)
    assert ok
    assert len(after["plans"]) == len(before["plans"]) + 40

    # Kill points spread over the backup, the transaction and its commit, plus one after.
    rng = random.Random()
    outcomes = []
    for attempt, share in enumerate((0.02, 0.15, 0.3, 0.45, 0.6, 0.75, 0.9, 1.0, 1.5)):
        db = tmp_path / f"killed-{attempt}.sqlite"
        shutil.copy2(start, db)
        _run_child(db, package, duration * share * rng.uniform(0.9, 1.1))
        state, ok = _state(db)
        assert ok, attempt
        assert state in (before, after), attempt
        outcomes.append("all" if state == after else "none")
    assert "none" in outcomes  # some kills did land inside the merge
    assert outcomes[-1] == "all"
