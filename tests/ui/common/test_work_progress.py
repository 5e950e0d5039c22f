"""The progress bar of long work: it goes away when the work ends, however long it took."""

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.ui.common.dialogs import WorkProgressDialog, work_progress


@pytest.mark.parametrize("shown_after_s", [0.0, 3600.0])
def test_the_bar_is_gone_and_no_longer_modal_once_the_work_ends(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, shown_after_s: float
) -> None:
    # Work longer than SHOW_AFTER_S shows the bar. It used to stay up, modal, until Qt's
    # next turn of the event loop deleted it: "Hủy"'s reject() refused to close it, and the
    # window's automatic backup, which waits while a modal dialog is up, waited a minute.
    monkeypatch.setattr(WorkProgressDialog, "SHOW_AFTER_S", shown_after_s)
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    with work_progress(parent, "Kiểm tra dữ liệu", "Đang kiểm tra…", "Đang kiểm tra") as step:
        assert step(1, 2, "các bảng")
        bar = QApplication.activeModalWidget()
        assert (bar is not None) == (shown_after_s == 0.0)
    assert QApplication.activeModalWidget() is None
    assert bar is None or not bar.isVisible()
