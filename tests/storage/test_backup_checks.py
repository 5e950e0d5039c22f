"""Backups checked twice (issues 22 and 23): a quick check as each is written, the full check
before thinning counts it, remembered across restarts; and the fast copy is consistent."""

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from desktop_app.storage import backups
from desktop_app.storage.backups import (
    BackupReason,
    is_verified,
    list_backups,
    thin,
    to_keep,
    write_backup,
)
from desktop_app.storage.errors import StorageError
from desktop_app.workspace import Workspace
from tests.conftest import DEVICE
from tests.storage.schema_helpers import break_an_index

NOW = dt.datetime(2026, 12, 7, 15, 0)
A_YEAR_AGO = NOW - dt.timedelta(days=365)


class Checks:
    """Counts the full checks run, by file name."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.names: list[str] = []
        real = backups._check_if_readable

        def counted(
            path: Path, pragma: str, stop: backups.CheckStop | None = None
        ) -> list[str] | None:
            if pragma == "integrity_check":
                self.names.append(path.name)
            return real(path, pragma, stop)

        monkeypatch.setattr(backups, "_check_if_readable", counted)


def _write_at(ws: Workspace, folder: Path, stamps: list[dt.datetime]) -> list[Path]:
    """Backups of ``ws`` named as if taken at ``stamps``; none fully checked yet."""
    return [write_backup(ws.store.conn, folder, BackupReason.AUTO, at) for at in stamps]


def _zero_pages(path: Path, pages: range, size: int = 4096) -> None:
    with path.open("r+b") as f:
        for page in pages:
            f.seek(page * size)
            f.write(bytes(size))


def test_the_quick_check_at_write_catches_a_damaged_page_of_the_workspace(
    samples: Workspace,
) -> None:
    # A page goes bad under the open workspace (its check at open passed).
    samples.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    _zero_pages(samples.path, range(5, 7))
    with pytest.raises(StorageError, match="không qua kiểm tra") as refused:
        samples.exchange.backup_now(BackupReason.BEFORE_MERGE)
    assert samples.exchange.backups() == []
    aside = list(samples.exchange.backup_dir.glob("hong-sao-luu-*truoc-khi-gop.sqlite"))
    assert len(aside) == 1
    assert aside[0].name in str(refused.value)


def test_a_backup_before_a_merge_is_checked_fully_only_later(
    samples: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    checks = Checks(monkeypatch)
    merge_backup = samples.exchange.backup_now(BackupReason.BEFORE_MERGE)
    assert checks.names == []  # the merge did not wait for it
    assert not is_verified(merge_backup)
    samples.close()  # the close runs what was left for later
    assert checks.names == [merge_backup.name]
    assert is_verified(merge_backup)


def test_the_next_backup_runs_the_full_check_a_merge_left_for_later(
    samples: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    checks = Checks(monkeypatch)
    merge_backup = samples.exchange.backup_now(BackupReason.BEFORE_MERGE)
    samples.store.set_setting("office.commune", "Phú Lạc")
    auto = samples.exchange.auto_backup()
    assert auto is not None
    assert sorted(checks.names) == sorted([merge_backup.name, auto.name])
    assert is_verified(merge_backup)
    assert is_verified(auto)
    samples.close()
    assert len(checks.names) == 2  # nothing was left for the close


def test_a_backup_not_fully_checked_is_checked_before_thinning_counts_it(
    samples: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "sao-luu"
    # Five within a minute a year ago: the daily rule keeps one, the last three rule three.
    made = _write_at(samples, folder, [A_YEAR_AGO + dt.timedelta(seconds=10 * i) for i in range(5)])
    assert not any(is_verified(p) for p in made)
    checks = Checks(monkeypatch)
    done = thin(folder, NOW)
    newest = list(reversed(made))[:3]
    assert checks.names == [p.name for p in newest]  # newest first, no more than needed
    assert all(is_verified(p) for p in newest)
    assert {b.path for b in list_backups(folder)} == set(newest)
    assert sorted(done.removed) == sorted(made[:2])
    assert done.set_aside == []


def test_a_backup_failing_the_full_check_is_set_aside_and_never_counted(
    samples: Workspace, tmp_path: Path
) -> None:
    folder = tmp_path / "sao-luu"
    made = _write_at(samples, folder, [A_YEAR_AGO + dt.timedelta(seconds=10 * i) for i in range(5)])
    damaged = made[-1]  # the newest: its quick check at write passed
    break_an_index(damaged)
    assert backups.quick_check(damaged) == []
    done = thin(folder, NOW)
    assert [s.backup for s in done.set_aside] == [damaged]
    assert done.set_aside[0].aside.name == "hong-" + damaged.name
    assert done.set_aside[0].aside.exists()
    assert not is_verified(done.set_aside[0].aside)
    # The three before it are the last three verified: none of them goes.
    kept = {b.path for b in list_backups(folder)}
    assert kept == set(made[1:4])
    assert all(is_verified(p) for p in kept)
    assert done.removed == [made[0]]
    # Thinning again changes nothing and checks nothing again.
    assert thin(folder, NOW).removed == []


def test_a_manual_backup_failing_its_full_check_is_reported_at_once(
    samples_path: Path,
) -> None:
    break_an_index(samples_path)
    ws = Workspace.open(samples_path, device=DEVICE)
    with pytest.raises(StorageError, match="không qua kiểm tra"):
        ws.exchange.backup_now(BackupReason.MANUAL)
    assert ws.exchange.backups() == []
    ws.close()


def test_the_record_of_the_full_check_survives_a_restart(
    samples_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = Workspace.open(samples_path, device=DEVICE)
    first = ws.exchange.backup_now()
    folder = ws.exchange.backup_dir
    ws.close()
    checks = Checks(monkeypatch)
    ws = Workspace.open(samples_path, device=DEVICE)
    ws.store.set_setting("office.commune", "Phú Lạc")
    second = ws.exchange.backup_now()
    ws.close()
    assert checks.names == [second.name]  # the first was checked by the earlier run
    assert is_verified(first)

    # A record missing, garbled or of another file means "not checked yet": checked again.
    record = folder / (first.name + backups.VERIFIED_SUFFIX)
    for spoil in ("", "{not json", '{"integrity_check": "ok", "file": {"size": 1}}', "[]"):
        record.write_text(spoil, encoding="utf-8")
        assert not is_verified(first)
        checks.names.clear()
        thin(folder, dt.datetime.now())
        assert checks.names == [first.name]  # the newest was not spoiled: not again
        assert is_verified(first)
    record.unlink()
    assert not is_verified(first)


def test_thinning_never_removes_the_last_three_verified_backups(
    samples: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "sao-luu"
    # Three good ones within a minute a year ago (the daily rule alone keeps one of them);
    # then, these last days, five that cannot be checked now (held) and five damaged ones.
    good = _write_at(samples, folder, [A_YEAR_AGO + dt.timedelta(seconds=10 * i) for i in range(3)])
    held = _write_at(
        samples, folder, [NOW - dt.timedelta(days=d, hours=3) for d in (9, 8, 7, 6, 5)]
    )
    damaged = _write_at(samples, folder, [NOW - dt.timedelta(days=d) for d in (5, 4, 3, 2, 1)])
    for path in damaged:
        break_an_index(path)
    real = backups._check_if_readable
    monkeypatch.setattr(
        backups,
        "_check_if_readable",
        lambda path, pragma, stop=None: None if path in held else real(path, pragma, stop),
    )
    done = thin(folder, NOW)
    assert {s.backup for s in done.set_aside} == set(damaged)
    remaining = {b.path for b in list_backups(folder)}
    assert set(good) <= remaining
    assert all(is_verified(p) for p in good)
    assert set(held) <= remaining  # the newest three are kept too, verified or not
    # Years later, with every old one thinned, they still stay.
    infos = list_backups(folder)
    verified = {p for p in remaining if is_verified(p)}
    later = NOW + dt.timedelta(days=3000)
    assert set(good) <= to_keep(infos, later, verified)
    assert not set(good) <= to_keep(infos, later)  # what the count by date alone would do


def test_a_held_backup_is_neither_set_aside_nor_counted(
    samples: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "sao-luu"
    made = _write_at(samples, folder, [A_YEAR_AGO + dt.timedelta(seconds=10 * i) for i in range(5)])
    real = backups._check_if_readable

    def held_newest(
        path: Path, pragma: str, stop: backups.CheckStop | None = None
    ) -> list[str] | None:
        return None if path == made[-1] else real(path, pragma, stop)

    monkeypatch.setattr(backups, "_check_if_readable", held_newest)
    done = thin(folder, NOW)
    assert done.set_aside == []
    # The held one is kept (the last three rule) but three others count as verified.
    assert {b.path for b in list_backups(folder)} == set(made[1:])
    assert not is_verified(made[-1])
    assert all(is_verified(p) for p in made[1:4])


def _edited_tasks(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM tasks WHERE text LIKE '%(sửa)'").fetchone()[0])


def test_the_file_copy_is_consistent_while_another_connection_writes_and_checkpoints(
    samples: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Used from the copy, which runs in the backup's own thread.
    other = sqlite3.connect(samples.path, isolation_level=None, check_same_thread=False)
    other.execute("PRAGMA busy_timeout = 100")  # its checkpoints give up, as they must
    copied: list[Path] = []

    def copy_with_writes_between(src: Path, dst: Path, _stop: backups.CheckStop) -> None:
        # Half the file, then writes and every kind of checkpoint the other side may run,
        # then the rest: had SQLite moved the writes into the file, the copy would mix both.
        data = Path(src).read_bytes()
        half = len(data) // 2
        with open(dst, "wb") as out:
            out.write(data[:half])
            # Every task, so pages all through the file change (and split: longer text).
            other.execute("UPDATE tasks SET text = text || ' (sửa)'")
            for mode in ("PASSIVE", "FULL", "RESTART", "TRUNCATE"):
                other.execute(f"PRAGMA wal_checkpoint({mode})").fetchone()
            out.write(Path(src).read_bytes()[half:])
        copied.append(src)

    monkeypatch.setattr(backups, "_copy_stoppable", copy_with_writes_between)
    path = samples.exchange.backup_now()
    assert copied  # the fast way was taken
    tasks = int(other.execute("SELECT count(*) FROM tasks").fetchone()[0])
    assert tasks > 50
    assert _edited_tasks(other) == tasks
    other.close()
    assert backups.verify(path) == []  # whole, and the data as it was when the copy began
    copy = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    assert _edited_tasks(copy) == 0
    assert int(copy.execute("SELECT count(*) FROM tasks").fetchone()[0]) == tasks
    copy.close()


def test_a_reader_elsewhere_makes_the_copy_take_the_backup_api(
    samples: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    samples.store.set_setting("office.commune", "Phú Lạc")  # frames in the WAL
    reader = sqlite3.connect(samples.path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM settings").fetchone()  # holds its snapshot
    copied: list[Path] = []
    monkeypatch.setattr(backups, "_copy_stoppable", lambda src, _dst, _stop: copied.append(src))
    path = samples.exchange.backup_now()
    reader.execute("ROLLBACK")
    reader.close()
    assert copied == []
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    commune = conn.execute("SELECT value FROM settings WHERE key = 'office.commune'").fetchone()
    conn.close()
    assert commune is not None
    assert "Phú Lạc" in commune[0]
    assert backups.verify(path) == []


def test_a_file_the_system_will_not_share_is_copied_by_sqlite_instead(
    samples: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    def held(src: Path, dst: Path, _stop: backups.CheckStop) -> None:
        Path(dst).write_bytes(b"half a file")  # cut short by the lock
        raise PermissionError(13, "The process cannot access the file", src)

    monkeypatch.setattr(backups, "_copy_stoppable", held)
    path = samples.exchange.backup_now()
    assert backups.verify(path) == []
    assert [b.path for b in samples.exchange.backups()] == [path]
    assert sorted(p.name for p in path.parent.iterdir()) == sorted(
        [path.name, path.name + backups.VERIFIED_SUFFIX]
    )
