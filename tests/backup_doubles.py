"""Test doubles of a merge's backup check: its quick check ends when the test needs it to.

The merge commits once the quick check of its backup has passed, while the copy may go on
(``BackupUnderWay.safe_to_commit``). A test of a copy that fails before the commit, or of
"Hủy" while the merge waits, must hold the check back, or the commit may come first.
"""

import threading

import pytest

from desktop_app.storage import backups
from desktop_app.storage.backups import BackupUnderWay


def check_after_the_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The quick check ends after the copy (a fast disk, a slow processor)."""
    real_check = BackupUnderWay._check_snapshot

    def check(self: BackupUnderWay, snapshot: object) -> list[str]:
        assert self._copying is not None
        self._copying.join()
        return real_check(self, snapshot)  # type: ignore[arg-type]

    monkeypatch.setattr(BackupUnderWay, "_check_snapshot", check)


def check_until_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    """The quick check of a big office on an old disk: it goes on until the stop comes."""

    def check(self: BackupUnderWay, _snapshot: object) -> list[str]:
        while not self._stop.stopped:
            threading.Event().wait(0.01)
        raise backups._BackupStoppedError

    monkeypatch.setattr(BackupUnderWay, "_check_snapshot", check)
