"""Backups: taken when the data changed, thinned like Anki's, restored keeping the present."""

import datetime as dt
import hashlib
from dataclasses import replace
from pathlib import Path

import pytest

from desktop_app.storage.backups import (
    BackupInfo,
    BackupReason,
    backup_name,
    list_backups,
    to_keep,
)
from desktop_app.storage.errors import StorageError
from desktop_app.workspace import Workspace
from tests.storage.schema_helpers import break_an_index

NOW = dt.datetime(2026, 11, 23, 15, 0)


def _info(taken_at: dt.datetime) -> BackupInfo:
    return BackupInfo(
        Path(backup_name(taken_at, BackupReason.AUTO)), taken_at, BackupReason.AUTO, 1
    )


def test_thinning_keeps_the_last_day_then_daily_weekly_monthly() -> None:
    # One backup every 30 minutes for a year.
    backups = [_info(NOW - dt.timedelta(minutes=30 * i)) for i in range(2 * 24 * 365)]
    keep = to_keep(backups, NOW)
    kept = sorted((b for b in backups if b.path in keep), key=lambda b: b.taken_at)
    recent = [b for b in kept if NOW - b.taken_at <= dt.timedelta(days=1)]
    assert len(recent) == 49  # everything of the last 24 hours
    older = [b for b in kept if NOW - b.taken_at > dt.timedelta(days=1)]
    days = {b.taken_at.date() for b in older}
    assert len(older) == len(days)  # at most one a day beyond the last day
    assert len(older) <= 12 + 10 + 9
    assert min(b.taken_at for b in kept) < NOW - dt.timedelta(days=200)  # months back
    assert to_keep(kept, NOW) == {b.path for b in kept}  # thinning again keeps them all


def test_thinning_keeps_everything_when_there_are_few() -> None:
    backups = [_info(NOW - dt.timedelta(days=d)) for d in (0, 3, 40, 300)]
    assert to_keep(backups, NOW) == {b.path for b in backups}


def test_an_automatic_backup_is_taken_only_when_the_data_changed(samples: Workspace) -> None:
    assert samples.exchange.auto_backup() is None
    samples.store.set_setting("office.commune", "Phú Lạc")
    first = samples.exchange.auto_backup()
    assert first is not None
    assert first.parent == samples.path.parent / "sao-luu"
    assert samples.exchange.auto_backup() is None
    assert [b.reason for b in samples.exchange.backups()] == [BackupReason.AUTO]


def test_restore_brings_the_backup_back_and_keeps_the_present_as_a_backup(
    samples: Workspace,
) -> None:
    backup = samples.exchange.backup_now()
    unit = samples.directory.units()[0]
    samples.directory.save_unit(replace(unit, note="sửa sau khi sao lưu"))
    before = samples.exchange.restore_backup(backup)
    assert samples.directory.units()[0].note == unit.note
    assert before.name.endswith("truoc-khi-khoi-phuc.sqlite")
    samples.exchange.restore_backup(before)
    assert samples.directory.units()[0].note == "sửa sau khi sao lưu"


def test_a_broken_backup_is_refused_and_the_workspace_is_untouched(
    samples: Workspace, tmp_path: Path
) -> None:
    junk = tmp_path / "sao-luu-hong.sqlite"
    junk.write_bytes(b"SQLite format 3\0" + bytes(4000))
    count = samples.plans.count()
    with pytest.raises(StorageError, match=r"hỏng|không phải"):
        samples.exchange.restore_backup(junk)
    assert samples.plans.count() == count
    assert samples.exchange.backups() == []


def test_the_backup_folder_can_be_another_disk(samples: Workspace, tmp_path: Path) -> None:
    other = tmp_path / "o-dia-khac" / "sao-luu"
    samples.exchange.set_backup_dir(other)
    path = samples.exchange.backup_now()
    assert path.parent == other
    assert [b.path for b in list_backups(other)] == [path]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert digest  # a whole SQLite file, checked by the restore test above
    with pytest.raises(StorageError, match="Không ghi được"):
        samples.exchange.set_backup_dir(Path("/proc/khong-ghi-duoc"))


def test_a_backup_is_taken_before_a_merge(samples: Workspace, tmp_path: Path) -> None:
    package = samples.exchange.pack(tmp_path / "goi").path
    fresh = Workspace.open(tmp_path / "moi" / "data.sqlite", device="pc-b")
    fresh.exchange.merge(fresh.exchange.preview(package))
    assert [b.reason for b in fresh.exchange.backups()] == [BackupReason.BEFORE_MERGE]
    fresh.close()


def test_thinning_never_removes_the_last_three_backups() -> None:
    # Three taken within a minute, a year ago: the daily rule alone would keep one.
    old = NOW - dt.timedelta(days=365)
    backups = [_info(old + dt.timedelta(seconds=20 * i)) for i in range(3)]
    assert to_keep(backups, NOW) == {b.path for b in backups}


def test_backups_stamped_in_the_future_are_thinned_too() -> None:
    # A PC whose clock ran a year ahead took one a day for 40 days, then the clock was fixed.
    ahead = NOW + dt.timedelta(days=365)
    future = [_info(ahead + dt.timedelta(days=i)) for i in range(40)]
    past = [_info(NOW - dt.timedelta(days=i, hours=2)) for i in range(40)]
    keep = to_keep(future + past, NOW)
    assert len([b for b in future if b.path in keep]) == 1  # only the newest of them
    assert max(future, key=lambda b: b.taken_at).path in keep
    # The real backups keep their daily slots: the future ones did not take them.
    assert len([b for b in past if b.path in keep]) >= 12


def test_a_backup_of_a_damaged_file_is_kept_aside_and_the_good_ones_stay(
    samples_path: Path,
) -> None:
    ws = Workspace.open(samples_path, device="x")
    good = ws.exchange.backup_now()
    ws.close()
    break_an_index(samples_path)  # the quick check at open does not see it
    ws = Workspace.open(samples_path, device="x")
    with pytest.raises(StorageError, match="không qua kiểm tra") as refused:
        ws.exchange.backup_now()
    assert good.exists()
    assert [b.path for b in ws.exchange.backups()] == [good]
    aside = list(good.parent.glob("hong-*"))
    assert len(aside) == 1
    assert aside[0].name in str(refused.value)
    ws.close()
