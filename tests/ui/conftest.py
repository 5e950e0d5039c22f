"""Qt helpers for UI tests."""

import datetime as dt
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QInputDialog,
    QMessageBox,
    QWidget,
)
from pytestqt.exceptions import TimeoutError as QtTimeoutError
from pytestqt.qtbot import QtBot

from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.translations import install_qt_vietnamese
from desktop_app.workspace import Workspace

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="session", autouse=True)
def _qt_speaks_vietnamese(qapp: QApplication) -> None:
    """Qt's own words in Vietnamese, as ``desktop_app.ui.app.application()`` sets them."""
    install_qt_vietnamese()


def type_text(widget: QWidget, text: str) -> None:
    """Type any Unicode: QTest.keyClicks aborts the process on non-ASCII characters."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            )


class ModalAnswers:
    """How many modal dialogs the running test has set a helper to answer.

    A modal dialog's exec() blocks the test until someone closes it: one that no helper
    (when_modal, Boxes) waits for would hang the suite, so it fails its test at once instead.
    """

    pending = 0
    # Bumped when a test ends: a helper still polling for a dialog that never came stops
    # rather than answer the next test's dialog (and fail that test instead of its own).
    generation = 0

    @classmethod
    def expect(cls, count: int = 1) -> None:
        cls.pending += count

    @classmethod
    def answered(cls, count: int = 1) -> None:
        cls.pending = max(0, cls.pending - count)


class UnexpectedModalError(AssertionError):
    pass


def _unexpected(what: str) -> UnexpectedModalError:
    return UnexpectedModalError(f"{what} would wait for an answer no test helper gives")


@pytest.fixture(autouse=True)
def _no_unanswered_modal(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for dialog_class in (QDialog, QMessageBox, QInputDialog, QFileDialog):
        real_exec = dialog_class.exec

        def guarded_exec(dialog: QDialog, real_exec: Callable[[QDialog], int] = real_exec) -> int:
            if ModalAnswers.pending == 0:
                raise _unexpected(f"{type(dialog).__name__} {dialog.windowTitle()!r}")
            return real_exec(dialog)

        monkeypatch.setattr(dialog_class, "exec", guarded_exec)
    # The static helpers run exec() inside Qt, out of reach of the patch above.
    for owner, name in (
        (QFileDialog, "getOpenFileName"),
        (QFileDialog, "getSaveFileName"),
        (QFileDialog, "getExistingDirectory"),
        (QInputDialog, "getItem"),
        (QInputDialog, "getText"),
    ):
        real_static = getattr(owner, name)

        def guarded_static(
            *args: object,
            _real: Callable[..., object] = real_static,
            _name: str = f"{owner.__name__}.{name}",
        ) -> object:
            if ModalAnswers.pending == 0:
                raise _unexpected(_name)
            return _real(*args)

        monkeypatch.setattr(owner, name, staticmethod(guarded_static))
    ModalAnswers.pending = 0
    yield
    left = ModalAnswers.pending
    ModalAnswers.pending = 0
    ModalAnswers.generation += 1
    assert left == 0, f"{left} modal dialog(s) a helper waited for never came"


def when_modal(
    act: Callable[[QWidget], None], *, kind: type[QWidget] = QWidget, polls: int = 500
) -> None:
    """Act on the next modal dialog of ``kind`` once it is up (exec() blocks the test till then).

    It gives up after ``polls`` tries (10 s), so a dialog that never comes fails its test
    rather than being answered in a later one. Other modal windows on the way (a progress
    dialog, which a slower machine such as Windows under Wine shows) are let be.
    """
    ModalAnswers.expect()
    tries = 0
    # The next dialog, not the one being answered now: on Windows a dialog that has just
    # been accepted can still be the active modal widget for a moment.
    current = QApplication.activeModalWidget()
    generation = ModalAnswers.generation

    def poll() -> None:
        nonlocal tries
        if ModalAnswers.generation != generation:
            return
        tries += 1
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind) and widget is not current:
            ModalAnswers.answered()
            act(widget)
        elif tries < polls:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(20, poll)


def activate(qtbot: QtBot, widget: QWidget) -> None:
    """Make ``widget``'s window the active one, as a click on it would, before keys are sent.

    Qt's shortcuts fire only in the active window. Under Wine's null display driver (the
    Windows check) a dialog shown over the main window is often never made the foreground
    window, whatever Qt asks, so after a short wait Qt is told directly. A real window system
    activates it at once, and the wait ends there.
    """
    window = widget.window()
    window.activateWindow()
    try:
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=1000)
    except QtTimeoutError:
        with warnings.catch_warnings():
            # Deprecated for programs, which must leave activation to the window system.
            warnings.simplefilter("ignore", DeprecationWarning)
            QApplication.setActiveWindow(window)
    assert QApplication.activeWindow() is window


def close_message(texts: list[str]) -> None:
    """Note the text of the next message box and close it."""

    def act(widget: QWidget) -> None:
        assert isinstance(widget, QMessageBox)
        texts.append(widget.text())
        widget.accept()

    when_modal(act, kind=QMessageBox)


def open_window(qtbot: QtBot, ws: Workspace) -> MainWindow:
    """The main window on ``ws``, shown at the smallest screen size it must fit."""
    win = MainWindow(ws, today=TODAY)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    return win


def answer_file_dialog(
    monkeypatch: pytest.MonkeyPatch, method: str, answer: Path
) -> list[tuple[str, str]]:
    """``QFileDialog.<method>`` (getSaveFileName, getOpenFileName) answers ``answer`` unseen.

    Gives the list each call adds its (folder or suggested path, filters) to.
    """
    asked: list[tuple[str, str]] = []

    def pick(_parent: QWidget, _title: str, start: str, filters: str) -> tuple[str, str]:
        asked.append((start, filters))
        return str(answer), filters

    monkeypatch.setattr(QFileDialog, method, staticmethod(pick))
    return asked


@pytest.fixture
def window(qtbot: QtBot, samples: Workspace) -> MainWindow:
    """The window on the samples, their office taken as the clerk's own (set up)."""
    office = samples.plans.office()
    assert office is not None
    samples.plans.set_office(office)
    samples.store.mark_backed_up()  # the fixture's own write is not the clerk's to back up
    return open_window(qtbot, samples)
