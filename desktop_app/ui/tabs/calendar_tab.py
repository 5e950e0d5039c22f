"""Lịch: the month view, the chosen day's items, and the agenda.

The month shows events, deadlines and holidays; the agenda has Quá hạn / Tuần này /
30 ngày tới.
"""

import datetime as dt

from PySide6.QtCore import QItemSelection, QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
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

from desktop_app.domain.calendar import MONTH_NAMES
from desktop_app.domain.holidays import public_holidays
from desktop_app.ui.models.calendar_items_table_model import CalendarItemsTableModel
from desktop_app.ui.models.formatting import date_text
from desktop_app.ui.models.month_table_model import MonthTableModel
from desktop_app.ui.widgets.tables import make_table
from desktop_app.workspace import Workspace


class CalendarTab(QWidget):
    def __init__(
        self, workspace: Workspace, parent: QWidget | None = None, today: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self._ws = workspace
        self.today = today or dt.date.today()
        self.year, self.month = self.today.year, self.today.month
        self.selected_day = self.today

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
        self.show_month(self.year, self.month)
        agenda = self._ws.agenda(self.today)
        self.overdue_model.set_rows(agenda.overdue)
        self.week_model.set_rows(agenda.this_week)
        self.month_ahead_model.set_rows(agenda.next_30_days)
        self.agenda.setTabText(0, f"Quá hạn ({len(agenda.overdue)})")
        self.agenda.setTabText(1, f"Tuần này ({len(agenda.this_week)})")
        self.agenda.setTabText(2, f"30 ngày tới ({len(agenda.next_30_days)})")

    def show_month(self, year: int, month: int) -> None:
        self.year, self.month = year, month
        items = self._ws.month_items(year, month, self.today)
        self.month_model.set_month(year, month, items, self.today)
        self.month_label.setText(f"{MONTH_NAMES[month - 1]} năm {year}")
        day = (
            self.selected_day
            if (self.selected_day.year, self.selected_day.month) == (year, month)
            else dt.date(year, month, 1)
        )
        self.select_day(day)

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
        year, month = (self.year - 1, 12) if self.month == 1 else (self.year, self.month - 1)
        self.show_month(year, month)

    def next_month(self) -> None:
        year, month = (self.year + 1, 1) if self.month == 12 else (self.year, self.month + 1)
        self.show_month(year, month)

    def go_today(self) -> None:
        self.selected_day = self.today
        self.show_month(self.today.year, self.today.month)

    def _on_day_selection_changed(self, selected: QItemSelection, _old: QItemSelection) -> None:
        indexes: list[QModelIndex] = selected.indexes()
        if indexes:
            day = self.month_model.day_at(indexes[0])
            self.selected_day = day
            self._show_day(day)
