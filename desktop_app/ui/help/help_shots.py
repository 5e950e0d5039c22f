"""The screenshots of the user guide, made from the program itself (``scripts/make_help.py``).

A private workspace gets the five sample plans and a fixed "today", so that the pictures stay
the same from one run to the next; each window state of the guide (a plan read from a
document, the task dialog, the assignment table, the progress window, the overview, the
calendar, printing a report, the USB package, the backups) is opened as the clerk would
open it and grabbed offscreen, as ``python -m desktop_app screenshot`` grabs the window.
"""

import datetime as dt
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog, QWidget

from desktop_app.ui.app import application
from desktop_app.ui.exchange.backup_dialogs import BackupsDialog
from desktop_app.ui.exchange.package_dialogs import ExportPackageDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.workspace import Workspace

TODAY = dt.date(2026, 11, 23)
SIZE = (1280, 720)  # the smaller laptop screens the guide's reader has
DIALOG_WIDTH = 1100


def render_help_screenshots(out_dir: Path) -> list[Path]:
    """Every screenshot of the guide into ``out_dir``; returns the files written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    saved = {k: os.environ.get(k) for k in ("SO_KE_HOACH_DATA_DIR", "SO_KE_HOACH_DOCUMENTS_DIR")}
    with tempfile.TemporaryDirectory() as scratch:
        # Backups and the print folder go to the scratch folder, never the user's data; its
        # folders are named as on the clerk's PC, so that the paths the pictures show read so.
        data = Path(scratch) / "SoTheoDoiKeHoach"
        os.environ["SO_KE_HOACH_DATA_DIR"] = str(data)
        os.environ["SO_KE_HOACH_DOCUMENTS_DIR"] = str(Path(scratch) / "Documents")
        try:
            return _render(out_dir, data)
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def _shoot(widget: QWidget, out: Path, app: QApplication) -> Path:
    for _ in range(3):  # layouts, then the timers that fill a tab after it is shown
        app.processEvents()
    if not widget.grab().save(str(out), "PNG"):
        raise OSError(f"cannot write {out}")
    return out


class _States:
    """The window states of the guide, each opened as the clerk would open it."""

    def __init__(self, ws: Workspace, window: MainWindow, scratch: Path) -> None:
        self.ws = ws
        self.window = window
        self.scratch = scratch
        self.phu_lac = next(
            s.id for s in ws.plans.summaries() if s.title.startswith("Tổ chức thực hiện")
        )

    def main_tab(self, tab: str) -> QWidget:
        self.window.show_tab(tab)
        return self.window

    def plans(self) -> QWidget:
        self.window.open_plan(self.phu_lac)
        return self.main_tab("plans")

    def imported(self) -> QWidget:
        # A plan as it comes in: a Word file (here one the program wrote of a sample plan).
        received = self.ws.plans.find("95-KH/TU")
        document = self.ws.documents.export_docx(received, self.scratch / "ke-hoach-95.docx")
        dialog = self.window.import_plan_document(document)
        assert dialog is not None
        dialog.resize(DIALOG_WIDTH, 680)
        return dialog

    def task_dialog(self) -> QWidget:
        self.window.open_plan(self.phu_lac)
        editor = self.window.plans_tab.edit_plan()
        assert editor is not None
        editor.tabs.setCurrentWidget(editor.tasks_page)
        # A task with a lead unit and a deadline, as most are.
        row = next(i for i, t in enumerate(editor.plan.tasks) if t.lead and t.deadline.text)
        editor.tasks_page.tasks_view.selectRow(row)
        dialog = editor.tasks_page.edit_task()
        assert dialog is not None
        # A unit the office's list lacks, typed into the filter: the picker offers to add it.
        dialog.support.filter.setText("Ban quản lý chợ")
        dialog.resize(900, 620)
        return dialog

    def assignments(self) -> QWidget:
        self.window.open_assignments(self.phu_lac)
        return self.window

    def progress(self) -> QWidget:
        self.window.open_plan(self.phu_lac)
        progress_window = self.window.plans_tab.open_progress()
        assert progress_window is not None
        progress_window.resize(DIALOG_WIDTH, 640)
        return progress_window

    def report(self) -> QWidget:
        self.window.open_plan(self.phu_lac)
        dialog = self.window.plans_tab.open_report()
        assert dialog is not None
        return dialog

    def package(self) -> QWidget:
        dialog = ExportPackageDialog(self.ws, self.window, today=TODAY)
        dialog.show()
        return dialog

    def backups(self) -> QWidget:
        dialog = BackupsDialog(self.ws, self.window)
        dialog.resize(900, 560)
        dialog.show()
        return dialog

    def close_extra(self, widget: QWidget) -> None:
        if widget is self.window:
            return
        if isinstance(widget, QDialog):
            widget.done(0)  # as "Bỏ": nothing typed into a shot is kept
        else:
            widget.close()
        editor = self.window.plans_tab.editor
        if editor is not None and editor.isVisible():
            editor.done(0)


def _render(out_dir: Path, scratch: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    scratch.mkdir(parents=True, exist_ok=True)
    app = application()
    ws = Workspace.open(scratch / "so-ke-hoach.sqlite", device="help")
    ws.plan_import.load_samples()
    ws.exchange.backup_now()
    window = MainWindow(ws, today=TODAY)
    window.resize(*SIZE)
    window.show()
    states = _States(ws, window, scratch)
    shots: list[tuple[str, Callable[[], QWidget]]] = [
        ("cua-so-chinh.png", states.plans),
        ("nhan-ke-hoach.png", states.imported),
        ("giao-viec.png", states.task_dialog),
        ("phan-cong-xom.png", states.assignments),
        ("theo-doi-tien-do.png", states.progress),
        ("tong-quan.png", lambda: states.main_tab("overview")),
        ("lich.png", lambda: states.main_tab("calendar")),
        ("in-bao-cao.png", states.report),
        ("xuat-goi-usb.png", states.package),
        ("sao-luu-khoi-phuc.png", states.backups),
    ]
    written: list[Path] = []
    try:
        for name, open_state in shots:
            widget = open_state()
            written.append(_shoot(widget, out_dir / name, app))
            states.close_extra(widget)
    finally:
        window.close()
        ws.close()
    return written
