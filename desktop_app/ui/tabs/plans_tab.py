"""Kế hoạch: the plan list with search; the selected plan as a document, tasks, events."""

from PySide6.QtCore import QItemSelection, Qt, QTimer, Signal
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
from desktop_app.domain.plans import Plan, PlanSummary
from desktop_app.domain.search import TextIndex
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

# While the clerk types a search, the plan it selects is read and shown only once the typing
# has rested this long: each keystroke only narrows the list.
DETAILS_DELAY_MS = 200


class PlansTab(QWidget):
    plan_selected = Signal(str)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ws = workspace
        self.current_plan: Plan | None = None
        # Every plan, and their searchable text: a keystroke filters these in memory.
        self._all_plans: list[PlanSummary] = []
        self._search_index: TextIndex[PlanId] = TextIndex({})
        self._task_rows_sized = True
        self._typing = False  # the selection moves because the search text changed
        self._details_timer = QTimer(self)
        self._details_timer.setSingleShot(True)
        self._details_timer.setInterval(DETAILS_DELAY_MS)
        self._details_timer.timeout.connect(self._show_selected)

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
        self.details.currentChanged.connect(self._on_details_current_changed)

    def reload(self) -> None:
        """Read the plans again (the data changed); the search text and selection stay."""
        self._all_plans = self._ws.list_plans()
        self._search_index = self._ws.plan_search_index()
        self._filter(refresh=True)

    def all_plans(self) -> list[PlanSummary]:
        """Every plan as of the last reload, newest first, whatever the search shows."""
        return list(self._all_plans)

    def _filter(self, refresh: bool = False) -> None:
        selected = self.selected_plan_id()
        if refresh:
            self.current_plan = None  # so that the selected plan is read again
        found = self._search_index.matching(self.search.text())
        rows = self._all_plans if found is None else [p for p in self._all_plans if p.id in found]
        self.plans_model.set_rows(rows)
        self.count_label.setText(f"{len(rows)} kế hoạch")
        self._typing = not refresh
        try:
            if not self.select_plan(selected) and rows:
                self.plans_view.selectRow(0)
            elif not rows:
                self._details_timer.stop()
                self._show(None)
        finally:
            self._typing = False

    def select_plan(self, plan_id: str | None) -> bool:
        rows = [i for i, p in enumerate(self.plans_model.rows()) if p.id == plan_id]
        if not rows:
            return False
        select_source_row(self.plans_view, rows[0])
        return True

    def _on_search_text_changed(self, _text: str) -> None:
        self._filter()

    def _on_selection_changed(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        if self._typing:
            self._details_timer.start()
        else:
            self._show_selected()

    def _show_selected(self) -> None:
        self._details_timer.stop()
        if not self._ws.is_open:
            return
        row = source_row(self.plans_view)
        if row is None:
            return
        plan_id = self.plans_model.row_object(row).id
        if self.current_plan is not None and plan_id == self.current_plan.id:
            return  # the search kept the plan on screen: nothing to read or redraw
        plan = self._ws.get_plan(plan_id)
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
        self._task_rows_sized = False
        self._size_task_rows()

    def _size_task_rows(self) -> None:
        """Fit the task rows to their wrapped text, once the task list is the tab shown.

        Measuring fifty rows of wrapped text takes longer than a keystroke may: it is not
        done while the clerk searches with the document tab in front.
        """
        if not self._task_rows_sized and self.details.currentWidget() is self.tasks_view:
            self.tasks_view.resizeRowsToContents()
            self._task_rows_sized = True

    def _on_details_current_changed(self, _index: int) -> None:
        self._size_task_rows()

    def selected_plan_id(self) -> PlanId | None:
        """The plan selected in the list (its document may still be on its way)."""
        row = source_row(self.plans_view)
        if row is not None:
            return self.plans_model.row_object(row).id
        return self.current_plan.id if self.current_plan else None
