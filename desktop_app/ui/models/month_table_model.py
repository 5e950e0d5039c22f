"""The month view of the Lịch tab: six weeks of days, Monday first, with what falls on each."""

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from typing_extensions import override

from desktop_app.domain.calendar import (
    WEEKDAY_NAMES,
    CalendarItem,
    ItemKind,
    ItemState,
    by_day,
    month_grid,
)
from desktop_app.domain.holidays import public_holidays
from desktop_app.ui.models.base import ROW_ROLE, Index

DAY_ROLE = ROW_ROLE
MAX_LINES = 4


def short_label(item: CalendarItem) -> str:
    """What fits in a month cell: the event, or who is due."""
    if item.kind is ItemKind.EVENT or not item.who:
        return item.label
    return f"Hạn: {item.who}"


class MonthTableModel(QAbstractTableModel):
    """Cells are days; DisplayRole is the day number and a few item labels."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        today = dt.date.today()
        self.year, self.month = today.year, today.month
        self.today = today
        self._grid = month_grid(self.year, self.month)
        self._items: dict[dt.date, list[CalendarItem]] = {}
        self._holidays: dict[dt.date, str] = {}

    def set_month(
        self, year: int, month: int, items: list[CalendarItem], today: dt.date | None = None
    ) -> None:
        self.beginResetModel()
        self.year, self.month = year, month
        self.today = today or dt.date.today()
        self._grid = month_grid(year, month)
        self._items = by_day(items)
        years = {d.year for week in self._grid for d in week}
        self._holidays = {k: v for y in years for k, v in public_holidays(y).items()}
        self.endResetModel()

    def day_at(self, index: Index) -> dt.date:
        return self._grid[index.row()][index.column()]

    def items_on(self, day: dt.date) -> list[CalendarItem]:
        return list(self._items.get(day, []))

    def index_of(self, day: dt.date) -> QModelIndex:
        for r, week in enumerate(self._grid):
            if day in week:
                return self.index(r, week.index(day))
        return QModelIndex()

    @override
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 6

    @override
    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 7

    def _cell_text(self, day: dt.date) -> str:
        lines = [str(day.day)]
        holiday = self._holidays.get(day)
        if holiday:
            lines.append(holiday)
        items = self._items.get(day, [])
        for item in items[:MAX_LINES]:
            mark = "●" if item.kind is ItemKind.EVENT else "◆"
            label = short_label(item)
            lines.append(f"{mark} {label[:34] + '…' if len(label) > 35 else label}")
        if len(items) > MAX_LINES:
            lines.append(f"… và {len(items) - MAX_LINES} mục khác")
        return "\n".join(lines)

    @override
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        day = self.day_at(index)
        in_month = day.month == self.month
        items = self._items.get(day, [])
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cell_text(day)
        if role == DAY_ROLE:
            return day
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                "\n".join(
                    f"{short_label(i) + ': ' if i.who else ''}{i.label} ({i.plan_reference})"
                    for i in items
                )
                or None
            )
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        if role == Qt.ItemDataRole.BackgroundRole:
            if day == self.today:
                return QBrush(QColor("#fff4c2"))
            if day in self._holidays:
                return QBrush(QColor("#fde7e9"))
            if not in_month:
                return QBrush(QColor("#f1f1f1"))
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if not in_month:
                return QBrush(QColor("#9a9a9a"))
            if any(i.state is ItemState.OVERDUE for i in items) or day in self._holidays:
                return QBrush(QColor("#b00020"))
            if day.weekday() == 6:
                return QBrush(QColor("#b00020"))
            return None
        if role == Qt.ItemDataRole.FontRole and day == self.today:
            font = QFont()
            font.setBold(True)
            return font
        return None

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < 7:
            return WEEKDAY_NAMES[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < 6:
            return f"Tuần {section + 1}"
        return None

    @override
    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
