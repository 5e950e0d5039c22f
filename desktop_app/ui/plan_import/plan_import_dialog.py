"""The window "Nhập từ văn bản": a plan read from a Word, PDF or text file, checked, then saved.

Left, what the program understood of the document, as a tree; right, the document itself,
where the lines of the chosen row are marked. Under the tree the clerk corrects the header
(trích yếu, cơ quan ban hành, số, ký hiệu, địa danh, ngày) and a task's text, or leaves out a
line that was taken for a task although it is none. Under the document: the reader's doubts,
and the names the office's lists do not have yet, each to add or to take as one already
there. "Lưu thành dự thảo" (Ctrl+S) saves it all as a draft in one go, with the new units and
hamlets; "Hủy" saves nothing.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from html import escape
from pathlib import Path

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeySequence, QShortcut, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QTextEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from desktop_app.domain.checks import Finding, Place
from desktop_app.domain.deadlines import parse_day
from desktop_app.domain.errors import UserError
from desktop_app.domain.plans import (
    SYSTEM_LABELS,
    HamletRef,
    Issuer,
    Plan,
    System,
    UnitRef,
    plan_reference,
)
from desktop_app.domain.text import clean, name_key
from desktop_app.domain.units import Hamlet, Unit
from desktop_app.imports.plan_reader import SourceSpan
from desktop_app.paths import documents_dir
from desktop_app.plan_import import PlanImport, replace_hamlet, replace_unit
from desktop_app.ui.common.dialogs import ask_yes_no, show_error, work_progress
from desktop_app.ui.common.tables import make_table
from desktop_app.ui.plan_import.plan_import_models import (
    FindingsTableModel,
    ImportNode,
    ImportTreeModel,
)
from desktop_app.ui.plans.plan_editor import PlanEditor
from desktop_app.workspace import Workspace

TITLE = "Nhập từ văn bản"
DOCUMENT_FILTER = "Văn bản kế hoạch (*.docx *.pdf *.txt);;Tất cả (*)"
ADD_NEW = "Thêm mới vào danh sách"
KIND_LABELS = {"docx": "Word", "pdf": "PDF", "txt": "văn bản thường"}
HIGHLIGHT = "#ffe98a"
ERROR_STYLE = "QLabel { color: #b00020; }"
HINT_STYLE = "QLabel { color: #555555; }"
NOTE_STYLE = "QLabel { background: #eef5ff; padding: 4px; border: 1px solid #b0c4de; }"
SAVE_KEYS = ("Ctrl+Return", "Ctrl+Enter")
LINES_ABOVE = 2  # lines of the document shown above the marked ones
WANTED_SIZE = (1340, 720)  # fits a 1366x768 screen with its taskbar

# The folder the last document was chosen in, while the program runs.
_last_folder: dict[str, Path] = {}

OpenEditor = Callable[[Plan], object]


# ---- choosing and reading the file ----------------------------------------------------------


def ask_document_path(parent: QWidget) -> Path | None:
    """The system's open dialog, in the folder of the last document (else Documents)."""
    folder = _last_folder.get("folder") or documents_dir()
    chosen, _ = QFileDialog.getOpenFileName(
        parent, "Chọn văn bản kế hoạch", str(folder), DOCUMENT_FILTER
    )
    return Path(chosen) if chosen else None


def read_plan_document(parent: QWidget, workspace: Workspace, path: Path) -> PlanImport | None:
    """Read and understand the file, with a busy indicator; None (and why) when it cannot be."""
    busy, _step = work_progress(parent, TITLE, f"Đang đọc {path.name}…", "Đang đọc")
    busy.setRange(0, 0)
    busy.show()
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    QApplication.processEvents()
    imported: PlanImport | None = None
    error = ""
    try:
        imported = workspace.read_plan_file(path)
    except UserError as exc:
        error = exc.message
    finally:
        QApplication.restoreOverrideCursor()
        busy.close()
    if imported is None:
        show_error(parent, error, "Không đọc được văn bản")
    return imported


def open_plan_document(
    parent: QWidget,
    workspace: Workspace,
    path: Path | None = None,
    *,
    open_editor: OpenEditor | None = None,
) -> "PlanImportDialog | None":
    """Ask for a document (unless ``path``), read it and open the window over it."""
    if path is None:
        path = ask_document_path(parent)
        if path is None:
            return None
    _last_folder["folder"] = path.parent
    imported = read_plan_document(parent, workspace, path)
    if imported is None:
        return None
    dialog = PlanImportDialog(workspace, imported, parent, open_editor=open_editor)
    dialog.open()
    return dialog


# ---- the window -----------------------------------------------------------------------------


class _CorrectionError(UserError):
    """A correction that cannot be saved; ``focus`` is where to fix it."""

    def __init__(self, message: str, focus: QWidget, node: str = "header") -> None:
        super().__init__(message)
        self.focus = focus
        self.node = node


@dataclass
class NameChoice:
    """A name the office's lists do not have: add it, or take it as one already there."""

    kind: str  # "unit" or "hamlet"
    proposed: Unit | Hamlet
    combo: QComboBox  # ADD_NEW (data "") or an existing unit or hamlet (data its id)
    label: QLabel  # the name, and where the plan uses it

    @property
    def written(self) -> str:
        return self.proposed.name

    @property
    def target(self) -> str:
        """The id of the unit or hamlet chosen instead; "" to add the name."""
        return str(self.combo.currentData() or "")


def _fitted_size(widget: QWidget) -> tuple[int, int]:
    area = widget.screen().availableGeometry()
    return min(WANTED_SIZE[0], area.width() - 16), min(WANTED_SIZE[1], area.height() - 40)


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
        self._task_texts: dict[str, str] = {}
        self._task_id = ""  # the task the panel under the tree shows
        self._units: dict[str, Unit] = {u.id: u for u in workspace.units() if u.active}
        self._hamlets: dict[str, Hamlet] = {h.id: h for h in workspace.hamlets() if h.active}
        self.setWindowTitle(f"{TITLE} \u2014 {imported.source.name}")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setSizeGripEnabled(True)

        self.model = ImportTreeModel(self.plan, imported.spans, imported.findings, self)
        self.findings_model = FindingsTableModel(self)
        self.findings_model.set_rows(imported.findings)

        self.summary = QLabel(self._summary_text())
        self.summary.setWordWrap(True)
        left = self._build_left()
        right = self._build_right()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 6)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.addWidget(self.summary)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(self._build_buttons())
        width, height = _fitted_size(self)
        self.resize(width, height)
        self.splitter.setSizes([width * 5 // 11, width * 6 // 11])

        self.tree.selectionModel().currentChanged.connect(self._on_tree_current_changed)
        self.tree.activated.connect(self._on_tree_activated)
        self.model.kept_changed.connect(self._on_model_kept_changed)
        self.findings_view.selectionModel().selectionChanged.connect(
            self._on_findings_selection_changed
        )
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        for key in SAVE_KEYS:
            QShortcut(QKeySequence(key), self, self.save)
        _no_default(*self.findChildren(QPushButton))
        self._loading = False
        self.select("header")
        self.tree.setFocus()

    # ---- building --------------------------------------------------------------------------

    def _summary_text(self) -> str:
        source = self.imported.source
        plan = self.plan
        kind = KIND_LABELS.get(source.kind, source.kind)
        parts = [f"{len(plan.tasks)} nhiệm vụ", f"{len(plan.events)} sự kiện"]
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
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.resizeSection(ImportTreeModel.COL_LABEL, 190)
        for name in ("header", "bases", "tasks", "events", "recipients", "signature"):
            self.tree.expand(self.model.index_of(name))
        label = QLabel("Chương trình đã &hiểu:")
        label.setBuddy(self.tree)

        self.detail = QStackedWidget()
        self.header_page = self._build_header_page()
        self.task_page = self._build_task_page()
        self.text_page = self._build_text_page()
        for page in (self.header_page, self.task_page, self.text_page):
            self.detail.addWidget(page)

        return _labelled_column(label, self.tree, self.detail, (0, 0, 4, 0))

    def _build_header_page(self) -> QWidget:
        plan = self.plan
        page = QFrame()
        page.setFrameShape(QFrame.Shape.StyledPanel)
        self.title_edit = QPlainTextEdit(plan.title)
        self.title_edit.setTabChangesFocus(True)
        lines = self.title_edit.fontMetrics().lineSpacing()
        self.title_edit.setFixedHeight(3 * lines + 12)
        self.issuer_edit = QLineEdit(plan.issuer.name)
        self.issuer_edit.setPlaceholderText("vd. ỦY BAN NHÂN DÂN XÃ PHÚ LẠC")
        self.number_edit = QLineEdit("" if plan.number is None else str(plan.number))
        self.number_edit.setPlaceholderText("để trống")
        self.number_edit.setMaximumWidth(80)
        self.symbol_edit = QLineEdit(plan.symbol)
        self.symbol_edit.setPlaceholderText("vd. KH-UBND")
        self.system_combo = QComboBox()
        for system in System:
            self.system_combo.addItem(SYSTEM_LABELS[system], system.value)
        self.system_combo.setCurrentIndex(self.system_combo.findData(plan.system.value))
        self.place_edit = QLineEdit(plan.place)
        self.date_edit = QLineEdit(f"{plan.date:%d/%m/%Y}" if plan.date else "")
        self.date_edit.setPlaceholderText("dd/mm/yyyy")
        self.date_edit.setMaximumWidth(110)
        self.header_error = QLabel()
        self.header_error.setStyleSheet(ERROR_STYLE)
        self.header_error.setWordWrap(True)
        self.header_error.setVisible(False)

        def buddy(text: str, widget: QWidget) -> QLabel:
            label = QLabel(text)
            label.setBuddy(widget)
            return label

        number_row = QHBoxLayout()
        number_row.addWidget(self.number_edit)
        number_row.addWidget(buddy("&Ký hiệu:", self.symbol_edit))
        number_row.addWidget(self.symbol_edit, 1)
        number_row.addWidget(buddy("Hệ &thống:", self.system_combo))
        number_row.addWidget(self.system_combo)
        place_row = QHBoxLayout()
        place_row.addWidget(self.place_edit, 1)
        place_row.addWidget(buddy("&Ngày:", self.date_edit))
        place_row.addWidget(self.date_edit)
        fields = QWidget()
        form = QFormLayout(fields)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(buddy("Trích &yếu:", self.title_edit), self.title_edit)
        form.addRow(buddy("&Cơ quan ban hành:", self.issuer_edit), self.issuer_edit)
        form.addRow(buddy("&Số:", self.number_edit), number_row)
        form.addRow(buddy("Địa &danh:", self.place_edit), place_row)
        form.addRow(self.header_error)
        hint = QLabel("Sửa ở đây những gì chương trình đọc sai; số và ngày để trống nếu chưa có.")
        hint.setWordWrap(True)
        hint.setStyleSheet(HINT_STYLE)
        column = QVBoxLayout(page)
        column.setContentsMargins(8, 6, 8, 6)
        column.addWidget(hint)
        column.addWidget(fields)
        column.addStretch(1)

        self.title_edit.textChanged.connect(self._on_header_changed)
        for edit in (
            self.issuer_edit,
            self.number_edit,
            self.symbol_edit,
            self.place_edit,
            self.date_edit,
        ):
            edit.textChanged.connect(self._on_header_changed)
        self.system_combo.currentIndexChanged.connect(lambda _i: self._on_header_changed())
        self.number_edit.editingFinished.connect(self.check_header)
        self.date_edit.editingFinished.connect(self.check_header)
        return page

    def _build_task_page(self) -> QWidget:
        page = QFrame()
        page.setFrameShape(QFrame.Shape.StyledPanel)
        self.task_heading = QLabel()
        self.drop_check = QCheckBox("&Bỏ nhiệm vụ này (dòng này không phải một nhiệm vụ)")
        self.drop_check.toggled.connect(self._on_drop_check_toggled)
        self.task_text = QPlainTextEdit()
        self.task_text.setTabChangesFocus(True)
        self.task_text.textChanged.connect(self._on_task_text_changed)
        text_label = QLabel("Nội d&ung nhiệm vụ:")
        text_label.setBuddy(self.task_text)
        self.task_info = QLabel()
        self.task_info.setWordWrap(True)
        self.task_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        hint = QLabel(
            "Đơn vị chủ trì, phối hợp và thời hạn sửa sau khi lưu, trong cửa sổ soạn kế hoạch."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(HINT_STYLE)
        column = QVBoxLayout(page)
        column.setContentsMargins(8, 6, 8, 6)
        column.addWidget(self.task_heading)
        column.addWidget(self.drop_check)
        column.addWidget(text_label)
        column.addWidget(self.task_text, 1)
        column.addWidget(self.task_info)
        column.addWidget(hint)
        return page

    def _build_text_page(self) -> QWidget:
        page = QFrame()
        page.setFrameShape(QFrame.Shape.StyledPanel)
        self.text_heading = QLabel()
        self.text_heading.setWordWrap(True)
        self.text_body = QPlainTextEdit()
        self.text_body.setReadOnly(True)
        self.text_body.setTabChangesFocus(True)
        column = QVBoxLayout(page)
        column.setContentsMargins(8, 6, 8, 6)
        column.addWidget(self.text_heading)
        column.addWidget(self.text_body, 1)
        return page

    def _build_right(self) -> QWidget:
        source = self.imported.source
        self.source_view = QPlainTextEdit()
        self.source_view.setReadOnly(True)
        self.source_view.setUndoRedoEnabled(False)
        self.source_view.setTabChangesFocus(True)
        self.source_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.source_view.setPlainText(source.text)
        self._mark_bold_lines()
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
        self.bottom_tabs.addTab(self._build_names(), f"Tên &mới ({new_count})")

        return _labelled_column(label, self.source_view, self.bottom_tabs, (4, 0, 0, 0))

    def _mark_bold_lines(self) -> None:
        document = self.source_view.document()
        bold = QTextCharFormat()
        bold.setFontWeight(QFont.Weight.Bold)
        for number, line in enumerate(self.imported.source.lines):
            if line.bold:
                cursor = QTextCursor(document.findBlockByNumber(number))
                cursor.movePosition(
                    QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor
                )
                cursor.mergeCharFormat(bold)

    def _build_names(self) -> QWidget:
        imported = self.imported
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(6, 6, 6, 6)
        if imported.matched:
            pairs = "; ".join(
                f"\u201c{escape(m.written)}\u201d khớp với \u201c{escape(m.known)}\u201d đã có"
                for m in imported.matched
            )
            self.matched_label: QLabel | None = QLabel(f"Tên viết khác đã được khớp: {pairs}.")
            self.matched_label.setWordWrap(True)
            self.matched_label.setStyleSheet(NOTE_STYLE)
            column.addWidget(self.matched_label)
        else:
            self.matched_label = None
        self.names: list[NameChoice] = []
        if not imported.new_units and not imported.new_hamlets:
            column.addWidget(
                QLabel("Mọi đơn vị và xóm văn bản nhắc đến đều đã có trong danh sách.")
            )
            column.addStretch(1)
            return page
        explain = QLabel(
            "Các tên này chưa có trong danh sách đơn vị, xóm: mặc định sẽ thêm mới. Nếu là một "
            "đơn vị (xóm) đã có nhưng văn bản viết khác đi, hãy chọn tên đã có."
        )
        explain.setWordWrap(True)
        column.addWidget(explain)
        grid_widget = QWidget()
        grid = QGridLayout(grid_widget)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(0, 1)
        row = 0
        groups: Sequence[tuple[str, str, Sequence[Unit] | Sequence[Hamlet]]] = (
            ("unit", "Đơn vị", imported.new_units),
            ("hamlet", "Xóm", imported.new_hamlets),
        )
        for kind, title, proposed in groups:
            if not proposed:
                continue
            heading = QLabel(f"<b>{title} chưa có ({len(proposed)})</b>")
            grid.addWidget(heading, row, 0, 1, 2)
            row += 1
            known = self._units if kind == "unit" else self._hamlets
            for item in proposed:
                name = QLabel()
                name.setWordWrap(True)
                combo = QComboBox()
                combo.setSizeAdjustPolicy(
                    QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
                )
                combo.setMinimumContentsLength(18)
                combo.addItem(ADD_NEW, "")
                if known:
                    combo.insertSeparator(1)
                for key, other in known.items():
                    combo.addItem(other.name, key)
                combo.setToolTip(f"\u201c{item.name}\u201d: thêm mới, hoặc chọn tên đã có")
                combo.currentIndexChanged.connect(self._on_name_choice_changed)
                name.setBuddy(combo)
                grid.addWidget(name, row, 0)
                grid.addWidget(combo, row, 1)
                self.names.append(NameChoice(kind, item, combo, name))
                row += 1
        grid.setRowStretch(row, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(grid_widget)
        column.addWidget(scroll, 1)
        self._refresh_name_uses()
        return page

    def _build_buttons(self) -> QHBoxLayout:
        self.save_button = QPushButton("&Lưu thành dự thảo (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton("Hủy")
        self.cancel_button.clicked.connect(self.reject)
        hint = QLabel(
            "Chưa có gì được lưu. Khi lưu, kế hoạch thành dự thảo cùng các tên mới; đơn vị chủ "
            "trì, thời hạn và các phần khác sửa tiếp trong cửa sổ soạn kế hoạch."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(HINT_STYLE)
        row = QHBoxLayout()
        row.addWidget(hint, 1)
        row.addWidget(self.save_button)
        row.addWidget(self.cancel_button)
        return row

    # ---- the tree and the document ---------------------------------------------------------

    def select(self, name: str) -> bool:
        """Select the row ``name`` (a branch, "header.title", a task's id...)."""
        index = self.model.index_of(name)
        if not index.isValid():
            return False
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)
        return True

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
        fields: dict[str, QWidget] = {
            "header": self.title_edit,
            "header.system": self.system_combo,
            "header.issuer": self.issuer_edit,
            "header.reference": self.number_edit,
            "header.place": self.place_edit,
            "header.date": self.date_edit,
            "header.title": self.title_edit,
        }
        if node.name in fields:
            fields[node.name].setFocus()
        elif self.detail.currentWidget() is self.task_page:
            (self.task_text if self.task_text.isEnabled() else self.drop_check).setFocus()

    def show_lines(self, span: SourceSpan) -> None:
        """Mark lines ``span.first`` to ``span.last`` of the document and scroll to them."""
        document = self.source_view.document()
        count = document.blockCount()
        first_number = max(0, min(span.first, count - 1))
        last_number = max(first_number, min(span.last, count - 1))
        first = document.findBlockByNumber(first_number)
        last = document.findBlockByNumber(last_number)
        cursor = QTextCursor(first)
        # Up to the start of the next line, so that the last line is marked full width too.
        end = last.position() + last.length() - (0 if last.next().isValid() else 1)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        mark = QTextEdit.ExtraSelection()
        mark.cursor = cursor
        mark_format = QTextCharFormat()
        mark_format.setBackground(QColor(HIGHLIGHT))
        mark_format.setProperty(QTextCharFormat.Property.FullWidthSelection, True)
        mark.format = mark_format
        self.source_view.setExtraSelections([mark])
        self.source_view.setTextCursor(QTextCursor(first))
        top = document.findBlockByNumber(max(0, first_number - LINES_ABOVE))
        self.source_view.verticalScrollBar().setValue(top.firstLineNumber())
        self.shown_span = SourceSpan(first_number, last_number)

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
        self.text_heading.setText(f"<b>{escape(title)}</b>{where}")
        self.text_body.setPlainText(node.full_text)

    def _show_task(self, node: ImportNode) -> None:
        self._task_id = node.task_id
        self.detail.setCurrentWidget(self.task_page)
        span = self.model.source_span(node)
        where = f" (văn bản gốc, dòng {span.first + 1}\u2013{span.last + 1})" if span else ""
        self.task_heading.setText(f"<b>Nhiệm vụ {escape(node.label)}</b>{where}")
        task = next(t for t in self.plan.tasks if t.id == node.task_id)
        loading, self._loading = self._loading, True
        try:
            self.drop_check.setChecked(not self.model.is_kept(node.task_id))
            self.task_text.setPlainText(self._task_texts.get(task.id, task.text))
        finally:
            self._loading = loading
        self.task_text.setEnabled(self.model.is_kept(node.task_id))
        self.task_info.setText(escape(node.detail))

    def _on_findings_selection_changed(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        rows = self.findings_view.selectionModel().selectedRows()
        if rows:
            self.go_to_finding(self.findings_model.row_object(rows[0].row()))

    def go_to_finding(self, finding: Finding) -> None:
        """Select the row the finding is about (or its part of the plan)."""
        if finding.item_id and self.select(finding.item_id):
            return
        branch = {
            Place.HEADER: "header",
            Place.SECTIONS: "sections",
            Place.TASKS: "tasks",
            Place.ASSIGNMENTS: "assignments",
            Place.EVENTS: "events",
            Place.RECIPIENTS: "recipients",
            Place.APPENDICES: "appendices",
        }[finding.place]
        self.select(branch)

    # ---- corrections -----------------------------------------------------------------------

    def _on_header_changed(self) -> None:
        if self._loading:
            return
        self.edited = True
        self.header_error.setVisible(False)
        system = System(self.system_combo.currentData())
        number = self.number_edit.text().strip()
        symbol = clean(self.symbol_edit.text())
        if number.isdigit() or not number:
            reference = plan_reference(system, int(number) if number else None, symbol)
        else:
            reference = f"{number}{'-' if system is System.PARTY else '/'}{symbol}"
        for name, value in (
            ("system", SYSTEM_LABELS[system]),
            ("issuer", clean(self.issuer_edit.text())),
            ("reference", reference),
            ("place", clean(self.place_edit.text())),
            ("date", self.date_edit.text().strip()),
            ("title", clean(" ".join(self.title_edit.toPlainText().split()))),
        ):
            self.model.set_value(f"header.{name}", value)

    def check_header(self) -> bool:
        """Say under the fields what cannot be saved (a wrong date or number); False then."""
        try:
            self._header()
        except _CorrectionError as exc:
            self.header_error.setText(exc.message)
            self.header_error.setVisible(True)
            return False
        self.header_error.setVisible(False)
        return True

    def _header(self) -> Plan:
        """The plan with the header as corrected in the fields."""
        number = self.number_edit.text().strip()
        if number and not number.isdigit():
            raise _CorrectionError(
                f"Số văn bản \u201c{number}\u201d chỉ được gồm chữ số (để trống nếu chưa có "
                "số); ký hiệu như KH-UBND ghi ở ô Ký hiệu.",
                self.number_edit,
            )
        date = self.date_edit.text().strip()
        try:
            day = parse_day(date, "ban hành") if date else None
        except UserError as exc:
            raise _CorrectionError(exc.message, self.date_edit) from None
        title = clean(" ".join(self.title_edit.toPlainText().split()))
        if not title:
            raise _CorrectionError("Trích yếu (tên kế hoạch) không được để trống.", self.title_edit)
        issuer = clean(self.issuer_edit.text())
        if not issuer:
            raise _CorrectionError("Tên cơ quan ban hành không được để trống.", self.issuer_edit)
        return replace(
            self.plan,
            system=System(self.system_combo.currentData()),
            issuer=Issuer(issuer, self.plan.issuer.parent),
            number=int(number) if number else None,
            symbol=clean(self.symbol_edit.text()),
            place=clean(self.place_edit.text()),
            date=day,
            title=title,
        )

    def _on_drop_check_toggled(self, checked: bool) -> None:
        if self._loading or not self._task_id:
            return
        self.model.set_kept(self._task_id, not checked)

    def _on_model_kept_changed(self, task_id: str, kept: bool) -> None:
        self.edited = True
        if task_id == self._task_id:
            loading, self._loading = self._loading, True
            self.drop_check.setChecked(not kept)
            self._loading = loading
            self.task_text.setEnabled(kept)
        self._refresh_name_uses()

    def _on_task_text_changed(self) -> None:
        if self._loading or not self._task_id:
            return
        self.edited = True
        text = self.task_text.toPlainText()
        self._task_texts[self._task_id] = text
        self.model.set_value(self._task_id, clean(" ".join(text.split())))

    def _on_name_choice_changed(self, _index: int) -> None:
        if not self._loading:
            self.edited = True

    def _kept_tasks(self) -> Plan:
        """The plan without the unticked tasks (texts as imported)."""
        return replace(
            self.plan, tasks=tuple(t for t in self.plan.tasks if self.model.is_kept(t.id))
        )

    def _refresh_name_uses(self) -> None:
        """Beside each new name, where the plan (without the left-out tasks) uses it."""
        plan = self._kept_tasks()
        for choice in self.names:
            key = name_key(choice.written)
            if choice.kind == "unit":
                tasks = sum(
                    any(name_key(r.name) == key for r in (*t.lead, *t.support)) for t in plan.tasks
                )
                rows = sum(name_key(a.unit.name) == key for a in plan.assignments)
            else:
                tasks = 0
                rows = sum(
                    any(name_key(h.name) == key for h in a.hamlets) for a in plan.assignments
                )
            parts = [f"{tasks} nhiệm vụ"] if tasks else []
            if rows:
                parts.append(f"{rows} dòng phân công")
            used = bool(parts)
            uses = (
                f"dùng ở {', '.join(parts)}"
                if used
                else "không còn dùng (nhiệm vụ đã bỏ): sẽ không thêm"
            )
            choice.label.setText(
                f"{escape(choice.written)} <span style='color: #666666;'>\u2014 {uses}</span>"
            )
            choice.combo.setEnabled(used)

    # ---- saving and closing ----------------------------------------------------------------

    def corrected(self) -> tuple[Plan, list[Unit], list[Hamlet]]:
        """The plan as corrected, and the names to add to the lists.

        Raises:
            UserError: a correction that cannot be saved (the message says which).
        """
        plan = self._header()
        tasks = []
        for number, task in enumerate(plan.tasks, 1):
            if not self.model.is_kept(task.id):
                continue
            text = clean(" ".join(self._task_texts.get(task.id, task.text).split()))
            if not text:
                raise _CorrectionError(
                    f"Nhiệm vụ thứ {number} chưa có nội dung. Hãy viết lại, hoặc đánh dấu "
                    "\u201cBỏ nhiệm vụ này\u201d nếu đó không phải một nhiệm vụ.",
                    self.task_text,
                    task.id,
                )
            tasks.append(replace(task, text=text))
        plan = replace(plan, tasks=tuple(tasks))
        units: list[Unit] = []
        hamlets: list[Hamlet] = []
        for choice in self.names:
            target = choice.target
            if choice.kind == "unit":
                if target and choice.combo.isEnabled():
                    unit = self._units[target]
                    plan = replace_unit(plan, choice.written, UnitRef(unit.id, unit.name))
                elif isinstance(choice.proposed, Unit):
                    units.append(choice.proposed)
            elif target and choice.combo.isEnabled():
                hamlet = self._hamlets[target]
                plan = replace_hamlet(plan, choice.written, HamletRef(hamlet.id, hamlet.name))
            elif isinstance(choice.proposed, Hamlet):
                hamlets.append(choice.proposed)
        used_units = {
            name_key(r.name) for t in plan.tasks for r in (*t.lead, *t.support) if not r.id
        } | {name_key(a.unit.name) for a in plan.assignments if not a.unit.id}
        used_hamlets = {name_key(h.name) for a in plan.assignments for h in a.hamlets if not h.id}
        units = [u for u in units if name_key(u.name) in used_units]
        hamlets = [h for h in hamlets if name_key(h.name) in used_hamlets]
        return plan, units, hamlets

    def save(self) -> Plan | None:
        """Save the plan as a draft with the new names, all or nothing; then offer the editor."""
        if self.saved_plan is not None:
            return None
        try:
            plan, units, hamlets = self.corrected()
        except _CorrectionError as exc:
            self._point_at(exc)
            show_error(self, exc.message, "Chưa lưu được")
            return None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            saved = self._ws.save_imported_plan(plan, units, hamlets)
        except UserError as exc:
            QApplication.restoreOverrideCursor()
            show_error(self, exc.message, "Chưa lưu được")
            return None
        QApplication.restoreOverrideCursor()
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

    def _point_at(self, invalid: _CorrectionError) -> None:
        """Show the field where a correction is wrong."""
        self.select(invalid.node)
        if invalid.node == "header":
            self.header_error.setText(invalid.message)
            self.header_error.setVisible(True)
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
