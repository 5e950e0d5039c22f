"""Đơn vị: the commune's units, searchable ignoring diacritics, and edited here.

A unit any plan uses is never deleted, only deactivated; two units that are one can be
merged, every reference moving to the one kept.
"""

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.domain.units import Unit
from desktop_app.ui.common.buttons import button_row
from desktop_app.ui.common.dialogs import ask_yes_no, attempt, show_info
from desktop_app.ui.common.tables import (
    key_shortcut,
    make_table,
    search_field,
    select_source_row,
    source_row,
)
from desktop_app.ui.directory.directory_dialogs import MergeUnitsDialog, UnitDialog
from desktop_app.ui.directory.units_table_model import UnitsTableModel
from desktop_app.ui.shortcuts import local_keys, set_tooltips, with_keys
from desktop_app.workspace import Workspace


class UnitsTab(QWidget):
    data_changed = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ws = workspace
        self.open_dialog: UnitDialog | None = None
        self.search = search_field("Tìm đơn vị (gõ không dấu cũng được)")
        self.count_label = QLabel()
        self.model = UnitsTableModel(self)
        self.view = make_table(self.model, self, sortable=False)
        self.view.setSelectionMode(self.view.SelectionMode.ExtendedSelection)
        buttons = button_row(
            ("Thêm (Ctrl+N)", self.add_unit),
            ("Sửa (Enter)", self.edit_unit),
            ("Lên", lambda: self.move_unit(-1)),
            ("Xuống", lambda: self.move_unit(+1)),
            ("Ngừng / dùng lại", self.toggle_active),
            ("Gộp hai đơn vị…", self.merge_units),
            ("Xóa (Del)", self.delete_unit),
        )
        set_tooltips(
            buttons,
            with_keys("Thêm đơn vị mới", "new"),
            with_keys("Sửa đơn vị đã chọn", "units.edit"),
            "Chuyển đơn vị đã chọn lên trên",
            "Chuyển đơn vị đã chọn xuống dưới",
            "Ngừng dùng đơn vị đã chọn (vẫn giữ trong kế hoạch cũ), hoặc dùng lại",
            "Gộp hai đơn vị trùng nhau thành một",
            with_keys("Xóa đơn vị đã chọn", "delete"),
        )
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addLayout(top)
        layout.addWidget(self.view)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.view.doubleClicked.connect(lambda _i: self.edit_unit())
        # Ctrl+N and Delete are the main window's (ui/shortcuts.py WINDOW).
        for key in local_keys("units.edit"):
            key_shortcut(key, self.view, self.edit_unit)

    def reload(self) -> None:
        self.model.set_rows(self._ws.directory.units(self.search.text()))
        self.count_label.setText(f"{self.model.rowCount()} đơn vị")

    def _on_search_text_changed(self, _text: str) -> None:
        self.reload()

    def selected_units(self) -> list[Unit]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.row_object(r) for r in rows]

    def _selected(self) -> Unit | None:
        row = source_row(self.view)
        return None if row is None else self.model.row_object(row)

    def _run(self, action: Callable[[], object], select: str | None = None) -> bool:
        if not attempt(self, action):
            return False
        self.reload()
        if select is not None:
            rows = [i for i, u in enumerate(self.model.rows()) if u.id == select]
            if rows:
                select_source_row(self.view, rows[0])
        self.data_changed.emit()
        return True

    def add_unit(self) -> UnitDialog:
        return self._open_unit_dialog(None)

    def edit_unit(self) -> UnitDialog | None:
        unit = self._selected()
        return None if unit is None else self._open_unit_dialog(unit)

    def _open_unit_dialog(self, unit: Unit | None) -> UnitDialog:
        """Open the unit dialog (window-modal); a refused name opens it again to fix."""
        dialog = UnitDialog(unit, self)

        def accepted() -> None:
            edited = dialog.result_unit()
            if not self._run(partial(self._ws.directory.save_unit, edited), edited.id):
                dialog.open()

        dialog.accepted.connect(accepted)
        self.open_dialog = dialog
        dialog.open()
        return dialog

    def move_unit(self, delta: int) -> None:
        unit = self._selected()
        if unit is None or self.search.text().strip():
            if self.search.text().strip():
                show_info(self, "Hãy xóa ô tìm kiếm trước khi sắp xếp lại thứ tự.")
            return
        ids = [u.id for u in self.model.rows()]
        i = ids.index(unit.id)
        if not 0 <= i + delta < len(ids):
            return
        ids[i], ids[i + delta] = ids[i + delta], ids[i]
        self._run(lambda: self._ws.directory.reorder_units(ids), unit.id)

    def toggle_active(self) -> None:
        unit = self._selected()
        if unit is not None:
            self._run(lambda: self._ws.directory.set_unit_active(unit.id, not unit.active), unit.id)

    def delete_unit(self) -> None:
        unit = self._selected()
        if unit is None:
            return
        if ask_yes_no(self, f"Chuyển đơn vị \u201c{unit.name}\u201d vào thùng rác?", yes="Xóa"):
            self._run(lambda: self._ws.directory.delete_unit(unit.id))

    def merge_units(self) -> None:
        units = self.selected_units()
        if len(units) != 2:
            show_info(self, "Hãy chọn đúng hai đơn vị (giữ Ctrl khi nhấp) rồi bấm Gộp.")
            return
        dialog = MergeUnitsDialog(units[0], units[1], self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            keep, drop = dialog.chosen()
            self._run(lambda: self._ws.directory.merge_units(keep, drop), keep)
