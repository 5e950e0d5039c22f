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

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.deadlines import date_text
from desktop_app.domain.errors import CancelledError, UserError
from desktop_app.domain.plans import Plan, plan_in_text
from desktop_app.domain.progress import (
    CampaignRow,
    CampaignState,
    ProgressBoard,
    ProgressEntry,
    ProgressKey,
    TaskRow,
)
from desktop_app.domain.sheet_changes import SheetScope
from desktop_app.ui.common.dialogs import (
    EXCEL_FILTER,
    ask_xlsx_path,
    flag_banner,
    show_cancelled,
    show_error,
    show_flag_banner,
    show_info,
    warn_flagged,
    work_progress,
)
from desktop_app.ui.common.printing import print_file
from desktop_app.ui.common.screen import fit_to_screen
from desktop_app.ui.common.table_model import RowsTableModel
from desktop_app.ui.common.tables import make_table, select_source_row, source_row
from desktop_app.ui.progress.import_preview import ImportPreviewDialog
from desktop_app.ui.progress.progress_dialogs import (
    MeasuresDialog,
    ReportEntryDialog,
    UnitSheetsDialog,
)
from desktop_app.ui.progress.progress_models import (
    CampaignProgressTableModel,
    HamletTallyTableModel,
    ProgressLogTableModel,
    TaskProgressTableModel,
    UnitTallyTableModel,
    log_lines,
)
from desktop_app.ui.shortcuts import bind_local
from desktop_app.workspace import Workspace

# What still works on a plan read with bad values: the reports are its own rows; the
# measures and a returned sheet save the plan itself, which would store the stand-ins.
FLAGGED_PLAN_WORKS = (
    "Vẫn ghi nhận báo cáo được cho các nhiệm vụ; chỉ tiêu ra quân và phiếu Excel nhập về "
    "chờ đến khi dữ liệu đã sửa."
)
FLAGGED_WAIT = "Kế hoạch có dữ liệu sai: hãy chạy Kiểm tra dữ liệu trước khi {what}."

PICK_A_ROW = (
    "Hãy chọn một nhiệm vụ ở trang \u201cTheo nhiệm vụ\u201d, hoặc một xóm trong một đợt ở "
    "trang \u201cRa quân\u201d, rồi bấm \u201cGhi nhận báo cáo\u201d."
)


def _size_columns(view: QTableView, model: RowsTableModel[Any]) -> None:
    for i, column in enumerate(model.COLUMNS):
        if column.width:
            view.horizontalHeader().resizeSection(i, column.width)


def plan_heading(plan: Plan) -> str:
    """The plan as a heading: "Kế hoạch số 12/KH-UBND ngày 02/12/2025"."""
    if plan.number is None:
        return plan_in_text(plan, full_title=True)  # the title and date name it
    return plan_in_text(plan) + (f" ngày {date_text(plan.date)}" if plan.date else "")


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
        fit_to_screen(self, 1200, 720)

        self.flag_banner = flag_banner()
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

        layout = QVBoxLayout(self)
        layout.addWidget(self.flag_banner)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self._build_buttons())

        bind_local("progress.record", self, self.record_report)
        bind_local("progress.print", self, self.print_sheet)
        for view in (self.tasks_view, self.campaigns_view):
            view.doubleClicked.connect(lambda _i: self.record_report())
            view.selectionModel().selectionChanged.connect(self._update_actions)
        self.tabs.currentChanged.connect(self._update_actions)
        self.reload()

    def _build_buttons(self) -> QHBoxLayout:
        self.record_button = QPushButton("Ghi nhận báo cáo… (Ctrl+Enter)")
        self.measures_button = QPushButton("Chỉ tiêu ra quân…")
        self.excel_button = QPushButton("Xuất Excel…")
        self.unit_sheets_button = QPushButton("Xuất phiếu cho đơn vị…")
        self.import_button = QPushButton("Nhập phiếu Excel…")
        self.print_button = QPushButton("In (Ctrl+P)")
        self.print_button.setToolTip("In bảng tiến độ (Excel, A4 ngang) bằng máy in mặc định")
        close = QPushButton("Đóng")
        bottom = QHBoxLayout()
        for button, slot in (
            (self.record_button, self.record_report),
            (self.measures_button, self.edit_measures),
            (self.excel_button, self.export_excel),
            (self.unit_sheets_button, self.export_unit_sheets),
            (self.import_button, self.import_sheet),
            (self.print_button, self.print_sheet),
            (close, self.close),
        ):
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, slot=slot: slot())
            bottom.addWidget(button)
        bottom.insertStretch(6, 1)
        return bottom

    # ---- reading -------------------------------------------------------------------------

    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def reload(self) -> None:
        """Read the plan, its board and its log again; the selected row stays selected.

        The plan is read as a file is: a bad stored value shows flagged in its row.
        """
        key = self._selected_key()
        self.plan = self._ws.plans.get_for_file(self.plan.id)
        board = self._ws.progress.board(self.plan, self.today())
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
        units: dict[str, str] = {u.id: u.name for u in self._ws.directory.units()}
        hamlets: dict[str, str] = {h.id: h.name for h in self._ws.directory.hamlets()}
        entries = self._ws.progress.log(self.plan)
        self.log_model.set_rows(log_lines(entries, self.plan, units, hamlets))

        has_campaigns = bool(board.campaigns)
        for view in (self.hamlets_view, self.campaigns_view):
            self.tabs.setTabVisible(self.tabs.indexOf(view), has_campaigns)
        flagged = bool(self.plan.problems)
        self.measures_button.setEnabled(has_campaigns and not flagged)
        self.import_button.setEnabled(not flagged)
        waiting = ((self.measures_button, "sửa chỉ tiêu"), (self.import_button, "nhập phiếu"))
        for button, what in waiting:
            button.setToolTip(FLAGGED_WAIT.format(what=what) if flagged else "")
        show_flag_banner(self.flag_banner, self.plan.problems, FLAGGED_PLAN_WORKS, tinted=True)
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
            # An unnumbered plan's heading is already its title: not twice.
            f"<b>{escape(plan_heading(plan))}</b>"
            + ("" if plan.number is None else f": {escape(plan.title)}"),
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
        folder = self._ws.documents.export_folder()
        with contextlib.suppress(OSError):  # a read-only Documents: the dialog still opens
            folder.mkdir(parents=True, exist_ok=True)
        return folder

    def export_excel(self, *, path: Path | None = None) -> Path | None:
        """The whole plan's progress workbook, where the clerk chooses."""
        if path is None:
            suggested = self._export_folder() / self._ws.progress.sheet_file_name([self.plan])
            path = ask_xlsx_path(self, "Xuất bảng tiến độ ra Excel", suggested)
            if path is None:
                return None
        try:
            with work_progress(
                self, "Xuất bảng tiến độ", "Đang xuất bảng tiến độ…", "Đang xuất"
            ) as step:
                written = self._ws.progress.export_xlsx(
                    [self.plan], path, today=self._today, progress=step
                )
            self._ws.documents.remember_export_folder(written.parent)
        except CancelledError:
            show_cancelled(
                self, "Đã hủy xuất bảng tiến độ: không có tệp nào được ghi hay thay thế."
            )
            return None
        except UserError as exc:
            show_error(self, exc.message)
            return None
        warn_flagged(self, self._ws.progress.last_flags)
        show_info(self, f"Đã xuất bảng tiến độ ra tệp:\n{written}", "Đã xuất Excel")
        return written

    def print_sheet(self) -> Path | None:
        """The plan's progress workbook, written to the print folder and handed to the printer."""
        ws, plan = self._ws, self.plan
        path = ws.documents.print_path(ws.progress.sheet_file_name([plan]))
        return print_file(
            self,
            lambda p: ws.progress.export_xlsx([plan], p, today=self._today),
            path,
            lambda: ws.progress.last_flags,
        )

    def export_unit_sheets(self) -> list[Path]:
        """Ask which units and hamlets and where, then write a sheet for each."""
        scopes = self._ws.progress.sheet_scopes(self.plan)
        if not scopes:
            show_info(self, "Kế hoạch chưa giao nhiệm vụ hay đợt ra quân cho đơn vị, xóm nào.")
            return []
        dialog = UnitSheetsDialog(scopes, self._export_folder(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return []
        return self.write_unit_sheets(dialog.folder(), dialog.chosen())

    def write_unit_sheets(self, folder: Path, scopes: list[SheetScope]) -> list[Path]:
        """One workbook per unit or hamlet into ``folder``, with a progress bar."""
        try:
            with work_progress(
                self, "Xuất phiếu tiến độ", "Đang xuất phiếu…", "Đang xuất phiếu"
            ) as step:
                written = self._ws.progress.export_unit_sheets(
                    self.plan, folder, scopes, progress=step
                )
        except CancelledError:
            show_cancelled(self, "Đã hủy xuất phiếu: không có phiếu nào được ghi hay thay thế.")
            return []
        except UserError as exc:
            show_error(self, exc.message)
            return []
        self._ws.documents.remember_export_folder(folder)
        warn_flagged(self, self._ws.progress.last_flags)
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
            preview = self._ws.progress.preview_xlsx(path, self.plan, today=self._today)
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
