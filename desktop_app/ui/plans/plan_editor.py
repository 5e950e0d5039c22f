"""The plan editor: header, body sections, tasks, events, Nơi nhận and signature of a plan.

The editor works on an immutable copy of the plan: every edit makes a new one and keeps the
one before for Ctrl+Z. Nothing reaches the file until "Lưu" (Ctrl+S), which checks the whole
plan and saves it in one transaction; closing with unsaved changes asks first.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from desktop_app.domain.checks import Finding, Place
from desktop_app.domain.deadlines import parse_day
from desktop_app.domain.errors import UserError
from desktop_app.domain.event_rules import move_event, with_event_rule
from desktop_app.domain.ids import AppendixId, RecipientId, SectionId, new_id
from desktop_app.domain.lifecycle import header_locked
from desktop_app.domain.plans import (
    PLAN_STATUS_LABELS,
    SYSTEM_LABELS,
    Appendix,
    AppendixKind,
    Issuer,
    Plan,
    Recipient,
    RecipientRole,
    Section,
    Signature,
    System,
    attached_line,
    walk_sections,
)
from desktop_app.domain.recipients import (
    COMMON_RECIPIENTS,
    POSITIONS,
    RECIPIENT_NOTES,
    archive_line,
    authority_choices,
)
from desktop_app.domain.section_tree import Path, at, indent, insert, move, outdent, put, remove
from desktop_app.domain.text import clean
from desktop_app.ui.calendar.calendar_dialogs import MoveEventDialog
from desktop_app.ui.common.buttons import button_row
from desktop_app.ui.common.dialogs import show_error
from desktop_app.ui.common.tables import key_shortcut, make_table, source_row
from desktop_app.ui.plans.events_table_model import EventsTableModel
from desktop_app.ui.plans.plan_dialogs import EventDialog, FindingsDialog, TaskDialog
from desktop_app.ui.plans.tasks_table_model import TasksTableModel
from desktop_app.workspace import Workspace

ROLE_LABELS = {
    RecipientRole.TO: "Nơi nhận",
    RecipientRole.CC: "Đồng kính gửi",
    RecipientRole.ARCHIVE: "Lưu",
}
PATH_ROLE = Qt.ItemDataRole.UserRole
ERROR_STYLE = "color: #b00020;"


def _lines(text: str) -> tuple[str, ...]:
    return tuple(c for line in text.splitlines() if (c := clean(line)))


class PlanEditor(QDialog):
    """Edit one plan; ``saved_plan`` is what the file holds once the clerk has saved."""

    TABS = (
        Place.HEADER,
        Place.SECTIONS,
        Place.TASKS,
        Place.EVENTS,
        Place.RECIPIENTS,
        Place.APPENDICES,
    )

    def __init__(self, workspace: Workspace, plan: Plan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ws = workspace
        self.plan = plan
        self.saved_plan: Plan | None = plan if workspace.store.plans.exists(plan.id) else None
        self._undo: list[Plan] = []
        self._units = workspace.units()
        self._loading = False
        self.task_dialog: TaskDialog | None = None
        self.leave_question: QMessageBox | None = None
        self._section_path: Path | None = None  # the section the fields on the right show
        self.setWindowTitle("Soạn kế hoạch")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(1240, 700)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_header(), "Thông tin chung")
        self.tabs.addTab(self._build_sections(), "Nội dung")
        self.tabs.addTab(self._build_tasks(), "Nhiệm vụ")
        self.tabs.addTab(self._build_events(), "Sự kiện")
        self.tabs.addTab(self._build_recipients(), "Nơi nhận, chữ ký")
        self.tabs.addTab(self._build_appendices(), "Phụ lục")

        self.status_label = QLabel()
        self.check_button = QPushButton("Kiểm tra (F7)")
        self.save_button = QPushButton("Lưu (Ctrl+S)")
        self.close_button = QPushButton("Đóng")
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.check_button)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

        self.check_button.clicked.connect(self.run_checks)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        QShortcut(QKeySequence.StandardKey.Undo, self, self.undo)
        QShortcut(QKeySequence("F7"), self, self.run_checks)
        self.tabs.currentChanged.connect(lambda _i: self.commit_fields())
        # Enter in a field must not press a button of some tab (it added empty sections).
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        self._show_plan()

    # ---- building the tabs ---------------------------------------------------------------

    def _build_header(self) -> QWidget:
        page = QWidget()
        self.system = QComboBox()
        for system in System:
            self.system.addItem(SYSTEM_LABELS[system], system)
        self.issuer = QLineEdit()
        self.issuer.setPlaceholderText("vd. ỦY BAN NHÂN DÂN XÃ PHÚ LẠC")
        self.parent_body = QLineEdit()
        self.parent_body.setPlaceholderText("cơ quan cấp trên (để trống nếu không có)")
        self.number = QLineEdit()
        self.number.setPlaceholderText("cấp khi ban hành")
        self.number.setMaximumWidth(90)
        self.symbol = QLineEdit()
        self.symbol.setPlaceholderText("vd. KH-UBND hoặc KH/ĐU")
        self.place = QLineEdit()
        self.date = QLineEdit()
        self.date.setPlaceholderText("dd/mm/yyyy")
        self.date.setMaximumWidth(120)
        self.type_line = QLineEdit()
        self.title = QPlainTextEdit()
        self.title.setTabChangesFocus(True)
        self.title.setMaximumHeight(70)
        self.bases = QPlainTextEdit()
        self.bases.setPlaceholderText("Mỗi căn cứ một dòng: Căn cứ ...; Thực hiện ...")
        self.bases.setTabChangesFocus(True)
        self.header_error = QLabel()
        self.header_error.setStyleSheet(ERROR_STYLE)
        self.header_error.setWordWrap(True)
        self.lock_label = QLabel()
        self.lock_label.setWordWrap(True)

        number_row = QHBoxLayout()
        number_row.addWidget(self.number)
        number_row.addWidget(QLabel("Ký hiệu:"))
        number_row.addWidget(self.symbol, 1)
        place_row = QHBoxLayout()
        place_row.addWidget(self.place, 1)
        place_row.addWidget(QLabel("Ngày:"))
        place_row.addWidget(self.date)
        form = QFormLayout(page)
        form.addRow(self.lock_label)
        form.addRow("Hệ thống:", self.system)
        form.addRow("Cơ quan ban hành:", self.issuer)
        form.addRow("Cơ quan cấp trên:", self.parent_body)
        form.addRow("Số:", number_row)
        form.addRow("Địa danh:", place_row)
        form.addRow("Dòng dưới \u201cKẾ HOẠCH\u201d:", self.type_line)
        form.addRow("Trích yếu:", self.title)
        form.addRow("Căn cứ:", self.bases)
        form.addRow(self.header_error)
        for edit in (self.issuer, self.parent_body, self.number, self.symbol, self.place):
            edit.editingFinished.connect(self.commit_fields)
        self.date.editingFinished.connect(self.commit_fields)
        self.type_line.editingFinished.connect(self.commit_fields)
        self.system.currentIndexChanged.connect(lambda _i: self.commit_fields())
        return page

    def _build_sections(self) -> QWidget:
        page = QWidget()
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Mục", "Tiêu đề"])
        self.tree.setColumnWidth(0, 90)
        self.section_label = QLineEdit()
        self.section_label.setPlaceholderText("vd. I. hoặc 1. hoặc a)")
        self.section_title = QLineEdit()
        self.section_paragraphs = QPlainTextEdit()
        self.section_paragraphs.setPlaceholderText("Mỗi đoạn một dòng")
        self.section_paragraphs.setTabChangesFocus(True)
        apply = QPushButton("Ghi mục này")
        apply.clicked.connect(self._apply_section)
        editor = QWidget()
        form = QFormLayout(editor)
        form.addRow("Số mục:", self.section_label)
        form.addRow("Tiêu đề:", self.section_title)
        form.addRow("Các đoạn:", self.section_paragraphs)
        form.addRow(apply)
        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(editor)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        buttons = button_row(
            ("Thêm mục", self._add_sibling),
            ("Thêm mục con", self._add_child),
            ("Lên", lambda: self._tree_op(lambda t, p: move(t, p, -1))),
            ("Xuống", lambda: self._tree_op(lambda t, p: move(t, p, +1))),
            ("Thụt vào", lambda: self._tree_op(indent)),
            ("Lùi ra", lambda: self._tree_op(outdent)),
            ("Xóa mục", self._remove_section),
        )
        layout = QVBoxLayout(page)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)
        self.tree.currentItemChanged.connect(self._on_tree_current_changed)
        return page

    def _build_tasks(self) -> QWidget:
        page = QWidget()
        self.tasks_model = TasksTableModel(self)
        self.tasks_view = make_table(self.tasks_model, page, sortable=False)
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
        key_shortcut(Qt.Key.Key_Insert, self.tasks_view, self.add_task)
        key_shortcut(Qt.Key.Key_Return, self.tasks_view, self.edit_task)
        key_shortcut(Qt.Key.Key_Delete, self.tasks_view, self._remove_task)
        layout = QVBoxLayout(page)
        layout.addLayout(buttons)
        layout.addWidget(self.tasks_view, 1)
        return page

    def _build_events(self) -> QWidget:
        page = QWidget()
        self.rule_text = QLineEdit()
        self.rule_text.setPlaceholderText(
            "vd. ngày thứ Bảy đầu tiên của tháng, từ tháng 12/2025 đến hết tháng 12/2026"
        )
        self.rule_label = QLineEdit("Đợt {n}")
        self.rule_label.setMaximumWidth(120)
        self.rule_place = QLineEdit()
        self.rule_place.setPlaceholderText("vd. Tại các xóm")
        self.rule_time = QLineEdit()
        self.rule_time.setPlaceholderText("vd. 7h30")
        self.rule_time.setMaximumWidth(90)
        generate = QPushButton("Tạo các đợt")
        generate.setAutoDefault(False)
        generate.clicked.connect(self.generate_events)
        self.rule_error = QLabel()
        self.rule_error.setStyleSheet(ERROR_STYLE)
        self.rule_error.setWordWrap(True)
        rule_row = QHBoxLayout()
        rule_row.addWidget(QLabel("Quy tắc:"))
        rule_row.addWidget(self.rule_text, 1)
        rule_row.addWidget(QLabel("Tên:"))
        rule_row.addWidget(self.rule_label)
        rule_row.addWidget(QLabel("Địa điểm:"))
        rule_row.addWidget(self.rule_place)
        rule_row.addWidget(QLabel("Giờ:"))
        rule_row.addWidget(self.rule_time)
        rule_row.addWidget(generate)
        self.events_model = EventsTableModel(self)
        self.events_view = make_table(self.events_model, page, stretch_column=4, sortable=False)
        buttons = button_row(
            ("Thêm một sự kiện…", self.add_event),
            ("Dời ngày…", self.move_selected_event),
            ("Xóa sự kiện", self._remove_event),
        )
        key_shortcut(Qt.Key.Key_Delete, self.events_view, self._remove_event)
        layout = QVBoxLayout(page)
        layout.addWidget(
            QLabel(
                "Các ngày ra quân, hội nghị... Gõ quy tắc như kế hoạch viết để tạo cả loạt; "
                "mỗi đợt có thể dời riêng (trùng ngày lễ) mà không phá quy tắc."
            )
        )
        layout.addLayout(rule_row)
        layout.addWidget(self.rule_error)
        layout.addLayout(buttons)
        layout.addWidget(self.events_view, 1)
        return page

    def _build_recipients(self) -> QWidget:
        page = QWidget()
        self.recipients = QTableWidget(0, 3)
        self.recipients.setHorizontalHeaderLabels(["Nơi nhận", "Ghi chú", "Loại"])
        self.recipients.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.recipients.setColumnWidth(1, 90)
        self.recipients.setColumnWidth(2, 120)
        self.recipients.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.recipients.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.recipient_text = QComboBox()
        self.recipient_text.setEditable(True)
        self.recipient_text.setMinimumContentsLength(30)
        self.recipient_text.addItems(
            [*COMMON_RECIPIENTS, *(u.name for u in self._units if u.active)]
        )
        self.recipient_text.setCurrentText("")
        if (line := self.recipient_text.lineEdit()) is not None:
            line.setPlaceholderText("Gõ hoặc chọn nơi nhận (đơn vị, \u201cNhư Mục IV\u201d...)")
        self.recipient_note = QComboBox()
        self.recipient_note.setEditable(True)
        self.recipient_note.addItems(list(RECIPIENT_NOTES))
        if (line := self.recipient_note.lineEdit()) is not None:
            line.setPlaceholderText("ghi chú: (b/c), (t/h)")
        self.recipient_role = QComboBox()
        for role, label in ROLE_LABELS.items():
            self.recipient_role.addItem(label, role)
        add = QPushButton("Thêm")
        add.clicked.connect(self.add_recipient)
        archive = QPushButton("Tạo dòng \u201cLưu\u201d")
        archive.setToolTip("Văn bản chính quyền: Lưu: VT, và ký hiệu các đơn vị chủ trì")
        archive.clicked.connect(self.add_archive_line)
        remove_button = QPushButton("Xóa dòng")
        remove_button.clicked.connect(self._remove_recipient)
        up = QPushButton("Lên")
        up.clicked.connect(lambda: self._move_recipient(-1))
        down = QPushButton("Xuống")
        down.clicked.connect(lambda: self._move_recipient(+1))
        adder = QHBoxLayout()
        adder.addWidget(self.recipient_text, 3)
        adder.addWidget(self.recipient_note, 1)
        adder.addWidget(self.recipient_role, 1)
        adder.addWidget(add)
        tools = QHBoxLayout()
        for button in (archive, up, down, remove_button):
            tools.addWidget(button)
        tools.addStretch(1)

        self.authority = QComboBox()
        self.authority.setEditable(True)
        self.position = QComboBox()
        self.position.setEditable(True)
        self.signer = QComboBox()
        self.signer.setEditable(True)
        self.signer.addItems(self._ws.signers())
        sign_form = QFormLayout()
        sign_form.addRow("Thẩm quyền ký:", self.authority)
        sign_form.addRow("Chức vụ:", self.position)
        sign_form.addRow("Người ký:", self.signer)
        for combo in (self.authority, self.position, self.signer):
            edit = combo.lineEdit()
            if edit is not None:
                edit.editingFinished.connect(self.commit_fields)
            combo.activated.connect(lambda _i: self.commit_fields())

        layout = QVBoxLayout(page)
        layout.addWidget(QLabel("<b>Nơi nhận</b>"))
        layout.addLayout(adder)
        layout.addWidget(self.recipients, 1)
        layout.addLayout(tools)
        layout.addWidget(QLabel("<b>Chữ ký</b>"))
        layout.addLayout(sign_form)
        return page

    def _build_appendices(self) -> QWidget:
        page = QWidget()
        self.appendix_list = QListWidget()
        self.appendix_title = QLineEdit()
        self.appendix_attached = QLineEdit()
        self.appendix_attached.setPlaceholderText("(Kèm theo Kế hoạch số .../KH-UBND ngày ...)")
        self.appendix_text = QPlainTextEdit()
        self.appendix_text.setPlaceholderText("Nội dung phụ lục dạng văn bản, mỗi đoạn một dòng")
        self.appendix_text.setTabChangesFocus(True)
        form = QFormLayout()
        form.addRow("Tiêu đề:", self.appendix_title)
        form.addRow("Dòng \u201cKèm theo\u201d:", self.appendix_attached)
        form.addRow("Nội dung:", self.appendix_text)
        buttons = button_row(
            ("Thêm phụ lục", self.add_appendix),
            ("Ghi phụ lục này", self.apply_appendix),
            ("Lấy dòng \u201cKèm theo\u201d từ kế hoạch", self.fill_attached_line),
            ("Xóa phụ lục", self._remove_appendix),
        )
        layout = QVBoxLayout(page)
        layout.addWidget(
            QLabel(
                "Bảng phân công xóm của kế hoạch sửa ở thẻ \u201cXóm & phân công\u201d; bảng "
                "nhiệm vụ lấy từ thẻ Nhiệm vụ. Ở đây: tiêu đề và dòng \u201cKèm theo\u201d."
            )
        )
        layout.addLayout(buttons)
        layout.addWidget(self.appendix_list)
        layout.addLayout(form, 1)
        self._appendix_row = -1  # the appendix the fields show
        self.appendix_list.currentRowChanged.connect(self._show_appendix)
        return page

    # ---- showing the plan ----------------------------------------------------------------

    def _show_plan(self) -> None:
        """Fill every field from ``self.plan`` (after load, undo, or a structural edit)."""
        loading, self._loading = self._loading, True
        try:
            p = self.plan
            self.system.setCurrentIndex(self.system.findData(p.system))
            self.issuer.setText(p.issuer.name)
            self.parent_body.setText(p.issuer.parent)
            if not self.header_error.text():  # else a wrong number or date stays to be fixed
                self.number.setText("" if p.number is None else f"{p.number:02d}")
                self.date.setText(p.date.strftime("%d/%m/%Y") if p.date else "")
            self.symbol.setText(p.symbol)
            self.place.setText(p.place)
            self.type_line.setText(p.type_line)
            if self.title.toPlainText() != p.title:
                self.title.setPlainText(p.title)
            if _lines(self.bases.toPlainText()) != p.bases:
                self.bases.setPlainText("\n".join(p.bases))
            locked = header_locked(p)
            for w in (self.system, self.issuer, self.parent_body, self.number, self.symbol,
                      self.place, self.date, self.type_line, self.title, self.bases,
                      self.authority, self.position, self.signer):  # fmt: skip
                w.setEnabled(not locked)
            self.lock_label.setText(
                f"Trạng thái: <b>{PLAN_STATUS_LABELS[p.status]}</b>."
                + (
                    " Phần đầu văn bản và chữ ký đã khóa vì kế hoạch đã ban hành; muốn sửa, "
                    "hãy chọn \u201cMở lại để sửa\u201d ở thẻ Kế hoạch."
                    if locked
                    else ""
                )
            )
            self._fill_tree(self._section_path)
            self.tasks_model.set_rows(list(p.tasks))
            self.events_model.set_rows(list(p.events))
            self._fill_recipients()
            row = self._appendix_row
            self.appendix_list.clear()
            for appendix in p.appendices:
                self.appendix_list.addItem(appendix.title or "(phụ lục chưa có tiêu đề)")
            self._appendix_row = -1
            if p.appendices:
                row = min(max(row, 0), len(p.appendices) - 1)
                self.appendix_list.setCurrentRow(row)
                self._appendix_row = row
                appendix = p.appendices[row]
                self.appendix_title.setText(appendix.title)
                self.appendix_attached.setText(appendix.attached_line)
                self.appendix_text.setPlainText("\n".join(appendix.paragraphs))
            self.authority.clear()
            self.authority.addItems(authority_choices(p.system, p.issuer))
            self.authority.setCurrentText(p.signature.authority)
            self.position.clear()
            self.position.addItems(list(POSITIONS[p.system]))
            self.position.setCurrentText(p.signature.position)
            self.signer.setCurrentText(p.signature.signer)
            self._show_status()
        finally:
            self._loading = loading

    def _show_status(self) -> None:
        changed = self.is_modified()
        self.status_label.setText(
            ("Có thay đổi chưa lưu. " if changed else "Đã lưu. ")
            + "Ctrl+Z: hoàn tác; Ctrl+S: lưu; F7: kiểm tra."
        )
        self.setWindowTitle(
            f"Soạn kế hoạch{' *' if changed else ''}: {self.plan.title[:70] or '(chưa có tên)'}"
        )

    def _fill_tree(self, select: Path | None = None) -> None:
        self.tree.clear()

        def add(
            parent: QTreeWidget | QTreeWidgetItem, sections: tuple[Section, ...], prefix: Path
        ) -> None:
            for i, section in enumerate(sections):
                path = (*prefix, i)
                item = QTreeWidgetItem([section.label, section.title or "(mục mới)"])
                item.setData(0, PATH_ROLE, path)
                if isinstance(parent, QTreeWidget):
                    parent.addTopLevelItem(item)
                else:
                    parent.addChild(item)
                add(item, section.children, path)
                if path == select:
                    self.tree.setCurrentItem(item)

        self._section_path = None
        loading, self._loading = self._loading, True
        try:
            add(self.tree, self.plan.sections, ())
        finally:
            self._loading = loading
        self.tree.expandAll()
        current = self.tree.currentItem()
        if current is None:
            for edit in (self.section_label, self.section_title):
                edit.clear()
            self.section_paragraphs.clear()
            return
        # The fields on the right always show, and write to, the section selected.
        self._section_path = tuple(current.data(0, PATH_ROLE))
        self._load_section_fields(at(self.plan.sections, self._section_path))

    def _load_section_fields(self, section: Section) -> None:
        self.section_label.setText(section.label)
        self.section_title.setText(section.title)
        self.section_paragraphs.setPlainText("\n".join(section.paragraphs))

    def _fill_recipients(self) -> None:
        self.recipients.setRowCount(len(self.plan.recipients))
        for row, r in enumerate(self.plan.recipients):
            for col, text in enumerate((r.text, r.note, ROLE_LABELS[r.role])):
                self.recipients.setItem(row, col, QTableWidgetItem(text))

    # ---- editing -------------------------------------------------------------------------

    def is_modified(self) -> bool:
        return self.saved_plan != self.plan

    def apply(self, plan: Plan) -> None:
        """Make ``plan`` the edited plan, keeping the previous one for Ctrl+Z."""
        if plan == self.plan:
            return
        self._undo.append(self.plan)
        self.plan = plan
        self._show_plan()

    def undo(self) -> None:
        self.commit_fields()
        if not self._undo:
            self.status_label.setText("Không còn gì để hoàn tác.")
            return
        self.plan = self._undo.pop()
        self._show_plan()

    def commit_fields(self) -> bool:
        """Take every field typed into the plan; False (and why) when the header is invalid."""
        if self._loading:
            return True
        if self._commit_section():
            self._fill_tree(self._current_path())
        self._commit_appendix()
        if header_locked(self.plan):
            return True
        problems: list[str] = []
        number = self.plan.number
        number_text = self.number.text().strip()
        if number_text.isdigit() or not number_text:
            number = int(number_text) if number_text else None
        else:
            problems.append("Số văn bản chỉ gồm chữ số (hoặc để trống đến khi ban hành).")
        day = self.plan.date
        try:
            day = parse_day(self.date.text(), "ký") if self.date.text().strip() else None
        except UserError as exc:
            problems.append(exc.message)
        # The fields that do read are kept; a wrong one stays on screen, marked, until fixed.
        self.header_error.setText(" ".join(problems))
        plan = replace(
            self.plan,
            system=System(self.system.currentData()),
            issuer=Issuer(clean(self.issuer.text()), clean(self.parent_body.text())),
            number=number,
            symbol=clean(self.symbol.text()),
            place=clean(self.place.text()),
            date=day,
            type_line=clean(self.type_line.text()),
            title=clean(self.title.toPlainText()),
            bases=_lines(self.bases.toPlainText()),
            signature=Signature(
                clean(self.authority.currentText()),
                clean(self.position.currentText()),
                clean(self.signer.currentText()),
            ),
        )
        self.apply(plan)
        return not problems

    # sections

    def _current_path(self) -> Path | None:
        item = self.tree.currentItem()
        return None if item is None else tuple(item.data(0, PATH_ROLE))

    def _on_tree_current_changed(self, current: QTreeWidgetItem | None, _prev: object) -> None:
        if self._loading:
            return
        if self._section_path is not None and current is not None:
            wanted = tuple(current.data(0, PATH_ROLE))
            if self._commit_section():
                self._fill_tree(wanted)  # the tree was redrawn: select again by path
                return
        if current is None:
            self._section_path = None
            return
        self._section_path = tuple(current.data(0, PATH_ROLE))
        self._load_section_fields(at(self.plan.sections, self._section_path))

    def _new_section(self) -> Section:
        return Section(SectionId(new_id()), "", "")

    def _add_sibling(self) -> None:
        self._commit_section()
        path = self._current_path()
        parent, index = ((), len(self.plan.sections)) if path is None else (path[:-1], path[-1] + 1)
        tree, new = insert(self.plan.sections, parent, index, self._new_section())
        self.apply(replace(self.plan, sections=tree))
        self._fill_tree(new)
        self.section_label.setFocus()

    def _add_child(self) -> None:
        self._commit_section()
        path = self._current_path()
        if path is None:
            self._add_sibling()
            return
        count = len(at(self.plan.sections, path).children)
        tree, new = insert(self.plan.sections, path, count, self._new_section())
        self.apply(replace(self.plan, sections=tree))
        self._fill_tree(new)

    def _apply_section(self) -> None:
        if self._section_path is None:
            show_error(self, "Hãy chọn một mục ở cây bên trái (hoặc bấm \u201cThêm mục\u201d).")
            return
        path = self._section_path
        if self._commit_section():
            self._fill_tree(path)

    def _commit_section(self) -> bool:
        """Take the fields on the right into the section they show; True when it changed."""
        path = self._section_path
        if path is None:
            return False
        try:
            old = at(self.plan.sections, path)
        except IndexError:
            return False
        section = replace(
            old,
            label=clean(self.section_label.text()),
            title=clean(self.section_title.text()),
            paragraphs=_lines(self.section_paragraphs.toPlainText()),
        )
        if section == old:
            return False
        self._loading = True
        try:
            self.apply(replace(self.plan, sections=put(self.plan.sections, path, section)))
        finally:
            self._loading = False
        return True

    def _tree_op(
        self, op: Callable[[tuple[Section, ...], Path], tuple[tuple[Section, ...], Path]]
    ) -> None:
        self._commit_section()
        path = self._current_path()
        if path is None:
            return
        try:
            tree, new = op(self.plan.sections, path)
        except UserError as exc:
            self.status_label.setText(exc.message)
            return
        self.apply(replace(self.plan, sections=tree))
        self._fill_tree(new)

    def _remove_section(self) -> None:
        self._commit_section()
        path = self._current_path()
        if path is None:
            return
        section = at(self.plan.sections, path)
        gone = {s.id for _, s in walk_sections((section,))}  # with its sub-sections
        self.apply(
            replace(
                self.plan,
                sections=remove(self.plan.sections, path),
                tasks=tuple(
                    replace(t, section_id=None) if t.section_id in gone else t
                    for t in self.plan.tasks
                ),
            )
        )
        self.status_label.setText(
            f"Đã xóa mục \u201c{section.label} {section.title}\u201d (Ctrl+Z để lấy lại)."
        )

    # tasks

    def _selected_task(self) -> int | None:
        return source_row(self.tasks_view)

    def add_task(self) -> TaskDialog:
        return self._open_task_dialog(None)

    def edit_task(self) -> TaskDialog | None:
        row = self._selected_task()
        return None if row is None else self._open_task_dialog(row)

    def _open_task_dialog(self, row: int | None) -> TaskDialog:
        """Open the task dialog (window-modal); what it accepts goes into the plan."""
        self.commit_fields()
        task = None if row is None else self.plan.tasks[row]
        dialog = TaskDialog(self._units, self.plan.sections, self.plan.date, task, self)

        def accepted() -> None:
            tasks = list(self.plan.tasks)
            if row is None:
                tasks.append(dialog.result_task())
            else:
                tasks[row] = dialog.result_task()
            self.apply(replace(self.plan, tasks=tuple(tasks)))
            self.tasks_view.selectRow(len(tasks) - 1 if row is None else row)

        dialog.accepted.connect(accepted)
        self.task_dialog = dialog
        dialog.open()
        return dialog

    def _move_task(self, delta: int) -> None:
        row = self._selected_task()
        if row is None or not 0 <= row + delta < len(self.plan.tasks):
            return
        tasks = list(self.plan.tasks)
        tasks[row], tasks[row + delta] = tasks[row + delta], tasks[row]
        self.apply(replace(self.plan, tasks=tuple(tasks)))
        self.tasks_view.selectRow(row + delta)

    def _remove_task(self) -> None:
        row = self._selected_task()
        if row is None:
            return
        tasks = list(self.plan.tasks)
        gone = tasks.pop(row)
        self.apply(replace(self.plan, tasks=tuple(tasks)))
        self.status_label.setText(
            f"Đã xóa nhiệm vụ \u201c{gone.text[:50]}\u201d (Ctrl+Z để lấy lại)."
        )

    # events

    def generate_events(self) -> None:
        """Generate (or regenerate) the series of the rule typed; moved days stay moved."""
        text = clean(self.rule_text.text())
        if not text:
            self.rule_error.setText("Hãy gõ quy tắc, vd. \u201cngày thứ Bảy đầu tiên của tháng, "
                                    "từ tháng 12/2025 đến hết tháng 12/2026\u201d.")  # fmt: skip
            return
        try:
            plan = with_event_rule(
                self.plan,
                text,
                label_pattern=clean(self.rule_label.text()) or "Đợt {n}",
                place=clean(self.rule_place.text()),
                time=clean(self.rule_time.text()) or None,
            )
        except UserError as exc:
            self.rule_error.setText(exc.message)
            return
        self.rule_error.setText("")
        added = len(plan.events) - len(self.plan.events)
        self.apply(plan)
        self.status_label.setText(f"Đã tạo theo quy tắc; số sự kiện thêm: {added}.")

    def _selected_event(self) -> int | None:
        return source_row(self.events_view)

    def add_event(self) -> None:
        dialog = EventDialog(self.plan.date or dt.date.today(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            event = dialog.result_event()
            events = sorted((*self.plan.events, event), key=lambda e: (e.date, e.time or ""))
            self.apply(replace(self.plan, events=tuple(events)))

    def move_selected_event(self) -> None:
        row = self._selected_event()
        if row is None:
            return
        event = self.plan.events[row]
        dialog = MoveEventDialog(event.label, event.date, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            day, reason = dialog.chosen()
            events = list(self.plan.events)
            events[row] = move_event(event, day, clean(reason))
            self.apply(replace(self.plan, events=tuple(events)))

    def _remove_event(self) -> None:
        row = self._selected_event()
        if row is None:
            return
        events = list(self.plan.events)
        gone = events.pop(row)
        self.apply(replace(self.plan, events=tuple(events)))
        self.status_label.setText(f"Đã xóa \u201c{gone.label}\u201d (Ctrl+Z để lấy lại).")

    # appendices

    def _show_appendix(self, row: int) -> None:
        if self._loading:
            return
        self._commit_appendix()
        self._appendix_row = row
        if not 0 <= row < len(self.plan.appendices):
            return
        appendix = self.plan.appendices[row]
        self.appendix_title.setText(appendix.title)
        self.appendix_attached.setText(appendix.attached_line)
        self.appendix_text.setPlainText("\n".join(appendix.paragraphs))

    def add_appendix(self) -> None:
        number = len(self.plan.appendices) + 1
        appendix = Appendix(
            AppendixId(new_id()),
            AppendixKind.TEXT,
            f"Phụ lục {number:02d}",
            attached_line(self.plan),
        )
        self._commit_appendix()
        self._appendix_row = len(self.plan.appendices)
        self.apply(replace(self.plan, appendices=(*self.plan.appendices, appendix)))

    def apply_appendix(self) -> None:
        self._commit_appendix()

    def _commit_appendix(self) -> None:
        row = self._appendix_row
        if not 0 <= row < len(self.plan.appendices):
            return
        rows = list(self.plan.appendices)
        rows[row] = replace(
            rows[row],
            title=clean(self.appendix_title.text()),
            attached_line=clean(self.appendix_attached.text()),
            paragraphs=_lines(self.appendix_text.toPlainText()),
        )
        self.apply(replace(self.plan, appendices=tuple(rows)))

    def fill_attached_line(self) -> None:
        """Write the "Kèm theo" line from the plan's own number and date (what the check wants)."""
        self.appendix_attached.setText(attached_line(self.plan))
        self.apply_appendix()

    def _remove_appendix(self) -> None:
        row = self.appendix_list.currentRow()
        if 0 <= row < len(self.plan.appendices):
            rows = list(self.plan.appendices)
            del rows[row]
            self.apply(replace(self.plan, appendices=tuple(rows)))

    # recipients

    def add_recipient(self) -> None:
        text = clean(self.recipient_text.currentText())
        if not text:
            self.status_label.setText("Hãy gõ hoặc chọn nơi nhận trước khi bấm Thêm.")
            return
        unit = next((u for u in self._units if u.name == text), None)
        recipient = Recipient(
            RecipientId(new_id()),
            text,
            clean(self.recipient_note.currentText()),
            RecipientRole(self.recipient_role.currentData()),
            unit.id if unit else None,
        )
        self.apply(replace(self.plan, recipients=(*self.plan.recipients, recipient)))
        self.recipient_text.setCurrentText("")
        if (line := self.recipient_text.lineEdit()) is not None:
            line.setPlaceholderText("Gõ hoặc chọn nơi nhận (đơn vị, \u201cNhư Mục IV\u201d...)")
        self.recipient_note.setCurrentIndex(0)

    def add_archive_line(self) -> None:
        """Replace the "Lưu" line by one built from the lead units (state) or the office (Party)."""
        lead_ids = list(dict.fromkeys(u.id for t in self.plan.tasks for u in t.lead))
        by_id = {u.id: u for u in self._units}
        units = [by_id[i] for i in lead_ids if i in by_id]  # in the order they first lead
        line = Recipient(
            RecipientId(new_id()), archive_line(self.plan.system, units), role=RecipientRole.ARCHIVE
        )
        kept = tuple(r for r in self.plan.recipients if r.role is not RecipientRole.ARCHIVE)
        self.apply(replace(self.plan, recipients=(*kept, line)))

    def _remove_recipient(self) -> None:
        row = self.recipients.currentRow()
        if 0 <= row < len(self.plan.recipients):
            rows = list(self.plan.recipients)
            del rows[row]
            self.apply(replace(self.plan, recipients=tuple(rows)))

    def _move_recipient(self, delta: int) -> None:
        row = self.recipients.currentRow()
        rows = list(self.plan.recipients)
        if 0 <= row < len(rows) and 0 <= row + delta < len(rows):
            rows[row], rows[row + delta] = rows[row + delta], rows[row]
            self.apply(replace(self.plan, recipients=tuple(rows)))
            self.recipients.selectRow(row + delta)

    # ---- saving, checking, closing -------------------------------------------------------

    def save(self) -> bool:
        if not self.commit_fields():
            self.tabs.setCurrentIndex(0)
            show_error(self, self.header_error.text(), "Chưa lưu được")
            return False
        try:
            self.saved_plan = self._ws.save_edited_plan(self.plan, self.saved_plan)
        except UserError as exc:
            show_error(self, exc.message, "Chưa lưu được")
            return False
        self.plan = self.saved_plan
        self._show_plan()
        return True

    def run_checks(self) -> None:
        self.commit_fields()
        dialog = FindingsDialog(self.plan.title, self._ws.check_plan(self.plan), self)
        dialog.open_finding.connect(self.open_place)
        dialog.exec()

    def open_place(self, finding: Finding) -> None:
        """Show the tab (and the item) where a finding is fixed."""
        place = finding.place
        if place in self.TABS:
            self.tabs.setCurrentIndex(self.TABS.index(place))
        if place is Place.TASKS and finding.item_id:
            rows = [i for i, t in enumerate(self.plan.tasks) if t.id == finding.item_id]
            if rows:
                self.tasks_view.selectRow(rows[0])
        if place is Place.APPENDICES and finding.item_id:
            rows = [i for i, a in enumerate(self.plan.appendices) if a.id == finding.item_id]
            if rows:
                self.appendix_list.setCurrentRow(rows[0])
        if place is Place.EVENTS and finding.item_id:
            rows = [i for i, e in enumerate(self.plan.events) if e.id == finding.item_id]
            if rows:
                self.events_view.selectRow(rows[0])

    @override
    def done(self, result: int) -> None:
        """Every way out (Đóng, Esc, the window's X) asks first when something is unsaved."""
        valid = self.commit_fields()
        if (self.is_modified() or not valid) and not self._may_leave():
            return
        super().done(result)

    def _may_leave(self) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Chưa lưu",
            "Kế hoạch có thay đổi chưa lưu. Lưu trước khi đóng?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.button(QMessageBox.StandardButton.Save).setText("Lưu")
        box.button(QMessageBox.StandardButton.Discard).setText("Bỏ thay đổi")
        box.button(QMessageBox.StandardButton.Cancel).setText("Tiếp tục sửa")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self.leave_question = box
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard
