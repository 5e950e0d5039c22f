"""The progress window's dialogs: a report received, the campaign measures, the unit sheets."""

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from desktop_app.domain.deadlines import LAST_YEAR
from desktop_app.domain.errors import UserError
from desktop_app.domain.plans import TASK_STATUS_LABELS, Plan, TaskStatus
from desktop_app.domain.progress import (
    CampaignRow,
    ProgressEntry,
    Report,
    TaskRow,
)
from desktop_app.domain.sheet_changes import SheetScope
from desktop_app.ui.common.buttons import button_row, field_row, plain_button
from desktop_app.ui.common.check_list_model import CheckListModel
from desktop_app.ui.common.dialogs import ok_cancel_buttons, show_error
from desktop_app.ui.common.screen import fit_to_screen
from desktop_app.workspace import Workspace

NOT_SAID = "(không ghi)"  # a spin box at its minimum: nothing reported
MEASURES_HELP = (
    "Những gì được đếm trong mỗi đợt ra quân, mỗi dòng một chỉ tiêu, ghi kèm đơn vị tính "
    "trong ngoặc. Ví dụ:\nĐường được vệ sinh (km)\nCây xanh trồng mới (cây)"
)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(_qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setDateRange(QDate(2000, 1, 1), QDate(LAST_YEAR, 12, 31))  # as a returned sheet
    # The pop-up month names ("Tháng Mười Hai") and first weekday (Monday) as in Vietnam,
    # whatever language Windows is in.
    edit.calendarWidget().setLocale(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    return edit


class ReportEntryDialog(QDialog):
    """What a unit or hamlet reported about one task, due date or campaign day.

    The fields start from the last report, so the clerk changes only what is new; the entry
    is recorded on "Ghi nhận" and the dialog stays open on a mistake.
    """

    saved = Signal(object)  # the ProgressEntry recorded

    def __init__(
        self,
        workspace: Workspace,
        plan: Plan,
        row: TaskRow | CampaignRow,
        parent: QWidget | None = None,
        *,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self._ws = workspace
        self.plan = plan
        self.row = row
        self._today = today
        self.entry: ProgressEntry | None = None
        self.setWindowTitle("Ghi nhận báo cáo tiến độ")
        self.setMinimumWidth(620)
        status = row.status if isinstance(row, TaskRow) else None
        self._before = Report.of(row.latest, status)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        what = QLabel(row.label)
        what.setWordWrap(True)
        what.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QComboBox()
        self.percent = QSpinBox()
        self.result_text = QPlainTextEdit()
        self.document = QLineEdit()
        self.participants = QSpinBox()
        self.figures: dict[str, QDoubleSpinBox] = {}
        self.note = QLineEdit(self._before.note)
        self.date = date_edit(today or dt.date.today())
        self.reporter = QLineEdit()
        if isinstance(row, TaskRow):
            form.addRow("Nhiệm vụ:", what)
            lead = ", ".join(u.name for u in row.task.lead) or "(chưa có)"
            form.addRow("Chủ trì:", QLabel(lead))
            form.addRow("Thời hạn:", QLabel(row.deadline_text or "(không có)"))
            self._task_fields(form)
            self.reporter.setPlaceholderText("để trống nếu đơn vị chủ trì tự báo cáo")
        else:
            form.addRow("Đợt ra quân:", what)
            units = ", ".join(u.name for u in row.units)
            if units:
                form.addRow("Đơn vị phụ trách:", QLabel(units))
            self._campaign_fields(form)
            self.reporter.setPlaceholderText("để trống nếu trưởng xóm báo cáo")
        form.addRow("Ghi chú:", self.note)
        form.addRow("Ngày báo cáo:", self.date)
        form.addRow("Người báo cáo:", self.reporter)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(ok_cancel_buttons(self, "Ghi nhận"))

    def _task_fields(self, form: QFormLayout) -> None:
        for status, label in TASK_STATUS_LABELS.items():
            self.status.addItem(label, status.value)
        current = self._before.status or TaskStatus.NOT_STARTED
        self.status.setCurrentIndex(self.status.findData(current.value))
        self.status.currentIndexChanged.connect(self._on_status_changed)
        self.percent.setRange(-1, 100)
        self.percent.setSuffix("%")
        self.percent.setSpecialValueText(NOT_SAID)
        self.percent.setValue(-1 if self._before.percent is None else self._before.percent)
        self.result_text.setPlainText(self._before.text)
        self.result_text.setTabChangesFocus(True)
        self.result_text.setFixedHeight(90)
        self.document.setText(self._before.document)
        self.document.setPlaceholderText("Ví dụ: Báo cáo số 15/BC-KT ngày 03/12/2026")
        form.addRow("Tình trạng:", self.status)
        form.addRow("Tỷ lệ hoàn thành:", self.percent)
        form.addRow("Kết quả thực hiện:", self.result_text)
        form.addRow("Văn bản báo cáo:", self.document)

    def _campaign_fields(self, form: QFormLayout) -> None:
        self.participants.setRange(-1, 1_000_000)
        self.participants.setSpecialValueText(NOT_SAID)
        people = self._before.participants
        self.participants.setValue(-1 if people is None else people)
        form.addRow("Số người tham gia:", self.participants)
        vietnamese = QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)
        for name in self.plan.measures:
            spin = QDoubleSpinBox()
            spin.setLocale(vietnamese)
            spin.setDecimals(2)
            spin.setRange(-1, 1_000_000_000)
            spin.setSpecialValueText(NOT_SAID)
            spin.setGroupSeparatorShown(False)
            spin.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)
            value = self._before.figures.get(name)
            spin.setValue(-1 if value is None else value)
            self.figures[name] = spin
            form.addRow(f"{name}:", spin)
        if not self.plan.measures:
            hint = QLabel(
                "Kế hoạch chưa có chỉ tiêu ra quân; bấm \u201cChỉ tiêu ra quân…\u201d ở cửa sổ "
                "tiến độ để thêm."
            )
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #707070")
            form.addRow("", hint)

    def _on_status_changed(self, _index: int) -> None:
        if self.status.currentData() == TaskStatus.DONE.value:
            self.percent.setValue(100)

    def report(self) -> Report:
        """The report as the fields now say (checked by the workspace when recorded)."""
        if isinstance(self.row, TaskRow):
            percent = self.percent.value()
            return Report(
                status=TaskStatus(self.status.currentData()),
                percent=None if percent < 0 else percent,
                text=self.result_text.toPlainText(),
                document=self.document.text(),
                note=self.note.text(),
            )
        people = self.participants.value()
        figures = {name: spin.value() for name, spin in self.figures.items() if spin.value() >= 0}
        return Report(
            text=self._before.text,
            document=self._before.document,
            note=self.note.text(),
            participants=None if people < 0 else people,
            figures=figures,
        )

    def reported_on(self) -> dt.date:
        return _date(self.date.date())

    @override
    def accept(self) -> None:
        try:
            self.entry = self._ws.progress.record(
                self.plan,
                self.row.key,
                self.report(),
                self.reported_on(),
                reporter=self.reporter.text().strip(),
                today=self._today,
            )
        except UserError as exc:
            show_error(self, exc.message)
            return
        self.saved.emit(self.entry)
        super().accept()


class MeasuresDialog(QDialog):
    """The plan's campaign-day measures, one a line."""

    def __init__(self, workspace: Workspace, plan: Plan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ws = workspace
        self.plan = plan
        self.setWindowTitle("Chỉ tiêu ra quân")
        fit_to_screen(self, 520, 360)
        help_label = QLabel(MEASURES_HELP)
        help_label.setWordWrap(True)
        self.edit = QPlainTextEdit("\n".join(plan.measures))
        layout = QVBoxLayout(self)
        layout.addWidget(help_label)
        layout.addWidget(self.edit)
        layout.addWidget(ok_cancel_buttons(self, "Lưu"))

    @override
    def accept(self) -> None:
        try:
            self.plan = self._ws.progress.set_measures(
                self.plan, self.edit.toPlainText().splitlines()
            )
        except UserError as exc:
            show_error(self, exc.message)
            return
        super().accept()


class UnitSheetsDialog(QDialog):
    """Which units and hamlets get a sheet, and the folder the sheets go to."""

    def __init__(
        self, scopes: list[SheetScope], folder: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.scopes = scopes
        self.setWindowTitle("Xuất phiếu tiến độ cho từng đơn vị, từng xóm")
        fit_to_screen(self, 640, 560)
        self.folder_edit = QLineEdit(str(folder))
        folder_row = field_row(
            "Thư mục:", self.folder_edit, plain_button("Chọn thư mục…", self._browse)
        )
        explain = QLabel(
            "Mỗi đơn vị chủ trì nhận một phiếu gồm các nhiệm vụ của mình; mỗi trưởng xóm nhận "
            "một phiếu các đợt ra quân của xóm. Bỏ chọn những nơi không cần gửi."
        )
        explain.setWordWrap(True)
        self.model: CheckListModel[SheetScope] = CheckListModel(scopes, lambda s: s.label, self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.count_label = QLabel()
        select_row = button_row(
            ("Chọn tất cả", lambda: self._set_all(Qt.CheckState.Checked)),
            ("Bỏ chọn tất cả", lambda: self._set_all(Qt.CheckState.Unchecked)),
        )
        select_row.addWidget(self.count_label)
        self.buttons = ok_cancel_buttons(self, "Xuất phiếu")
        layout = QVBoxLayout(self)
        layout.addLayout(folder_row)
        layout.addWidget(explain)
        layout.addWidget(self.list, 1)
        layout.addLayout(select_row)
        layout.addWidget(self.buttons)
        self.model.checks_changed.connect(self._count)
        self._count()

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, "Chọn thư mục để lưu các phiếu", self.folder_edit.text()
        )
        if chosen:
            self.folder_edit.setText(chosen)

    def _set_all(self, state: Qt.CheckState) -> None:
        self.model.set_all(state is Qt.CheckState.Checked)

    def _count(self) -> None:
        chosen = len(self.chosen())
        self.count_label.setText(f"Đã chọn {chosen}/{len(self.scopes)} phiếu")
        ok = self.buttons.button(self.buttons.StandardButton.Ok)
        ok.setEnabled(chosen > 0)

    def chosen(self) -> list[SheetScope]:
        return self.model.checked()

    def folder(self) -> Path:
        return Path(self.folder_edit.text().strip())
