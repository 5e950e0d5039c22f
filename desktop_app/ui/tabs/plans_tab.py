"""Kế hoạch: the plan list with search; the selected plan as a document, tasks, events."""

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.ids import PlanId
from desktop_app.domain.plans import Plan
from desktop_app.ui.models.events_table_model import EventsTableModel
from desktop_app.ui.models.plans_table_model import PlansTableModel
from desktop_app.ui.models.tasks_table_model import TasksTableModel
from desktop_app.ui.widgets.plan_preview import plan_html
from desktop_app.ui.widgets.tables import (
    make_table,
    search_field,
    select_source_row,
    source_row,
)
from desktop_app.workspace import Workspace


class PlansTab(QWidget):
    plan_selected = Signal(str)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ws = workspace
        self.current_plan: Plan | None = None

        self.search = search_field(
            "Tìm kế hoạch: số, trích yếu, nhiệm vụ, đơn vị (gõ không dấu cũng được)"
        )
        self.count_label = QLabel()
        self.plans_model = PlansTableModel(self)
        self.plans_view = make_table(
            self.plans_model, self, stretch_column=PlansTableModel.COL_TITLE
        )
        self.plans_view.setWordWrap(False)

        self.preview = QTextBrowser()
        self.preview.setOpenExternalLinks(False)
        self.tasks_model = TasksTableModel(self)
        self.tasks_view = make_table(self.tasks_model, self)
        self.events_model = EventsTableModel(self)
        self.events_view = make_table(self.events_model, self, stretch_column=4)
        self.details = QTabWidget()
        self.details.addTab(self.preview, "Văn bản")
        self.details.addTab(self.tasks_view, "Nhiệm vụ")
        self.details.addTab(self.events_view, "Sự kiện")

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        left_layout.addLayout(top)
        left_layout.addWidget(self.plans_view)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(left)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.search.textChanged.connect(self._on_search_text_changed)
        self.plans_view.selectionModel().selectionChanged.connect(self._on_selection_changed)

    def reload(self) -> None:
        selected = self.current_plan.id if self.current_plan else None
        self.plans_model.set_rows(self._ws.list_plans(self.search.text()))
        self.count_label.setText(f"{self.plans_model.rowCount()} kế hoạch")
        if not self.select_plan(selected) and self.plans_model.rowCount():
            self.plans_view.selectRow(0)
        elif not self.plans_model.rowCount():
            self._show(None)

    def select_plan(self, plan_id: str | None) -> bool:
        rows = [i for i, p in enumerate(self.plans_model.rows()) if p.id == plan_id]
        if not rows:
            return False
        select_source_row(self.plans_view, rows[0])
        return True

    def _on_search_text_changed(self, _text: str) -> None:
        self.reload()

    def _on_selection_changed(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        row = source_row(self.plans_view)
        if row is None:
            return
        plan = self._ws.get_plan(self.plans_model.row_object(row).id)
        self._show(plan)
        self.plan_selected.emit(plan.id)

    def _show(self, plan: Plan | None) -> None:
        self.current_plan = plan
        if plan is None:
            self.preview.setHtml("<p>Chưa có kế hoạch nào được chọn.</p>")
            self.tasks_model.set_rows([])
            self.events_model.set_rows([])
            return
        self.preview.setHtml(plan_html(plan))
        self.tasks_model.set_rows(plan.tasks)
        self.events_model.set_rows(plan.events)
        self.details.setTabText(1, f"Nhiệm vụ ({len(plan.tasks)})")
        self.details.setTabText(2, f"Sự kiện ({len(plan.events)})")
        self.tasks_view.resizeRowsToContents()

    def selected_plan_id(self) -> PlanId | None:
        return self.current_plan.id if self.current_plan else None
