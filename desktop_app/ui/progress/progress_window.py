"""The progress window of one plan: where each task and campaign day stands, and the sheets.

Opened from the Kế hoạch tab, beside the main window. The clerk reads what is overdue, records
what a unit or hamlet reported (by phone, on paper), sets what is counted on campaign days,
sends the Excel progress sheets out and reads them back.
"""

import contextlib
import datetime as dt
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from desktop_app.domain.errors import UserError
from desktop_app.domain.plans import TASK_STATUS_LABELS, Plan, TaskStatus
from desktop_app.domain.progress import (
    CampaignRow,
    CampaignState,
    ProgressBoard,
    ProgressEntry,
    ProgressKey,
    Report,
    TaskRow,
)
from desktop_app.domain.sheet_changes import SheetScope
from desktop_app.ui.common.dialogs import ok_cancel_buttons, show_error, show_info, work_progress
from desktop_app.ui.common.table_model import RowsTableModel
from desktop_app.ui.common.tables import key_shortcut, make_table, select_source_row, source_row
from desktop_app.ui.progress.import_preview import ImportPreviewDialog
from desktop_app.ui.progress.progress_models import (
    CampaignProgressTableModel,
    HamletTallyTableModel,
    ProgressLogTableModel,
    TaskProgressTableModel,
    UnitTallyTableModel,
    log_lines,
)
from desktop_app.workspace import Workspace

NOT_SAID = "(không ghi)"  # a spin box at its minimum: nothing reported
EXCEL_FILTER = "Bảng tính Excel (*.xlsx)"
PICK_A_ROW = (
    "Hãy chọn một nhiệm vụ ở trang \u201cTheo nhiệm vụ\u201d, hoặc một xóm trong một đợt ở "
    "trang \u201cRa quân\u201d, rồi bấm \u201cGhi nhận báo cáo\u201d."
)
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
    edit.setMinimumDate(QDate(2000, 1, 1))
    return edit


def _size_columns(view: QTableView, model: RowsTableModel[Any]) -> None:
    for i, column in enumerate(model.COLUMNS):
        if column.width:
            view.horizontalHeader().resizeSection(i, column.width)


def plan_heading(plan: Plan) -> str:
    """The plan as a heading: "Kế hoạch số 12/KH-UBND ngày 02/12/2025"."""
    text = f"Kế hoạch số {plan.reference}" if plan.reference else "Kế hoạch (chưa có số)"
    return text + (f" ngày {plan.date:%d/%m/%Y}" if plan.date else "")


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
            self.entry = self._ws.record_progress(
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
        self.resize(520, 360)
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
            self.plan = self._ws.set_measures(self.plan, self.edit.toPlainText().splitlines())
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
        self.resize(640, 560)
        self.folder_edit = QLineEdit(str(folder))
        browse = QPushButton("Chọn thư mục…")
        browse.setAutoDefault(False)
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(QLabel("Thư mục:"))
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(browse)
        explain = QLabel(
            "Mỗi đơn vị chủ trì nhận một phiếu gồm các nhiệm vụ của mình; mỗi trưởng xóm nhận "
            "một phiếu các đợt ra quân của xóm. Bỏ chọn những nơi không cần gửi."
        )
        explain.setWordWrap(True)
        self.list = QListWidget()
        for scope in scopes:
            item = QListWidgetItem(scope.label)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        self.count_label = QLabel()
        select_row = QHBoxLayout()
        for text, state in (
            ("Chọn tất cả", Qt.CheckState.Checked),
            ("Bỏ chọn tất cả", Qt.CheckState.Unchecked),
        ):
            button = QPushButton(text)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, s=state: self._set_all(s))
            select_row.addWidget(button)
        select_row.addStretch(1)
        select_row.addWidget(self.count_label)
        self.buttons = ok_cancel_buttons(self, "Xuất phiếu")
        layout = QVBoxLayout(self)
        layout.addLayout(folder_row)
        layout.addWidget(explain)
        layout.addWidget(self.list, 1)
        layout.addLayout(select_row)
        layout.addWidget(self.buttons)
        self.list.itemChanged.connect(self._count)
        self._count()

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, "Chọn thư mục để lưu các phiếu", self.folder_edit.text()
        )
        if chosen:
            self.folder_edit.setText(chosen)

    def _set_all(self, state: Qt.CheckState) -> None:
        for i in range(self.list.count()):
            self.list.item(i).setCheckState(state)

    def _count(self) -> None:
        chosen = len(self.chosen())
        self.count_label.setText(f"Đã chọn {chosen}/{len(self.scopes)} phiếu")
        ok = self.buttons.button(self.buttons.StandardButton.Ok)
        ok.setEnabled(chosen > 0)

    def chosen(self) -> list[SheetScope]:
        return [
            scope
            for i, scope in enumerate(self.scopes)
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def folder(self) -> Path:
        return Path(self.folder_edit.text().strip())


class ProgressWindow(QDialog):
    """Where every task and campaign day of one plan stands; stays open beside the window."""

    data_changed = Signal()  # progress was recorded or the measures changed

    def __init__(
        self,
        workspace: Workspace,
        plan: Plan,
        parent: QWidget | None = None,
        *,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self._ws = workspace
        self.plan = plan
        self._today = today
        self.board: ProgressBoard | None = None
        self.setModal(False)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint)
        self.setWindowTitle(f"Tiến độ thực hiện {plan_heading(plan)}")
        self.resize(1200, 720)

        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tasks_model = TaskProgressTableModel(self)
        self.tasks_view = make_table(
            self.tasks_model, self, stretch_column=TaskProgressTableModel.COL_TEXT
        )
        self.units_model = UnitTallyTableModel(self)
        self.units_view = make_table(self.units_model, self)
        self.hamlets_model = HamletTallyTableModel(self)
        self.hamlets_view = make_table(self.hamlets_model, self)
        self.campaigns_model = CampaignProgressTableModel(self)
        self.campaigns_view = make_table(self.campaigns_model, self)
        self.log_model = ProgressLogTableModel(self)
        self.log_view = make_table(
            self.log_model, self, stretch_column=ProgressLogTableModel.COL_RESULT
        )
        for view in (self.units_view, self.hamlets_view, self.campaigns_view, self.log_view):
            view.setWordWrap(False)
        # The note, the last column whatever the measures, takes the room left.
        header = self.campaigns_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # Two lines of each task: enough to tell them apart and to scan a long plan; the
        # whole text is in the tooltip and in the report dialog.
        line = self.tasks_view.fontMetrics().lineSpacing()
        self.tasks_view.verticalHeader().setDefaultSectionSize(2 * line + 8)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.tasks_view, "Theo nhiệm vụ")
        self.tabs.addTab(self.units_view, "Theo đơn vị")
        self.tabs.addTab(self.hamlets_view, "Theo xóm")
        self.tabs.addTab(self.campaigns_view, "Ra quân")
        self.tabs.addTab(self.log_view, "Nhật ký")

        self.record_button = QPushButton("Ghi nhận báo cáo… (Ctrl+Enter)")
        self.measures_button = QPushButton("Chỉ tiêu ra quân…")
        self.excel_button = QPushButton("Xuất Excel…")
        self.unit_sheets_button = QPushButton("Xuất phiếu cho đơn vị…")
        self.import_button = QPushButton("Nhập phiếu Excel…")
        close = QPushButton("Đóng")
        bottom = QHBoxLayout()
        for button, slot in (
            (self.record_button, self.record_report),
            (self.measures_button, self.edit_measures),
            (self.excel_button, self.export_excel),
            (self.unit_sheets_button, self.export_unit_sheets),
            (self.import_button, self.import_sheet),
            (close, self.close),
        ):
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, slot=slot: slot())
            bottom.addWidget(button)
        bottom.insertStretch(5, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

        for key in ("Ctrl+Return", "Ctrl+Enter", "Ctrl+R"):
            key_shortcut(key, self, self.record_report)
        for view in (self.tasks_view, self.campaigns_view):
            view.doubleClicked.connect(lambda _i: self.record_report())
            view.selectionModel().selectionChanged.connect(self._update_actions)
        self.tabs.currentChanged.connect(self._update_actions)
        self.reload()

    # ---- reading -------------------------------------------------------------------------

    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def reload(self) -> None:
        """Read the plan, its board and its log again; the selected row stays selected."""
        key = self._selected_key()
        self.plan = self._ws.get_plan(self.plan.id)
        board = self._ws.progress_board(self.plan, self.today())
        self.board = board
        measures = self.plan.measures
        self.tasks_model.set_rows(board.overdue_first())
        self.units_model.set_rows(board.by_unit())
        for view, model in (
            (self.hamlets_view, self.hamlets_model),
            (self.campaigns_view, self.campaigns_model),
        ):
            if model.measures != measures:
                model.set_measures(measures)
                _size_columns(view, model)
        self.hamlets_model.set_rows(board.by_hamlet())
        self.campaigns_model.set_rows(board.campaigns)
        units: dict[str, str] = {u.id: u.name for u in self._ws.units()}
        hamlets: dict[str, str] = {h.id: h.name for h in self._ws.hamlets()}
        entries = self._ws.progress_log(self.plan)
        self.log_model.set_rows(log_lines(entries, self.plan, units, hamlets))

        has_campaigns = bool(board.campaigns)
        for view in (self.hamlets_view, self.campaigns_view):
            self.tabs.setTabVisible(self.tabs.indexOf(view), has_campaigns)
        self.measures_button.setEnabled(has_campaigns)
        self.tabs.setTabText(
            self.tabs.indexOf(self.tasks_view), f"Theo nhiệm vụ ({len(board.tasks)})"
        )
        self.tabs.setTabText(
            self.tabs.indexOf(self.campaigns_view), f"Ra quân ({len(board.campaigns)})"
        )
        self.tabs.setTabText(self.tabs.indexOf(self.log_view), f"Nhật ký ({len(entries)})")
        self.header.setText(self._header_html(board))
        first = self.tabs.currentWidget() is self.tasks_view and bool(board.tasks)
        if (key is None or not self.select_key(key)) and first:
            self.tasks_view.selectRow(0)
        self._update_actions()

    def _header_html(self, board: ProgressBoard) -> str:
        plan = self.plan
        lines = [
            f"<b>{escape(plan_heading(plan))}</b>: {escape(plan.title)}",
            f"Tính đến ngày {board.day:%d/%m/%Y} — {board.counts_text()}.",
        ]
        if board.campaigns:
            past = [c for c in board.campaigns if c.state is not CampaignState.COMING]
            reported = sum(1 for c in past if c.state is CampaignState.REPORTED)
            days = len({c.event.id for c in past})
            lines[-1] += f" Ra quân: {days} đợt đã qua, {reported}/{len(past)} lượt xóm đã báo cáo."
        return "<br>".join(lines)

    def _selected_key(self) -> ProgressKey | None:
        row = self.selected_row()
        return None if row is None else row.key

    def selected_row(self) -> TaskRow | CampaignRow | None:
        """The task or campaign day selected on the tab in front, if it is one of those."""
        current = self.tabs.currentWidget()
        if current is self.tasks_view:
            row = source_row(self.tasks_view)
            return None if row is None else self.tasks_model.row_object(row)
        if current is self.campaigns_view:
            row = source_row(self.campaigns_view)
            return None if row is None else self.campaigns_model.row_object(row)
        return None

    def select_key(self, key: ProgressKey) -> bool:
        """Select the task or campaign row with this key, on its tab."""
        views: tuple[tuple[QTableView, Sequence[TaskRow | CampaignRow]], ...] = (
            (self.tasks_view, self.tasks_model.rows()),
            (self.campaigns_view, self.campaigns_model.rows()),
        )
        for view, rows in views:
            found = [i for i, r in enumerate(rows) if r.key == key]
            if found:
                self.tabs.setCurrentWidget(view)
                select_source_row(view, found[0])
                view.scrollTo(view.currentIndex())
                return True
        return False

    def _update_actions(self) -> None:
        self.record_button.setEnabled(self.selected_row() is not None)

    # ---- recording -----------------------------------------------------------------------

    def record_report(self) -> ReportEntryDialog | None:
        """Open the report dialog for the selected task or campaign day."""
        row = self.selected_row()
        if row is None:
            show_info(self, PICK_A_ROW)
            return None
        dialog = ReportEntryDialog(self._ws, self.plan, row, self, today=self._today)
        dialog.saved.connect(self._on_report_saved)
        dialog.open()
        return dialog

    def _on_report_saved(self, entry: ProgressEntry) -> None:
        self.reload()
        self.select_key(entry.key)
        self.data_changed.emit()

    def edit_measures(self) -> MeasuresDialog:
        dialog = MeasuresDialog(self._ws, self.plan, self)
        dialog.accepted.connect(self._on_measures_saved)
        dialog.open()
        return dialog

    def _on_measures_saved(self) -> None:
        self.reload()
        self.data_changed.emit()

    # ---- sheets --------------------------------------------------------------------------

    def _export_folder(self) -> Path:
        folder = self._ws.export_folder()
        with contextlib.suppress(OSError):  # a read-only Documents: the dialog still opens
            folder.mkdir(parents=True, exist_ok=True)
        return folder

    def export_excel(self, *, path: Path | None = None) -> Path | None:
        """The whole plan's progress workbook, where the clerk chooses."""
        if path is None:
            suggested = self._export_folder() / self._ws.sheet_file_name([self.plan])
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Xuất bảng tiến độ ra Excel", str(suggested), EXCEL_FILTER
            )
            if not chosen:
                return None
            path = Path(chosen)
            if path.suffix.lower() != ".xlsx":
                path = path.with_name(path.name + ".xlsx")
        try:
            written = self._ws.export_xlsx([self.plan], path, today=self._today)
            self._ws.remember_export_folder(written.parent)
        except UserError as exc:
            show_error(self, exc.message)
            return None
        show_info(self, f"Đã xuất bảng tiến độ ra tệp:\n{written}", "Đã xuất Excel")
        return written

    def export_unit_sheets(self) -> list[Path]:
        """Ask which units and hamlets and where, then write a sheet for each."""
        scopes = self._ws.sheet_scopes(self.plan)
        if not scopes:
            show_info(self, "Kế hoạch chưa giao nhiệm vụ hay đợt ra quân cho đơn vị, xóm nào.")
            return []
        dialog = UnitSheetsDialog(scopes, self._export_folder(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return []
        return self.write_unit_sheets(dialog.folder(), dialog.chosen())

    def write_unit_sheets(self, folder: Path, scopes: list[SheetScope]) -> list[Path]:
        """One workbook per unit or hamlet into ``folder``, with a progress bar."""
        progress, step = work_progress(
            self, "Xuất phiếu tiến độ", "Đang xuất phiếu…", "Đang xuất phiếu"
        )

        try:
            written = self._ws.export_unit_sheets(self.plan, folder, scopes, progress=step)
        except UserError as exc:
            progress.close()
            show_error(self, exc.message)
            return []
        progress.close()
        self._ws.remember_export_folder(folder)
        show_info(
            self,
            f"Đã xuất {len(written)} phiếu vào thư mục:\n{folder}\n\nGửi mỗi phiếu cho đơn vị, "
            "xóm có tên trong tên tệp; khi nhận lại, bấm \u201cNhập phiếu Excel…\u201d.",
            "Đã xuất phiếu",
        )
        return written

    def import_sheet(self, *, path: Path | None = None) -> ImportPreviewDialog | None:
        """Read a returned sheet and show what it would change; nothing is saved yet."""
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self, "Nhập phiếu tiến độ đã điền", str(self._export_folder()), EXCEL_FILTER
            )
            if not chosen:
                return None
            path = Path(chosen)
        try:
            preview = self._ws.preview_xlsx(path, self.plan, today=self._today)
        except UserError as exc:
            show_error(self, exc.message)
            return None
        dialog = ImportPreviewDialog(self._ws, preview, self, today=self._today)
        dialog.accepted.connect(self._on_sheet_applied)
        dialog.open()
        return dialog

    def _on_sheet_applied(self) -> None:
        self.reload()
        self.data_changed.emit()
