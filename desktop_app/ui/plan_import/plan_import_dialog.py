"""The window "Nhập từ văn bản": a plan read from a Word, PDF or text file, checked, then saved.

Left, what the program understood of the document, as a tree; right, the document itself,
where the lines of the chosen row are marked. Under the tree the clerk corrects the header
(trích yếu, cơ quan ban hành, số, ký hiệu, địa danh, ngày) and a task's text, or leaves out a
line that was taken for a task although it is none, split a task in two or join it with its
neighbour in the document (each undone with Ctrl+Z). The tasks the reader is least sure of come
first; a tick shows them in the document's order, the order the plan is saved in. Under the
document: the reader's doubts,
and the names the office's lists do not have yet, each to add or to take as one already
there. "Lưu thành dự thảo" (Ctrl+S) saves it all as a draft in one go, with the new units and
hamlets; "Hủy" saves nothing.
"""

from collections.abc import Callable
from dataclasses import replace
from html import escape

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from desktop_app.domain.checks import Finding, Place
from desktop_app.domain.errors import UserError
from desktop_app.domain.plans import Plan
from desktop_app.domain.registry import Registry
from desktop_app.domain.text import clean
from desktop_app.domain.units import Hamlet, Unit
from desktop_app.imports.document_reader import SourceKind
from desktop_app.imports.plan_reader import SourceSpan
from desktop_app.ui.common.dialogs import ask_yes_no, show_error, wait_cursor
from desktop_app.ui.common.screen import fit_to_screen
from desktop_app.ui.common.tables import make_table, make_tree, show_index
from desktop_app.ui.plan_import.detail_pages import TaskPanel, TextPanel
from desktop_app.ui.plan_import.header_form import HINT_STYLE, CorrectionError, HeaderForm
from desktop_app.ui.plan_import.name_choices import NamesPanel
from desktop_app.ui.plan_import.plan_import_models import (
    FindingsTableModel,
    ImportNode,
    ImportTreeModel,
)
from desktop_app.ui.plan_import.source_view import SourceView
from desktop_app.ui.plans.plan_editor import PlanEditor
from desktop_app.ui.shortcuts import bind_local, with_keys
from desktop_app.workspace import Workspace
from desktop_app.workspace.import_review import ImportReview, ReviewError
from desktop_app.workspace.plan_import import PlanImport

TITLE = "Nhập từ văn bản"
SOURCE_KIND_LABELS = Registry(
    SourceKind,
    {SourceKind.DOCX: "Word", SourceKind.PDF: "PDF", SourceKind.TXT: "văn bản thường"},
    "source document kinds",
)
SAVE_KEYS = ("Ctrl+Return", "Ctrl+Enter")
WANTED_SIZE = (1340, 720)  # fits a 1366x768 screen with its taskbar
BRANCH_OF_PLACE = Registry(
    Place,
    {
        Place.HEADER: "header",
        Place.SECTIONS: "sections",
        Place.TASKS: "tasks",
        Place.ASSIGNMENTS: "assignments",
        Place.EVENTS: "events",
        Place.RECIPIENTS: "recipients",
        Place.APPENDICES: "appendices",
    },
    "import review branch of each place",
)

OpenEditor = Callable[[Plan], object]


def _no_default(*buttons: QPushButton) -> None:
    for button in buttons:
        button.setAutoDefault(False)
        button.setDefault(False)


class PlanImportDialog(QDialog):
    """What was read from one document, to correct and save as a draft, or to leave."""

    saved = Signal(object)  # the Plan as saved, before the window asks about the editor

    def __init__(
        self,
        workspace: Workspace,
        imported: PlanImport,
        parent: QWidget | None = None,
        *,
        open_editor: OpenEditor | None = None,
    ) -> None:
        super().__init__(parent)
        self._ws = workspace
        self.imported = imported
        self.plan = imported.plan
        self._open_editor = open_editor
        self.saved_plan: Plan | None = None
        self.editor: QWidget | None = None  # the plan editor this window opened itself
        self.edited = False
        self.shown_span: SourceSpan | None = None
        self._loading = True
        self.review = ImportReview(imported)
        self._task_id = ""  # the task the panel under the tree shows
        # Where a split cuts: the task's text box, or the line of the document the cursor is on,
        # whichever the clerk last put the cursor in.
        self.split_in_source = False
        self._units: dict[str, Unit] = {u.id: u for u in workspace.directory.units() if u.active}
        self._hamlets: dict[str, Hamlet] = {
            h.id: h for h in workspace.directory.hamlets() if h.active
        }
        self.setWindowTitle(f"{TITLE} \u2014 {imported.source.name}")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setSizeGripEnabled(True)

        self.model = ImportTreeModel(
            self.plan,
            imported.spans,
            imported.findings,
            self,
            confidence=self.review.state.confidence,
            doubtful_first=True,
        )
        self.findings_model = FindingsTableModel(self)
        self.findings_model.set_rows(imported.findings)

        self.summary = QLabel(self._summary_text())
        self.summary.setWordWrap(True)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self._build_left())
        self.splitter.addWidget(self._build_right())
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 6)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.addWidget(self.summary)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(self._build_buttons())
        width = fit_to_screen(self, *WANTED_SIZE).width()
        self.splitter.setSizes([width * 5 // 11, width * 6 // 11])
        self._connect()
        _no_default(*self.findChildren(QPushButton))
        self._loading = False
        self.select("header")
        self.tree.setFocus()

    def _connect(self) -> None:
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current_changed)
        self.tree.activated.connect(self._on_tree_activated)
        self.model.kept_changed.connect(self._on_model_kept_changed)
        self.findings_view.selectionModel().selectionChanged.connect(
            self._on_findings_selection_changed
        )
        self.header_page.changed.connect(self._on_header_changed)
        self.header_page.number_edit.editingFinished.connect(self.check_header)
        self.header_page.date_edit.editingFinished.connect(self.check_header)
        self.task_page.drop_check.toggled.connect(self._on_drop_check_toggled)
        self.task_page.task_text.textChanged.connect(self._on_task_text_changed)
        self.names_panel.changed.connect(self._on_name_choice_changed)
        self.order_check.toggled.connect(self._on_order_toggled)
        self.task_page.split_button.clicked.connect(self.split_task)
        self.task_page.join_next_button.clicked.connect(self.join_next)
        self.task_page.join_previous_button.clicked.connect(self.join_previous)
        self.undo_button.clicked.connect(self.undo)
        self.task_page.task_text.cursorPositionChanged.connect(self._on_text_cursor_moved)
        self.source_view.cursorPositionChanged.connect(self._on_source_cursor_moved)
        window = Qt.ShortcutContext.WindowShortcut
        bind_local("import.split", self, self.split_task, window)
        bind_local("import.join_next", self, self.join_next, window)
        bind_local("import.join_previous", self, self.join_previous, window)
        bind_local("import.undo", self, self.undo, window)
        bind_local("import.order", self, self.order_check.toggle, window)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        for key in SAVE_KEYS:
            QShortcut(QKeySequence(key), self, self.save)

    # ---- building --------------------------------------------------------------------------

    def _summary_text(self) -> str:
        source = self.imported.source
        plan = self.plan
        kind = SOURCE_KIND_LABELS[source.kind]
        doubtful = sum(bool(self.review.confidence(t.id).doubts) for t in plan.tasks)
        tasks = f"{len(plan.tasks)} nhiệm vụ"
        if doubtful:
            tasks += f" ({doubtful} có điểm đáng ngờ)"
        parts = [tasks, f"{len(plan.events)} sự kiện"]
        if plan.assignments:
            parts.append(f"{len(plan.assignments)} dòng phân công xóm")
        parts.append(f"{len(plan.recipients)} nơi nhận")
        doubts = len(self.imported.findings)
        more = f" Có {doubts} điều cần xem lại (bên phải, dưới văn bản)." if doubts else ""
        return (
            f"Đã đọc <b>{escape(source.name)}</b> ({kind}, {len(source.lines)} dòng): "
            f"{', '.join(parts)}.{more} Chọn một dòng bên trái để xem chỗ đó trong văn bản "
            "gốc; sửa Thông tin chung, bỏ những dòng không phải nhiệm vụ, rồi lưu thành dự thảo."
        )

    def _build_left(self) -> QWidget:
        self.tree = make_tree(self.model)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ImportTreeModel.COL_VALUE, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(ImportTreeModel.COL_LABEL, 190)
        header.resizeSection(
            ImportTreeModel.COL_CONFIDENCE, self.fontMetrics().horizontalAdvance("Tin cậy") + 24
        )
        self._expand_branches()
        label = QLabel("Chương trình đã &hiểu:")
        label.setBuddy(self.tree)
        self.order_check = QCheckBox("Nhiệm vụ đáng ngờ lên &trước")
        self.order_check.setChecked(True)
        self.order_check.setToolTip(
            with_keys(
                "Đánh dấu: nhiệm vụ chương trình ít tin cậy nhất đứng đầu danh sách. Bỏ đánh dấu: "
                "theo thứ tự trong văn bản (kế hoạch luôn được lưu theo thứ tự trong văn bản)",
                "import.order",
            )
        )
        top = QWidget()
        top_row = QHBoxLayout(top)
        top_row.setContentsMargins(0, 0, 0, 0)
        top_row.addWidget(label)
        top_row.addStretch(1)
        top_row.addWidget(self.order_check)

        self.detail = QStackedWidget()
        self.header_page = HeaderForm(self.plan)
        self.task_page = TaskPanel()
        self.text_page = TextPanel()
        for page in (self.header_page, self.task_page, self.text_page):
            self.detail.addWidget(page)

        return _labelled_column(top, self.tree, self.detail, (0, 0, 4, 0))

    def _build_right(self) -> QWidget:
        source = self.imported.source
        self.source_view = SourceView(self.imported)
        label = QLabel(f"&Văn bản gốc ({len(source.lines)} dòng; phần đang chọn được tô vàng):")
        label.setBuddy(self.source_view)

        self.bottom_tabs = QTabWidget()
        self.findings_view = make_table(
            self.findings_model, stretch_column=FindingsTableModel.COL_MESSAGE, sortable=False
        )
        self.findings_view.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.bottom_tabs.addTab(self.findings_view, f"Cần &xem lại ({len(self.imported.findings)})")
        new_count = len(self.imported.new_units) + len(self.imported.new_hamlets)
        self.names_panel = NamesPanel(self.imported, self._units, self._hamlets)
        self.names_panel.refresh_uses(self._kept_tasks())
        self.bottom_tabs.addTab(self.names_panel, f"Tên &mới ({new_count})")

        return _labelled_column(label, self.source_view, self.bottom_tabs, (4, 0, 0, 0))

    def _build_buttons(self) -> QHBoxLayout:
        self.save_button = QPushButton("&Lưu thành dự thảo (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton("Hủy")
        self.cancel_button.clicked.connect(self.reject)
        self.cancel_button.setToolTip("Đóng cửa sổ, không lưu gì (Esc)")
        self.undo_button = QPushButton("&Hoàn tác")
        self.undo_button.setToolTip(with_keys("Hoàn tác lần tách, gộp vừa làm", "import.undo"))
        self.undo_button.setEnabled(False)
        hint = QLabel(
            "Chưa có gì được lưu. Khi lưu, kế hoạch thành dự thảo cùng các tên mới; đơn vị chủ "
            "trì, thời hạn và các phần khác sửa tiếp trong cửa sổ soạn kế hoạch."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(HINT_STYLE)
        row = QHBoxLayout()
        row.addWidget(hint, 1)
        row.addWidget(self.undo_button)
        row.addWidget(self.save_button)
        row.addWidget(self.cancel_button)
        return row

    # ---- the tree and the document ---------------------------------------------------------

    def select(self, name: str) -> bool:
        """Select the row ``name`` (a branch, "header.title", a task's id...)."""
        return show_index(self.tree, self.model.index_of(name))

    def current_node(self) -> ImportNode | None:
        return self.model.node(self.tree.currentIndex())

    def _on_tree_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        node = self.model.node(current)
        if node is None:
            return
        self._show_detail(node)
        span = self.model.source_span(node)
        if span is not None:
            self.show_lines(span)

    def _on_tree_activated(self, index: QModelIndex) -> None:
        """Enter (or a double click) on a row that can be corrected goes to its field."""
        node = self.model.node(index)
        if node is None:
            return
        field = self.header_page.field(node.name)
        if field is not None:
            field.setFocus()
        elif self.detail.currentWidget() is self.task_page:
            page = self.task_page
            (page.task_text if page.task_text.isEnabled() else page.drop_check).setFocus()

    def show_lines(self, span: SourceSpan) -> None:
        """Mark lines ``span.first`` to ``span.last`` of the document and scroll to them."""
        loading, self._loading = self._loading, True
        try:
            self.shown_span = self.source_view.mark_lines(span)
        finally:
            self._loading = loading

    def _show_detail(self, node: ImportNode) -> None:
        branch = node
        while branch.parent is not None and branch.parent.parent is not None:
            branch = branch.parent
        task = node if node.task_id else None
        if node.parent is not None and node.parent.task_id:
            task = node.parent
        if branch.name == "header":
            self.detail.setCurrentWidget(self.header_page)
            return
        if task is not None:
            self._show_task(task)
            return
        self._task_id = ""
        self.detail.setCurrentWidget(self.text_page)
        title = branch.label if node is branch else f"{branch.label} \u2014 {node.label}"
        span = self.model.source_span(node)
        where = f" (văn bản gốc, dòng {span.first + 1}\u2013{span.last + 1})" if span else ""
        self.text_page.text_heading.setText(f"<b>{escape(title)}</b>{where}")
        self.text_page.text_body.setPlainText(node.full_text)

    def _show_task(self, node: ImportNode) -> None:
        self._task_id = node.task_id
        self.split_in_source = False
        self.detail.setCurrentWidget(self.task_page)
        span = self.model.source_span(node)
        where = f" (văn bản gốc, dòng {span.first + 1}\u2013{span.last + 1})" if span else ""
        self.task_page.task_heading.setText(f"<b>Nhiệm vụ {escape(node.label)}</b>{where}")
        sure = self.review.confidence(node.task_id)
        self.task_page.task_doubts.setText(
            "Cần xem lại: " + "; ".join(sure.reasons) + "." if sure.doubts else ""
        )
        self.task_page.task_doubts.setVisible(bool(sure.doubts))
        number = self.review.number(node.task_id)
        self.task_page.join_previous_button.setEnabled(number > 1)
        self.task_page.join_next_button.setEnabled(number < len(self.review.tasks))
        loading, self._loading = self._loading, True
        try:
            self.task_page.drop_check.setChecked(not self.model.is_kept(node.task_id))
            self.task_page.task_text.setPlainText(self.review.text(node.task_id))
        finally:
            self._loading = loading
        self.task_page.task_text.setEnabled(self.model.is_kept(node.task_id))
        self.task_page.task_info.setText(escape(node.detail))

    def _on_findings_selection_changed(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        rows = self.findings_view.selectionModel().selectedRows()
        if rows:
            self.go_to_finding(self.findings_model.row_object(rows[0].row()))

    def go_to_finding(self, finding: Finding) -> None:
        """Select the row the finding is about (or its part of the plan)."""
        if finding.item_id and self.select(finding.item_id):
            return
        branch = BRANCH_OF_PLACE[finding.place]
        self.select(branch)

    # ---- corrections -----------------------------------------------------------------------

    def _on_header_changed(self) -> None:
        if self._loading:
            return
        self.edited = True
        self.header_page.header_error.setVisible(False)
        for name, value in self.header_page.shown_values():
            self.model.set_value(f"header.{name}", value)

    def check_header(self) -> bool:
        """Say under the fields what cannot be saved (a wrong date or number); False then."""
        try:
            self.header_page.corrected(self.plan)
        except CorrectionError as exc:
            self.header_page.show_problem(exc.message)
            return False
        self.header_page.header_error.setVisible(False)
        return True

    # ---- split, join, undo, order ----------------------------------------------------------

    def _on_text_cursor_moved(self) -> None:
        if not self._loading:
            self.split_in_source = False

    def _on_source_cursor_moved(self) -> None:
        if not self._loading:
            self.split_in_source = True

    def _chosen_task(self) -> str:
        """The task the panel shows; "" (and the clerk told so) when none is chosen."""
        if not self._task_id or self.detail.currentWidget() is not self.task_page:
            show_error(self, "Hãy chọn một nhiệm vụ trong danh sách bên trái trước.", TITLE)
            return ""
        return self._task_id

    def split_task(self) -> None:
        """Split the chosen task at the cursor: in its text, or at a line of the document."""
        task_id = self._chosen_task()
        if not task_id:
            return
        try:
            if self.split_in_source:
                line = self.source_view.textCursor().blockNumber()
                _, second = self.review.split_at_line(task_id, line)
            else:
                at = self.task_page.task_text.textCursor().position()
                _, second = self.review.split(task_id, at)
        except ReviewError as exc:
            show_error(self, exc.message, "Chưa tách được")
            return
        self._after_change(second)
        self.task_page.task_text.setFocus()

    def join_next(self) -> None:
        self._join(1)

    def join_previous(self) -> None:
        self._join(-1)

    def _join(self, step: int) -> None:
        task_id = self._chosen_task()
        if not task_id:
            return
        other = self.review.neighbour(task_id, step)
        if other is None:
            where = "sau" if step > 0 else "trước"
            show_error(self, f"Không có nhiệm vụ liền {where} trong văn bản để gộp.", TITLE)
            return
        first, second = (task_id, other.id) if step > 0 else (other.id, task_id)
        try:
            joined = self.review.join(first, second)
        except ReviewError as exc:
            show_error(self, exc.message, "Chưa gộp được")
            return
        self._after_change(joined)

    def undo(self) -> None:
        """Take back the last split or join."""
        current = self._task_id
        if self.review.undo():
            self._after_change(current)

    def _on_order_toggled(self, _checked: bool) -> None:
        current = self.current_node()
        self._rebuild(current.name if current is not None else "")

    def _after_change(self, select: str) -> None:
        self.edited = True
        self.plan = replace(self.plan, tasks=self.review.tasks)
        self._rebuild(select)
        self.summary.setText(self._summary_text())
        self._refresh_name_uses()

    def _rebuild(self, select: str) -> None:
        """Show the tasks anew and choose ``select`` (the tasks' branch when it is gone)."""
        state = self.review.state
        self.model.rebuild(
            self.plan,
            spans=state.spans,
            findings=self.imported.findings,
            confidence=state.confidence,
            doubtful_first=self.order_check.isChecked(),
            dropped=set(state.dropped),
        )
        self._expand_branches()
        self.undo_button.setEnabled(self.review.can_undo)
        self._task_id = ""
        if not (select and self.select(select)):
            self.select("tasks")

    def _expand_branches(self) -> None:
        for name in ("header", "bases", "tasks", "events", "recipients", "signature"):
            self.tree.expand(self.model.index_of(name))

    def _on_drop_check_toggled(self, checked: bool) -> None:
        if self._loading or not self._task_id:
            return
        self.model.set_kept(self._task_id, not checked)

    def _on_model_kept_changed(self, task_id: str, kept: bool) -> None:
        self.edited = True
        self.review.set_kept(task_id, kept)
        if task_id == self._task_id:
            loading, self._loading = self._loading, True
            self.task_page.drop_check.setChecked(not kept)
            self._loading = loading
            self.task_page.task_text.setEnabled(kept)
        self._refresh_name_uses()

    def _on_task_text_changed(self) -> None:
        if self._loading or not self._task_id:
            return
        self.edited = True
        text = self.task_page.task_text.toPlainText()
        self.review.set_text(self._task_id, text)
        self.model.set_value(self._task_id, clean(" ".join(text.split())))

    def _on_name_choice_changed(self) -> None:
        if not self._loading:
            self.edited = True

    def _kept_tasks(self) -> Plan:
        """The plan without the unticked tasks (texts as imported)."""
        return replace(
            self.plan, tasks=tuple(t for t in self.plan.tasks if self.model.is_kept(t.id))
        )

    def _refresh_name_uses(self) -> None:
        self.names_panel.refresh_uses(self._kept_tasks())

    # ---- saving and closing ----------------------------------------------------------------

    def corrected(self) -> tuple[Plan, list[Unit], list[Hamlet]]:
        """The plan as corrected, and the names to add to the lists.

        Raises:
            UserError: a correction that cannot be saved (the message says which).
        """
        plan = self.header_page.corrected(self.plan)
        tasks = []
        for number, task in enumerate(plan.tasks, 1):
            if not self.model.is_kept(task.id):
                continue
            text = clean(" ".join(self.review.text(task.id).split()))
            if not text:
                raise CorrectionError(
                    f"Nhiệm vụ thứ {number} chưa có nội dung. Hãy viết lại, hoặc đánh dấu "
                    "\u201cBỏ nhiệm vụ này\u201d nếu đó không phải một nhiệm vụ.",
                    self.task_page.task_text,
                    task.id,
                )
            tasks.append(replace(task, text=text))
        return self.names_panel.resolve(replace(plan, tasks=tuple(tasks)))

    def save(self) -> Plan | None:
        """Save the plan as a draft with the new names, all or nothing; then offer the editor."""
        if self.saved_plan is not None:
            return None
        try:
            plan, units, hamlets = self.corrected()
        except CorrectionError as exc:
            self._point_at(exc)
            show_error(self, exc.message, "Chưa lưu được")
            return None
        try:
            with wait_cursor():
                saved = self._ws.plan_import.save(plan, units, hamlets)
        except UserError as exc:
            show_error(self, exc.message, "Chưa lưu được")
            return None
        self.saved_plan = saved
        self.saved.emit(saved)
        added = []
        if units:
            added.append(f"{len(units)} đơn vị")
        if hamlets:
            added.append(f"{len(hamlets)} xóm")
        names = f" Đã thêm vào danh sách {' và '.join(added)} mới." if added else ""
        wants_editor = ask_yes_no(
            self,
            f"Đã lưu kế hoạch \u201c{saved.title}\u201d thành dự thảo, gồm {len(saved.tasks)} "
            f"nhiệm vụ.{names}\n\nMở kế hoạch vừa lưu để soạn tiếp?",
            "Đã lưu",
            yes="Mở để soạn tiếp",
        )
        self.accept()
        if wants_editor:
            self.open_saved_plan()
        return saved

    def open_saved_plan(self) -> None:
        if self.saved_plan is None:
            return
        if self._open_editor is not None:
            self._open_editor(self.saved_plan)
            return
        editor = PlanEditor(self._ws, self.saved_plan, self.parentWidget())
        editor.show()
        self.editor = editor

    def _point_at(self, invalid: CorrectionError) -> None:
        """Show the field where a correction is wrong."""
        self.select(invalid.node)
        if invalid.node == "header":
            self.header_page.show_problem(invalid.message)
        invalid.focus.setFocus()

    @override
    def done(self, result: int) -> None:
        """Hủy, Esc and the window's X ask first when the clerk corrected something."""
        if (
            result != QDialog.DialogCode.Accepted
            and self.saved_plan is None
            and self.edited
            and not ask_yes_no(
                self,
                "Bạn đã sửa một số chỗ nhưng kế hoạch chưa được lưu. Bỏ những chỗ đã sửa và "
                "đóng cửa sổ?",
                "Chưa lưu",
                yes="Bỏ và đóng",
            )
        ):
            return
        super().done(result)


def _labelled_column(
    label: QWidget, top: QWidget, bottom: QWidget, margins: tuple[int, int, int, int]
) -> QWidget:
    """One side of the window: a label over two panes split 3:2, the lower one resizable."""
    split = QSplitter(Qt.Orientation.Vertical)
    split.addWidget(top)
    split.addWidget(bottom)
    split.setChildrenCollapsible(False)
    split.setStretchFactor(0, 3)
    split.setStretchFactor(1, 2)
    split.setSizes([400, 230])
    widget = QWidget()
    column = QVBoxLayout(widget)
    column.setContentsMargins(*margins)
    column.addWidget(label)
    column.addWidget(split, 1)
    return widget
