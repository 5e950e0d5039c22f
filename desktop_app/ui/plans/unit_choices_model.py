"""The office's units as a list to tick, for the unit picker of the task dialog."""

from collections.abc import Sequence, Set
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt, Signal
from typing_extensions import override

from desktop_app.domain.units import Unit
from desktop_app.ui.common.table_model import ROW_ROLE, Index

INACTIVE_SUFFIX = " (ngừng sử dụng)"


class UnitChoicesModel(QAbstractListModel):
    """One row per unit, ticked or not; ``toggled(row)`` when a tick changes by a click."""

    toggled = Signal(int)

    def __init__(self, units: Sequence[Unit], parent: Any = None) -> None:
        super().__init__(parent)
        self._units = list(units)
        self._ticked: set[str] = set()

    def unit(self, row: int) -> Unit:
        return self._units[row]

    def is_ticked(self, row: int) -> bool:
        return self._units[row].id in self._ticked

    def set_ticked(self, unit_ids: Set[str]) -> None:
        """Tick exactly these units, without ``toggled`` (the program, not the clerk)."""
        self._ticked = {u.id for u in self._units if u.id in unit_ids}
        if self._units:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._units) - 1, 0),
                [Qt.ItemDataRole.CheckStateRole],
            )

    def text(self, row: int) -> str:
        unit = self._units[row]
        return unit.name if unit.active else f"{unit.name}{INACTIVE_SUFFIX}"

    @override
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._units)

    @override
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._units):
            return None
        row = index.row()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row)
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if self.is_ticked(row) else Qt.CheckState.Unchecked
        if role == ROW_ROLE:
            return self._units[row]
        return None

    @override
    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        unit_id = self._units[index.row()].id
        on = Qt.CheckState(value) is Qt.CheckState.Checked
        if on == (unit_id in self._ticked):
            return True
        if on:
            self._ticked.add(unit_id)
        else:
            self._ticked.discard(unit_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.toggled.emit(index.row())
        return True

    @override
    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )
