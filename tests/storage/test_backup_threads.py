"""The backups' full checks off the window's thread (issue 23): one thinning of a folder at a
time, and a check that can be stopped without counting, setting aside or removing anything.

No test here waits for a time: a test double of the check blocks on an event the test sets.
"""

import contextlib
import datetime as dt
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from desktop_app.storage import backups
from desktop_app.storage.backups import BackupReason, CheckStop, is_verified, list_backups, thin
from desktop_app.workspace import Workspace
from desktop_app.workspace.backup_checks import BackgroundCheck, BackupCheckOutcome

# Long enough for any busy machine; reached only when the code under test is broken.
NEVER = 120
NOW = dt.datetime(2026, 12, 7, 15, 0)
A_YEAR_AGO = NOW - dt.timedelta(days=365)


class BlockingCheck:
    """SQLite's full check, held at its start until the test releases it.

    ``stop`` (a :class:`CheckStop`) releases it too, as SQLite's interrupt ends a real one.
    Records the checks running at once.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()
        self.arrived: dict[str, threading.Event] = {}
        self.running = 0
        self.most_at_once = 0
        self._count = threading.Lock()
        real = backups._check_if_readable

        def blocking(path: Path, pragma: str, stop: CheckStop | None = None) -> list[str] | None:
            if pragma != "integrity_check":
                return real(path, pragma, stop)
            with self._count:
                self.running += 1
                self.most_at_once = max(self.most_at_once, self.running)
            self._arrive()
            try:
                with (stop or CheckStop()).running(self.release.set):
                    self.entered.set()
                    assert self.release.wait(NEVER)
                return real(path, pragma, stop)
            finally:
                with self._count:
                    self.running -= 1

        monkeypatch.setattr(backups, "_check_if_readable", blocking)

    def _arrive(self) -> None:
        event = self.arrived.get(threading.current_thread().name)
        if event is not None:
            event.set()


class WatchedLock:
    """The folder's lock, telling when a thread starts waiting for it."""

    def __init__(self, lock: threading.Lock, arrived: dict[str, threading.Event]) -> None:
        self._lock = lock
        self._arrived = arrived

    def __enter__(self) -> None:
        event = self._arrived.get(threading.current_thread().name)
        if event is not None:
            event.set()
        self._lock.acquire()

    def __exit__(self, *exc: object) -> None:
        self._lock.release()


@pytest.fixture
def folder(samples: Workspace, tmp_path: Path) -> Path:
    """Five backups a year old, none fully checked yet."""
    out = tmp_path / "sao-luu"
    for i in range(5):
        at = A_YEAR_AGO + dt.timedelta(seconds=10 * i)
        backups.write_backup(samples.store.conn, out, BackupReason.AUTO, at)
    return out


@pytest.fixture
def blocking(monkeypatch: pytest.MonkeyPatch) -> Iterator[BlockingCheck]:
    check = BlockingCheck(monkeypatch)
    yield check
    check.release.set()  # a failed test must not leave a thread waiting


def test_two_thinnings_of_one_folder_never_run_at_once(
    folder: Path, blocking: BlockingCheck, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_lock = backups._folder_lock
    monkeypatch.setattr(
        backups, "_folder_lock", lambda f: WatchedLock(real_lock(f), blocking.arrived)
    )
    second_arrived = blocking.arrived["second"] = threading.Event()
    results: dict[str, backups.Thinning] = {}

    def run(name: str) -> threading.Thread:
        thread = threading.Thread(
            target=lambda: results.__setitem__(name, thin(folder, NOW)), name=name
        )
        thread.start()
        return thread

    first = run("first")
    assert blocking.entered.wait(NEVER)  # the first is in its first full check
    second = run("second")
    # The second either waits for the folder's lock, or (without it) runs a check beside
    # the first one's.
    assert second_arrived.wait(NEVER)
    blocking.release.set()
    first.join(NEVER)
    second.join(NEVER)
    assert blocking.most_at_once == 1
    # The first checked and thinned; the second found the work done.
    assert len(list_backups(folder)) == 3
    assert all(is_verified(b.path) for b in list_backups(folder))
    assert len(results["first"].removed) == 2
    assert results["second"].removed == []
    assert results["second"].set_aside == []


def test_a_stopped_thinning_counts_sets_aside_and_removes_nothing(
    folder: Path, blocking: BlockingCheck
) -> None:
    stop = CheckStop()
    done: list[backups.Thinning] = []
    worker = threading.Thread(target=lambda: done.append(thin(folder, NOW, stop)))
    worker.start()
    assert blocking.entered.wait(NEVER)
    stop.stop()  # releases the check under way, as SQLite's interrupt would
    worker.join(NEVER)
    (thinning,) = done
    assert not thinning.complete
    assert thinning.removed == []
    assert thinning.set_aside == []
    assert len(list_backups(folder)) == 5
    assert not any(is_verified(b.path) for b in list_backups(folder))


class StopsOnceBegun(CheckStop):
    """Stopped while SQLite's check runs: SQLite's own interrupt, from its progress handler."""

    @contextlib.contextmanager
    def running(self, interrupt: Callable[[], None]) -> Iterator[bool]:
        conn = getattr(interrupt, "__self__")  # noqa: B009 (the connection being checked)
        assert isinstance(conn, sqlite3.Connection)
        self.steps = 0

        def progress() -> int:
            self.steps += 1
            if self.steps == 2:
                self.stop()
            return 0  # go on: only the interrupt ends the check

        conn.set_progress_handler(progress, 100)
        with super().running(interrupt) as going:
            yield going


def test_a_check_interrupted_by_sqlite_says_nothing_of_the_file(folder: Path) -> None:
    newest = list_backups(folder)[0].path
    stop = StopsOnceBegun()
    assert backups._check_if_readable(newest, "integrity_check", stop) is None
    assert stop.steps >= 2  # it was under way
    assert thin(folder, NOW, stop).complete is False
    assert len(list_backups(folder)) == 5  # nothing set aside, nothing removed
    assert backups.verify(newest) == []  # whole, as it was


def test_the_background_check_stops_at_once_and_leaves_the_folder_due(
    samples: Workspace, blocking: BlockingCheck
) -> None:
    merge_backup = samples.exchange.backup_now(BackupReason.BEFORE_MERGE)
    outcomes: list[BackupCheckOutcome] = []
    job = samples.exchange.check_in_background(outcomes.append)
    assert isinstance(job, BackgroundCheck)
    assert not samples.exchange.checks_due  # taken by the worker
    assert blocking.entered.wait(NEVER)
    assert samples.exchange.check_in_background(outcomes.append) is None  # one at a time
    samples.close(finish_backups=False)  # stops the check under way
    assert not job.running
    (outcome,) = outcomes
    assert outcome.unfinished == (merge_backup.parent,)
    assert merge_backup.exists()
    assert not is_verified(merge_backup)  # checked at the next start, before it counts


def test_the_background_check_verifies_and_reports(samples: Workspace) -> None:
    merge_backup = samples.exchange.backup_now(BackupReason.BEFORE_MERGE)
    outcomes: list[BackupCheckOutcome] = []
    job = samples.exchange.check_in_background(outcomes.append)
    assert job is not None
    job.wait()
    assert outcomes == [BackupCheckOutcome((), 0, ())]
    assert is_verified(merge_backup)
    assert not samples.exchange.checks_due
    assert samples.exchange.check_in_background(outcomes.append) is None  # nothing left


def test_closing_waits_for_a_background_check_then_finishes_what_is_left(
    samples: Workspace, blocking: BlockingCheck
) -> None:
    merge_backup = samples.exchange.backup_now(BackupReason.BEFORE_MERGE)
    job = samples.exchange.check_in_background(lambda outcome: None)
    assert job is not None
    assert blocking.entered.wait(NEVER)
    # A backup taken meanwhile leaves its check for later too.
    samples.store.set_setting("office.commune", "Phú Lạc")
    auto = samples.exchange.auto_backup(check_later=True)
    assert auto is not None
    assert not is_verified(auto)
    blocking.release.set()
    samples.close()  # the command line's: the worker's end is waited for, then the rest
    assert not job.running
    assert is_verified(merge_backup)
    assert is_verified(auto)


@pytest.mark.parametrize("by_the_kernel", [True, False], ids=["linux", "elsewhere"])
def test_the_backup_copy_is_the_file_byte_for_byte_and_a_stop_ends_it(
    samples: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, by_the_kernel: bool
) -> None:
    if not by_the_kernel:  # Windows: the bytes pass through the program
        monkeypatch.setattr(backups, "_copied_by_the_kernel", lambda *_args: False)
    monkeypatch.setattr(backups, "_COPY_CHUNK", 4096)  # many chunks even for the samples
    monkeypatch.setattr(backups, "_COPY_BUFFER", 4096)
    source = samples.path
    copy = tmp_path / "copy.sqlite"
    backups._copy_stoppable(source, copy, CheckStop())
    assert copy.read_bytes() == source.read_bytes()

    stop = CheckStop()
    stop.stop()
    with pytest.raises(backups._BackupStoppedError):
        backups._copy_stoppable(source, tmp_path / "stopped.sqlite", stop)
    assert (tmp_path / "stopped.sqlite").stat().st_size < source.stat().st_size
