"""A read-only table model over a list of domain objects, described by its columns; tree bases."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, overload

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from typing_extensions import override

T = TypeVar("T")

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the domain object of the row
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # a native value to sort by

Index = QModelIndex | QPersistentModelIndex


def read_only_flags(index: Index) -> Qt.ItemFlag:
    """A row the clerk may select but not change; nothing where there is no row."""
    if not index.isValid():
        return Qt.ItemFlag.NoItemFlags
    return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


@dataclass(frozen=True)
class Column(Generic[T]):
    """One column: its header, the text shown, and optionally a sort value and a colour."""

    header: str
    text: Callable[[T], str]
    sort: Callable[[T], Any] | None = None
    align_center: bool = False
    foreground: Callable[[T], str | None] | None = None
    tooltip: Callable[[T], str] | None = None
    width: int | None = None  # pixels; None lets the view decide
    # The widest the text may make it (default twice ``width``): a plan without a number is
    # named by its whole title, which must not take the room of the task text beside it.
    max_width: int | None = None


class RowsTableModel(QAbstractTableModel, Generic[T]):
    """Rows are domain objects; ``set_rows`` replaces them; ``ROW_ROLE`` gives one back."""

    COLUMNS: Sequence[Column[Any]] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[T] = []

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[T]:
        return list(self._rows)

    def row_object(self, row: int) -> T:
        return self._rows[row]

    @override
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    @override
    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    @override
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        obj = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(obj)
        if role == ROW_ROLE:
            return obj
        if role == SORT_ROLE:
            return column.sort(obj) if column.sort else column.text(obj)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(obj) if column.tooltip else column.text(obj)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_center:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column.foreground:
            colour = column.foreground(obj)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.BackgroundRole:
            fill = self.background(obj)
            return QBrush(QColor(fill)) if fill else None
        return None

    def background(self, row: T) -> str | None:
        """The colour a whole row is filled with (None: the table's own)."""
        return None

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section].header
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    @override
    def flags(self, index: Index) -> Qt.ItemFlag:
        return read_only_flags(index)


class HeaderedTreeModel(QAbstractItemModel):
    """A tree model whose columns are named by ``HEADERS``; a subclass says where a parent is.

    Qt's ``parent()`` is overloaded (the QObject's owner, or an index's parent); this answers
    the first and leaves the second to ``parent_index``.
    """

    HEADERS: Sequence[str] = ()

    @override
    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return len(self.HEADERS)

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None

    @overload
    def parent(self) -> QObject | None: ...
    @overload
    def parent(self, child: Index) -> QModelIndex: ...
    @override
    def parent(self, child: Index | None = None) -> QObject | QModelIndex | None:
        if child is None:
            return super().parent()
        return self.parent_index(child)

    def parent_index(self, child: Index) -> QModelIndex:
        """The index of ``child``'s parent row; invalid for a top row."""
        raise NotImplementedError


_GROUP_ID = 0  # internal id of a group row; an item row's is its group's row + 1


class GroupsTreeModel(HeaderedTreeModel):
    """A tree two levels deep: groups at the top, the items of each under it.

    Every index says by itself where it stands (see ``_GROUP_ID``), so the model keeps no
    Python objects in Qt. A subclass gives ``group_count`` and ``item_count``.
    """

    def group_count(self) -> int:
        raise NotImplementedError

    def item_count(self, group: int) -> int:
        raise NotImplementedError

    @staticmethod
    def item_group(index: Index) -> int | None:
        """The row of the group an item row stands under; None for a group row or no row."""
        if not index.isValid() or index.internalId() == _GROUP_ID:
            return None
        return index.internalId() - 1

    def item_index(self, group: int, row: int, column: int = 0) -> QModelIndex:
        return self.createIndex(row, column, group + 1)

    @override
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _GROUP_ID)
        return self.item_index(parent.row(), row, column)

    @override
    def parent_index(self, child: Index) -> QModelIndex:
        group = self.item_group(child)
        return QModelIndex() if group is None else self.createIndex(group, 0, _GROUP_ID)

    @override
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if not parent.isValid():
            return self.group_count()
        if parent.internalId() == _GROUP_ID and parent.column() == 0:
            return self.item_count(parent.row())
        return 0
