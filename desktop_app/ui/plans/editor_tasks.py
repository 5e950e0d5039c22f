"""The plan editor's "Nhiệm vụ" tab: the tasks, each edited in the task dialog.

It also holds how the printed plan shows its tasks: each in the body with its units and
deadline, or as the "Danh mục nhiệm vụ" appendix (a table) the body refers to.
"""

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtWidgets import QComboBox, QHeaderView, QLabel, QVBoxLayout, QWidget

from desktop_app.domain.ids import AppendixId, new_id
from desktop_app.domain.plans import Appendix, AppendixKind, Plan, attached_line
from desktop_app.domain.printed import TASKS_APPENDIX_TITLE, tasks_appendix
from desktop_app.domain.units import Unit
from desktop_app.ui.common.buttons import button_row
from desktop_app.ui.common.tables import make_table, source_row
from desktop_app.ui.plans.editor_page import PlanHost
from desktop_app.ui.plans.plan_dialogs import TaskDialog
from desktop_app.ui.plans.tasks_table_model import TasksTableModel
from desktop_app.ui.shortcuts import bind_local


class TasksPage(QWidget):
    def __init__(
        self, host: PlanHost, units: list[Unit], add_unit: Callable[[str], Unit] | None = None
    ) -> None:
        super().__init__()
        self._host = host
        self._units = units
        self._add_unit = add_unit
        self.task_dialog: TaskDialog | None = None
        self.tasks_model = TasksTableModel(self)
        self.tasks_view = make_table(self.tasks_model, self, sortable=False)
        # A plan has tens of tasks: each row follows its wrapped text at any column width.
        self.tasks_view.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.tasks_view.doubleClicked.connect(lambda _i: self.edit_task())
        buttons = button_row(
            ("Thêm nhiệm vụ (Ins)", self.add_task),
            ("Sửa (Enter)", self.edit_task),
            ("Lên", lambda: self._move_task(-1)),
            ("Xuống", lambda: self._move_task(+1)),
            ("Xóa (Del)", self._remove_task),
        )
        bind_local("editor.add_task", self.tasks_view, self.add_task)
        bind_local("editor.edit_task", self.tasks_view, self.edit_task)
        bind_local("editor.delete_task", self.tasks_view, self._remove_task)
        self.print_form = QComboBox()
        self.print_form.addItems(
            [
                "Trong nội dung kế hoạch, mỗi nhiệm vụ kèm chủ trì, phối hợp, thời gian",
                f"Thành phụ lục \u201c{TASKS_APPENDIX_TITLE}\u201d (bảng)",
            ]
        )
        self.print_form.setToolTip(
            "Kế hoạch nhập từ văn bản có sẵn nội dung thì in đúng như văn bản; lựa chọn này "
            "áp dụng cho các nhiệm vụ mà nội dung chưa nêu."
        )
        self.print_form.activated.connect(self._on_print_form)
        form_label = QLabel("Khi in, nhiệm vụ nằm:")
        form_label.setBuddy(self.print_form)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.tasks_view, 1)
        layout.addWidget(form_label)
        layout.addWidget(self.print_form)

    def show_plan(self, plan: Plan) -> None:
        self.tasks_model.set_rows(list(plan.tasks))
        self.print_form.setCurrentIndex(0 if tasks_appendix(plan) is None else 1)

    def _on_print_form(self, index: int) -> None:
        """Add the task-table appendix (second choice) or take it away (first)."""
        host = self._host
        host.commit_fields()
        plan = host.plan
        table = tasks_appendix(plan)
        if index == 1 and table is None:
            appendix = Appendix(
                AppendixId(new_id()), AppendixKind.TASKS, TASKS_APPENDIX_TITLE, attached_line(plan)
            )
            host.apply(replace(plan, appendices=(*plan.appendices, appendix)))
        elif index == 0 and table is not None:
            kept = tuple(a for a in plan.appendices if a.kind is not AppendixKind.TASKS)
            host.apply(replace(plan, appendices=kept))

    def _selected_task(self) -> int | None:
        return source_row(self.tasks_view)

    def add_task(self) -> TaskDialog:
        return self._open_task_dialog(None)

    def edit_task(self) -> TaskDialog | None:
        row = self._selected_task()
        return None if row is None else self._open_task_dialog(row)

    def _open_task_dialog(self, row: int | None) -> TaskDialog:
        """Open the task dialog (window-modal); what it accepts goes into the plan."""
        host = self._host
        host.commit_fields()
        task = None if row is None else host.plan.tasks[row]
        dialog = TaskDialog(
            self._units,
            host.plan.sections,
            host.plan.date,
            task,
            self.window(),
            add_unit=self._add_office_unit if self._add_unit else None,
        )

        def accepted() -> None:
            tasks = list(host.plan.tasks)
            if row is None:
                tasks.append(dialog.result_task())
            else:
                tasks[row] = dialog.result_task()
            host.apply(replace(host.plan, tasks=tuple(tasks)))
            self.tasks_view.selectRow(len(tasks) - 1 if row is None else row)

        dialog.accepted.connect(accepted)
        self.task_dialog = dialog
        dialog.open()
        return dialog

    def _add_office_unit(self, name: str) -> Unit:
        """Add a unit to the office's list from the task dialog; later dialogs list it too."""
        assert self._add_unit is not None
        unit = self._add_unit(name)
        self._units.append(unit)
        return unit

    def _move_task(self, delta: int) -> None:
        row = self._selected_task()
        tasks = list(self._host.plan.tasks)
        if row is None or not 0 <= row + delta < len(tasks):
            return
        tasks[row], tasks[row + delta] = tasks[row + delta], tasks[row]
        self._host.apply(replace(self._host.plan, tasks=tuple(tasks)))
        self.tasks_view.selectRow(row + delta)

    def _remove_task(self) -> None:
        row = self._selected_task()
        if row is None:
            return
        tasks = list(self._host.plan.tasks)
        gone = tasks.pop(row)
        self._host.apply(replace(self._host.plan, tasks=tuple(tasks)))
        self._host.status_label.setText(
            f"Đã xóa nhiệm vụ \u201c{gone.text[:50]}\u201d (Ctrl+Z để lấy lại)."
        )
