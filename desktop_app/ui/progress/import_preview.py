"""What a returned Excel progress sheet would change, shown before anything is saved.

One line per changed row of the sheet, one tick box per changed cell under it. What the
preview flags (older news, a cell the program changed since the sheet went out, a row the
unit added) starts unticked; "Áp dụng" records the ticked cells in one go, "Hủy" keeps
nothing.
"""

import datetime as dt
from html import escape

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import UserError
from desktop_app.domain.sheet_changes import SheetPreview
from desktop_app.ui.common.dialogs import show_error, show_info
from desktop_app.ui.common.screen import fit_to_screen
from desktop_app.ui.progress.sheet_changes_model import SheetChangesModel
from desktop_app.workspace import Workspace

PROBLEM_COLOUR = "#b00020"
PROBLEM_LINES = 8  # the problem list grows to this many lines, then scrolls


class ImportPreviewDialog(QDialog):
    """The changes of a returned sheet, to tick and apply, or cancel."""

    def __init__(
        self,
        workspace: Workspace,
        preview: SheetPreview,
        parent: QWidget | None = None,
        *,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self._ws = workspace
        self.preview = preview
        self._today = today
        self.applied = 0
        self.setWindowTitle(f"Nhập phiếu tiến độ: {preview.file_name}")
        fit_to_screen(self, 1000, 640)

        source = self._build_labels()
        self.model = SheetChangesModel(list(preview.changes), self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 260)
        header.resizeSection(1, 300)
        header.setStretchLastSection(True)
        self._span_row_lines()
        self.tree.expandAll()
        self.tree.setVisible(bool(preview.changes))

        self.apply_button = QPushButton("Áp dụng các thay đổi đã chọn")
        self.apply_button.setAutoDefault(False)
        self.apply_button.clicked.connect(self.apply)
        cancel = QPushButton("Hủy")
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.apply_button)
        bottom.addWidget(cancel)

        layout = QVBoxLayout(self)
        layout.addWidget(source)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems)
        layout.addWidget(self.notes)
        layout.addWidget(self.tree, 1)
        if not preview.changes:
            layout.addStretch(1)
        layout.addLayout(bottom)
        self.model.ticks_changed.connect(self._update_apply)
        self._update_apply()

    def _build_labels(self) -> QLabel:
        """Where the sheet comes from; set beside it: the summary, problems and notes."""
        preview = self.preview
        identity = preview.identity
        source = QLabel(
            f"Tệp <b>{escape(preview.file_name)}</b> ({escape(identity.scope.label)}), xuất "
            f"ngày {identity.exported_at:%d/%m/%Y}, kế hoạch "
            f"{escape(', '.join(identity.plan_refs))}."
        )
        source.setWordWrap(True)
        self.summary = QLabel(preview.summary())
        self.summary.setWordWrap(True)
        font = QFont(self.summary.font())
        font.setBold(True)
        self.summary.setFont(font)
        self.problems = QPlainTextEdit("\n".join(preview.problems))
        self.problems.setReadOnly(True)
        self.problems.setStyleSheet(f"QPlainTextEdit {{ color: {PROBLEM_COLOUR}; }}")
        lines = min(len(preview.problems), PROBLEM_LINES) + 1
        self.problems.setMaximumHeight(lines * self.problems.fontMetrics().lineSpacing() + 12)
        self.problems.setVisible(bool(preview.problems))
        self.notes = QLabel("\n".join(preview.notes))
        self.notes.setWordWrap(True)
        self.notes.setVisible(bool(preview.notes))

        return source

    def _span_row_lines(self) -> None:
        """A sheet row's line and its warnings run across the three columns."""
        root = QModelIndex()
        for row in range(self.model.rowCount()):
            self.tree.setFirstColumnSpanned(row, root, True)
            top = self.model.index(row, 0)
            for line in range(self.model.rowCount(top)):
                if self.model.is_warning(self.model.index(line, 0, top)):
                    self.tree.setFirstColumnSpanned(line, top, True)

    def change_index(self, index: int) -> QModelIndex:
        return self.model.index(index, 0)

    def field_indexes(self, index: int) -> list[QModelIndex]:
        """The tick-box lines under a change (its warnings left out)."""
        top = self.change_index(index)
        lines = (self.model.index(i, 0, top) for i in range(self.model.rowCount(top)))
        return [line for line in lines if self.model.field(line) is not None]

    def ticked(self) -> dict[int, set[str]]:
        """By index in the preview's changes, the field names ticked."""
        return self.model.ticked()

    def _update_apply(self) -> None:
        self.apply_button.setEnabled(self.preview.can_apply and bool(self.ticked()))

    def apply(self) -> int:
        """Record the ticked cells in one transaction, say how many rows, and close."""
        if not self.apply_button.isEnabled():
            return 0
        try:
            self.applied = self._ws.progress.apply_xlsx(
                self.preview, self.ticked(), today=self._today
            )
        except UserError as exc:
            show_error(self, exc.message)
            return 0
        show_info(self, f"Đã cập nhật {self.applied} dòng từ {self.preview.file_name}.")
        self.accept()
        return self.applied
