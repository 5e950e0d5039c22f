"""One week of changes on the office, carried to a second PC by a change package (issue 23).

    python -m benchmarks.change_packages [DB]

Two copies of the office are made: A (the office's own PC) and B (a second PC with the
same data). They first exchange the way two PCs do (B takes A's whole package, which has
nothing new for it, and sends a change package back), so each knows what the other holds.
Then a week of the clerk's work is done on A, and the change package for B is packed on A
and merged on B. The office file itself is not touched.
"""

import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.workspace import Workspace

CHANGES_BUDGET_S = 1.0
DEFAULT_DB = Path("/tmp/office-20y.sqlite")


def week_of_work(ws: "Workspace") -> None:
    """What a clerk does in a busy week: two new plans (copies of last year's), notes on
    twenty units, five plans retitled, one plan deleted."""
    plans = ws.plans.summaries()
    for summary in plans[:2]:
        ws.plans.duplicate(summary.id)
    for unit in ws.directory.units()[:20]:
        ws.directory.save_unit(replace(unit, note=f"{unit.note} (đã rà soát)".strip()))
    for summary in plans[2:7]:
        ws.plans.update(summary.id, lambda plan: replace(plan, title=f"{plan.title} (sửa)"))
    ws.plans.delete(plans[7].id)


def measure_week_of_changes(db: Path) -> dict[str, float]:
    """Seconds to pack the week's change package on A, and to preview and merge it on B.

    Also: the rows it carries, its size in KB, the seconds the copy of the merge's backup
    went on after the merge returned (the window is the clerk's again meanwhile; the command
    line waits for it), and of the full check of that backup, left for the close of B.
    """
    from desktop_app.workspace import Workspace  # noqa: PLC0415

    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="skh-week-") as tmp:
        folder = Path(tmp)
        shutil.copy2(db, folder / "a.sqlite")
        shutil.copy2(db, folder / "b.sqlite")
        a = Workspace.open(folder / "a.sqlite", device="benchmark")
        b = Workspace.open(folder / "b.sqlite", device="benchmark-2")
        try:
            whole = a.exchange.pack(folder / "whole")
            b.exchange.merge(b.exchange.preview(whole.path))
            back = b.exchange.pack(folder / "back", changes_for="benchmark")
            a.exchange.merge(a.exchange.preview(back.path))

            week_of_work(a)
            started = time.perf_counter()
            packed = a.exchange.pack(folder / "week", changes_for="benchmark-2")
            out["pack"] = time.perf_counter() - started
            out["rows"] = sum(packed.manifest.counts.values())
            out["kb"] = packed.size / 1024
            out["whole_rows"] = sum(whole.manifest.counts.values())
            started = time.perf_counter()
            preview = b.exchange.preview(packed.path)
            out["preview"] = time.perf_counter() - started
            started = time.perf_counter()
            b.exchange.merge(preview)
            out["merge"] = time.perf_counter() - started
            # The merge commits once its backup's quick check has passed; the copy of the
            # whole file may go on after: measured apart.
            started = time.perf_counter()
            if b.exchange.finish_merge_backup():
                raise RuntimeError("the merge's backup could not be written")
            out["backup"] = time.perf_counter() - started
            # Their full check waits for the close (or the next backup): not the merge's.
            started = time.perf_counter()
            b.close()
            out["close"] = time.perf_counter() - started
        finally:
            a.close()
            if b.is_open:
                b.close()
    return out


def report(db: Path) -> str:
    week = measure_week_of_changes(db)
    merge = week["preview"] + week["merge"]
    verdict = {True: "OK", False: "OVER BUDGET"}
    return (
        f"one week of changes by change package ({week['rows']:,.0f} of "
        f"{week['whole_rows']:,.0f} rows, {week['kb']:.0f} KB): pack {week['pack']:.2f} s "
        f"(budget {CHANGES_BUDGET_S:.0f} s) {verdict[week['pack'] <= CHANGES_BUDGET_S]}; "
        f"preview {week['preview']:.2f} s + merge {week['merge']:.2f} s (budget "
        f"{CHANGES_BUDGET_S:.0f} s) {verdict[merge <= CHANGES_BUDGET_S]}; the copy of the "
        f"whole file for the merge's backup, still going after the merge returned: "
        f"{week['backup']:.2f} s more; the full check of that backup, left for the close: "
        f"{week['close']:.2f} s"
    )


if __name__ == "__main__":
    print(report(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DB))
