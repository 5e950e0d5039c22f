"""Xóm & phân công: the hamlets, and the unit x hamlet assignment of one plan.

Coverage is shown at a glance: hamlets nobody covers, hamlets two units cover.
"""

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.plans import PlanSummary
from desktop_app.ui.models.assignments_table_model import AssignmentsTableModel
from desktop_app.ui.models.hamlets_table_model import HamletsTableModel
from desktop_app.ui.widgets.tables import make_table, search_field
from desktop_app.workspace import Workspace


class HamletsTab(QWidget):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ws = workspace
        self.search = search_field("Tìm xóm (vd. \u201cdong vong\u201d)")
        self.count_label = QLabel()
        self.hamlets_model = HamletsTableModel(self)
        self.hamlets_view = make_table(self.hamlets_model, self)

        self.plan_combo = QComboBox()
        self.plan_combo.setMinimumContentsLength(30)
        self.assignments_model = AssignmentsTableModel(self)
        self.assignments_view = make_table(self.assignments_model, self, stretch_column=1)
        # A plan has tens of rows, not thousands: let each row follow its wrapped text
        # whatever the column widths become.
        self.assignments_view.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.coverage_label = QLabel()
        self.coverage_label.setWordWrap(True)
        self.coverage_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        left = QGroupBox("Danh sách xóm")
        left_layout = QVBoxLayout(left)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        left_layout.addLayout(top)
        left_layout.addWidget(self.hamlets_view)

        right = QGroupBox("Phân công cơ quan, đơn vị phụ trách xóm")
        right_layout = QVBoxLayout(right)
        row = QHBoxLayout()
        row.addWidget(QLabel("Kế hoạch:"))
        row.addWidget(self.plan_combo, 1)
        right_layout.addLayout(row)
        right_layout.addWidget(self.assignments_view, 1)
        right_layout.addWidget(self.coverage_label)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.search.textChanged.connect(self._on_search_text_changed)
        self.plan_combo.currentIndexChanged.connect(self._on_plan_combo_changed)

    def reload(
        self, plan_id: str | None = None, plans: Sequence[PlanSummary] | None = None
    ) -> None:
        """Read the hamlets and the plan list again; ``plans`` saves reading the list twice."""
        self.hamlets_model.set_rows(self._ws.hamlets(self.search.text()))
        self.count_label.setText(f"{self.hamlets_model.rowCount()} xóm")
        wanted = plan_id or self.plan_combo.currentData()
        self.plan_combo.blockSignals(True)
        self.plan_combo.clear()
        for summary in self._ws.list_plans() if plans is None else plans:
            label = f"{summary.reference or '(chưa số)'} — {summary.title}"
            self.plan_combo.addItem(label, summary.id)
        found = self.plan_combo.findData(wanted) if wanted else -1
        self.plan_combo.setCurrentIndex(max(found, 0))
        self.plan_combo.blockSignals(False)
        self._show_assignments()

    def show_plan(self, plan_id: str) -> None:
        found = self.plan_combo.findData(plan_id)
        if found >= 0:
            self.plan_combo.setCurrentIndex(found)

    def _on_search_text_changed(self, _text: str) -> None:
        self.hamlets_model.set_rows(self._ws.hamlets(self.search.text()))
        self.count_label.setText(f"{self.hamlets_model.rowCount()} xóm")

    def _on_plan_combo_changed(self, _index: int) -> None:
        self._show_assignments()

    def _show_assignments(self) -> None:
        plan_id = self.plan_combo.currentData()
        if not plan_id:
            self.assignments_model.set_rows([])
            self.coverage_label.setText("Chưa có kế hoạch nào.")
            return
        plan = self._ws.get_plan(plan_id)
        self.assignments_model.set_rows(plan.assignments)
        if not plan.assignments:
            self.coverage_label.setText("Kế hoạch này không có bảng phân công xóm.")
            return
        coverage = self._ws.coverage(plan)
        lines = [f"<b>{len(plan.assignments)}</b> đơn vị phụ trách."]
        if coverage.uncovered:
            names = ", ".join(h.name for h in coverage.uncovered)
            lines.append(
                f"<span style='color:#b00020'>Xóm chưa có đơn vị phụ trách "
                f"({len(coverage.uncovered)}): {names}</span>"
            )
        else:
            lines.append("Mọi xóm đều có đơn vị phụ trách.")
        if coverage.doubly_covered:
            names = "; ".join(f"{h.name} ({', '.join(u)})" for h, u in coverage.doubly_covered)
            lines.append(
                f"<span style='color:#a05a00'>Xóm có từ hai đơn vị phụ trách: {names}</span>"
            )
        self.coverage_label.setText("<br>".join(lines))
