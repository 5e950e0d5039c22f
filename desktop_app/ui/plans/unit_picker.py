"""Pick units from the office's list: typing filters (diacritics ignored), ticks choose.

The order the clerk ticks them in is kept: the first lead unit is the one that leads. A name
typed that the office's list does not have can be added in place ("Thêm đơn vị «…»"), through
the function the dialog gives, without leaving the task.
"""

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListView, QPushButton, QVBoxLayout, QWidget

from desktop_app.domain.errors import UserError
from desktop_app.domain.plans import UnitRef
from desktop_app.domain.text import clean, fold
from desktop_app.domain.units import Unit
from desktop_app.ui.common.dialogs import show_error
from desktop_app.ui.common.tables import search_field
from desktop_app.ui.plans.unit_choices_model import UnitChoicesModel


class UnitPicker(QWidget):
    changed = Signal()

    # A unit was added to the office's list from this picker (the dialog's other picker lists it).
    unit_added = Signal(object)

    def __init__(
        self,
        units: Sequence[Unit],
        parent: QWidget | None = None,
        *,
        add_unit: Callable[[str], Unit] | None = None,
    ) -> None:
        super().__init__(parent)
        self._add_unit = add_unit
        self._chosen: list[UnitRef] = []
        self._keys = [fold(unit.name) for unit in units]  # what the filter compares
        self.filter = search_field("Gõ để lọc đơn vị (không dấu cũng được)")
        self.model = UnitChoicesModel(units, self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.add_button = QPushButton()
        self.add_button.setAutoDefault(False)
        self.add_button.setVisible(False)
        self.add_button.clicked.connect(self.add_typed_unit)
        for row, unit in enumerate(units):
            self.list.setRowHidden(row, not unit.active)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.add_button)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.summary)
        self.filter.textChanged.connect(self._apply_filter)
        self.model.toggled.connect(self._on_toggled)
        self._show_summary()

    def chosen(self) -> tuple[UnitRef, ...]:
        return tuple(self._chosen)

    def set_chosen(self, refs: Sequence[UnitRef]) -> None:
        wanted = {r.id for r in refs}
        self.model.set_ticked(wanted)
        for row in range(self.model.rowCount()):
            if self.model.row_object(row).id in wanted:
                self.list.setRowHidden(row, False)
        self._chosen = list(refs)
        self._show_summary()

    def choose(self, name: str) -> None:
        """Tick the unit of this name (as the clerk would by clicking)."""
        for row in range(self.model.rowCount()):
            if fold(self.model.text(row)) == fold(name):
                self.model.setData(
                    self.model.index(row, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole
                )
                return
        raise LookupError(name)

    def add_typed_unit(self) -> Unit | None:
        """Add the name typed in the filter to the office's units, and tick it."""
        name = clean(self.filter.text())
        if self._add_unit is None or not name:
            return None
        try:
            unit = self._add_unit(name)
        except UserError as exc:
            show_error(self, exc.message)
            return None
        self.include(unit)
        self.filter.clear()
        self.choose(unit.name)
        self.unit_added.emit(unit)
        return unit

    def include(self, unit: Unit) -> None:
        """List a unit added to the office since the picker was made (not ticked)."""
        if any(self.model.row_object(r).id == unit.id for r in range(self.model.rowCount())):
            return
        self.model.append(unit)
        self._keys.append(fold(unit.name))
        self._apply_filter(self.filter.text())

    def _apply_filter(self, text: str) -> None:
        needle = fold(text)
        self._offer_to_add(text)
        for row in range(self.model.rowCount()):
            inactive = not self.model.row_object(row).active
            checked = self.model.is_checked(row)
            matches = needle in self._keys[row]
            self.list.setRowHidden(row, not checked and (not matches or (inactive and not needle)))

    def _offer_to_add(self, text: str) -> None:
        name = clean(text)
        known = any(fold(name) == key for key in self._keys)
        offer = self._add_unit is not None and bool(name) and not known
        self.add_button.setVisible(offer)
        if offer:
            self.add_button.setText(f"Thêm đơn vị \u201c{name}\u201d")

    def _on_toggled(self, row: int) -> None:
        unit = self.model.row_object(row)
        ref = UnitRef(unit.id, unit.name)
        ids = [r.id for r in self._chosen]
        if self.model.is_checked(row) and ref.id not in ids:
            self._chosen.append(ref)
        elif not self.model.is_checked(row) and ref.id in ids:
            self._chosen.pop(ids.index(ref.id))
        self._show_summary()
        self.changed.emit()

    def _show_summary(self) -> None:
        names = ", ".join(r.name for r in self._chosen)
        self.summary.setText(f"Đã chọn: {names}" if names else "Chưa chọn đơn vị nào.")
