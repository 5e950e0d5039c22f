"""Pressing "Hủy" (or Esc) on a progress dialog at the Nth report of the work, never by time."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest

from desktop_app.ui.common.dialogs import WorkProgressDialog


@dataclass
class StopAt:
    """What happened when the clerk stopped the work at the ``call``th report."""

    call: int
    use_escape: bool = False
    calls: int = 0
    # The dialog as the clerk saw it right after pressing: (label, button enabled, visible).
    seen: list[tuple[str, bool, bool]] = field(default_factory=list)
    answers: list[bool] = field(default_factory=list)

    def wrap(self, step: Callable[[int, int, str], bool]) -> Callable[[int, int, str], bool]:
        dialog = step.__self__  # type: ignore[attr-defined]
        assert isinstance(dialog, WorkProgressDialog)

        def press() -> None:
            assert dialog.isVisible()
            if self.use_escape:
                QTest.keyClick(dialog, Qt.Key.Key_Escape)
            else:
                QTest.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
            self.seen.append(
                (dialog.label.text(), dialog.cancel_button.isEnabled(), dialog.isVisible())
            )

        def pressing(done: int, total: int, what: str) -> bool:
            self.calls += 1
            if self.calls == self.call:
                # Pressed while the report lets the window handle its events, as a click
                # that came during the work is.
                QTimer.singleShot(0, press)
            go_on = step(done, total, what)
            self.answers.append(go_on)
            return go_on

        return pressing


def stop_at(monkeypatch: pytest.MonkeyPatch, service: object, method: str, stop: StopAt) -> StopAt:
    """Make ``service.method`` hand the work a callback that presses at the chosen report.

    The window's progress callback (a :class:`WorkProgressDialog`'s ``step``) is found among
    the arguments, wherever the window passes it. The dialog shows at once, as on a slow job.
    """
    monkeypatch.setattr(WorkProgressDialog, "SHOW_AFTER_S", 0.0)
    real = getattr(service, method)

    def is_step(value: object) -> bool:
        return isinstance(getattr(value, "__self__", None), WorkProgressDialog)

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        args = tuple(stop.wrap(a) if is_step(a) else a for a in args)
        kwargs = {k: stop.wrap(v) if is_step(v) else v for k, v in kwargs.items()}
        return real(*args, **kwargs)

    monkeypatch.setattr(service, method, wrapped)
    return stop
