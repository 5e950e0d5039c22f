"""Thông tin cơ quan: the office after the 2025 reform, its bodies, numbering and printing.

The first-run set-up asks for the province (one of the 34) and the commune's name, and
fills the bodies the office issues as (Ủy ban nhân dân, Đảng ủy, Mặt trận) with their
post-reform headers, symbols and signatures; the clerk edits any cell. The same dialog
holds the day the committee term began (Party numbers run per term) and whether the office
prints on both sides of the sheet.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.deadlines import FIRST_YEAR
from desktop_app.domain.errors import UserError
from desktop_app.domain.office import (
    PROVINCE_NAMES,
    UNIT_KIND_LABELS,
    IssuingBody,
    Office,
    UnitKind,
    new_office,
)
from desktop_app.domain.plans import SYSTEM_LABELS, Issuer, Signature
from desktop_app.domain.text import clean
from desktop_app.ui.common.dialogs import ok_cancel_buttons
from desktop_app.workspace import Workspace

COLUMNS = (
    "Cơ quan",
    "Loại văn bản",
    "Dòng trên (cơ quan cấp trên)",
    "Tên cơ quan ban hành",
    "Ký hiệu kế hoạch",
    "Thẩm quyền ký",
    "Chức vụ",
    "Người ký",
)


FIRST_RUN_TEXT = (
    "<b>Trước khi soạn hay xuất văn bản, hãy khai báo cơ quan.</b> Chọn tỉnh, gõ tên xã rồi "
    "bấm \u201cĐiền các cơ quan ban hành\u201d; sửa tên người ký nếu cần, rồi Lưu. Văn bản "
    "sẽ in đúng tiêu đề sau sắp xếp đơn vị hành chính và lấy số theo sổ của cơ quan."
)
SAMPLE_OFFICE_TEXT = (
    " <i>Thông tin đang hiện là của dữ liệu mẫu ({place}): hãy sửa thành cơ quan của mình.</i>"
)


def office_first(
    parent: QWidget, workspace: Workspace, then: Callable[[], object]
) -> "OfficeDialog | None":
    """Run ``then`` once the office is set up; on the first run, ask for it first.

    The Thông tin cơ quan window opens (window-modal) before the clerk's first new plan or
    export; ``then`` runs when it closes, saved or not (the clerk may go on without it).

    Returns:
        The window opened, or None when the office was already set up and ``then`` ran.
    """
    if workspace.plans.office_set_up():
        then()
        return None
    dialog = OfficeDialog(workspace, parent, first_run=True)
    dialog.finished.connect(lambda _result: then())
    dialog.open()
    return dialog


class OfficeDialog(QDialog):
    """Set up or edit the office; what is accepted is saved at once."""

    def __init__(
        self, workspace: Workspace, parent: QWidget | None = None, *, first_run: bool = False
    ) -> None:
        super().__init__(parent)
        self._ws = workspace
        self._first_run = first_run
        self.setWindowTitle("Thông tin cơ quan")
        self.resize(1100, 520)
        office = workspace.plans.office()
        self._bodies: tuple[IssuingBody, ...] = () if office is None else office.bodies

        self.province = QComboBox(self)
        self.province.addItems(list(PROVINCE_NAMES))
        self.unit_kind = QComboBox(self)
        for kind, label in UNIT_KIND_LABELS.items():
            self.unit_kind.addItem(label, kind.value)
        self.unit_name = QLineEdit(self)
        self.unit_name.setPlaceholderText("vd. Phú Lạc")
        self.fill_button = QPushButton("Điền các cơ quan ban hành")
        self.fill_button.setToolTip(
            "Điền tên, dòng trên, ký hiệu và thẩm quyền ký theo chính quyền hai cấp (từ 1/7/2025)"
        )
        self.fill_button.clicked.connect(self.fill_bodies)

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)

        self.has_term = QCheckBox("Nhiệm kỳ cấp ủy hiện tại bắt đầu từ ngày:", self)
        self.term_start = QDateEdit(self)
        self.term_start.setDisplayFormat("dd/MM/yyyy")
        self.term_start.setCalendarPopup(True)
        self.term_start.setDateRange(QDate(FIRST_YEAR, 1, 1), QDate.currentDate())
        self.has_term.toggled.connect(self.term_start.setEnabled)
        self.two_sided = QCheckBox(
            "In hai mặt giấy (văn bản của Đảng theo Hướng dẫn 05: lề trang sau đối xứng)", self
        )
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)

        self._build_layout()
        self._show(office)

    def _build_layout(self) -> None:
        where = QHBoxLayout()
        where.addWidget(QLabel("Tỉnh, thành phố:"))
        where.addWidget(self.province, 1)
        where.addWidget(self.unit_kind)
        where.addWidget(self.unit_name, 1)
        where.addWidget(self.fill_button)
        term = QHBoxLayout()
        term.addWidget(self.has_term)
        term.addWidget(self.term_start)
        term.addStretch(1)
        form = QFormLayout()
        if self._first_run or not self._ws.plans.office_set_up():
            office = self._ws.plans.office()
            text = FIRST_RUN_TEXT
            if office is not None:
                place = f"{UNIT_KIND_LABELS[office.unit_kind]} {office.unit_name}"
                text += SAMPLE_OFFICE_TEXT.format(place=place)
            self.first_run_note = QLabel(text, self)
            self.first_run_note.setWordWrap(True)
            self.first_run_note.setStyleSheet(
                "QLabel { background: #fff3cd; border: 1px solid #e0b000; padding: 6px; }"
            )
            form.addRow(self.first_run_note)
        form.addRow(
            QLabel(
                "Từ 1/7/2025 không còn cấp huyện: văn bản của xã không có dòng huyện. Số văn "
                "bản của chính quyền chạy theo năm; của Đảng theo từng loại văn bản trong "
                "nhiệm kỳ cấp ủy."
            )
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(where)
        layout.addWidget(self.table, 1)
        layout.addLayout(term)
        layout.addWidget(self.two_sided)
        layout.addWidget(self.error)
        layout.addWidget(ok_cancel_buttons(self, "Lưu"))

    def _show(self, office: Office | None) -> None:
        if office is not None:
            self.province.setCurrentText(office.province)
            self.unit_kind.setCurrentIndex(list(UnitKind).index(office.unit_kind))
            self.unit_name.setText(office.unit_name)
        self._show_bodies()
        term = self._ws.plans.party_term_start()
        self.has_term.setChecked(term is not None)
        self.term_start.setEnabled(term is not None)
        day = term or dt.date.today()
        self.term_start.setDate(QDate(day.year, day.month, day.day))
        self.two_sided.setChecked(self._ws.documents.two_sided())

    def _show_bodies(self) -> None:
        self.table.setRowCount(len(self._bodies))
        for row, body in enumerate(self._bodies):
            values = (
                body.label,
                SYSTEM_LABELS[body.system],
                body.issuer.parent,
                body.issuer.name,
                body.symbol,
                body.signature.authority,
                body.signature.position,
                body.signature.signer,
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column < 2:  # which body and its rules are fixed; the rest is the clerk's
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()

    def _unit_kind(self) -> UnitKind:
        return UnitKind(self.unit_kind.currentData())

    def fill_bodies(self) -> None:
        """Fill the bodies from the province and the commune (replacing what is there)."""
        try:
            office = new_office(
                self.province.currentText(), self._unit_kind(), self.unit_name.text()
            )
        except UserError as exc:
            self.error.setText(exc.message)
            return
        self.error.clear()
        self._bodies = office.bodies
        self._show_bodies()

    def _edited_bodies(self) -> tuple[IssuingBody, ...]:
        def cell(row: int, column: int) -> str:
            item = self.table.item(row, column)
            return clean(item.text()) if item is not None else ""

        return tuple(
            replace(
                body,
                issuer=Issuer(cell(row, 3), parent=cell(row, 2)),
                symbol=cell(row, 4),
                signature=Signature(cell(row, 5), cell(row, 6), cell(row, 7)),
            )
            for row, body in enumerate(self._bodies)
        )

    def office(self) -> Office:
        """The office as the dialog shows it.

        Raises:
            UserError: no province or commune name, or the bodies were never filled.
        """
        base = new_office(self.province.currentText(), self._unit_kind(), self.unit_name.text())
        if not self._bodies:  # Lưu before "Điền các cơ quan ban hành": fill them now
            self._bodies = base.bodies
            self._show_bodies()
        return replace(base, bodies=self._edited_bodies())

    def term(self) -> dt.date | None:
        if not self.has_term.isChecked():
            return None
        value = self.term_start.date()
        return dt.date(value.year(), value.month(), value.day())

    def accept(self) -> None:
        try:
            office = self.office()
            self._ws.plans.set_office(office)
            self._ws.plans.set_party_term_start(self.term())
            self._ws.documents.set_two_sided(self.two_sided.isChecked())
        except UserError as exc:
            self.error.setText(exc.message)
            return
        super().accept()
