"""Message boxes with Vietnamese buttons (Qt ships no Vietnamese translation)."""

from PySide6.QtWidgets import QMessageBox, QWidget


def show_error(parent: QWidget | None, text: str, title: str = "Có lỗi") -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.button(QMessageBox.StandardButton.Ok).setText("Đóng")
    box.exec()


def show_info(parent: QWidget | None, text: str, title: str = "Thông báo") -> None:
    box = QMessageBox(
        QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent
    )
    box.button(QMessageBox.StandardButton.Ok).setText("Đóng")
    box.exec()
