"""Message boxes with Vietnamese buttons (Qt ships no Vietnamese translation)."""

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from desktop_app.domain.errors import UserError
from desktop_app.domain.record_rules import SHOWN_PROBLEMS, flagged_notice

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


def warn_flagged(parent: QWidget | None, flags: "Sequence[str]") -> None:
    """Say that the file just written shows bad stored values flagged, and which.

    Nothing when it came out clean. The file is written: the clerk is told to put the
    data right (Kiểm tra dữ liệu) before printing or signing it.
    """
    if not flags:
        return
    lines = [f"- {line}" for line in flags[:SHOWN_PROBLEMS]]
    if len(flags) > SHOWN_PROBLEMS:
        lines.append(f"- … và {len(flags) - SHOWN_PROBLEMS} chỗ khác.")
    show_error(parent, flagged_notice(len(flags)) + "\n\n" + "\n".join(lines), "Dữ liệu sai")


# The orange of a row read with a bad stored value (as the sheets fill it), a shade darker
# at the edge so that the banner reads as one.
FLAG_BANNER_STYLE = (
    "QLabel { background: #fbe0cf; border: 1px solid #e59866; border-radius: 3px; padding: 6px; }"
)


def flag_banner() -> QLabel:
    """The banner atop a window on a plan read with bad stored values; hidden until told."""
    banner = QLabel()
    banner.setWordWrap(True)
    banner.setStyleSheet(FLAG_BANNER_STYLE)
    banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    banner.hide()
    return banner


def show_flag_banner(
    banner: QLabel, problems: "Sequence[str]", what_works: str, *, tinted: bool = False
) -> None:
    """Say how many values of the plan were read wrong, that they are marked, what to run.

    ``what_works``: what the clerk can still do here, and what waits for the repair;
    ``tinted``: the window's tables fill the rows orange. The problems themselves are in
    the tooltip (a plan can have hundreds).
    """
    banner.setVisible(bool(problems))
    if not problems:
        banner.clear()
        return
    banner.setText(
        f"Kế hoạch này có {len(problems)} chỗ mang dữ liệu sai, được đánh dấu "
        f"\u201c[Dữ liệu sai: …]\u201d{' và tô màu cam' if tinted else ''}. Hãy chạy Kiểm tra "
        f"dữ liệu (lệnh check-db --repair) để sửa. {what_works}"
    )
    lines = [f"- {line}" for line in problems[:SHOWN_PROBLEMS]]
    if len(problems) > SHOWN_PROBLEMS:
        lines.append(f"- … và {len(problems) - SHOWN_PROBLEMS} chỗ khác.")
    banner.setToolTip("\n".join(lines))


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


class WorkProgressDialog(QDialog):
    """A progress bar for long work the clerk waits for, with "Hủy" (and Esc) to stop it.

    The work runs on the window's thread (the workspace's SQLite connection belongs to it)
    and calls :meth:`step` as it goes; each call repaints the window and hears the button,
    and returns False once the clerk asked to stop. The work then undoes itself; the
    dialog says so until it has, and cannot be closed meanwhile.
    """

    # Quick work never flashes a window: the dialog appears at the first report after this.
    SHOW_AFTER_S = 0.4

    def __init__(
        self, parent: QWidget, title: str, label: str, doing: str, *, cancellable: bool = True
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._doing = doing
        self._started = time.monotonic()
        self._working = True
        self.cancelled = False
        self.label = QLabel(label)
        self.label.setWordWrap(True)
        self.label.setMinimumWidth(420)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # no figure yet: the bar only says the work goes on
        self.bar.setFormat("%p%")
        self.hint = QLabel("Bấm “Hủy” hoặc Esc để dừng: mọi thứ sẽ giữ nguyên như trước.")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("QLabel { color: #555555; }")
        self.cancel_button = QPushButton("Hủy")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.setToolTip("Dừng việc đang làm; dữ liệu và các tệp giữ nguyên (Esc)")
        self.cancel_button.clicked.connect(self.request_cancel)
        self._cancellable = cancellable
        self.cancel_button.setVisible(cancellable)
        self.hint.setVisible(cancellable)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)

    def step(self, done: int, total: int, what: str) -> bool:
        """Move the bar; True while the work should go on."""
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(max(0, min(done, total)))
        if what and not self.cancelled:
            # The work's own words may already say what goes on ("Đang gộp dữ liệu…").
            text = what if what.startswith("Đang ") else f"{self._doing}: {what}"
            self.label.setText(text[:100])
        if not self.isVisible() and time.monotonic() - self._started >= self.SHOW_AFTER_S:
            self.show()
        QApplication.processEvents()
        return not self.cancelled

    def request_cancel(self) -> None:
        """What "Hủy", Esc and the title bar's close do: ask the work to stop and undo."""
        if self.cancelled or not self._working or not self._cancellable:
            return
        self.cancelled = True
        self.cancel_button.setEnabled(False)
        self.label.setText("Đang hủy, đưa mọi thứ về như trước…")
        self.hint.setText("Xin chờ giây lát: dữ liệu và các tệp sẽ như trước khi bắt đầu.")

    @override
    def reject(self) -> None:
        if self._working:
            self.request_cancel()  # the window closes when the work has undone itself
            return
        super().reject()  # QDialog's close goes through here: once the work ended, it closes

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        if self._working:
            self.request_cancel()
            event.ignore()
            return
        super().closeEvent(event)

    def finish(self) -> None:
        self._working = False
        self.close()


@contextmanager
def work_progress(
    parent: QWidget, title: str, label: str, doing: str, *, cancellable: bool = True
) -> Iterator[Callable[[int, int, str], bool]]:
    """A progress bar for long work the clerk waits for, closed however the work ends.

    Gives the callback that moves the bar: it takes (done, total, what is being done now);
    each step says "<doing>: <what>", lets the window repaint, and returns False once the
    clerk pressed "Hủy" (the workspace's services then raise CancelledError). Work that
    cannot stop passes ``cancellable=False``: no button promises what it would not do.
    """
    dialog = WorkProgressDialog(parent, title, label, doing, cancellable=cancellable)
    try:
        yield dialog.step
    finally:
        dialog.finish()
        dialog.deleteLater()


def show_cancelled(parent: QWidget | None, text: str) -> None:
    """After "Hủy": what was stopped, and that nothing was changed."""
    show_info(parent, text, "Đã hủy")


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


EXCEL_FILTER = "Bảng tính Excel (*.xlsx)"


def ask_xlsx_path(parent: QWidget, title: str, suggested: Path) -> Path | None:
    """Where to save a workbook (None: the clerk changed their mind); always ends in .xlsx."""
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), EXCEL_FILTER)
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")
