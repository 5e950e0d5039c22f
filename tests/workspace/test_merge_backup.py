"""The backup a merge takes is copied and checked while the merge writes (issue 23).

What must hold: the backup is the data before the merge even though the merge writes and
commits during the copy; the merge commits only once the data it changes is held and has
passed SQLite's quick check; a backup that fails before then rolls the merge back with a
message in Vietnamese and leaves the workspace byte for byte as it was; "Hủy" while the merge
waits for its backup does the same; a copy that fails after the commit is told, once, and the
merge stays; nothing closes or backs up again before the copy is written.

No test here waits for a time: test doubles of the copy block on events the test sets.
"""

import datetime as dt
import errno
import hashlib
import os
import shutil
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.domain.errors import CancelledError
from desktop_app.storage import backups
from desktop_app.storage.backups import CheckStop
from desktop_app.storage.errors import StorageError
from desktop_app.workspace import Workspace
from desktop_app.workspace.backup_checks import BACKUP_WAIT_REPORT, BackupWorkLeft
from desktop_app.workspace.exchange import PackagePreview
from tests.backup_doubles import check_after_the_copy, check_until_stopped
from tests.conftest import sample_plan_id
from tests.storage.exchange_helpers import Snapshot, snapshot

# Long enough for any busy machine; reached only when the code under test is broken.
NEVER = 120

Copy = Callable[[Path, Path, CheckStop], None]


@pytest.fixture
def pcs(samples_path: Path, tmp_path: Path) -> tuple[Workspace, PackagePreview]:
    """PC B with the preview of a package from PC A that adds plans and changes units."""
    a_path = tmp_path / "a" / "data.sqlite"
    a_path.parent.mkdir()
    shutil.copy2(samples_path, a_path)
    a = Workspace.open(a_path, device="pc-a")
    for key in ("tan_ky", "phu_lac"):
        a.plans.duplicate(sample_plan_id(a, key), 1)
    package = a.exchange.pack(tmp_path / "a.skh").path
    a.close()
    b_path = tmp_path / "b" / "data.sqlite"
    b_path.parent.mkdir()
    shutil.copy2(samples_path, b_path)
    b = Workspace.open(b_path, device="pc-b")
    return b, b.exchange.preview(package)


def _files(ws: Workspace) -> dict[str, bytes]:
    """The workspace's files, checkpointed, but SQLite's shared-memory index (no data)."""
    ws.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    folder = ws.path.parent
    return {
        p.name: p.read_bytes()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.endswith("-shm")
    }


def _backup_folder_names(ws: Workspace) -> list[str]:
    folder = ws.exchange.backup_dir
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def _of_backup(path: Path) -> Snapshot:
    copy = Workspace.open(path, device="check")
    try:
        return snapshot(copy)
    finally:
        copy.close()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_merge_commits_while_its_backup_is_copied_and_the_backup_is_the_data_before(
    pcs: tuple[Workspace, PackagePreview], monkeypatch: pytest.MonkeyPatch
) -> None:
    b, preview = pcs
    before = snapshot(b)
    committed = threading.Event()
    seen: dict[str, object] = {}
    real_copy: Copy = backups._copy_stoppable

    def copy_after_the_commit(source: Path, target: Path, stop: CheckStop) -> None:
        seen["thread"] = threading.current_thread()
        seen["file before"] = _sha(source)
        # The whole merge writes and commits, and SQLite is asked to checkpoint, while the
        # copy is under way; the file must still be the data before.
        assert committed.wait(NEVER)
        seen["file after the commit"] = _sha(source)
        real_copy(source, target, stop)

    monkeypatch.setattr(backups, "_copy_stoppable", copy_after_the_commit)
    result = b.exchange.merge(preview)
    assert result.added > 0
    assert b.exchange.backup_finishing  # returned with the copy held back
    other = sqlite3.connect(b.path, isolation_level=None)
    for conn in (b.store.conn, other):  # every kind of checkpoint, none waiting
        conn.execute("PRAGMA busy_timeout = 0")
        for mode in ("PASSIVE", "FULL", "RESTART", "TRUNCATE"):
            conn.execute(f"PRAGMA wal_checkpoint({mode})").fetchall()
    other.close()
    after = snapshot(b)
    assert len(after["plans"]) == len(before["plans"]) + 2
    committed.set()
    assert b.exchange.finish_merge_backup() == ""
    assert seen["thread"] is not threading.current_thread()  # the copy ran beside the merge
    assert seen["file before"] == seen["file after the commit"]
    [backup] = b.exchange.backups()
    assert backup.reason is backups.BackupReason.BEFORE_MERGE
    assert _of_backup(backup.path) == before
    assert backups.verify(backup.path) == []
    assert snapshot(b) == after
    b.close()


def _disk_full(*_args: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def _fails_to_flush(_fd: int) -> None:
    raise OSError(errno.EIO, "Input/output error")


def _finds_damage(_self: object, _snapshot: object) -> list[str]:
    return ["*** in database main ***\nPage 7: btreeInitPage() returns error code 11"]


FAILURES = {
    # The copy cannot be written (the header's change is the copy's last write).
    "disk full": (backups, "_as_one_file", _disk_full, "Không sao lưu được vào"),
    # The copy cannot be put on the disk.
    "flush fails": (os, "fsync", _fails_to_flush, "Không sao lưu được vào"),
    # The snapshot being copied has a damaged page.
    "damaged": (backups.BackupUnderWay, "_check_snapshot", _finds_damage, "có chỗ hỏng"),
}


@pytest.mark.parametrize("failure", FAILURES)
def test_a_backup_that_fails_before_its_check_ends_rolls_the_merge_back(
    pcs: tuple[Workspace, PackagePreview], monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    b, preview = pcs
    before, files = snapshot(b), _files(b)
    changed = b.store.changed_since_backup
    owner, name, double, said = FAILURES[failure]
    if failure != "damaged":
        check_after_the_copy(monkeypatch)
    monkeypatch.setattr(owner, name, double)
    with pytest.raises(StorageError) as raised:
        b.exchange.merge(preview)
    monkeypatch.undo()
    message = raised.value.message
    assert said in message
    assert "chưa có gì được ghi: dữ liệu trên máy này vẫn như trước" in message
    assert _files(b) == files
    assert snapshot(b) == before
    assert b.exchange.backups() == []  # nothing counts as a backup
    left = _backup_folder_names(b)
    if failure == "damaged":  # kept aside for a rescue, under a name that says so
        assert len(left) == 1
        assert left[0].startswith(backups.DAMAGED_PREFIX)
    else:
        assert left == []  # no copy cut short left behind
    assert b.store.changed_since_backup == changed
    # Once the disk is fine again, the same preview merges.
    assert b.exchange.merge(preview).added > 0
    assert len(b.exchange.backups()) == 1
    b.close()


def test_cancel_while_the_merge_waits_for_its_backup_leaves_everything_as_it_was(
    pcs: tuple[Workspace, PackagePreview], monkeypatch: pytest.MonkeyPatch
) -> None:
    b, preview = pcs
    before, files = snapshot(b), _files(b)
    real_copy: Copy = backups._copy_stoppable
    copy_started = threading.Event()

    def slow_copy(source: Path, target: Path, stop: CheckStop) -> None:
        # A copy to a slow stick: it goes on until the stop comes, a chunk at a time.
        copy_started.set()
        target.write_bytes(source.read_bytes()[:4096])
        for _ in range(NEVER * 100):
            if stop.stopped:
                break
            threading.Event().wait(0.01)
        real_copy(source, target, stop)

    reports: list[tuple[int, int, str]] = []

    def progress(done: int, total: int, what: str) -> bool:
        reports.append((done, total, what))
        assert copy_started.wait(NEVER)
        return (done, total, what) != BACKUP_WAIT_REPORT  # "Hủy" while it waits

    monkeypatch.setattr(backups, "_copy_stoppable", slow_copy)
    check_until_stopped(monkeypatch)
    with pytest.raises(CancelledError):
        b.exchange.merge(preview, progress=progress)
    assert reports[-1] == BACKUP_WAIT_REPORT
    assert not any(t.name == "sao-luu" for t in threading.enumerate())  # stopped, not left
    assert _backup_folder_names(b) == []  # neither the copy nor a backup
    assert _files(b) == files
    assert snapshot(b) == before
    b.close()


def _copy_held_until(release: threading.Event, monkeypatch: pytest.MonkeyPatch) -> None:
    real_copy: Copy = backups._copy_stoppable

    def held_copy(source: Path, target: Path, stop: CheckStop) -> None:
        assert release.wait(NEVER)
        real_copy(source, target, stop)

    monkeypatch.setattr(backups, "_copy_stoppable", held_copy)


def _release_when_awaited(release: threading.Event, monkeypatch: pytest.MonkeyPatch) -> None:
    """The held copy goes on once somebody waits for the backup's outcome."""
    real_result = backups.BackupUnderWay.result

    def result(self: backups.BackupUnderWay) -> Path:
        release.set()
        return real_result(self)

    monkeypatch.setattr(backups.BackupUnderWay, "result", result)


def test_a_copy_that_fails_after_the_commit_is_told_once_and_the_merge_stays(
    pcs: tuple[Workspace, PackagePreview], monkeypatch: pytest.MonkeyPatch
) -> None:
    b, preview = pcs
    before = snapshot(b)
    release = threading.Event()
    _copy_held_until(release, monkeypatch)
    monkeypatch.setattr(backups, "_as_one_file", _disk_full)
    result = b.exchange.merge(preview)
    assert b.exchange.backup_finishing
    release.set()
    said = b.exchange.finish_merge_backup()
    monkeypatch.undo()
    assert "Không sao lưu được vào" in said
    assert "Gói dữ liệu đã được nhập và vẫn được giữ" in said
    assert b.exchange.finish_merge_backup() == ""  # told once
    after = snapshot(b)
    assert len(after["plans"]) == len(before["plans"]) + 2
    assert result.added > 0
    assert _backup_folder_names(b) == []  # no copy cut short left behind
    assert b.store.changed_since_backup  # the next backup comes at the next chance
    assert b.exchange.auto_backup() is not None
    b.close()


@pytest.mark.parametrize("then", ["close", "backup", "list"])
def test_nothing_goes_past_a_merge_backup_still_being_copied(
    pcs: tuple[Workspace, PackagePreview], monkeypatch: pytest.MonkeyPatch, then: str
) -> None:
    b, preview = pcs
    before = snapshot(b)
    release = threading.Event()
    _copy_held_until(release, monkeypatch)
    _release_when_awaited(release, monkeypatch)
    b.exchange.merge(preview)
    assert b.exchange.backup_finishing
    assert not release.is_set()
    folder = b.exchange.backup_dir
    if then == "close":
        b.close()
    elif then == "backup":
        b.exchange.backup_now()
    else:
        b.exchange.backups()
    assert release.is_set()
    monkeypatch.undo()
    taken = backups.list_backups(folder)
    [of_merge] = [t for t in taken if t.reason is backups.BackupReason.BEFORE_MERGE]
    assert _of_backup(of_merge.path) == before
    assert len(taken) == (2 if then == "backup" else 1)
    if then != "close":
        b.close()


def test_two_workspaces_of_one_folder_copying_their_backups_in_one_second_keep_both(
    samples_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a_path, b_path = tmp_path / "a.sqlite", tmp_path / "b.sqlite"  # one backup folder
    shutil.copy2(samples_path, a_path)
    shutil.copy2(samples_path, b_path)
    a = Workspace.open(a_path, device="pc-a")
    b = Workspace.open(b_path, device="pc-b")
    a.plans.duplicate(sample_plan_id(a, "tan_ky"), 1)
    b.plans.duplicate(sample_plan_id(b, "phu_lac"), 1)
    before = {"a": snapshot(a), "b": snapshot(b)}
    to_a = a.exchange.preview(b.exchange.pack(tmp_path / "to-a.skh").path)
    to_b = b.exchange.preview(a.exchange.pack(tmp_path / "to-b.skh").path)
    assert a.exchange.backups() == []
    release = threading.Event()
    _copy_held_until(release, monkeypatch)
    moment = dt.datetime(2026, 12, 8, 9, 30, 0)

    class OneSecond(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> "OneSecond":
            return cls.fromtimestamp(moment.timestamp(), tz)

    monkeypatch.setattr("desktop_app.workspace.exchange.dt.datetime", OneSecond)
    a.exchange.merge(to_a)
    b.exchange.merge(to_b)  # while a's copy is still being written, under the same second
    assert a.exchange.backup_finishing
    assert b.exchange.backup_finishing
    release.set()
    assert a.exchange.finish_merge_backup() == ""
    assert b.exchange.finish_merge_backup() == ""
    monkeypatch.undo()
    taken = [_of_backup(t.path) for t in backups.list_backups(a.exchange.backup_dir)]
    assert len(taken) == 2
    assert before["a"] != before["b"]
    assert before["a"] in taken
    assert before["b"] in taken
    a.close()
    b.close()


def test_a_copy_that_fails_while_the_merge_commits_is_told(
    pcs: tuple[Workspace, PackagePreview], monkeypatch: pytest.MonkeyPatch
) -> None:
    b, preview = pcs
    release = threading.Event()
    _copy_held_until(release, monkeypatch)
    monkeypatch.setattr(backups, "_as_one_file", _disk_full)
    real_keep = BackupWorkLeft.copying_after_commit

    def fails_before_kept(self: BackupWorkLeft, backup: backups.BackupUnderWay) -> None:
        # The merge stopped waiting (the check passed), then the copy failed and ended
        # before the merge came back from its commit.
        release.set()
        backup.wait()
        assert not backup.running
        real_keep(self, backup)

    monkeypatch.setattr(BackupWorkLeft, "copying_after_commit", fails_before_kept)
    b.exchange.merge(preview)
    assert b.exchange.backup_finishing  # its outcome is still to be said
    said = b.exchange.finish_merge_backup()
    assert "Không sao lưu được vào" in said
    assert "Gói dữ liệu đã được nhập và vẫn được giữ" in said
    monkeypatch.undo()
    assert b.exchange.backups() == []
    b.close()


def test_a_name_taken_while_it_is_reserved_is_given_up_for_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    moment = dt.datetime(2026, 12, 8, 9, 30, 0)
    first = tmp_path / backups.backup_name(moment, backups.BackupReason.BEFORE_MERGE)
    real_temporary = backups._temporary_of

    def another_backup_lands(target: Path) -> Path:
        # Another program's backup of that second is put in place just as this one looks.
        if target == first and not first.exists():
            first.write_bytes(b"the other backup")
        return real_temporary(target)

    monkeypatch.setattr(backups, "_temporary_of", another_backup_lands)
    reserved = backups._reserve_name(tmp_path, backups.BackupReason.BEFORE_MERGE, moment)
    assert reserved != first
    assert first.read_bytes() == b"the other backup"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [first.name, real_temporary(reserved).name]
    )
