"""Qt helpers for UI tests."""

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.ui.main_window import MainWindow
from desktop_app.workspace import Workspace

TODAY = dt.date(2026, 11, 23)


def type_text(widget: QWidget, text: str) -> None:
    """Type any Unicode: QTest.keyClicks aborts the process on non-ASCII characters."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            )


def when_modal(act: Callable[[QWidget], None]) -> None:
    """Act on the next modal dialog once it is up (exec() blocks the test until then)."""

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if widget is None:
            QTimer.singleShot(20, poll)
        else:
            act(widget)

    QTimer.singleShot(20, poll)


def close_message(texts: list[str]) -> None:
    """Note the text of the next message box and close it."""

    def act(widget: QWidget) -> None:
        assert isinstance(widget, QMessageBox)
        texts.append(widget.text())
        widget.accept()

    when_modal(act)


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
    return open_window(qtbot, samples)
