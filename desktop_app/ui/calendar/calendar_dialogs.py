"""Dialogs of the Lịch tab: the office's days off, and moving one event to another day."""

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.deadlines import FIRST_YEAR, LAST_YEAR
from desktop_app.domain.errors import UserError
from desktop_app.domain.holidays import OFFICE_DAY_KIND_LABELS, OfficeDayKind, public_holidays
from desktop_app.domain.record_rules import FLAG_MARK
from desktop_app.ui.calendar.days_off_table_model import DayOffRow, DaysOffTableModel
from desktop_app.ui.common.dialogs import ok_cancel_buttons, show_error
from desktop_app.ui.common.screen import fit_to_screen
from desktop_app.workspace import Workspace


def to_date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def to_qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def date_edit(value: dt.date, parent: QWidget | None = None) -> QDateEdit:
    edit = QDateEdit(to_qdate(value), parent)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setDateRange(QDate(FIRST_YEAR, 1, 1), QDate(LAST_YEAR, 12, 31))  # as the record rules
    edit.setCalendarPopup(True)
    return edit


class MoveEventDialog(QDialog):
    """Choose the new day of one event and say why (kept in its note)."""

    def __init__(self, label: str, day: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Dời ngày sự kiện")
        self.date = date_edit(day, self)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText("vd. Dời vì trùng ngày nghỉ lễ")
        form = QFormLayout(self)
        form.addRow(QLabel(f"<b>{label}</b> — đang là ngày {day:%d/%m/%Y}"))
        form.addRow("Ngày mới:", self.date)
        form.addRow("Lý do:", self.reason)
        form.addRow(
            QLabel("Chỉ dời lần này; quy tắc lặp lại và các đợt khác giữ nguyên."),
        )
        form.addRow(ok_cancel_buttons(self, "Dời ngày"))

    def chosen(self) -> tuple[dt.date, str]:
        return to_date(self.date.date()), self.reason.text()


class DaysOffDialog(QDialog):
    """The year's public holidays (fixed) and the office's own days off and make-up days."""

    def __init__(self, workspace: Workspace, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ws = workspace
        self.setWindowTitle("Ngày nghỉ và ngày làm bù")
        fit_to_screen(self, 640, 520)
        self.year = QSpinBox(self)
        self.year.setRange(1970, 2199)
        self.year.setValue(year)
        self.model = DaysOffTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

        self.new_date = date_edit(dt.date(year, 1, 1), self)
        self.new_kind = QComboBox(self)
        for kind, label in OFFICE_DAY_KIND_LABELS.items():
            self.new_kind.addItem(label, kind.value)
        self.new_name = QLineEdit(self)
        self.new_name.setPlaceholderText("vd. Nghỉ bù Tết Nguyên Đán")
        self.add_button = QPushButton("Thêm")
        self.delete_button = QPushButton("Xoá ngày đã chọn")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        close.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(QLabel("Năm:"))
        top.addWidget(self.year)
        top.addStretch(1)
        top.addWidget(self.delete_button)
        add = QHBoxLayout()
        add.addWidget(self.new_date)
        add.addWidget(self.new_kind)
        add.addWidget(self.new_name, 1)
        add.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        if (flagged := self._flagged_label()) is not None:
            layout.addWidget(flagged)
        layout.addWidget(self.table, 1)
        layout.addWidget(
            QLabel(
                "Ngày lễ theo luật được tính sẵn và không sửa được. Thêm ở đây các ngày nghỉ bù, "
                "nghỉ thêm mà Chính phủ thông báo, và các ngày thứ Bảy, Chủ nhật phải làm bù."
            )
        )
        layout.addLayout(add)
        layout.addWidget(close)
        self.year.valueChanged.connect(self.reload)
        self.add_button.clicked.connect(self.add_day)
        self.new_name.returnPressed.connect(self.add_day)
        self.delete_button.clicked.connect(self.delete_selected)
        self.changed = False
        self.reload()

    def _flagged_label(self) -> QLabel | None:
        unreadable = self._ws.calendar.unreadable_office_days()
        if not unreadable:
            return None
        label = QLabel(
            f"{FLAG_MARK} {unreadable} ngày nghỉ, làm bù có dữ liệu sai nên không hiện và "
            "chưa được tính trên lịch."
        )
        label.setWordWrap(True)
        label.setStyleSheet("color: #b00020")
        return label

    def reload(self) -> None:
        year = self.year.value()
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        rows = [DayOffRow(day, "Ngày lễ", name) for day, name in public_holidays(year).items()]
        rows += [
            DayOffRow(d.day, OFFICE_DAY_KIND_LABELS[d.kind], d.name, d.id)
            for d in self._ws.calendar.office_days(start, end)
        ]
        self.model.set_rows(sorted(rows))
        self.table.resizeColumnsToContents()

    def add_day(self) -> None:
        try:
            self._ws.calendar.save_office_day(
                to_date(self.new_date.date()),
                OfficeDayKind(self.new_kind.currentData()),
                self.new_name.text(),
            )
        except UserError as exc:
            show_error(self, exc.message)
            return
        self.changed = True
        self.new_name.clear()
        self.reload()

    def selected_office_day(self) -> str:
        row = self.table.currentIndex().row()
        return self.model.row_object(row).office_id if row >= 0 else ""

    def delete_selected(self, confirmed: bool = False) -> None:
        office_id = self.selected_office_day()
        if not office_id:
            show_error(self, "Hãy chọn một ngày nghỉ bù hoặc làm bù; ngày lễ không xoá được.")
            return
        if not confirmed:
            box = QMessageBox(
                QMessageBox.Icon.Question,
                "Xoá ngày",
                "Xoá ngày đã chọn khỏi danh sách?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                self,
            )
            box.button(QMessageBox.StandardButton.Yes).setText("Xoá")
            box.button(QMessageBox.StandardButton.No).setText("Không")
            if box.exec() != QMessageBox.StandardButton.Yes:
                return
        self._ws.calendar.delete_office_day(office_id)
        self.changed = True
        self.reload()
