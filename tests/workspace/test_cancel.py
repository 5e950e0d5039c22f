"""Long work stopped with "Hủy" leaves everything as it was.

The stop comes from inside the progress callback at its Nth call, never after a measured
time: the outcome cannot depend on how busy the machine is. Which calls are tried is picked
by a seeded generator, so a failure comes back the same way.
"""

import random
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from desktop_app.domain.errors import CancelledError
from desktop_app.storage import merge
from desktop_app.workspace import Workspace
from desktop_app.workspace.backup_checks import BACKUP_WAIT_REPORT
from desktop_app.workspace.store_handle import ProgressCallback
from tests.conftest import sample_plan_id

SEED = 23


def _stop_at(call: int, calls: list[tuple[int, int, str]]) -> ProgressCallback:
    """A callback that asks to stop at its ``call``th call (from 1), noting every call.

    The reports made while a merge waits for its backup come as often as time passes, so
    they are not counted here: ``tests/workspace/test_merge_backup.py`` stops at them.
    """

    def progress(done: int, total: int, what: str) -> bool:
        if (done, total, what) == BACKUP_WAIT_REPORT:
            return True
        calls.append((done, total, what))
        return len(calls) != call

    return progress


def _counting(calls: list[tuple[int, int, str]]) -> ProgressCallback:
    return _stop_at(0, calls)


def _picked(count: int, wanted: int) -> list[int]:
    """Call numbers 1..count: the first and last, and some between, by the seeded generator."""
    calls = range(1, count + 1)
    between = random.Random(SEED).sample(list(calls), min(wanted, count))
    return sorted({1, count, *between})


def _files(folder: Path) -> dict[str, bytes]:
    """The folder's files, but SQLite's shared-memory index (counters, no data)."""
    return {
        p.name: p.read_bytes()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.endswith("-shm")
    }


def _dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [line for line in conn.iterdump() if "sqlite_stat" not in line]
    finally:
        conn.close()


@pytest.fixture
def office_a(samples_path: Path, tmp_path: Path) -> Path:
    """PC A: the samples plus copied plans, so a merge of its package has many steps."""
    path = tmp_path / "a" / "data.sqlite"
    path.parent.mkdir()
    shutil.copy2(samples_path, path)
    a = Workspace.open(path, device="pc-a")
    for key in ("phu_lac", "kon_tum", "tan_ky"):
        plan_id = sample_plan_id(a, key)
        for years in range(1, 4):
            a.plans.duplicate(plan_id, years)
    a.close()
    return path


def _pc_b(samples_path: Path, folder: Path) -> Path:
    folder.mkdir()
    path = folder / "data.sqlite"
    shutil.copy2(samples_path, path)
    return path


def test_a_merge_stopped_at_any_report_leaves_the_workspace_byte_identical(
    samples_path: Path, office_a: Path, tmp_path: Path
) -> None:
    a = Workspace.open(office_a, device="pc-a")
    package = a.exchange.pack(tmp_path / "a.skh").path
    a.close()

    whole = _pc_b(samples_path, tmp_path / "whole")
    b = Workspace.open(whole, device="pc-b")
    calls: list[tuple[int, int, str]] = []
    result = b.exchange.merge(b.exchange.preview(package), progress=_counting(calls))
    b.close()
    assert result.added > 500  # more than one report among the rows
    stoppable = [c for c in calls if c[0] < c[1]]
    assert len(stoppable) >= 3
    assert calls[-1][0] == calls[-1][1]  # the last report says it is done

    for call in _picked(len(stoppable), 6):
        folder = tmp_path / f"stop-{call}"
        path = _pc_b(samples_path, folder)
        b = Workspace.open(path, device="pc-b")
        preview = b.exchange.preview(package)
        b.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        before = _files(folder)
        backups_before = b.exchange.backups()
        seen: list[tuple[int, int, str]] = []
        with pytest.raises(CancelledError):
            b.exchange.merge(preview, progress=_stop_at(call, seen))
        assert len(seen) == call
        assert b.exchange.backups() == backups_before, call  # the merge's backup is gone
        b.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert _files(folder) == before, call
        b.close()
        # Closing runs PRAGMA optimize, which may refresh SQLite's query statistics (by the
        # queries the connection ran): the data itself is the same.
        assert _dump(folder / "data.sqlite") == _dump(samples_path), call


def test_a_bulk_merge_into_an_empty_file_stopped_anywhere_leaves_it_as_it_was(
    office_a: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As a whole office's first exchange runs: tables filled whole, their indexes and value
    # checks set aside, SQLite's link checks off until the one check at the end.
    monkeypatch.setattr(merge, "_BULK_ROWS", 1)
    monkeypatch.setattr(merge, "_CHECK_ALL_LINKS", 1)
    a = Workspace.open(office_a, device="pc-a")
    package = a.exchange.pack(tmp_path / "a.skh").path
    a.close()
    empty = tmp_path / "empty" / "data.sqlite"
    Workspace.open(empty, device="pc-b").close()
    calls: list[tuple[int, int, str]] = []
    b = Workspace.open(empty, device="pc-b")
    preview = b.exchange.preview(package)
    assert preview.merge.links_checked_at_end
    b.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = _files(empty.parent)
    b.exchange.dry_run(preview, progress=_counting(calls))
    stoppable = [c for c in calls if c[0] < c[1]]
    assert len(stoppable) >= 3
    for call in _picked(len(stoppable), 5):
        with pytest.raises(CancelledError):
            b.exchange.merge(preview, progress=_stop_at(call, []))
        assert b.store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1, call
        assert b.exchange.backups() == [], call  # the merge's backup is gone
        b.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert _files(empty.parent) == before, call
    b.close()


def test_a_merge_stopped_then_run_again_merges_as_if_never_stopped(
    samples_path: Path, office_a: Path, tmp_path: Path
) -> None:
    a = Workspace.open(office_a, device="pc-a")
    package = a.exchange.pack(tmp_path / "a.skh").path
    a.close()
    b = Workspace.open(_pc_b(samples_path, tmp_path / "b"), device="pc-b")
    with pytest.raises(CancelledError):
        b.exchange.merge(b.exchange.preview(package), progress=_stop_at(2, []))
    result = b.exchange.merge(b.exchange.preview(package))
    assert result.added > 500
    assert len(b.exchange.backups()) == 1  # the merge that happened took its own
    b.close()


def _stopped_pack(ws: Workspace, out: Path, call: int) -> list[tuple[int, int, str]]:
    seen: list[tuple[int, int, str]] = []
    with pytest.raises(CancelledError):
        ws.exchange.pack(out, progress=_stop_at(call, seen))
    return seen


def test_a_pack_stopped_at_any_report_leaves_no_file(office_a: Path, tmp_path: Path) -> None:
    ws = Workspace.open(office_a, device="pc-a")
    usb = tmp_path / "usb"
    calls: list[tuple[int, int, str]] = []
    ws.exchange.pack(usb / "whole.skh", progress=_counting(calls))
    stoppable = [c for c in calls if c[0] < c[1]]
    assert any("kiểm tra lại" in what for _d, _t, what in stoppable)  # even while verifying
    for call in _picked(len(stoppable), 5):
        out = usb / f"stop-{call}.skh"
        seen = _stopped_pack(ws, out, call)
        assert len(seen) == call
        assert sorted(p.name for p in usb.iterdir()) == ["whole.skh"], call
    ws.close()


def test_a_pack_stopped_keeps_the_package_it_would_have_replaced(
    office_a: Path, tmp_path: Path
) -> None:
    ws = Workspace.open(office_a, device="pc-a")
    out = tmp_path / "usb" / "goi.skh"
    out.parent.mkdir()
    out.write_bytes(b"the package of last week")
    calls: list[tuple[int, int, str]] = []
    ws.exchange.pack(tmp_path / "count.skh", progress=_counting(calls))
    last_stoppable = sum(1 for c in calls if c[0] < c[1])
    _stopped_pack(ws, out, last_stoppable)
    assert out.read_bytes() == b"the package of last week"
    assert [p.name for p in out.parent.iterdir()] == ["goi.skh"]
    ws.close()


def test_a_stop_asked_once_the_work_is_done_is_not_honoured(
    samples: Workspace, tmp_path: Path
) -> None:
    """The last report comes after the package took its name: the package is whole."""
    result = samples.exchange.pack(tmp_path / "goi.skh", progress=lambda d, t, _w: d < t)
    assert result.path.is_file()


def test_a_check_stopped_at_any_stage_stops_and_changes_nothing(samples: Workspace) -> None:
    calls: list[tuple[int, int, str]] = []
    report = samples.exchange.check_db(progress=_counting(calls))
    assert report.ok
    stoppable = [c for c in calls if c[0] < c[1]]
    assert len(stoppable) == 7  # SQLite's own check, then each of the program's
    for call in range(1, len(stoppable) + 1):
        seen: list[tuple[int, int, str]] = []
        with pytest.raises(CancelledError):
            samples.exchange.check_db(progress=_stop_at(call, seen))
        assert len(seen) == call


def test_a_repair_stopped_at_any_report_rolls_back_and_keeps_no_backup(
    samples: Workspace,
) -> None:
    from tests.storage.test_integrity import _break  # noqa: PLC0415

    _break(samples)
    conn = samples.store.conn
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    folder = samples.store.path.parent
    before = _files(folder)
    problems = samples.exchange.check_db().problems
    calls: list[tuple[int, int, str]] = []
    # Counted on a copy: the repair itself would fix what the stops must find broken.
    twin_path = folder.parent / "twin" / "data.sqlite"
    twin_path.parent.mkdir()
    conn.execute("VACUUM INTO ?", (str(twin_path),))
    twin = Workspace.open(twin_path, device="twin")
    assert twin.exchange.repair_db(progress=_counting(calls))
    twin.close()
    # The check's last report (done) comes before the repair's: only that one is not a stop.
    stoppable = [n for n, (done, total, _w) in enumerate(calls, 1) if done < total]
    assert len(stoppable) == len(calls) - 2
    assert calls[stoppable[-1] - 1][2] == "dựng lại chỉ mục tìm kiếm"
    for call in stoppable:
        with pytest.raises(CancelledError):
            samples.exchange.repair_db(progress=_stop_at(call, []))
        assert samples.exchange.backups() == [], call
        assert samples.exchange.check_db().problems == problems, call
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert _files(folder) == before, call


@pytest.fixture
def system_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system's temporary folder, where openpyxl spools the rows of a write-only sheet."""
    folder = tmp_path / "system-temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _stoppable_calls(run: Callable[[ProgressCallback], object]) -> list[int]:
    calls: list[tuple[int, int, str]] = []
    run(_counting(calls))
    return [n for n, (done, total, _w) in enumerate(calls, 1) if done < total]


def test_a_sheet_stopped_at_any_report_leaves_no_file_and_keeps_the_old_one(
    samples: Workspace, tmp_path: Path, system_temp: Path
) -> None:
    plans = [samples.plans.get(sample_plan_id(samples, k)) for k in ("phu_lac", "kon_tum")]
    out = tmp_path / "out"
    out.mkdir()
    old = out / "tien-do.xlsx"
    old.write_bytes(b"last week's sheet")
    stoppable = _stoppable_calls(
        lambda p: samples.progress.export_xlsx(plans, tmp_path / "count.xlsx", progress=p)
    )
    assert len(stoppable) >= 3  # the plans, their rows being written, then saving
    for call in stoppable:
        with pytest.raises(CancelledError):
            samples.progress.export_xlsx(plans, old, progress=_stop_at(call, []))
        assert old.read_bytes() == b"last week's sheet", call
        assert [p.name for p in out.iterdir()] == ["tien-do.xlsx"], call
        assert list(system_temp.iterdir()) == [], call


def test_the_office_sheet_stopped_at_any_report_leaves_no_file(
    samples: Workspace, tmp_path: Path, system_temp: Path
) -> None:
    stoppable = _stoppable_calls(
        lambda p: samples.progress.export_office_xlsx(tmp_path / "count.xlsx", progress=p)
    )
    out = tmp_path / "out"
    out.mkdir()
    for call in stoppable:
        with pytest.raises(CancelledError):
            samples.progress.export_office_xlsx(out / "co-quan.xlsx", progress=_stop_at(call, []))
        assert list(out.iterdir()) == [], call
        assert list(system_temp.iterdir()) == [], call
    written = samples.progress.export_office_xlsx(out / "co-quan.xlsx")
    assert openpyxl.load_workbook(written).sheetnames


def test_unit_sheets_stopped_at_any_report_leave_the_folder_as_it_was(
    samples: Workspace, tmp_path: Path, system_temp: Path
) -> None:
    plan = samples.plans.get(sample_plan_id(samples, "phu_lac"))
    scopes = samples.progress.sheet_scopes(plan)[:3]  # a stop at each of n+1 reports: n² sheets
    assert len(scopes) == 3
    folder = tmp_path / "phieu"
    folder.mkdir()
    first = folder / samples.progress.sheet_file_name([plan], scopes[0])
    first.write_bytes(b"sent last month")
    stoppable = _stoppable_calls(
        lambda p: samples.progress.export_unit_sheets(plan, tmp_path, scopes, progress=p)
    )
    assert len(stoppable) == len(scopes) + 1  # each unit, then the last stop before naming
    for call in stoppable:
        with pytest.raises(CancelledError):
            samples.progress.export_unit_sheets(plan, folder, scopes, progress=_stop_at(call, []))
        assert _files(folder) == {first.name: b"sent last month"}, call
        assert list(system_temp.iterdir()) == [], call
    written = samples.progress.export_unit_sheets(plan, folder, scopes)
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in written)
