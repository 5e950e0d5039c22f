"""Lịch: the month view, the chosen day's items, and the agenda.

The month shows events, deadlines and holidays; the agenda has Quá hạn / Tuần này /
30 ngày tới.
"""

import datetime as dt

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
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

from desktop_app.domain.calendar import MONTH_NAMES, CalendarItem, first_of_each_day
from desktop_app.domain.holidays import public_holidays
from desktop_app.ui.models.calendar_items_table_model import CalendarItemsTableModel
from desktop_app.ui.models.formatting import date_text
from desktop_app.ui.models.month_table_model import MAX_LINES, MonthTableModel
from desktop_app.ui.widgets.tables import make_table
from desktop_app.workspace import Workspace

MONTHS_KEPT = 5  # months of items kept: the one shown, its neighbours, the last few seen
NEIGHBOURS_DELAY_MS = 100


class CalendarTab(QWidget):
    def __init__(
        self, workspace: Workspace, parent: QWidget | None = None, today: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self._ws = workspace
        self.today = today or dt.date.today()
        self.year, self.month = self.today.year, self.today.month
        self.selected_day = self.today
        self._month_stale = True  # the month view waits to be shown (see showEvent)
        self._months: dict[tuple[int, int], list[CalendarItem]] = {}
        # Once a month is on screen, the months either side are read while the clerk looks
        # at it: "next month" then only has to draw.
        self._neighbours_timer = QTimer(self)
        self._neighbours_timer.setSingleShot(True)
        self._neighbours_timer.setInterval(NEIGHBOURS_DELAY_MS)
        self._neighbours_timer.timeout.connect(self._read_neighbour_months)

        self.prev_button = QPushButton("◀ Tháng trước")
        self.today_button = QPushButton("Hôm nay")
        self.next_button = QPushButton("Tháng sau ▶")
        self.month_label = QLabel()
        self.month_label.setStyleSheet("font-size: 15pt; font-weight: bold;")
        for button, tip in (
            (self.prev_button, "PgUp"),
            (self.next_button, "PgDown"),
            (self.today_button, "Home"),
        ):
            button.setToolTip(f"Phím tắt: {tip}")

        self.month_model = MonthTableModel(self)
        self.month_view = QTableView()
        self.month_view.setModel(self.month_model)
        self.month_view.setWordWrap(True)
        self.month_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.month_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.month_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.month_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.month_view.verticalHeader().setVisible(False)

        self.day_label = QLabel()
        self.day_model = CalendarItemsTableModel(self)
        self.day_view = make_table(self.day_model, self, stretch_column=2)
        self.overdue_model = CalendarItemsTableModel(self)
        self.week_model = CalendarItemsTableModel(self)
        self.month_ahead_model = CalendarItemsTableModel(self)
        self.agenda = QTabWidget()
        for model in (self.overdue_model, self.week_model, self.month_ahead_model):
            self.agenda.addTab(make_table(model, self, stretch_column=2), "")

        nav = QHBoxLayout()
        nav.addWidget(self.prev_button)
        nav.addWidget(self.today_button)
        nav.addWidget(self.next_button)
        nav.addSpacing(16)
        nav.addWidget(self.month_label, 1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(nav)
        left_layout.addWidget(self.month_view, 1)

        day_box = QGroupBox("Trong ngày")
        day_layout = QVBoxLayout(day_box)
        day_layout.addWidget(self.day_label)
        day_layout.addWidget(self.day_view)
        agenda_box = QGroupBox("Việc cần theo dõi")
        agenda_layout = QVBoxLayout(agenda_box)
        agenda_layout.addWidget(self.agenda)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(day_box)
        right.addWidget(agenda_box)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.prev_button.clicked.connect(self.previous_month)
        self.next_button.clicked.connect(self.next_month)
        self.today_button.clicked.connect(self.go_today)
        QShortcut(QKeySequence(Qt.Key.Key_PageUp), self, self.previous_month)
        QShortcut(QKeySequence(Qt.Key.Key_PageDown), self, self.next_month)
        QShortcut(QKeySequence(Qt.Key.Key_Home), self, self.go_today)
        self.month_view.selectionModel().selectionChanged.connect(self._on_day_selection_changed)

    def reload(self) -> None:
        """Read the agenda again, and the month now if it is on screen, else once shown."""
        self._month_stale = True
        self._months.clear()
        self.month_label.setText(self._month_title())
        if self.isVisible():
            self.show_month(self.year, self.month)
        agenda = self._ws.agenda(self.today)
        self.overdue_model.set_rows(agenda.overdue)
        self.week_model.set_rows(agenda.this_week)
        self.month_ahead_model.set_rows(agenda.next_30_days)
        self.agenda.setTabText(0, f"Quá hạn ({len(agenda.overdue)})")
        self.agenda.setTabText(1, f"Tuần này ({len(agenda.this_week)})")
        self.agenda.setTabText(2, f"30 ngày tới ({len(agenda.next_30_days)})")

    @override
    def showEvent(self, event: QShowEvent) -> None:
        # At start-up the calendar is a hidden tab: its month (and the public holidays, whose
        # package takes a good fraction of a second to load) is read when first shown.
        if self._month_stale:
            self.show_month(self.year, self.month)
        super().showEvent(event)

    def _month_title(self) -> str:
        return f"{MONTH_NAMES[self.month - 1]} năm {self.year}"

    def show_month(self, year: int, month: int) -> None:
        self._month_stale = False
        self.year, self.month = year, month
        self.month_model.set_month(year, month, self._month_items(year, month), self.today)
        self.month_label.setText(self._month_title())
        self._neighbours_timer.start()
        day = (
            self.selected_day
            if (self.selected_day.year, self.selected_day.month) == (year, month)
            else dt.date(year, month, 1)
        )
        self.select_day(day)

    def _month_items(self, year: int, month: int) -> list[CalendarItem]:
        """A month's items, read once until the data changes (see reload)."""
        key = (year, month)
        if key not in self._months:
            # A busy December has a thousand deadlines and a cell shows four: the lead
            # units (the costly part) are read only for the ones shown.
            items = self._ws.month_items(year, month, self.today, with_leads=False)
            named = {
                (i.kind, i.object_id): i
                for i in self._ws.with_leads(first_of_each_day(items, MAX_LINES))
            }
            self._months[key] = [named.get((i.kind, i.object_id), i) for i in items]
            while len(self._months) > MONTHS_KEPT:
                del self._months[next(iter(self._months))]
        return self._months[key]

    def _read_neighbour_months(self) -> None:
        if not self._ws.is_open:
            return
        for year, month in (self._step(-1), self._step(1)):
            self._month_items(year, month)

    def _step(self, months: int) -> tuple[int, int]:
        index = self.year * 12 + self.month - 1 + months
        return index // 12, index % 12 + 1

    def select_day(self, day: dt.date) -> None:
        self.selected_day = day
        index = self.month_model.index_of(day)
        if index.isValid():
            self.month_view.setCurrentIndex(index)
        self._show_day(day)

    def _show_day(self, day: dt.date) -> None:
        holiday = public_holidays(day.year).get(day)
        text = date_text(day) + (f" — {holiday}" if holiday else "")
        self.day_label.setText(text)
        self.day_model.set_rows(self.month_model.items_on(day))

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
