"""Xóm & phân công: the hamlets, and the unit x hamlet assignment of one plan.

Both are edited here: hamlets are added, edited and merged ("sắp xếp thôn"); a plan's
assignment rows are typed the way the plans write them ("Xóm 1, 2, 3") or copied from
another plan. Coverage is shown at a glance: hamlets nobody covers, hamlets two units cover.
"""

import html
from collections.abc import Callable, Iterable, Sequence
from functools import partial

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import UserError
from desktop_app.domain.plans import Assignment, Plan, PlanSummary, number_or_blank
from desktop_app.domain.units import Hamlet
from desktop_app.ui.common.buttons import button_row
from desktop_app.ui.common.dialogs import ask_yes_no, attempt, show_info
from desktop_app.ui.common.tables import (
    make_table,
    search_field,
    select_source_row,
    source_row,
)
from desktop_app.ui.directory.assignments_table_model import AssignmentsTableModel
from desktop_app.ui.directory.directory_dialogs import (
    AssignmentRowDialog,
    HamletDialog,
    MergeHamletsDialog,
)
from desktop_app.ui.directory.hamlets_table_model import HamletsTableModel
from desktop_app.ui.shortcuts import bind_local, set_tooltips, with_keys
from desktop_app.workspace import Workspace


class HamletsTab(QWidget):
    data_changed = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ws = workspace
        self.open_dialog: QDialog | None = None
        self.search = search_field("Tìm xóm (vd. \u201cdong vong\u201d)")
        self.count_label = QLabel()
        self.hamlets_model = HamletsTableModel(self)
        self.hamlets_view = make_table(self.hamlets_model, self)
        self.hamlets_view.setSelectionMode(self.hamlets_view.SelectionMode.ExtendedSelection)

        self.plan_combo = QComboBox()
        self.plan_combo.setMinimumContentsLength(30)
        self.assignments_model = AssignmentsTableModel(self)
        self.assignments_view = make_table(
            self.assignments_model, self, stretch_column=1, sortable=False
        )
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
        hamlet_buttons = button_row(
            ("Thêm xóm", self.add_hamlet),
            ("Sửa", self.edit_hamlet),
            ("Gộp xóm…", self.merge_hamlets),
            ("Xóa", self.delete_hamlet),
        )
        set_tooltips(
            hamlet_buttons,
            with_keys("Thêm xóm mới", "new"),
            "Sửa xóm đã chọn (hoặc nháy đúp)",
            "Gộp các xóm đã chọn thành một",
            with_keys("Xóa các xóm đã chọn", "delete"),
        )
        left_layout.addLayout(hamlet_buttons)
        left_layout.addLayout(top)
        left_layout.addWidget(self.hamlets_view)

        right = QGroupBox("Phân công cơ quan, đơn vị phụ trách xóm")
        right_layout = QVBoxLayout(right)
        row = QHBoxLayout()
        row.addWidget(QLabel("Kế hoạch:"))
        row.addWidget(self.plan_combo, 1)
        right_layout.addLayout(row)
        row_buttons = button_row(
            ("Thêm dòng (Ins)", self.add_row),
            ("Sửa dòng", self.edit_row),
            ("Lên", lambda: self.move_row(-1)),
            ("Xuống", lambda: self.move_row(+1)),
            ("Xóa dòng", self.delete_row),
            ("Chép từ kế hoạch khác…", self.copy_from_plan),
        )
        set_tooltips(
            row_buttons,
            with_keys("Thêm dòng phân công", "hamlets.add_row"),
            "Sửa dòng đã chọn (hoặc nháy đúp)",
            "Chuyển dòng đã chọn lên trên",
            "Chuyển dòng đã chọn xuống dưới",
            with_keys("Xóa dòng đã chọn (khi bảng phân công đang được chọn)", "delete"),
            "Chép bảng phân công của một kế hoạch khác vào kế hoạch này",
        )
        right_layout.addLayout(row_buttons)
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
        self.hamlets_view.doubleClicked.connect(lambda _i: self.edit_hamlet())
        self.assignments_view.doubleClicked.connect(lambda _i: self.edit_row())
        # Delete is the main window's: it deletes a row while this table has the focus.
        bind_local("hamlets.add_row", self.assignments_view, self.add_row)

    def _run(self, action: Callable[[], object]) -> bool:
        if not attempt(self, action):
            return False
        self.reload()
        self.data_changed.emit()
        return True

    # ---- hamlets -------------------------------------------------------------------------

    def selected_hamlets(self) -> list[Hamlet]:
        proxy = self.hamlets_view.model()
        rows = set()
        for index in self.hamlets_view.selectionModel().selectedRows():
            source = proxy.mapToSource(index) if isinstance(proxy, QSortFilterProxyModel) else index
            rows.add(source.row())
        return [self.hamlets_model.row_object(r) for r in sorted(rows)]

    def add_hamlet(self) -> None:
        dialog = HamletDialog(parent=self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            hamlet = dialog.result_hamlet()
            if self._run(partial(self._ws.directory.save_hamlet, hamlet)):
                return

    def edit_hamlet(self) -> None:
        hamlets = self.selected_hamlets()
        if not hamlets:
            return
        dialog = HamletDialog(hamlets[0], self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            hamlet = dialog.result_hamlet()
            if self._run(partial(self._ws.directory.save_hamlet, hamlet)):
                return

    def merge_hamlets(self) -> None:
        hamlets = self.selected_hamlets()
        if len(hamlets) < 2:
            show_info(self, "Hãy chọn các xóm cần gộp (giữ Ctrl khi nhấp) rồi bấm Gộp xóm.")
            return
        dialog = MergeHamletsDialog(hamlets, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            target = dialog.target()
            self._run(lambda: self._ws.directory.merge_hamlets([h.id for h in hamlets], target))

    def delete_hamlet(self) -> None:
        hamlets = self.selected_hamlets()
        if len(hamlets) != 1:
            return
        if ask_yes_no(self, f"Chuyển \u201c{hamlets[0].name}\u201d vào thùng rác?", yes="Xóa"):
            self._run(lambda: self._ws.directory.delete_hamlet(hamlets[0].id))

    # ---- assignment rows -----------------------------------------------------------------

    def current_plan(self) -> Plan | None:
        plan_id = self.plan_combo.currentData()
        return self._ws.plans.get(plan_id) if plan_id else None

    def _save_rows(self, plan: Plan, rows: Sequence[Assignment], select: int | None) -> None:
        if (
            self._run(lambda: self._ws.directory.save_assignments(plan.id, rows))
            and select is not None
        ):
            select_source_row(self.assignments_view, select)

    def row_dialog(self, row: Assignment | None = None) -> AssignmentRowDialog:
        return AssignmentRowDialog(
            self._ws.directory.units(),
            self._ws.directory.read_hamlet_list,
            self._ws.directory.assignment_row,
            row,
            self,
        )

    def add_row(self) -> AssignmentRowDialog | None:
        return self._open_row_dialog(None)

    def edit_row(self) -> AssignmentRowDialog | None:
        index = source_row(self.assignments_view)
        return None if index is None else self._open_row_dialog(index)

    def _open_row_dialog(self, index: int | None) -> AssignmentRowDialog | None:
        """Open the row dialog (window-modal); the row it gives is saved at once."""
        plan = self.current_plan()
        if plan is None:
            return None
        dialog = self.row_dialog(None if index is None else plan.assignments[index])

        def accepted() -> None:
            rows = list(plan.assignments)
            if index is None:
                rows.append(dialog.result_row())
            else:
                rows[index] = dialog.result_row()
            self._save_rows(plan, rows, len(rows) - 1 if index is None else index)

        dialog.accepted.connect(accepted)
        self.open_dialog = dialog
        dialog.open()
        return dialog

    def move_row(self, delta: int) -> None:
        plan = self.current_plan()
        index = source_row(self.assignments_view)
        if plan is None or index is None or not 0 <= index + delta < len(plan.assignments):
            return
        rows = list(plan.assignments)
        rows[index], rows[index + delta] = rows[index + delta], rows[index]
        self._save_rows(plan, rows, index + delta)

    def delete_row(self) -> None:
        plan = self.current_plan()
        index = source_row(self.assignments_view)
        if plan is None or index is None:
            return
        row = plan.assignments[index]
        if ask_yes_no(self, f"Xóa dòng phân công của \u201c{row.unit.name}\u201d?", yes="Xóa"):
            self._save_rows(plan, [r for r in plan.assignments if r.id != row.id], None)

    def copy_from_plan(self) -> None:
        plan = self.current_plan()
        if plan is None:
            return
        combo = self.plan_combo
        others = [
            (combo.itemText(i), combo.itemData(i))
            for i in range(combo.count())
            if combo.itemData(i) != plan.id
        ]
        if not others:
            return
        label, ok = QInputDialog.getItem(
            self, "Chép bảng phân công", "Chép từ kế hoạch:", [o[0] for o in others], 0, False
        )
        if not ok:
            return
        source = dict(others)[label]
        if plan.assignments and not ask_yes_no(
            self, "Bảng phân công hiện có sẽ được thay bằng bảng được chép. Tiếp tục?", yes="Chép"
        ):
            return
        self._run(lambda: self._ws.directory.copy_assignments(source, plan.id))

    def reload(
        self, plan_id: str | None = None, plans: Sequence[PlanSummary] | None = None
    ) -> None:
        """Read the hamlets and the plan list again; ``plans`` saves reading the list twice."""
        self.hamlets_model.set_rows(self._ws.directory.hamlets(self.search.text()))
        self.count_label.setText(f"{self.hamlets_model.rowCount()} xóm")
        wanted = plan_id or self.plan_combo.currentData()
        self.plan_combo.blockSignals(True)
        self.plan_combo.clear()
        for summary in self._ws.plans.summaries() if plans is None else plans:
            label = f"{number_or_blank(summary)} — {summary.title}"
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
        self.hamlets_model.set_rows(self._ws.directory.hamlets(self.search.text()))
        self.count_label.setText(f"{self.hamlets_model.rowCount()} xóm")

    def _on_plan_combo_changed(self, _index: int) -> None:
        self._show_assignments()

    def _show_assignments(self) -> None:
        plan_id = self.plan_combo.currentData()
        if not plan_id:
            self.assignments_model.set_rows([])
            self.coverage_label.setText("Chưa có kế hoạch nào.")
            return
        try:
            plan = self._ws.plans.get(plan_id)
        except UserError as exc:  # a stored row that breaks the rules: said, the tab stays
            self.assignments_model.set_rows([])
            self.coverage_label.setText(
                f"<span style='color:#b00020'>{html.escape(exc.message)}</span>"
            )
            return
        self.assignments_model.set_rows(plan.assignments)
        if not plan.assignments:
            self.coverage_label.setText("Kế hoạch này không có bảng phân công xóm.")
            return
        coverage = self._ws.directory.coverage(plan)
        lines = [f"<b>{len(plan.assignments)}</b> đơn vị phụ trách."]
        if coverage.uncovered:
            names = _some(h.name for h in coverage.uncovered)
            lines.append(
                f"<span style='color:#b00020'>Xóm chưa có đơn vị phụ trách "
                f"({len(coverage.uncovered)}): {names}</span>"
            )
        else:
            lines.append("Mọi xóm đều có đơn vị phụ trách.")
        if coverage.doubly_covered:
            names = _some(f"{h.name} ({', '.join(u)})" for h, u in coverage.doubly_covered)
            lines.append(
                f"<span style='color:#a05a00'>Xóm có từ hai đơn vị phụ trách: {names}</span>"
            )
        self.coverage_label.setText("<br>".join(lines))


def _some(names: Iterable[str], limit: int = 12) -> str:
    """The first names and how many more: a long list would push the table off the tab."""
    listed = list(names)
    more = len(listed) - limit
    return "; ".join(listed[:limit]) + (f" và {more} xóm khác" if more > 0 else "")
