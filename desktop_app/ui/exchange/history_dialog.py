"""Lịch sử thay đổi: the versions that edits and merges replaced, and bringing one back.

Nothing the clerk or a package replaces is lost: the earlier version goes to the history.
Here it can be seen beside the record as it is now, and restored (the version it replaces
goes to the history in its turn, so a restore can itself be undone).
"""

from html import escape

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import UserError
from desktop_app.domain.search import TextIndex
from desktop_app.domain.text import fold
from desktop_app.storage.history import HistoryEntry
from desktop_app.ui.common.dialogs import CanReplace, ReplacingDialog, ask_yes_no, show_error
from desktop_app.ui.common.formatting import datetime_text
from desktop_app.ui.common.screen import fit_to_screen
from desktop_app.ui.common.tables import (
    make_table,
    search_field,
    select_source_row,
    source_row,
    versions_table,
)
from desktop_app.ui.exchange.exchange_models import HistoryFieldsTableModel, HistoryTableModel
from desktop_app.workspace import Workspace

HISTORY_LIMIT = 500
EXPLAIN = (
    "Mỗi lần một bản ghi được sửa, xóa hay thay bằng bản trong gói nhập vào, bản cũ được "
    f"giữ ở đây ({HISTORY_LIMIT} lần gần nhất). Chọn một phiên bản để xem nó khác bản hiện "
    "tại thế nào; có thể khôi phục lại phiên bản đó."
)
NO_SELECTION = "Chọn một phiên bản trong danh sách để xem khác biệt với bản hiện tại."
DONE_COLOUR = "#1b7f3b"


def _when(entry: HistoryEntry) -> str:
    return datetime_text(entry.replaced_at)


class HistoryDialog(ReplacingDialog):
    """The list of earlier versions, a filter, the differences of one, and its restore."""

    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        *,
        can_replace: CanReplace | None = None,
    ) -> None:
        super().__init__(workspace, parent, can_replace=can_replace)
        self._entries: list[HistoryEntry] = []
        self._index: TextIndex[int] = TextIndex({})
        self.setWindowTitle("Lịch sử thay đổi")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint)
        fit_to_screen(self, 1100, 720)

        explain = QLabel(EXPLAIN)
        explain.setWordWrap(True)
        self.search = search_field("Lọc theo bản ghi, loại, lý do, máy… (Ctrl+F)")
        self.search.textChanged.connect(lambda _t: self._filter())
        self.count_label = QLabel()
        filter_row = QHBoxLayout()
        filter_row.addWidget(self.search, 1)
        filter_row.addWidget(self.count_label)

        self.model = HistoryTableModel(self)
        self.view = make_table(self.model, self, stretch_column=HistoryTableModel.COL_LABEL)
        self.view.selectionModel().selectionChanged.connect(self._on_selection_changed)

        detail = QWidget()
        self.detail_title = QLabel(NO_SELECTION)
        self.detail_title.setWordWrap(True)
        self.fields_model = HistoryFieldsTableModel(self)
        self.fields_view = versions_table(self.fields_model, detail)
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 4, 0, 0)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addWidget(self.fields_view, 1)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)

        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setStyleSheet(f"QLabel {{ color: {DONE_COLOUR}; }}")
        self.restore_button = QPushButton("Khôi phục phiên bản này…")
        close = QPushButton("Đóng")
        for button, slot in ((self.restore_button, self.restore_selected), (close, self.accept)):
            button.setAutoDefault(False)
            button.clicked.connect(slot)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(filter_row)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)
        self.reload()

    def reload(self) -> None:
        """Read the history again; the selected version stays selected when still listed."""
        current = self.selected()
        self._entries = self._ws.exchange.history(limit=HISTORY_LIMIT)
        self._index = TextIndex(
            {
                n: fold(" ".join((e.what, e.label, e.reason_text, e.device_text, _when(e))))
                for n, e in enumerate(self._entries)
            }
        )
        self._filter()
        if current is not None:
            self.select_seq(current.seq)

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _filter(self) -> None:
        found = self._index.matching(self.search.text())
        rows = [e for n, e in enumerate(self._entries) if found is None or n in found]
        self.model.set_rows(rows)
        self.count_label.setText(f"{len(rows)}/{len(self._entries)} phiên bản")
        self._show(self.selected())

    def selected(self) -> HistoryEntry | None:
        row = source_row(self.view)
        return None if row is None else self.model.row_object(row)

    def select_seq(self, seq: int) -> bool:
        for row, entry in enumerate(self.model.rows()):
            if entry.seq == seq:
                select_source_row(self.view, row)
                return True
        return False

    def _on_selection_changed(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        self._show(self.selected())

    def _show(self, entry: HistoryEntry | None) -> None:
        if entry is None:
            self.detail_title.setText(NO_SELECTION)
            self.fields_model.set_rows([])
            self.restore_button.setEnabled(False)
            return
        same = "" if entry.differences else " Phiên bản này giống hệt bản hiện tại."
        self.detail_title.setText(
            f"<b>{escape(entry.what)}: {escape(entry.label)}</b><br>Bị thay lúc {_when(entry)} "
            f"({escape(entry.reason_text.lower())}, {escape(entry.device_text)}).{same}"
        )
        self.fields_model.set_rows(entry.differences)
        self.restore_button.setEnabled(bool(entry.differences))

    def restore_selected(self) -> bool:
        """Confirm, then make the selected version the current one again."""
        entry = self.selected()
        if entry is None or not entry.differences:
            return False
        if not ask_yes_no(
            self,
            f"Khôi phục phiên bản lúc {_when(entry)} của \u201c{entry.label}\u201d "
            f"({entry.what.lower()})?\n\nBản hiện tại sẽ được lưu vào lịch sử, nên vẫn lấy "
            "lại được.",
            "Khôi phục phiên bản",
            yes="Khôi phục",
        ):
            return False
        if not self.may_replace():
            return False
        try:
            self._ws.exchange.restore_version(entry.seq)
        except UserError as exc:
            show_error(self, exc.message, "Không khôi phục được")
            return False
        self.data_replaced.emit()
        self.reload()
        self.status_label.setText(
            f"Đã khôi phục phiên bản lúc {_when(entry)} của \u201c{entry.label}\u201d."
        )
        return True
