"""The office's units as a list to tick, for the unit picker of the task dialog."""

from collections.abc import Sequence, Set
from typing import Any

from PySide6.QtCore import QModelIndex

from desktop_app.domain.units import Unit
from desktop_app.ui.common.check_list_model import CheckListModel

INACTIVE_SUFFIX = " (ngừng sử dụng)"


def unit_text(unit: Unit) -> str:
    return unit.name if unit.active else f"{unit.name}{INACTIVE_SUFFIX}"


class UnitChoicesModel(CheckListModel[Unit]):
    """One row per unit, none ticked to start; ``toggled(row)`` when a tick changes by a click."""

    def __init__(self, units: Sequence[Unit], parent: Any = None) -> None:
        super().__init__(units, unit_text, parent, checked=False)

    def append(self, unit: Unit) -> None:
        """A unit added to the office's list while the picker is open, not ticked."""
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(unit)
        self._checked.append(False)
        self.endInsertRows()

    def set_ticked(self, unit_ids: Set[str]) -> None:
        """Tick exactly these units, without ``toggled`` (the program, not the clerk)."""
        self.set_checks(unit.id in unit_ids for unit in self._rows)
