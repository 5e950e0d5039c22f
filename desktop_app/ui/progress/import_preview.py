"""What a returned Excel progress sheet would change, shown before anything is saved.

One line per changed row of the sheet, one tick box per changed cell under it. What the
preview flags (older news, a cell the program changed since the sheet went out, a row the
unit added) starts unticked; "Áp dụng" records the ticked cells in one go, "Hủy" keeps
nothing.
"""

import datetime as dt
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import UserError
from desktop_app.domain.sheet_changes import FieldChange, RowChange, SheetPreview
from desktop_app.ui.common.dialogs import show_error, show_info
from desktop_app.workspace import Workspace

CHANGE_ROLE = Qt.ItemDataRole.UserRole + 1  # on a row's item: its index in preview.changes
FIELD_ROLE = Qt.ItemDataRole.UserRole + 2  # on a cell's item: the field name
WARNING_COLOUR = "#b35900"  # orange that still reads on white and on paper
PROBLEM_COLOUR = "#b00020"
LABEL_LENGTH = 120
PROBLEM_LINES = 8  # the problem list grows to this many lines, then scrolls
CONFLICT_TIP = "Chương trình đã có cập nhật khác cho ô này sau khi xuất phiếu."


def _short(text: str, length: int = LABEL_LENGTH) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


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
        self.resize(1000, 640)

        source = self._build_labels()
        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Ô/Trường", "Giá trị cũ", "Giá trị mới"])
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 260)
        header.resizeSection(1, 300)
        header.setStretchLastSection(True)
        self._fill_tree()
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
        self._syncing = False  # ticks being set by the program, not by the clerk
        self.tree.itemChanged.connect(self._on_item_changed)
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

    def _fill_tree(self) -> None:
        orange = QBrush(QColor(WARNING_COLOUR))
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for index, change in enumerate(self.preview.changes):
            top = QTreeWidgetItem(self.tree, [self._row_text(change)])
            top.setToolTip(
                0, f"Trang \u201c{change.sheet}\u201d, dòng {change.row}: {change.label}"
            )
            top.setData(0, CHANGE_ROLE, index)
            top.setFont(0, bold)
            # Not Qt's auto tri-state: it shows no box at all once one child (a warning
            # line) has none. _on_item_changed keeps the row's box and its cells' in step.
            top.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            top.setFirstColumnSpanned(True)
            for warning in change.warnings:
                line = QTreeWidgetItem(top, [f"\u26a0 {warning}"])
                line.setFlags(Qt.ItemFlag.ItemIsEnabled)
                line.setForeground(0, orange)
                line.setFirstColumnSpanned(True)
            state = Qt.CheckState.Checked if change.ticked else Qt.CheckState.Unchecked
            for field in change.fields:
                self._field_item(top, field, state)
            top.setCheckState(0, state)
            top.setExpanded(True)

    @staticmethod
    def _row_text(change: RowChange) -> str:
        return (
            f"Trang \u201c{change.sheet}\u201d, dòng {change.row} (ngày báo cáo "
            f"{change.reported_on:%d/%m/%Y}): {_short(change.label)}"
        )

    @staticmethod
    def _field_item(top: QTreeWidgetItem, field: FieldChange, state: Qt.CheckState) -> None:
        item = QTreeWidgetItem(top, [field.label, field.old, field.new])
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
        item.setData(0, FIELD_ROLE, field.name)
        item.setCheckState(0, state)
        for column, text in ((1, field.old), (2, field.new)):
            item.setToolTip(column, text)
        if field.conflict:
            orange = QBrush(QColor(WARNING_COLOUR))
            for column in range(3):
                item.setForeground(column, orange)
                item.setToolTip(column, CONFLICT_TIP)

    def change_item(self, index: int) -> QTreeWidgetItem:
        item = self.tree.topLevelItem(index)
        assert item is not None
        return item

    def field_items(self, index: int) -> list[QTreeWidgetItem]:
        """The tick-box lines under a change (its warnings left out)."""
        top = self.change_item(index)
        children = (top.child(i) for i in range(top.childCount()))
        return [c for c in children if c is not None and c.data(0, FIELD_ROLE) is not None]

    def ticked(self) -> dict[int, set[str]]:
        """By index in the preview's changes, the field names ticked."""
        result: dict[int, set[str]] = {}
        for index in range(self.tree.topLevelItemCount()):
            names = {
                str(item.data(0, FIELD_ROLE))
                for item in self.field_items(index)
                if item.checkState(0) == Qt.CheckState.Checked
            }
            if names:
                result[index] = names
        return result

    def _on_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._syncing or column != 0:
            return
        self._syncing = True
        try:
            parent = item.parent()
            if parent is None:
                state = item.checkState(0)
                if state != Qt.CheckState.PartiallyChecked:
                    index = int(item.data(0, CHANGE_ROLE))
                    for child in self.field_items(index):
                        child.setCheckState(0, state)
            else:
                index = int(parent.data(0, CHANGE_ROLE))
                ticks = [c.checkState(0) == Qt.CheckState.Checked for c in self.field_items(index)]
                if all(ticks):
                    parent.setCheckState(0, Qt.CheckState.Checked)
                elif any(ticks):
                    parent.setCheckState(0, Qt.CheckState.PartiallyChecked)
                else:
                    parent.setCheckState(0, Qt.CheckState.Unchecked)
        finally:
            self._syncing = False
        self._update_apply()

    def _update_apply(self) -> None:
        self.apply_button.setEnabled(self.preview.can_apply and bool(self.ticked()))

    def apply(self) -> int:
        """Record the ticked cells in one transaction, say how many rows, and close."""
        if not self.apply_button.isEnabled():
            return 0
        try:
            self.applied = self._ws.apply_xlsx(self.preview, self.ticked(), today=self._today)
        except UserError as exc:
            show_error(self, exc.message)
            return 0
        show_info(self, f"Đã cập nhật {self.applied} dòng từ {self.preview.file_name}.")
        self.accept()
        return self.applied
