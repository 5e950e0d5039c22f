"""The month view of the Lịch tab: six weeks of days, Monday first, with what falls on each.

Each cell holds the solar day and its lunar date, the day off if any, and a few items, each
line coloured by its state (due, done, overdue) or by its plan.
"""

import datetime as dt
import zlib
from dataclasses import dataclass
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
from desktop_app.domain.lunar import LunarDate, lunar_or_none
from desktop_app.domain.registry import Registry
from desktop_app.ui.common.table_model import ROW_ROLE, Index, read_only_flags

DAY_ROLE = ROW_ROLE
CELL_ROLE = int(Qt.ItemDataRole.UserRole) + 10
MAX_LINES = 4

STATE_COLOURS = Registry(
    ItemState,
    {ItemState.DUE: "#1a4f9c", ItemState.DONE: "#2e7d32", ItemState.OVERDUE: "#b00020"},
    "calendar state colours",
)
EVENT_COLOUR = "#6a1b9a"
HOLIDAY_COLOUR = "#b00020"
# Distinct, print-safe colours for "colour by plan"; a plan keeps its colour across months.
PLAN_COLOURS = (
    "#1565c0",
    "#c62828",
    "#2e7d32",
    "#6a1b9a",
    "#ef6c00",
    "#00838f",
    "#ad1457",
    "#4e342e",
)


# The sign before an item in a day's cell: a dot for an event, a diamond for a deadline.
ITEM_MARKS = Registry(ItemKind, {ItemKind.EVENT: "●", ItemKind.DEADLINE: "◆"}, "item marks")


def plan_colour(plan_id: str) -> str:
    return PLAN_COLOURS[zlib.crc32(plan_id.encode()) % len(PLAN_COLOURS)]


def short_label(item: CalendarItem) -> str:
    """What fits in a month cell: the event, or who is due."""
    if item.kind is ItemKind.EVENT or not item.who:
        return item.label
    return f"Hạn: {item.who}"


@dataclass(frozen=True)
class CellLine:
    text: str
    colour: str | None = None
    bold: bool = False


@dataclass(frozen=True)
class DayCell:
    """What the delegate paints in one day's cell."""

    day: dt.date
    lunar: str
    in_month: bool
    is_today: bool
    day_off: str
    workday: bool
    lines: tuple[CellLine, ...]
    background: str | None = None


class MonthTableModel(QAbstractTableModel):
    """Cells are days; DisplayRole is the cell as text, CELL_ROLE the :class:`DayCell`."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        today = dt.date.today()
        self.year, self.month = today.year, today.month
        self.today = today
        self.colour_by_plan = False
        self._grid = month_grid(self.year, self.month)
        self._items: dict[dt.date, list[CalendarItem]] = {}
        self._days_off: dict[dt.date, str] = {}
        self._workdays: set[dt.date] = set()
        self._lunar: dict[dt.date, LunarDate | None] = {}
        self._cells: dict[dt.date, DayCell] = {}  # painted often, changed only by set_month

    def set_month(
        self,
        year: int,
        month: int,
        items: list[CalendarItem],
        today: dt.date | None = None,
        *,
        days_off: dict[dt.date, str] | None = None,
        workdays: set[dt.date] | None = None,
    ) -> None:
        self.beginResetModel()
        self.year, self.month = year, month
        self.today = today or dt.date.today()
        self._grid = month_grid(year, month)
        self._items = by_day(items)
        self._days_off = dict(days_off or {})
        self._workdays = set(workdays or ())
        self._lunar = {d: lunar_or_none(d) for week in self._grid for d in week}
        self._cells.clear()
        self.endResetModel()

    def set_colour_by_plan(self, by_plan: bool) -> None:
        self.colour_by_plan = by_plan
        self._cells.clear()
        self.dataChanged.emit(self.index(0, 0), self.index(5, 6))

    def day_at(self, index: Index) -> dt.date:
        return self._grid[index.row()][index.column()]

    def items_on(self, day: dt.date) -> list[CalendarItem]:
        return list(self._items.get(day, []))

    def day_off(self, day: dt.date) -> str:
        return self._days_off.get(day, "")

    def lunar(self, day: dt.date) -> LunarDate | None:
        return self._lunar[day] if day in self._lunar else lunar_or_none(day)

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

    def item_colour(self, item: CalendarItem) -> str:
        if self.colour_by_plan:
            return plan_colour(item.plan_id)
        if item.kind is ItemKind.EVENT and item.state is ItemState.DUE:
            return EVENT_COLOUR
        return STATE_COLOURS[item.state]

    def cell(self, day: dt.date) -> DayCell:
        cell = self._cells.get(day)
        if cell is None:
            cell = self._cells[day] = self._make_cell(day)
        return cell

    def _background(self, day: dt.date) -> str | None:
        if day == self.today:
            return "#fff4c2"
        if day in self._days_off:
            return "#fde7e9"
        if day.month != self.month:
            return "#f1f1f1"
        return None

    def _make_cell(self, day: dt.date) -> DayCell:
        lines: list[CellLine] = []
        off = self._days_off.get(day, "")
        if off:
            lines.append(CellLine(off, HOLIDAY_COLOUR, bold=True))
        elif day in self._workdays:
            lines.append(CellLine("Ngày làm bù", "#555555"))
        items = self._items.get(day, [])
        for item in items[:MAX_LINES]:
            mark = ITEM_MARKS[item.kind]
            label = short_label(item)
            label = label[:34] + "…" if len(label) > 35 else label
            lines.append(CellLine(f"{mark} {label}", self.item_colour(item)))
        if len(items) > MAX_LINES:
            lines.append(CellLine(f"… và {len(items) - MAX_LINES} mục khác", "#555555"))
        lunar = self.lunar(day)
        return DayCell(
            day=day,
            lunar=lunar.short() if lunar else "",
            in_month=day.month == self.month,
            is_today=day == self.today,
            day_off=off,
            workday=day in self._workdays,
            lines=tuple(lines),
            background=self._background(day),
        )

    def _cell_text(self, day: dt.date) -> str:
        cell = self.cell(day)
        return "\n".join([f"{day.day} ({cell.lunar})", *(line.text for line in cell.lines)])

    def _tooltip(self, day: dt.date) -> str:
        lunar = self.lunar(day)
        head = f"Âm lịch: {lunar.long()}" if lunar else ""
        if day in self._days_off:
            head += f"\n{self._days_off[day]}"
        return "\n".join(
            ([head.strip()] if head.strip() else [])
            + [
                f"{short_label(i) + ': ' if i.who else ''}{i.label} ({i.plan_reference})"
                for i in self._items.get(day, [])
            ]
        )

    def _foreground(self, day: dt.date) -> QBrush | None:
        if day.month != self.month:
            return QBrush(QColor("#9a9a9a"))
        items = self._items.get(day, [])
        if any(i.state is ItemState.OVERDUE for i in items) or day in self._days_off:
            return QBrush(QColor(HOLIDAY_COLOUR))
        if day.weekday() == 6 and day not in self._workdays:
            return QBrush(QColor(HOLIDAY_COLOUR))
        return None

    @override
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        day = self.day_at(index)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cell_text(day)
        if role == CELL_ROLE:
            return self.cell(day)
        if role == DAY_ROLE:
            return day
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(day)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        if role == Qt.ItemDataRole.BackgroundRole:
            background = self._background(day)
            return QBrush(QColor(background)) if background else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(day)
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
        return read_only_flags(index)
