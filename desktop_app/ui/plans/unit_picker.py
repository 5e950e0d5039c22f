"""Pick units from the office's list: typing filters (diacritics ignored), ticks choose.

The order the clerk ticks them in is kept: the first lead unit is the one that leads.
"""

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop_app.domain.plans import UnitRef
from desktop_app.domain.text import fold
from desktop_app.domain.units import Unit
from desktop_app.ui.common.tables import search_field

ID_ROLE = Qt.ItemDataRole.UserRole
KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # the folded name the filter compares


class UnitPicker(QWidget):
    changed = Signal()

    def __init__(self, units: Sequence[Unit], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._chosen: list[UnitRef] = []
        self.filter = search_field("Gõ để lọc đơn vị (không dấu cũng được)")
        self.list = QListWidget()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        for unit in units:
            item = QListWidgetItem(unit.name if unit.active else f"{unit.name} (ngừng sử dụng)")
            item.setData(ID_ROLE, unit.id)
            item.setData(KEY_ROLE, fold(unit.name))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            if not unit.active:
                item.setHidden(True)
            self.list.addItem(item)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.summary)
        self.filter.textChanged.connect(self._apply_filter)
        self.list.itemChanged.connect(self._on_item_changed)
        self._show_summary()

    def items(self) -> list[QListWidgetItem]:
        return [self.list.item(i) for i in range(self.list.count())]

    def chosen(self) -> tuple[UnitRef, ...]:
        return tuple(self._chosen)

    def set_chosen(self, refs: Sequence[UnitRef]) -> None:
        self._chosen = []
        wanted = {r.id for r in refs}
        self.list.blockSignals(True)
        for item in self.items():
            on = item.data(ID_ROLE) in wanted
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            if on:
                item.setHidden(False)
        self.list.blockSignals(False)
        self._chosen = list(refs)
        self._show_summary()

    def choose(self, name: str) -> None:
        """Tick the unit of this name (as the clerk would by clicking)."""
        for item in self.items():
            if fold(item.text()) == fold(name):
                item.setCheckState(Qt.CheckState.Checked)
                return
        raise LookupError(name)

    def _apply_filter(self, text: str) -> None:
        needle = fold(text)
        for item in self.items():
            inactive = item.text().endswith("(ngừng sử dụng)")
            checked = item.checkState() is Qt.CheckState.Checked
            matches = needle in item.data(KEY_ROLE)
            item.setHidden(not checked and (not matches or (inactive and not needle)))

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        ref = UnitRef(item.data(ID_ROLE), item.text().removesuffix(" (ngừng sử dụng)"))
        ids = [r.id for r in self._chosen]
        if item.checkState() is Qt.CheckState.Checked and ref.id not in ids:
            self._chosen.append(ref)
        elif item.checkState() is not Qt.CheckState.Checked and ref.id in ids:
            self._chosen.pop(ids.index(ref.id))
        self._show_summary()
        self.changed.emit()

    def _show_summary(self) -> None:
        names = ", ".join(r.name for r in self._chosen)
        self.summary.setText(f"Đã chọn: {names}" if names else "Chưa chọn đơn vị nào.")
