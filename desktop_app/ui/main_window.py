"""The main window: four tabs over one workspace, the menu, the offer of the samples.

It also owns what keeps the data safe while it is open: a backup every 30 minutes when the
data changed and one on close, and the exchange dialogs (packages, backups, the data check,
the history), after which everything is read again.
"""

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from desktop_app import APP_NAME
from desktop_app.domain.calendar import WEEKDAY_NAMES
from desktop_app.domain.errors import NotFoundError, UserError
from desktop_app.domain.lunar import solar_to_lunar
from desktop_app.domain.plans import Plan, System
from desktop_app.ui.calendar.calendar_tab import CalendarTab
from desktop_app.ui.common.dialogs import ask_yes_no, show_error, show_info, work_progress
from desktop_app.ui.common.settings import remember_main_window_geometry
from desktop_app.ui.directory.hamlets_tab import HamletsTab
from desktop_app.ui.directory.units_tab import UnitsTab
from desktop_app.ui.exchange.backup_checks import BackupChecksInBackground
from desktop_app.ui.exchange.backup_dialogs import BackupsDialog, CheckDataDialog
from desktop_app.ui.exchange.history_dialog import HistoryDialog
from desktop_app.ui.exchange.merge_preview import MergePreviewDialog
from desktop_app.ui.exchange.package_dialogs import ExportPackageDialog, open_package
from desktop_app.ui.help.help_window import HelpWindow, about_html
from desktop_app.ui.office.office_dialog import OfficeDialog
from desktop_app.ui.overview.overview_tab import OverviewTab
from desktop_app.ui.plan_import.open_document import open_plan_document
from desktop_app.ui.plan_import.plan_import_dialog import PlanImportDialog
from desktop_app.ui.plans.plans_tab import PlansTab
from desktop_app.ui.progress.office_sheet import export_office_sheet
from desktop_app.ui.shortcuts import MENUS, WINDOW, ShortcutsDialog, key_sequences
from desktop_app.workspace import Workspace
from desktop_app.workspace.calendar import agenda_message
from desktop_app.workspace.exchange import BACKUP_INTERVAL

TAB_NAMES = ("plans", "units", "hamlets", "calendar", "overview")
BACKUP_RETRY_MS = 60_000


def window_title(workspace: Path, plan_name: str = "", *, read_only: bool = False) -> str:
    """The title bar: the plan in front, the data file, then the program, as Windows does.

    "12/KH-UBND — so-ke-hoach — Sổ theo dõi Kế hoạch": the program's name once, at the end,
    and a plan by its name (number, or title and date), never its "KẾ HOẠCH" heading.
    """
    parts = [plan_name] if plan_name else []
    name = f"{workspace.stem} (chỉ xem)" if read_only else workspace.stem
    return " — ".join([*parts, name, APP_NAME])


class MainWindow(QMainWindow):
    # The data changed wholesale (a package merged, a backup restored, a repair, a version
    # brought back); the window has read everything again.
    data_replaced = Signal()

    def __init__(self, workspace: Workspace, today: dt.date | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.setWindowTitle(window_title(workspace.path, read_only=workspace.read_only))
        # Its size and place are kept for the next run (app.open_window sets this; a
        # screenshot's window must not overwrite the clerk's).
        self.remembers_geometry = False

        self.plans_tab = PlansTab(workspace, today=today)
        self.units_tab = UnitsTab(workspace)
        self.hamlets_tab = HamletsTab(workspace)
        self.calendar_tab = CalendarTab(workspace, today=today)
        self.overview_tab = OverviewTab(workspace, today=today)
        self.help_window: HelpWindow | None = None
        self.tabs = QTabWidget()
        self.tabs.addTab(self.plans_tab, "Kế hoạch")
        self.tabs.addTab(self.units_tab, "Đơn vị")
        self.tabs.addTab(self.hamlets_tab, "Xóm && phân công")
        self.tabs.addTab(self.calendar_tab, "Lịch")
        self.tabs.addTab(self.overview_tab, "Tổng quan")

        self.today = today or dt.date.today()
        self.welcome = self._build_welcome()
        self.office_banner = self._build_office_banner()
        self.agenda_banner = self._build_agenda_banner()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.welcome)
        layout.addWidget(self.office_banner)
        layout.addWidget(self.agenda_banner)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self._build_menu()
        # The plan the Xóm tab should show once it is in front (see _on_plans_tab_plan_selected).
        self._plan_for_hamlets_tab: str | None = None
        self.plans_tab.plan_selected.connect(self._on_plans_tab_plan_selected)
        self.calendar_tab.open_plan.connect(self.open_plan)
        self.overview_tab.open_plan.connect(self.open_plan)
        self.plans_tab.plan_selected.connect(self._show_title)
        self.data_replaced.connect(self.overview_tab.mark_stale)
        self.calendar_tab.data_changed.connect(self.overview_tab.mark_stale)
        self.plans_tab.open_assignments.connect(self.open_assignments)
        self.calendar_tab.data_changed.connect(self._refresh_agenda_banner)
        for tab in (self.plans_tab, self.units_tab, self.hamlets_tab):
            tab.data_changed.connect(self._on_data_changed)
        self.calendar_tab.exported.connect(
            lambda path: self.statusBar().showMessage(f"Đã lưu {path}", 10000)
        )
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self._set_up_backups()
        self.reload()

    def _set_up_backups(self) -> None:
        """A backup every 30 minutes when the data changed; checks of backups off this thread."""
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(int(BACKUP_INTERVAL.total_seconds() * 1000))
        self.backup_timer.timeout.connect(self._on_backup_timer_timeout)
        self.backup_timer.start()
        # While a dialog is up the clerk is in the middle of something (a merge's progress
        # bar even runs the timers inside its transaction): the backup waits a minute.
        self.backup_retry = QTimer(self)
        self.backup_retry.setSingleShot(True)
        self.backup_retry.setInterval(BACKUP_RETRY_MS)
        self.backup_retry.timeout.connect(self._on_backup_timer_timeout)
        # The backups' full checks, seconds each on a big office, run off this thread; a
        # damaged backup they find stays in the status bar, as a failed backup does.
        self.backup_checks = BackupChecksInBackground(
            self.workspace,
            self.statusBar().showMessage,
            self,
            warn=lambda text: show_error(self, text, "Chưa sao lưu được"),
        )
        if not self.workspace.read_only:
            self.workspace.exchange.check_later()  # what the last run's close left unchecked
            self.backup_checks.soon()

    def _build_welcome(self) -> QFrame:
        frame = QFrame()
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame.setStyleSheet("QFrame { background: #eef5ff; }")
        label = QLabel(
            "<b>Chưa có kế hoạch nào trong tệp dữ liệu này.</b> Bắt đầu bằng một trong ba "
            "cách: nạp năm kế hoạch mẫu (Phú Lạc, Nhữ Khê, Kon Tum, Tân Kỳ, Huyện ủy) để xem "
            "chương trình làm việc; nhập gói dữ liệu (.skh) mang từ máy khác của cơ quan; "
            "hoặc nhập một kế hoạch từ tệp Word, PDF hay văn bản."
        )
        label.setWordWrap(True)
        self.load_samples_button = QPushButton("Nạp 5 kế hoạch mẫu")
        self.load_samples_button.clicked.connect(self.load_samples)
        self.start_package_button = QPushButton("Nhập gói dữ liệu…")
        self.start_package_button.setToolTip("Tệp .skh xuất từ máy khác (Ctrl+Shift+I)")
        self.start_package_button.clicked.connect(lambda _=False: self.import_package())
        self.start_document_button = QPushButton("Nhập kế hoạch từ tệp…")
        self.start_document_button.setToolTip("Tệp Word, PDF hoặc văn bản (Ctrl+Shift+O)")
        self.start_document_button.clicked.connect(lambda _=False: self.import_plan_document())
        row = QHBoxLayout(frame)
        row.addWidget(label, 1)
        for button in (
            self.load_samples_button,
            self.start_package_button,
            self.start_document_button,
        ):
            row.addWidget(button)
        return frame

    def _build_office_banner(self) -> QFrame:
        # Until the clerk sets up the office (an empty file, or only the samples' office), new
        # documents would print another commune's header: said on every start, not hidden.
        frame = QFrame()
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame.setObjectName("officeBanner")  # the border is the bar's, not its label's
        frame.setStyleSheet(
            "QFrame#officeBanner { background: #fff3cd; border: 1px solid #e0b000; }"
        )
        self.office_label = QLabel(
            "<b>Chưa khai báo cơ quan của mình</b> (tỉnh, xã, người ký, nhiệm kỳ cấp ủy): văn "
            "bản mới sẽ chưa in đúng tiêu đề và số. Hãy khai báo trước khi soạn hay xuất văn bản."
        )
        self.office_label.setWordWrap(True)
        button = QPushButton("Khai báo cơ quan…")
        button.setToolTip("Thông tin cơ quan: tỉnh, xã, các cơ quan ban hành, nhiệm kỳ cấp ủy")
        button.clicked.connect(self.edit_office)
        row = QHBoxLayout(frame)
        row.setContentsMargins(8, 2, 8, 2)
        row.addWidget(self.office_label, 1)
        row.addWidget(button)
        return frame

    def _refresh_office_banner(self) -> None:
        if self.workspace.is_open:
            self.office_banner.setVisible(not self.workspace.plans.office_set_up())

    @override
    def changeEvent(self, event: QEvent) -> None:
        # The office may have been set up in a window opened from a tab (before a first new
        # plan or export): the banner is checked again when the window is active again.
        if event.type() is QEvent.Type.ActivationChange and self.isActiveWindow():
            self._refresh_office_banner()
        super().changeEvent(event)

    def _build_agenda_banner(self) -> QFrame:
        frame = QFrame()
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame.setStyleSheet("QFrame { background: #fff8e1; }")
        self.agenda_label = QLabel()
        self.agenda_label.setWordWrap(True)
        button = QPushButton("Xem lịch")
        button.clicked.connect(lambda: self.show_tab("calendar"))
        row = QHBoxLayout(frame)
        row.setContentsMargins(8, 2, 8, 2)
        row.addWidget(self.agenda_label, 1)
        row.addWidget(button)
        return frame

    def _refresh_agenda_banner(self) -> None:
        has_plans = self.workspace.plans.count() > 0
        self.agenda_banner.setVisible(has_plans)
        if not has_plans:
            return
        lunar = solar_to_lunar(self.today).long()
        self.agenda_label.setText(
            f"Hôm nay {WEEKDAY_NAMES[self.today.weekday()]}, {self.today:%d/%m/%Y} "
            f"(âm lịch {lunar}). {self._agenda_message()}"
        )

    def _agenda_message(self) -> str:
        agenda = self.calendar_tab.last_agenda
        if agenda is None:
            return self.workspace.calendar.startup_message(self.today)
        return agenda_message(agenda)

    def open_assignments(self, plan_id: str) -> None:
        """The Xóm tab with this plan's unit x hamlet table."""
        self._plan_for_hamlets_tab = plan_id
        self.show_tab("hamlets")
        self.hamlets_tab.show_plan(plan_id)

    def open_plan(self, plan_id: str) -> None:
        """Bring the Kế hoạch tab forward with this plan selected."""
        self.show_tab("plans")
        self.plans_tab.search.clear()
        self.plans_tab.select_plan(plan_id)

    def _build_menu(self) -> None:
        """The menus and their window-wide keys, from the table in ``ui/shortcuts.py``."""
        handlers = self._command_handlers()
        self.actions_by_name: dict[str, QAction] = {}
        for title, names in MENUS:
            menu = self.menuBar().addMenu(title)
            for name in names:
                if name is None:
                    menu.addSeparator()
                    continue
                command = WINDOW[name]
                action = QAction(command.label, self)
                action.setShortcuts(key_sequences(command.keys))
                # Window-wide: the key works whether the focus is in a list, a search box or
                # the details of another tab (a text field still keeps its own Delete).
                action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
                action.setStatusTip(command.what)
                action.triggered.connect(lambda _=False, handler=handlers[name]: handler())
                menu.addAction(action)
                self.actions_by_name[name] = action
        # Part of the issue-24 printing work fills print_current(); the key is already here.
        self.print_action = self.actions_by_name["print"]

    def _command_handlers(self) -> dict[str, Callable[[], object]]:
        tabs = self.tabs
        calendar = self.calendar_tab
        return {
            "save": self.save_now,
            "print": self.print_current,
            "export": self.export_current,
            "office_sheet": lambda: export_office_sheet(self, self.workspace),
            "export_package": self.export_package,
            "import_package": self.import_package,
            "import_document": self.import_plan_document,
            "backups": self.open_backups,
            "check_data": self.check_data,
            "history": self.open_history,
            "office": self.edit_office,
            "samples": self.load_samples,
            "quit": self.close,
            "new": self.new_item,
            "delete": self.delete_selected,
            "find": self._focus_search,
            "tab_1": lambda: tabs.setCurrentIndex(0),
            "tab_2": lambda: tabs.setCurrentIndex(1),
            "tab_3": lambda: tabs.setCurrentIndex(2),
            "tab_4": lambda: tabs.setCurrentIndex(3),
            "tab_5": lambda: tabs.setCurrentIndex(4),
            "next_tab": lambda: self.step_tab(+1),
            "previous_tab": lambda: self.step_tab(-1),
            "refresh": self.reload,
            "export_ics": calendar.export_ics,
            "month_sheet": calendar.export_month_sheet,
            "weekly_schedule": calendar.export_weekly_schedule,
            "party_weekly_schedule": lambda: calendar.export_weekly_schedule(system=System.PARTY),
            "print_month": calendar.print_month_sheet,
            "print_week": calendar.print_weekly_schedule,
            "days_off": calendar.edit_days_off,
            "help": self.show_help,
            "shortcuts": self.show_shortcuts,
            "about": self._about,
        }

    # ---- window-wide commands: each acts on the tab in front ---------------------------------

    def _say(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def step_tab(self, delta: int) -> None:
        """The next (or previous) tab, going round."""
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + delta) % self.tabs.count())

    def new_item(self) -> None:
        """Ctrl+N: a new plan, unit or hamlet, by the tab in front."""
        tab = self.tabs.currentWidget()
        if tab is self.plans_tab:
            self.plans_tab.ask_new_plan(System.STATE)
        elif tab is self.units_tab:
            self.units_tab.add_unit()
        elif tab is self.hamlets_tab:
            if self.hamlets_tab.assignments_view.hasFocus():
                self.hamlets_tab.add_row()
            else:
                self.hamlets_tab.add_hamlet()
        else:
            self._say(
                "Tab Lịch không có gì để thêm: sự kiện và thời hạn được thêm trong kế hoạch "
                "(tab Kế hoạch, Ctrl+N)."
            )

    def delete_selected(self) -> None:
        """Delete: the selected plan, unit, hamlet or assignment row (each asks first)."""
        tab = self.tabs.currentWidget()
        if tab is self.plans_tab:
            self.plans_tab.delete_plan()
        elif tab is self.units_tab:
            self.units_tab.delete_unit()
        elif tab is self.hamlets_tab:
            if self.hamlets_tab.assignments_view.hasFocus():
                self.hamlets_tab.delete_row()
            else:
                self.hamlets_tab.delete_hamlet()
        else:
            self._say("Tab Lịch không có gì để xóa: hãy sửa kế hoạch ở tab Kế hoạch.")

    def export_current(self) -> None:
        """Ctrl+E: the selected plan to Word, or the month shown to Excel."""
        tab = self.tabs.currentWidget()
        if tab is self.plans_tab:
            self.plans_tab.export_plan_docx()
        elif tab is self.calendar_tab:
            self.calendar_tab.export_month_sheet()
        else:
            self._say(
                "Tab này không có gì để xuất: kế hoạch xuất ra Word ở tab Kế hoạch, lịch ra "
                "Excel ở tab Lịch, dữ liệu cho máy khác ở Tệp > Xuất gói dữ liệu."
            )

    def save_now(self) -> Path | None:
        """Ctrl+S: everything is written as it changes; make a backup if anything is new."""
        try:
            path = self.workspace.exchange.auto_backup(check_later=True)
        except UserError as exc:
            self._say(f"Dữ liệu đã được lưu, nhưng không sao lưu thêm được: {exc.message}")
            return None
        if path is None:
            self._say("Dữ liệu đã được lưu (chương trình ghi ngay sau mỗi thay đổi).")
        else:
            self._say(f"Dữ liệu đã được lưu, và sao lưu thêm một bản vào {path.parent}.")
            self.backup_checks.soon()
        return path

    def show_shortcuts(self) -> ShortcutsDialog:
        dialog = ShortcutsDialog(self)
        dialog.open()
        return dialog

    def reload(self) -> None:
        self.welcome.setVisible(self.workspace.plans.count() == 0)
        self._refresh_office_banner()
        self.overview_tab.mark_stale()
        self.plans_tab.reload()
        self.units_tab.reload()
        self.hamlets_tab.reload(self.plans_tab.selected_plan_id(), self.plans_tab.all_plans())
        self.calendar_tab.reload()
        self._refresh_agenda_banner()
        self._show_status()

    def _show_status(self) -> None:
        agenda = self.calendar_tab
        self.statusBar().showMessage(
            f"Tệp dữ liệu: {self.workspace.path}    |    "
            f"{self.workspace.plans.count()} kế hoạch    |    "
            f"{agenda.agenda.tabText(0)}, {agenda.agenda.tabText(1).lower()}"
        )

    def _on_data_changed(self) -> None:
        """A tab saved something: the others read the data again (the sender already has)."""
        sender = self.sender()
        self.welcome.setVisible(self.workspace.plans.count() == 0)
        if sender is not self.plans_tab:
            self.plans_tab.reload()
        if sender is not self.units_tab:
            self.units_tab.reload()
        if sender is not self.hamlets_tab:
            self.hamlets_tab.reload(self.plans_tab.selected_plan_id(), self.plans_tab.all_plans())
        self.calendar_tab.reload()
        self.overview_tab.mark_stale()
        self._refresh_agenda_banner()
        self._show_status()

    def show_tab(self, name: str) -> None:
        self.tabs.setCurrentIndex(TAB_NAMES.index(name))

    def load_samples(self) -> None:
        try:
            with work_progress(
                self, APP_NAME, "Đang nạp dữ liệu mẫu…", "Đang nạp", cancellable=False
            ) as step:
                ids = self.workspace.plan_import.load_samples(step)
        except UserError as exc:
            show_error(self, exc.message)
            return
        self.reload()
        self.statusBar().showMessage(f"Đã nạp {len(ids)} kế hoạch mẫu.", 8000)

    def edit_office(self) -> OfficeDialog:
        """The office's province, commune, issuing bodies, committee term and printing."""
        dialog = OfficeDialog(self.workspace, self)
        dialog.accepted.connect(
            lambda: self.statusBar().showMessage("Đã lưu thông tin cơ quan.", 8000)
        )
        dialog.finished.connect(lambda _result: self._refresh_office_banner())
        dialog.open()
        return dialog

    def _focus_search(self) -> None:
        tab = self.tabs.currentWidget()
        search = getattr(tab, "search", None)
        if search is not None:
            search.setFocus()
            search.selectAll()

    def _on_plans_tab_plan_selected(self, plan_id: str) -> None:
        # The Xóm tab follows the selected plan when it is shown, not at every keystroke of
        # a search that moves the selection: reading and laying out its assignment table
        # then would cost more than a keystroke may.
        self._plan_for_hamlets_tab = plan_id
        if self.tabs.currentWidget() is self.hamlets_tab:
            self._sync_hamlets_tab()

    def _on_tabs_current_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.hamlets_tab:
            self._sync_hamlets_tab()

    def _sync_hamlets_tab(self) -> None:
        if self._plan_for_hamlets_tab is not None:
            self.hamlets_tab.show_plan(self._plan_for_hamlets_tab)
            self._plan_for_hamlets_tab = None

    def _about(self) -> None:
        show_info(self, about_html(self.workspace.path, self.about_backup_folder()), "Giới thiệu")

    def about_backup_folder(self) -> Path:
        return self.workspace.exchange.backup_dir

    def show_help(self) -> HelpWindow:
        """The user guide beside the window (F1)."""
        if self.help_window is None:
            self.help_window = HelpWindow(self)
        if self.help_window.isVisible():  # behind the main window: bring it forward
            self.help_window.raise_()
            self.help_window.activateWindow()
        else:
            self.help_window.show()
        return self.help_window

    def _show_title(self, plan_id: str = "") -> None:
        summary = next((p for p in self.plans_tab.all_plans() if p.id == plan_id), None)
        self.setWindowTitle(
            window_title(
                self.workspace.path,
                summary.name if summary else "",
                read_only=self.workspace.read_only,
            )
        )

    def print_current(self) -> Path | None:
        """Print what the tab in front shows: the plan, the week's schedule, the overview."""
        tab = self.tabs.currentWidget()
        if tab is self.calendar_tab:
            return self.calendar_tab.print_weekly_schedule()
        if tab is self.overview_tab:
            return self.overview_tab.print_overview()
        if tab is self.plans_tab:
            return self.plans_tab.print_plan()
        self.statusBar().showMessage(
            "Thẻ này không có gì để in. In kế hoạch ở thẻ Kế hoạch, lịch công tác tuần ở thẻ "
            "Lịch, tổng quan ở thẻ Tổng quan; báo cáo và bảng tiến độ in từ cửa sổ của chúng.",
            15000,
        )
        return None

    # ---- exchange: packages, backups, the data check, the history -----------------------------

    def export_package(self) -> ExportPackageDialog:
        dialog = ExportPackageDialog(self.workspace, self, today=self.today)
        dialog.exported.connect(
            lambda result: self.statusBar().showMessage(f"Đã xuất gói {result.path}", 10000)
        )
        dialog.open()
        return dialog

    def import_package(self, path: Path | None = None) -> MergePreviewDialog | None:
        """Ask for a package (unless ``path``), check it and show what it would change."""
        dialog = open_package(self, self.workspace, path, can_replace=self.prepare_for_new_data)
        if dialog is not None:
            dialog.merged.connect(lambda _result: self.on_data_replaced())
        return dialog

    def import_plan_document(self, path: Path | None = None) -> PlanImportDialog | None:
        """Ask for a Word, PDF or text plan (unless ``path``), read it, show what was understood."""
        dialog = open_plan_document(
            self, self.workspace, path, open_editor=self.plans_tab.open_editor
        )
        if dialog is not None:
            dialog.saved.connect(self._on_plan_imported)
        return dialog

    def _on_plan_imported(self, plan: Plan) -> None:
        """A plan read from a document was saved as a draft, maybe with new units and hamlets."""
        self.reload()
        self.open_plan(plan.id)
        self.statusBar().showMessage(f"Đã lưu dự thảo \u201c{plan.title}\u201d từ văn bản.", 10000)

    def open_backups(self) -> BackupsDialog:
        dialog = BackupsDialog(self.workspace, self, can_replace=self.prepare_for_new_data)
        dialog.data_replaced.connect(self.on_data_replaced)
        dialog.open()
        return dialog

    def check_data(self) -> CheckDataDialog:
        dialog = CheckDataDialog(self.workspace, self, can_replace=self.prepare_for_new_data)
        dialog.data_replaced.connect(self.on_data_replaced)
        dialog.open()
        return dialog

    def open_history(self) -> HistoryDialog:
        dialog = HistoryDialog(self.workspace, self, can_replace=self.prepare_for_new_data)
        dialog.data_replaced.connect(self.on_data_replaced)
        dialog.open()
        return dialog

    def prepare_for_new_data(self, parent: QWidget | None = None) -> bool:
        """Close the plan editor before the data changes under it (asks; False: it stays)."""
        editor = self.plans_tab.editor
        if editor is None or not editor.isVisible():
            return True
        if not ask_yes_no(
            parent or self,
            "Cửa sổ soạn kế hoạch đang mở. Cần đóng nó trước khi dữ liệu được thay đổi "
            "(nhập gói, khôi phục, sửa dữ liệu). Đóng cửa sổ soạn?",
            yes="Đóng cửa sổ soạn",
        ):
            return False
        editor.reject()  # asks about unsaved changes; the clerk may keep it open
        return not editor.isVisible()

    def on_data_replaced(self) -> None:
        """Everything may have changed: every tab and open progress window reads it again."""
        windows = self.plans_tab.progress_windows
        for plan_id, window in list(windows.items()):
            try:
                window.reload()
            except NotFoundError:  # the plan is not in the data any more
                del windows[plan_id]
                window.close()
                window.deleteLater()
        self.reload()
        self.data_replaced.emit()
        self.backup_checks.soon()  # the backup a merge, a restore or a repair took

    def _on_backup_timer_timeout(self) -> None:
        # A progress bar runs the timers inside the work's transaction; the backup then waits.
        # A merge's backup still being copied: a backup now would wait for it.
        exchange = self.workspace.exchange if self.workspace.is_open else None
        busy = exchange is not None and (exchange.busy or exchange.backup_finishing)
        if busy or QApplication.activeModalWidget() is not None:
            self.backup_retry.start()
            return
        self.auto_backup()

    def auto_backup(self) -> Path | None:
        """A backup when the data changed since the last one; a failure goes to the status bar.

        Written and quickly checked here; its full check runs in the background soon after
        (on close: at the next start).
        """
        if not self.workspace.is_open:
            return None
        try:
            path = self.workspace.exchange.auto_backup(check_later=True)
        except UserError as exc:
            self.statusBar().showMessage(f"Không tự sao lưu được: {exc.message}")
            return None
        if path is not None:
            self.statusBar().showMessage(
                f"Đã tự sao lưu lúc {dt.datetime.now():%H:%M} vào {path.parent}", 10000
            )
            self.backup_checks.soon()
        return path

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        editor = self.plans_tab.editor
        if editor is not None and editor.isVisible():
            editor.reject()  # asks about unsaved changes; the clerk may stay
            if editor.isVisible():
                event.ignore()
                return
        self.backup_timer.stop()
        self.backup_retry.stop()
        if self.remembers_geometry:
            remember_main_window_geometry(self.saveGeometry())
        if self.workspace.is_open:
            # The clerk expects the window to close now: a full check under way stops (what
            # it left, and the last backup's, run at the next start, before they count).
            self.backup_checks.stop()
            # Never a message box on the way out: a failed backup must not keep the window.
            self.auto_backup()
            self.workspace.close(finish_backups=False)
        event.accept()
