"""Every window and dialog of the program, opened on the sample data, for the screen-size checks.

Each is made the way the program makes it (through the main window where it can be), with real
content: a plan's tasks, a package of the workspace, a filled-in sheet, a plan document.
"""

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QWidget

from desktop_app.domain.plans import System
from desktop_app.ui.calendar.calendar_dialogs import DaysOffDialog, MoveEventDialog
from desktop_app.ui.common.dialogs import WorkProgressDialog
from desktop_app.ui.directory.directory_dialogs import (
    AssignmentRowDialog,
    HamletDialog,
    MergeHamletsDialog,
    MergeUnitsDialog,
    UnitDialog,
)
from desktop_app.ui.exchange.backup_dialogs import BackupsDialog, CheckDataDialog
from desktop_app.ui.exchange.history_dialog import HistoryDialog
from desktop_app.ui.exchange.merge_preview import MergePreviewDialog
from desktop_app.ui.exchange.package_dialogs import ExportPackageDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.plan_import.plan_import_dialog import PlanImportDialog
from desktop_app.ui.plans.plan_dialogs import (
    EventDialog,
    FindingsDialog,
    IssueDialog,
    TaskDialog,
    TrashDialog,
)
from desktop_app.ui.plans.plan_editor import PlanEditor
from desktop_app.ui.plans.word_export import ExportDoneDialog, ReportDialog
from desktop_app.ui.progress.import_preview import ImportPreviewDialog
from desktop_app.ui.progress.progress_dialogs import (
    MeasuresDialog,
    ReportEntryDialog,
    UnitSheetsDialog,
)
from desktop_app.ui.progress.progress_window import ProgressWindow
from desktop_app.ui.shortcuts import ShortcutsDialog
from desktop_app.workspace import Workspace
from tests.conftest import SEEDS, sample_plan_id
from tests.ui.conftest import TODAY

Maker = Callable[[], QWidget]


def window_makers(window: MainWindow, ws: Workspace, folder: Path) -> dict[str, Maker]:
    """Name -> a function that opens that window or dialog (not shown yet) over ``window``."""
    plan = ws.plans.get(sample_plan_id(ws, "phu_lac"))
    units = ws.directory.units()
    hamlets = ws.directory.hamlets()
    directory = ws.directory

    def merge_preview() -> QWidget:
        # PC B starts from a copy of this data, edits a plan and a unit, and packs; this PC
        # edits the same unit meanwhile: the preview has changes and a conflict to show.
        ws.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        other_path = folder / "may-b.sqlite"
        shutil.copy2(ws.path, other_path)
        other = Workspace.open(other_path, device="may-b")
        try:
            unit = other.directory.units()[0]
            other.directory.save_unit(replace(unit, name=f"{unit.name} (sửa trên máy B)"))
            edited = other.plans.get(plan.id)
            other.plans.save(replace(edited, title=f"{edited.title} (bản sửa trên máy B)"))
            package = other.exchange.pack(folder / "goi.skh").path
        finally:
            other.close()
        ws.directory.save_unit(replace(unit, name=f"{unit.name} (sửa trên máy này)"))
        return MergePreviewDialog(ws, ws.exchange.preview(package), window)

    def import_preview() -> QWidget:
        sheet = ws.progress.export_xlsx([plan], folder / "tien-do.xlsx", today=TODAY)
        return ImportPreviewDialog(ws, ws.progress.preview_xlsx(sheet, plan, TODAY), window)

    def plan_import() -> QWidget:
        imported = ws.plan_import.read_file(SEEDS / "001_5e32054a1d37738b.txt")
        return PlanImportDialog(ws, imported, window)

    def report_entry() -> QWidget:
        row = ws.progress.board(plan, TODAY).tasks[0]
        return ReportEntryDialog(ws, plan, row, window, today=TODAY)

    def assignment_row() -> QWidget:
        return AssignmentRowDialog(
            units, directory.read_hamlet_list, directory.assignment_row, plan.assignments[0], window
        )

    return {
        "main window": lambda: window,
        "plan editor": lambda: PlanEditor(ws, plan, window),
        "new plan editor": lambda: PlanEditor(ws, ws.plans.new(System.PARTY), window),
        "task": lambda: TaskDialog(units, plan.sections, plan.date, plan.tasks[0], window),
        "event": lambda: EventDialog(TODAY, window),
        "issue": lambda: IssueDialog(lambda _day: 12, TODAY, window),
        "findings": lambda: FindingsDialog("Kiểm tra", ws.plans.check(plan), window),
        "trash": lambda: TrashDialog(ws.plans.trash(), lambda _item: None, window),
        "report": lambda: ReportDialog(ws, plan, window),
        "export done": lambda: ExportDoneDialog(folder / "ke-hoach.docx", window),
        "progress": lambda: ProgressWindow(ws, plan, window, today=TODAY),
        "report entry": report_entry,
        "measures": lambda: MeasuresDialog(ws, plan, window),
        "unit sheets": lambda: UnitSheetsDialog(ws.progress.sheet_scopes(plan), folder, window),
        "sheet import preview": import_preview,
        "export package": lambda: ExportPackageDialog(ws, window, today=TODAY),
        "merge preview": merge_preview,
        "backups": lambda: BackupsDialog(ws, window),
        "check data": lambda: CheckDataDialog(ws, window),
        "work progress": lambda: WorkProgressDialog(
            window, "Nhập gói dữ liệu", "Đang nhập gói…", "Đang nhập"
        ),
        "history": lambda: HistoryDialog(ws, window),
        "shortcuts": lambda: ShortcutsDialog(window),
        "unit": lambda: UnitDialog(units[0], window),
        "hamlet": lambda: HamletDialog(hamlets[0], window),
        "merge hamlets": lambda: MergeHamletsDialog(hamlets[:3], window),
        "merge units": lambda: MergeUnitsDialog(units[0], units[1], window),
        "assignment row": assignment_row,
        "move event": lambda: MoveEventDialog("Ra quân", dt.date(2026, 12, 5), window),
        "days off": lambda: DaysOffDialog(ws, 2026, window),
        "plan import": plan_import,
    }
