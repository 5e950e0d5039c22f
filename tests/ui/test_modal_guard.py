"""A modal dialog that no test helper answers fails its test at once instead of hanging."""

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from tests.ui.conftest import ModalAnswers, UnexpectedModalError, close_message, when_modal


def test_an_unanswered_message_box_raises_instead_of_blocking(qtbot: QtBot) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, "Tiêu đề", "Nội dung")
    qtbot.addWidget(box)
    with pytest.raises(UnexpectedModalError, match="QMessageBox 'Tiêu đề'"):
        box.exec()


def test_an_unanswered_file_dialog_raises_instead_of_blocking() -> None:
    with pytest.raises(UnexpectedModalError, match=r"QFileDialog\.getOpenFileName"):
        QFileDialog.getOpenFileName(None, "Mở", "", "*.xlsx")


def test_an_answered_modal_runs(qtbot: QtBot) -> None:
    texts: list[str] = []
    box = QMessageBox(QMessageBox.Icon.Information, "Tiêu đề", "Đã xong")
    qtbot.addWidget(box)
    close_message(texts)
    assert box.exec() == QDialog.DialogCode.Accepted
    assert texts == ["Đã xong"]
    assert ModalAnswers.pending == 0


def test_a_helper_of_an_ended_test_leaves_the_next_tests_box_alone(qtbot: QtBot) -> None:
    acted: list[str] = []
    when_modal(lambda widget: acted.append(widget.windowTitle()), kind=QMessageBox)
    ModalAnswers.pending = 0
    ModalAnswers.generation += 1  # what the guard fixture does when a test ends

    box = QMessageBox(QMessageBox.Icon.Information, "Bài sau", "Của bài sau")
    qtbot.addWidget(box)
    box.setModal(True)
    box.show()
    qtbot.wait(200)  # ten polls of the old helper
    assert acted == []
    box.close()
