"""Đơn vị: the commune's units, searchable ignoring diacritics."""

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.ui.models.units_table_model import UnitsTableModel
from desktop_app.ui.widgets.tables import make_table, search_field
from desktop_app.workspace import Workspace


class UnitsTab(QWidget):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ws = workspace
        self.search = search_field("Tìm đơn vị (gõ không dấu cũng được)")
        self.count_label = QLabel()
        self.model = UnitsTableModel(self)
        self.view = make_table(self.model, self)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view)
        self.search.textChanged.connect(self._on_search_text_changed)

    def reload(self) -> None:
        self.model.set_rows(self._ws.units(self.search.text()))
        self.count_label.setText(f"{self.model.rowCount()} đơn vị")

    def _on_search_text_changed(self, _text: str) -> None:
        self.reload()
