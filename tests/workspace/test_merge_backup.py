"""The backup a merge takes is copied and checked while the merge writes (issue 23).

What must hold: the backup is the data before the merge even though the merge writes during
the copy; the merge commits only once its backup is whole, on the disk and checked; a backup
that fails rolls the merge back with a message in Vietnamese and leaves the workspace byte
for byte as it was; "Hủy" while the merge waits for its backup does the same.

No test here waits for a time: test doubles of the copy block on events the test sets.
"""

import errno
import hashlib
import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.domain.errors import CancelledError
from desktop_app.storage import backups
from desktop_app.storage.backups import CheckStop
from desktop_app.storage.errors import StorageError
from desktop_app.workspace import Workspace
from desktop_app.workspace.backup_checks import BACKUP_WAIT_REPORT
from desktop_app.workspace.exchange import PackagePreview
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


def test_the_merge_writes_while_its_backup_is_copied_and_the_backup_is_the_data_before(
    pcs: tuple[Workspace, PackagePreview], monkeypatch: pytest.MonkeyPatch
) -> None:
    b, preview = pcs
    before = snapshot(b)
    merge_written = threading.Event()
    seen: dict[str, object] = {}
    real_copy: Copy = backups._copy_stoppable

    def copy_around_the_merge(source: Path, target: Path, stop: CheckStop) -> None:
        seen["thread"] = threading.current_thread()
        seen["file before"] = _sha(source)
        # The whole merge writes while the copy is under way; then the file must be as it was.
        assert merge_written.wait(NEVER)
        seen["file after the merge wrote"] = _sha(source)
        real_copy(source, target, stop)

    def progress(done: int, total: int, _what: str) -> bool:
        if done >= total:  # the merge's last report: every row written, not committed
            merge_written.set()
        return True

    monkeypatch.setattr(backups, "_copy_stoppable", copy_around_the_merge)
    result = b.exchange.merge(preview, progress=progress)
    assert result.added > 0
    assert seen["thread"] is not threading.current_thread()  # the copy ran beside the merge
    assert seen["file before"] == seen["file after the merge wrote"]
    [backup] = b.exchange.backups()
    assert _of_backup(backup.path) == before
    assert backups.verify(backup.path) == []
    after = snapshot(b)
    assert len(after["plans"]) == len(before["plans"]) + 2
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
def test_a_backup_that_fails_during_the_merge_rolls_the_merge_back(
    pcs: tuple[Workspace, PackagePreview], monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    b, preview = pcs
    before, files = snapshot(b), _files(b)
    changed = b.store.changed_since_backup
    owner, name, double, said = FAILURES[failure]
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
    with pytest.raises(CancelledError):
        b.exchange.merge(preview, progress=progress)
    assert reports[-1] == BACKUP_WAIT_REPORT
    assert not any(t.name == "sao-luu" for t in threading.enumerate())  # stopped, not left
    assert _backup_folder_names(b) == []  # neither the copy nor a backup
    assert _files(b) == files
    assert snapshot(b) == before
    b.close()
