"""A one-column list of domain objects, each shown as a line of text, with a line for none.

For the short lists of a dialog (findings, the trash): ``ROW_ROLE`` gives the object back;
when there is none, one line says so (``empty_text``; None: no line) and carries no object.
"""

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from typing_extensions import override

from desktop_app.ui.common.table_model import ROW_ROLE, Index, read_only_flags

T = TypeVar("T")


class TextListModel(QAbstractListModel, Generic[T]):
    def __init__(
        self,
        text: Callable[[T], str],
        empty_text: str | None,
        colour: Callable[[T], str | None] | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._text = text
        self._empty_text = empty_text
        self._colour = colour
        self._rows: list[T] = []

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[T]:
        return list(self._rows)

    @override
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid():
            return 0
        return len(self._rows) or (0 if self._empty_text is None else 1)

    @override
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.column() != 0:
            return None
        if not self._rows:
            return self._empty_text if role == Qt.ItemDataRole.DisplayRole else None
        if not 0 <= index.row() < len(self._rows):
            return None
        obj = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(obj)
        if role == ROW_ROLE:
            return obj
        if role == Qt.ItemDataRole.ForegroundRole and self._colour is not None:
            colour = self._colour(obj)
            return QBrush(QColor(colour)) if colour else None
        return None

    @override
    def flags(self, index: Index) -> Qt.ItemFlag:
        return read_only_flags(index)
