"""The plan editor's "Nơi nhận, chữ ký" tab: where the plan is sent, and who signs it."""

from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.ids import RecipientId, new_id
from desktop_app.domain.plans import (
    RECIPIENT_ROLE_LABELS,
    Plan,
    Recipient,
    RecipientRole,
    Signature,
)
from desktop_app.domain.recipients import (
    COMMON_RECIPIENTS,
    POSITIONS,
    RECIPIENT_NOTES,
    archive_line,
    authority_choices,
)
from desktop_app.domain.text import clean
from desktop_app.domain.units import Unit
from desktop_app.ui.common.tables import make_table
from desktop_app.ui.plans.editor_page import PlanHost
from desktop_app.ui.plans.recipients_table_model import RecipientsTableModel
from desktop_app.workspace import Workspace

RECIPIENT_PLACEHOLDER = "Gõ hoặc chọn nơi nhận (đơn vị, \u201cNhư Mục IV\u201d...)"


class RecipientsPage(QWidget):
    def __init__(self, host: PlanHost, workspace: Workspace, units: list[Unit]) -> None:
        super().__init__()
        self._host = host
        self._ws = workspace
        self._units = units
        self.recipients_model = RecipientsTableModel(self)
        self.recipients = make_table(self.recipients_model, self, sortable=False)
        self.recipients.setAlternatingRowColors(False)
        self.recipients.setWordWrap(False)
        self.recipients.verticalHeader().setVisible(True)  # the lines are numbered as printed
        self.recipients.horizontalHeader().setHighlightSections(True)
        adder = self._build_adder()
        tools = self._build_tools()
        sign_form = self._build_signature()
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Nơi nhận</b>"))
        layout.addLayout(adder)
        layout.addWidget(self.recipients, 1)
        layout.addLayout(tools)
        layout.addWidget(QLabel("<b>Chữ ký</b>"))
        layout.addLayout(sign_form)

    def _build_adder(self) -> QHBoxLayout:
        self.recipient_text = QComboBox()
        self.recipient_text.setEditable(True)
        self.recipient_text.setMinimumContentsLength(30)
        self.recipient_text.addItems(
            [*COMMON_RECIPIENTS, *(u.name for u in self._units if u.active)]
        )
        self.recipient_text.setCurrentText("")
        if (line := self.recipient_text.lineEdit()) is not None:
            line.setPlaceholderText(RECIPIENT_PLACEHOLDER)
        self.recipient_note = QComboBox()
        self.recipient_note.setEditable(True)
        self.recipient_note.addItems(list(RECIPIENT_NOTES))
        if (line := self.recipient_note.lineEdit()) is not None:
            line.setPlaceholderText("ghi chú: (b/c), (t/h)")
        self.recipient_role = QComboBox()
        for role, label in RECIPIENT_ROLE_LABELS.items():
            self.recipient_role.addItem(label, role)
        add = QPushButton("Thêm")
        add.clicked.connect(self.add_recipient)
        adder = QHBoxLayout()
        adder.addWidget(self.recipient_text, 3)
        adder.addWidget(self.recipient_note, 1)
        adder.addWidget(self.recipient_role, 1)
        adder.addWidget(add)
        return adder

    def _build_tools(self) -> QHBoxLayout:
        archive = QPushButton("Tạo dòng \u201cLưu\u201d")
        archive.setToolTip("Văn bản chính quyền: Lưu: VT, và ký hiệu các đơn vị chủ trì")
        archive.clicked.connect(self.add_archive_line)
        remove_button = QPushButton("Xóa dòng")
        remove_button.clicked.connect(self._remove_recipient)
        up = QPushButton("Lên")
        up.clicked.connect(lambda: self._move_recipient(-1))
        down = QPushButton("Xuống")
        down.clicked.connect(lambda: self._move_recipient(+1))
        tools = QHBoxLayout()
        for button in (archive, up, down, remove_button):
            tools.addWidget(button)
        tools.addStretch(1)
        return tools

    def _build_signature(self) -> QFormLayout:
        self.authority = QComboBox()
        self.authority.setEditable(True)
        self.position = QComboBox()
        self.position.setEditable(True)
        self.signer = QComboBox()
        self.signer.setEditable(True)
        self.signer.addItems(self._ws.plans.signers())
        sign_form = QFormLayout()
        sign_form.addRow("Thẩm quyền ký:", self.authority)
        sign_form.addRow("Chức vụ:", self.position)
        sign_form.addRow("Người ký:", self.signer)
        for combo in (self.authority, self.position, self.signer):
            edit = combo.lineEdit()
            if edit is not None:
                edit.editingFinished.connect(self._host.commit_fields)
            combo.activated.connect(lambda _i: self._host.commit_fields())
        return sign_form

    def show_plan(self, p: Plan, locked: bool) -> None:
        row = self.recipients.currentIndex().row()  # stays the line chosen, as the clerk edits
        self.recipients_model.set_rows(p.recipients)
        if 0 <= row < len(p.recipients):
            self.recipients.setCurrentIndex(self.recipients_model.index(row, 0))
        for w in (self.authority, self.position, self.signer):
            w.setEnabled(not locked)

    def show_signature(self, p: Plan) -> None:
        self.authority.clear()
        self.authority.addItems(authority_choices(p.system, p.issuer))
        self.authority.setCurrentText(p.signature.authority)
        self.position.clear()
        self.position.addItems(list(POSITIONS[p.system]))
        self.position.setCurrentText(p.signature.position)
        self.signer.setCurrentText(p.signature.signer)

    def signature(self) -> Signature:
        return Signature(
            clean(self.authority.currentText()),
            clean(self.position.currentText()),
            clean(self.signer.currentText()),
        )

    def add_recipient(self) -> None:
        text = clean(self.recipient_text.currentText())
        if not text:
            self._host.status_label.setText("Hãy gõ hoặc chọn nơi nhận trước khi bấm Thêm.")
            return
        unit = next((u for u in self._units if u.name == text), None)
        recipient = Recipient(
            RecipientId(new_id()),
            text,
            clean(self.recipient_note.currentText()),
            RecipientRole(self.recipient_role.currentData()),
            unit.id if unit else None,
        )
        plan = self._host.plan
        self._host.apply(replace(plan, recipients=(*plan.recipients, recipient)))
        self.recipient_text.setCurrentText("")
        if (line := self.recipient_text.lineEdit()) is not None:
            line.setPlaceholderText(RECIPIENT_PLACEHOLDER)
        self.recipient_note.setCurrentIndex(0)

    def add_archive_line(self) -> None:
        """Replace the "Lưu" line by one built from the lead units (state) or the office (Party)."""
        plan = self._host.plan
        lead_ids = list(dict.fromkeys(u.id for t in plan.tasks for u in t.lead))
        by_id = {u.id: u for u in self._units}
        units = [by_id[i] for i in lead_ids if i in by_id]  # in the order they first lead
        line = Recipient(
            RecipientId(new_id()), archive_line(plan.system, units), role=RecipientRole.ARCHIVE
        )
        kept = tuple(r for r in plan.recipients if r.role is not RecipientRole.ARCHIVE)
        self._host.apply(replace(plan, recipients=(*kept, line)))

    def _remove_recipient(self) -> None:
        row = self.recipients.currentIndex().row()
        plan = self._host.plan
        if 0 <= row < len(plan.recipients):
            rows = list(plan.recipients)
            del rows[row]
            self._host.apply(replace(plan, recipients=tuple(rows)))

    def _move_recipient(self, delta: int) -> None:
        row = self.recipients.currentIndex().row()
        rows = list(self._host.plan.recipients)
        if 0 <= row < len(rows) and 0 <= row + delta < len(rows):
            rows[row], rows[row + delta] = rows[row + delta], rows[row]
            self._host.apply(replace(self._host.plan, recipients=tuple(rows)))
            self.recipients.selectRow(row + delta)
