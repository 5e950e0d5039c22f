"""A list of objects, each a line of text with a tick box; all ticked to start with by default.

``checks_changed`` says a tick changed, whoever changed it (a click, "Chọn tất cả", the
program); ``toggled(row)`` says the clerk ticked or unticked that row.
"""

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt, Signal
from typing_extensions import override

from desktop_app.ui.common.table_model import ROW_ROLE, Index, read_only_flags

T = TypeVar("T")


class CheckListModel(QAbstractListModel, Generic[T]):
    checks_changed = Signal()
    toggled = Signal(int)

    def __init__(
        self,
        rows: Sequence[T],
        text: Callable[[T], str],
        parent: Any = None,
        *,
        checked: bool = True,
    ) -> None:
        super().__init__(parent)
        self._rows = list(rows)
        self._text = text
        self._checked = [checked] * len(self._rows)

    def row_object(self, row: int) -> T:
        return self._rows[row]

    def text(self, row: int) -> str:
        return self._text(self._rows[row])

    def is_checked(self, row: int) -> bool:
        return self._checked[row]

    def checked(self) -> list[T]:
        return [row for row, on in zip(self._rows, self._checked, strict=True) if on]

    def set_all(self, checked: bool) -> None:
        self.set_checks([checked] * len(self._rows))

    def set_checks(self, checks: Iterable[bool]) -> None:
        """Tick exactly the rows whose flag is true, one flag a row, in order."""
        self._checked = list(checks)
        if self._rows:
            last = self.index(len(self._rows) - 1, 0)
            self.dataChanged.emit(self.index(0, 0), last, [Qt.ItemDataRole.CheckStateRole])
        self.checks_changed.emit()

    @override
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    @override
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = index.row()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row)
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if self._checked[row] else Qt.CheckState.Unchecked
        if role == ROW_ROLE:
            return self._rows[row]
        return None

    @override
    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        on = Qt.CheckState(value) is Qt.CheckState.Checked
        if self._checked[index.row()] != on:
            self._checked[index.row()] = on
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
            self.checks_changed.emit()
            self.toggled.emit(index.row())
        return True

    @override
    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return read_only_flags(index) | Qt.ItemFlag.ItemIsUserCheckable
