"""Message boxes with Vietnamese buttons (Qt ships no Vietnamese translation)."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QWidget,
)
from typing_extensions import override

from desktop_app.domain.errors import UserError

if TYPE_CHECKING:
    from desktop_app.workspace import Workspace

ERROR_STYLE = "color: #b00020;"  # the red of what stops a dialog from closing

# Whether the main window can take wholesale new data now (a merge, a restore, a repair):
# it may first have to close the plan editor, asking the clerk over the given widget.
CanReplace = Callable[[QWidget], bool]


class ReplacingDialog(QDialog):
    """A dialog whose work replaces the data every window shows (a merge, a restore, a repair).

    It asks ``can_replace`` before that work, and emits ``data_replaced`` after it.
    """

    data_replaced = Signal()

    def __init__(
        self,
        workspace: "Workspace",
        parent: QWidget | None = None,
        *,
        can_replace: CanReplace | None = None,
    ) -> None:
        super().__init__(parent)
        self._ws = workspace
        self._can_replace = can_replace

    def may_replace(self) -> bool:
        """False when the main window cannot take new data now (the clerk kept an editor open)."""
        return self._can_replace is None or self._can_replace(self)


class CheckedDialog(QDialog):
    """A dialog that OK closes only when what was entered holds; else ``error`` says why.

    A subclass gives ``check``, which raises UserError with the reason.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)

    def check(self) -> None:
        raise NotImplementedError

    @override
    def accept(self) -> None:
        try:
            self.check()
        except UserError as exc:
            self.error.setText(exc.message)
            return
        super().accept()


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


class Unsaved(Enum):
    """The clerk's answer to "there are unsaved changes": what to do with them."""

    SAVE = "save"
    DISCARD = "discard"
    BACK = "back"  # stay and go on editing


def ask_unsaved(parent: QWidget, text: str) -> Unsaved:
    """Ask before changes are lost: Lưu / Bỏ thay đổi / Quay lại (the default, as Esc is)."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Chưa lưu",
        text,
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.button(QMessageBox.StandardButton.Save).setText("Lưu")
    box.button(QMessageBox.StandardButton.Discard).setText("Bỏ thay đổi")
    box.button(QMessageBox.StandardButton.Cancel).setText("Quay lại")
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    answer = box.exec()
    if answer == QMessageBox.StandardButton.Save:
        return Unsaved.SAVE
    if answer == QMessageBox.StandardButton.Discard:
        return Unsaved.DISCARD
    return Unsaved.BACK


def ok_cancel_buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


def _progress_dialog(parent: QWidget, title: str, label: str) -> QProgressDialog:
    dialog = QProgressDialog(label, "", 0, 1, parent)
    dialog.setWindowTitle(title)
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    return dialog


@contextmanager
def work_progress(
    parent: QWidget, title: str, label: str, doing: str
) -> Iterator[Callable[[int, int, str], None]]:
    """A progress bar for long work the clerk waits for, closed however the work ends.

    Gives the callback that moves the bar: it takes (done, total, what is being done now);
    each step says "<doing>: <what>" and lets the window repaint.
    """
    dialog = _progress_dialog(parent, title, label)

    def step(done: int, total: int, what: str) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)
        if what:
            dialog.setLabelText(f"{doing}: {what[:80]}")
        QApplication.processEvents()

    try:
        yield step
    finally:
        dialog.close()


@contextmanager
def wait_cursor() -> Iterator[None]:
    """The wait cursor while the block runs, put back however the block ends."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


@contextmanager
def busy(parent: QWidget, title: str, label: str) -> Iterator[None]:
    """A box that says the work goes on (no bar to fill), and the wait cursor, while it runs."""
    box = _progress_dialog(parent, title, label)
    box.setRange(0, 0)
    box.show()
    try:
        with wait_cursor():
            QApplication.processEvents()
            yield
    finally:
        box.close()
