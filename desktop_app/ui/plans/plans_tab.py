"""Kế hoạch: the plan list with search; the selected plan as a document, tasks, events.

The toolbar creates, edits, duplicates, issues, reopens, checks and deletes plans; editing
happens in :class:`PlanEditor`, which stays open beside the window until closed, and so does
the :class:`ProgressWindow` of a plan ("Tiến độ…").
"""

import datetime as dt
import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.checks import Finding, Place
from desktop_app.domain.errors import UserError
from desktop_app.domain.ids import PlanId
from desktop_app.domain.plans import Plan, PlanStatus, PlanSummary, System
from desktop_app.domain.search import TextIndex
from desktop_app.ui.common.dialogs import ask_yes_no, attempt, show_info
from desktop_app.ui.common.printing import print_file
from desktop_app.ui.common.tables import (
    key_shortcut,
    make_table,
    search_field,
    select_source_row,
    source_row,
)
from desktop_app.ui.office.office_dialog import OfficeDialog, office_first
from desktop_app.ui.plans.events_table_model import EventsTableModel
from desktop_app.ui.plans.plan_dialogs import FindingsDialog, IssueDialog, TrashDialog
from desktop_app.ui.plans.plan_editor import PlanEditor
from desktop_app.ui.plans.plan_menus import fill_status_menu, fill_word_menu
from desktop_app.ui.plans.plan_preview import plan_html
from desktop_app.ui.plans.plans_table_model import PlansTableModel
from desktop_app.ui.plans.tasks_table_model import TasksTableModel
from desktop_app.ui.plans.word_export import ReportDialog, export_word
from desktop_app.ui.progress.progress_window import ProgressWindow
from desktop_app.ui.shortcuts import bind_local, local_keys, with_keys
from desktop_app.workspace import Workspace
from desktop_app.workspace.documents import DocumentKind
from desktop_app.workspace.plans import TrashItem

# While the clerk types a search, the plan it selects is read and shown only once the typing
# has rested this long: each keystroke only narrows the list.
DETAILS_DELAY_MS = 200


class PlansTab(QWidget):
    plan_selected = Signal(str)
    data_changed = Signal()
    open_assignments = Signal(str)  # a finding about the unit x hamlet table of this plan

    def __init__(
        self, workspace: Workspace, parent: QWidget | None = None, today: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self._ws = workspace
        self.today = today  # None: the computer's date, read when a window opens
        # One progress window per plan, kept to be brought forward when asked again.
        self.progress_windows: dict[str, ProgressWindow] = {}
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

        self.editor: PlanEditor | None = None
        self.toolbar = self._build_toolbar()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(self.toolbar)
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

    def _build_toolbar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.new_button = QPushButton("Thêm (Ctrl+N)")
        self.new_button.setMenu(QMenu(self.new_button))
        menu = self.new_button.menu()
        menu.addAction("Kế hoạch của chính quyền", lambda: self.ask_new_plan(System.STATE))
        menu.addAction("Kế hoạch của Đảng", lambda: self.ask_new_plan(System.PARTY))
        self.edit_button = QPushButton("Sửa (F2)")
        self.duplicate_button = QPushButton("Nhân bản cho năm sau")
        self.issue_button = QPushButton("Ban hành…")
        self.reopen_button = QPushButton("Mở lại để sửa")
        self.status_button = QPushButton("Trạng thái")
        self.status_button.setMenu(QMenu(self.status_button))
        self.status_button.menu().aboutToShow.connect(self._fill_status_menu)
        self.check_button = QPushButton("Kiểm tra (F7)")
        self.word_button = QPushButton("Xuất Word")
        self.word_button.setMenu(QMenu(self.word_button))
        self.word_button.menu().aboutToShow.connect(self._fill_word_menu)
        self.progress_button = QPushButton("Tiến độ…")
        self.progress_button.setEnabled(False)
        self.delete_button = QPushButton("Xóa")
        self.trash_button = QPushButton("Thùng rác")
        for button, slot in (
            (self.edit_button, self.edit_plan),
            (self.duplicate_button, self.duplicate_plan),
            (self.issue_button, self.issue_plan),
            (self.reopen_button, self.reopen_plan),
            (self.check_button, self.check_plan),
            (self.progress_button, self.open_progress),
            (self.delete_button, self.delete_plan),
            (self.trash_button, self.open_trash),
        ):
            button.clicked.connect(slot)
        for button in (
            self.new_button, self.edit_button, self.duplicate_button, self.issue_button,
            self.reopen_button, self.status_button, self.check_button, self.word_button,
            self.progress_button, self.delete_button, self.trash_button,
        ):  # fmt: skip
            bar.addWidget(button)
        bar.addStretch(1)
        for button, tip in (
            (self.new_button, with_keys("Thêm kế hoạch mới", "new")),
            (self.edit_button, with_keys("Sửa kế hoạch đã chọn", "plans.edit")),
            (self.duplicate_button, "Tạo bản dự thảo cho năm sau từ kế hoạch đã chọn"),
            (self.issue_button, "Cho số và ngày ban hành kế hoạch dự thảo"),
            (self.reopen_button, "Đưa kế hoạch đã ban hành về dự thảo để sửa"),
            (self.status_button, "Đổi trạng thái thực hiện của kế hoạch"),
            (self.check_button, with_keys("Kiểm tra kế hoạch đã chọn", "plans.check")),
            (self.word_button, with_keys("Xuất kế hoạch ra Word", "export")),
            (self.progress_button, with_keys("Tiến độ thực hiện, phiếu Excel", "plans.progress")),
            (self.delete_button, with_keys("Đưa kế hoạch đã chọn vào thùng rác", "delete")),
            (self.trash_button, "Xem và lấy lại kế hoạch đã xóa"),
        ):
            button.setToolTip(tip)
        # Ctrl+N, Ctrl+E and Delete are the main window's (ui/shortcuts.py WINDOW).
        bind_local("plans.check", self, self.check_plan)
        bind_local("plans.word", self, self.export_plan_docx)
        bind_local("plans.report", self, self.open_report)
        bind_local("plans.progress", self, self.open_progress)
        for key in local_keys("plans.edit"):
            key_shortcut(key, self.plans_view, self.edit_plan)
        self.plans_view.doubleClicked.connect(lambda _i: self.edit_plan())
        return bar

    # ---- plan actions --------------------------------------------------------------------

    def _selected_plan(self) -> Plan | None:
        plan_id = self.selected_plan_id()
        if plan_id is None:
            show_info(self, "Hãy chọn một kế hoạch trong danh sách.")
            return None
        return self._ws.plans.get(plan_id)

    def _plan_for_file(self) -> Plan | None:
        """The selected plan to write a file from: bad stored values print flagged."""
        plan_id = self.selected_plan_id()
        if plan_id is None:
            show_info(self, "Hãy chọn một kế hoạch trong danh sách.")
            return None
        return self._ws.plans.get_for_file(plan_id)

    def _free_plan(self) -> Plan | None:
        """The selected plan, unless it is open in the editor (whose save would undo this)."""
        plan = self._selected_plan()
        plan_id = None if plan is None else plan.id
        editor = self.editor
        open_here = editor is not None and editor.isVisible() and editor.plan.id == plan_id
        if plan is not None and open_here:
            show_info(
                self, "Kế hoạch này đang mở trong cửa sổ soạn: hãy lưu và đóng cửa sổ đó trước."
            )
            return None
        return plan

    def new_plan(self, system: System = System.STATE) -> PlanEditor:
        return self.open_editor(self._ws.plans.new(system))

    def ask_new_plan(self, system: System = System.STATE) -> OfficeDialog | None:
        """The clerk's "new plan": on the first run the office is set up first (its header)."""
        return office_first(self, self._ws, lambda: self.new_plan(system))

    def edit_plan(self, finding: Finding | None = None) -> PlanEditor | None:
        plan = self._selected_plan()
        if plan is None:
            return None
        editor = self.open_editor(plan)
        if finding is not None and editor.plan.id == plan.id:
            editor.open_place(finding)
        return editor

    def open_editor(self, plan: Plan) -> PlanEditor:
        """Open the editor beside the window; the list follows what it saves."""
        if self.editor is not None and self.editor.isVisible():
            self.editor.raise_()
            self.editor.activateWindow()
            if self.editor.plan.id == plan.id:
                return self.editor
            show_info(self, "Hãy đóng kế hoạch đang soạn trước khi mở kế hoạch khác.")
            return self.editor
        self.editor = PlanEditor(self._ws, plan, self.window())
        self.editor.finished.connect(self._on_editor_finished)
        self.editor.show()
        return self.editor

    def _on_editor_finished(self, _result: int) -> None:
        editor = self.editor
        if editor is not None and editor.saved_plan is not None:
            self.reload()
            self.select_plan(editor.saved_plan.id)
            self.data_changed.emit()

    def duplicate_plan(self) -> None:
        plan = self._selected_plan()
        if plan is None:
            return
        copy = self._ws.plans.duplicate(plan.id, years=1)
        self._after_change(
            copy.id,
            "Đã tạo bản dự thảo mới từ kế hoạch đã chọn (các năm trong trích yếu và thời hạn "
            "được cộng thêm 1). Hãy sửa lại cho đúng.",
        )

    def issue_plan(self) -> None:
        plan = self._free_plan()
        if plan is None:
            return
        if plan.status is not PlanStatus.DRAFT:
            show_info(
                self, "Kế hoạch này đã ban hành. Muốn sửa, hãy chọn \u201cMở lại để sửa\u201d."
            )
            return
        dialog = IssueDialog(
            lambda day: self._ws.plans.next_number(plan, day), dt.date.today(), self
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        day, number = dialog.chosen()
        self._run(lambda: self._ws.plans.issue(plan.id, day, number), plan.id)

    def reopen_plan(self) -> None:
        plan = self._free_plan()
        if plan is None or plan.status is PlanStatus.DRAFT:
            return
        if ask_yes_no(
            self,
            f"Mở lại kế hoạch {plan.name} để sửa phần đầu văn bản? Kế hoạch trở về dự "
            "thảo, giữ nguyên số đã cấp; sau khi sửa hãy ban hành lại.",
            yes="Mở lại",
        ):
            self._run(lambda: self._ws.plans.reopen(plan.id), plan.id)

    def _fill_status_menu(self) -> None:
        menu = self.status_button.menu()
        menu.clear()
        plan_id = self.selected_plan_id()
        summary = next((p for p in self._all_plans if p.id == plan_id), None)
        if summary is None:
            menu.addAction("(chưa chọn kế hoạch)").setEnabled(False)
            return
        try:
            plan = self._ws.plans.get(summary.id)
        except UserError:
            menu.addAction("(kế hoạch mang dữ liệu sai: hãy chạy Kiểm tra dữ liệu)").setEnabled(
                False
            )
            return
        fill_status_menu(menu, plan, self.set_status)

    def set_status(self, status: PlanStatus) -> None:
        plan = self._free_plan()
        plan_id = None if plan is None else plan.id
        if plan_id is not None:
            self._run(lambda: self._ws.plans.set_status(plan_id, status), plan_id)

    def check_plan(self) -> FindingsDialog | None:
        plan = self._selected_plan()
        if plan is None:
            return None
        dialog = FindingsDialog(plan.title, self._ws.plans.check(plan), self)

        def open_finding(finding: Finding) -> None:
            dialog.accept()
            if finding.place is Place.ASSIGNMENTS:
                self.open_assignments.emit(plan.id)
            else:
                self.edit_plan(finding)

        dialog.open_finding.connect(open_finding)
        dialog.open()
        return dialog

    # ---- Word ------------------------------------------------------------------------------

    def _fill_word_menu(self) -> None:
        menu = self.word_button.menu()
        menu.clear()
        plan_id = self.selected_plan_id()
        if plan_id is None:
            menu.addAction("(chưa chọn kế hoạch)").setEnabled(False)
            return
        try:
            plan = self._ws.plans.get_for_file(plan_id)  # a bad value is printed flagged
        except UserError:
            menu.addAction("(kế hoạch mang dữ liệu sai: hãy chạy Kiểm tra dữ liệu)").setEnabled(
                False
            )
            return
        fill_word_menu(
            menu,
            plan,
            export_plan=self.export_plan_docx,
            export_appendix=self.export_appendix_docx,
            open_report=self.open_report,
            export_decision=self.export_decision_docx,
        )

    def export_plan_docx(self, *, path: Path | None = None) -> Path | None:
        plan = self._plan_for_file()
        if plan is None:
            return None
        return export_word(self, self._ws, plan, DocumentKind.PLAN, path=path)

    def export_decision_docx(self, *, path: Path | None = None) -> Path | None:
        """The Quyết định ban hành Kế hoạch of the selected plan."""
        plan = self._plan_for_file()
        if plan is None:
            return None
        return export_word(self, self._ws, plan, DocumentKind.DECISION, path=path)

    def print_plan(self) -> Path | None:
        """The selected plan (with its appendices) as Word, handed to the printer."""
        plan = self._plan_for_file()
        if plan is None:
            return None
        docs = self._ws.documents
        path = docs.print_path(docs.file_name(plan, DocumentKind.PLAN))
        return print_file(
            self,
            lambda p: docs.export_docx(plan, p, DocumentKind.PLAN),
            path,
            lambda: docs.last_flags,
        )

    def export_appendix_docx(self, index: int, *, path: Path | None = None) -> Path | None:
        plan = self._plan_for_file()
        if plan is None:
            return None
        return export_word(
            self, self._ws, plan, DocumentKind.APPENDIX, appendix_index=index, path=path
        )

    def open_report(self) -> ReportDialog | None:
        # Read as a file is: a report only reads the plan, and prints bad values flagged.
        plan = self._plan_for_file()
        if plan is None:
            return None
        dialog = ReportDialog(self._ws, plan, self)
        dialog.open()
        return dialog

    # ---- progress --------------------------------------------------------------------------

    def open_progress(self) -> ProgressWindow | None:
        """The progress window of the selected plan, beside the main window.

        A plan with bad stored values opens too, flagged: progress is recorded in its own
        rows, never by saving the plan back.
        """
        plan = self._plan_for_file()
        if plan is None:
            return None
        window = self.progress_windows.get(plan.id)
        if window is None:
            window = ProgressWindow(self._ws, plan, self.window(), today=self.today)
            window.data_changed.connect(self._on_progress_changed)
            self.progress_windows[plan.id] = window
            window.show()
            return window
        window.reload()  # reports may have come in another way since it was closed
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def _on_progress_changed(self) -> None:
        """Statuses of tasks changed with a report: the list and the other tabs follow."""
        self._after_change(self.selected_plan_id())

    def delete_plan(self) -> None:
        plan = self._free_plan()
        if plan is None:
            return
        if ask_yes_no(
            self,
            f"Chuyển kế hoạch \u201c{plan.title[:80]}\u201d vào thùng rác? Có thể khôi phục "
            "lại từ Thùng rác.",
            yes="Xóa",
        ):
            self._run(lambda: self._ws.plans.delete(plan.id), None)

    def open_trash(self) -> None:
        def restore(item: TrashItem) -> None:
            self._ws.plans.restore(item)
            self._after_change(None)

        TrashDialog(self._ws.plans.trash(), restore, self).exec()

    def _run(self, action: Callable[[], object], select: str | None) -> None:
        if attempt(self, action):
            self._after_change(select)

    def _after_change(self, select: str | None, message: str = "") -> None:
        self.reload()
        if select:
            self.select_plan(select)
        self.data_changed.emit()
        if message:
            show_info(self, message)

    def reload(self) -> None:
        """Read the plans again (the data changed); the search text and selection stay."""
        self._all_plans = self._ws.plans.summaries()
        self._search_index = self._ws.plans.search_index()
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
        self.progress_button.setEnabled(self.selected_plan_id() is not None)
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
        try:
            plan = self._ws.plans.get(plan_id)
        except UserError as exc:  # a stored row that breaks the rules: said, the list stays
            self._show(None, exc.message)
            return
        self._show(plan)
        self.plan_selected.emit(plan.id)

    def _show(self, plan: Plan | None, why: str = "") -> None:
        self.current_plan = plan
        self.progress_button.setEnabled(self.selected_plan_id() is not None)
        if plan is None:
            self.preview.setHtml(
                f"<p style='color:#b00020'>{html.escape(why)}</p>"
                if why
                else "<p>Chưa có kế hoạch nào được chọn.</p>"
            )
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
