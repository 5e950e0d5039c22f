"""Keeping the data safe: "Sao lưu và khôi phục…" and "Kiểm tra dữ liệu…".

Both may replace the data wholesale (a restore puts a whole earlier file in place; a repair
adds rows back), so they emit ``data_replaced`` for the main window to read everything
again, and ask it first (``can_replace``) whether the plan editor may be closed.
"""

import contextlib
import datetime as dt
from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import CancelledError, UserError
from desktop_app.storage.backups import BackupInfo
from desktop_app.storage.integrity import IntegrityReport
from desktop_app.ui.common.buttons import field_row, plain_button
from desktop_app.ui.common.dialogs import (
    CanReplace,
    ReplacingDialog,
    ask_yes_no,
    show_cancelled,
    show_error,
    show_info,
    wait_cursor,
    work_progress,
)
from desktop_app.ui.common.formatting import datetime_text
from desktop_app.ui.common.screen import fit_to_screen
from desktop_app.ui.common.tables import key_shortcut, make_table, select_source_row, source_row
from desktop_app.ui.exchange.exchange_models import BackupsTableModel, ProblemsTableModel
from desktop_app.workspace import Workspace

OK_COLOUR = "#1b7f3b"
PROBLEM_COLOUR = "#b00020"
BACKUP_POLICY = (
    "Chương trình tự sao lưu khi dữ liệu có thay đổi (30 phút một lần và khi đóng chương "
    "trình), và luôn sao lưu trước khi nhập gói, khôi phục hay sửa dữ liệu. Bản cũ được tỉa "
    "bớt: giữ mọi bản trong ngày, rồi mỗi ngày, mỗi tuần, mỗi tháng một bản. Nên chọn thư "
    "mục sao lưu ở ổ đĩa khác để phòng hỏng ổ."
)
CHECKED = (
    "Đã kiểm tra: tệp dữ liệu có nguyên vẹn không (theo SQLite), các bản ghi có trỏ tới bản "
    "ghi không còn không, đơn vị hay xóm đã xóa mà kế hoạch còn giao việc, nhiệm vụ nằm dưới "
    "mục của kế hoạch khác hay dưới mục đã xóa, ngày tháng không có thật, và chỉ mục tìm kiếm."
)
BACKUP_FILTER = "Tệp dữ liệu, bản sao lưu (*.sqlite);;Mọi tệp (*)"


class BackupsDialog(ReplacingDialog):
    """The backup folder, the backups in it, "Sao lưu ngay" and the two ways to restore."""

    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        *,
        can_replace: CanReplace | None = None,
    ) -> None:
        super().__init__(workspace, parent, can_replace=can_replace)
        self.setWindowTitle("Sao lưu và khôi phục")
        fit_to_screen(self, 860, 560)

        self.folder_edit = QLineEdit()
        self.folder_edit.setReadOnly(True)
        folder_row = field_row(
            "Thư mục sao lưu:",
            self.folder_edit,
            plain_button("Đổi thư mục…", self.change_folder),
            plain_button("Mở thư mục", self.open_folder),
        )
        policy = QLabel(BACKUP_POLICY)
        policy.setWordWrap(True)
        policy.setStyleSheet("QLabel { color: #444444; }")

        self.model = BackupsTableModel(self)
        self.view = make_table(self.model, self, stretch_column=BackupsTableModel.COL_FILE)
        self.view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.view.doubleClicked.connect(lambda _i: self.restore_selected())
        self.count_label = QLabel()

        self.backup_button = QPushButton("Sao lưu ngay")
        self.restore_button = QPushButton("Khôi phục bản đã chọn…")
        restore_file = QPushButton("Khôi phục từ tệp khác…")
        close = QPushButton("Đóng")
        for button, slot in (
            (self.backup_button, self.backup_now),
            (self.restore_button, self.restore_selected),
            (restore_file, self.restore_other_file),
            (close, self.accept),
        ):
            button.setAutoDefault(False)
            button.clicked.connect(slot)
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(restore_file)
        buttons.addStretch(1)
        buttons.addWidget(close)
        key_shortcut(Qt.Key.Key_Return, self.view, self.restore_selected)

        layout = QVBoxLayout(self)
        layout.addLayout(folder_row)
        layout.addWidget(policy)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        self.folder_edit.setText(str(self._ws.exchange.backup_dir))
        self.model.set_rows(self._ws.exchange.backups())
        count = self.model.rowCount()
        self.count_label.setText(
            f"{count} bản sao lưu" if count else "Chưa có bản sao lưu nào trong thư mục này."
        )
        self._on_selection_changed(QItemSelection(), QItemSelection())

    def _on_selection_changed(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def selected(self) -> BackupInfo | None:
        row = source_row(self.view)
        return None if row is None else self.model.row_object(row)

    def select(self, path: Path) -> bool:
        for row, backup in enumerate(self.model.rows()):
            if backup.path == path:
                select_source_row(self.view, row)
                return True
        return False

    # ---- the folder ------------------------------------------------------------------------

    def change_folder(self, folder: Path | None = None) -> None:
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(
                self, "Chọn thư mục sao lưu", str(self._ws.exchange.backup_dir)
            )
            if not chosen:
                return
            folder = Path(chosen)
        try:
            self._ws.exchange.set_backup_dir(folder)
        except UserError as exc:
            show_error(self, exc.message)
            return
        self.reload()
        show_info(
            self,
            f"Từ nay bản sao lưu được ghi vào {folder}. Các bản đã có vẫn ở thư mục cũ.",
            "Đã đổi thư mục sao lưu",
        )

    def open_folder(self) -> None:
        folder = self._ws.exchange.backup_dir
        with contextlib.suppress(OSError):  # a folder that cannot be made: the system says so
            folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # ---- backing up and restoring ----------------------------------------------------------

    def backup_now(self) -> Path | None:
        try:
            with wait_cursor():
                path = self._ws.exchange.backup_now()
        except UserError as exc:
            show_error(self, exc.message, "Không sao lưu được")
            return None
        self.reload()
        self.select(path)
        return path

    def restore_selected(self) -> Path | None:
        backup = self.selected()
        if backup is None:
            show_error(self, "Hãy chọn một bản sao lưu trong danh sách.")
            return None
        return self._restore(
            backup.path,
            f"bản sao lưu lúc {datetime_text(backup.taken_at)} ({backup.reason_text.lower()})",
        )

    def restore_other_file(self, path: Path | None = None) -> Path | None:
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self, "Khôi phục từ tệp", str(self._ws.exchange.backup_dir), BACKUP_FILTER
            )
            if not chosen:
                return None
            path = Path(chosen)
        return self._restore(path, f"tệp {path}")

    def _restore(self, source: Path, described: str) -> Path | None:
        """Confirm, then put ``source`` in place of the data; returns the backup taken first."""
        if not ask_yes_no(
            self,
            f"Khôi phục dữ liệu từ {described}?\n\nToàn bộ dữ liệu hiện tại sẽ được thay bằng "
            "bản này. Trước khi thay, chương trình sao lưu dữ liệu hiện tại (lý do \u201cTrước "
            "khi khôi phục\u201d), nên vẫn lấy lại được nếu cần.",
            "Khôi phục dữ liệu",
            yes="Khôi phục",
        ):
            return None
        if not self.may_replace():
            return None
        try:
            with wait_cursor():
                before = self._ws.exchange.restore_backup(source)
        except UserError as exc:
            show_error(self, exc.message, "Không khôi phục được")
            self.data_replaced.emit()  # the file is as it was, but it was closed and reopened
            return None
        self.data_replaced.emit()
        self.reload()
        show_info(
            self,
            f"Đã khôi phục dữ liệu từ {described}.\n\nDữ liệu ngay trước khi khôi phục được "
            f"giữ ở bản sao lưu {before.name}.",
            "Đã khôi phục",
        )
        return before


class CheckDataDialog(ReplacingDialog):
    """What is wrong with the data file, and the repairs that add back without deleting."""

    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        *,
        can_replace: CanReplace | None = None,
    ) -> None:
        super().__init__(workspace, parent, can_replace=can_replace)
        self.report: IntegrityReport | None = None
        self.setWindowTitle("Kiểm tra dữ liệu")
        fit_to_screen(self, 900, 540)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        self.checked_label = QLabel(CHECKED)
        self.checked_label.setWordWrap(True)
        self.checked_label.setStyleSheet("QLabel { color: #444444; }")
        self.model = ProblemsTableModel(self)
        self.view = make_table(self.model, self, stretch_column=ProblemsTableModel.COL_WHAT)
        self.view.horizontalHeader().setSectionResizeMode(
            ProblemsTableModel.COL_REPAIR, QHeaderView.ResizeMode.Stretch
        )
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Holds the room of the list while there is nothing wrong to list.
        self.spacer = QWidget()
        self.done_label = QLabel("<b>Đã sửa:</b>")
        self.done_text = QPlainTextEdit()
        self.done_text.setReadOnly(True)
        self.done_text.setMaximumHeight(140)

        self.check_button = QPushButton("Kiểm tra lại")
        self.repair_button = QPushButton("Sửa các lỗi sửa được…")
        self.backups_hint = QLabel(
            "Lỗi không tự sửa được: hãy khôi phục bản sao lưu gần nhất (Tệp > Sao lưu và "
            "khôi phục…)."
        )
        self.backups_hint.setWordWrap(True)
        close = QPushButton("Đóng")
        for button, slot in (
            (self.check_button, self.check),
            (self.repair_button, self.repair),
            (close, self.accept),
        ):
            button.setAutoDefault(False)
            button.clicked.connect(slot)
        self.check_button.setShortcut(QKeySequence("F5"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.repair_button)
        buttons.addStretch(1)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.checked_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.spacer, 1)
        layout.addWidget(self.backups_hint)
        layout.addWidget(self.done_label)
        layout.addWidget(self.done_text)
        layout.addLayout(buttons)
        self.done_label.setVisible(False)
        self.done_text.setVisible(False)
        self.check()

    def check(self) -> IntegrityReport | None:
        """Check the data, with a progress bar and "Hủy"; None when the clerk stopped it."""
        # Before the dialog is shown (the first check), the bar goes over the main window.
        over = self if self.isVisible() else (self.parentWidget() or self)
        try:
            with work_progress(
                over, "Kiểm tra dữ liệu", "Đang kiểm tra dữ liệu…", "Đang kiểm tra"
            ) as step:
                report = self._ws.exchange.check_db(step)
        except CancelledError:
            self._show_stopped()
            return None
        self.report = report
        self.model.set_rows(report.problems)
        colour = OK_COLOUR if report.ok else PROBLEM_COLOUR
        self.summary.setStyleSheet(f"QLabel {{ color: {colour}; }}")
        self.summary.setText(f"{report.summary_text()} (kiểm tra lúc {dt.datetime.now():%H:%M})")
        self.view.setVisible(bool(report.problems))
        self.spacer.setVisible(not report.problems)
        fixable = sum(p.repairable for p in report.problems)
        self.repair_button.setEnabled(report.sqlite_ok and fixable > 0)
        self.backups_hint.setVisible(
            not report.sqlite_ok or any(not p.repairable for p in report.problems)
        )
        return report

    def _show_stopped(self) -> None:
        self.report = None
        self.model.set_rows(())
        self.summary.setStyleSheet(f"QLabel {{ color: {PROBLEM_COLOUR}; }}")
        self.summary.setText(
            "Đã dừng kiểm tra theo yêu cầu: chưa kiểm tra xong, dữ liệu chưa có gì thay đổi. "
            "Bấm “Kiểm tra lại” (F5) để kiểm tra từ đầu."
        )
        self.view.setVisible(False)
        self.spacer.setVisible(True)
        self.repair_button.setEnabled(False)
        self.backups_hint.setVisible(False)

    def repair(self) -> list[str]:
        report = self.report
        if report is None or not self.repair_button.isEnabled():
            return []
        fixable = sum(p.repairable for p in report.problems)
        if not ask_yes_no(
            self,
            f"Sửa {fixable} lỗi sửa được?\n\nTrước khi sửa, chương trình sao lưu dữ liệu. "
            "Việc sửa chỉ tạo lại bản ghi bị thiếu, khôi phục bản ghi, bỏ liên kết hỏng hoặc "
            "dựng lại chỉ mục tìm kiếm; không xóa gì của bạn.",
            "Sửa dữ liệu",
            yes="Sửa",
        ):
            return []
        if not self.may_replace():
            return []
        try:
            with work_progress(self, "Sửa dữ liệu", "Đang sửa dữ liệu…", "Đang sửa") as step:
                done = self._ws.exchange.repair_db(step)
        except CancelledError:
            show_cancelled(
                self,
                "Đã hủy sửa dữ liệu: dữ liệu chưa có gì thay đổi, không có bản sao lưu nào "
                "được thêm.",
            )
            return []
        except UserError as exc:
            show_error(self, exc.message, "Không sửa được")
            return []
        self.done_text.setPlainText("\n".join(done) or "Không có gì cần sửa.")
        self.done_label.setVisible(True)
        self.done_text.setVisible(True)
        self.data_replaced.emit()
        self.check()
        return done
