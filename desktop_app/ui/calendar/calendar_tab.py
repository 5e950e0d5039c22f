"""Lịch: the month view, the chosen day's items, and the agenda.

The month shows solar and lunar dates, days off, events and deadlines (coloured by state
or by plan), filtered by plan, unit or hamlet; the agenda has Quá hạn / Tuần này /
30 ngày tới. From here the clerk marks a deadline done, moves a campaign day, and exports
the .ics, the month sheet and the weekly work schedule.
"""

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from desktop_app.domain.calendar import (
    ITEM_STATE_LABELS,
    MONTH_NAMES,
    WEEKDAY_NAMES,
    CalendarFilter,
    CalendarItem,
    ItemKind,
    ItemState,
    month_grid,
)
from desktop_app.domain.errors import UserError
from desktop_app.domain.lunar import lunar_or_none
from desktop_app.domain.plans import System
from desktop_app.ui.calendar.calendar_dialogs import DaysOffDialog, MoveEventDialog
from desktop_app.ui.calendar.calendar_filters import CalendarFilters
from desktop_app.ui.calendar.calendar_items_table_model import CalendarItemsTableModel
from desktop_app.ui.calendar.month_cell_delegate import MonthCellDelegate
from desktop_app.ui.calendar.month_picker import MonthPicker
from desktop_app.ui.calendar.month_reader import MonthReader
from desktop_app.ui.calendar.month_table_model import (
    EVENT_COLOUR,
    STATE_COLOURS,
    MonthTableModel,
)
from desktop_app.ui.common.dialogs import show_error, warn_flagged
from desktop_app.ui.common.formatting import date_text
from desktop_app.ui.common.printing import print_file
from desktop_app.ui.common.tables import make_table, source_row
from desktop_app.ui.office.office_dialog import office_first
from desktop_app.ui.shortcuts import bind_local, with_keys
from desktop_app.workspace import Workspace
from desktop_app.workspace.calendar import Agenda

_Writer = Callable[[Path], Path]
NEIGHBOURS_DELAY_MS = 100


class CalendarTab(QWidget):
    open_plan = Signal(str)  # the plan of an item the clerk opened
    data_changed = Signal()  # a deadline marked done or an event moved
    exported = Signal(str)  # the path of a file just written

    def __init__(
        self, workspace: Workspace, parent: QWidget | None = None, today: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self._ws = workspace
        self.today = today or dt.date.today()
        self.year, self.month = self.today.year, self.today.month
        self.selected_day = self.today
        self._month_stale = True  # the month view waits to be shown (see showEvent)
        self._reader = MonthReader(workspace, self.today)
        # Once a month is on screen, the months either side are read while the clerk looks
        # at it: "next month" then only has to draw.
        self._neighbours_timer = QTimer(self)
        self._neighbours_timer.setSingleShot(True)
        self._neighbours_timer.setInterval(NEIGHBOURS_DELAY_MS)
        self._neighbours_timer.timeout.connect(self._read_neighbour_months)
        self.where = CalendarFilter()
        self.last_agenda: Agenda | None = None

        self._build_navigation()
        self.filters = CalendarFilters(workspace)
        self._build_month_view()
        self._build_day_list()
        self._build_agenda()
        self._lay_out()
        self._connect()
        self._update_actions()

    def _build_navigation(self) -> None:
        self.prev_button = QPushButton("◀ Tháng trước")
        self.today_button = QPushButton("Hôm nay")
        self.next_button = QPushButton("Tháng sau ▶")
        # The title opens the month picker: a flat button that reads as the heading.
        self.month_label = QPushButton()
        self.month_label.setFlat(True)
        self.month_label.setCursor(Qt.CursorShape.PointingHandCursor)
        self.month_label.setToolTip("Bấm để chọn tháng, năm (Ctrl+G)")
        self.month_label.setStyleSheet(
            "QPushButton { font-size: 15pt; font-weight: bold; text-align: left; padding: 2px; }"
        )
        self.month_picker: MonthPicker | None = None
        # A label that keeps its width does not make the whole tab lay out and repaint again
        # at every month switch ("Tháng 9" and "Tháng 12" differ in width).
        self.month_label.setMinimumWidth(self.month_label.fontMetrics().horizontalAdvance("M") * 16)
        for button, tip in (
            (self.prev_button, with_keys("Tháng trước", "calendar.previous")),
            (self.next_button, with_keys("Tháng sau", "calendar.next")),
            (self.today_button, with_keys("Về tháng này, chọn hôm nay", "calendar.today")),
        ):
            button.setToolTip(tip)
        self.colour_by = QComboBox()
        self.colour_by.addItems(["Màu theo trạng thái", "Màu theo kế hoạch"])
        # Short labels: the row must fit beside the due lists on a 1280-pixel screen.
        self.export_ics_button = QPushButton("Lịch điện thoại…")
        self.export_month_button = QPushButton("Lịch tháng (Excel)…")
        self.export_week_button = QPushButton("Lịch tuần (Word)…")
        self.days_off_button = QPushButton("Ngày nghỉ…")
        for button, tip in (
            (
                self.export_ics_button,
                with_keys("Xuất lịch (.ics) để nạp vào điện thoại", "export_ics"),
            ),
            (self.export_month_button, with_keys("Lịch tháng đang xem, ra Excel", "export")),
            (self.export_week_button, with_keys("Lịch công tác tuần, ra Word", "weekly_schedule")),
            (self.days_off_button, "Ngày nghỉ, ngày làm bù của cơ quan"),
        ):
            button.setToolTip(tip)

    def _build_month_view(self) -> None:
        self.month_model = MonthTableModel(self)
        self.month_view = QTableView()
        self.month_view.setModel(self.month_model)
        self.month_view.setItemDelegate(MonthCellDelegate(self.month_view))
        self.month_view.setWordWrap(True)
        self.month_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.month_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.month_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.month_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.month_view.verticalHeader().setVisible(False)

        shades = [(STATE_COLOURS[s], ITEM_STATE_LABELS[s].lower()) for s in ItemState]
        shades.append((EVENT_COLOUR, "sự kiện sắp tới"))
        self.legend = QLabel(
            "● sự kiện  ◆ thời hạn  —  "
            + ", ".join(f"<span style='color:{c}'>{text}</span>" for c, text in shades)
            + "; số nhỏ bên phải là ngày âm lịch"
        )

    def _build_day_list(self) -> None:
        self.day_label = QLabel()
        self.day_label.setWordWrap(True)
        self.day_model = CalendarItemsTableModel(self)
        self.day_view = make_table(self.day_model, self, stretch_column=1)
        self.day_view.setColumnHidden(0, True)  # the day is in the label above
        _two_line_rows(self.day_view)
        self.open_button = QPushButton("Mở kế hoạch")
        self.done_button = QPushButton("Đánh dấu đã xong")
        self.move_button = QPushButton("Dời ngày…")
        for button, tip in (
            (self.open_button, with_keys("Mở kế hoạch (hoặc nháy đúp)", "calendar.open")),
            (self.done_button, with_keys("Đánh dấu đã xong / chưa xong", "calendar.done")),
            (self.move_button, with_keys("Dời sự kiện sang ngày khác", "calendar.move")),
        ):
            button.setToolTip(tip)

    def _build_agenda(self) -> None:
        self.overdue_model = CalendarItemsTableModel(self)
        self.week_model = CalendarItemsTableModel(self)
        self.month_ahead_model = CalendarItemsTableModel(self)
        self.agenda = QTabWidget()
        self.agenda_views: list[QTableView] = []
        for model in (self.overdue_model, self.week_model, self.month_ahead_model):
            view = make_table(model, self, stretch_column=1)
            _two_line_rows(view)
            self.agenda_views.append(view)
            self.agenda.addTab(view, "")

    def _lay_out(self) -> None:
        nav = QHBoxLayout()
        nav.addWidget(self.prev_button)
        nav.addWidget(self.today_button)
        nav.addWidget(self.next_button)
        nav.addSpacing(16)
        nav.addWidget(self.month_label, 1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        nav.addWidget(self.colour_by)
        exports = QHBoxLayout()
        for button in (
            self.export_ics_button,
            self.export_month_button,
            self.export_week_button,
            self.days_off_button,
        ):
            exports.addWidget(button)
        exports.addStretch(1)
        left_layout.addLayout(nav)
        left_layout.addWidget(self.filters)
        left_layout.addWidget(self.month_view, 1)
        left_layout.addWidget(self.legend)
        left_layout.addLayout(exports)

        day_box = QGroupBox("Trong ngày")
        day_layout = QVBoxLayout(day_box)
        day_layout.addWidget(self.day_label)
        day_layout.addWidget(self.day_view)
        actions = QHBoxLayout()
        actions.addWidget(self.open_button)
        actions.addWidget(self.done_button)
        actions.addWidget(self.move_button)
        actions.addStretch(1)
        day_layout.addLayout(actions)
        agenda_box = QGroupBox("Việc cần theo dõi")
        agenda_layout = QVBoxLayout(agenda_box)
        agenda_layout.addWidget(self.agenda)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(day_box)
        right.addWidget(agenda_box)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        # The lists on the right need room for what is due, not only its date: 55/45.
        splitter.setStretchFactor(0, 11)
        splitter.setStretchFactor(1, 9)
        splitter.setSizes([550, 450])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def _connect(self) -> None:
        self.prev_button.clicked.connect(self.previous_month)
        self.next_button.clicked.connect(self.next_month)
        self.today_button.clicked.connect(self.go_today)
        # While the calendar is in front, wherever the focus is in the window.
        window = Qt.ShortcutContext.WindowShortcut
        bind_local("calendar.previous", self, self.previous_month, window)
        bind_local("calendar.next", self, self.next_month, window)
        bind_local("calendar.today", self, self.go_today, window)
        bind_local("calendar.done", self, self.toggle_done, window)
        bind_local("calendar.move", self, self.move_selected_event, window)
        bind_local("calendar.pick_month", self, self.pick_month, window)
        self.month_label.clicked.connect(self.pick_month)
        self.month_view.selectionModel().selectionChanged.connect(self._on_day_selection_changed)
        self.month_view.doubleClicked.connect(lambda _i: self._focus_day_list())
        self.day_view.doubleClicked.connect(lambda _i: self.open_selected())
        self.day_view.activated.connect(lambda _i: self.open_selected())
        self.day_view.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        for view in self.agenda_views:
            view.doubleClicked.connect(lambda _i, v=view: self._open_from(v))
            view.activated.connect(lambda _i, v=view: self._open_from(v))
        self.open_button.clicked.connect(self.open_selected)
        self.done_button.clicked.connect(self.toggle_done)
        self.move_button.clicked.connect(self.move_selected_event)
        self.colour_by.currentIndexChanged.connect(
            lambda i: self.month_model.set_colour_by_plan(i == 1)
        )
        self.filters.changed.connect(self._on_filter_changed)
        self.export_ics_button.clicked.connect(self.export_ics)
        self.export_month_button.clicked.connect(self.export_month_sheet)
        self.export_week_button.clicked.connect(self.export_weekly_schedule)
        self.days_off_button.clicked.connect(self.edit_days_off)

    def reload(self) -> None:
        """Read the agenda again, and the month now if it is on screen, else once shown."""
        # The filter lists (two thousand plans in a big office) are filled when first shown.
        self.filters.stale = True
        if self.isVisible():
            self._fill_filters()
        self._month_stale = True
        self._reader.forget()
        self.month_label.setText(self._month_title())
        if self.isVisible():
            self.show_month(self.year, self.month)
        agenda = self.last_agenda = self._ws.calendar.agenda(self.today)
        self.overdue_model.set_rows(agenda.overdue)
        self.week_model.set_rows(agenda.this_week)
        self.month_ahead_model.set_rows(agenda.next_30_days)
        self.agenda.setTabText(0, f"Quá hạn ({len(agenda.overdue)})")
        self.agenda.setTabText(1, f"Tuần này ({len(agenda.this_week)})")
        self.agenda.setTabText(2, f"30 ngày tới ({len(agenda.next_30_days)})")

    def _fill_filters(self) -> None:
        self.filters.fill()
        self.where = self.filters.chosen()

    def set_filter(self, where: CalendarFilter) -> None:
        """Show only one plan's, unit's or hamlet's items (None in a field: all)."""
        self.filters.choose(where)
        self._on_filter_changed()

    def _on_filter_changed(self) -> None:
        self.where = self.filters.chosen()
        self._reader.forget(days_off=False)
        self.show_month(self.year, self.month)

    @override
    def showEvent(self, event: QShowEvent) -> None:
        # At start-up the calendar is a hidden tab: its month (and the public holidays, whose
        # package takes a good fraction of a second to load) is read when first shown.
        if self.filters.stale:
            self._fill_filters()
        if self._month_stale:
            self.show_month(self.year, self.month)
        super().showEvent(event)

    def _month_title(self) -> str:
        return f"{MONTH_NAMES[self.month - 1]} năm {self.year}"

    def show_month(self, year: int, month: int) -> None:
        self._month_stale = False
        self.year, self.month = year, month
        days_off, workdays = self._reader.days_off(year, month)
        self.month_model.set_month(
            year,
            month,
            self._reader.items(year, month, self.where),
            self.today,
            days_off=days_off,
            workdays=workdays,
        )
        self.month_label.setText(self._month_title())
        self._neighbours_timer.start()
        day = (
            self.selected_day
            if (self.selected_day.year, self.selected_day.month) == (year, month)
            else dt.date(year, month, 1)
        )
        self.select_day(day)

    def _read_neighbour_months(self) -> None:
        if not self._ws.is_open:
            return
        for year, month in (self._step(-1), self._step(1)):
            self._reader.items(year, month, self.where)
            self._reader.days_off(year, month)
            # Warm the lunar calendar too: a new lunar year costs ~10 ms to compute.
            for week in month_grid(year, month)[::5]:
                lunar_or_none(week[0])

    def _step(self, months: int) -> tuple[int, int]:
        index = self.year * 12 + self.month - 1 + months
        return index // 12, index % 12 + 1

    def select_day(self, day: dt.date) -> None:
        self.selected_day = day
        index = self.month_model.index_of(day)
        if index.isValid() and index != self.month_view.currentIndex():
            self.month_view.setCurrentIndex(index)  # the selection change shows the day
        else:
            self._show_day(day)

    def _show_day(self, day: dt.date) -> None:
        off = self.month_model.day_off(day)
        lunar = self.month_model.lunar(day)
        text = f"<b>{WEEKDAY_NAMES[day.weekday()]}, {date_text(day)}</b>"
        if lunar:
            text += f" — âm lịch {lunar.long()}"
        if off:
            text += f" — <span style='color:#b00020'>{off}</span>"
        self.day_label.setText(text)
        self.day_model.set_rows(self.month_model.items_on(day))
        self._update_actions()

    # ---- acting on an item -----------------------------------------------------------------

    def selected_item(self) -> CalendarItem | None:
        row = source_row(self.day_view)
        return None if row is None else self.day_model.row_object(row)

    def _update_actions(self) -> None:
        item = self.selected_item()
        deadline = item is not None and item.kind is ItemKind.DEADLINE
        self.open_button.setEnabled(item is not None)
        self.done_button.setEnabled(deadline)
        self.move_button.setEnabled(item is not None and item.kind is ItemKind.EVENT)
        done = item is not None and item.state is ItemState.DONE
        self.done_button.setText("Đánh dấu chưa xong" if deadline and done else "Đánh dấu đã xong")

    def _focus_day_list(self) -> None:
        if self.day_model.rowCount() > 0:
            self.day_view.setFocus()
            self.day_view.selectRow(0)

    def open_selected(self) -> None:
        item = self.selected_item()
        if item is not None:
            self.open_plan.emit(item.plan_id)

    def _open_from(self, view: QTableView) -> None:
        row = source_row(view)
        model = view.model()
        source = model.sourceModel() if hasattr(model, "sourceModel") else model
        if row is not None and isinstance(source, CalendarItemsTableModel):
            self.open_plan.emit(source.row_object(row).plan_id)

    def toggle_done(self) -> None:
        """Mark the chosen deadline (or this one occurrence of a recurring one) done, or undo."""
        item = self.selected_item()
        if item is None or item.kind is not ItemKind.DEADLINE:
            return
        try:
            self._ws.calendar.set_done(item, done=item.state is not ItemState.DONE)
        except UserError as exc:
            show_error(self, exc.message)
            return
        self._after_change(item.day)

    def move_selected_event(self, *, day: dt.date | None = None, reason: str = "") -> None:
        """Move the chosen event to another day; asks for the day when none is given."""
        item = self.selected_item()
        if item is None or item.kind is not ItemKind.EVENT:
            return
        if day is None:
            dialog = MoveEventDialog(item.label, item.day, self)
            if dialog.exec() != MoveEventDialog.DialogCode.Accepted:
                return
            day, reason = dialog.chosen()
        try:
            self._ws.calendar.move_event(item.plan_id, item.object_id, day, reason)
        except UserError as exc:
            show_error(self, exc.message)
            return
        self.selected_day = day
        self._after_change(day)

    def _after_change(self, day: dt.date) -> None:
        self.selected_day = day
        self.reload()
        if not self.isVisible():
            self.show_month(day.year, day.month)
        self.data_changed.emit()

    def edit_days_off(self) -> None:
        dialog = DaysOffDialog(self._ws, self.year, self)
        dialog.exec()
        if dialog.changed:
            self.reload()

    # ---- exports ---------------------------------------------------------------------------

    def _ask_path(self, title: str, name: str, pattern: str) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(self, title, str(Path.home() / name), pattern)
        return Path(chosen) if chosen else None

    def _export(
        self, write: "_Writer", path: Path | None, title: str, name: str, pattern: str
    ) -> Path | None:
        path = path or self._ask_path(title, name, pattern)
        if path is None:
            return None
        try:
            written = write(path)
        except UserError as exc:
            show_error(self, exc.message)
            return None
        warn_flagged(self, self._ws.documents.last_flags)
        self.exported.emit(str(written))
        return written

    def export_ics(self, *, path: Path | None = None) -> Path | None:
        """The shown month and the next two as an .ics file for phones."""
        start = dt.date(self.year, self.month, 1)
        end_year, end_month = self._step(3)
        end = dt.date(end_year, end_month, 1) - dt.timedelta(days=1)
        return self._export(
            lambda p: self._ws.documents.export_ics(start, end, p, self.today, self.where),
            path,
            "Xuất lịch cho điện thoại",
            f"lich-{self.month:02d}-{self.year}.ics",
            "Lịch (*.ics)",
        )

    def export_month_sheet(self, *, path: Path | None = None) -> Path | None:
        return self._export(
            lambda p: self._ws.documents.export_month_sheet(
                self.year, self.month, p, self.today, self.where
            ),
            path,
            "Xuất lịch tháng",
            f"lich-thang-{self.month:02d}-{self.year}.xlsx",
            "Bảng tính Excel (*.xlsx)",
        )

    def export_weekly_schedule(
        self, *, path: Path | None = None, system: System = System.STATE, office_asked: bool = False
    ) -> Path | None:
        """The selected week's schedule, issued by the Ủy ban or (PARTY) by the Đảng ủy.

        It carries the office's header and a number of its register: on the first run the
        office is set up first, then the export goes on by itself (this returns None).
        """
        if path is None and not office_asked and not self._ws.plans.office_set_up():
            office_first(
                self,
                self._ws,
                lambda: self.export_weekly_schedule(system=system, office_asked=True),
            )
            return None
        day = self.selected_day
        week = day.isocalendar().week
        party = system is System.PARTY
        return self._export(
            lambda p: self._ws.documents.export_weekly_schedule(
                day, p, self.today, self.where, system
            ),
            path,
            "Lịch công tác tuần của Đảng ủy" if party else "Lịch công tác tuần",
            f"lich-cong-tac-tuan-{'dang-uy-' if party else ''}{week:02d}-{day.year}.docx",
            "Văn bản Word (*.docx)",
        )

    def pick_month(self) -> MonthPicker:
        """The month picker over the calendar; the month chosen is shown."""
        picker = MonthPicker(self.year, self.month, self.today, self)

        def chosen() -> None:
            if picker.went_today:
                self.go_today()
            elif picker.chosen is not None:
                self.show_month(*picker.chosen)

        picker.accepted.connect(chosen)
        self.month_picker = picker
        picker.open()
        return picker

    def print_weekly_schedule(self) -> Path | None:
        """The chosen day's week (Lịch công tác tuần), written and handed to the printer."""
        day = self.selected_day
        week = day.isocalendar().week
        path = self._ws.documents.print_path(f"lich-cong-tac-tuan-{week:02d}-{day.year}.docx")
        return print_file(
            self,
            lambda p: self._ws.documents.export_weekly_schedule(day, p, self.today, self.where),
            path,
            lambda: self._ws.documents.last_flags,
        )

    def print_month_sheet(self) -> Path | None:
        """The shown month (Excel, A4), written and handed to the printer."""
        year, month = self.year, self.month
        path = self._ws.documents.print_path(f"lich-thang-{month:02d}-{year}.xlsx")
        return print_file(
            self,
            lambda p: self._ws.documents.export_month_sheet(year, month, p, self.today, self.where),
            path,
            lambda: self._ws.documents.last_flags,
        )

    def previous_month(self) -> None:
        self.show_month(*self._step(-1))

    def next_month(self) -> None:
        self.show_month(*self._step(1))

    def go_today(self) -> None:
        self.selected_day = self.today
        self.show_month(self.today.year, self.today.month)

    def _on_day_selection_changed(self, selected: QItemSelection, _old: QItemSelection) -> None:
        indexes: list[QModelIndex] = selected.indexes()
        if indexes:
            day = self.month_model.day_at(indexes[0])
            self.selected_day = day
            self._show_day(day)


def _two_line_rows(view: QTableView) -> None:
    """Rows two lines high, so a long task wraps once before it is cut (its tooltip has all).

    A fixed height, not one per row: the overdue list of a large office runs to thousands.
    """
    view.setWordWrap(True)
    view.verticalHeader().setDefaultSectionSize(2 * view.fontMetrics().lineSpacing() + 16)
