"""The changes a returned progress sheet would make, as a tree of tick boxes.

A top row per changed row of the sheet; under it its warnings (no box), then one row per
changed cell with its box. A row's box shows its cells' (ticked, partly, not); ticking or
unticking the row ticks or unticks all its cells.
"""

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from typing_extensions import override

from desktop_app.domain.sheet_changes import FieldChange, RowChange
from desktop_app.ui.common.table_model import GroupsTreeModel, Index

WARNING_COLOUR = "#b35900"  # orange that still reads on white and on paper
LABEL_LENGTH = 120
CONFLICT_TIP = "Chương trình đã có cập nhật khác cho ô này sau khi xuất phiếu."


def _short(text: str, length: int = LABEL_LENGTH) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def row_text(change: RowChange) -> str:
    return (
        f"Trang \u201c{change.sheet}\u201d, dòng {change.row} (ngày báo cáo "
        f"{change.reported_on:%d/%m/%Y}): {_short(change.label)}"
    )


class SheetChangesModel(GroupsTreeModel):
    HEADERS = ("Ô/Trường", "Giá trị cũ", "Giá trị mới")

    ticks_changed = Signal()

    def __init__(self, changes: list[RowChange], parent: Any = None) -> None:
        super().__init__(parent)
        self._changes = changes
        self._ticked = [{f.name for f in c.fields} if c.ticked else set() for c in changes]
        self._bold = QFont()
        self._bold.setBold(True)

    # ---- reading -------------------------------------------------------------------------

    def is_warning(self, index: Index) -> bool:
        return self._line(index)[1] is None and self.item_group(index) is not None

    def field(self, index: Index) -> FieldChange | None:
        """The cell a line under a row stands for; None for a top row or a warning."""
        return self._line(index)[1]

    def _line(self, index: Index) -> tuple[RowChange, FieldChange | None]:
        row = self.item_group(index)
        if row is None:
            return self._changes[index.row()], None
        change = self._changes[row]
        offset = index.row() - len(change.warnings)
        return change, change.fields[offset] if offset >= 0 else None

    def row_state(self, row: int) -> Qt.CheckState:
        change, ticked = self._changes[row], self._ticked[row]
        if not change.fields:
            return Qt.CheckState.Checked if change.ticked else Qt.CheckState.Unchecked
        if len(ticked) == len(change.fields):
            return Qt.CheckState.Checked
        return Qt.CheckState.PartiallyChecked if ticked else Qt.CheckState.Unchecked

    def ticked(self) -> dict[int, set[str]]:
        """By index in the preview's changes, the field names ticked."""
        return {row: set(names) for row, names in enumerate(self._ticked) if names}

    # ---- the tree ------------------------------------------------------------------------

    @override
    def group_count(self) -> int:
        return len(self._changes)

    @override
    def item_count(self, group: int) -> int:
        change = self._changes[group]
        return len(change.warnings) + len(change.fields)

    @override
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.item_group(index)
        if row is None:
            return self._top_data(index.row(), index.column(), role)
        change, field = self._line(index)
        if field is None:
            return self._warning_data(change, index.row(), index.column(), role)
        return self._field_data(row, field, index.column(), role)

    def _top_data(self, row: int, column: int, role: int) -> Any:
        if column != 0:
            return None
        change = self._changes[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return row_text(change)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Trang \u201c{change.sheet}\u201d, dòng {change.row}: {change.label}"
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        if role == Qt.ItemDataRole.CheckStateRole:
            return self.row_state(row)
        return None

    @staticmethod
    def _warning_data(change: RowChange, row: int, column: int, role: int) -> Any:
        if column != 0:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"\u26a0 {change.warnings[row]}"
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(WARNING_COLOUR))
        return None

    def _field_data(self, change_row: int, field: FieldChange, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (field.label, field.old, field.new)[column]
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            on = field.name in self._ticked[change_row]
            return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            if field.conflict:
                return CONFLICT_TIP
            return (None, field.old, field.new)[column]
        if role == Qt.ItemDataRole.ForegroundRole and field.conflict:
            return QBrush(QColor(WARNING_COLOUR))
        return None

    @override
    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.is_warning(index):
            return Qt.ItemFlag.ItemIsEnabled
        # Not Qt's auto tri-state: a row's box follows its cells (see setData).
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable

    # ---- ticking -------------------------------------------------------------------------

    @override
    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column():
            return False
        state = Qt.CheckState(value)
        row = self.item_group(index)
        if row is None:
            if state is not Qt.CheckState.PartiallyChecked:
                self._tick_row(index.row(), state is Qt.CheckState.Checked)
            return True
        field = self.field(index)
        if field is None:
            return False
        if state is Qt.CheckState.Checked:
            self._ticked[row].add(field.name)
        else:
            self._ticked[row].discard(field.name)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        top = self.index(row, 0)
        self.dataChanged.emit(top, top, [Qt.ItemDataRole.CheckStateRole])
        self.ticks_changed.emit()
        return True

    def _tick_row(self, row: int, on: bool) -> None:
        change = self._changes[row]
        self._ticked[row] = {f.name for f in change.fields} if on else set()
        top = self.index(row, 0)
        self.dataChanged.emit(top, top, [Qt.ItemDataRole.CheckStateRole])
        if change.fields:
            first = self.index(len(change.warnings), 0, top)
            last = self.index(self.rowCount(top) - 1, 0, top)
            self.dataChanged.emit(first, last, [Qt.ItemDataRole.CheckStateRole])
        self.ticks_changed.emit()
