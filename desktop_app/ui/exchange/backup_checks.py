"""The backups' full check and thinning, run off the window's thread while the clerk works.

A backup taken before a merge (and the window's own backups) gets only SQLite's quick check as
it is written; the full check, seconds per backup on a big office, runs here a little after,
in a worker thread (``workspace.backup_checks``), so the window never freezes for it. On
close a check under way is stopped at once: the backups it did not reach are checked at the
next start, before they count.

A merge may hand the window its backup still being copied (``ExchangeService.merge``): the
window looks every moment until it is written, and warns the clerk if it could not be.
"""

import contextlib
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from desktop_app.workspace import Workspace
from desktop_app.workspace.backup_checks import BackupCheckOutcome

# How long the window waits before it starts the checks: what the clerk just did (a merge)
# is drawn and answered first.
IDLE_DELAY_MS = 3_000
# How often the window looks whether the copy of a merge's backup is written (seconds at most).
COPY_POLL_MS = 200


class BackupChecksInBackground(QObject):
    """Starts the checks left for later when the window is idle; says what they found.

    ``say``: where a damaged backup is told (the status bar); ``warn``: where a merge's
    backup that could not be written is (a message the clerk must answer).
    """

    # Emitted in the worker's thread; Qt delivers it in the window's (a queued connection).
    finished = Signal(object)

    def __init__(
        self,
        workspace: Workspace,
        say: Callable[[str], None],
        parent: QObject,
        warn: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._ws = workspace
        self._say = say
        self._warn = warn or say
        self._copy_timer = QTimer(self)
        self._copy_timer.setInterval(COPY_POLL_MS)
        self._copy_timer.timeout.connect(self._look_at_merge_backup)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(IDLE_DELAY_MS)
        self._timer.timeout.connect(self.start_now)
        self.finished.connect(self._on_finished)

    def soon(self) -> None:
        """Start the checks due once the window has been idle a moment.

        A merge's backup still being copied is waited for first (without blocking).
        """
        if self._ws.is_open and self._ws.exchange.backup_finishing:
            self._copy_timer.start()
            return
        if self._ws.is_open and not self._ws.read_only and self._ws.exchange.checks_due:
            self._timer.start()

    def start_now(self) -> bool:
        """Start the checks due in the worker thread; False when there is nothing to start.

        While a dialog is up (a merge's progress bar) the clerk is in the middle of
        something: the checks wait for it to close.
        """
        if not self._ws.is_open or self._ws.read_only:
            return False
        if QApplication.activeModalWidget() is not None:
            self._timer.start()
            return False
        return self._ws.exchange.check_in_background(self._emit_finished) is not None

    @property
    def running(self) -> bool:
        return self._ws.is_open and self._ws.exchange.checking_in_background

    def stop(self) -> None:
        """On close: nothing more starts, and a check under way stops at once."""
        self._timer.stop()
        self._copy_timer.stop()
        if self._ws.is_open:
            self._ws.exchange.stop_background_check()

    def _emit_finished(self, outcome: BackupCheckOutcome) -> None:
        with contextlib.suppress(RuntimeError):  # the window was deleted meanwhile
            self.finished.emit(outcome)

    def _on_finished(self, outcome: BackupCheckOutcome) -> None:
        damage = outcome.damage_text()
        if damage:
            self._say(damage)
        if self._ws.is_open and self._ws.exchange.checks_due and not outcome.unfinished:
            self.soon()  # a backup taken while it ran

    def _look_at_merge_backup(self) -> None:
        if not self._ws.is_open:
            self._copy_timer.stop()
            return
        failure = self._ws.exchange.merge_backup_outcome()
        if failure is None:
            return  # still being copied
        self._copy_timer.stop()
        if failure:
            self._warn(failure)
        self.soon()
