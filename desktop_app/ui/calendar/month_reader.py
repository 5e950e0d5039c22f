"""The items and days off of the months the Lịch tab shows, read once until the data changes.

A few months are kept (the one shown, its neighbours, the last few seen), so that switching
back and forth only draws.
"""

import datetime as dt

from desktop_app.domain.calendar import CalendarFilter, CalendarItem, first_of_each_day, month_grid
from desktop_app.ui.calendar.month_table_model import MAX_LINES
from desktop_app.workspace import Workspace

MONTHS_KEPT = 5  # months of items kept: the one shown, its neighbours, the last few seen

DaysOff = tuple[dict[dt.date, str], set[dt.date]]


class MonthReader:
    def __init__(self, workspace: Workspace, today: dt.date) -> None:
        self._ws = workspace
        self.today = today
        self._months: dict[tuple[int, int], list[CalendarItem]] = {}
        self._days_off: dict[tuple[int, int], DaysOff] = {}

    def forget(self, *, days_off: bool = True) -> None:
        """The data changed (or only the filter, ``days_off=False``): read again when asked."""
        self._months.clear()
        if days_off:
            self._days_off.clear()

    def items(self, year: int, month: int, where: CalendarFilter) -> list[CalendarItem]:
        """A month's items, read once until the data changes (see reload)."""
        key = (year, month)
        if key not in self._months:
            # A busy December has a thousand deadlines and a cell shows four: the lead
            # units (the costly part) are read only for the ones shown.
            grid = month_grid(year, month)
            items = self._ws.calendar.filtered_items(
                grid[0][0], grid[-1][-1], self.today, where, with_leads=False
            )
            # A recurring task is due on several days of the grid: match on the day too.
            named = {
                (i.kind, i.object_id, i.day): i
                for i in self._ws.calendar.with_leads(first_of_each_day(items, MAX_LINES))
            }
            self._months[key] = [named.get((i.kind, i.object_id, i.day), i) for i in items]
            while len(self._months) > MONTHS_KEPT:
                del self._months[next(iter(self._months))]
        return self._months[key]

    def days_off(self, year: int, month: int) -> DaysOff:
        """The days off and make-up days of a month's grid, read once until the data changes."""
        key = (year, month)
        if key not in self._days_off:
            grid = month_grid(year, month)
            first, last = grid[0][0], grid[-1][-1]
            self._days_off[key] = (
                self._ws.calendar.days_off(first, last),
                self._ws.calendar.workdays(first, last),
            )
            while len(self._days_off) > MONTHS_KEPT:
                del self._days_off[next(iter(self._days_off))]
        return self._days_off[key]
