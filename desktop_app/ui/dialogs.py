"""Message boxes with Vietnamese buttons (Qt ships no Vietnamese translation)."""

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QWidget

from desktop_app.domain.errors import UserError


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


def attempt(parent: QWidget | None, action: Callable[[], object]) -> bool:
    """Run a use case; a mistake the clerk can fix is shown in a message box (False)."""
    try:
        action()
    except UserError as exc:
        show_error(parent, exc.message)
        return False
    return True


def ask_yes_no(
    parent: QWidget | None, text: str, title: str = "Xác nhận", yes: str = "Đồng ý"
) -> bool:
    """A question whose buttons say what they do; No is the default."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.button(QMessageBox.StandardButton.Yes).setText(yes)
    box.button(QMessageBox.StandardButton.No).setText("Không")
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def ok_cancel_buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box
